import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `attune` binary as a user would, in a folder of the test's choosing.
enum AttuneProcess {
    struct Result {
        let exitCode: Int32
        let stdout: String
        let stderr: String
        var stderrLines: [Substring] { stderr.split(separator: "\n") }
    }

    static var binary: URL {
        // On Linux the test runner sits next to the products it was built with.
        let beside = Bundle.main.bundleURL.appendingPathComponent("attune")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/attune")
    }

    /// The caller's environment without an ATTUNE_DATABASE_URL that would change the default.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ATTUNE_DATABASE_URL")
        return environment
    }

    /// Runs `attune` with `arguments`, or, with `executable`, the program `arguments[0]` names.
    static func run(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:], input: String? = nil,
                    executable: Bool = false) async throws -> Result {
        let out = folder.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        let source = folder.appendingPathComponent(".stdin-\(UUID().uuidString)")
        defer { [out, err, source].forEach { try? FileManager.default.removeItem(at: $0) } }
        if let input { try Data(input.utf8).write(to: source) }
        let child = try ChildProcess(executable: executable ? arguments[0] : binary.path,
                                     arguments: executable ? Array(arguments.dropFirst()) : arguments,
                                     environment: environment.merging(extra) { _, new in new }, folder: folder,
                                     input: input == nil ? nil : source.path, output: out.path, errors: err.path)
        let exitCode = await child.wait()
        return Result(exitCode: exitCode,
                      stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// A running `attune serve`, with its output in a log file outside the served folder.
    final class Server {
        let process: ChildProcess
        let log: URL
        let port: Int

        init(arguments: [String], port: Int, in folder: URL, log: URL) throws {
            self.port = port
            self.log = log
            process = try ChildProcess(executable: AttuneProcess.binary.path, arguments: ["serve", "--port", String(port)] + arguments,
                                       environment: AttuneProcess.environment, folder: folder,
                                       output: log.path, errors: log.path, append: true)
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Polls GET path until it answers, for at most `seconds`.
        func get(_ path: String, seconds: Double = 60) async throws -> (status: Int, body: String) {
            let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                do {
                    let (data, response) = try await URLSession.shared.data(from: url)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
                } catch {
                    guard process.isRunning, Date() < deadline else {
                        throw ServerError.notAnswering(output: output)
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }

        /// Stops the server as Ctrl-C would and waits for it to exit.
        func stop() async throws {
            guard process.isRunning else { return }
            process.signal(SIGINT)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            if process.isRunning { process.signal(SIGTERM); await process.wait() }
        }
    }

    enum ServerError: Error, CustomStringConvertible {
        case notAnswering(output: String)
        var description: String { "attune serve did not answer. Its output:\n\(self.output)" }
        private var output: String { switch self { case .notAnswering(let output): output } }
    }
}

/// A listening TCP socket on 127.0.0.1 (to occupy a port), or just a free port number.
enum LoopbackPort {
    static func listen() -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        _ = Glibc.listen(fd, 1)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: bound.sin_port)))
    }

    static func free() -> Int {
        let (fd, port) = listen()
        close(fd)
        return port
    }
}

func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attune-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// The folder's visible files, ignoring the test harness's own capture files.
func visibleFiles(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".std") }.sorted()
}
