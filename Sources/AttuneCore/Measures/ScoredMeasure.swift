/// When a measure was taken, relative to the programme.
public enum Timepoint: String, CaseIterable, Codable, Sendable {
    case before
    case after
    case followUp = "follow_up"

    public var phrase: String {
        switch self {
        case .before: "before the programme"
        case .after: "after the programme"
        case .followUp: "at follow-up"
        }
    }
}

/// A scored instrument of any kind.
public enum MeasureResult: Equatable, Sendable {
    case epds(EPDSScore)
    case psi(PSIScore)
    case temperament(TemperamentScore)
    case careIndex(CAREIndexScore)
    case wmci(WMCIScore)

    public var instrument: Instrument {
        switch self {
        case .epds: .epds
        case .psi: .psi
        case .temperament: .itq
        case .careIndex: .careIndex
        case .wmci: .wmci
        }
    }

    public var summary: String {
        switch self {
        case .epds(let score): score.summary
        case .psi(let score): score.summary
        case .temperament(let score): score.summary
        case .careIndex(let score): score.summary
        case .wmci(let score): score.summary
        }
    }
}

public struct ScoredMeasure: Equatable, Sendable {
    public let timepoint: Timepoint
    public let result: MeasureResult

    public init(timepoint: Timepoint, result: MeasureResult) {
        self.timepoint = timepoint
        self.result = result
    }
}
