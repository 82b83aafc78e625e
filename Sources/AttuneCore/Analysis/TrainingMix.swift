/// Facilitators' training against the communication mechanisms (M11-M14): per session, was the
/// lead IAIM-trained, and was the mechanism's check present? A 2x2 table and Fisher's exact test
/// for each.
public struct TrainingMix: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public let mechanism: MechanismID
        public let shortName: String
        /// [[IAIM present, IAIM absent], [other present, other absent]].
        public let table: [[Int]]
        public let fisher: Computed<FisherExactTest>
    }

    public static let checks: [(MechanismID, SessionCheck)] = [
        (MechanismID(11), .dollModelling), (MechanismID(12), .infantStatesTaught),
        (MechanismID(13), .infantCuesWithPermission), (MechanismID(14), .singing),
    ]

    public let rows: [Row]

    init(index: EvidenceIndex) {
        rows = Self.checks.map { mechanism, check in
            var table = [[0, 0], [0, 0]]
            for session in index.document.sessions {
                guard let present = check.value(in: session), let lead = session.leadFacilitatorId,
                      let training = index.facilitators[lead]?.trainingBody else { continue }
                table[training == .iaim ? 0 : 1][present ? 0 : 1] += 1
            }
            return Row(mechanism: mechanism, shortName: MechanismCatalogue.mechanism(mechanism)?.shortName ?? "",
                       table: table, fisher: FisherExactTest.test(table))
        }
    }
}
