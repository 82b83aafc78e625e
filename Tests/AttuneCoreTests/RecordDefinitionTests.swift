import Foundation
import Testing
@testable import AttuneCore

/// The record definitions (`EvidenceRecords`) against the Swift values they describe: every key
/// a record is written with is defined, every field that is not open can be withheld, and a
/// pseudonymised document keeps nothing a definition marks as private.
@Suite("Record definitions")
struct RecordDefinitionTests {
    /// Every key the study document's records are written with, by collection (and session group).
    static func writtenKeys() throws -> [String: Set<String>] {
        let json = try #require(try JSONSerialization.jsonObject(with: StudyEvidence.load().encoded()) as? [String: Any])
        var keys: [String: Set<String>] = [:]
        for (collection, _) in EvidenceRecords.collections {
            for record in (json[collection] as? [[String: Any]]) ?? [] {
                keys[collection, default: []].formUnion(record.keys)
                guard collection == "sessions" else { continue }
                for group in ["setting", "content", "observer"] {
                    keys["sessions.\(group)", default: []].formUnion(((record[group] as? [String: Any]) ?? [:]).keys)
                }
            }
        }
        return keys
    }

    @Test("every key a record is written with is a defined field")
    func writtenKeysAreDefined() throws {
        let written = try Self.writtenKeys()
        #expect(written["sessions"]?.isSubset(of: EvidenceFields.records["sessions"]!) == true)
        for (collection, keys) in written {
            let defined = collection.hasPrefix("sessions.")
                ? EvidenceFields.checkGroups["sessions"]?[String(collection.dropFirst("sessions.".count))] ?? []
                : EvidenceFields.records[collection] ?? []
            #expect(keys.subtracting(defined).isEmpty, "\(collection): \(keys.subtracting(defined).sorted())")
        }
        // Every yes/no check of the study's sessions, set through its definition, is written
        // under the definition's name: the definition and the Swift property agree.
        for check in SessionCheckField.all {
            var session = Session(id: "S", programmeId: "P", number: 1, facilitatorsPresent: ["F"], leadFacilitatorId: "F")
            session[keyPath: check.keyPath] = true
            let object = try #require(try JSONSerialization.jsonObject(with: EvidenceDocument.encoder.encode(session)) as? [String: Any])
            let groups = ["setting", "content", "observer"].compactMap { object[$0] as? [String: Any] }
            #expect(groups.contains { $0[check.name] as? Bool == true }, "\(check.name)")
        }
    }

    @Test("a pseudonymised document holds no value of a field marked free text or identifying")
    func privateFieldsWithheld() throws {
        var document = try StudyEvidence.load()
        let marker = "PRIVATE-MARKER"
        // Plant text in every field that can hold it and is not open.
        func planted<Record>(_ records: [Record], _ definition: RecordDefinition<Record>) -> [Record] {
            records.map { record in
                var copy = record
                for (_, field) in definition.allFields where field.privacy == .freeText || field.privacy == .identifying {
                    switch field.access {
                    case .text(let path)?: copy[keyPath: path] = marker
                    case .requiredText(let path)?: copy[keyPath: path] = marker
                    case .textList(let path)?: copy[keyPath: path] = [marker]
                    default: break
                    }
                }
                return copy
            }
        }
        document.description = marker
        document.centres = planted(document.centres, EvidenceRecords.centre)
        document.facilitators = planted(document.facilitators, EvidenceRecords.facilitator)
        document.programmes = planted(document.programmes, EvidenceRecords.programme)
        document.sessions = planted(document.sessions, EvidenceRecords.session)
        document.dyads = planted(document.dyads, EvidenceRecords.dyad)
        document.invitations = planted(document.invitations, EvidenceRecords.invitation)
        document.attendance = planted(document.attendance, EvidenceRecords.attendance)
        document.overrides = planted(document.overrides, EvidenceRecords.override)
        document.secondObservations = planted([SecondObservation(sessionId: document.sessions[0].id, observerName: "x")],
                                              EvidenceRecords.secondObservation)
        let before = String(decoding: try document.encoded(), as: UTF8.self)
        #expect(before.contains(marker))
        let shown = String(decoding: try document.pseudonymised { "p-" + String($0.count) }.encoded(), as: UTF8.self)
        #expect(!shown.contains(marker))
        #expect(!document.dyads.contains { shown.contains("\"\($0.id)\"") }, "a working dyad code reached the evaluator")
    }

    @Test("every field that is not open says how to reach its value, so it can be withheld")
    func privateFieldsHaveAccess() {
        func check<Record>(_ definition: RecordDefinition<Record>) {
            for (path, field) in definition.allFields where field.privacy != .open {
                #expect(field.access != nil, "\(definition.recordName).\(path) is \(field.privacy) but has no access")
            }
        }
        check(EvidenceRecords.document)
        check(EvidenceRecords.centre)
        check(EvidenceRecords.facilitator)
        check(EvidenceRecords.programme)
        check(EvidenceRecords.session)
        check(EvidenceRecords.dyad)
        check(EvidenceRecords.invitation)
        check(EvidenceRecords.attendance)
        check(EvidenceRecords.override)
        check(EvidenceRecords.measurement)
    }
}
