import AttuneStore
import FluentKit
import Vapor

/// The names a page shows people in place of record codes: a mother by her name, a programme
/// by its name. For someone who may not see personal details (an evaluator) a mother stays
/// her pseudonym, as the page was given it.
struct ShownNames: Sendable {
    var dyads: [String: String] = [:]
    var programmes: [String: String] = [:]

    /// No names: every code shown as it is (a mother as "mother <code>").
    static let none = ShownNames()

    /// The names of these mothers (when the user may see them) and programmes.
    static func read(_ request: Request, dyads: some Sequence<String>, programmes: some Sequence<String>,
                     on database: any Database) async throws -> ShownNames {
        let personal = (try? request.user.can(.viewPersonalDetails)) == true
        let read = try await DyadStore.names(ofDyads: personal ? Set(dyads) : [], programmes: Set(programmes), on: database)
        return ShownNames(dyads: read.dyads, programmes: read.programmes)
    }

    /// "Amy Lee"; a mother with no name recorded, or shown by pseudonym, as "mother <code>".
    func mother(_ code: String) -> String { dyads[code] ?? "mother \(code)" }

    func programme(_ code: String) -> String { programmes[code] ?? code }
}
