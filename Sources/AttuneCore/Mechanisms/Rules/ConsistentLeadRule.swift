/// M3: the same person led every session.
enum ConsistentLeadRule {
    static func assess(_ sessions: [Session], index: EvidenceIndex, maximumDistinctLeads: Int) -> DerivedRating {
        // One pass, without copying the sessions led: this runs for every programme. The list of
        // them is made only for the evidence, when that is read.
        var ledCount = 0
        var sessionsByLead: [String: [Int]] = [:]
        for position in sessions.indices {
            guard let lead = sessions[position].leadFacilitatorId else { continue }
            ledCount += 1
            sessionsByLead[lead, default: []].append(sessions[position].number)
        }
        guard ledCount > 0 else {
            return DerivedRating(rating: .notAssessed, explanation: "no session has a recorded lead: not assessed", evidence: [])
        }
        let leads = sessionsByLead, led = ledCount
        if leads.count <= maximumDistinctLeads {
            return DerivedRating(rating: .yes, explanation: {
                let names = leads.keys.sorted().map(index.facilitatorName).joined(separator: " and ")
                let all = led == 1 ? "the 1 recorded session" : "all \(led) recorded sessions"
                return "\(names) led \(all): yes"
            }(), evidence: Self.ledSessions(sessions))
        }
        return DerivedRating(rating: .no, explanation: {
            let detail = leads
                .sorted { $0.value.min()! < $1.value.min()! }
                .map { "\(index.facilitatorName($0.key)) (session\($0.value.count == 1 ? "" : "s") \($0.value.map(String.init).joined(separator: ", ")))" }
                .joined(separator: "; ")
            let allowed = maximumDistinctLeads == 1 ? "yes needs one lead throughout" : "yes needs at most \(maximumDistinctLeads) leads"
            return "\(leads.count) different facilitators led the \(led) sessions: \(detail): no; \(allowed)"
        }(), evidence: Self.ledSessions(sessions))
    }

    private static func ledSessions(_ sessions: [Session]) -> [EvidenceReference] {
        sessions.filter { $0.leadFacilitatorId != nil }.map { EvidenceReference.session($0.id) }
    }
}
