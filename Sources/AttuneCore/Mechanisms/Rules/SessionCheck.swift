/// A per-session check that a `session_share` rule counts. nil means not recorded.
public enum SessionCheck: String, CaseIterable, Sendable {
    case containingAtmosphere = "containing_atmosphere"
    case strokesTaughtCompetently = "strokes_taught_competently"
    case technicalSkill = "technical_skill"
    case personalQualities = "personal_qualities"
    case dollModelling = "doll_modelling"
    case infantStatesTaught = "infant_states_taught"
    case infantCuesWithPermission = "infant_cues_with_permission"
    case singing
    case reflectivePrompts = "reflective_prompts"

    public func value(in session: Session) -> Bool? {
        switch self {
        case .containingAtmosphere: session.observer.containingAtmosphere
        case .technicalSkill: session.observer.technicalSkill
        case .personalQualities: session.observer.personalQualities
        case .dollModelling: session.content.dollModelling
        case .infantStatesTaught: session.content.infantStatesTaught
        case .singing: session.content.singing
        case .reflectivePrompts: session.content.reflectivePrompts
        case .strokesTaughtCompetently:
            Self.both(session.content.strokesTaught, session.content.strokesTaughtCompetently)
        case .infantCuesWithPermission:
            Self.both(session.content.infantCuesTaught, session.content.babyPermissionAsked)
        }
    }

    /// What was seen, as the explanation says it.
    public var phrase: String {
        switch self {
        case .containingAtmosphere: "a containing, affirming atmosphere observed"
        case .strokesTaughtCompetently: "strokes taught competently"
        case .technicalSkill: "the facilitator's technical skill observed"
        case .personalQualities: "the facilitator's warmth, calm and enthusiasm observed"
        case .dollModelling: "sensitive interaction modelled with a doll"
        case .infantStatesTaught: "infant states taught"
        case .infantCuesWithPermission: "infant cues taught with the baby's permission asked"
        case .singing: "singing used"
        case .reflectivePrompts: "reflective prompts used"
        }
    }

    /// Both parts must be met; one part recorded as not met is enough to say no.
    private static func both(_ first: Bool?, _ second: Bool?) -> Bool? {
        if first == false || second == false { return false }
        if first == true && second == true { return true }
        return nil
    }
}
