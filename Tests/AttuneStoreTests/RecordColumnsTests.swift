import AttuneCore
import FluentKit
import Foundation
import Testing
@testable import AttuneStore

/// Each evidence table's columns follow from its record's definition (`EvidenceRows.columns`):
/// a field added to a definition is a column the table must have (its migration) and a value
/// `EvidenceRows` must map (or the row functions stop at once); a column the table has beyond
/// its definition is one of the few listed here, each with the store that keeps it.
@Suite("Evidence tables: one definition per record")
struct RecordColumnsTests {
    /// Columns kept by other parts of the store, not by the evidence document.
    static let keptElsewhere: [String: Set<String>] = [
        // What a publication printed (`PublishedRatings`) and the enrolment's optimistic lock (`EnrolmentStore`).
        "programmes": ["published_total", "enrolment_version"],
        // The centre that recorded the measure (`MeasureStore`), which decides who sees it.
        "measurements": ["centre_id"],
        // The account a facilitator signs in with (`FacilitatorStore`).
        "facilitators": ["user_id"],
    ]

    static let tables: [(table: String, columns: [String], fields: [String])] = [
        ("centres", EvidenceRows.centreColumns, EvidenceRecords.centre.fields.map(\.name)),
        ("facilitators", EvidenceRows.facilitatorColumns, EvidenceRecords.facilitator.fields.map(\.name)),
        ("programmes", EvidenceRows.programmeColumns, EvidenceRecords.programme.fields.map(\.name)),
        ("sessions", EvidenceRows.sessionColumns, EvidenceRecords.session.allFields.map { String($0.path.split(separator: ".").last!) }),
        ("dyads", EvidenceRows.dyadInsertColumns, EvidenceRecords.dyad.fields.map(\.name)),
        ("invitations", EvidenceRows.invitationColumns, EvidenceRecords.invitation.fields.map(\.name)),
        ("attendance", EvidenceRows.attendanceColumns, EvidenceRecords.attendance.fields.map(\.name)),
        ("mechanism_overrides", EvidenceRows.overrideColumns, EvidenceRecords.override.fields.map(\.name)),
        ("measurements", EvidenceRows.measurementColumns, EvidenceRecords.measurement.fields.map(\.name)),
    ]

    @Test("every field of every record has its column, named as the definition names it")
    func everyFieldHasItsColumn() {
        // Where a field's column is named otherwise, or holds it with others, or it is kept in a table of its own.
        let elsewhere: [String: String] = ["id": "code", "reminders": "reminder_schedule", "facilitators_present": "session_facilitators"]
            .merging(Dictionary(uniqueKeysWithValues: MeasureValues.fields.map { ($0, "values") })) { first, _ in first }
        for (table, columns, fields) in Self.tables {
            for field in fields {
                let column = elsewhere[field] ?? field
                #expect(columns.contains(column) || column == "session_facilitators", "\(table): \(field) has no column")
            }
        }
    }

    @Test("each evidence table has exactly the columns its definition gives, and those kept by other stores", arguments: [false, true])
    func tablesMatchDefinitions(postgres: Bool) async throws {
        func check(_ location: DatabaseLocation) async throws {
            try await withTestDatabases(location) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                for (table, columns, _) in Self.tables {
                    let inDatabase = try await TableColumns.names(of: table, on: db)
                    #expect(inDatabase == Set(columns).union(Self.keptElsewhere[table] ?? []), "\(table)")
                }
            }
        }
        if postgres {
            guard PostgresTestServer.url != nil else { return }
            try await PostgresTestServer.withDatabase { try await check($0) }
        } else {
            try await check(.sqliteMemory(identifier: UUID().uuidString))
        }
    }

    @Test("the row functions give one value per column, in the columns' order")
    func rowsFollowTheColumns() {
        let study = try! StudyEvidence.load()
        let id = UUID()
        #expect(EvidenceRows.row(study.centres[0], id: id).count == EvidenceRows.centreColumns.count)
        #expect(EvidenceRows.row(study.facilitators[0], id: id).count == EvidenceRows.facilitatorColumns.count)
        let programmeRow = EvidenceRows.row(study.programmes[0], id: id, centreID: id, reconstructed: true)
        #expect(programmeRow.count == EvidenceRows.programmeColumns.count)
        // Named values land in their named columns.
        let code = EvidenceRows.programmeColumns.firstIndex(of: "code")!
        if case .text(let text) = programmeRow[code] { #expect(text == study.programmes[0].id) } else { Issue.record("code") }
        let planned = EvidenceRows.programmeColumns.firstIndex(of: "planned_sessions")!
        if case .int(let value) = programmeRow[planned] { #expect(value == study.programmes[0].plannedSessions) } else { Issue.record("planned") }
        #expect(EvidenceRows.row(study.sessions[0], id: id, programmeID: id, leadID: nil).count == EvidenceRows.sessionColumns.count)
        #expect(EvidenceRows.row(study.dyads[0], id: id, needSignals: nil).count == EvidenceRows.dyadInsertColumns.count)
        #expect(EvidenceRows.row(study.invitations[0], id: id, dyadID: id, programmeID: id, facilitatorID: nil).count
                == EvidenceRows.invitationColumns.count)
        #expect(EvidenceRows.row(study.attendance[0], id: id, dyadID: id, sessionID: id).count == EvidenceRows.attendanceColumns.count)
        // Each table's own values in the columns named for them (the counts above hold by
        // construction; these would not if a case gave another field's value).
        func text(_ row: [SQLValue], _ columns: [String], _ name: String) -> String? {
            guard let index = columns.firstIndex(of: name), case .text(let value) = row[index] else { return nil }
            return value
        }
        let session = study.sessions[0]
        let sessionRow = EvidenceRows.row(session, id: id, programmeID: id, leadID: nil)
        #expect(text(sessionRow, EvidenceRows.sessionColumns, "code") == session.id)
        #expect(text(sessionRow, EvidenceRows.sessionColumns, "date") == session.date?.description)
        for check in SessionCheckField.all {
            let index = EvidenceRows.sessionColumns.firstIndex(of: check.name)!
            if case .bool(let value) = sessionRow[index] { #expect(value == session[keyPath: check.keyPath], "\(check.name)") } else { Issue.record("\(check.name)") }
        }
        let dyad = study.dyads[0]
        let dyadRow = EvidenceRows.row(dyad, id: id, needSignals: "signals")
        #expect(text(dyadRow, EvidenceRows.dyadInsertColumns, "code") == dyad.id)
        #expect(text(dyadRow, EvidenceRows.dyadInsertColumns, "need_signals") == "signals")
        let invitation = study.invitations[0]
        let invitationRow = EvidenceRows.row(invitation, id: id, dyadID: id, programmeID: id, facilitatorID: nil)
        #expect(text(invitationRow, EvidenceRows.invitationColumns, "code") == invitation.id)
        #expect(text(invitationRow, EvidenceRows.invitationColumns, "mode") == invitation.mode.rawValue)
        #expect(text(invitationRow, EvidenceRows.invitationColumns, "status") == invitation.status.rawValue)
        let attendance = study.attendance[0]
        #expect(text(EvidenceRows.row(attendance, id: id, dyadID: id, sessionID: id), EvidenceRows.attendanceColumns, "status")
                == attendance.status.rawValue)
    }
}
