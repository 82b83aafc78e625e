/// A programme running now, invented for the demo and not from the study: it lets a newcomer
/// see this week's sessions, reminders, enrolment and a session to log. Its first session is
/// today and not yet logged; the mothers' names and numbers are fictional (Ofcom's reserved
/// 07700 900xxx range, example.org addresses).
public enum DemoProgramme {
    public static let id = "A-NOW"

    public static func make(today: CalendarDate, study: EvidenceDocument) -> EvidenceDocument {
        let centre = study.centres.first { $0.id == "A" }!
        let facilitator = study.facilitators.first { $0.id == "F1" }!
        let programme = Programme(id: id, centreId: centre.id, name: "Spring baby massage (demo: invented, not from the study)",
                                  plannedSessions: 5, sessionMinutes: 90, startDate: today, endDate: today.adding(days: 28),
                                  placeLimit: 8, venue: "the Garden Room", startTime: ClockTime(hour: 10, minute: 0))
        // Five weekly sessions, planned with F1 leading; none logged yet.
        let sessions = (1...5).map { number in
            Session(id: "\(id)-S\(number)", programmeId: id, number: number, date: today.adding(days: 7 * (number - 1)),
                    facilitatorsPresent: [facilitator.id], leadFacilitatorId: facilitator.id, planned: true)
        }
        let mothers: [(name: String, infant: String, channel: ReminderChannel, email: Bool, risks: [SocialRiskFactor], status: EnrolmentStatus, mode: InvitationMode)] = [
            ("Kerry Ashworth", "Mia", .sms, false, [], .enrolled, .inPerson),
            ("Priya Shah", "Arjun", .email, true, [.singleParent, .lowIncome], .enrolled, .inPerson),
            ("Danielle Okoro", "Tayo", .phoneCall, false, [.teenageMother, .socialIsolation, .lowIncome], .enrolled, .phoneOrText),
            ("Sophie Turner", "Alfie", .sms, false, [], .enrolled, .inPerson),
            ("Jade Morris", "Ruby", .sms, false, [.singleParent], .invited, .phoneOrText),
            ("Amy Clarke", "Leo", .printedList, false, [.lowIncome, .socialHousing], .declined, .inPerson),
        ]
        var document = EvidenceDocument(description: "A programme invented for the demo, running now.", centres: [centre],
                                         facilitators: [facilitator], programmes: [programme], sessions: sessions)
        for (index, mother) in mothers.enumerated() {
            let dyad = "\(id)-D\(index + 1)"
            document.dyads.append(Dyad(id: dyad, motherName: mother.name, infantName: mother.infant,
                                       infantDateOfBirth: today.adding(days: -70 - 9 * index), socialRiskFactors: mother.risks,
                                       consentToRecords: true, consentDate: today.adding(days: -10),
                                       phone: "07700 900\(500 + index)", email: mother.email ? "\(mother.infant.lowercased())-family@example.org" : nil,
                                       preferredChannel: mother.channel))
            document.invitations.append(Invitation(
                id: "\(id)-I\(index + 1)", dyadId: dyad, programmeId: id, invitedByFacilitatorId: facilitator.id, mode: mother.mode,
                date: today.adding(days: -21), status: mother.status,
                consentDate: mother.status == .enrolled ? today.adding(days: -10) : nil,
                closedDate: mother.status == .declined ? today.adding(days: -12) : nil,
                closedReason: mother.status == .declined ? "no bus fare" : nil))
        }
        // Priya's EPDS before the programme: 11, possible depression (moderate need, no alert).
        document.measurements.append(RecordedMeasure(id: "\(id)-D2-epds-before", dyadId: "\(id)-D2", instrument: .epds, timepoint: .before,
                                                     date: today.adding(days: -7), administeredBy: facilitator.name,
                                                     itemScores: [2, 1, 2, 1, 1, 1, 1, 1, 1, 0]))
        return document
    }
}
