import AttuneHTML
import Vapor

/// Errors as pages a person can act on: the reason for 4xx, a plain apology for 5xx (whose
/// detail goes to the log, never to the browser).
struct HTMLErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            let reason: String
            if let abort = error as? any AbortError {
                status = abort.status
                // Every 404 reads the same, so a record of another centre cannot be told from one that does not exist.
                reason = status == .notFound ? Scoped.notFound.reason
                    : status.code < 500 ? abort.reason : "Something went wrong on our side. Try again; if it keeps happening, tell your administrator."
            } else {
                status = .internalServerError
                reason = "Something went wrong on our side. Try again; if it keeps happening, tell your administrator."
            }
            if status.code >= 500 { request.logger.report(error: error) }
            let context = PageContext.minimal(request)
            let main: SafeHTML = "<h1>\(status.reasonPhrase)</h1><p>\(reason)</p><p><a href=\"\(SiteRoute.home.path)\">Go to the dashboard</a></p>"
            return PageFrame.render(title: status.reasonPhrase, context: context, main: main, status: status)
        }
    }
}
