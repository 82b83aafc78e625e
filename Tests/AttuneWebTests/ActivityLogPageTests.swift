import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
import ZIPFoundation
@testable import AttuneWeb

/// The activity log from the web (issue 26): sign-ins and views recorded, who viewed a
/// mother's record on her page for those answerable for it, and the administrator's search.
@Suite("Activity log from the web")
struct ActivityLogPageTests {
    @Test("sign-ins are recorded, a refused one under the username only when it is a user's: what was typed may be a password")
    func signIns() async throws {
        try await withAttune(demo: true) { app async throws in
            var visitor = WebSession(app: app)
            _ = try await visitor.get("/login")
            #expect(try await visitor.post("/login", ["username": "demo-facilitator-a", "password": "not-her-password"]).status == .unauthorized)
            #expect(try await visitor.post("/login", ["username": "Tr0ub4dor&3", "password": "whatever"]).status == .unauthorized)
            _ = try await WebSession.signIn(app, as: "demo-facilitator-a")

            let entries = try await ActivityLog.search(.init(actions: [.signIn, .signInRefused]), on: app.db).reversed().map { ($0.action, $0.actor, $0.summary) }
            #expect(entries.map(\.0) == [.signInRefused, .signInRefused, .signIn])
            #expect(entries.map(\.1) == ["demo-facilitator-a", "(unknown username)", "demo-facilitator-a"])
            #expect(entries[0].2 == "Sign-in refused: wrong password")
            let everything = try await ActivityLog.search(.init(), on: app.db)
            #expect(!everything.contains { $0.actor.contains("Tr0ub4dor") || $0.summary.contains("Tr0ub4dor") })
        }
    }

    @Test("a view of her page is recorded; her centre's manager sees who viewed it, a facilitator and an evaluator do not")
    func whoViewedHer() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(try await facilitator.get("/dyads/A1-D05").status == .ok)
            let view = try #require(try await ActivityLog.search(.init(dyad: "A1-D05", actions: [.view]), on: app.db).first)
            #expect(view.actor == "demo-facilitator-a" && view.recordKind == "dyad" && view.summary == "Her page")
            #expect(!(try await facilitator.get("/dyads/A1-D05").body.string.contains("Who has seen or changed her record")))

            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let page = try await manager.get("/dyads/A1-D05").body.string
            #expect(page.contains("Who has seen or changed her record"))
            #expect(page.contains("demo-facilitator-a") && page.contains("demo-manager-a"))

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            let programme = try await evaluator.get("/programmes/A1").body.string
            let pseudonym = try #require(programme.firstMatch(of: /href="\/dyads\/([^"]+)"/)).1
            let shown = try await evaluator.get("/dyads/\(pseudonym)").body.string
            #expect(!shown.contains("Who has seen or changed her record"))
            // Recorded under her working code, whatever name the evaluator knows her by.
            #expect(try await ActivityLog.search(.init(user: "demo-evaluator", actions: [.view]), on: app.db).allSatisfy { $0.dyad?.hasPrefix("A1-") == true })
        }
    }

    @Test("the administrator searches the log by user, mother, action and day, a page at a time; nobody else may")
    func adminSearch() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            for _ in 0..<(ActivityController.pageSize + 5) { _ = try await facilitator.get("/dyads/A1-D05") }
            #expect(try await facilitator.get("/admin/activity").status == .forbidden)
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/admin/activity").status == .forbidden)

            var admin = try await WebSession.signIn(app, as: "demo-admin")
            let first = try await admin.get("/admin/activity?user=demo-facilitator-a&action=view")
            #expect(first.status == .ok)
            let body = first.body.string
            #expect(occurrences(of: "<td data-label=\"Action\">view</td>", in: body) == ActivityController.pageSize)
            let older = try #require(body.firstMatch(of: /href="(\/admin\/activity\?before=[^"]+)"/)).1
            let next = try await admin.get(String(older).replacingOccurrences(of: "&amp;", with: "&")).body.string
            #expect(occurrences(of: "<td data-label=\"Action\">view</td>", in: next) == 5)
            #expect(!next.contains("Older entries"))

            let none = try await admin.get("/admin/activity?dyad=A1-D05&user=demo-admin").body.string
            #expect(none.contains("No entries match."))
            let wrongDay = try await admin.get("/admin/activity?since=last+week")
            #expect(wrongDay.status == .unprocessableEntity)
            #expect(wrongDay.body.string.contains("Give a date as YYYY-MM-DD, or leave it empty."))
        }
    }
}

/// A mother's rights from the web (issue 26): her record given, printable and as JSON; her
/// record erased by an administrator after a confirmation.
@Suite("A mother's rights from the web")
struct MotherRightsPageTests {
    @Test("her centre's manager gives her record as a printable page and as JSON, recorded as an export; a facilitator may not, another centre sees 404")
    func subjectAccess() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let her = try await manager.get("/dyads/A1-D05").body.string
            #expect(her.contains("Everything held about her (to print)") && !her.contains("Erase her record"))
            let page = try await manager.get("/dyads/A1-D05/record")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("Everything Attune holds about") && body.contains("Registration and consents") && body.contains("Who viewed, changed or gave out her record"))
            let json = try await manager.get("/dyads/A1-D05/record.json")
            #expect(json.status == .ok && json.headers.contentType == .json)
            #expect(json.headers.first(name: .contentDisposition)?.contains("A1-D05-subject-access.json") == true)
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.body.string.utf8)) as? [String: Any])
            #expect((decoded["dyad"] as? [String: Any])?["id"] as? String == "A1-D05" && decoded["activity"] != nil)
            #expect(try await ActivityLog.search(.init(dyad: "A1-D05", actions: [.export]), on: app.db).count == 2)

            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(try await facilitator.get("/dyads/A1-D05/record").status == .forbidden)
            // A mother of centre B is not centre A's manager's to give.
            #expect(try await manager.get("/dyads/B7-D01/record").status == .notFound)
            #expect(try await manager.get("/dyads/B7-D01/record.json").status == .notFound)
        }
    }

    @Test("the administrator erases a mother's record after typing her code; her page then says so; nobody else may")
    func erase() async throws {
        try await withAttune(demo: true) { app async throws in
            let open = Set(try await AlertStore.all(openOnly: true, on: app.db).map(\.dyadId))
            let document = try await EvidenceStore.load(programmes: ["A1"], on: app.db)
            let code = try #require(document.dyads.map(\.id).sorted().first { !open.contains($0) })
            // A correction of a session's log gives her absence a reason: kept in the log's details, under her code.
            let session = try #require(document.sessions.first { $0.number == 1 })
            var values = SessionLogController.values(of: session, attendance: document.attendance)
            values["attendance-\(code)"] = "absent"
            values["reason-\(code)"] = "Planted reason of her absence"
            values["correction_reason"] = "Her absence was not marked"
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(try await facilitator.post("/programmes/A1/sessions/1", values).status == .seeOther)
            let logged = try await ActivityLog.search(.init(dyad: code, actions: [.change]), on: app.db)
            #expect(logged.contains { $0.details?.changes.contains { $0.new.contains("Planted reason") } == true })

            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/dyads/\(code)/erase").status == .forbidden)

            var admin = try await WebSession.signIn(app, as: "demo-admin")
            let form = try await admin.get("/dyads/\(code)/erase")
            #expect(form.status == .ok && form.body.string.contains("What goes") && form.body.string.contains("What stays"))
            let wrongCode = try await admin.post("/dyads/\(code)/erase", ["reason": "Her request of 2 December", "confirm": "A1-D99"])
            #expect(wrongCode.status == .unprocessableEntity && wrongCode.body.string.contains("Type her code, \(code), to confirm."))
            let noReason = try await admin.post("/dyads/\(code)/erase", ["reason": "", "confirm": code])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Say why her record is erased"))
            #expect(try await Erasure.erasedAt(dyad: code, on: app.db) == nil)

            let done = try await admin.post("/dyads/\(code)/erase", ["reason": "Her request of 2 December", "confirm": code])
            #expect(done.status == .seeOther)
            let page = try await admin.get("/dyads/\(code)").body.string
            #expect(page.contains("Her record was erased on") && !page.contains("Erase her record"))
            #expect(try await DyadStore.find(code: code, on: app.db)?.motherName == nil)
            #expect(try await admin.get("/dyads/\(code)/erase").body.string.contains("record is erased"))
            // Her reason is gone from the log's details, and from the session's corrections.
            let everything = String(decoding: try JSONEncoder().encode(try await ActivityLog.search(.init(), on: app.db)), as: UTF8.self)
            #expect(!everything.contains("Planted reason"))
            #expect(!(try await facilitator.get("/programmes/A1/sessions/1").body.string.contains("Planted reason")))
            #expect(try await ActivityChain.verify(on: app.db).problem == nil)
        }
    }
}

/// Records kept longer than the retention period, listed for the administrator's review.
@Suite("Retention from the web")
struct RetentionPageTests {
    @Test("the administrator lists the records older than the period, each linked to her page and to erasing it; a wrong period is named; nobody else may")
    func review() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var admin = try await WebSession.signIn(app, as: "demo-admin")
            // The study's records are from 2007-2008.
            let old = try await admin.get("/admin/retention?years=7").body.string
            #expect(old.contains("records older than 7 years, the oldest first") && old.contains("href=\"/dyads/A1-D01/erase\""))
            // The programme running now is not due.
            #expect(!old.contains("A-NOW-D"))
            let none = try await admin.get("/admin/retention?years=100").body.string
            #expect(none.contains("No record's latest activity is older than 100 years."))
            let wrong = try await admin.get("/admin/retention?years=forever")
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Give a number of years from 1 to 100."))
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/admin/retention").status == .forbidden)
        }
    }
}

/// The research export from the web (issue 26): a .zip of the same files as the command, for
/// evaluators and administrators, of their centres.
@Suite("Research export from the web")
struct ResearchExportPageTests {
    @Test("an evaluator downloads the export of her centres as a .zip: tables, codebook and scripts, pseudonyms only; a facilitator may not")
    func download() async throws {
        try await withAttune(demo: true) { app async throws in
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            let page = try await evaluator.get("/evaluation").body.string
            #expect(page.contains("Download the research export"))
            let response = try await evaluator.post("/evaluation/research-export", ["unrecorded_consent": "true"])
            #expect(response.status == .ok && response.headers.contentType == .zip)
            #expect(response.headers.first(name: .contentDisposition)?.contains("attune-research-export.zip") == true)
            let archive = try Archive(data: Data(buffer: response.body), accessMode: .read)
            var files: [String: String] = [:]
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                files[String(entry.path.split(separator: "/").last ?? "")] = String(decoding: data, as: UTF8.self)
            }
            #expect(Set(files.keys) == ["programmes.csv", "sessions.csv", "dyads.csv", "invitations.csv", "attendance.csv", "measures.csv", "excerpts.csv",
                                        "codebook.csv", "import.sps", "import.R", "README.txt"])
            let dyads = try #require(files["dyads.csv"]).split(separator: "\r\n").dropFirst()
            #expect(!dyads.isEmpty && dyads.allSatisfy { $0.hasPrefix("r-") })
            // No working code anywhere.
            #expect(!files.values.contains { $0.contains("A1-D0") })
            #expect(try await ActivityLog.search(.init(user: "demo-evaluator", actions: [.export]), on: app.db).count == 1)
            // Without the option, the study's mothers (never asked about research) are left out.
            let strict = try await evaluator.post("/evaluation/research-export", [:])
            let strictArchive = try Archive(data: Data(buffer: strict.body), accessMode: .read)
            let entry = try #require(strictArchive["attune-research-export/dyads.csv"])
            var strictDyads = Data()
            _ = try strictArchive.extract(entry) { strictDyads.append($0) }
            #expect(String(decoding: strictDyads, as: UTF8.self).split(separator: "\r\n").count == 1)

            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(!(try await facilitator.get("/evaluation").body.string.contains("Download the research export")))
            #expect(try await facilitator.post("/evaluation/research-export", [:]).status == .forbidden)
        }
    }
}
