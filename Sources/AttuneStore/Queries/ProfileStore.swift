import AttuneCore
import FluentKit
import Foundation
import Synchronization

/// Each programme's derived profile, stored (`programme_profiles`) and re-derived for the
/// programmes a write touches, in that write's transaction: a session log, a register, an
/// invitation or enrolment, a measure (her need moves her programmes' need counts), an import.
/// Pages, `attune audit` and `attune report` read what is stored instead of deriving every
/// profile from every raw row at each look. `recompute` re-derives them all (a rubric change); `differences`
/// re-derives them all and compares.
public enum ProfileStore {
    static let table = "programme_profiles"
    static let rubricTable = "profile_rubric"

    // MARK: The rubric in use

    /// The rubric the stored profiles are derived under; nil while none has been derived
    /// (`ensureCurrent`, `recompute`).
    public static func rubricInUse(on database: any Database) async throws -> Rubric? {
        let stored = try await RawSQL.rows("SELECT \"definition\" FROM \(RawSQL.quoted(rubricTable))", on: database) { $0.text(0) }
        guard let definition = stored.first ?? nil else { return nil }
        // Every write that re-derives asks: the last one read is kept, decoded, while it stays in use.
        if let last = lastRubricRead.withLock({ $0 }), last.definition == definition { return last.rubric }
        let rubric = try Rubric.read(Data(definition.utf8), source: "the rubric kept with the stored profiles")
        lastRubricRead.withLock { $0 = (definition, rubric) }
        return rubric
    }

    private static let lastRubricRead = Mutex<(definition: String, rubric: Rubric)?>(nil)

    /// Makes the stored profiles those of `rubric`: when none are stored yet, or they were
    /// derived under another rubric, every profile is derived again (`recompute`). `attune
    /// serve` calls it at start with its rubric. Returns whether it derived them.
    @discardableResult
    public static func ensureCurrent(rubric: Rubric, on database: any Database) async throws -> Bool {
        guard try await rubricInUse(on: database) != rubric else { return false }
        try await recompute(rubric: rubric, on: database)
        return true
    }

    // MARK: Writing

    /// Puts `rubric` in use and re-derives every programme's profile under it, in one
    /// transaction. Returns how many programmes were derived.
    /// - Parameter alongside: other connections on which attendance, the largest table, and each
    ///   mother's need are read while the rest is read (`EvidenceStore.read(alongside:)`). They
    ///   see what is committed, which is what the transaction sees: the transaction changes no
    ///   evidence, and no write of evidence can commit meanwhile (on SQLite the transaction holds
    ///   the write lock from its first write; on PostgreSQL it has locked every programme, and
    ///   every write of evidence locks its programmes before it commits).
    @discardableResult
    public static func recompute(rubric: Rubric, on database: any Database, alongside: ReadAlongside? = nil) async throws -> Int {
        try await database.writeTransaction { db in
            try await putInUse(rubric, on: db)
            return try await refreshAll(rubric: rubric, on: db, alongside: alongside)
        }
    }

    /// Connections a national derivation reads on beside the one it writes on.
    public struct ReadAlongside: Sendable {
        /// Attendance, the largest table.
        let attendance: any Database
        /// Each mother's need from the signals stored with her measures.
        let need: any Database

        public init(attendance: any Database, need: any Database) {
            self.attendance = attendance
            self.need = need
        }
    }

    private static func putInUse(_ rubric: Rubric, on db: any Database) async throws {
        try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(rubricTable))", on: db)
        try await RawSQL.insert(into: rubricTable, columns: ["id", "version", "definition"],
                                rows: [[.uuid(UUID()), .text(rubric.version),
                                        .text(String(decoding: rubric.fileData, as: UTF8.self))]], on: db)
    }

    /// Derives every profile inside the caller's transaction (a national load): under the
    /// rubric in use, or the standard one when none is yet.
    static func deriveAll(on db: any Database) async throws {
        let rubric: Rubric
        if let inUse = try await rubricInUse(on: db) { rubric = inUse } else {
            rubric = try Rubric.standard()
            try await putInUse(rubric, on: db)
        }
        try await refreshAll(rubric: rubric, on: db)
    }

    /// Re-derives every programme's profile under `rubric`, inside the caller's transaction
    /// (a national load, `recompute`). When no profile is kept under this rubric (a first load,
    /// another rubric) everything is written afresh, the table emptied whole. Otherwise those
    /// kept that still equal what the evidence derives stay as they are, with their missed
    /// opportunities, so a recompute that finds little changed (a repair, a server's start)
    /// writes only what changed.
    @discardableResult
    static func refreshAll(rubric: Rubric, on db: any Database, alongside: ReadAlongside? = nil) async throws -> Int {
        try await lock(programmes: nil, on: db)
        let anyKept = try await RawSQL.rows("SELECT 1 FROM \(RawSQL.quoted(table)) WHERE \"rubric_version\" = ? LIMIT 1",
                                            [.text(rubric.version)], on: db) { _ in true }.first ?? false
        guard anyKept else {
            // Emptied whole: SQLite then drops the table's pages instead of deleting row by row.
            try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(table))", on: db)
            let derived = try await derive(programmes: nil, rubric: rubric, on: db, alongside: alongside)
            try await insert(derived.profiles, missed: KeptMissed.byProgramme(await derived.missed.value),
                             programmeIDs: derived.programmeIDs, on: db)
            return derived.profiles.count
        }
        let derived = try await derive(programmes: nil, rubric: rubric, on: db, alongside: alongside)
        try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(table)) WHERE \"rubric_version\" <> ?", [.text(rubric.version)], on: db)
        let kept = try await stored(rubricVersion: rubric.version, on: db)
        let keptMissed = try await self.keptMissed(rubricVersion: rubric.version, on: db)
        let missed = KeptMissed.byProgramme(await derived.missed.value)
        let changed = Set(derived.profiles.filter { profile in
            kept[profile.programmeId] != profile || keptMissed[profile.programmeId, default: []] != missed[profile.programmeId, default: []]
        }.map(\.programmeId))
        try await deleteKept(programmeIDs: changed.compactMap { derived.programmeIDs[$0] }.sorted(), on: db)
        try await insert(derived.profiles.filter { changed.contains($0.programmeId) }, missed: missed, programmeIDs: derived.programmeIDs, on: db)
        return derived.profiles.count
    }

    /// Re-derives the profiles of the programmes `codes`, inside the caller's transaction; in a
    /// group of writes committed together, once for the group, just before its commit
    /// (`deferringRefresh`).
    static func refresh(programmes codes: Set<String>, on db: any Database) async throws {
        if let deferred = Self.deferred {
            deferred.codes.withLock { $0.formUnion(codes) }
            return
        }
        // No profile derived yet: nothing to keep up to date (`ensureCurrent` derives them all).
        guard !codes.isEmpty, let rubric = try await rubricInUse(on: db) else { return }
        // Too many to name in a statement (a large import): every profile again.
        guard codes.count <= RawSQL.largestBoundList else { try await refreshAll(rubric: rubric, on: db); return }
        try await lock(programmes: codes, on: db)
        let derived = try await derive(programmes: codes, rubric: rubric, on: db)
        try await deleteKept(programmeIDs: derived.programmeIDs.values.sorted(), on: db)
        try await insert(derived.profiles, missed: KeptMissed.byProgramme(await derived.missed.value), programmeIDs: derived.programmeIDs, on: db)
    }

    /// Runs one write of a group (`SQLiteWriteGate.grouped`) with its profiles' re-derivation
    /// put off: returns what `write` returned and the programmes it would have re-derived, which
    /// the group re-derives once for all its writes before it commits. Sound because a profile
    /// is derived from what the transaction holds at the time, whoever wrote it, and no write
    /// reads a profile back before its transaction ends.
    static func deferringRefresh<T: Sendable>(_ write: () async -> T) async -> (T, Set<String>) {
        let touched = Touched()
        let result = await $deferred.withValue(touched) { await write() }
        return (result, touched.codes.withLock { $0 })
    }

    /// Set while a write of a group runs: the programmes whose profiles it touched.
    @TaskLocal private static var deferred: Touched?

    private final class Touched: Sendable {
        let codes = Mutex(Set<String>())
    }

    /// Removes the kept profiles (with their missed opportunities) of the programmes with these row ids.
    private static func deleteKept(programmeIDs ids: [String], on db: any Database) async throws {
        for start in stride(from: 0, to: ids.count, by: RawSQL.largestBoundList) {
            let part = ids[start..<min(start + RawSQL.largestBoundList, ids.count)]
            try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(table)) WHERE \"programme_id\" IN (\(RawSQL.placeholders(part.count)))",
                                     part.map { .rowID($0) }, on: db)
        }
    }

    /// One missed opportunity as a profile's row keeps it (`missed`, a JSON list in the order
    /// `MissedOpportunity.list` gives them).
    struct KeptMissed: Codable, Equatable, Sendable {
        let dyad: String
        let what: String
        let need: String

        static func byProgramme(_ list: [MissedOpportunity]) -> [String: [KeptMissed]] {
            Dictionary(grouping: list, by: \.programmeId).mapValues { $0.map { KeptMissed(dyad: $0.dyadId, what: $0.what, need: $0.needSummary) } }
        }
    }

    /// Re-derives the profiles of every programme the dyads `codes` are invited to (their need
    /// has changed), inside the caller's transaction.
    static func refresh(programmesOfDyads codes: Set<String>, on db: any Database) async throws {
        guard !codes.isEmpty, try await rubricInUse(on: db) != nil else { return }
        guard codes.count <= RawSQL.largestBoundList else { try await deriveAll(on: db); return }
        let programmes = try await RawSQL.rows(
            "SELECT DISTINCT \"programmes\".\"code\" FROM \"invitations\" JOIN \"programmes\" ON \"programmes\".\"id\" = \"invitations\".\"programme_id\""
                + " JOIN \"dyads\" ON \"dyads\".\"id\" = \"invitations\".\"dyad_id\" WHERE \"dyads\".\"code\" IN (\(RawSQL.placeholders(codes.count)))",
            codes.sorted().map { .text($0) }, on: db) { $0.text(0) ?? "" }
        try await refresh(programmes: Set(programmes), on: db)
    }

    /// Re-derives the profiles of the programmes with these row ids, inside the caller's transaction.
    static func refresh(programmeRowIDs ids: [UUID], on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        let codes = try await RawSQL.rows("SELECT \"code\" FROM \"programmes\" WHERE \"id\" IN (\(RawSQL.placeholders(ids.count)))",
                                          ids.map { .uuid($0) }, on: db) { $0.text(0) ?? "" }
        try await refresh(programmes: Set(codes), on: db)
    }

    /// Re-derives the profiles of every programme an imported document touches: its own, those
    /// its sessions, invitations, registers and overrides name, and those of the mothers it
    /// measured. Inside the import's transaction.
    static func refresh(touchedBy document: EvidenceDocument, on db: any Database) async throws {
        // The first evidence stored: every profile (a database with evidence has its profiles).
        guard try await rubricInUse(on: db) != nil else { try await deriveAll(on: db); return }
        var programmes = Set(document.programmes.map(\.id) + document.sessions.map(\.programmeId)
                             + document.invitations.map(\.programmeId) + document.overrides.map(\.programmeId))
        let sessions = Set(document.attendance.map(\.sessionId)).subtracting(document.sessions.map(\.id))
        guard sessions.count <= RawSQL.largestBoundList else { try await deriveAll(on: db); return }
        if !sessions.isEmpty {
            programmes.formUnion(try await RawSQL.rows(
                "SELECT DISTINCT \"programmes\".\"code\" FROM \"sessions\" JOIN \"programmes\" ON \"programmes\".\"id\" = \"sessions\".\"programme_id\""
                    + " WHERE \"sessions\".\"code\" IN (\(RawSQL.placeholders(sessions.count)))",
                sessions.sorted().map { .text($0) }, on: db) { $0.text(0) ?? "" })
        }
        try await refresh(programmes: programmes, on: db)
        try await refresh(programmesOfDyads: Set(document.measurements.map(\.dyadId)), on: db)
    }

    /// On PostgreSQL, where writers do not take turns as on SQLite (`SQLiteWriteGate`): locks the
    /// programmes' rows until the caller's transaction ends, in code order, so that two writes
    /// touching one programme derive its profile one after the other, the second from evidence
    /// that includes the first (it reads after the first committed), and neither stores a
    /// profile over the other's. Without it, 32 people saving logs of four programmes at once
    /// got 150 errors in 10 s (two inserts of one programme's profile) and could store a profile
    /// that missed the other's session.
    static func lock(programmes codes: Set<String>?, on db: any Database) async throws {
        guard !RawSQL.isSQLite(db) else { return }
        if let codes, codes.isSubset(of: lockedByTransaction) { return }
        let scope = codes.map { " WHERE \"code\" IN (\(RawSQL.placeholders($0.count)))" } ?? ""
        try await RawSQL.execute("SELECT \"id\" FROM \"programmes\"" + scope + " ORDER BY \"code\" FOR UPDATE",
                                 (codes ?? []).sorted().map { .text($0) }, on: db)
    }

    /// The programmes whose rows the running transaction locked before its first savepoint (a
    /// group of saves locks its programme as it opens, `GroupCommit`): held until it ends, so
    /// `lock` does not ask for them again.
    @TaskLocal static var lockedByTransaction: Set<String> = []

    /// Profiles derived from the stored evidence, with their programmes' missed opportunities
    /// (worked out on another core while the profiles are) and the programmes' row ids.
    struct Derived {
        let profiles: [StoredProfile]
        let missed: Task<[MissedOpportunity], Never>
        let programmeIDs: [String: String]
    }

    /// Derives the profiles of `codes` (nil: every programme) from what is stored, under
    /// `rubric`, need from the signals stored with the measures.
    static func derive(programmes codes: Set<String>?, rubric: Rubric, on db: any Database,
                       alongside: ReadAlongside? = nil) async throws -> Derived {
        // Every mother's need, read on its own connection while the evidence is read.
        let everyNeed = codes == nil ? alongside.map { alongside in Task { try await MeasureStore.needs(on: alongside.need) } } : nil
        defer { everyNeed?.cancel() }
        let read = try await EvidenceStore.read(includingMeasures: false, includingDyads: false, includingRecordKeeping: false, includingOverrides: false,
                                                programmes: codes, on: db, alongside: alongside?.attendance)
        let document = read.document
        let needs: [String: NeedAssessment]
        if let everyNeed {
            needs = try await everyNeed.value
        } else {
            let dyads = codes == nil ? nil : Set(document.invitations.map(\.dyadId) + document.attendance.map(\.dyadId))
            needs = try await MeasureStore.needs(ofDyads: dyads, on: db)
        }
        let index = EvidenceIndex(document)
        let missed = Task { MissedOpportunity.list(reach: ReachAnalysis(index: index, need: needs.mapValues(\.level)), needs: needs) }
        let engine = AssessmentEngine(rubric: rubric)
        let profiles = await inParts(document.programmes) { part in
            part.map { StoredProfile(deriving: $0, in: index, engine: engine) { needs[$0]?.level } }
        }.flatMap { $0 }
        return Derived(profiles: profiles, missed: missed, programmeIDs: read.programmeIDs)
    }

    private static let columns = ["id", "programme_id", "rubric_version", "ratings", "total", "held_sessions", "planned_sessions",
                                  "enrolled", "enrolled_high_need", "attending", "attending_high_need", "missed_count", "missed",
                                  "explanations", "evidence"]

    /// Writes `profiles`, each with its programme's missed opportunities (by programme code).
    private static func insert(_ profiles: [StoredProfile], missed: [String: [KeptMissed]], programmeIDs: [String: String],
                               on db: any Database) async throws {
        let ids = UUIDs.ascending(profiles.count)
        let rows: [[SQLValue]] = try await inParts(Array(zip(profiles, ids))) { part in
            Result {
                let encoder = JSONEncoder()
                func json(_ value: some Encodable) throws -> SQLValue { .text(String(decoding: try encoder.encode(value), as: UTF8.self)) }
                return try part.map { profile, id in
                    guard let programmeID = programmeIDs[profile.programmeId] else {
                        throw StoredDataError.invalidValue(record: "programme \(profile.programmeId)", field: "id", value: "none")
                    }
                    let itsMissed = missed[profile.programmeId, default: []]
                    return [.uuid(id), .rowID(programmeID), .text(profile.rubricVersion), .text(profile.ratingLetters),
                            .int(profile.derivedTotal), .int(profile.heldSessions), .int(profile.plannedSessions),
                            .int(profile.need?.enrolled), .int(profile.need?.enrolledHighNeed), .int(profile.need?.attending),
                            .int(profile.need?.attendingHighNeed), .int(itsMissed.count), itsMissed.isEmpty ? .text(nil) : try json(itsMissed),
                            try json(profile.derivations.map(\.explanation)), .text(StoredEvidence.kept(profile.derivations.map(\.evidence)))]
                }
            }
        }.flatMap { try $0.get() }
        try await RawSQL.insert(into: table, columns: columns, rows: rows, on: db)
    }

    /// The columns a read of stored profiles selects after its own, from `programme_profiles`
    /// as "pp"; with `evidence`, the records too.
    private static func storedColumns(evidence: Bool) -> [String] {
        storedColumnNames.map { name in
            name == "evidence" && !evidence ? "CAST(NULL AS TEXT)" : "\"pp\".\(RawSQL.quoted(name))"
        }
    }

    private static let storedColumnNames = ["programme_id", "rubric_version", "ratings", "held_sessions", "planned_sessions", "enrolled",
                                            "enrolled_high_need", "attending", "attending_high_need", "explanations", "evidence"]
    private static let storedColumn = ColumnPositions(storedColumnNames)

    /// A stored profile from the columns `storedColumns` selects, from `first` on; nil when the
    /// programme has none (its columns NULL).
    /// `decodingEvidence: false` leaves each mechanism's records empty (the JSON audit copies
    /// them as kept, `Read.writtenEvidence`).
    private static func profile(_ row: RawRow, from first: Int, programme: String, decoder: JSONDecoder,
                                decodingEvidence: Bool = true) throws -> StoredProfile? {
        func column(_ name: String) -> Int { first + storedColumn[name] }
        guard row.text(column("programme_id")) != nil else { return nil }
        func failed(_ field: String) -> StoredDataError {
            StoredDataError.invalidValue(record: "stored profile of programme \(programme)", field: field, value: String((row.text(column("explanations")) ?? "").prefix(80)))
        }
        let letters = Array(row.text(column("ratings")) ?? "")
        guard let explanations = try? decoder.decode([String].self, from: Data((row.text(column("explanations")) ?? "").utf8)),
              explanations.count == letters.count, letters.count == MechanismCatalogue.all.count else { throw failed("explanations") }
        var evidence = [[String]](repeating: [], count: letters.count)
        if decodingEvidence, let kept = row.text(column("evidence")) {
            guard let decoded = StoredEvidence.lists(kept, decoder: decoder), decoded.count == letters.count else {
                throw failed("evidence")
            }
            evidence = decoded
        }
        let derivations = try MechanismCatalogue.all.indices.map { position in
            guard let rating = StoredProfile.rating(letter: letters[position]) else { throw failed("ratings") }
            return StoredProfile.Derivation(mechanism: MechanismCatalogue.all[position].id, rating: rating,
                                            explanation: explanations[position], evidence: evidence[position])
        }
        let need = row.int(column("enrolled")).map { enrolled in
            NeedCounts(enrolled: enrolled, enrolledHighNeed: row.int(column("enrolled_high_need")) ?? 0, attending: row.int(column("attending")) ?? 0,
                       attendingHighNeed: row.int(column("attending_high_need")) ?? 0)
        }
        return StoredProfile(programmeId: programme, rubricVersion: row.text(column("rubric_version")) ?? "", derivations: derivations,
                             heldSessions: row.int(column("held_sessions")) ?? 0, plannedSessions: row.int(column("planned_sessions")) ?? 0, need: need)
    }

    // MARK: Reading

    /// What a page or `attune audit` needs to show stored profiles: the programmes in scope
    /// (ordered by code) with their centres and observers' overrides, as a document holding
    /// only those, and each programme's stored profile by code.
    public struct Read: Sendable {
        public var document: EvidenceDocument
        public let stored: [String: StoredProfile]
        let rubric: Rubric
        /// With `evidenceAsWritten`, each programme's lists of records as kept, written out for
        /// the JSON audit to copy (`AuditReport.writtenEvidence`), by programme code.
        public var writtenEvidence: [String: [String]] = [:]

        /// The profiles with overrides applied, in the document's order (apply any
        /// pseudonymisation to `document` first).
        public var profiles: [ProgrammeProfile] {
            // Every programme read has its profile (`read` refuses one without).
            StoredProfile.profiles(of: document, stored: stored, rubric: rubric) ?? []
        }
    }

    /// The stored profiles of the programmes in scope (the centres', or the programmes named;
    /// nil for every programme), when they are `rubric`'s; nil when another rubric (or none) is
    /// in use, and the caller must derive them itself.
    /// `includingEvidence: false` leaves each mechanism's list of records empty (an audit's
    /// text and CSV, the programmes list): most of what is stored, and none of what they show.
    /// `evidenceAsWritten: true` (with `includingEvidence`) gives the records as kept, written
    /// out (`Read.writtenEvidence`), and leaves the profiles' own lists empty.
    public static func read(rubric: Rubric, centres: Set<String>? = nil, programmes: Set<String>? = nil, includingEvidence: Bool = true,
                            evidenceAsWritten: Bool = false, on database: any Database) async throws -> Read? {
        guard try await rubricInUse(on: database) == rubric else { return nil }
        guard let (scope, binds) = programmeNarrowing(centres: centres, programmes: programmes) else { return Read(document: EvidenceDocument(), stored: [:], rubric: rubric) }
        let selected = EvidenceRows.programmeColumns.map { "\"p\".\(RawSQL.quoted($0))" }
            + ["\"c\".\"code\"", "\"c\".\"name\"", "\"c\".\"deprivation_decile\""] + storedColumns(evidence: includingEvidence)
        let extra = EvidenceRows.programmeColumns.count
        let programmeSQL = "SELECT \(selected.joined(separator: ", ")) FROM \"programmes\" AS \"p\""
            + " JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
            + " LEFT JOIN \(RawSQL.quoted(table)) AS \"pp\" ON \"pp\".\"programme_id\" = \"p\".\"id\" AND \"pp\".\"rubric_version\" = ?"
            + scope + RawSQL.orderBy(["\"p\".\"code\""], on: database)
        let rows = try await RawSQL.rows(programmeSQL, [.text(rubric.version)] + binds, on: database) { $0 }
        let programmeCode = RowCodes(rows, codeColumn: EvidenceRows.programmeColumn["code"])
        let overrideSQL = "SELECT " + EvidenceRows.overrideColumns.map { "\"o\".\(RawSQL.quoted($0))" }.joined(separator: ", ")
            + " FROM \"mechanism_overrides\" AS \"o\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"o\".\"programme_id\"" + scope
        let overrides = try await RawSQL.rows(overrideSQL, binds, on: database) { $0 }
        var document = EvidenceDocument()
        var centres: [String: Centre] = [:]
        let asWritten = includingEvidence && evidenceAsWritten
        let evidenceColumn = extra + 3 + storedColumn["evidence"]
        let decoded = try await inParts(rows) { part in
            Result {
                let decoder = JSONDecoder()
                return try part.map { row -> (Programme, Centre, StoredProfile?, [String]?) in
                    var programme = try EvidenceRows.programme(row, centreCode: RowCodes(ids: [], codes: []))
                    let centre = Centre(id: try row.required(extra, "centre", "code"), name: try row.required(extra + 1, "centre", "name"),
                                        deprivationDecile: row.int(extra + 2))
                    programme.centreId = centre.id
                    let kept = try profile(row, from: extra + 3, programme: programme.id, decoder: decoder, decodingEvidence: !asWritten)
                    return (programme, centre, kept, asWritten ? row.text(evidenceColumn).map(StoredEvidence.writtenLists) : nil)
                }
            }
        }.flatMap { try $0.get() }
        var stored: [String: StoredProfile] = [:]
        var writtenEvidence: [String: [String]] = [:]
        for (programme, centre, profile, written) in decoded {
            if let written { writtenEvidence[programme.id] = written }
            guard let profile else {
                throw StoredDataError.invalidValue(record: "programme \(programme.id)", field: "profile",
                                                   value: "none under rubric \(rubric.version); run attune audit --recompute")
            }
            document.programmes.append(programme)
            if centres[centre.id] == nil { centres[centre.id] = centre }
            stored[programme.id] = profile
        }
        document.centres = centres.values.sorted { $0.id < $1.id }
        document.overrides = try overrides.map { try EvidenceRows.override($0, programmeCode: programmeCode) }
        // Any programme of the study's reconstructed records: every page showing them says so.
        let reconstructed = EvidenceRows.programmeColumns.firstIndex(of: "reconstructed")!
        document.reconstructed = rows.contains { $0.bool(reconstructed) == true }
        return Read(document: document, stored: stored, rubric: rubric, writtenEvidence: writtenEvidence)
    }

    /// `WHERE ...` narrowing programmes "p" to the centres' and to the programmes named (nil:
    /// no narrowing; "" when neither is given), with its values; nil when a set is empty, so
    /// that nothing matches.
    private static func programmeNarrowing(centres: Set<String>?, programmes: Set<String>?) -> (sql: String, binds: [SQLValue])? {
        var conditions: [String] = [], binds: [SQLValue] = []
        if let centres {
            if centres.isEmpty { return nil }
            conditions.append("\"p\".\"centre_id\" IN (SELECT \"id\" FROM \"centres\" WHERE \"code\" IN (\(RawSQL.placeholders(centres.count))))")
            binds += centres.sorted().map { .text($0) }
        }
        if let programmes {
            if programmes.isEmpty { return nil }
            conditions.append("\"p\".\"code\" IN (\(RawSQL.placeholders(programmes.count)))")
            binds += programmes.sorted().map { .text($0) }
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), binds)
    }

    /// Every programme in scope (the centres'; nil for all) as an overview lists it, from the
    /// stored ratings and counts with observers' overrides applied: no explanation is read.
    /// nil when the stored profiles are not `rubric`'s.
    public static func summaries(rubric: Rubric, centres: Set<String>? = nil, on database: any Database) async throws -> [ProgrammeSummary]? {
        guard try await rubricInUse(on: database) == rubric else { return nil }
        guard let (scope, binds) = programmeNarrowing(centres: centres, programmes: nil) else { return [] }
        let columns = ["p.code", "p.name", "p.reconstructed", "c.code", "c.name", "c.deprivation_decile", "pp.ratings", "pp.held_sessions",
                       "pp.planned_sessions", "pp.enrolled", "pp.enrolled_high_need", "pp.attending", "pp.attending_high_need"]
        let column = ColumnPositions(columns)
        let sql = "SELECT " + columns.map { $0.split(separator: ".").map { RawSQL.quoted(String($0)) }.joined(separator: ".") }.joined(separator: ", ")
            + " FROM \"programmes\" AS \"p\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
            + " JOIN \(RawSQL.quoted(table)) AS \"pp\" ON \"pp\".\"programme_id\" = \"p\".\"id\" AND \"pp\".\"rubric_version\" = ?"
            + scope + RawSQL.orderBy(["\"p\".\"code\""], on: database)
        // Observers' overrides first, applied to each programme's ratings as it is read.
        var overrides: [String: [MechanismID: Rating]] = [:]
        let overrideSQL = "SELECT \"p\".\"code\", \"o\".\"mechanism\", \"o\".\"rating\" FROM \"mechanism_overrides\" AS \"o\""
            + " JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"o\".\"programme_id\"" + scope
        for (programme, mechanism, rating) in try await RawSQL.rows(overrideSQL, binds, on: database, { ($0.text(0), $0.text(1), $0.text(2)) }) {
            guard let programme, let mechanism = mechanism.flatMap(MechanismID.init), let rating = rating.flatMap({ Rating(rawValue: $0) }) else { continue }
            overrides[programme, default: [:]][mechanism] = rating
        }
        let mechanisms = MechanismCatalogue.all.map(\.id), overridden = overrides
        return try await RawSQL.rows(sql, [.text(rubric.version)] + binds, on: database) { row in
            let code = try row.required(column["p.code"], "programme", "code")
            let letters = Array(row.text(column["pp.ratings"]) ?? "")
            guard letters.count == mechanisms.count else {
                throw StoredDataError.invalidValue(record: "stored profile of programme \(code)", field: "ratings", value: String(letters))
            }
            var ratings = CatalogueRatings(inCatalogueOrder: letters.map { StoredProfile.rating(letter: $0) ?? .notAssessed })
            for (mechanism, override) in overridden[code] ?? [:] { ratings[mechanism] = override }
            let need = row.int(column["pp.enrolled"]).map { enrolled in
                NeedCounts(enrolled: enrolled, enrolledHighNeed: row.int(column["pp.enrolled_high_need"]) ?? 0,
                           attending: row.int(column["pp.attending"]) ?? 0, attendingHighNeed: row.int(column["pp.attending_high_need"]) ?? 0)
            }
            return ProgrammeSummary(programmeId: code, name: row.text(column["p.name"]) ?? code,
                                    centreId: row.text(column["c.code"]) ?? "?", centreName: row.text(column["c.name"]) ?? "?",
                                    deprivationDecile: row.int(column["c.deprivation_decile"]),
                                    ratings: ratings, heldSessions: row.int(column["pp.held_sessions"]) ?? 0,
                                    plannedSessions: row.int(column["pp.planned_sessions"]) ?? 0, need: need,
                                    reconstructed: row.bool(column["p.reconstructed"]) ?? false)
        }
    }

    /// The stored profiles of `programmes` (nil: all), by programme code, when they are
    /// `rubric`'s; nil when another rubric (or none) is in use. For a reader that has the
    /// programmes, centres and overrides already (a programme's page, the evaluation, the report):
    /// `StoredProfile.profile(programme:centre:overrides:)` makes each a profile.
    public static func storedProfiles(rubric: Rubric, programmes: Set<String>? = nil, includingEvidence: Bool = true,
                                      on database: any Database) async throws -> [String: StoredProfile]? {
        guard try await rubricInUse(on: database) == rubric else { return nil }
        return try await stored(rubricVersion: rubric.version, programmes: programmes, includingEvidence: includingEvidence, on: database)
    }

    /// The stored profiles under `rubricVersion` of `programmes` (nil: all), by programme code.
    static func stored(rubricVersion: String, programmes: Set<String>? = nil, includingEvidence: Bool = true,
                       on database: any Database) async throws -> [String: StoredProfile] {
        guard let (scope, binds) = programmeNarrowing(centres: nil, programmes: programmes) else { return [:] }
        let sql = "SELECT \"p\".\"code\", " + storedColumns(evidence: includingEvidence).joined(separator: ", ")
            + " FROM \(RawSQL.quoted(table)) AS \"pp\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"pp\".\"programme_id\""
            + " AND \"pp\".\"rubric_version\" = ?" + scope
        let rows = try await RawSQL.rows(sql, [.text(rubricVersion)] + binds, on: database) { $0 }
        let decoded = await inParts(rows) { part in
            Result {
                let decoder = JSONDecoder()
                return try part.compactMap { row -> (String, StoredProfile)? in
                    let code = row.text(0) ?? ""
                    return try profile(row, from: 1, programme: code, decoder: decoder).map { (code, $0) }
                }
            }
        }
        return Dictionary(try decoded.flatMap { try $0.get() }, uniquingKeysWith: { first, _ in first })
    }

    /// Every programme whose stored profile differs from one derived afresh under the rubric in
    /// use (or is missing, or is stored for a programme no longer there), each with what differs.
    public static func differences(on database: any Database, alongside: ReadAlongside? = nil) async throws -> [String] {
        guard let rubric = try await rubricInUse(on: database) else { return ["no profile has been derived yet: run attune audit --recompute"] }
        let derived = try await derive(programmes: nil, rubric: rubric, on: database, alongside: alongside)
        let stored = try await self.stored(rubricVersion: rubric.version, on: database)
        var differences: [String] = []
        for profile in derived.profiles {
            guard let kept = stored[profile.programmeId] else {
                differences.append("\(profile.programmeId): no stored profile under rubric \(rubric.version)")
                continue
            }
            guard kept != profile else { continue }
            let mechanisms = zip(kept.derivations, profile.derivations).filter { $0 != $1 }.map { "\($1.mechanism)" }
            var what = mechanisms.isEmpty ? [] : ["ratings or explanations of " + mechanisms.joined(separator: ", ")]
            if kept.heldSessions != profile.heldSessions || kept.plannedSessions != profile.plannedSessions { what.append("session counts") }
            if kept.need != profile.need { what.append("need counts") }
            differences.append("\(profile.programmeId): stored \(what.isEmpty ? "profile" : what.joined(separator: ", ")) differs from the evidence")
        }
        let programmes = Set(derived.profiles.map(\.programmeId))
        for code in stored.keys.sorted() where !programmes.contains(code) {
            differences.append("\(code): stored profile of a programme that is not there")
        }
        // The missed opportunities, programme by programme.
        let derivedMissed = KeptMissed.byProgramme(await derived.missed.value)
        let storedMissed = try await keptMissed(rubricVersion: rubric.version, on: database)
        for code in Set(derivedMissed.keys).union(storedMissed.keys).sorted() where derivedMissed[code] != storedMissed[code] {
            differences.append("\(code): stored missed opportunities differ from the evidence")
        }
        return differences
    }

    // MARK: Missed opportunities

    /// The missed opportunities of the programmes of `centres` (nil: every centre), in programme
    /// order, the first `limit` of them (nil: all), and how many there are in all. Read from
    /// what each write stored with the profiles; whether she has been followed up is asked as
    /// it is read.
    public static func missedOpportunities(centres: Set<String>?, limit: Int?,
                                           on database: any Database) async throws -> (shown: [MissedOpportunitySummary], total: Int) {
        guard let scope = ScopeStore.programmesOf(centres) else { return ([], 0) }
        // Programmes first, in code order (SQLite takes a CROSS JOIN's tables in the order
        // written): each has at least one, so the first `limit` programmes that have any hold
        // the first `limit` missed opportunities, found through the programmes' code index.
        let from = " FROM \"programmes\" AS \"p\" CROSS JOIN \(RawSQL.quoted(table)) AS \"pp\""
            + " WHERE \"pp\".\"programme_id\" = \"p\".\"id\" AND \"pp\".\"missed_count\" > 0" + (scope.condition.map { " AND " + $0 } ?? "")
        let kept = try await RawSQL.rows("SELECT \"p\".\"code\", \"pp\".\"missed\"" + from + RawSQL.orderBy(["\"p\".\"code\""], on: database)
                                         + (limit.map { " LIMIT \($0)" } ?? ""), scope.binds, on: database) { row in
            (programme: try row.required(0, "programme", "code"), missed: try keptMissed(row.text(1), programme: row.text(0) ?? ""))
        }
        var entries = kept.flatMap { programme, missed in missed.map { (programme: programme, missed: $0) } }
        if let limit { entries = Array(entries.prefix(limit)) }
        let followedUp = try await self.followedUp(dyads: Set(entries.map(\.missed.dyad)), on: database)
        let shown = entries.map { programme, missed in
            MissedOpportunitySummary(dyadId: missed.dyad, programmeId: programme, what: missed.what, needSummary: missed.need,
                                     followedUp: followedUp.contains("\(missed.dyad)#\(programme)"))
        }
        guard let limit, shown.count >= limit else { return (shown, shown.count) }
        // The whole country's count needs no join. (PostgreSQL sums integers as numeric: cast back.)
        let count = centres == nil ? "SELECT CAST(sum(\"missed_count\") AS BIGINT) FROM \(RawSQL.quoted(table))"
            : "SELECT CAST(sum(\"pp\".\"missed_count\") AS BIGINT)" + from
        let total = try await RawSQL.rows(count, scope.binds, on: database) { $0.int(0) ?? 0 }.first ?? 0
        return (shown, total)
    }

    /// One programme's missed opportunities, as kept with its profile under `rubric`, in their
    /// order, each saying whether she has been followed up; empty when none are kept.
    public static func missedOpportunities(ofProgramme code: String, rubric: Rubric,
                                           on database: any Database) async throws -> [MissedOpportunitySummary] {
        let sql = "SELECT \"pp\".\"missed\" FROM \(RawSQL.quoted(table)) AS \"pp\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"pp\".\"programme_id\""
            + " WHERE \"p\".\"code\" = ? AND \"pp\".\"rubric_version\" = ?"
        let kept = try await RawSQL.rows(sql, [.text(code), .text(rubric.version)], on: database) { try keptMissed($0.text(0), programme: code) }
        guard let missed = kept.first, !missed.isEmpty else { return [] }
        let followedUp = try await self.followedUp(dyads: Set(missed.map(\.dyad)), on: database)
        return missed.map {
            MissedOpportunitySummary(dyadId: $0.dyad, programmeId: code, what: $0.what, needSummary: $0.need,
                                     followedUp: followedUp.contains("\($0.dyad)#\(code)"))
        }
    }

    /// "dyad#programme" for every follow-up recorded for these dyads (`ReachStore.followUps`).
    private static func followedUp(dyads codes: Set<String>, on database: any Database) async throws -> Set<String> {
        Set(try await ReachStore.followUps(ofDyads: codes, on: database).map { "\($0.dyadId)#\($0.programmeId)" })
    }

    /// Each programme's missed opportunities as kept with its profile under `rubricVersion`, by
    /// programme code (programmes with none left out).
    static func keptMissed(rubricVersion: String, on database: any Database) async throws -> [String: [KeptMissed]] {
        let sql = "SELECT \"p\".\"code\", \"pp\".\"missed\" FROM \(RawSQL.quoted(table)) AS \"pp\""
            + " JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"pp\".\"programme_id\""
            + " WHERE \"pp\".\"rubric_version\" = ? AND \"pp\".\"missed_count\" > 0"
        let rows = try await RawSQL.rows(sql, [.text(rubricVersion)], on: database) { row in
            (row.text(0) ?? "", try keptMissed(row.text(1), programme: row.text(0) ?? ""))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    private static func keptMissed(_ json: String?, programme: String) throws -> [KeptMissed] {
        guard let json else { return [] }
        do { return try JSONDecoder().decode([KeptMissed].self, from: Data(json.utf8)) } catch {
            throw StoredDataError.invalidValue(record: "stored profile of programme \(programme)", field: "missed", value: String(json.prefix(80)))
        }
    }
}

extension StoredProfile {
    /// M1-M15 as derived, one letter each: Y, V, N, or - for not assessed.
    var ratingLetters: String {
        String(derivations.map { StoredProfile.letter(of: $0.rating) })
    }

    /// The paper's total as derived (before any override): yes over M1-M14.
    var derivedTotal: Int {
        derivations.filter { $0.rating == .yes && MechanismCatalogue.mechanism($0.mechanism)?.scale.countsTowardsPaperTotal == true }.count
    }
}
