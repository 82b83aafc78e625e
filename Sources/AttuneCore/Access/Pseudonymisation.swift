/// What an evaluator may see of an evidence document: codes, counts, ratings and scores, never
/// names, dates of birth, contact details, working dyad codes or any text someone typed.
///
/// Which fields those are is not decided here but where each field is defined
/// (`EvidenceRecords`, `Privacy`): a field marked free text is replaced by the fixed word
/// `withheld` (its presence can matter: an invitation by a named practitioner counts as
/// personal), an identifying one removed, a dyad's code (and the codes made from it) renamed.
/// A new free-text field marked as such can never reach an evaluator; one left unmarked fails
/// `EvaluatorFreeTextTests`, which walks every string of a pseudonymised document.
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
        func withholding<Record>(_ records: [Record], _ definition: RecordDefinition<Record>) -> [Record] {
            records.map { definition.withholding($0, withheld: Self.withheld, pseudonym: renamed) }
        }
        var copy = EvidenceRecords.document.withholding(self, withheld: Self.withheld, pseudonym: renamed)
        copy.centres = withholding(centres, EvidenceRecords.centre)
        copy.facilitators = withholding(facilitators, EvidenceRecords.facilitator)
        copy.programmes = withholding(programmes, EvidenceRecords.programme)
        copy.sessions = withholding(sessions, EvidenceRecords.session)
        copy.dyads = withholding(dyads, EvidenceRecords.dyad)
        copy.invitations = withholding(invitations, EvidenceRecords.invitation)
        copy.attendance = withholding(attendance, EvidenceRecords.attendance)
        copy.overrides = withholding(overrides, EvidenceRecords.override)
        copy.measurements = withholding(measurements, EvidenceRecords.measurement)
        copy.secondObservations = withholding(secondObservations, EvidenceRecords.secondObservation)
        copy.excerpts = withholding(excerpts, EvidenceRecords.excerpt)
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
