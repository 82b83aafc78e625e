import Foundation

/// The evidence document's JSON Schema (2020-12), made from `EvidenceRecords`. `attune schema`
/// prints it; docs/evidence.schema.json is that output, and a test keeps the two equal.
public enum EvidenceSchema {
    /// The schema as a JSON object.
    public static func object() -> [String: Any] {
        var definitions: [String: Any] = [
            "date": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A calendar date, YYYY-MM-DD."],
        ]
        func add<Record>(_ definition: RecordDefinition<Record>) {
            definitions[definition.recordName] = object(definition.fields, groups: definition.groups, description: definition.description)
        }
        add(EvidenceRecords.centre)
        add(EvidenceRecords.facilitator)
        add(EvidenceRecords.programme)
        add(EvidenceRecords.session)
        add(EvidenceRecords.dyad)
        add(EvidenceRecords.invitation)
        add(EvidenceRecords.attendance)
        add(EvidenceRecords.override)
        add(EvidenceRecords.measurement)
        add(EvidenceRecords.secondObservation)
        add(EvidenceRecords.excerpt)

        var root = object(EvidenceRecords.document.fields, groups: [:], description: EvidenceRecords.document.description)
        var properties = root["properties"] as? [String: Any] ?? [:]
        for (collection, recordName) in EvidenceRecords.collections {
            properties[collection] = ["type": "array", "items": ["$ref": "#/$defs/\(recordName)"]]
        }
        root["properties"] = properties
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["$id"] = "https://attune.example/schemas/evidence.schema.json"
        root["title"] = "Attune evidence document"
        root["$defs"] = definitions
        return root
    }

    /// The schema as `attune schema` prints it: keys sorted, two-space indents, a final newline.
    public static func text() -> String {
        let data = try! JSONSerialization.data(withJSONObject: object(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func object<Record>(_ fields: [RecordField<Record>], groups: [String: [RecordField<Record>]], description: String?) -> [String: Any] {
        var object: [String: Any] = [
            "type": "object", "additionalProperties": false,
            "required": fields.filter(\.required).map(\.name),
            "properties": Dictionary(uniqueKeysWithValues: fields.map { field in
                (field.name, field.kind == .group
                    ? Self.object(groups[field.name] ?? [], groups: [:], description: field.description)
                    : property(field))
            }),
        ]
        if let description { object["description"] = description }
        return object
    }

    static func property<Record>(_ field: RecordField<Record>) -> [String: Any] {
        func typed(_ type: String) -> Any { field.nullable ? [type, "null"] : type }
        var property: [String: Any]
        switch field.kind {
        case .id:
            property = ["type": "string", "minLength": 1]
        case .reference:
            property = ["type": typed("string")]
        case .references(_, let minimum):
            property = ["type": "array", "items": ["type": "string"]]
            if minimum > 0 { property["minItems"] = minimum }
        case .text(let minimum, let maximum):
            property = ["type": typed("string")]
            if let minimum { property["minLength"] = minimum }
            if let maximum { property["maxLength"] = maximum }
        case .yesNo:
            property = ["type": typed("boolean")]
        case .wholeNumber(let minimum, let maximum):
            property = ["type": typed("integer")]
            if let minimum { property["minimum"] = minimum }
            if let maximum { property["maximum"] = maximum }
        case .decimal(let minimum, let maximum):
            property = ["type": typed("number"), "minimum": minimum, "maximum": maximum]
        case .date:
            property = field.nullable ? ["oneOf": [["$ref": "#/$defs/date"], ["type": "null"]]] : ["$ref": "#/$defs/date"]
        case .clockTime:
            let time: [String: Any] = ["type": "string", "pattern": ClockTime.pattern]
            property = field.nullable ? ["oneOf": [time, ["type": "null"]]] : time
        case .choice(let values):
            property = ["enum": field.nullable ? values + [NSNull()] as [Any] : values]
        case .choices(let values):
            property = ["type": "array", "items": ["enum": values]]
        case .textList:
            property = ["type": "array", "items": ["type": "string"]]
        case .group:
            property = [:]
        case .structured(let schema):
            property = (try? JSONSerialization.jsonObject(with: Data(schema.utf8))) as? [String: Any] ?? [:]
        }
        if let description = field.description { property["description"] = description }
        return property
    }

    /// A programme's reminder schedule.
    static let reminderSchedule = """
        {"oneOf": [{"type": "null"}, {"type": "object", "additionalProperties": false,
         "description": "When reminders go out; the standard schedule (7 and 1 days before the first session, 1 day before later ones, at 10:00) when absent.",
         "properties": {"days_before_first": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 28}},
                        "days_before_later": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 28}},
                        "send_at": {"type": "string", "pattern": "\(ClockTime.pattern)", "description": "Local time of day, HH:MM."}}}]}
        """
}

extension ClockTime {
    /// HH:MM, 24-hour, as a JSON Schema pattern.
    static let pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
}
