import Foundation
import Testing
@testable import AttuneCore

@Suite("Evidence document schema")
struct EvidenceSchemaTests {
    static let schemaFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/evidence.schema.json")

    static func properties(_ object: [String: Any]?) -> Set<String> {
        Set(((object?["properties"] as? [String: Any]) ?? [:]).keys)
    }

    @Test("docs/evidence.schema.json lists exactly the fields the reader accepts")
    func schemaMatchesReader() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaFile)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: [String: Any]])
        #expect(Self.properties(schema) == EvidenceFields.document)
        let kinds = ["centres": "centre", "facilitators": "facilitator", "programmes": "programme", "sessions": "session",
                     "dyads": "dyad", "invitations": "invitation", "attendance": "attendance", "overrides": "override",
                     "measurements": "measurement", "second_observations": "second_observation"]
        for (collection, definition) in kinds {
            #expect(Self.properties(definitions[definition]) == EvidenceFields.records[collection], "\(definition)")
        }
        for (collection, definition) in ["sessions": "session", "second_observations": "second_observation"] {
            let properties = try #require(definitions[definition]?["properties"] as? [String: [String: Any]])
            for (part, fields) in EvidenceFields.checkGroups[collection] ?? [:] {
                #expect(Self.properties(properties[part]) == fields, "\(definition).\(part)")
            }
        }
    }

    @Test("docs/evidence.schema.json is the schema the record definitions make (attune schema)")
    func schemaFileIsGenerated() throws {
        let committed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.schemaFile)) as? NSDictionary)
        let generated = try #require(try JSONSerialization.jsonObject(with: Data(EvidenceSchema.text().utf8)) as? NSDictionary)
        #expect(committed == generated, "run: attune schema > docs/evidence.schema.json")
    }

    @Test("each field's schema follows from its kind: a yes/no check is a boolean or null, free text is limited")
    func fieldsFollowTheirKind() throws {
        let definitions = try #require(EvidenceSchema.object()["$defs"] as? [String: [String: Any]])
        let session = try #require(definitions["session"]?["properties"] as? [String: [String: Any]])
        for (group, checks) in EvidenceRecords.sessionChecks {
            let properties = try #require(session[group.name]?["properties"] as? [String: [String: Any]])
            for check in checks {
                #expect(properties[check.name]?["type"] as? [String] == ["boolean", "null"], "\(group.name).\(check.name)")
            }
        }
        #expect(session["notes"]?["maxLength"] as? Int == FreeText.maximumCharacters)
        let invitation = try #require(definitions["invitation"]?["properties"] as? [String: [String: Any]])
        #expect(invitation["closed_reason"]?["maxLength"] as? Int == FreeText.maximumCharacters)
    }

    @Test("a misspelt field is refused, with its place named, instead of reading as not recorded")
    func unknownField() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: StudyEvidence.load().encoded()) as? [String: Any])
        var sessions = try #require(json["sessions"] as? [[String: Any]])
        sessions[2]["room_temprature_celsius"] = 21
        var content = try #require(sessions[4]["content"] as? [String: Any])
        content["singin"] = true
        sessions[4]["content"] = content
        json["sessions"] = sessions
        let data = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: EvidenceError.unreadable(
            "sessions[2]: unknown field room_temprature_celsius; sessions[4].content: unknown field singin")) {
            try EvidenceDocument.read(data)
        }
    }
}
