/// A second observer's own record of a session's checks, made independently of the session's
/// log, to show whether two observers agree (`ObserverAgreement`). It never changes a derived
/// profile: the log is the record of the session; this is a check on it.
public struct SecondObservation: Codable, Equatable, Sendable {
    public var sessionId: String
    /// Who observed. A session may have several second observers, each once.
    public var observerName: String
    /// The longest name an observer is given (characters).
    public static let observerNameLimit = 200
    public var setting: SettingChecks
    public var content: ContentChecks
    public var observer: ObserverRatings

    public init(sessionId: String, observerName: String, setting: SettingChecks = .init(), content: ContentChecks = .init(),
                observer: ObserverRatings = .init()) {
        self.sessionId = sessionId
        self.observerName = observerName
        self.setting = setting
        self.content = content
        self.observer = observer
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionId = try container.decode(String.self, forKey: .sessionId)
        observerName = try container.decode(String.self, forKey: .observerName)
        setting = try container.decodeIfPresent(SettingChecks.self, forKey: .setting) ?? .init()
        content = try container.decodeIfPresent(ContentChecks.self, forKey: .content) ?? .init()
        observer = try container.decodeIfPresent(ObserverRatings.self, forKey: .observer) ?? .init()
    }

    /// The session as this observer saw it: its log with the checks replaced by theirs, so that
    /// each `SessionCheckField` reads either observer the same way.
    public func seen(in session: Session) -> Session {
        var seen = session
        seen.setting = setting
        seen.content = content
        seen.observer = observer
        return seen
    }

    /// The checks of `session` as a second observation by `observerName` (a form's starting point).
    public init(checksOf session: Session, observerName: String) {
        self.init(sessionId: session.id, observerName: observerName, setting: session.setting, content: session.content,
                  observer: session.observer)
    }
}
