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

    public init(database: DatabaseLocation, loadDemo: Bool = false, rubric: Rubric? = nil) {
        self.database = database
        self.loadDemo = loadDemo
        self.rubric = rubric
    }
}

/// What happened at start-up, for the banner.
public struct StartupReport: Sendable {
    public let demo: StudyDemoLoader.Outcome?
}

/// Builds the whole application on `app`: database, migrations, demo data, middleware, routes.
@discardableResult
public func configureAttune(_ app: Application, settings: WebSettings) async throws -> StartupReport {
    app.attuneRubric = try settings.rubric ?? Rubric.standard()
    try AttuneDatabase.register(settings.database, on: app.databases)
    try await AttuneDatabase.prepare(app.databases, location: settings.database, logger: app.logger)
    let demo = settings.loadDemo ? try await StudyDemoLoader.load(into: app.db) : nil

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(ErrorMiddleware.default(environment: app.environment))
    app.middleware.use(SecurityHeadersMiddleware())

    try app.register(collection: AssetsController())
    try app.register(collection: HealthController())
    try app.register(collection: HomeController())
    return StartupReport(demo: demo)
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
}
