import Foundation

/// The rules and thresholds that turn evidence into ratings, one per mechanism. Shipped as
/// `Resources/rubric.json` and replaceable per site with a file of the same shape, so that a
/// manager can read and tune every threshold without touching code.
public struct Rubric: Equatable, Sendable {
    public let version: String
    public let name: String
    public let rules: [MechanismID: MechanismRule]
    /// A profile based on fewer sessions held than this is provisional: shown, marked, and
    /// left out of rankings and comparisons, so that a programme one session old is not listed
    /// as the best in the country (0: none is).
    public let provisionalBelowHeldSessions: Int
    /// A check on which two observers' Cohen's kappa is below this is flagged: their records of
    /// it cannot yet be relied on (0.6, "substantial" agreement, by default).
    public let agreementKappaBelow: Double
    /// When what people said is taken to contradict a derived rating (`Triangulation`).
    public let divergence: DivergenceRule

    /// When a rubric file does not say: about half of a five- or six-week programme.
    public static let defaultProvisionalBelowHeldSessions = 3
    /// The range a rubric file may set: up to a year of weekly sessions.
    public static let provisionalThresholdRange = 0...52
    /// When a rubric file does not say: Landis and Koch's lower bound of "substantial".
    public static let defaultAgreementKappaBelow = 0.6

    public init(version: String, name: String, rules: [MechanismID: MechanismRule],
                provisionalBelowHeldSessions: Int = Rubric.defaultProvisionalBelowHeldSessions,
                agreementKappaBelow: Double = Rubric.defaultAgreementKappaBelow, divergence: DivergenceRule = .standard) {
        self.version = version
        self.name = name
        self.rules = rules
        self.provisionalBelowHeldSessions = provisionalBelowHeldSessions
        self.agreementKappaBelow = agreementKappaBelow
        self.divergence = divergence
    }

    /// Whether a profile based on `heldSessions` sessions held is provisional.
    public func isProvisional(heldSessions: Int) -> Bool { heldSessions < provisionalBelowHeldSessions }

    /// The rubric as a rubric file (JSON) that reads back as the same rubric: what the
    /// database keeps of the rubric its profiles were derived under.
    public var fileData: Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(RubricFile(self))) ?? Data()
    }

    /// The rubric shipped with Attune.
    public static func standard() throws(RubricError) -> Rubric {
        guard let url = Bundle.module.url(forResource: "rubric", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            throw RubricError(source: "rubric.json", problems: ["the rubric shipped with Attune is missing; reinstall Attune"])
        }
        return try read(data, source: "the standard rubric")
    }

    /// A site's rubric file, or the standard rubric when no file is given.
    public static func load(path: String?) throws(RubricError) -> Rubric {
        guard let path else { return try standard() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RubricError(source: path, problems: ["the file cannot be read"])
        }
        return try read(data, source: path)
    }

    public static func read(_ data: Data, source: String) throws(RubricError) -> Rubric {
        let file: RubricFile
        do {
            file = try JSONDecoder.snakeCase.decode(RubricFile.self, from: data)
        } catch let error as DecodingError {
            throw RubricError(source: source, problems: [DecodingErrorDescription.describe(error)])
        } catch {
            throw RubricError(source: source, problems: ["not a JSON document"])
        }
        return try file.rubric(source: source)
    }
}

/// How one mechanism is derived. Each case names the evidence it reads; its rule lives in
/// `Mechanisms/Rules/`.
public enum MechanismRule: Equatable, Sendable {
    /// Share of invitations that were personal (M1).
    case personalInvitations(ShareThresholds)
    /// Share of attended sessions led by the mother's own inviter (M2).
    case inviterLeadsSessions(ShareThresholds)
    /// At most this many different facilitators led the sessions (M3).
    case consistentLead(maximumDistinctLeads: Int)
    /// Share of sessions whose setting was mostly met (M4).
    case settingMostlyMet(componentsAtLeast: Double, warmFromCelsius: Double, ShareThresholds)
    /// Share of sessions with a group size in range (M7).
    case groupSize(minimumDyads: Int, maximumDyads: Int, ShareThresholds)
    /// Share of sessions with social time of at least so many minutes (M8).
    case socialTime(minimumMinutes: Int, ShareThresholds)
    /// Share of sessions where a recorded check was met (M5, M6, M9-M15).
    case sessionShare(SessionCheck, ShareThresholds)

    /// Whether the rule reads a session's yes/no checks (and so whether two observers' records
    /// of the checks could derive different ratings).
    public var readsSessionChecks: Bool {
        switch self {
        case .settingMostlyMet, .socialTime, .sessionShare: true
        case .personalInvitations, .inviterLeadsSessions, .consistentLead, .groupSize: false
        }
    }

    public var thresholds: ShareThresholds? {
        switch self {
        case .personalInvitations(let t), .inviterLeadsSessions(let t), .settingMostlyMet(_, _, let t),
             .groupSize(_, _, let t), .socialTime(_, let t), .sessionShare(_, let t):
            t
        case .consistentLead:
            nil
        }
    }
}

public struct RubricError: Error, Equatable, CustomStringConvertible {
    public let source: String
    public let problems: [String]

    public var description: String {
        "The rubric \(source) cannot be used: " + problems.joined(separator: "; ")
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
