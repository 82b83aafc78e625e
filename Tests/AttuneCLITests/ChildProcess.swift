import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A program the tests start with `posix_spawn`, its standard streams from and to files.
///
/// Not Foundation's `Process`: on this Swift (6.3.1) `Process.run()` sometimes crashes in
/// `findMaximumOpenFromProcSelfFD`, which reads past a `dirent`'s name
/// (swiftlang/swift-corelibs-foundation#5472, fixed upstream after this release). It crashed one
/// CI run of the CLI tests in `RemindersCommandTests`.
final class ChildProcess: Sendable {
    let pid: pid_t
    /// The exit status once the child has been reaped (`isRunning`, `wait`).
    private let status = Mutex<Int32?>(nil)

    enum SpawnError: Error, CustomStringConvertible {
        case failed(String, errno: Int32)
        var description: String {
            switch self { case .failed(let what, let errno): "could not start \(what): \(String(cString: strerror(errno)))" }
        }
    }

    /// Starts `executable` with `arguments` in `folder`. Its standard input reads the file
    /// `input` (nil: /dev/null); its output and errors are written to the files given (nil:
    /// /dev/null), appended to when `append`.
    init(executable: String, arguments: [String], environment: [String: String], folder: URL,
         input: String? = nil, output: String? = nil, errors: String? = nil, append: Bool = false) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writing = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", writing, 0o644)
        if let errors, errors == output {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errors ?? "/dev/null", writing, 0o644)
        }
        guard Self.changeDirectory(&actions, folder.path) == 0 else { throw SpawnError.failed(executable, errno: errno) }

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, nil, argv + [nil], envp + [nil])
        guard result == 0 else { throw SpawnError.failed(executable, errno: result) }
        self.pid = pid
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29 and later), which Swift's Glibc
    /// module does not declare: the child changes to the folder before the files are opened.
    private static func changeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return ENOSYS }
        return unsafeBitCast(symbol, to: AddChdir.self)(actions, path)
    }

    /// Waits for the child to end; returns its exit code (or 128 plus the signal that ended it).
    /// It polls rather than blocks in `waitpid`: a test's thread is one of the few Swift
    /// Concurrency has (one per core), and a child may need the test process meanwhile (the fake
    /// SMS gateway answers it). Two tests blocked waiting for their children left none, and
    /// every other test of the run stalled (a full run's group-commit tests passed their time
    /// limit). A cancelled wait kills the child.
    @discardableResult
    func wait() async -> Int32 {
        while isRunning {
            do { try await Task.sleep(for: .milliseconds(5)) } catch { signal(SIGKILL); break }
        }
        return status.withLock { status in
            while status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, 0) == pid { status = Self.exitCode(raw) } else if errno != EINTR { status = -1 }
            }
            return status!
        }
    }

    var isRunning: Bool {
        status.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
            status = Self.exitCode(raw)
            return false
        }
    }

    func signal(_ number: Int32) { if isRunning { kill(pid, number) } }

    private static func exitCode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}
