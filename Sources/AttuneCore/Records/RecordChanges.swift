import Foundation

/// One field of a record changed after it was saved: what it was, what it became, as a person
/// reads them ("yes", "not recorded", "21.5").
public struct RecordChange: Equatable, Sendable, Codable {
    /// The field's path in its record ("setting.warm_enough", or "attendance.A-M1").
    public let field: String
    /// What a person reads for the field ("Warm enough for undressed babies").
    public let label: String
    public let old: String
    public let new: String

    public init(field: String, label: String, old: String, new: String) {
        self.field = field
        self.label = label
        self.old = old
        self.new = new
    }

    /// What an absent value reads as.
    public static let notRecorded = "not recorded"
}

extension RecordDefinition where Record: Encodable {
    /// The fields of the definition whose values differ between `old` and `new`, in the
    /// definition's order, each put into words. Fields not in the definition are not compared.
    public func changes(from old: Record, to new: Record) -> [RecordChange] {
        let before = Self.flattened(old), after = Self.flattened(new)
        return allFields.compactMap { path, field in
            let was = Self.words(before[path], kind: field.kind), now = Self.words(after[path], kind: field.kind)
            return was == now ? nil : RecordChange(field: path, label: field.label, old: was, new: now)
        }
    }

    /// Each field's value as the record encodes it, by path ("setting.warm_enough").
    static func flattened(_ record: Record) -> [String: Any] {
        guard let data = try? EvidenceDocument.encoder.encode(record),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var values: [String: Any] = [:]
        for (key, value) in object {
            if let group = value as? [String: Any] {
                for (inner, innerValue) in group { values[key + "." + inner] = innerValue }
            } else {
                values[key] = value
            }
        }
        return values
    }

    /// A value in words; a yes/no field's as "yes" or "no" (JSON's booleans read back as numbers).
    static func words(_ value: Any?, kind: FieldKind) -> String {
        switch value {
        case nil, is NSNull: return RecordChange.notRecorded
        case let list as [Any]: return list.isEmpty ? RecordChange.notRecorded : list.map { words($0, kind: .text(minimumLength: nil, maximumLength: nil)) }.joined(separator: ", ")
        case let flag as Bool where kind == .yesNo: return flag ? "yes" : "no"
        case let number as NSNumber where kind == .yesNo: return number.boolValue ? "yes" : "no"
        case let number as NSNumber: return number.stringValue
        case let text as String: return text
        case let value?: return String(describing: value)
        }
    }
}
