import ArgumentParser
import AttuneCore
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

    @Flag(help: "Load the study's eight programmes into an empty database (a database with programmes is left as it is), and the demo users.")
    var demo = false

    @Flag(help: "Mark the session cookie Secure: use when Attune is served over HTTPS (directly or behind a proxy).")
    var secureCookies = false

    @Option(help: ArgumentHelp("Item wording the site holds a licence for (JSON), shown in the measure forms.", valueName: "file"))
    var measureWording: String?

    @Option(help: ArgumentHelp("""
        How many views' page data to keep while nothing is committed to the database \
        (\(WebSettings.pageCacheEntriesRange.lowerBound)-\(WebSettings.pageCacheEntriesRange.upperBound); \
        0 reads every view afresh).
        """, valueName: "entries"))
    var pageCache = WebSettings.defaultPageCacheEntries

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port \(port) is outside 1-65535.") }
        let loops = AttuneServer.eventLoopRange
        if let eventLoops, !loops.contains(eventLoops) {
            throw ValidationError("--event-loops \(eventLoops) is outside \(loops.lowerBound)-\(loops.upperBound).")
        }
        let entries = WebSettings.pageCacheEntriesRange
        guard entries.contains(pageCache) else {
            throw ValidationError("--page-cache \(pageCache) is outside \(entries.lowerBound)-\(entries.upperBound).")
        }
    }

    func run() async throws {
        let location = try databaseOptions.location()
        let rubric = try Rubric.load(path: rubric)
        let wording = try measureWording.map { try MeasureWording.load(path: $0) }
        let password = ProcessInfo.processInfo.environment["ATTUNE_DEMO_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let password { try Passwords.check(password) }
        try await AttuneServer.run(host: host, port: port, eventLoops: eventLoops,
                                   settings: WebSettings(database: location, loadDemo: demo, rubric: rubric, demoPassword: password,
                                                         secureCookies: secureCookies, wording: wording, demoCurrentProgramme: demo,
                                                         pageCacheEntries: pageCache))
    }
}
