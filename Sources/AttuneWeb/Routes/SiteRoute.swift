import Foundation
import Vapor

/// Every page and endpoint. Controllers register `pattern` and views link with `path`, so a link
/// can never point at a route that does not exist. A case made with ":name" is its own pattern.
enum SiteRoute {
    case home
    case health
    case stylesheet
    case login
    case logout
    case programmes
    case evaluation
    case programme(String)
    case sessionLog(programme: String, number: String)
    case dyad(String)
    case dyadMeasures(String)
    case dyadFollowUp(String)
    case alertClose(String)

    var path: String {
        switch self {
        case .home: "/"
        case .health: "/health"
        case .stylesheet: "/assets/attune.css"
        case .login: "/login"
        case .logout: "/logout"
        case .programmes: "/programmes"
        case .evaluation: "/evaluation"
        case .programme(let code): "/programmes/\(Self.escape(code))"
        case .sessionLog(let programme, let number): "/programmes/\(Self.escape(programme))/sessions/\(Self.escape(number))"
        case .dyad(let code): "/dyads/\(Self.escape(code))"
        case .dyadMeasures(let code): "/dyads/\(Self.escape(code))/measures"
        case .dyadFollowUp(let code): "/dyads/\(Self.escape(code))/follow-ups"
        case .alertClose(let id): "/alerts/\(Self.escape(id))/close"
        }
    }

    /// Path components for Vapor's router; ":name" components are parameters.
    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0).removingPercentEncoding ?? String($0)) }
    }

    private static func escape(_ value: String) -> String {
        value.hasPrefix(":") ? value : value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
