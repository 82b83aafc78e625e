import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The administrator's facilitators pages (issue 25): the form is the facilitator's one
/// definition plus the centres they work in; a facilitator added for a centre is offered on its
/// session logs at once; every refusal names its field and stores nothing.
@Suite("Administrator: facilitators")
struct FacilitatorAdminTests {
    @Test("a facilitator added for centre B is offered on B's session logs and no other's; moved to C, on C's")
    func addedForCentre() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            let list = try await admin.get("/admin/facilitators")
            #expect(list.status == .ok)
            for name in FacilitatorsController.fields {
                let field = try #require(EvidenceRecords.facilitator.fields.first { $0.name == name })
                #expect(list.body.string.contains("<label for=\"field-\(name)\">\(field.label)</label>"), "\(name)")
            }
            func offered(on programme: String) async throws -> Bool {
                try await admin.get("/programmes/\(programme)/sessions/1").body.string.contains("Nia Okafor")
            }
            #expect(try await !offered(on: "B7"))
            let added = try await admin.post("/admin/facilitators", [
                "id": "NF1", "name": "Nia Okafor", "role": "health_visitor", "training_body": "iaim", "training_days": "4",
                "special_interests": "fathers, twins", "centres": "B"])
            #expect(added.status == .seeOther)
            let stored = try #require(try await FacilitatorStore.find(code: "NF1", on: app.db))
            #expect(stored.facilitator == Facilitator(id: "NF1", name: "Nia Okafor", role: .healthVisitor, trainingBody: .iaim, trainingDays: 4,
                                                      specialInterests: ["fathers", "twins"]))
            #expect(stored.centres == ["B"])
            #expect(try await offered(on: "B7"))
            #expect(try await !offered(on: "C8"))

            _ = try await admin.get("/admin/facilitators/NF1")
            let moved = try await admin.post("/admin/facilitators/NF1", ["name": "Nia Okafor", "role": "midwife", "training_body": "peter_walker",
                                                                        "training_days": "", "special_interests": "", "centres": "C"])
            #expect(moved.status == .seeOther)
            let changed = try #require(try await FacilitatorStore.find(code: "NF1", on: app.db))
            #expect(changed.facilitator == Facilitator(id: "NF1", name: "Nia Okafor", role: .midwife, trainingBody: .peterWalker))
            #expect(changed.centres == ["C"])
            #expect(try await offered(on: "C8"))
            #expect(try await !offered(on: "B7"))
        }
    }

    @Test("a taken code, a missing name, no role, too many training days and an unknown centre are each named; nothing is stored")
    func refused() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            _ = try await admin.get("/admin/facilitators")
            let before = try await FacilitatorStore.all(on: app.db).count
            let wrong = try await admin.post("/admin/facilitators", ["id": "NF2", "name": "", "role": "", "training_body": "iaim",
                                                                    "training_days": "99", "centres": "A"])
            #expect(wrong.status == .unprocessableEntity)
            let html = wrong.body.string
            #expect(html.contains("The facilitator was not added: 3 things to correct"))
            #expect(html.contains("Give the name."))
            #expect(html.contains("Choose the professional role."))
            #expect(html.contains("99 is outside 0-60."))
            let unknownCentre = try await admin.post("/admin/facilitators", ["id": "NF2", "name": "Ann", "role": "midwife", "training_body": "none",
                                                                            "centres": "A, ZZ"])
            #expect(unknownCentre.body.string.contains("No centre has the code ZZ."))
            let noCentre = try await admin.post("/admin/facilitators", ["id": "NF2", "name": "Ann", "role": "midwife", "training_body": "none"])
            #expect(noCentre.body.string.contains("Name at least one centre they work in."))
            let taken = try await admin.post("/admin/facilitators", ["id": "F1", "name": "Another", "role": "midwife", "training_body": "none",
                                                                    "centres": "A"])
            #expect(taken.body.string.contains("A facilitator has the code F1 already; choose another."))
            #expect(try await FacilitatorStore.all(on: app.db).count == before)
            #expect(try await admin.get("/admin/facilitators/NOPE").status == .notFound)
        }
    }

    @Test("her course date and the account she signs in with are kept and listed; an account no one has is refused and nothing is stored")
    func trainingAndAccount() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            _ = try await admin.get("/admin/facilitators")
            let form = ["id": "NF2", "name": "Rosa Okafor", "role": "health_visitor", "training_body": "iaim", "training_days": "4",
                        "trained_on": "2025-06-13", "centres": "A", "account": "nobody.here"]
            let refused = try await admin.post("/admin/facilitators", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("No one signs in as nobody.here"))
            #expect(try await FacilitatorStore.find(code: "NF2", on: app.db) == nil)
            var linked = form
            linked["account"] = "demo-facilitator-a"
            #expect(try await admin.post("/admin/facilitators", linked).status == .seeOther)
            let stored = try #require(try await FacilitatorStore.find(code: "NF2", on: app.db))
            #expect(stored.facilitator.trainedOn == CalendarDate("2025-06-13") && stored.account == "demo-facilitator-a")
            #expect(try await admin.get("/admin/facilitators").body.string.contains("<td>demo-facilitator-a</td>"))
            // Unlinked again by leaving it empty.
            _ = try await admin.get("/admin/facilitators/NF2")
            linked["account"] = ""
            #expect(try await admin.post("/admin/facilitators/NF2", linked).status == .seeOther)
            #expect(try await FacilitatorStore.find(code: "NF2", on: app.db)?.account == nil)
        }
    }

    @Test("no one but an administrator opens or posts to the facilitators pages")
    func guarded() async throws {
        try await withAttune(demo: true) { app async throws in
            for username in ["demo-manager-a", "demo-facilitator-a", "demo-evaluator"] {
                var user = try await WebSession.signIn(app, as: username)
                #expect(try await user.get("/admin/facilitators").status == .forbidden)
                #expect(try await user.post("/admin/facilitators", ["id": "Z1", "name": "Z", "role": "midwife", "training_body": "none",
                                                                   "centres": "A"]).status == .forbidden)
                #expect(try await user.post("/admin/facilitators/F1", ["name": "Taken over", "role": "midwife", "training_body": "none",
                                                                      "centres": "A"]).status == .forbidden)
            }
            #expect(try await FacilitatorStore.find(code: "Z1", on: app.db) == nil)
            #expect(try await FacilitatorStore.find(code: "F1", on: app.db)?.facilitator.name != "Taken over")
        }
    }
}
