/// A table's row ids (upper-case UUID text, as `RawRow.text` reads them on both engines) with
/// their codes, in the order read: how a read turns the row ids a record names (its programme,
/// its dyad, its session) into codes, and where each id was in that order.
struct RowCodes: Sendable {
    /// The ids and codes in the order read; a repeated id keeps its first code.
    let ids: [String], codes: [String]
    private let positions: [String: Int]

    init(ids: [String], codes: [String]) {
        precondition(ids.count == codes.count, "one code per id")
        var positions: [String: Int] = [:], kept: [String] = [], keptCodes: [String] = []
        positions.reserveCapacity(ids.count)
        for (id, code) in zip(ids, codes) where positions[id] == nil {
            positions[id] = kept.count
            kept.append(id)
            keptCodes.append(code)
        }
        (self.ids, self.codes, self.positions) = (kept, keptCodes, positions)
    }

    /// From rows with the id in column 0 and the code in `codeColumn`; rows without an id are left out.
    init(_ rows: [RawRow], codeColumn: Int = 1) {
        let identified = rows.compactMap { row in row.text(0).map { (id: $0, code: row.text(codeColumn) ?? "") } }
        self.init(ids: identified.map(\.id), codes: identified.map(\.code))
    }

    var count: Int { ids.count }

    /// Where `id` is in `ids`; nil when it is not there.
    func position(of id: String) -> Int? { positions[id] }

    /// The code of `id`; nil when there is no id or it is not there.
    subscript(id: String?) -> String? {
        id.flatMap { positions[$0] }.map { codes[$0] }
    }
}
