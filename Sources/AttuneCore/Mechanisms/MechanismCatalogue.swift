/// The fifteen mechanisms of change from Underdown & Barlow (2011), in Table 1's order.
/// M1-M14 are rated in the paper's Table 1; M15 is described in its text only.
/// Definitions are our own paraphrase of the paper, written for facilitators and managers.
public enum MechanismCatalogue {
    public static let all: [Mechanism] = [
        Mechanism(
            id: MechanismID(1), shortName: "Personal invitations",
            definition: "Each mother is invited in person or by phone by a named practitioner she knows, rather than finding out from a leaflet or poster.",
            scale: .yesNo, evidence: .invitations,
            evidenceDetail: "How each dyad was invited: in person or by phone by a named practitioner, or by leaflet, poster or self-referral."),
        Mechanism(
            id: MechanismID(2), shortName: "Inviter facilitates the group",
            definition: "The practitioner who invited a mother is the one who runs the sessions she attends, so the trust that brought her in carries into the room.",
            scale: .yesVariableNo, evidence: .invitationsAndSessionLeads,
            evidenceDetail: "Whether the practitioner who invited each mother led the sessions she attended."),
        Mechanism(
            id: MechanismID(3), shortName: "Consistent facilitator",
            definition: "The same person leads every session of the programme, so someone can notice and follow up a dyad having difficulties.",
            scale: .yesNo, evidence: .sessionLeads,
            evidenceDetail: "Who led each session."),
        Mechanism(
            id: MechanismID(4), shortName: "Setting meets physical needs",
            definition: "The venue is warm, uncrowded, easy to find with clear directions, welcomes buggies, and someone greets mothers at the door. Mostly met counts even if one part is missing.",
            scale: .yesNo, evidence: .settingChecks,
            evidenceDetail: "Per session: warm enough, not crowded, easy to find, buggies accommodated, greeted at the door."),
        Mechanism(
            id: MechanismID(5), shortName: "Containing, affirming atmosphere",
            definition: "The group feels safe and accepting; mothers and babies are affirmed, and a crying baby is all right.",
            scale: .yesVariableNo, evidence: .observerJudgement,
            evidenceDetail: "An observer's judgement per session; variable where facilitators changed between sessions."),
        Mechanism(
            id: MechanismID(6), shortName: "Learning massage strokes",
            definition: "Mothers are taught the massage strokes, competently, in the sessions.",
            scale: .yesVariableNo, evidence: .contentChecks,
            evidenceDetail: "Per session: strokes taught, and taught competently."),
        Mechanism(
            id: MechanismID(7), shortName: "Optimum group size",
            definition: "Each session has a group small enough to be personal and large enough to be social: four to eight dyads in Table 1 (five to eight in the text).",
            scale: .yesNo, evidence: .attendance,
            evidenceDetail: "The number of dyads attending each session."),
        Mechanism(
            id: MechanismID(8), shortName: "Provision for social engagement",
            definition: "There is time to chat, with tea and biscuits, so that isolated mothers can meet others and build support.",
            scale: .yesNo, evidence: .contentChecks,
            evidenceDetail: "Per session: social time offered, and for how many minutes."),
        Mechanism(
            id: MechanismID(9), shortName: "Facilitator's technical skills",
            definition: "The facilitator demonstrates strokes confidently and accurately and gives clear directions.",
            scale: .yesNo, evidence: .observerJudgement,
            evidenceDetail: "An observer's judgement of the facilitator's technical skill per session."),
        Mechanism(
            id: MechanismID(10), shortName: "Facilitator's personal qualities",
            definition: "The facilitator is warm, calm and enthusiastic about the programme.",
            scale: .yesVariableNo, evidence: .observerJudgement,
            evidenceDetail: "An observer's judgement per session; variable where facilitators differed."),
        Mechanism(
            id: MechanismID(11), shortName: "Modelling with a doll",
            definition: "The facilitator uses a doll actively to model sensitive interaction: talking to it, asking its permission, responding to it.",
            scale: .yesNo, evidence: .contentChecks,
            evidenceDetail: "Per session: a doll used to model sensitive interaction."),
        Mechanism(
            id: MechanismID(12), shortName: "Teaching infant states",
            definition: "Mothers learn to recognise their baby's states (deep sleep, drowsy, quiet alert, fussing, crying) and when massage suits them.",
            scale: .yesVariableNo, evidence: .contentChecks,
            evidenceDetail: "Per session: infant states taught."),
        Mechanism(
            id: MechanismID(13), shortName: "Teaching infant cues",
            definition: "Mothers learn to read their baby's cues and to ask the baby's permission before massaging.",
            scale: .yesNo, evidence: .contentChecks,
            evidenceDetail: "Per session: infant cues taught and the baby's permission asked."),
        Mechanism(
            id: MechanismID(14), shortName: "Singing in the group",
            definition: "Songs are used to bring the group together and to contain the babies.",
            scale: .yesNo, evidence: .contentChecks,
            evidenceDetail: "Per session: singing used."),
        Mechanism(
            id: MechanismID(15), shortName: "Encouraging reflective function",
            definition: "The facilitator helps mothers wonder about the feelings and intentions behind their baby's behaviour.",
            scale: .unrated, evidence: .contentChecks,
            evidenceDetail: "Per session: reflective prompts used by the facilitator."),
    ]

    /// The fourteen mechanisms the paper rates in Table 1 and counts in its totals.
    public static let rated: [Mechanism] = all.filter { $0.scale.countsTowardsPaperTotal }

    public static func mechanism(_ id: MechanismID) -> Mechanism? {
        position(of: id).map { all[$0] }
    }

    /// Where `id` stands in `all`; nil for a mechanism not in the catalogue.
    public static func position(of id: MechanismID) -> Int? {
        positions.indices.contains(id.number) ? positions[id.number] : nil
    }

    /// By mechanism number, its position in `all` (nil for a number not in the catalogue).
    private static let positions: [Int?] = {
        var positions = [Int?](repeating: nil, count: (all.map(\.id.number).max() ?? 0) + 1)
        for (position, mechanism) in all.enumerated() where mechanism.id.number >= 0 { positions[mechanism.id.number] = position }
        return positions
    }()

    /// The positions in `all` of the `rated` mechanisms.
    public static let ratedPositions: [Int] = all.indices.filter { all[$0].scale.countsTowardsPaperTotal }
}
