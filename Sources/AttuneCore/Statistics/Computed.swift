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
