import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// A session's yes/no checks are defined once (`EvidenceRecords.session`); the form, the schema,
/// the sessions table and the row mapping follow. Adding a check to the definition without its
/// migration fails here (no column); without the property it does not compile.
@Suite("Session checks: one definition")
struct SessionCheckDefinitionTests {
    /// The checks as defined, group by group: the list a reader of this test can hold against
    /// the session log.
    static let defined = [
        "setting": ["easy_to_find", "greeted_at_door", "buggies_accommodated", "room_not_crowded", "warm_enough"],
        "content": ["strokes_taught", "strokes_taught_competently", "infant_states_taught", "infant_cues_taught",
                    "baby_permission_asked", "doll_modelling", "singing", "social_time", "reflective_prompts"],
        "observer": ["containing_atmosphere", "technical_skill", "personal_qualities"],
    ]

    @Test("the definition lists the session log's seventeen checks in three groups")
    func definitionLists() {
        let groups = Dictionary(uniqueKeysWithValues: EvidenceRecords.sessionChecks.map { ($0.group.name, $0.checks.map(\.name)) })
        #expect(groups == Self.defined)
        #expect(SessionCheckField.all.count == 17)
    }

    @Test("each defined check is in the schema, the form and the sessions table, and saves and reads back")
    func everyCheckEverywhere() async throws {
        let schema = try #require(EvidenceSchema.object()["$defs"] as? [String: [String: Any]])
        let sessionSchema = try #require(schema["session"]?["properties"] as? [String: [String: Any]])
        for (group, checks) in EvidenceRecords.sessionChecks {
            let properties = (sessionSchema[group.name]?["properties"] as? [String: Any]) ?? [:]
            for check in checks { #expect(properties[check.name] != nil, "schema: \(group.name).\(check.name)") }
        }
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            let columns = try await TableColumns.names(of: "sessions", on: app.db)
            for check in SessionCheckField.all { #expect(columns.contains(check.name), "sessions table: \(check.name)") }

            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let form = try await web.get("/programmes/A-NOW/sessions/1").body.string
            for check in SessionCheckField.all {
                #expect(form.contains(SafeHTML(#"<legend>\#(check.label)</legend>"#).raw), "form label: \(check.name)")
                for option in ["yes", "no", ""] {
                    #expect(form.contains(#"name="\#(check.name)" value="\#(option)""#), "form: \(check.name) \(option)")
                }
            }
            // Each check its own answer (yes, no, not recorded in turn): a check read from or
            // written to another's column would come back wrong.
            func answer(_ index: Int) -> Bool? { [true, false, nil][index % 3] }
            var values = PagesTests.sessionForm([:])
            for (index, check) in SessionCheckField.all.enumerated() {
                values[check.name] = answer(index).map { $0 ? "yes" : "no" } ?? ""
            }
            let saved = try await web.post("/programmes/A-NOW/sessions/1", values)
            #expect(saved.status == .seeOther)
            let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["A-NOW"], on: app.db)
            let session = try #require(stored.sessions.first { $0.number == 1 })
            for (index, check) in SessionCheckField.all.enumerated() {
                #expect(session[keyPath: check.keyPath] == answer(index), "stored: \(check.name)")
            }
            // Saved again with every answer turned round: an update writes each column too.
            for (index, check) in SessionCheckField.all.enumerated() {
                values[check.name] = answer(index + 1).map { $0 ? "yes" : "no" } ?? ""
            }
            #expect(try await web.post("/programmes/A-NOW/sessions/1", values).status == .seeOther)
            let again = try await EvidenceStore.load(includingMeasures: false, programmes: ["A-NOW"], on: app.db)
            let updated = try #require(again.sessions.first { $0.number == 1 })
            for (index, check) in SessionCheckField.all.enumerated() {
                #expect(updated[keyPath: check.keyPath] == answer(index + 1), "updated: \(check.name)")
            }
            let shown = try await web.get("/programmes/A-NOW/sessions/1").body.string
            for (index, check) in SessionCheckField.all.enumerated() {
                let option = answer(index + 1).map { $0 ? "yes" : "no" } ?? ""
                #expect(shown.contains(#"name="\#(check.name)" value="\#(option)" checked"#), "form shows: \(check.name)")
            }
        }
    }
}
