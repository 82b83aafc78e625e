import Foundation

/// The interchange document: everything recorded about a set of programmes. Its JSON form
/// (snake_case keys, dates as YYYY-MM-DD) is described by docs/evidence.schema.json.
public struct EvidenceDocument: Codable, Equatable, Sendable {
    public static let formatName = "attune-evidence"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// True when the records are reconstructed (like the study dataset), not observed; every
    /// page and printout that shows them says so.
    public var reconstructed: Bool
    public var description: String?
    public var centres: [Centre]
    public var facilitators: [Facilitator]
    public var programmes: [Programme]
    public var sessions: [Session]
    public var dyads: [Dyad]
    public var invitations: [Invitation]
    public var attendance: [Attendance]
    public var overrides: [MechanismOverride]
    /// Standardised measures of the dyads (EPDS, PSI-SF, ITQ, CARE-Index, WMCI).
    public var measurements: [RecordedMeasure]
    /// Second observers' records of held sessions' checks: for observer agreement only.
    public var secondObservations: [SecondObservation]
    /// What people said about the programmes, coded to mechanisms.
    public var excerpts: [Excerpt]

    public init(reconstructed: Bool = false, description: String? = nil, centres: [Centre] = [],
                facilitators: [Facilitator] = [], programmes: [Programme] = [], sessions: [Session] = [],
                dyads: [Dyad] = [], invitations: [Invitation] = [], attendance: [Attendance] = [],
                overrides: [MechanismOverride] = [], measurements: [RecordedMeasure] = [],
                secondObservations: [SecondObservation] = [], excerpts: [Excerpt] = []) {
        format = Self.formatName
        version = Self.currentVersion
        self.reconstructed = reconstructed
        self.description = description
        self.centres = centres
        self.facilitators = facilitators
        self.programmes = programmes
        self.sessions = sessions
        self.dyads = dyads
        self.invitations = invitations
        self.attendance = attendance
        self.overrides = overrides
        self.measurements = measurements
        self.secondObservations = secondObservations
        self.excerpts = excerpts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        version = try container.decode(Int.self, forKey: .version)
        reconstructed = try container.decodeIfPresent(Bool.self, forKey: .reconstructed) ?? false
        description = try container.decodeIfPresent(String.self, forKey: .description)
        centres = try container.decodeIfPresent([Centre].self, forKey: .centres) ?? []
        facilitators = try container.decodeIfPresent([Facilitator].self, forKey: .facilitators) ?? []
        programmes = try container.decodeIfPresent([Programme].self, forKey: .programmes) ?? []
        sessions = try container.decodeIfPresent([Session].self, forKey: .sessions) ?? []
        dyads = try container.decodeIfPresent([Dyad].self, forKey: .dyads) ?? []
        invitations = try container.decodeIfPresent([Invitation].self, forKey: .invitations) ?? []
        attendance = try container.decodeIfPresent([Attendance].self, forKey: .attendance) ?? []
        overrides = try container.decodeIfPresent([MechanismOverride].self, forKey: .overrides) ?? []
        measurements = try container.decodeIfPresent([RecordedMeasure].self, forKey: .measurements) ?? []
        secondObservations = try container.decodeIfPresent([SecondObservation].self, forKey: .secondObservations) ?? []
        excerpts = try container.decodeIfPresent([Excerpt].self, forKey: .excerpts) ?? []
    }

    // MARK: Reading and writing JSON

    /// Decodes and validates a document; any problem, in the JSON or in the records, is thrown
    /// with every record and field named.
    /// - Parameter today: when given, measures dated after it are refused.
    public static func read(_ data: Data, today: CalendarDate? = nil) throws(EvidenceError) -> EvidenceDocument {
        let document: EvidenceDocument
        do {
            document = try decoder.decode(EvidenceDocument.self, from: data)
        } catch let error as DecodingError {
            throw .unreadable(DecodingErrorDescription.describe(error))
        } catch {
            throw .unreadable("not a JSON document (\(error.localizedDescription))")
        }
        let unknown = EvidenceFields.unknown(in: data)
        guard unknown.isEmpty else {
            throw .unreadable(unknown.prefix(5).joined(separator: "; ") + (unknown.count > 5 ? "; and \(unknown.count - 5) more" : ""))
        }
        guard document.format == formatName else {
            throw .unreadable("format: expected \"\(formatName)\", found \"\(document.format)\"")
        }
        guard document.version == currentVersion else {
            throw .unreadable("version: this Attune reads version \(currentVersion), the document is version \(document.version)")
        }
        let problems = EvidenceValidator.problems(in: document, today: today)
        guard problems.isEmpty else { throw .invalid(problems) }
        return document
    }

    public func encoded() throws -> Data {
        try Self.encoder.encode(self)
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

public enum EvidenceError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case invalid([EvidenceProblem])

    public var description: String {
        switch self {
        case .unreadable(let reason):
            "The evidence document cannot be read: \(reason)."
        case .invalid(let problems):
            "The evidence document has \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was stored:\n"
                + problems.map { "  - " + $0.description }.joined(separator: "\n")
        }
    }

    public var problems: [EvidenceProblem] {
        if case .invalid(let problems) = self { return problems }
        return []
    }
}

/// Turns a `DecodingError` into "sessions[3].room_temperature_celsius: expected a number".
enum DecodingErrorDescription {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            "\(path(context.codingPath)): expected \(name(of: type))"
        case .valueNotFound(let type, let context):
            "\(path(context.codingPath)): expected \(name(of: type)), found null"
        case .keyNotFound(let key, let context):
            "\(path(context.codingPath + [key])): required field missing"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "not valid JSON"
                : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            "unreadable"
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + snakeCase(key.stringValue)
            }
        }
        return text.isEmpty ? "document" : text
    }

    private static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "text"
        default: "\(type)"
        }
    }
}
