import Foundation

/// The fields each kind of record may carry, as `EvidenceRecords` defines them. A document with
/// any other field is refused: a misspelt check would otherwise read as "not recorded" and
/// quietly change a rating.
enum EvidenceFields {
    static let document = Set(EvidenceRecords.document.fields.map(\.name) + EvidenceRecords.collections.map(\.collection))
    static let records: [String: Set<String>] = [
        EvidenceRecords.centre.collection: names(EvidenceRecords.centre.fields),
        EvidenceRecords.facilitator.collection: names(EvidenceRecords.facilitator.fields),
        EvidenceRecords.programme.collection: names(EvidenceRecords.programme.fields),
        EvidenceRecords.session.collection: names(EvidenceRecords.session.fields),
        EvidenceRecords.dyad.collection: names(EvidenceRecords.dyad.fields),
        EvidenceRecords.invitation.collection: names(EvidenceRecords.invitation.fields),
        EvidenceRecords.attendance.collection: names(EvidenceRecords.attendance.fields),
        EvidenceRecords.override.collection: names(EvidenceRecords.override.fields),
        EvidenceRecords.measurement.collection: names(EvidenceRecords.measurement.fields),
        EvidenceRecords.secondObservation.collection: names(EvidenceRecords.secondObservation.fields),
        EvidenceRecords.excerpt.collection: names(EvidenceRecords.excerpt.fields),
    ]
    /// The groups of checks a session, or a second observation of one, holds.
    static let checkGroups: [String: [String: Set<String>]] = [
        EvidenceRecords.session.collection: EvidenceRecords.session.groups.mapValues(names),
        EvidenceRecords.secondObservation.collection: EvidenceRecords.secondObservation.groups.mapValues(names),
    ]

    private static func names<Record>(_ fields: [RecordField<Record>]) -> Set<String> { Set(fields.map(\.name)) }

    /// "sessions[3]: unknown field room_temprature_celsius" for every field not in the lists.
    static func unknown(in data: Data) -> [String] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        var problems = root.keys.filter { !document.contains($0) }.sorted().map { "document: unknown field \($0)" }
        for (kind, allowed) in records.sorted(by: { $0.key < $1.key }) {
            for (index, record) in ((root[kind] as? [Any]) ?? []).enumerated() {
                guard let fields = record as? [String: Any] else { continue }
                problems += fields.keys.filter { !allowed.contains($0) }.sorted().map { "\(kind)[\(index)]: unknown field \($0)" }
                for (part, partFields) in (checkGroups[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let keys = (fields[part] as? [String: Any])?.keys.filter { !partFields.contains($0) } ?? []
                    problems += keys.sorted().map { "\(kind)[\(index)].\(part): unknown field \($0)" }
                }
            }
        }
        return problems
    }
}
