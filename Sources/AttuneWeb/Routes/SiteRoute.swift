import Foundation
import Vapor

/// Every page and endpoint. Controllers register `pattern` and views link with `path`, so a link
/// can never point at a route that does not exist. A case made with ":name" is its own pattern.
enum SiteRoute {
    case home
    case health
    case stylesheet
    case login
    case setup
    case logout
    case programmes
    case evaluation
    case newProgramme
    case programme(String)
    case sessionLog(programme: String, number: String)
    case sessionPlan(programme: String, number: String)
    case secondObservation(programme: String, number: String)
    case newExcerpt(programme: String)
    case override(programme: String, mechanism: String)
    case invite(programme: String)
    case reminders(programme: String)
    case enrolment(programme: String, dyad: String)
    case dyad(String)
    case dyadMeasures(String)
    case dyadRegistration(String)
    case measureDeletion(dyad: String, measure: String)
    case measureCorrection(dyad: String, measure: String)
    case dyads
    case dyadFollowUp(String)
    case alertClose(String)
    case accountPassword
    case users
    case user(String)
    case userPassword(String)
    case userSessions(String)
    case centres
    case centre(String)
    case facilitators
    case facilitator(String)
    case activity
    case dyadRecord(String)
    case dyadRecordJSON(String)
    case dyadErasure(String)
    case researchExport
    case cycles
    case actions
    case actionDecision
    case actionPlan(String)
    case retention

    var path: String {
        switch self {
        case .home: "/"
        case .health: "/health"
        case .stylesheet: "/assets/attune.css"
        case .login: "/login"
        case .setup: "/setup"
        case .logout: "/logout"
        case .programmes: "/programmes"
        case .evaluation: "/evaluation"
        case .newProgramme: "/programmes/new"
        case .programme(let code): "/programmes/\(Self.escape(code))"
        case .sessionLog(let programme, let number): "/programmes/\(Self.escape(programme))/sessions/\(Self.escape(number))"
        case .override(let programme, let mechanism): "/programmes/\(Self.escape(programme))/overrides/\(Self.escape(mechanism))"
        case .sessionPlan(let programme, let number): "/programmes/\(Self.escape(programme))/sessions/\(Self.escape(number))/plan"
        case .newExcerpt(let programme): "/programmes/\(Self.escape(programme))/excerpts/new"
        case .secondObservation(let programme, let number): "/programmes/\(Self.escape(programme))/sessions/\(Self.escape(number))/second-observation"
        case .reminders(let programme): "/programmes/\(Self.escape(programme))/reminders"
        case .invite(let programme): "/programmes/\(Self.escape(programme))/invite"
        case .enrolment(let programme, let dyad): "/programmes/\(Self.escape(programme))/enrolment/\(Self.escape(dyad))"
        case .dyad(let code): "/dyads/\(Self.escape(code))"
        case .dyadRegistration(let code): "/dyads/\(Self.escape(code))/registration"
        case .dyads: "/dyads"
        case .measureDeletion(let dyad, let measure): "/dyads/\(Self.escape(dyad))/measures/\(Self.escape(measure))/delete"
        case .measureCorrection(let dyad, let measure): "/dyads/\(Self.escape(dyad))/measures/\(Self.escape(measure))/correct"
        case .dyadMeasures(let code): "/dyads/\(Self.escape(code))/measures"
        case .dyadFollowUp(let code): "/dyads/\(Self.escape(code))/follow-ups"
        case .alertClose(let id): "/alerts/\(Self.escape(id))/close"
        case .accountPassword: "/account/password"
        case .users: "/admin/users"
        case .user(let id): "/admin/users/\(Self.escape(id))"
        case .userPassword(let id): "/admin/users/\(Self.escape(id))/password"
        case .userSessions(let id): "/admin/users/\(Self.escape(id))/sessions"
        case .centres: "/admin/centres"
        case .centre(let code): "/admin/centres/\(Self.escape(code))"
        case .facilitators: "/admin/facilitators"
        case .facilitator(let code): "/admin/facilitators/\(Self.escape(code))"
        case .activity: "/admin/activity"
        case .dyadRecord(let code): "/dyads/\(Self.escape(code))/record"
        case .dyadRecordJSON(let code): "/dyads/\(Self.escape(code))/record.json"
        case .dyadErasure(let code): "/dyads/\(Self.escape(code))/erase"
        case .researchExport: "/evaluation/research-export"
        case .cycles: "/evaluation/cycles"
        case .actions: "/evaluation/actions"
        case .actionDecision: "/evaluation/actions/decide"
        case .actionPlan(let id): "/evaluation/actions/\(Self.escape(id))"
        case .retention: "/admin/retention"
        }
    }

    /// Path components for Vapor's router; ":name" components are parameters.
    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0).removingPercentEncoding ?? String($0)) }
    }

    /// Percent-encodes all but RFC 3986's unreserved characters (ASCII letters, digits, -._~),
    /// byte by byte. Pages build hundreds of links; Foundation's version built a character set
    /// for every one of them.
    static func escape(_ value: String) -> String {
        if value.hasPrefix(":") { return value }
        func unreserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
            default: false
            }
        }
        if value.utf8.allSatisfy(unreserved) { return value }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            if unreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
