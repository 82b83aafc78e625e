import AttuneCore
@testable import AttuneStore
import FluentKit
import Foundation
import Testing

/// The stored profiles (`ProfileStore`) stay equal to profiles derived afresh from the evidence
/// whatever is written, in whatever order: random sequences of every kind of write, on both
/// engines, checked after each.
@Suite("Stored profiles: kept up to date at each write")
struct StoredProfileTests {
    static let today = CalendarDate("2026-06-01")!
    static let now = Date(timeIntervalSince1970: 1_780_300_800) // 2026-06-01

    /// Two centres, three programmes of five weekly sessions (two already held, the rest planned),
    /// two facilitators, twelve mothers invited to one programme each.
    static func document() -> EvidenceDocument {
        var document = EvidenceDocument(centres: [Centre(id: "C1", name: "Oak", deprivationDecile: 2),
                                                  Centre(id: "C2", name: "Elm", deprivationDecile: 8)],
                                        facilitators: [Facilitator(id: "F1", name: "Ann", role: .healthVisitor, trainingBody: .iaim),
                                                       Facilitator(id: "F2", name: "Bea", role: .nurseryNurse, trainingBody: .peterWalker)])
        for (index, code) in ["P1", "P2", "P3"].enumerated() {
            document.programmes.append(Programme(id: code, centreId: index == 2 ? "C2" : "C1", name: "Programme \(code)",
                                                 plannedSessions: 5, startDate: today.adding(days: -14), placeLimit: 6))
            for number in 1...5 {
                document.sessions.append(Session(id: "\(code)-S\(number)", programmeId: code, number: number,
                                                 date: today.adding(days: 7 * (number - 3)), facilitatorsPresent: ["F1"],
                                                 leadFacilitatorId: "F1"))
            }
        }
        for index in 1...12 {
            let programme = ["P1", "P2", "P3"][index % 3]
            document.dyads.append(Dyad(id: "D\(index)", socialRiskFactors: index % 4 == 0 ? [.lowIncome, .singleParent, .socialIsolation] : [],
                                       consentToRecords: true))
            document.invitations.append(Invitation(id: "I\(index)", dyadId: "D\(index)", programmeId: programme,
                                                   invitedByFacilitatorId: "F1", mode: .inPerson, status: .invited))
        }
        return document
    }

    /// One random write of any kind; returns its name and whether it was stored (a refused
    /// write must leave the profiles as they were, too).
    static func randomWrite(_ step: Int, _ random: inout SyntheticEvidence.Generator, on db: any Database) async -> (String, Bool) {
        let programme = ["P1", "P2", "P3"].randomElement(using: &random)!
        let dyad = "D\(Int.random(in: 1...12, using: &random))"
        func attempt(_ name: String, _ write: () async throws -> Void) async -> (String, Bool) {
            do { try await write(); return (name, true) } catch { return (name, false) }
        }
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            return await attempt("log \(programme)") {
                let stored = try await EvidenceStore.load(includingMeasures: false, programmes: [programme], on: db)
                let enrolled = stored.invitations.filter { $0.status.consented }.map(\.dyadId)
                var session = Session(id: "", programmeId: programme, number: Int.random(in: 1...3, using: &random),
                                      date: today.adding(days: -Int.random(in: 0...10, using: &random)),
                                      facilitatorsPresent: ["F1", "F2"], leadFacilitatorId: Bool.random(using: &random) ? "F1" : "F2",
                                      roomTemperatureCelsius: Double(Int.random(in: 15...25, using: &random)),
                                      unregisteredDyadsPresent: Int.random(in: 0...4, using: &random))
                for check in SessionCheckField.all { session[keyPath: check.keyPath] = [true, false, nil].randomElement(using: &random)! }
                session.content.socialMinutes = [nil, 5, 15].randomElement(using: &random)!
                let register = enrolled.map { Attendance(dyadId: $0, sessionId: "", status: AttendanceStatus.allCases.randomElement(using: &random)!) }
                try await SessionLogStore.save(SessionLog(session: session, register: register), today: today,
                                               reason: "corrected in a random sequence", on: db)
            }
        case 1:
            return await attempt("invite \(dyad) to \(programme)") {
                _ = try await EnrolmentStore.invite(dyad: dyad, programme: programme, mode: InvitationMode.allCases.randomElement(using: &random)!,
                                                    facilitator: "F2", on: today, database: db)
            }
        case 2:
            return await attempt("enrol \(dyad) in \(programme)") {
                _ = try await EnrolmentStore.enrol(dyad: dyad, programme: programme, on: today, database: db)
            }
        case 3:
            let status: EnrolmentStatus = Bool.random(using: &random) ? .withdrawn : .completed
            return await attempt("\(status) \(dyad) from \(programme)") {
                _ = try await EnrolmentStore.close(dyad: dyad, programme: programme, as: status, reason: "moved away", on: today, database: db)
            }
        case 4:
            let session = "\(programme)-S\(Int.random(in: 1...3, using: &random))"
            return await attempt("register of \(session)") {
                try await AttendanceStore.record(session: session, entries: [Attendance(dyadId: dyad, sessionId: session, status: .present)],
                                                 today: today, database: db)
            }
        case 5:
            let items = (0..<10).map { _ in Int.random(in: 0...3, using: &random) }
            return await attempt("EPDS of \(dyad)") {
                let measure = RecordedMeasure(id: "M\(step)", dyadId: dyad, instrument: .epds, timepoint: Bool.random(using: &random) ? .before : .after,
                                              date: today, administeredBy: "Ann", itemScores: items)
                try await MeasureStore.record(measure, today: today, now: now, by: "test", on: db)
            }
        case 6:
            return await attempt("cancel \(programme)-S5") {
                try await AttendanceStore.cancel(session: "\(programme)-S\(Int.random(in: 4...5, using: &random))", database: db)
            }
        default:
            // An import: a new centre with a programme, a held session, a mother and her register.
            let code = "N\(step)"
            var document = EvidenceDocument(centres: [Centre(id: "C-\(code)", name: "New \(code)")],
                                            facilitators: [Facilitator(id: "F-\(code)", name: "Cal", role: .midwife, trainingBody: .other)],
                                            programmes: [Programme(id: code, centreId: "C-\(code)", name: "New", plannedSessions: 4)])
            document.sessions = [Session(id: "\(code)-S1", programmeId: code, number: 1, date: today, facilitatorsPresent: ["F-\(code)"],
                                         leadFacilitatorId: "F-\(code)", setting: SettingChecks(easyToFind: true, warmEnough: true))]
            document.dyads = [Dyad(id: "\(code)-D1", consentToRecords: true)]
            document.invitations = [Invitation(id: "\(code)-I1", dyadId: "\(code)-D1", programmeId: code, invitedByFacilitatorId: "F-\(code)",
                                               mode: .inPerson, status: .enrolled)]
            document.attendance = [Attendance(dyadId: "\(code)-D1", sessionId: "\(code)-S1", status: .present)]
            return await attempt("import \(code)") { try await EvidenceStore.save(document, now: now, on: db) }
        }
    }

    static func randomSequences(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document(), now: now, on: db)
            #expect(try await ProfileStore.differences(on: db) == [])
            var random = SyntheticEvidence.Generator(seed: 20_261_204)
            var stored = 0
            for step in 0..<60 {
                let (write, succeeded) = await randomWrite(step, &random, on: db)
                if succeeded { stored += 1 }
                let differences = try await ProfileStore.differences(on: db)
                #expect(differences == [], "after step \(step), \(write) (\(succeeded ? "stored" : "refused"))")
                if !differences.isEmpty { break }
            }
            // Enough writes went through for the sequence to mean something.
            #expect(stored >= 20)
            // Every write left its entries in the activity log, whole (chained on SQLite).
            #expect(try await ActivityChain.verify(on: db).problem == nil)
            // And the comparison sees a change that bypasses the store: it is not blind.
            try await RawSQL.execute("UPDATE \"sessions\" SET \"singing\" = NOT COALESCE(\"singing\", FALSE) WHERE \"code\" = 'P1-S1'", on: db)
            #expect(try await ProfileStore.differences(on: db).contains { $0.hasPrefix("P1:") })
            let rowsBefore = try await RawSQL.rows("SELECT \"id\" FROM \"programme_profiles\" ORDER BY \"id\"", on: db) { $0.text(0) ?? "" }
            try await ProfileStore.recompute(rubric: try Rubric.standard(), on: db)
            #expect(try await ProfileStore.differences(on: db) == [])
            // Only P1's profile was rewritten: the others still equalled their evidence.
            let rowsAfter = try await RawSQL.rows("SELECT \"id\" FROM \"programme_profiles\" ORDER BY \"id\"", on: db) { $0.text(0) ?? "" }
            #expect(rowsAfter.count == rowsBefore.count && Set(rowsBefore).subtracting(rowsAfter).count == 1)
            // Missed opportunities were stored and compared with the rest, and the comparison
            // sees them go missing.
            let missed = try await ProfileStore.missedOpportunities(centres: nil, limit: nil, on: db)
            #expect(missed.total > 0)
            let ofC2 = try await ProfileStore.missedOpportunities(centres: ["C2"], limit: nil, on: db)
            #expect(ofC2.shown.allSatisfy { $0.programmeId == "P3" })
            #expect(ofC2.shown.count < missed.total)
            // However many centres a user has, her list is narrowed to them.
            let many = Set((0...10_000).map { "NO-SUCH-\($0)" }).union(["C2"])
            #expect(try await ProfileStore.missedOpportunities(centres: many, limit: nil, on: db).shown == ofC2.shown)
            try await RawSQL.execute("UPDATE \"programme_profiles\" SET \"missed\" = NULL, \"missed_count\" = 0", on: db)
            #expect(try await ProfileStore.differences(on: db).contains { $0.hasSuffix("stored missed opportunities differ from the evidence") })
        }
    }

    @Test("random sequences of writes leave the stored profiles equal to the derived ones (SQLite)")
    func randomWritesSQLite() async throws {
        try await withSQLiteFile { try await Self.randomSequences($0) }
    }

    @Test("random sequences of writes leave the stored profiles equal to the derived ones (PostgreSQL)", PostgresTestServer.trait)
    func randomWritesPostgres() async throws {
        try await PostgresTestServer.withDatabase { try await Self.randomSequences($0) }
    }

    /// Sixteen logs of one programme's sessions saved at once, each on a connection of its own:
    /// every save stored, and the profile stored at the end equal to the one derived.
    static func concurrentLogs(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document(), now: now, on: db)
            let loops = Array(databases.eventLoopGroup.makeIterator())
            // Three rounds: two saves racing for one programme do not always meet in one.
            for _ in 0..<3 {
                let saved = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<16 {
                        let connection = databases.database(logger: testLogger, on: loops[index % loops.count])!
                        group.addTask {
                            var session = Session(id: "", programmeId: "P1", number: 4 + index % 2, date: today, facilitatorsPresent: ["F1"],
                                                  leadFacilitatorId: "F1")
                            session.content.singing = index % 3 == 0
                            session.content.dollModelling = index % 2 == 0
                            try await SessionLogStore.save(SessionLog(session: session, register: []), today: today, on: connection)
                            return true
                        }
                    }
                    return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
                }
                #expect(saved == 16)
                #expect(try await ProfileStore.differences(on: db) == [])
            }
        }
    }

    @Test("sixteen logs of one programme saved at once: all stored, the profile equal to the derived one (SQLite)")
    func concurrentLogsSQLite() async throws {
        try await withSQLiteFile { try await Self.concurrentLogs($0) }
    }

    @Test("sixteen logs of one programme saved at once: all stored, the profile equal to the derived one (PostgreSQL)",
          PostgresTestServer.trait)
    func concurrentLogsPostgres() async throws {
        try await PostgresTestServer.withDatabase { try await Self.concurrentLogs($0) }
    }

    @Test("profiles are derived with the first evidence stored, read back as the engine derives them, and follow the rubric put in use")
    func storedEqualsDerived() async throws {
        try await withSQLiteFile { location in
            try await withTestDatabases(location) { databases in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                #expect(try await ProfileStore.rubricInUse(on: db) == nil)
                let study = try StudyEvidence.load()
                try await EvidenceStore.save(study, on: db)
                let standard = try Rubric.standard()
                #expect(try await ProfileStore.rubricInUse(on: db) == standard)
                let read = try #require(try await ProfileStore.read(rubric: standard, on: db))
                let derived = AssessmentEngine(rubric: standard).profiles(EvidenceIndex(study))
                #expect(read.profiles.map(\.programme.id) == derived.map(\.programme.id))
                for (stored, fresh) in zip(read.profiles, derived) {
                    #expect(stored.assessments.map(\.rating) == fresh.assessments.map(\.rating))
                    #expect(stored.assessments.map(\.explanation) == fresh.assessments.map(\.explanation))
                    #expect(stored.assessments.map(\.derived.evidence) == fresh.assessments.map(\.derived.evidence))
                }
                // Another rubric: the stored profiles are not its own until it is put in use.
                let site = try Rubric.read(Data(#"{"rubric_version":"site-7","name":"Site","rules":[{"mechanism":"M7","rule":"group_size","minimum_dyads":5,"maximum_dyads":8,"yes_at_least":0.8}]}"#.utf8), source: "site")
                #expect(try await ProfileStore.read(rubric: site, on: db) == nil)
                #expect(try await ProfileStore.ensureCurrent(rubric: site, on: db))
                #expect(try await ProfileStore.rubricInUse(on: db) == site)
                let siteRead = try #require(try await ProfileStore.read(rubric: site, on: db))
                #expect(siteRead.profiles.first?.assessment(MechanismID(1))?.rating == .notAssessed)
                #expect(try await ProfileStore.ensureCurrent(rubric: site, on: db) == false)
                #expect(try await ProfileStore.differences(on: db) == [])
            }
        }
    }

    @Test("a rubric written back as a file reads as the same rubric")
    func rubricRoundTrip() throws {
        let standard = try Rubric.standard()
        #expect(try Rubric.read(standard.fileData, source: "written back") == standard)
    }
}
