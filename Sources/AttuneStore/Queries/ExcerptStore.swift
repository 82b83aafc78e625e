import AttuneCore
import FluentKit
import Foundation

/// What people said about the programmes, coded to mechanisms (`Excerpt`): read with the
/// evidence, imported with it, and recorded one at a time from a programme's page. Excerpts
/// change no rating, so a write here re-derives nothing.
public enum ExcerptStore {
    static let table = "excerpts"
    static let columns = ["id", "code", "programme_id", "source", "speaker_role", "date", "text", "codes", "memo", "deidentified"]
    private static let column = ColumnPositions(columns)

    static func row(_ excerpt: Excerpt, id: UUID, programmeID: UUID) throws -> [SQLValue] {
        let codes = String(decoding: try EvidenceDocument.encoder.encode(excerpt.codes), as: UTF8.self)
        return EvidenceRows.row(columns) { name in
            switch name {
            case "id": .uuid(id)
            case "code": .text(excerpt.id)
            case "programme_id": .uuid(programmeID)
            case "source": .text(excerpt.source.rawValue)
            case "speaker_role": .text(excerpt.speakerRole.rawValue)
            case "date": .text(excerpt.date?.description)
            case "text": .text(excerpt.text)
            case "codes": .text(codes)
            case "memo": .text(excerpt.memo)
            case "deidentified": .bool(excerpt.deidentified)
            default: preconditionFailure("the excerpts table's column \(name) has no mapping")
            }
        }
    }

    static func excerpt(_ row: RawRow, programmeCode: RowCodes) throws -> Excerpt {
        let code = row.text(column["code"]) ?? "?"
        func record() -> String { "excerpt \(code)" }
        guard let text = row.text(column["codes"]),
              let codes = try? EvidenceDocument.decoder.decode([ExcerptCode].self, from: Data(text.utf8)) else {
            throw StoredDataError.invalidValue(record: record(), field: "codes", value: row.text(column["codes"]) ?? "")
        }
        return Excerpt(id: code, programmeId: programmeCode[row.text(column["programme_id"])] ?? "?",
                       source: try row.decode(ExcerptSource.self, column["source"], record(), "source"),
                       speakerRole: try row.decode(SpeakerRole.self, column["speaker_role"], record(), "speaker_role"),
                       date: try row.date(column["date"], record(), "date"), text: try row.required(column["text"], record(), "text"),
                       codes: codes, memo: row.text(column["memo"]), deidentified: row.bool(column["deidentified"]) == true)
    }

    /// Adds the document's excerpts within the caller's transaction.
    static func insert(_ excerpts: [Excerpt], programmeIDs: [String: UUID], on db: any Database) async throws {
        guard !excerpts.isEmpty else { return }
        try await RawSQL.insert(into: table, columns: columns, rows: try zip(excerpts, UUIDs.ascending(excerpts.count)).map { excerpt, id in
            try row(excerpt, id: id, programmeID: try EvidenceStore.rowID(programmeIDs, excerpt.programmeId, "programme",
                                                                          namedBy: "excerpt \(excerpt.id)", "programme_id"))
        }, on: db)
    }

    /// Codes of `codes` already stored (an import adds new excerpts only).
    static func stored(_ codes: [String], on db: any Database) async throws -> [String] {
        guard !codes.isEmpty else { return [] }
        return try await RawSQL.rows("SELECT \"code\" FROM \(RawSQL.quoted(table)) WHERE \"code\" IN (\(RawSQL.placeholders(codes.count)))",
                                     codes.map { .text($0) }, on: db) { $0.text(0) ?? "" }.sorted()
    }

    /// The excerpts of the programmes in `narrowing` (all when nil), in code order.
    static func read(programmes narrowing: EvidenceStore.Narrowing?, programmeCode: RowCodes, on database: any Database) async throws -> [Excerpt] {
        let sql = EvidenceStore.Narrowing.narrowed(EvidenceRows.select(columns, from: table), "programme_id", narrowing)
        return try await RawSQL.rows(sql, narrowing?.binds ?? [], on: database) { try excerpt($0, programmeCode: programmeCode) }
            .sorted { $0.id.localizedStandardCompare($1.id) == .orderedAscending }
    }

    /// Records a new excerpt of `programme` from a page: its code is the programme's next
    /// ("A1-X3"). Checked as an import checks one (`FormProblems` by field), in one transaction,
    /// logged as a create. Returns the code.
    @discardableResult
    public static func add(_ excerpt: Excerpt, by user: String, now: Date, on database: any Database) async throws -> String {
        try await database.writeTransaction { db in
            let programmes = try await RawSQL.rows("SELECT \"id\" FROM \"programmes\" WHERE \"code\" = ?", [.text(excerpt.programmeId)], on: db) { $0.text(0) ?? "" }
            guard let programmeID = programmes.first.flatMap(UUID.init(uuidString:)) else {
                throw FormProblems("excerpt", ["programme_id": "No programme has the code \(excerpt.programmeId)."])
            }
            let prefix = "\(excerpt.programmeId)-X"
            let taken = try await RawSQL.rows("SELECT \"code\" FROM \(RawSQL.quoted(table)) WHERE \"programme_id\" = ?", [.uuid(programmeID)], on: db) { $0.text(0) ?? "" }
            let next = (taken.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }.max() ?? 0) + 1
            var numbered = excerpt
            numbered.id = prefix + String(next)
            let stub = Programme(id: excerpt.programmeId, centreId: "", name: "", plannedSessions: 1)
            let problems = EvidenceValidator.problems(in: EvidenceDocument(programmes: [stub], excerpts: [numbered]), today: CalendarDate.today(at: now))
                .filter { $0.record.hasPrefix("excerpt") }
            guard problems.isEmpty else {
                throw FormProblems("excerpt", Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }))
            }
            try await RawSQL.insert(into: table, columns: columns, rows: [try row(numbered, id: UUID(), programmeID: programmeID)], on: db)
            try await ActivityLog.record(.create, kind: "excerpt", code: numbered.id, programme: excerpt.programmeId,
                                         summary: "Recorded excerpt \(numbered.id), coded to \(numbered.codes.map(\.mechanism.description).joined(separator: ", "))",
                                         by: user, at: now, on: db)
            return numbered.id
        }
    }
}
