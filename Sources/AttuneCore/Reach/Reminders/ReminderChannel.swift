/// How a reminder reaches a mother. SMS and email go through a sender; a phone call is a list
/// for the facilitator to ring round; a printed list is handed out or posted by the centre.
public enum ReminderChannel: String, Codable, CaseIterable, Sendable {
    case sms
    case email
    case phoneCall = "phone_call"
    case printedList = "printed_list"

    /// The contact detail the channel needs, named as the dyad's field; nil when none is needed.
    public var requiredContact: String? {
        switch self {
        case .sms, .phoneCall: "phone"
        case .email: "email"
        case .printedList: nil
        }
    }

    /// SMS and email are delivered by a sender; the other two become lists for people.
    public var isElectronic: Bool { self == .sms || self == .email }

    public var label: String {
        switch self {
        case .sms: "SMS"
        case .email: "email"
        case .phoneCall: "phone call"
        case .printedList: "printed list"
        }
    }

    /// The dyad's address on this channel, or nil when she has none.
    public func address(of dyad: Dyad) -> String? {
        switch self {
        case .sms, .phoneCall: dyad.phone.flatMap { $0.isEmpty ? nil : $0 }
        case .email: dyad.email.flatMap { $0.isEmpty ? nil : $0 }
        case .printedList: ""
        }
    }
}
