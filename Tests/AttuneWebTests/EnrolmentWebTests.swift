import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Inviting mothers and recording their answers from the web (issue 25): registering a new
/// mother as she is invited, a likely duplicate shown before saving, a place, the waiting list
/// and the freed place offered to the first on it; every refusal names its field and stores
/// nothing, and nothing outside the user's centres can be named.
@Suite("Invitations and enrolment from the web")
struct EnrolmentWebTests {
    static let amy = ["form": "new", "mother_name": "Amy Jones", "infant_name": "Leo", "infant_date_of_birth": "2026-10-02",
                      "phone": "07700 900123", "preferred_channel": "sms", "social_risk_factors-single_parent": "true",
                      "consent_to_records": "true", "consent_date": "2026-12-01", "consent_to_contact": "true", "contact_consent_date": "2026-12-01",
                      "referral": "health_visitor", "postal_address": "4 Elm Row, Northfield", "mode": "in_person"]

    /// A programme of centre A with one place, set up from the web; its code.
    static func oneplaceProgramme(_ manager: inout WebSession, app: Application) async throws -> (code: String, lead: String) {
        let lead = try #require(try await ScopeStore.facilitators(of: ["A"], on: app.db).first).id
        _ = try await manager.get("/programmes/new")
        var form = ProgrammeSetUpTests.form(lead: lead)
        form["place_limit"] = "1"
        let saved = try await manager.post("/programmes/new", form)
        let location = try #require(saved.headers.first(name: .location))
        return (String(location.dropFirst("/programmes/".count)), lead)
    }

    static func invitations(_ code: String, app: Application) async throws -> [Invitation] {
        try await EvidenceStore.load(programmes: [code], on: app.db).invitations.sorted { $0.dyadId < $1.dyadId }
    }

    @Test("a new mother is registered and invited at once; a likely duplicate is shown before saving, and saved only when said to be another")
    func register() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let (code, lead) = try await Self.oneplaceProgramme(&manager, app: app)
            let form = try await manager.get("/programmes/\(code)/invite")
            #expect(form.status == .ok)
            for name in EnrolmentController.dyadFields where name != "social_risk_factors" {
                let field = try #require(EvidenceRecords.dyad.fields.first { $0.name == name })
                let label = field.label.replacingOccurrences(of: "'", with: "&#39;")
                #expect(form.body.string.contains("<label for=\"field-\(name)\">\(label)</label>")
                        || form.body.string.contains("<label class=\"choice\" for=\"field-\(name)\">")
                        || form.body.string.contains("<legend>\(label)</legend>"), "\(name)")
            }
            var amy = Self.amy
            amy["invited_by_facilitator_id"] = lead
            let saved = try await manager.post("/programmes/\(code)/invite", amy)
            #expect(saved.status == .seeOther)
            let document = try await EvidenceStore.load(programmes: [code], on: app.db)
            let dyad = try #require(document.dyads.first)
            #expect(dyad.id == "A-M1" && dyad.motherName == "Amy Jones" && dyad.infantName == "Leo")
            #expect(dyad.socialRiskFactors == [.singleParent] && dyad.consentToRecords && dyad.preferredChannel == .sms)
            // Consents each as given (research not asked: not recorded), who recorded them, how she was referred.
            #expect(dyad.consentToContact == true && dyad.contactConsentDate == CalendarDate("2026-12-01") && dyad.consentToResearch == nil)
            #expect(dyad.consentRecordedBy == "Demo manager, centre A" && dyad.referral == .healthVisitor && dyad.postalAddress == "4 Elm Row, Northfield")
            #expect(dyad.reminderChannel == .sms)
            let invitation = try #require(document.invitations.first)
            #expect(invitation.status == .invited && invitation.mode == .inPerson && invitation.invitedByFacilitatorId == lead)
            #expect(try await manager.get("/programmes/\(code)").body.string.contains("Record her answer"))

            // The same names and baby's birth date again: shown, not saved.
            var again = amy
            again["mother_name"] = "  amy JONES "
            let duplicate = try await manager.post("/programmes/\(code)/invite", again)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.string.contains("She may be registered already"))
            #expect(duplicate.body.string.contains("href=\"/dyads/A-M1\""))
            #expect(try await EvidenceStore.load(programmes: [code], on: app.db).dyads.count == 1)
            again["not_a_duplicate"] = "true"
            #expect(try await manager.post("/programmes/\(code)/invite", again).status == .seeOther)
            #expect(try await EvidenceStore.load(programmes: [code], on: app.db).dyads.map(\.id).sorted() == ["A-M1", "A-M2"])
        }
    }

    @Test("a birth date in the future, no consent, no phone for text reminders and a personal invitation by no one are each named, and nothing is stored")
    func refused() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let (code, _) = try await Self.oneplaceProgramme(&manager, app: app)
            _ = try await manager.get("/programmes/\(code)/invite")
            var wrong = Self.amy
            wrong["consent_to_records"] = nil
            wrong["mother_name"] = ""
            let first = try await manager.post("/programmes/\(code)/invite", wrong)
            #expect(first.status == .unprocessableEntity)
            for message in ["Give the mother&#39;s name.", "Attune keeps records only with her consent.", "needs who made it"] {
                #expect(first.body.string.contains(message), "\(message)")
            }
            var future = Self.amy
            future["invited_by_practitioner"] = "Health visitor J. Patel"
            future["infant_date_of_birth"] = "2099-01-01"
            future["phone"] = ""
            let second = try await manager.post("/programmes/\(code)/invite", future)
            #expect(second.status == .unprocessableEntity)
            #expect(second.body.string.contains("a baby&#39;s date of birth cannot be in the future"))
            #expect(second.body.string.contains("has no phone recorded"))
            #expect(try await EvidenceStore.load(programmes: [code], on: app.db).dyads.isEmpty)
        }
    }

    @Test("one place: the first takes it, the second goes on the waiting list, and when the first withdraws (with a reason) the second is offered it")
    func waitingList() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let (code, lead) = try await Self.oneplaceProgramme(&manager, app: app)
            _ = try await manager.get("/programmes/\(code)/invite")
            for (mother, baby) in [("Amy Jones", "Leo"), ("Bea Khan", "Noor")] {
                var form = Self.amy
                form["mother_name"] = mother
                form["infant_name"] = baby
                form["invited_by_facilitator_id"] = lead
                #expect(try await manager.post("/programmes/\(code)/invite", form).status == .seeOther)
            }
            _ = try await manager.get("/programmes/\(code)/enrolment/A-M1")
            #expect(try await manager.post("/programmes/\(code)/enrolment/A-M1", ["answer": "place"]).status == .seeOther)
            #expect(try await manager.post("/programmes/\(code)/enrolment/A-M2", ["answer": "place"]).status == .seeOther)
            #expect(try await Self.invitations(code, app: app).map(\.status) == [.enrolled, .waiting])
            let full = try await manager.get("/programmes/\(code)").body.string
            #expect(full.contains("1 on the waiting list.") && !full.contains("A place is free."))

            let noReason = try await manager.post("/programmes/\(code)/enrolment/A-M1", ["answer": "withdrew", "reason": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Give her reason in plain words"))
            #expect(try await Self.invitations(code, app: app).map(\.status) == [.enrolled, .waiting])
            #expect(try await manager.post("/programmes/\(code)/enrolment/A-M1", ["answer": "withdrew", "reason": "moved away"]).status == .seeOther)
            let freed = try await manager.get("/programmes/\(code)").body.string
            #expect(freed.contains("A place is free.") && freed.contains("First on the waiting list: Bea Khan"))
            #expect(freed.contains("href=\"/programmes/\(code)/enrolment/A-M2\">Offer her the place"))
            #expect(try await manager.post("/programmes/\(code)/enrolment/A-M2", ["answer": "place"]).status == .seeOther)
            let statuses = try await Self.invitations(code, app: app)
            #expect(statuses.map(\.status) == [.withdrawn, .enrolled])
            #expect(statuses.first?.closedReason == "moved away")
            // An answer not offered for where she stands is refused.
            #expect(try await manager.post("/programmes/\(code)/enrolment/A-M2", ["answer": "declined", "reason": "x"]).status == .unprocessableEntity)
        }
    }

    @Test("a mother registered at the centre can be invited again; one of another centre, another centre's programme and an evaluator cannot")
    func scope() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let (code, _) = try await Self.oneplaceProgramme(&manager, app: app)
            let page = try await manager.get("/programmes/\(code)/invite").body.string
            #expect(page.contains("A mother already registered at"))
            let registeredAtA = try #require(try await EvidenceStore.load(programmes: ["A1"], on: app.db).invitations.first?.dyadId)
            let ofB = try #require(try await EvidenceStore.load(programmes: ["B7"], on: app.db).invitations.first?.dyadId)
            // From her page: a link to invite her to the new programme, which chooses her in the form.
            let herPage = try await manager.get("/dyads/\(registeredAtA)").body.string
            #expect(herPage.contains("href=\"/programmes/\(code)/invite?dyad=\(registeredAtA)\""))
            let chosen = try await manager.get("/programmes/\(code)/invite?dyad=\(registeredAtA)").body.string
            #expect(chosen.contains("<option value=\"\(registeredAtA)\" selected>"))
            let stranger = try await manager.post("/programmes/\(code)/invite", ["form": "existing", "dyad_id": ofB, "mode": "leaflet_or_poster"])
            #expect(stranger.status == .unprocessableEntity)
            #expect(stranger.body.string.contains("Choose a mother from the list."))
            let invited = try await manager.post("/programmes/\(code)/invite", ["form": "existing", "dyad_id": registeredAtA, "mode": "leaflet_or_poster"])
            #expect(invited.status == .seeOther)
            #expect(try await Self.invitations(code, app: app).map(\.dyadId) == [registeredAtA])

            #expect(try await manager.get("/programmes/B7/invite").status == .notFound)
            #expect(try await manager.post("/programmes/B7/enrolment/\(ofB)", ["answer": "place"]).status == .notFound)
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/programmes/\(code)/invite").status == .forbidden)
            #expect(try await evaluator.post("/programmes/\(code)/enrolment/\(registeredAtA)", ["answer": "place"]).status == .forbidden)
        }
    }
}
