/// A practitioner who runs infant massage sessions.
public struct Facilitator: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var role: ProfessionalRole
    public var trainingBody: TrainingBody
    public var trainingDays: Int?
    /// When she finished her infant massage course.
    public var trainedOn: CalendarDate?
    public var specialInterests: [String]

    public init(id: String, name: String, role: ProfessionalRole, trainingBody: TrainingBody,
                trainingDays: Int? = nil, trainedOn: CalendarDate? = nil, specialInterests: [String] = []) {
        self.id = id
        self.name = name
        self.role = role
        self.trainingBody = trainingBody
        self.trainingDays = trainingDays
        self.trainedOn = trainedOn
        self.specialInterests = specialInterests
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decode(ProfessionalRole.self, forKey: .role)
        trainingBody = try container.decode(TrainingBody.self, forKey: .trainingBody)
        trainingDays = try container.decodeIfPresent(Int.self, forKey: .trainingDays)
        trainedOn = try container.decodeIfPresent(CalendarDate.self, forKey: .trainedOn)
        specialInterests = try container.decodeIfPresent([String].self, forKey: .specialInterests) ?? []
    }
}

public enum ProfessionalRole: String, Codable, CaseIterable, Sendable {
    case healthVisitor = "health_visitor"
    case midwife
    case nurseryNurse = "nursery_nurse"
    case addictionWorker = "addiction_worker"
    case independentMassageTeacher = "independent_massage_teacher"
    case other
}

/// Who trained the facilitator in infant massage. The paper found the training's focus
/// (communication versus physical development) shaped what mothers were taught.
public enum TrainingBody: String, Codable, CaseIterable, Sendable {
    /// International Association of Infant Massage: communication-based, four days.
    case iaim
    /// Peter Walker: developmental massage, two to three days.
    case peterWalker = "peter_walker"
    case other
    case none

    public var label: String {
        switch self {
        case .iaim: "IAIM (communication-based)"
        case .peterWalker: "Peter Walker (developmental)"
        case .other: "Other"
        case .none: "None"
        }
    }
}
