import Foundation

/// The fields each kind of record may carry, as docs/evidence.schema.json lists them (a test
/// keeps the two equal). A document with any other field is refused: a misspelt check would
/// otherwise read as "not recorded" and quietly change a rating.
enum EvidenceFields {
    static let document: Set<String> = ["format", "version", "reconstructed", "description", "centres", "facilitators",
                                        "programmes", "sessions", "dyads", "invitations", "attendance", "overrides", "measurements"]
    static let records: [String: Set<String>] = [
        "centres": ["id", "name", "deprivation_decile"],
        "facilitators": ["id", "name", "role", "training_body", "training_days", "special_interests"],
        "programmes": ["id", "centre_id", "name", "planned_sessions", "session_minutes", "start_date", "end_date", "place_limit",
                       "venue", "start_time", "reminders"],
        "sessions": ["id", "programme_id", "number", "date", "facilitators_present", "lead_facilitator_id",
                     "room_temperature_celsius", "setting", "content", "observer", "unregistered_dyads_present", "notes", "cancelled"],
        "dyads": ["id", "mother_name", "mother_age_years", "infant_name", "infant_date_of_birth", "social_risk_factors",
                  "consent_to_records", "consent_date", "phone", "email", "preferred_channel"],
        "invitations": ["id", "dyad_id", "programme_id", "invited_by_facilitator_id", "invited_by_practitioner", "mode", "date",
                        "status", "consent_date", "closed_date", "closed_reason"],
        "attendance": ["dyad_id", "session_id", "status", "absence_reason"],
        "overrides": ["programme_id", "mechanism", "rating", "rationale", "observer", "date"],
        "measurements": ["id", "dyad_id", "instrument", "timepoint", "date", "administered_by", "item_scores",
                         "subscale_scores", "category_scores", "scales", "classification"],
    ]
    static let sessionParts: [String: Set<String>] = [
        "setting": ["easy_to_find", "greeted_at_door", "buggies_accommodated", "room_not_crowded", "warm_enough"],
        "content": ["strokes_taught", "strokes_taught_competently", "infant_states_taught", "infant_cues_taught",
                    "baby_permission_asked", "doll_modelling", "singing", "social_time", "social_minutes", "reflective_prompts"],
        "observer": ["containing_atmosphere", "technical_skill", "personal_qualities"],
    ]

    /// "sessions[3]: unknown field room_temprature_celsius" for every field not in the lists.
    static func unknown(in data: Data) -> [String] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        var problems = root.keys.filter { !document.contains($0) }.sorted().map { "document: unknown field \($0)" }
        for (kind, allowed) in records.sorted(by: { $0.key < $1.key }) {
            for (index, record) in ((root[kind] as? [Any]) ?? []).enumerated() {
                guard let fields = record as? [String: Any] else { continue }
                problems += fields.keys.filter { !allowed.contains($0) }.sorted().map { "\(kind)[\(index)]: unknown field \($0)" }
                guard kind == "sessions" else { continue }
                for (part, partFields) in sessionParts.sorted(by: { $0.key < $1.key }) {
                    let keys = (fields[part] as? [String: Any])?.keys.filter { !partFields.contains($0) } ?? []
                    problems += keys.sorted().map { "\(kind)[\(index)].\(part): unknown field \($0)" }
                }
            }
        }
        return problems
    }
}
