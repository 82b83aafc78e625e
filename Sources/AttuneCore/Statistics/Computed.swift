/// The result of a statistic: a value, or the reason it cannot be computed (too few values,
/// no variance, an empty row). No NaN or infinity ever leaves the statistics module.
public enum Computed<Value: Sendable>: Sendable {
    case value(Value)
    case notComputable(String)

    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    public var reason: String? {
        if case .notComputable(let reason) = self { return reason }
        return nil
    }
}

extension Computed: Equatable where Value: Equatable {}

/// JSON: {"value": ...} or {"not_computable": "why"}.
extension Computed: Codable where Value: Codable {
    enum CodingKeys: String, CodingKey { case value, notComputable }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let reason = try container.decodeIfPresent(String.self, forKey: .notComputable) {
            self = .notComputable(reason)
        } else {
            self = .value(try container.decode(Value.self, forKey: .value))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .value(let value): try container.encode(value, forKey: .value)
        case .notComputable(let reason): try container.encode(reason, forKey: .notComputable)
        }
    }
}
