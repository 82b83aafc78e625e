/// What an evaluator may see of an evidence document: codes, counts, ratings and scores, never
/// names, dates of birth, contact details, working dyad codes or any text someone typed.
///
/// Free text is not judged field by field ("is this reason harmless?"): every field a person
/// types into is emptied, or, where the analyses read whether it was given (an invitation by a
/// named practitioner counts as personal), replaced by the fixed word `withheld`. A test walks
/// every string of a pseudonymised document (`EvaluatorFreeTextTests`), so a free-text field
/// added later without being listed here fails it.
extension EvidenceDocument {
    /// Shown in place of text someone typed, where its presence matters to the analyses.
    public static let withheld = "withheld"

    /// - Parameter pseudonym: the evaluator's identifier for a working code (a keyed hash, so
    ///   the working code cannot be recovered from it). Dyads, and the invitations and
    ///   measures whose codes are made from theirs, are renamed with it.
    public func pseudonymised(renaming pseudonym: (String) -> String) -> EvidenceDocument {
        var names: [String: String] = [:]
        func renamed(_ code: String) -> String {
            if let name = names[code] { return name }
            let name = pseudonym(code)
            names[code] = name
            return name
        }
        func withheld(_ text: String?) -> String? { text == nil ? nil : Self.withheld }

        var copy = self
        copy.description = nil
        for index in copy.dyads.indices {
            copy.dyads[index].id = renamed(copy.dyads[index].id)
            copy.dyads[index].motherName = nil
            copy.dyads[index].infantName = nil
            copy.dyads[index].infantDateOfBirth = nil
            copy.dyads[index].phone = nil
            copy.dyads[index].email = nil
        }
        for index in copy.facilitators.indices { copy.facilitators[index].specialInterests = [] }
        for index in copy.programmes.indices { copy.programmes[index].venue = nil }
        for index in copy.sessions.indices { copy.sessions[index].notes = withheld(copy.sessions[index].notes) }
        for index in copy.invitations.indices {
            copy.invitations[index].id = renamed(copy.invitations[index].id)
            copy.invitations[index].dyadId = renamed(copy.invitations[index].dyadId)
            copy.invitations[index].invitedByPractitioner = withheld(copy.invitations[index].invitedByPractitioner)
            copy.invitations[index].closedReason = withheld(copy.invitations[index].closedReason)
        }
        for index in copy.attendance.indices {
            copy.attendance[index].dyadId = renamed(copy.attendance[index].dyadId)
            copy.attendance[index].absenceReason = withheld(copy.attendance[index].absenceReason)
        }
        for index in copy.overrides.indices {
            copy.overrides[index].rationale = Self.withheld
            copy.overrides[index].observer = Self.withheld
        }
        for index in copy.measurements.indices {
            copy.measurements[index].id = renamed(copy.measurements[index].id)
            copy.measurements[index].dyadId = renamed(copy.measurements[index].dyadId)
            copy.measurements[index].administeredBy = Self.withheld
        }
        return copy
    }
}

extension FollowUpAction {
    /// What an evaluator may see of a follow-up: that one was recorded, when, by whom and for
    /// which programme, never what was done (free text).
    public func pseudonymised(renaming pseudonym: (String) -> String) -> FollowUpAction {
        FollowUpAction(dyadId: pseudonym(dyadId), programmeId: programmeId, action: EvidenceDocument.withheld,
                       recordedBy: recordedBy, recordedAt: recordedAt)
    }
}
