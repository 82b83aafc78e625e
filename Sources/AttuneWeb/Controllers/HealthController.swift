import Fluent
import SQLKit
import Vapor

/// `GET /health`: 200 when the server and its database answer, 503 otherwise.
struct HealthController: RouteCollection {
    struct Status: Content {
        let status: String
        let database: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.health.pathComponents, use: health)
    }

    @Sendable
    func health(request: Request) async throws -> Response {
        do {
            guard let sql = request.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            return try await Status(status: "ok", database: "ok").encodeResponse(status: .ok, for: request)
        } catch {
            request.logger.error("Health check: database did not answer: \(String(reflecting: error))")
            return try await Status(status: "unavailable", database: "not answering")
                .encodeResponse(status: .serviceUnavailable, for: request)
        }
    }
}
