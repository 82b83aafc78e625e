import AttuneCore
import NIOCore
import NIOPosix

/// Checks that the server will be able to listen, before anything else starts: a busy port
/// must be refused before the database file is created or migrated.
public enum PortProbe {
    public static func ensureFree(host: String, port: Int) async throws(PortProbeError) {
        guard (1...65535).contains(port) else { throw .outOfRange(port) }
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port)
                .get()
            try? await channel.close()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .inUse(host: host, port: port)
        } catch {
            throw .cannotListen(host: host, port: port, reason: String(describing: error))
        }
    }
}

public enum PortProbeError: InputError {
    case outOfRange(Int)
    case inUse(host: String, port: Int)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .outOfRange(let port):
            "--port \(port) is outside 1-65535."
        case .inUse(let host, let port):
            "port \(port) on \(host) is already in use; stop the other program or choose another with --port."
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port) (\(reason)); check --host and --port."
        }
    }
}
