import AttuneCore
import FluentKit
import Foundation

/// Stores and reads evidence documents. The only place that maps between Fluent models and
/// AttuneCore's evidence values.
public enum EvidenceStore {
    /// Stores a whole document in one transaction: every record or none. A document whose
    /// records fail validation, or whose ids are already in the database, stores nothing.
    /// Measures in it raise their safeguarding alerts, attributed to `user` at `now`.
    public static func save(_ document: EvidenceDocument, now: Date = Date(), by user: String = "import",
                            on database: any Database) async throws {
        let problems = EvidenceValidator.problems(in: document, today: CalendarDate.today(at: now))
        guard problems.isEmpty else { throw EvidenceError.invalid(problems) }
        try await database.writeTransaction { db in
            try await add(document, now: now, by: user, on: db)
            try await ActivityLog.record(.create, summary: "Imported \(rowCount(of: document)) records (\(document.programmes.count) programmes, "
                                             + "\(document.dyads.count) mothers and babies, \(document.measurements.count) measures)", at: now, on: db)
        }
    }

    /// Adds a checked document's records within the caller's transaction (`db`), refusing ids
    /// already stored, and derives the profiles it touches: what `save` does, for a write that
    /// decides part of the document in its transaction (a new programme's code).
    static func add(_ document: EvidenceDocument, now: Date, by user: String, on db: any Database) async throws {
        try await refuseExisting(document, on: db)
        try await insert(document, now: now, by: user, progress: nil, on: db)
        try await ProfileStore.refresh(touchedBy: document, on: db)
    }

    /// Stores a large document (a national synthetic dataset) into a database holding no
    /// evidence yet, in one transaction, calling `progress` with the rows written so far.
    /// Refuses a database that already holds centres or programmes.
    /// The document is checked on another core while its rows are written: a problem found
    /// then undoes the transaction, so an invalid document still stores nothing, and the
    /// writing never waits for a check that takes a tenth of a national load's time.
    public static func saveIntoEmptyDatabase(_ document: EvidenceDocument, now: Date = Date(), by user: String = "generate",
                                             progress: (@Sendable (Int) -> Void)? = nil, on database: any Database) async throws {
        let check = Task.detached { EvidenceValidator.problems(in: document, today: CalendarDate.today(at: now)) }
        @Sendable func refuseIfInvalid() async throws {
            let problems = await check.value
            guard problems.isEmpty else { throw EvidenceError.invalid(problems) }
        }
        try await database.writeTransaction { db in
            let centres = try await CentreModel.query(on: db).count(), programmes = try await ProgrammeModel.query(on: db).count()
            guard centres == 0 && programmes == 0 else { throw EvidenceError.invalid([EvidenceProblem(
                record: "database", field: "centres",
                message: "already holds \(centres) centres and \(programmes) programmes; generate into a new database")]) }
            // Rows keyed by random UUIDs land all over SQLite's indexes: with its default 2 MB
            // page cache, a national load spent much of its time writing pages out and reading
            // them back. A large cache for the load, then the default again.
            let sqlite = RawSQL.isSQLite(db)
            if sqlite { try await RawSQL.execute("PRAGMA cache_size = -\(Self.bulkLoadCacheKiB)", on: db) }
            do {
                try await insert(document, now: now, by: user, progress: progress, on: db)
            } catch {
                // An invalid document can fail to write (a record naming one that is not there):
                // the check's problems say more than the first failure does.
                try await refuseIfInvalid()
                throw error
            }
            try await refuseIfInvalid()
            try await ProfileStore.deriveAll(on: db)
            if sqlite { try await RawSQL.execute("PRAGMA cache_size = -2000", on: db) }
        }
    }

    /// Readies a database for reading after a national load (`saveIntoEmptyDatabase`). On
    /// PostgreSQL, autovacuum vacuums and analyses new rows in the seconds after they are
    /// committed: after two million rows, that is several seconds of work beside the first
    /// reads (in the benchmark, the audits). Done here, at once, the database is ready when
    /// `attune generate` returns. SQLite has no such work to do.
    public static func settleAfterLoad(on database: any Database) async throws {
        guard !RawSQL.isSQLite(database) else { return }
        try await RawSQL.execute("VACUUM (ANALYZE)", on: database)
    }

    /// SQLite's page cache while `saveIntoEmptyDatabase` loads (256 MiB).
    static let bulkLoadCacheKiB = 262_144

    /// How many rows `saveIntoEmptyDatabase` writes for a document (for a progress bar).
    public static func rowCount(of document: EvidenceDocument) -> Int {
        document.centres.count + document.facilitators.count + document.programmes.count + document.sessions.count
            + document.sessions.reduce(0) { $0 + $1.facilitatorsPresent.count } + document.dyads.count + document.invitations.count
            + document.attendance.count + document.overrides.count + document.measurements.count + document.secondObservations.count + document.excerpts.count
    }

    /// Everything in the database as one document, each kind of record in id order (attendance
    /// by dyad, then session; measures by date, then id). Pages that show no measures leave them
    /// out (`includingMeasures: false`). `centres` (a user's scope) and `programmes` narrow every
    /// query to those programmes, their sessions, invitations, dyads, attendance and measures;
    /// nil reads everything.
    /// `alongside`, a second connection (`StoreSession.withConnections`), reads attendance,
    /// the largest table, at the same time as the rest: at national scale on two cores.
    /// `includingDyads: false` leaves out the dyads' details (the mechanism profiles need none);
    /// the records that name dyads still name them by code.
    /// `includingDelivery: false` leaves out who delivered the sessions (facilitators, who was
    /// present, leads, who invited), observers' overrides, second observations and excerpts:
    /// what the mechanism profiles need and reach does not. Such a document must not be audited.
    /// `includingRecordKeeping: false` leaves out what only the people running or reviewing a
    /// programme read and no mechanism rule does: sessions' dates and notes, invitations' dates
    /// and how they closed, reasons for absence (all nil), second observations and excerpts
    /// (none). Such a document is for an audit only: it must not be shown, checked or stored.
    public static func load(includingMeasures: Bool = true, includingDyads: Bool = true, includingDelivery: Bool = true,
                            includingRecordKeeping: Bool = true,
                            centres scope: Set<String>? = nil, programmes only: Set<String>? = nil, on database: any Database,
                            alongside: (any Database)? = nil) async throws -> EvidenceDocument {
        try await read(includingMeasures: includingMeasures, includingDyads: includingDyads, includingDelivery: includingDelivery,
                       includingRecordKeeping: includingRecordKeeping,
                       centres: scope, programmes: only, keepingRowIDs: false, on: database, alongside: alongside).document
    }

    /// A document read from the database with the row ids of its records (upper-case UUID text,
    /// keyed by code), for callers that go on to write rows referring to them.
    struct Read {
        var document: EvidenceDocument
        var programmeIDs: [String: String] = [:]
        var sessionIDs: [String: String] = [:]
        var dyadIDs: [String: String] = [:]
    }

    /// The tables are read as raw rows (`RawSQL`): at national scale Fluent's model decoding took
    /// most of the time. A narrowed read's cost follows the size of the scope, not of the
    /// country: each table is narrowed by the row ids already read (the programmes' for their
    /// sessions, the sessions' for their registers, the invitations' for their dyads), bound
    /// as a list. That keeps a page's queries short to parse and quick to run; a scope too
    /// large to bind (or read alongside on a second connection) narrows by subqueries instead.
    /// `keepingRowIDs: false` leaves the row id maps empty (a national read would build three
    /// dictionaries for nothing).
    /// `includingOverrides: false` leaves out observers' overrides: a profile is derived without
    /// them (`StoredProfile` keeps the derived ratings; overrides are applied as profiles are read).
    static func read(includingMeasures: Bool = true, includingDyads: Bool = true, includingDelivery: Bool = true,
                     includingRecordKeeping: Bool = true, includingOverrides: Bool = true, centres scope: Set<String>? = nil,
                     programmes only: Set<String>? = nil, keepingRowIDs: Bool = true, on database: any Database,
                     alongside: (any Database)? = nil) async throws -> Read {
        typealias Rows = EvidenceRows
        // The programmes in scope, by their centres' and their own codes; nil reads everything.
        var conditions: [String] = [], binds: [SQLValue] = []
        if let scope {
            conditions.append("\"centre_id\" IN (SELECT \"id\" FROM \"centres\" WHERE \"code\" IN (\(RawSQL.placeholders(scope.count))))")
            binds += scope.sorted().map { .text($0) }
        }
        if let only {
            conditions.append("\"code\" IN (\(RawSQL.placeholders(only.count)))")
            binds += only.sorted().map { .text($0) }
        }
        let programmeConditions = conditions.joined(separator: " AND ")
        let programmesBySubquery = conditions.isEmpty ? nil
            : Narrowing(sql: "SELECT \"id\" FROM \"programmes\" WHERE " + programmeConditions, binds: binds)
        // With a second connection, attendance (the largest table) is read there meanwhile: first
        // the row ids and codes of the dyads it names, then its rows. The sessions' ids and codes
        // come from the sessions read here (`sessionCodes`), which is done by then. The
        // invitations need the dyads' codes too, and are made while attendance is still being read.
        let (sessionCodesRead, sessionCodes) = AsyncStream<RowCodes>.makeStream()
        defer { sessionCodes.finish() }
        let alongsideReads = alongside.map { second in
            let sessions = programmesBySubquery.map(Narrowing.sessions(of:))
            let keys = Task {
                let dyads = try await keyed(DyadModel.schema, programmesBySubquery.map(Narrowing.dyads(invitedTo:)), on: second)
                var waiting = sessionCodesRead.makeAsyncIterator()
                guard let sessions = await waiting.next() else { throw CancellationError() }
                return AttendanceKeys(dyads: dyads, sessions: sessions)
            }
            return (keys: keys, attendance: Task {
                try await attendance(sessions: sessions, keys: try await keys.value, includingRecordKeeping: includingRecordKeeping, on: second)
            })
        }
        defer {
            alongsideReads?.keys.cancel()
            alongsideReads?.attendance.cancel()
        }

        // The user's centres (with or without programmes), or the centres of the programmes asked for.
        var centreSQL = Rows.select(Rows.centreColumns, from: CentreModel.schema)
        var centreBinds: [SQLValue] = []
        if let scope {
            centreSQL += " WHERE \"code\" IN (\(RawSQL.placeholders(scope.count)))"
            centreBinds = scope.sorted().map { .text($0) }
        } else if let programmesBySubquery {
            centreSQL += " WHERE \"id\" IN (SELECT \"centre_id\" FROM \"programmes\" WHERE \(programmeConditions))"
            centreBinds = programmesBySubquery.binds
        }
        func rows(_ sql: String, _ column: String, _ narrowing: Narrowing?, orderedBy order: String? = nil) async throws -> [RawRow] {
            let sql = Narrowing.narrowed(sql, column, narrowing) + (order.map { RawSQL.orderBy([RawSQL.quoted($0)], on: database) } ?? "")
            return try await RawSQL.rows(sql, narrowing?.binds ?? [], on: database) { $0 }
        }
        let centreRows = try await RawSQL.rows(centreSQL + RawSQL.orderBy(["\"code\""], on: database), centreBinds, on: database) { $0 }
        let programmeRows = try await rows(Rows.select(Rows.programmeColumns, from: ProgrammeModel.schema),
                                           "id", programmesBySubquery,
                                           orderedBy: "code")
        let programmesInScope = programmesBySubquery.map { Narrowing(ids: programmeRows.map { $0.text(0) }, else: $0) }
        // What an audit leaves out (`includingRecordKeeping`), table by table.
        func leftOut(_ recordKeeping: Set<String>) -> Set<String> { includingRecordKeeping ? [] : recordKeeping }
        let sessionRows = try await rows(Rows.select(Rows.sessionColumns, from: SessionModel.schema, leavingOut: leftOut(Rows.sessionRecordKeeping)),
                                         "programme_id", programmesInScope,
                                         orderedBy: "code")
        let sessionsInScope = programmesInScope.map { Narrowing(ids: sessionRows.map { $0.text(0) }, else: .sessions(of: $0)) }
        let sessionCode = RowCodes(sessionRows)
        sessionCodes.yield(sessionCode)
        let presentRows = includingDelivery
            ? try await rows("SELECT \"session_id\", \"facilitator_id\", \"position\" FROM \"session_facilitators\"", "session_id", sessionsInScope) : []
        let invitationRows = try await rows(Rows.select(Rows.invitationReadColumns, from: InvitationModel.schema,
                                                        leavingOut: leftOut(Rows.invitationRecordKeeping)), "programme_id",
                                            programmesInScope, orderedBy: "code")
        let invitedDyad = Rows.invitationColumn["dyad_id"]
        let dyadsInScope = programmesInScope.map { Narrowing(ids: Set(invitationRows.map { $0.text(invitedDyad) }).sorted { ($0 ?? "") < ($1 ?? "") },
                                                             else: .dyads(invitedTo: $0)) }
        let dyadRows = includingDyads
            ? try await rows(Rows.select(Rows.dyadColumns, from: DyadModel.schema), "id", dyadsInScope, orderedBy: "code") : []
        let overrideRows = includingDelivery && includingOverrides
            ? try await rows(Rows.select(Rows.overrideColumns, from: MechanismOverrideModel.schema),
                               "programme_id", programmesInScope) : []
        // A narrowed read takes only the facilitators its sessions and invitations name: a page
        // of one centre should not read every facilitator in the country.
        let facilitatorSQL = Rows.select(Rows.facilitatorColumns, from: FacilitatorModel.schema)
        let facilitatorRows: [RawRow]
        if !includingDelivery {
            facilitatorRows = []
        } else if programmesInScope != nil {
            let (lead, invitedBy) = (Rows.sessionColumn["lead_facilitator_id"], Rows.invitationColumn["invited_by_facilitator_id"])
            let named = Set(presentRows.compactMap { $0.text(1) } + sessionRows.compactMap { $0.text(lead) } + invitationRows.compactMap { $0.text(invitedBy) })
            if named.isEmpty {
                facilitatorRows = []
            } else if named.count <= RawSQL.largestBoundList {
                facilitatorRows = try await rows(facilitatorSQL, "id", Narrowing(ids: named.sorted(), else: nil), orderedBy: "code")
            } else {
                facilitatorRows = try await rows(facilitatorSQL, "id", nil, orderedBy: "code").filter { named.contains($0.text(0) ?? "") }
            }
        } else {
            facilitatorRows = try await rows(facilitatorSQL, "id", nil, orderedBy: "code")
        }

        let centreCode = RowCodes(centreRows), programmeCode = RowCodes(programmeRows, codeColumn: Rows.programmeColumn["code"])
        let facilitatorCode = RowCodes(facilitatorRows)

        var present: [String: [(position: Int, facilitator: String)]] = [:]
        for row in presentRows {
            guard let session = row.text(0) else { continue }
            present[session, default: []].append((row.int(2) ?? 0, facilitatorCode[row.text(1)] ?? "?"))
        }
        let reconstructed = Rows.programmeColumn["reconstructed"]
        var read = Read(document: EvidenceDocument(reconstructed: programmeRows.contains { $0.bool(reconstructed) == true }))
        read.document.centres = try centreRows.map(Rows.centre)
        read.document.programmes = try programmeRows.map { try Rows.programme($0, centreCode: centreCode) }
        read.document.sessions = try sessionRows.map { row in
            try Rows.session(row, programmeCode: programmeCode, facilitatorCode: facilitatorCode,
                             present: (row.text(0).flatMap { present[$0] } ?? []).sorted { $0.position < $1.position }.map(\.facilitator))
        }
        read.document.dyads = try dyadRows.map(Rows.dyad)
        read.document.facilitators = try facilitatorRows.map(Rows.facilitator)
        read.document.overrides = try overrideRows.map { try Rows.override($0, programmeCode: programmeCode) }
            .sorted { ($0.programmeId, $0.mechanism) < ($1.programmeId, $1.mechanism) }
        if includingDelivery && includingRecordKeeping {
            read.document.secondObservations = try await SecondObservationStore.read(sessions: sessionsInScope, sessionCode: sessionCode,
                                                                                     on: database)
            read.document.excerpts = try await ExcerptStore.read(programmes: programmesInScope, programmeCode: programmeCode, on: database)
        }

        let keys: AttendanceKeys
        if let alongsideReads {
            keys = try await alongsideReads.keys.value
        } else {
            keys = AttendanceKeys(dyads: includingDyads ? RowCodes(dyadRows) : try await keyed(DyadModel.schema, dyadsInScope, on: database),
                                  sessions: sessionCode)
        }
        let dyadCode = keys.dyads
        read.document.invitations = try invitationRows.map {
            try Rows.invitation($0, dyadCode: dyadCode, programmeCode: programmeCode, facilitatorCode: facilitatorCode)
        }
        if let alongsideReads {
            read.document.attendance = try await alongsideReads.attendance.value
        } else {
            read.document.attendance = try await attendance(sessions: sessionsInScope, keys: keys, includingRecordKeeping: includingRecordKeeping,
                                                            on: database)
        }
        if includingMeasures {
            read.document.measurements = try await RawSQL.rows(
                Narrowing.narrowed(Rows.select(Rows.measurementColumns, from: MeasurementModel.schema), "dyad_id", dyadsInScope)
                    + RawSQL.orderBy(["\"date\"", "\"code\""], on: database), dyadsInScope?.binds ?? [], on: database) { try Rows.measurement($0, dyadCode: dyadCode) }
        }
        guard keepingRowIDs else { return read }
        func idsByCode(_ codes: RowCodes) -> [String: String] {
            Dictionary(zip(codes.codes, codes.ids), uniquingKeysWith: { first, _ in first })
        }
        read.programmeIDs = idsByCode(programmeCode)
        read.sessionIDs = idsByCode(keys.sessions)
        read.dyadIDs = idsByCode(dyadCode)
        return read
    }

    /// Which rows of a table a narrowed read takes: those whose column is in `sql` (a list of
    /// bound row ids, or a subquery on the programmes in scope), with its binds.
    struct Narrowing: Sendable {
        let sql: String
        let binds: [SQLValue]

        init(sql: String, binds: [SQLValue]) {
            (self.sql, self.binds) = (sql, binds)
        }

        /// The row ids read (upper-case UUID text), bound as a list; `fallback` when there are
        /// too many to bind. No ids narrows to nothing.
        init(ids: [String?], else fallback: Narrowing?) {
            let ids = ids.compactMap { $0 }
            if let fallback, ids.count > RawSQL.largestBoundList {
                self = fallback
            } else if ids.isEmpty {
                self.init(sql: "NULL", binds: [])
            } else {
                self.init(sql: RawSQL.placeholders(ids.count), binds: ids.map { .rowID($0) })
            }
        }

        /// The sessions of the programmes in `programmes`, by subquery.
        static func sessions(of programmes: Narrowing) -> Narrowing {
            Narrowing(sql: "SELECT \"id\" FROM \"sessions\" WHERE \"programme_id\" IN (\(programmes.sql))", binds: programmes.binds)
        }

        /// The dyads invited to the programmes in `programmes`, by subquery.
        static func dyads(invitedTo programmes: Narrowing) -> Narrowing {
            Narrowing(sql: "SELECT \"dyad_id\" FROM \"invitations\" WHERE \"programme_id\" IN (\(programmes.sql))", binds: programmes.binds)
        }

        /// `sql` narrowed to rows whose `column` is in `narrowing`; all rows when nothing narrows.
        static func narrowed(_ sql: String, _ column: String, _ narrowing: Narrowing?) -> String {
            guard let narrowing else { return sql }
            return sql + " WHERE \"\(column)\" IN (\(narrowing.sql))"
        }
    }

    /// The dyads and sessions attendance rows name, by which they are turned into codes and put in order.
    private struct AttendanceKeys: Sendable {
        /// Each in code order.
        let dyads: RowCodes, sessions: RowCodes
    }

    /// A table's row ids and codes in code order, narrowed to `narrowing`.
    private static func keyed(_ table: String, _ narrowing: Narrowing?, on database: any Database) async throws -> RowCodes {
        let sql = Narrowing.narrowed("SELECT \"id\", \"code\" FROM \(RawSQL.quoted(table))", "id", narrowing)
            + RawSQL.orderBy(["\"code\""], on: database)
        return RowCodes(try await RawSQL.rows(sql, narrowing?.binds ?? [], on: database) { $0 })
    }

    /// Attendance in order of dyad, then session (codes). Each row becomes a domain value as it
    /// arrives, and rows are put in order by the positions of their dyad and session rather
    /// than by comparing codes.
    private static func attendance(sessions sessionsInScope: Narrowing?, keys: AttendanceKeys, includingRecordKeeping: Bool,
                                   on database: any Database) async throws -> [Attendance] {
        let (dyads, sessions) = (keys.dyads, keys.sessions)
        let sql = Narrowing.narrowed(EvidenceRows.select(EvidenceRows.attendanceReadColumns, from: AttendanceModel.schema,
                                                         leavingOut: includingRecordKeeping ? [] : EvidenceRows.attendanceRecordKeeping),
                                     "session_id", sessionsInScope)
        let entry = { @Sendable (row: RawRow) throws -> (dyad: Int, session: Int, entry: Attendance) in
            let dyad = row.text(0).flatMap(dyads.position(of:)) ?? -1, session = row.text(1).flatMap(sessions.position(of:)) ?? -1
            return (dyad: dyad, session: session,
                    entry: try EvidenceRows.attendance(row, dyadCode: dyad < 0 ? "?" : dyads.codes[dyad],
                                                       sessionCode: session < 0 ? "?" : sessions.codes[session]))
        }
        let rows = try await RawSQL.rows(sql, sessionsInScope?.binds ?? [], on: database, entry)
        return inOrder(rows, dyads: dyads.ids.count)
    }

    /// Attendance entries in order of dyad, then session (by position; -1, unknown, first).
    /// Counted into one bucket per dyad, then each dyad's few entries sorted by session: at
    /// national scale a comparison sort of 600,000 entries took a fifth of a second.
    private static func inOrder(_ rows: [(dyad: Int, session: Int, entry: Attendance)], dyads: Int) -> [Attendance] {
        var starts = [Int](repeating: 0, count: dyads + 2)
        for row in rows { starts[row.dyad + 2] += 1 }
        for bucket in starts.indices.dropFirst() { starts[bucket] += starts[bucket - 1] }
        var order = [Int](repeating: 0, count: rows.count), next = starts
        for position in rows.indices {
            order[next[rows[position].dyad + 1]] = position
            next[rows[position].dyad + 1] += 1
        }
        for bucket in 0..<(dyads + 1) where starts[bucket + 1] - starts[bucket] > 1 {
            order[starts[bucket]..<starts[bucket + 1]].sort { rows[$0].session < rows[$1].session }
        }
        return order.map { rows[$0].entry }
    }

    /// The programmes a dyad is invited to, each with its centre (codes), read without loading
    /// anything else.
    public static func programmes(ofDyad code: String, on database: any Database) async throws -> [String: String] {
        guard let dyad = try await DyadModel.query(on: database).filter(\.$code == code).first() else { return [:] }
        let ids = try await InvitationModel.query(on: database).filter(\.$dyad.$id == dyad.requireID()).all(\.$programme.$id)
        let programmes = try await ProgrammeModel.query(on: database).filter(\.$id ~~ ids).with(\.$centre).all()
        return Dictionary(programmes.map { ($0.code, $0.centre.code) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Writing

    private static func refuseExisting(_ document: EvidenceDocument, on db: any Database) async throws {
        var clashes: [EvidenceProblem] = []
        /// One problem per kind of record, naming the first few ids that are already stored.
        func clash<M: Model>(_ type: M.Type, _ kind: String, _ codes: [String], _ field: KeyPath<M, FieldProperty<M, String>>) async throws {
            guard !codes.isEmpty else { return }
            let stored = try await M.query(on: db).filter(field ~~ codes).all().compactMap { $0[keyPath: field].value }.sorted()
            guard let first = stored.first else { return }
            let record = stored.count == 1 ? "\(kind) \(first)"
                : "\(kind)s \(stored.prefix(5).joined(separator: ", "))" + (stored.count > 5 ? " and \(stored.count - 5) more" : "")
            clashes.append(EvidenceProblem(record: record, field: "id",
                                           message: "already in the database; an import adds new records only"))
        }
        // Centres and facilitators already stored may be named again, unchanged, so that a new
        // programme of an existing centre can be imported; with different details they clash.
        let storedCentres = try await CentreModel.query(on: db).filter(\.$code ~~ document.centres.map(\.id)).all()
        for model in storedCentres {
            let stored = Centre(id: model.code, name: model.name, deprivationDecile: model.deprivationDecile, area: model.area)
            if let given = document.centres.first(where: { $0.id == model.code }), given != stored {
                clashes.append(EvidenceProblem(record: "centre \(model.code)", field: "id",
                                               message: "already in the database with other details; give them exactly as stored, or use a new id"))
            }
        }
        let storedFacilitators = try await FacilitatorModel.query(on: db).filter(\.$code ~~ document.facilitators.map(\.id)).all()
        for model in storedFacilitators {
            let given = document.facilitators.first { $0.id == model.code }
            if let given, given.name != model.name || given.role.rawValue != model.role || given.trainingBody.rawValue != model.trainingBody
                || given.trainingDays != model.trainingDays || given.specialInterests != model.specialInterests {
                clashes.append(EvidenceProblem(record: "facilitator \(model.code)", field: "id",
                                               message: "already in the database with other details; give them exactly as stored, or use a new id"))
            }
        }
        try await clash(ProgrammeModel.self, "programme", document.programmes.map(\.id), \.$code)
        try await clash(SessionModel.self, "session", document.sessions.map(\.id), \.$code)
        try await clash(DyadModel.self, "dyad", document.dyads.map(\.id), \.$code)
        try await clash(InvitationModel.self, "invitation", document.invitations.map(\.id), \.$code)
        try await clash(MeasurementModel.self, "measurement", document.measurements.map(\.id), \.$code)
        let storedExcerpts = try await ExcerptStore.stored(document.excerpts.map(\.id), on: db)
        if let first = storedExcerpts.first {
            clashes.append(EvidenceProblem(record: storedExcerpts.count == 1 ? "excerpt \(first)" : "excerpts \(storedExcerpts.prefix(5).joined(separator: ", "))",
                                           field: "id", message: "already in the database; an import adds new records only"))
        }
        guard clashes.isEmpty else { throw EvidenceError.invalid(clashes) }
    }

    private static func insert(_ document: EvidenceDocument, now: Date, by user: String,
                               progress: (@Sendable (Int) -> Void)?, on db: any Database) async throws {
        typealias Rows = EvidenceRows
        var centreID: [String: UUID] = [:], facilitatorID: [String: UUID] = [:], programmeID: [String: UUID] = [:]
        var sessionID: [String: UUID] = [:]
        func insert(_ table: String, _ columns: [String], _ rows: [[SQLValue]]) async throws {
            try await RawSQL.insert(into: table, columns: columns, rows: rows, on: db, progress: progress)
        }

        // Each table's new ids are handed out in ascending order (`UUIDs.ascending`), so that
        // its indexes grow at their right-hand edge.
        // The dyads are always new (an import refuses known ones), so their ids are known from
        // the start. Their rows and their measures' rows are made on another core meanwhile,
        // while the tables before them are written: scoring the measures and putting their
        // values into words is most of a national load's work outside the database.
        let dyadIDs = UUIDs.ascending(document.dyads.count)
        let dyadID = Dictionary(zip(document.dyads.map(\.id), dyadIDs), uniquingKeysWith: { first, _ in first })
        let dyadRows = Task.detached { () -> (rows: [[SQLValue]], scored: [MeasureResult?]) in
            // Each measure scored once, for its own need signal and alerts and for its dyad's
            // gathered signals, written with her row: she is new, so there is nothing to gather
            // again afterwards (at national scale an UPDATE of every dyad cost seconds).
            let scored = document.measurements.map { try? $0.score(.standard) }
            var signals: [String: [(timepoint: Timepoint, storedForm: String)]] = [:]
            for (measurement, result) in zip(document.measurements, scored) {
                guard let result else { continue }
                signals[measurement.dyadId, default: []].append((measurement.timepoint, NeedSignal.storedForm(of: result)))
            }
            return (zip(document.dyads, dyadIDs).map { dyad, id in
                Rows.row(dyad, id: id, needSignals: signals[dyad.id].flatMap(NeedSignal.gatheredForm))
            }, scored)
        }
        let measureRows = Task.detached {
            try MeasureStore.rows(of: document.measurements, scored: await dyadRows.value.scored, dyadIDs: dyadID, now: now, by: user)
        }
        defer {
            dyadRows.cancel()
            measureRows.cancel()
        }

        // Centres and facilitators already stored (and checked identical) are reused.
        for model in try await CentreModel.query(on: db).filter(\.$code ~~ document.centres.map(\.id)).all() { centreID[model.code] = model.id }
        for model in try await FacilitatorModel.query(on: db).filter(\.$code ~~ document.facilitators.map(\.id)).all() {
            facilitatorID[model.code] = model.id
        }
        let newCentres = document.centres.filter { centreID[$0.id] == nil }
        try await insert(CentreModel.schema, Rows.centreColumns, zip(newCentres, UUIDs.ascending(newCentres.count)).map { centre, id in
            centreID[centre.id] = id
            return Rows.row(centre, id: id)
        })
        let newFacilitators = document.facilitators.filter { facilitatorID[$0.id] == nil }
        try await insert(FacilitatorModel.schema, Rows.facilitatorColumns,
                         zip(newFacilitators, UUIDs.ascending(newFacilitators.count)).map { facilitator, id in
            facilitatorID[facilitator.id] = id
            return Rows.row(facilitator, id: id)
        })
        try await insert(ProgrammeModel.schema, Rows.programmeColumns,
                         try zip(document.programmes, UUIDs.ascending(document.programmes.count)).map { programme, id in
            programmeID[programme.id] = id
            return Rows.row(programme, id: id, centreID: try rowID(centreID, programme.centreId, "centre", namedBy: "programme \(programme.id)",
                                                                "centre_id"),
                            reconstructed: document.reconstructed)
        })
        var present: [[SQLValue]] = []
        var presentIDs = UUIDs.ascending(document.sessions.reduce(0) { $0 + $1.facilitatorsPresent.count })[...]
        try await insert(SessionModel.schema, Rows.sessionColumns,
                         try zip(document.sessions, UUIDs.ascending(document.sessions.count)).map { session, id in
            sessionID[session.id] = id
            present += try session.facilitatorsPresent.enumerated().map { position, facilitator in
                [.uuid(presentIDs.popFirst()!), .uuid(id),
                 .uuid(try rowID(facilitatorID, facilitator, "facilitator", namedBy: "session \(session.id)", "facilitators_present")),
                 .int(position)]
            }
            return Rows.row(session, id: id, programmeID: try rowID(programmeID, session.programmeId, "programme",
                                                                 namedBy: "session \(session.id)", "programme_id"),
                            leadID: session.leadFacilitatorId.flatMap { facilitatorID[$0] })
        })
        try await insert(SessionFacilitatorModel.schema, Rows.sessionFacilitatorColumns, present)
        try await insert(DyadModel.schema, Rows.dyadInsertColumns, await dyadRows.value.rows)
        try await insert(InvitationModel.schema, Rows.invitationColumns,
                         try zip(document.invitations, UUIDs.ascending(document.invitations.count)).map { invitation, id in
            let record = "invitation \(invitation.id)"
            return Rows.row(invitation, id: id, dyadID: try rowID(dyadID, invitation.dyadId, "dyad", namedBy: record, "dyad_id"),
                            programmeID: try rowID(programmeID, invitation.programmeId, "programme", namedBy: record, "programme_id"),
                            facilitatorID: invitation.invitedByFacilitatorId.flatMap { facilitatorID[$0] })
        })
        try await insert(AttendanceModel.schema, Rows.attendanceColumns,
                         try zip(document.attendance, UUIDs.ascending(document.attendance.count)).map { entry, id in
            Rows.row(entry, id: id, dyadID: try rowID(dyadID, entry.dyadId, "dyad", namedBy: "attendance", "dyad_id"),
                     sessionID: try rowID(sessionID, entry.sessionId, "session", namedBy: "attendance", "session_id"))
        })
        try await insert(MechanismOverrideModel.schema, Rows.overrideColumns,
                         try zip(document.overrides, UUIDs.ascending(document.overrides.count)).map { override, id in
            Rows.row(override, id: id, programmeID: try rowID(programmeID, override.programmeId, "programme",
                                                           namedBy: "override \(override.mechanism)", "programme_id"))
        })
        try await SecondObservationStore.insert(document.secondObservations, sessionIDs: sessionID, on: db)
        try await ExcerptStore.insert(document.excerpts, programmeIDs: programmeID, on: db)
        // The dyads were written with their measures' need signals: nothing to gather again.
        try await MeasureStore.insert(try await measureRows.value, progress: progress, on: db)
    }

    /// The row id of the record `code` of a kind, which `record` names in `field`: a problem
    /// with them when there is none (a document left unchecked, `saveIntoEmptyDatabase`).
    static func rowID(_ ids: [String: UUID], _ code: String, _ kind: String, namedBy record: @autoclosure () -> String,
                      _ field: String) throws -> UUID {
        guard let id = ids[code] else {
            throw EvidenceError.invalid([EvidenceProblem(record: record(), field: field,
                                                         message: "names \(kind) \(code), which is neither in the document nor stored")])
        }
        return id
    }

    // MARK: Mapping

    static func invitation(_ model: InvitationModel, dyadCode: String, programmeCode: String, facilitatorCode: String?) throws -> Invitation {
        let record = "invitation \(model.code)"
        return Invitation(id: model.code, dyadId: dyadCode, programmeId: programmeCode,
                          invitedByFacilitatorId: facilitatorCode, invitedByPractitioner: model.invitedByPractitioner,
                          mode: try decode(InvitationMode.self, model.mode, record, "mode"),
                          date: try date(model.date, record, "date"),
                          status: try decode(EnrolmentStatus.self, model.status, record, "status"),
                          consentDate: try date(model.consentDate, record, "consent_date"),
                          closedDate: try date(model.closedDate, record, "closed_date"), closedReason: model.closedReason)
    }

    static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: String, _ record: String, _ field: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw StoredDataError.invalidValue(record: record, field: field, value: raw) }
        return value
    }

    static func date(_ text: String?, _ record: String, _ field: String) throws -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(text) else { throw StoredDataError.invalidValue(record: record, field: field, value: text) }
        return date
    }
}
