import AttuneCore
import AttuneStore
import Vapor

/// What the web application needs to start. Read once by the caller (the `attune serve`
/// command or a test) and passed in, so tests build the app with their own arguments.
public struct WebSettings: Sendable {
    public var database: DatabaseLocation
    public var loadDemo: Bool
    /// The site's rubric; nil for the standard rubric shipped with Attune.
    public var rubric: Rubric?
    /// The site's table of suggested actions (`serve --actions`); nil for the standard one.
    public var actionRules: ActionRules?
    /// The demo users' password (ATTUNE_DEMO_PASSWORD); generated and printed once when nil.
    public var demoPassword: String?
    /// A session unused for this long is signed out.
    public var idleTimeoutSeconds: Double
    /// Mark the session cookie Secure: set when Attune is served over TLS (directly or behind a proxy).
    public var secureCookies: Bool
    /// Item wording a site holds a licence for, shown in the measure forms.
    public var wording: MeasureWording?
    /// With the demo, also a programme invented for the demo that runs now (`serve --demo`).
    public var demoCurrentProgramme: Bool
    /// The time, for the idle timeout; tests pass a clock they can move on.
    public var now: @Sendable () -> Date
    /// How many scopes' page data to keep between views (`PageDataCache`); 0 reads every view afresh.
    public var pageCacheEntries: Int
    /// The key of evaluators' pseudonyms (`SiteSecret`), kept outside the database; nil makes a
    /// random one for this start (tests), so pseudonyms then change with every start.
    public var siteSecret: [UInt8]?
    /// The key of research exports' pseudonyms (`serve --research-key-file`); nil derives one
    /// from the site secret, so web exports agree with each other but not with evaluators' pages.
    public var researchKey: [UInt8]?
    /// The reverse proxy whose X-Forwarded-For names the client for the sign-in throttle
    /// (`serve --trusted-proxy`); nil to use the connection's address.
    public var trustedProxy: TrustedProxy?
    /// A session ends this long after sign-in, however busy.
    public var sessionLifetimeSeconds: Double
    /// How due reminders are sent by the server itself (`ReminderScheduler`), and how often
    /// it looks; nil sends none (the tests' default; `attune serve` always gives one).
    public var reminders: (sender: any ReminderSender, everySeconds: Int)?

    /// How often `attune serve` may look for due reminders: from every 5 seconds to every hour.
    public static let reminderSecondsRange = 5...3600

    public static let defaultPageCacheEntries = 256
    public static let pageCacheEntriesRange = 0...100_000

    public init(database: DatabaseLocation, loadDemo: Bool = false, rubric: Rubric? = nil, actionRules: ActionRules? = nil, demoPassword: String? = nil,
                idleTimeoutSeconds: Double = 30 * 60, secureCookies: Bool = false, wording: MeasureWording? = nil, demoCurrentProgramme: Bool = false,
                pageCacheEntries: Int = WebSettings.defaultPageCacheEntries, siteSecret: [UInt8]? = nil,
                trustedProxy: TrustedProxy? = nil, sessionLifetimeSeconds: Double = 12 * 60 * 60,
                reminders: (sender: any ReminderSender, everySeconds: Int)? = nil, researchKey: [UInt8]? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.loadDemo = loadDemo
        self.rubric = rubric
        self.actionRules = actionRules
        self.demoPassword = demoPassword
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.secureCookies = secureCookies
        self.wording = wording
        self.demoCurrentProgramme = demoCurrentProgramme
        self.now = now
        self.pageCacheEntries = pageCacheEntries
        self.siteSecret = siteSecret
        self.trustedProxy = trustedProxy
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.reminders = reminders
        self.researchKey = researchKey
    }
}

/// What happened at start-up, for the banner.
public struct StartupReport: Sendable {
    public let demo: StudyDemoLoader.Outcome?
    public let demoUsers: Accounts.DemoUsersOutcome?
    /// On a database with no users, the token of the first administrator's address (`/setup?token=`).
    public let setupToken: String?
}

/// Builds the whole application on `app`: database, migrations, demo data, middleware, routes.
@discardableResult
public func configureAttune(_ app: Application, settings: WebSettings) async throws -> StartupReport {
    app.attuneRubric = try settings.rubric ?? Rubric.standard()
    app.actionRules = try settings.actionRules ?? ActionRules.standard()
    app.attuneClock = settings.now
    try AttuneDatabase.register(settings.database, on: app.databases)
    try await AttuneDatabase.prepare(app.databases, location: settings.database, logger: app.logger)
    app.attuneWording = settings.wording
    let siteSecret = settings.siteSecret ?? SiteSecret.random()
    app.dyadPseudonyms = DyadPseudonyms(secret: siteSecret)
    app.researchKey = settings.researchKey ?? KeyedPseudonym.derivedKey(from: siteSecret, for: "attune research export")
    let demo = settings.loadDemo
        ? try await StudyDemoLoader.load(into: app.db, currentProgrammeFrom: settings.demoCurrentProgramme ? CalendarDate.today(at: settings.now()) : nil)
        : nil
    let demoUsers = settings.loadDemo ? try await Accounts.ensureDemoUsers(password: settings.demoPassword, now: settings.now(), on: app.db) : nil
    // The stored profiles are those of this server's rubric (derived again if another was in use).
    try await ProfileStore.ensureCurrent(rubric: app.attuneRubric, on: app.db)
    let watch = try await CommitWatch.open(on: app.db)
    app.pageDataCache = PageDataCache(capacity: settings.pageCacheEntries, label: watch.label(on:))
    app.retentionReview = RetentionReview()
    app.lifecycle.use(CloseCommitWatch(watch: watch))
    app.lifecycle.use(RemoveTemporaryDatabaseFiles(location: settings.database))
    app.lifecycle.use(StaleSessionPurge(now: settings.now))
    if let reminders = settings.reminders {
        let scheduler = ReminderScheduler(sender: reminders.sender, everySeconds: reminders.everySeconds, now: settings.now)
        app.lifecycle.use(scheduler)
        app.reminderScheduler = scheduler
    }

    // Sessions live in the database, so a restart signs nobody out. Vapor's cookie defaults are
    // weak (see SECURITY.md): HttpOnly and SameSite=Lax are set here, Secure under TLS.
    app.sessions.use { app in UnchangedSessionsNotWritten(stored: app.fluent.sessions.driver()) }
    let secure = settings.secureCookies
    app.sessions.configuration = SessionsConfiguration(cookieName: "attune_session") { id in
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: nil, domain: nil, path: "/", isSecure: secure,
                          isHTTPOnly: true, sameSite: .lax)
    }

    // Forms are collected whole by `CSRFMiddleware` within this limit; the routes keep the same.
    app.routes.defaultMaxBodySize = ByteCount(integerLiteral: FormBody.limitBytes)
    app.middleware = Middlewares()
    // Outermost, and the last lifecycle handler, so that its shutdown runs first: a stop waits
    // for the requests being answered before the database closes (`RequestsInFlight`).
    let inFlight = RequestsInFlight()
    app.middleware.use(inFlight)
    app.lifecycle.use(inFlight)
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(HTMLErrorMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())

    try app.register(collection: AssetsController())
    try app.register(collection: HealthController())
    let withSession = app.grouped(app.sessions.middleware, SessionUserMiddleware(idleTimeout: settings.idleTimeoutSeconds, now: settings.now),
                                    ActivityActorMiddleware(trustedProxy: settings.trustedProxy, now: settings.now), CSRFMiddleware())
    try withSession.register(collection: LoginController(settings: settings))
    // On a database nobody can sign in to, a one-time address for the first administrator.
    let setupToken = try await UserModel.query(on: app.db).count() == 0 ? FirstAdministratorController.makeToken() : nil
    try withSession.register(collection: FirstAdministratorController(token: setupToken))
    let signedIn = withSession.grouped(RequireSignIn(), RequireOwnPassword())
    try signedIn.register(collection: DashboardController())
    try signedIn.register(collection: ProgrammesController())
    try signedIn.register(collection: ProgrammeSetUpController())
    try signedIn.register(collection: EnrolmentController())
    try signedIn.register(collection: OverrideController())
    try signedIn.register(collection: RegistrationController())
    try signedIn.register(collection: RemindersController())
    try signedIn.register(collection: SessionLogController())
    try signedIn.register(collection: SecondObservationController())
    try signedIn.register(collection: ExcerptController())
    try signedIn.register(collection: CyclesController())
    try signedIn.register(collection: ActionsController())
    try signedIn.register(collection: DyadController())
    try signedIn.register(collection: EvaluationController())
    try signedIn.register(collection: AccountController())
    try signedIn.register(collection: UsersController())
    try signedIn.register(collection: CentresController())
    try signedIn.register(collection: FacilitatorsController())
    try signedIn.register(collection: ActivityController())
    try signedIn.register(collection: MotherRightsController())
    try signedIn.register(collection: ResearchExportController())
    try signedIn.register(collection: RetentionController())
    return StartupReport(demo: demo, demoUsers: demoUsers, setupToken: setupToken)
}

extension Application {
    private struct RubricKey: StorageKey {
        typealias Value = Rubric
    }

    /// The rubric every page derives ratings with, read once at start-up.
    var attuneRubric: Rubric {
        get { storage[RubricKey.self]! }
        set { storage[RubricKey.self] = newValue }
    }

    private struct ActionRulesKey: StorageKey {
        typealias Value = ActionRules
    }

    /// The table of suggested actions (`serve --actions`, else the standard one), read once at start-up.
    var actionRules: ActionRules {
        get { storage[ActionRulesKey.self]! }
        set { storage[ActionRulesKey.self] = newValue }
    }

    private struct PageDataCacheKey: StorageKey {
        typealias Value = PageDataCache
    }

    /// What pages read, kept between views while nothing is committed (see `PageDataCache`).
    var pageDataCache: PageDataCache {
        get { storage[PageDataCacheKey.self]! }
        set { storage[PageDataCacheKey.self] = newValue }
    }

    private struct ClockKey: StorageKey {
        typealias Value = @Sendable () -> Date
    }

    private struct ResearchKeyKey: StorageKey {
        typealias Value = [UInt8]
    }

    /// The key of research exports' pseudonyms (`WebSettings.researchKey`).
    var researchKey: [UInt8] {
        get { storage[ResearchKeyKey.self]! }
        set { storage[ResearchKeyKey.self] = newValue }
    }

    private struct ReminderSchedulerKey: StorageKey {
        typealias Value = ReminderScheduler
    }

    /// The server's own reminder sending, when it was started with it (`WebSettings.reminders`).
    var reminderScheduler: ReminderScheduler? {
        get { storage[ReminderSchedulerKey.self] }
        set { storage[ReminderSchedulerKey.self] = newValue }
    }

    /// The time now, as the server was started with it (`WebSettings.now`): every controller
    /// asks this, never `Date()`, so that a test can move the clock.
    var attuneClock: @Sendable () -> Date {
        get { storage[ClockKey.self] ?? { Date() } }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The time now, from the application's clock (`Application.attuneClock`).
    var now: Date { application.attuneClock() }

    /// Today in the United Kingdom, from the application's clock.
    var today: CalendarDate { CalendarDate.today(at: now) }
}

/// Removes an in-memory SQLite database's temporary file when the application shuts down
/// (`AttuneDatabase.removeTemporaryFiles`).
private struct RemoveTemporaryDatabaseFiles: LifecycleHandler {
    let location: DatabaseLocation
    func shutdown(_ application: Application) { AttuneDatabase.removeTemporaryFiles(of: location) }
}

/// Closes the page cache's watch on the database when the application shuts down.
private struct CloseCommitWatch: LifecycleHandler {
    let watch: CommitWatch
    func shutdown(_ application: Application) { watch.close() }
}
