/// A table's row ids (`RowKey`) with their codes, in the order read, found by id: how a read
/// turns the row ids a record names (its programme, its dyad, its session) into codes.
///
/// Why not a `Dictionary`: a national read looks up about two million ids, and Swift's
/// dictionaries hash every key through a seeded SipHash, which was a tenth of a PostgreSQL
/// audit's CPU (BENCHMARKS.md, issue 8). Row ids are random already, so a multiplication
/// spreads them over a table of slots (open addressing, probing the next slot on a clash).
struct RowCodes: Sendable {
    /// The ids and codes in the order read; a repeated id keeps its first code.
    let ids: [RowKey], codes: [String]
    /// For each slot, 1 + the position in `ids` of the id that hashes there, or 0 for none.
    private let slots: [Int32]
    private let shift: UInt64

    init(ids: [RowKey], codes: [String]) {
        precondition(ids.count == codes.count && ids.count < Int(Int32.max), "one code per id")
        // At most half the slots taken, so that probes stay short.
        var bits: UInt64 = 4
        while 1 << bits < ids.count * 2 { bits += 1 }
        shift = 64 - bits
        var slots = [Int32](repeating: 0, count: 1 << bits)
        var kept: [RowKey] = [], keptCodes: [String] = []
        (kept.reserveCapacity(ids.count), keptCodes.reserveCapacity(ids.count))
        for (id, code) in zip(ids, codes) {
            var slot = Self.slot(of: id, shift: shift)
            var isRepeat = false
            while slots[slot] != 0 {
                if kept[Int(slots[slot]) - 1] == id { isRepeat = true; break }
                slot = (slot + 1) & (slots.count - 1)
            }
            guard !isRepeat else { continue }
            kept.append(id)
            keptCodes.append(code)
            slots[slot] = Int32(kept.count)
        }
        (self.ids, self.codes, self.slots) = (kept, keptCodes, slots)
    }

    /// From rows with the id in column 0 and the code in `codeColumn`; rows without an id are left out.
    init(_ rows: [RawRow], codeColumn: Int = 1) {
        var ids: [RowKey] = [], codes: [String] = []
        (ids.reserveCapacity(rows.count), codes.reserveCapacity(rows.count))
        for row in rows {
            guard let id = row.key(0) else { continue }
            ids.append(id)
            codes.append(row.text(codeColumn) ?? "")
        }
        self.init(ids: ids, codes: codes)
    }

    var count: Int { ids.count }

    /// Where `id` is in `ids`; nil when it is not there.
    func position(of id: RowKey) -> Int? {
        var slot = Self.slot(of: id, shift: shift)
        while slots[slot] != 0 {
            let position = Int(slots[slot]) - 1
            if ids[position] == id { return position }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// The code of `id`; nil when there is no id or it is not there.
    subscript(id: RowKey?) -> String? {
        id.flatMap(position(of:)).map { codes[$0] }
    }

    /// Fibonacci hashing: the top bits of the id's halves mixed by a multiplication.
    private static func slot(of id: RowKey, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((id.high ^ id.low) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
