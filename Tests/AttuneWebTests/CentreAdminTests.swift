import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The administrator's centres pages (issue 25): the form is the centre's one definition, and
/// what it sends is checked as an import checks a centre; every refusal names its field and
/// stores nothing.
@Suite("Administrator: centres")
struct CentreAdminTests {
    @Test("the add form has a field per definition field; a centre added shows in the list, can be changed, and a manager can be given it")
    func addAndChange() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            let list = try await admin.get("/admin/centres")
            #expect(list.status == .ok)
            // Every field of the centre's definition, labelled as it says.
            for field in EvidenceRecords.centre.fields {
                #expect(list.body.string.contains("<label for=\"field-\(field.name)\">\(field.label)</label>"), "\(field.name)")
            }
            #expect(list.body.string.contains("min=\"1\" max=\"10\""))
            let added = try await admin.post("/admin/centres", ["id": "D", "name": "Oak Tree Children's Centre", "area": "Northfield ward",
                                                               "deprivation_decile": "2"])
            #expect(added.status == .seeOther)
            #expect(try await CentreStore.find(code: "D", on: app.db) == Centre(id: "D", name: "Oak Tree Children's Centre",
                                                                                 deprivationDecile: 2, area: "Northfield ward"))
            let listed = try await admin.get("/admin/centres").body.string
            #expect(listed.contains("Added centre D, Oak Tree Children&#39;s Centre.") || listed.contains("Added centre D, Oak Tree Children&#x27;s Centre."))
            #expect(listed.contains("Northfield ward"))

            // Changed: name, area and decile; the code stays.
            let form = try await admin.get("/admin/centres/D")
            #expect(form.body.string.contains("value=\"Northfield ward\""))
            #expect(try await admin.post("/admin/centres/D", ["id": "X", "name": "Oak Tree", "area": "", "deprivation_decile": "3"]).status == .seeOther)
            #expect(try await CentreStore.find(code: "D", on: app.db) == Centre(id: "D", name: "Oak Tree", deprivationDecile: 3))
            #expect(try await CentreStore.find(code: "X", on: app.db) == nil)

            // A manager of the new centre can be added at once.
            let manager = try await admin.post("/admin/users", ["username": "oak.manager", "display_name": "Oak manager", "role": "manager", "centres": "D"])
            #expect(manager.status == .ok)
            #expect(try await UserStore.find(username: "oak.manager", on: app.db)?.centres == ["D"])
        }
    }

    @Test("a taken code, a missing name and a decile out of range are each named beside the field, and nothing is stored")
    func refused() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            _ = try await admin.get("/admin/centres")
            let before = try await CentreStore.all(on: app.db).count
            let wrong = try await admin.post("/admin/centres", ["id": "E", "name": "", "deprivation_decile": "11"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("The centre was not added: 2 things to correct"))
            #expect(wrong.body.string.contains("11 is outside 1-10 (1 most deprived, 10 least)."))
            #expect(wrong.body.string.contains("Give the name."))
            let notNumber = try await admin.post("/admin/centres", ["id": "E", "name": "Elm", "deprivation_decile": "two"])
            #expect(notNumber.body.string.contains("&#39;two&#39; is not a whole number.") || notNumber.body.string.contains("is not a whole number."))
            let taken = try await admin.post("/admin/centres", ["id": "A", "name": "Another A"])
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.string.contains("A centre has the code A already; choose another."))
            #expect(try await CentreStore.all(on: app.db).count == before)
            #expect(try await CentreStore.find(code: "A", on: app.db)?.name == "Study location A")
            _ = try await admin.get("/admin/centres/A")
            let badEdit = try await admin.post("/admin/centres/A", ["name": "Study location A", "deprivation_decile": "0"])
            #expect(badEdit.status == .unprocessableEntity)
            #expect(try await CentreStore.find(code: "A", on: app.db)?.deprivationDecile == 2)
            #expect(try await admin.get("/admin/centres/NOPE").status == .notFound)
        }
    }

    @Test("no one but an administrator opens or posts to the centres pages")
    func guarded() async throws {
        try await withAttune(demo: true) { app async throws in
            for username in ["demo-manager-a", "demo-facilitator-a", "demo-evaluator"] {
                var user = try await WebSession.signIn(app, as: username)
                #expect(try await user.get("/admin/centres").status == .forbidden)
                #expect(try await user.post("/admin/centres", ["id": "Z", "name": "Z"]).status == .forbidden)
                #expect(try await user.post("/admin/centres/A", ["name": "Taken over"]).status == .forbidden)
            }
            #expect(try await CentreStore.find(code: "Z", on: app.db) == nil)
            #expect(try await CentreStore.find(code: "A", on: app.db)?.name == "Study location A")
        }
    }

    @Test("a national list of centres or facilitators is shown 50 a page, narrowed by code or name, never whole")
    func listsAPageAtATime() async throws {
        try await withAttune(demo: true) { app async throws in
            for number in 1...60 {
                let code = String(format: "Z%02d", number)
                try await CentreStore.add(Centre(id: code, name: "Zinnia Centre \(number)"), on: app.db)
                try await FacilitatorStore.add(Facilitator(id: "F-" + code, name: "Zoe Facilitator \(number)", role: .healthVisitor, trainingBody: .iaim),
                                               centres: [code], on: app.db)
            }
            var admin = try await WebSession.signIn(app)
            func rows(_ html: String) -> Int { html.components(separatedBy: "<tr><th scope=\"row\">").count - 1 }
            for (path, total) in [("/admin/centres", try await CentreStore.all(on: app.db).count),
                                  ("/admin/facilitators", try await FacilitatorStore.all(on: app.db).count)] {
                let first = try await admin.get(path).body.string
                #expect(rows(first) == 50, "\(path)")
                #expect(first.contains("Page 1 of 2") && first.contains("\(path)?page=2"), "\(path)")
                #expect(rows(try await admin.get(path + "?page=2").body.string) == total - 50, "\(path)")
                // Z01-Z09 by code or name; the pages keep what was found.
                let found = try await admin.get(path + "?find=z0").body.string
                #expect(rows(found) == 9 && !found.contains("Page 1 of"), "\(path)")
                #expect(rows(try await admin.get(path + "?find=ZINNIA+CENTRE+6").body.string) == (path == "/admin/centres" ? 2 : 0), "\(path)")
            }
        }
    }
}
