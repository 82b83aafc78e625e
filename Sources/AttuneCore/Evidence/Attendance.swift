/// One dyad at one session: present, late, or absent with a reason.
public struct Attendance: Codable, Equatable, Sendable {
    public var dyadId: String
    public var sessionId: String
    public var status: AttendanceStatus
    /// Why she was absent, in plain words ("no bus fare", "overtaken by other demands").
    public var absenceReason: String?

    public init(dyadId: String, sessionId: String, status: AttendanceStatus, absenceReason: String? = nil) {
        self.dyadId = dyadId
        self.sessionId = sessionId
        self.status = status
        self.absenceReason = absenceReason
    }
}

public enum AttendanceStatus: String, Codable, CaseIterable, Sendable {
    case present, late, absent

    /// Late still counts as attending.
    public var attended: Bool { self != .absent }
}
