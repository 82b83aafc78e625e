import PostgresNIO

/// What a database error tells the person who ran a command. PostgresNIO's errors print one
/// generic line on purpose ("PSQLError – Generic description to prevent accidental leakage of
/// sensitive data"), since their details can hold a query and its values. An operator still
/// needs to know why the server could not be reached, or what the server answered: that much,
/// and never the query, is kept here.
public enum DatabaseErrorMessage {
    /// nil for an error that is not the database's.
    public static func message(for error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        if let server = error.serverInfo, let message = server[.message] {
            // What the server answered, e.g. password authentication failed for user "attune".
            return "the PostgreSQL server answered: \(message)" + (server[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            return "could not reach the PostgreSQL server: \(reason(error.underlying)). Check that it is running and that "
                + "--database (or ATTUNE_DATABASE_URL) names its host, port and database."
        case .authMechanismRequiresPassword:
            return "the PostgreSQL server asks for a password: give it in the URL (postgres://user:password@host:port/database)."
        case .sslUnsupported:
            return "the PostgreSQL server does not offer TLS, which the URL requires (sslmode); use sslmode=disable "
                + "only for a server on this machine."
        default:
            return "PostgreSQL failed (\(error.code))."
        }
    }

    /// The cause of a failed connection in a few words ("connection refused"), from NIO's error.
    private static func reason(_ underlying: (any Error)?) -> String {
        guard let underlying else { return "no reason given" }
        let text = String(describing: underlying)
        for (cause, words) in [("Connection refused", "connection refused"), ("timed out", "timed out"),
                               ("No such host", "no such host"), ("nodename nor servname", "no such host"),
                               ("Connection reset", "connection reset")]
        where text.localizedCaseInsensitiveContains(cause) {
            return words
        }
        return text
    }
}
