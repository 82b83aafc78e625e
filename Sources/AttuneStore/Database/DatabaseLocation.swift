import AttuneCore
import Foundation

/// Where Attune keeps its data: an SQLite file (the embedded default), an in-memory SQLite
/// database (tests), or a PostgreSQL server (multi-site scale).
///
/// `parse` checks everything it can without touching the disk beyond reading, so that a bad
/// `--database` argument is refused before any file is created or changed.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory(identifier: String)
    case postgres(PostgresURL)

    public static let defaultSQLitePath = "attune.sqlite"

    /// Reads a `--database` argument: `postgres://` or `postgresql://` URLs select PostgreSQL,
    /// anything else is the path of an SQLite file.
    public static func parse(_ argument: String) throws(DatabaseLocationError) -> DatabaseLocation {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .emptyArgument }
        if let scheme = trimmed.split(separator: ":", maxSplits: 1).first,
           trimmed.contains("://"), scheme.lowercased().hasPrefix("postgres") {
            return .postgres(try PostgresURL(trimmed))
        }
        if trimmed.contains("://") {
            throw .unsupportedScheme(String(trimmed.prefix { $0 != ":" }))
        }
        try SQLiteFileCheck.validate(path: trimmed)
        return .sqliteFile(path: trimmed)
    }

    /// For logs and the start-up banner: never prints a password.
    public var displayName: String {
        switch self {
        case .sqliteFile(let path): "SQLite file \(path)"
        case .sqliteMemory: "in-memory SQLite"
        case .postgres(let url): "PostgreSQL \(url.redacted)"
        }
    }

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}

/// A PostgreSQL connection URL, checked field by field so that the error names what is wrong.
public struct PostgresURL: Sendable, Equatable {
    public let text: String
    public let host: String
    public let port: Int
    public let user: String
    public let database: String
    /// Connections per event loop (`pool_size` in the URL, 1-64; 4 when absent).
    public let poolSize: Int
    /// The URL handed to the driver: without `pool_size`, which only Attune reads.
    public let driverURL: String

    public static let poolSizes = 1...64
    public static let defaultPoolSize = 4
    public static let allowedTLSModes = ["disable", "prefer", "require", "verify-full", "verify-ca", "allow"]

    public init(_ text: String) throws(DatabaseLocationError) {
        guard let components = URLComponents(string: text) else {
            throw .malformedPostgresURL(reason: "it is not a valid URL (expected postgres://user:password@host:port/database)")
        }
        guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw .malformedPostgresURL(reason: "the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .malformedPostgresURL(reason: "it names no host (expected postgres://user:password@host:port/database)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .malformedPostgresURL(reason: "it names no user (expected postgres://user:password@host:port/database)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw .malformedPostgresURL(reason: "port \(port) is outside 1-65535")
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty, !database.contains("/") else {
            throw .malformedPostgresURL(reason: "it names no database (expected .../database after the host)")
        }
        var poolSize = Self.defaultPoolSize
        var driverItems: [URLQueryItem] = []
        for item in components.queryItems ?? [] {
            switch item.name.lowercased() {
            case "sslmode", "tlsmode", "ssl", "tls":
                guard let value = item.value, Self.allowedTLSModes.contains(value) else {
                    throw .malformedPostgresURL(reason: "\(item.name) must be one of \(Self.allowedTLSModes.joined(separator: ", "))")
                }
                driverItems.append(item)
            case "pool_size":
                guard let value = item.value.flatMap(Int.init), Self.poolSizes.contains(value) else {
                    throw .malformedPostgresURL(reason: "pool_size must be a whole number from \(Self.poolSizes.lowerBound) to \(Self.poolSizes.upperBound)")
                }
                poolSize = value
            default:
                throw .malformedPostgresURL(reason: "unknown option '\(item.name)' (sslmode and pool_size are understood)")
            }
        }
        var forDriver = components
        forDriver.queryItems = driverItems.isEmpty ? nil : driverItems
        self.poolSize = poolSize
        self.driverURL = forDriver.string ?? text
        self.text = text
        self.host = host
        self.port = port
        self.user = user
        self.database = database
    }

    /// The URL without its password, for logs.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

public enum DatabaseLocationError: InputError, Equatable {
    case emptyArgument
    case unsupportedScheme(String)
    case malformedPostgresURL(reason: String)
    case notAnSQLiteFile(path: String)
    case isADirectory(path: String)
    case folderMissing(path: String, folder: String)
    case notWritable(path: String)

    public var description: String {
        switch self {
        case .emptyArgument:
            "--database is empty: give an SQLite file path or a postgres:// URL."
        case .unsupportedScheme(let scheme):
            "--database: '\(scheme)://' is not supported; use an SQLite file path or a postgres:// URL."
        case .malformedPostgresURL(let reason):
            "--database: malformed PostgreSQL URL: \(reason)."
        case .notAnSQLiteFile(let path):
            "--database: \(path) is not an SQLite database (it lacks the SQLite header); it was left untouched."
        case .isADirectory(let path):
            "--database: \(path) is a folder; give the path of an SQLite file."
        case .folderMissing(let path, let folder):
            "--database: cannot create \(path): the folder \(folder) does not exist."
        case .notWritable(let path):
            "--database: \(path) cannot be written by this user."
        }
    }
}
