import AttuneCore
import AttuneStore
import FluentKit
import SQLKit
import Foundation
import Testing

@Suite("Evidence in the database")
struct EvidenceStoreTests {
    /// Both documents with every list in id order, so that order of storage does not matter.
    static func normalised(_ document: EvidenceDocument) -> EvidenceDocument {
        var copy = document
        copy.centres.sort { $0.id < $1.id }
        copy.facilitators.sort { $0.id < $1.id }
        copy.programmes.sort { $0.id < $1.id }
        copy.sessions.sort { $0.id < $1.id }
        copy.dyads.sort { $0.id < $1.id }
        copy.invitations.sort { $0.id < $1.id }
        copy.attendance.sort { ($0.dyadId, $0.sessionId) < ($1.dyadId, $1.sessionId) }
        copy.overrides.sort { ($0.programmeId, $0.mechanism) < ($1.programmeId, $1.mechanism) }
        return copy
    }

    /// The study document plus an override, notes and names, so every field is exercised.
    static func richDocument() throws -> EvidenceDocument {
        var document = try StudyEvidence.load()
        document.overrides = [MechanismOverride(programmeId: "B7", mechanism: MechanismID(8), rating: .yes,
                                                rationale: "Mothers stayed for tea in the café next door every week.",
                                                observer: "R. Khan", date: CalendarDate("2008-10-20"))]
        document.sessions[0].notes = "Baby crying throughout; mother left early. <b>not markup</b>"
        document.sessions[1].setting.warmEnough = false
        document.sessions[2].roomTemperatureCelsius = 19.5
        // Every check in each of its three states (not recorded, yes, no) in one of three
        // sessions: the database reads a session's checks as one number.
        let states: [Bool?] = [nil, true, false]
        for offset in 0..<3 { setEveryCheck(&document.sessions[3 + offset]) { states[($0 + offset) % 3] } }
        document.dyads[0].motherName = "Zoë O'Brien"
        document.dyads[0].infantName = "Alfie"
        return document
    }

    /// Sets each of a session's seventeen yes/no checks to `state(position)`.
    static func setEveryCheck(_ session: inout Session, _ state: (Int) -> Bool?) {
        session.setting = SettingChecks(easyToFind: state(0), greetedAtDoor: state(1), buggiesAccommodated: state(2),
                                        roomNotCrowded: state(3), warmEnough: state(4))
        session.content = ContentChecks(strokesTaught: state(5), strokesTaughtCompetently: state(6), infantStatesTaught: state(7),
                                        infantCuesTaught: state(8), babyPermissionAsked: state(9), dollModelling: state(10),
                                        singing: state(11), socialTime: state(12), socialMinutes: session.content.socialMinutes,
                                        reflectivePrompts: state(13))
        session.observer = ObserverRatings(containingAtmosphere: state(14), technicalSkill: state(15), personalQualities: state(16))
    }

    static func roundTrip(_ location: DatabaseLocation) async throws {
        let original = try richDocument()
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(original, on: db)
            let loaded = normalised(try await EvidenceStore.load(on: db))
            let expected = normalised(original)
            // Compared kind by kind so that a failure names what differs. The document's
            // description is file metadata and is not stored.
            #expect(loaded.reconstructed == expected.reconstructed)
            #expect(loaded.centres == expected.centres)
            #expect(loaded.facilitators == expected.facilitators)
            #expect(loaded.programmes == expected.programmes)
            for (stored, written) in zip(loaded.sessions, expected.sessions) { #expect(stored == written) }
            #expect(loaded.sessions.count == expected.sessions.count)
            #expect(loaded.dyads == expected.dyads)
            #expect(loaded.invitations == expected.invitations)
            #expect(loaded.attendance == expected.attendance)
            #expect(loaded.overrides == expected.overrides)
            // The derived profile is the same from the database as from the file.
            let engine = AssessmentEngine(rubric: try Rubric.standard())
            #expect(engine.profiles(EvidenceIndex(loaded)).map(\.total) == engine.profiles(EvidenceIndex(original)).map(\.total))
        }
    }

    @Test("the study evidence round-trips through SQLite unchanged")
    func sqliteRoundTrip() async throws {
        try await withSQLiteFile { location in try await Self.roundTrip(location) }
    }

    @Test("the study evidence round-trips through PostgreSQL unchanged", PostgresTestServer.trait)
    func postgresRoundTrip() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.roundTrip(location) }
    }

    /// A national document whose first centre's records have lower-case codes ("c0-p0"): in
    /// byte order they come after the others ("C1-P0"), under en-US before them.
    static func mixedCaseDocument() -> EvidenceDocument {
        var document = SyntheticEvidence.make(centres: 3, seed: 9)
        func code(_ code: String) -> String { code == "C0" || code.hasPrefix("C0-") ? code.lowercased() : code }
        func recode<Record>(_ records: inout [Record], _ fields: WritableKeyPath<Record, String>...) {
            for index in records.indices {
                for field in fields { records[index][keyPath: field] = code(records[index][keyPath: field]) }
            }
        }
        recode(&document.centres, \.id)
        recode(&document.programmes, \.id, \.centreId)
        recode(&document.sessions, \.id, \.programmeId)
        recode(&document.dyads, \.id)
        recode(&document.invitations, \.id, \.dyadId, \.programmeId)
        recode(&document.attendance, \.dyadId, \.sessionId)
        recode(&document.overrides, \.programmeId)
        document.measurements = []
        return document
    }

    @Test("a document comes back in the same order from SQLite and from PostgreSQL, whatever the server's locale",
          PostgresTestServer.trait)
    func sameOrderOnBothEngines() async throws {
        let document = Self.mixedCaseDocument()
        #expect(EvidenceValidator.problems(in: document, today: CalendarDate.today(at: Date())).isEmpty)
        let fromSQLite = try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document, on: db)
            return try await EvidenceStore.load(on: db)
        }
        // Byte order, as SQLite's default collation sorts: upper case before lower.
        #expect(fromSQLite.programmes.map(\.id) == document.programmes.map(\.id).sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) })
        #expect(fromSQLite.programmes.last?.id.hasPrefix("c0-") == true)
        // A database whose text sorts by the en-US locale, where "c0-p0" comes before "C1-P0".
        try await PostgresTestServer.withDatabase(options: "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'") { location in
            try await withTestDatabases(location) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.save(document, on: db)
                let fromPostgres = try await EvidenceStore.load(on: db)
                #expect(fromPostgres.centres == fromSQLite.centres && fromPostgres.programmes == fromSQLite.programmes)
                #expect(fromPostgres.sessions == fromSQLite.sessions && fromPostgres.dyads == fromSQLite.dyads)
                #expect(fromPostgres.invitations == fromSQLite.invitations && fromPostgres.attendance == fromSQLite.attendance)
                #expect(fromPostgres.overrides == fromSQLite.overrides)
            }
        }
    }

    @Test("a document with any invalid record stores nothing")
    func invalidStoresNothing() async throws {
        var document = try StudyEvidence.load()
        document.sessions[5].roomTemperatureCelsius = 52
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            await #expect(throws: EvidenceError.self) { try await EvidenceStore.save(document, on: db) }
            #expect(try await CentreModel.query(on: db).count() == 0)
            #expect(try await SessionModel.query(on: db).count() == 0)
        }
    }

    @Test("a national load writes the document whole, measures and their need included")
    func loadIntoEmptyDatabase() async throws {
        let original = SyntheticEvidence.make(centres: 3, seed: 5)
        #expect(!original.measurements.isEmpty && !original.attendance.isEmpty)
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.saveIntoEmptyDatabase(original, on: db)
            let loaded = Self.normalised(try await EvidenceStore.load(on: db)), expected = Self.normalised(original)
            #expect(loaded.programmes == expected.programmes && loaded.sessions == expected.sessions)
            #expect(loaded.dyads == expected.dyads && loaded.invitations == expected.invitations)
            #expect(loaded.attendance == expected.attendance && loaded.overrides == expected.overrides)
            #expect(loaded.measurements.sorted { $0.id < $1.id } == expected.measurements.sorted { $0.id < $1.id })
            #expect(try await MeasureStore.needLevels(on: db) == DyadMeasures.needs(in: original).mapValues(\.level))
        }
    }

    @Test("after a national load, PostgreSQL's tables are vacuumed and analysed for reading", PostgresTestServer.trait)
    func settledAfterLoad() async throws {
        let document = SyntheticEvidence.make(centres: 2, seed: 3)
        try await PostgresTestServer.withDatabase { location in
            try await withTestDatabases(location) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.saveIntoEmptyDatabase(document, on: db)
                try await EvidenceStore.settleAfterLoad(on: db)
                // ANALYZE records each table's rows in the catalogue (-1 until a table is first
                // analysed), and VACUUM marks the pages whose rows every reader can see.
                let sql = db as! any SQLDatabase
                for table in ["attendance", "invitations", "sessions", "dyads", "measurements"] {
                    let row = try #require(try await sql.raw("""
                        SELECT c.reltuples::bigint AS estimated, c.relallvisible AS visible, (SELECT count(*) FROM \(unsafeRaw: table)) AS counted
                        FROM pg_class c WHERE c.relname = \(bind: table)
                        """).first())
                    let counted = try row.decode(column: "counted", as: Int.self)
                    #expect(counted > 0)
                    #expect(try row.decode(column: "estimated", as: Int.self) == counted, "\(table) analysed")
                    #expect(try row.decode(column: "visible", as: Int.self) > 0, "\(table) vacuumed")
                }
            }
        }
    }

    @Test("a national load, checked while it writes, stores nothing of an invalid document and names the checker's problems",
          arguments: [false, true])
    func invalidLoadStoresNothing(failsWhileWriting: Bool) async throws {
        var document = try StudyEvidence.load()
        // A problem only the check finds (the writing succeeds, then is undone), or a record
        // naming one that is not there, which stops the writing itself.
        document.sessions[document.sessions.count - 1].roomTemperatureCelsius = 52
        if failsWhileWriting { document.attendance[3].sessionId = "no-such-session" }
        let expected = EvidenceValidator.problems(in: document, today: CalendarDate.today(at: Date()))
        #expect(expected.count == (failsWhileWriting ? 2 : 1))
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            do {
                try await EvidenceStore.saveIntoEmptyDatabase(document, on: db)
                Issue.record("expected the invalid document to be refused")
            } catch let error as EvidenceError {
                #expect(error.problems == expected)
            }
            #expect(try await CentreModel.query(on: db).count() == 0)
            #expect(try await SessionModel.query(on: db).count() == 0)
            #expect(try await AttendanceModel.query(on: db).count() == 0)
            #expect(try await MeasurementModel.query(on: db).count() == 0)
        }
    }

    @Test("importing ids already stored is refused, naming them, and stores nothing more")
    func duplicateImport() async throws {
        let study = try StudyEvidence.load()
        var extra = EvidenceDocument(
            centres: [Centre(id: "N", name: "Northfield")],
            facilitators: [Facilitator(id: "F1", name: "Dup", role: .midwife, trainingBody: .iaim)],
            programmes: [Programme(id: "N1", centreId: "N", name: "New", plannedSessions: 4)])
        extra.sessions = [Session(id: "N1-S1", programmeId: "N1", number: 1, facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")]
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(study, on: db)
            do {
                try await EvidenceStore.save(extra, on: db)
                Issue.record("expected the clash to be refused")
            } catch let error as EvidenceError {
                #expect(error.problems.map(\.description) == ["facilitator F1, id: already in the database with other details; give them exactly as stored, or use a new id"])
            }
            #expect(try await CentreModel.query(on: db).count() == 3)
            #expect(try await SessionModel.query(on: db).count() == 42)
            var again = extra
            again.programmes = [Programme(id: "A1", centreId: "N", name: "Clash", plannedSessions: 4)]
            again.sessions = []
            again.facilitators = []
            await #expect(throws: EvidenceError.self) { try await EvidenceStore.save(again, on: db) }
        }
    }

    @Test("a new programme of a centre already stored can be imported, naming the centre and facilitators unchanged")
    func newProgrammeOfExistingCentre() async throws {
        let study = try StudyEvidence.load()
        let centre = try #require(study.centres.first { $0.id == "A" })
        let facilitator = try #require(study.facilitators.first { $0.id == "F1" })
        var next = EvidenceDocument(centres: [centre], facilitators: [facilitator],
                                    programmes: [Programme(id: "A9", centreId: "A", name: "Next term", plannedSessions: 4)])
        next.sessions = [Session(id: "A9-S1", programmeId: "A9", number: 1, facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")]
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(study, on: db)
            try await EvidenceStore.save(next, on: db)
            #expect(try await CentreModel.query(on: db).count() == 3)
            #expect(try await FacilitatorModel.query(on: db).count() == 10)
            let loaded = try await EvidenceStore.load(includingMeasures: false, centres: ["A"], programmes: ["A9"], on: db)
            #expect(loaded.programmes.map(\.id) == ["A9"])
            #expect(loaded.sessions.map(\.id) == ["A9-S1"])
        }
    }

    @Test("a scope too large to repeat in subqueries still reads every facilitator its records name")
    func scopeTooLargeForSubqueries() async throws {
        var document = try StudyEvidence.load()
        document.facilitators.append(Facilitator(id: "F99", name: "Invites only", role: .healthVisitor, trainingBody: .iaim))
        document.invitations[0].invitedByFacilitatorId = "F99"
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document, on: db)
            let centres = Set(document.centres.map(\.id))
            let huge = centres.union((0..<10_001).map { "X\($0)" }) // three times the binds of this is over 30,000
            let wide = try await EvidenceStore.load(includingMeasures: false, centres: huge, on: db)
            let exact = try await EvidenceStore.load(includingMeasures: false, centres: centres, on: db)
            #expect(wide.facilitators == exact.facilitators)
            #expect(wide.facilitators.contains { $0.id == "F99" })
            #expect(wide.invitations == exact.invitations)
        }
    }

    @Test("a read for reach only leaves out who delivered the sessions, and nothing else")
    func withoutDelivery() async throws {
        var document = try StudyEvidence.load()
        document.overrides = [MechanismOverride(programmeId: "A1", mechanism: MechanismID(13), rating: .yes, rationale: "Seen on a visit.",
                                                observer: "Observer", date: CalendarDate("2024-01-10"))]
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document, on: db)
            let full = try await EvidenceStore.load(includingMeasures: false, centres: ["A"], on: db)
            let reach = try await EvidenceStore.load(includingMeasures: false, includingDelivery: false, centres: ["A"], on: db)
            #expect(!full.facilitators.isEmpty && !full.overrides.isEmpty)
            #expect(full.sessions.contains { $0.leadFacilitatorId != nil && !$0.facilitatorsPresent.isEmpty })
            #expect(full.invitations.contains { $0.invitedByFacilitatorId != nil })
            #expect(reach.facilitators.isEmpty && reach.overrides.isEmpty)
            var expected = full
            expected.facilitators = []
            expected.overrides = []
            for index in expected.sessions.indices {
                expected.sessions[index].facilitatorsPresent = []
                expected.sessions[index].leadFacilitatorId = nil
            }
            for index in expected.invitations.indices { expected.invitations[index].invitedByFacilitatorId = nil }
            #expect(reach == expected)
        }
    }

    /// An audit's read (`includingRecordKeeping: false`, on two connections as `attune audit`
    /// reads) leaves out the dates, notes and reasons kept for the people running a programme,
    /// and nothing else, and the audit comes out the same as from everything.
    static func auditRead(_ location: DatabaseLocation) async throws {
        var document = try richDocument()
        document.invitations[0].status = .declined
        document.invitations[0].closedDate = CalendarDate("2008-10-01")
        document.invitations[0].closedReason = "Moved away"
        document.invitations[1].status = .enrolled
        document.invitations[1].consentDate = CalendarDate("2008-09-20")
        let absent = try #require(document.attendance.firstIndex { $0.status == .absent })
        document.attendance[absent].absenceReason = "No bus fare"
        try await withTestDatabases(location) { databases async throws in
            func connection() -> any Database { databases.database(logger: testLogger, on: databases.eventLoopGroup.any())! }
            let db = connection()
            try await EvidenceStore.save(document, on: db)
            let full = try await EvidenceStore.load(includingMeasures: false, includingDyads: false, on: db, alongside: connection())
            let audit = try await EvidenceStore.load(includingMeasures: false, includingDyads: false, includingRecordKeeping: false,
                                                     on: db, alongside: connection())
            // What is left out was there to leave out.
            #expect(full.sessions.contains { $0.date != nil } && full.sessions.contains { $0.notes != nil })
            #expect(full.invitations.contains { $0.date != nil } && full.invitations.contains { $0.consentDate != nil })
            #expect(full.invitations.contains { $0.closedDate != nil && $0.closedReason != nil })
            #expect(full.attendance.contains { $0.absenceReason != nil })
            var expected = full
            for index in expected.sessions.indices { (expected.sessions[index].date, expected.sessions[index].notes) = (nil, nil) }
            for index in expected.invitations.indices {
                expected.invitations[index].date = nil
                expected.invitations[index].consentDate = nil
                (expected.invitations[index].closedDate, expected.invitations[index].closedReason) = (nil, nil)
            }
            for index in expected.attendance.indices { expected.attendance[index].absenceReason = nil }
            #expect(audit == expected)
            let rubric = try Rubric.standard()
            let fromAudit = await AuditReport(title: "t", document: audit, rubric: rubric).render(.json)
            #expect(fromAudit == (await AuditReport(title: "t", document: full, rubric: rubric).render(.json)))
        }
    }

    @Test("an audit's read from SQLite leaves out only the dates, notes and reasons no rule reads")
    func sqliteAuditRead() async throws {
        try await withSQLiteFile { location in try await Self.auditRead(location) }
    }

    @Test("an audit's read from PostgreSQL leaves out only the dates, notes and reasons no rule reads", PostgresTestServer.trait)
    func postgresAuditRead() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.auditRead(location) }
    }
}
