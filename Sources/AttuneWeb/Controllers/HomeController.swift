import AttuneCore
import AttuneStore
import Vapor

/// The home page: every programme's mechanism profile as one accessible table.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    @Sendable
    func home(request: Request) async throws -> Response {
        let matrix = try await ProgrammeModel.publishedMatrix(on: request.db)
        return HTMLResponse.page(HomePage(model: HomePageModel(matrix: matrix)).document)
    }
}
