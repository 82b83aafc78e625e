import AttuneCore
import AttuneStore
import Foundation
import Vapor

/// The user of the current request, loaded from the session.
struct SignedInUser: Authenticatable, Sendable {
    let id: UUID
    let username: String
    let displayName: String
    let role: Role
    let centres: Set<String>
    /// Signed in with a one-time password: must choose her own before anything else.
    let mustChangePassword: Bool

    init(_ user: StoredUser) {
        id = user.id
        username = user.username
        displayName = user.displayName
        role = user.role
        centres = user.centres
        mustChangePassword = user.mustChangePassword
    }

    var scope: AccessScope { AccessScope(role: role, centres: centres) }
    func can(_ permission: Permission) -> Bool { role.allows(permission) }
}

extension Request {
    /// The signed-in user; routes behind `RequireSignIn` always have one.
    var user: SignedInUser {
        get throws {
            guard let user = auth.get(SignedInUser.self) else { throw Abort(.unauthorized) }
            return user
        }
    }

    /// Refuses with 403 when the user's role lacks `permission`.
    func require(_ permission: Permission) throws -> SignedInUser {
        let user = try self.user
        guard user.can(permission) else { throw Abort(.forbidden, reason: "Your role (\(user.role.label)) cannot do this.") }
        return user
    }
}
