/// What an evaluator may see of an evidence document: dyad codes, never names, dates of birth,
/// contact details or free text that could name someone (session notes, reasons typed in).
extension EvidenceDocument {
    public func pseudonymised() -> EvidenceDocument {
        var copy = self
        for index in copy.dyads.indices {
            copy.dyads[index].motherName = nil
            copy.dyads[index].infantName = nil
            copy.dyads[index].infantDateOfBirth = nil
            copy.dyads[index].phone = nil
            copy.dyads[index].email = nil
        }
        for index in copy.sessions.indices { copy.sessions[index].notes = nil }
        for index in copy.invitations.indices { copy.invitations[index].closedReason = nil }
        return copy
    }
}
