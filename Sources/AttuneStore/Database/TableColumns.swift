import FluentKit

/// The columns a table has in the database as it stands (after every migration): for checking
/// that each defined field has its column (`SessionCheckDefinitionTests`).
public enum TableColumns {
    public static func names(of table: String, on database: any Database) async throws -> Set<String> {
        let sql = RawSQL.isSQLite(database)
            ? "SELECT name FROM pragma_table_info(?)"
            : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
        return Set(try await RawSQL.rows(sql, [.text(table)], on: database) { $0.text(0) ?? "" })
    }
}
