/// M3: the same person led every session.
enum ConsistentLeadRule {
    static func assess(_ sessions: [Session], index: EvidenceIndex, maximumDistinctLeads: Int) -> DerivedRating {
        let led = sessions.filter { $0.leadFacilitatorId != nil }
        guard !led.isEmpty else {
            return DerivedRating(rating: .notAssessed, explanation: "no session has a recorded lead: not assessed", evidence: [])
        }
        var sessionsByLead: [String: [Int]] = [:]
        for session in led { sessionsByLead[session.leadFacilitatorId!, default: []].append(session.number) }
        let leads = sessionsByLead
        if leads.count <= maximumDistinctLeads {
            return DerivedRating(rating: .yes, explanation: {
                let names = leads.keys.sorted().map(index.facilitatorName).joined(separator: " and ")
                let all = led.count == 1 ? "the 1 recorded session" : "all \(led.count) recorded sessions"
                return "\(names) led \(all): yes"
            }(), evidence: led.map { EvidenceReference.session($0.id) })
        }
        return DerivedRating(rating: .no, explanation: {
            let detail = leads
                .sorted { $0.value.min()! < $1.value.min()! }
                .map { "\(index.facilitatorName($0.key)) (session\($0.value.count == 1 ? "" : "s") \($0.value.map(String.init).joined(separator: ", ")))" }
                .joined(separator: "; ")
            let allowed = maximumDistinctLeads == 1 ? "yes needs one lead throughout" : "yes needs at most \(maximumDistinctLeads) leads"
            return "\(leads.count) different facilitators led the \(led.count) sessions: \(detail): no; \(allowed)"
        }(), evidence: led.map { EvidenceReference.session($0.id) })
    }
}
