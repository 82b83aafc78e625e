import AttuneCore
import AttuneStore
import Vapor
import ZIPFoundation

/// The research export from the web (`exportResearch`: evaluators and administrators): the
/// same files as `attune export research`, for the user's centres, as one .zip file.
struct ResearchExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(SiteRoute.researchExport.pathComponents, use: download)
    }

    @Sendable
    func download(request: Request) async throws -> Response {
        let user = try request.require(.exportResearch)
        let values = try request.content.decode([String: String].self)
        let export = try await ResearchExportStore.make(centres: user.scope.centreFilter, key: request.application.researchKey,
                                                        includingUnrecordedConsent: values["unrecorded_consent"] == "true", on: request.db)
        let archive = try Archive(accessMode: .create)
        for file in export.files {
            let data = Data(file.text.utf8)
            try archive.addEntry(with: "attune-research-export/\(file.name)", type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: request.now, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let zip = archive.data else { throw Abort(.internalServerError, reason: "The export could not be packed.") }
        var headers = HTTPHeaders()
        headers.contentType = .zip
        headers.contentDisposition = .init(.attachment, filename: "attune-research-export.zip")
        headers.cacheControl = .init(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(data: zip))
    }
}
