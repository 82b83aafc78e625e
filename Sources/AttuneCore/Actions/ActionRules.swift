import Foundation

/// What a manager might do about each kind of gap, drawn from the study's findings: a table a
/// site can edit like the rubric (`Resources/actions.json`, or a file of the same shape).
public struct ActionRules: Equatable, Sendable {
    /// The kinds of gap a suggestion answers.
    public enum GapKind: String, Codable, CaseIterable, Sendable {
        /// A mechanism rated no or variable.
        case mechanism
        /// A mother of high need invited, or who said yes, and never came or dropped out.
        case missedOpportunity = "missed_opportunity"
        /// A programme in the highest-need third and the lowest-provision third.
        case inverseCare = "inverse_care"
        /// What people said points away from a rating (`Triangulation`).
        case divergent
        /// Observers' kappa below the rubric's threshold (`ObserverAgreement`).
        case lowAgreement = "low_agreement"
    }

    public struct Rule: Codable, Equatable, Sendable {
        public let id: String
        public let gap: GapKind
        /// For `mechanism` (and optionally `divergent`): the mechanisms it answers.
        public let mechanisms: [MechanismID]?
        /// For `mechanism`: the ratings that are a gap (no and variable when left out).
        public let ratings: [Rating]?
        /// For `mechanism`: only where every lead facilitator's training is one of these.
        public let leadTraining: [TrainingBody]?
        public let action: String
        /// The study's finding behind it.
        public let why: String
    }

    public let version: String
    public let name: String
    public let suggestions: [Rule]

    private struct File: Codable {
        let version: String
        let name: String
        let suggestions: [Rule]
    }

    public static func standard() throws(ActionRulesError) -> ActionRules {
        guard let url = Bundle.module.url(forResource: "actions", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else {
            throw ActionRulesError(source: "actions.json", problems: ["the actions shipped with Attune are missing; reinstall Attune"])
        }
        return try read(data, source: "the standard actions")
    }

    /// A site's actions file, or the standard one when none is given.
    public static func load(path: String?) throws(ActionRulesError) -> ActionRules {
        guard let path else { return try standard() }
        guard let data = FileManager.default.contents(atPath: path) else { throw ActionRulesError(source: path, problems: ["the file cannot be read"]) }
        return try read(data, source: path)
    }

    public static func read(_ data: Data, source: String) throws(ActionRulesError) -> ActionRules {
        let file: File
        do {
            file = try JSONDecoder.snakeCase.decode(File.self, from: data)
        } catch let error as DecodingError {
            throw ActionRulesError(source: source, problems: [DecodingErrorDescription.describe(error)])
        } catch {
            throw ActionRulesError(source: source, problems: ["not a JSON document"])
        }
        var problems: [String] = [], seen = Set<String>()
        for (index, rule) in file.suggestions.enumerated() {
            let name = "suggestions[\(index)] (\(rule.id))"
            if rule.id.isEmpty || !seen.insert(rule.id).inserted { problems.append("\(name): every suggestion needs an id of its own") }
            if rule.action.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(name): action is empty") }
            for mechanism in rule.mechanisms ?? [] where MechanismCatalogue.mechanism(mechanism) == nil {
                problems.append("\(name): \(mechanism) is not a mechanism (M1-M15)")
            }
            if rule.gap == .mechanism && (rule.mechanisms ?? []).isEmpty { problems.append("\(name): a mechanism gap names its mechanisms") }
        }
        guard problems.isEmpty else { throw ActionRulesError(source: source, problems: problems) }
        return ActionRules(version: file.version, name: file.name, suggestions: file.suggestions)
    }

    public func rule(_ id: String) -> Rule? { suggestions.first { $0.id == id } }
}

public struct ActionRulesError: Error, Equatable, CustomStringConvertible, InputError {
    public let source: String
    public let problems: [String]
    public var description: String { "The actions \(source) cannot be used: " + problems.joined(separator: "; ") }
}
