import ArgumentParser
import AttuneCore
import AttuneStore
import AttuneWeb
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Attune web application.",
        discussion: "Creates or opens the database, brings its schema up to date and serves the pages.")

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (1-65535).")
    var port = 8080

    @Option(help: ArgumentHelp("""
        Threads serving requests (\(AttuneServer.eventLoopRange.lowerBound)-\(AttuneServer.eventLoopRange.upperBound)). \
        By default four per core on SQLite (each has one connection) and one per core on PostgreSQL.
        """, valueName: "count"))
    var eventLoops: Int?

    @Option(help: ArgumentHelp("A site rubric (JSON) to use instead of the standard one.", valueName: "file"))
    var rubric: String?

    @Option(help: ArgumentHelp("A site's table of suggested actions (JSON) instead of the standard one.", valueName: "file"))
    var actions: String?

    @Flag(help: """
        Load the study's eight programmes into an empty database (a database with programmes is left as it is), \
        and the demo users (not into a database with users or programmes of its own).
        """)
    var demo = false

    @Flag(help: "Mark the session cookie Secure: use when Attune is served over HTTPS (directly or behind a proxy).")
    var secureCookies = false

    @Option(help: ArgumentHelp("""
        The address of the reverse proxy in front of Attune: requests from it are counted for sign-in \
        throttling under the client address it adds to X-Forwarded-For. Without it the header is ignored.
        """, valueName: "address"))
    var trustedProxy: String?

    @Option(help: ArgumentHelp("Item wording the site holds a licence for (JSON), shown in the measure forms.", valueName: "file"))
    var measureWording: String?

    @Option(help: ArgumentHelp("""
        How many views' page data to keep while nothing is committed to the database \
        (\(WebSettings.pageCacheEntriesRange.lowerBound)-\(WebSettings.pageCacheEntriesRange.upperBound); \
        0 reads every view afresh).
        """, valueName: "entries"))
    var pageCache = WebSettings.defaultPageCacheEntries

    @Option(help: ArgumentHelp("""
        The secret that keys evaluators' pseudonyms (at least 32 characters), kept outside the database. \
        Without it: $\(SiteSecret.environmentVariable) when set, else <database>.site-secret beside an SQLite file \
        (made on first start). PostgreSQL needs one of the two.
        """, valueName: "file"))
    var siteSecretFile: String?

    @Option(help: ArgumentHelp("""
        The key of the research export's pseudonyms (a file of at least 32 bytes), the one given to         `attune export research --key-file` for the same pseudonyms. Without it one is made from the site secret.
        """, valueName: "file"))
    var researchKeyFile: String?

    @Option(help: ArgumentHelp("""
        How often the server sends the reminders that are due, in seconds \
        (\(WebSettings.reminderSecondsRange.lowerBound)-\(WebSettings.reminderSecondsRange.upperBound)), \
        or 0 to leave sending to `attune reminders run`. Several servers on one database send each reminder once.
        """, valueName: "seconds"))
    var remindersEvery = 60

    @OptionGroup(title: "Reminder delivery (as for `attune reminders run`)") var delivery: DeliveryOptions

    /// For end-to-end tests only: the server's clock reads an ISO 8601 instant from this file
    /// at each look (the time now when the file is missing or unreadable), so that a browser
    /// test can run a whole term in minutes.
    @Option(help: .hidden) var clockFile: String?

    func validate() throws {
        let every = WebSettings.reminderSecondsRange
        if remindersEvery != 0 && !every.contains(remindersEvery) {
            throw ValidationError("--reminders-every \(remindersEvery) is outside \(every.lowerBound)-\(every.upperBound) seconds (or 0 for none).")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port \(port) is outside 1-65535.") }
        let loops = AttuneServer.eventLoopRange
        if let eventLoops, !loops.contains(eventLoops) {
            throw ValidationError("--event-loops \(eventLoops) is outside \(loops.lowerBound)-\(loops.upperBound).")
        }
        if let trustedProxy, TrustedProxy(trustedProxy) == nil {
            throw ValidationError("--trusted-proxy \(trustedProxy) is not an IP address (such as 10.0.0.2 or fd00::2).")
        }
        let entries = WebSettings.pageCacheEntriesRange
        guard entries.contains(pageCache) else {
            throw ValidationError("--page-cache \(pageCache) is outside \(entries.lowerBound)-\(entries.upperBound).")
        }
    }

    func run() async throws {
        let location = try databaseOptions.location()
        let rubric = try Rubric.load(path: rubric)
        let actionRules = try ActionRules.load(path: actions)
        let wording = try measureWording.map { try MeasureWording.load(path: $0) }
        let password = ProcessInfo.processInfo.environment["ATTUNE_DEMO_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let password { try Passwords.check(password, record: "ATTUNE_DEMO_PASSWORD") }
        // Before the secret file may be made: a start refused for its port leaves no file behind.
        try await PortProbe.ensureFree(host: host, port: port)
        let siteSecret: [UInt8]
        do {
            siteSecret = try SiteSecret.load(environment: ProcessInfo.processInfo.environment, file: siteSecretFile,
                                             databaseFile: location.sqliteFilePath, inMemory: location.isInMemory)
        } catch let problem as SiteSecret.Problem {
            throw ValidationError(problem.description)
        }
        let reminders: (sender: any ReminderSender, everySeconds: Int)? = remindersEvery == 0 ? nil : (try delivery.sender(), remindersEvery)
        let researchKey = try researchKeyFile.map(ResearchExportStore.key(fromFile:))
        var now: @Sendable () -> Date = { Date() }
        if let clockFile { now = Self.clock(readingFrom: clockFile) }
        try await AttuneServer.run(host: host, port: port, eventLoops: eventLoops,
                                   settings: WebSettings(database: location, loadDemo: demo, rubric: rubric, actionRules: actionRules, demoPassword: password,
                                                         secureCookies: secureCookies, wording: wording, demoCurrentProgramme: demo,
                                                         pageCacheEntries: pageCache, siteSecret: siteSecret,
                                                         trustedProxy: trustedProxy.flatMap(TrustedProxy.init),
                                                         reminders: reminders, researchKey: researchKey, now: now))
    }
}

extension ServeCommand {
    /// The time the file says (`--clock-file`), else the time now.
    static func clock(readingFrom path: String) -> @Sendable () -> Date {
        {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let date = ISO8601DateFormatter().date(from: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return Date() }
            return date
        }
    }
}

private extension DatabaseLocation {
    /// The SQLite file, beside which the site secret is kept by default.
    var sqliteFilePath: String? {
        if case .sqliteFile(let path) = self { return path }
        return nil
    }

    var isInMemory: Bool {
        if case .sqliteMemory = self { return true }
        return false
    }
}
