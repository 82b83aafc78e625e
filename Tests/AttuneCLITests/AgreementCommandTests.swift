import Foundation
import Testing

/// `attune agreement` (issue 27, part 2) on the study's evidence with second observers' checks
/// of its sessions, against what statsmodels computes from the same document
/// (scripts/make_agreement_goldens.py writes both files).
@Suite("attune agreement")
struct AgreementCommandTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    static let evidence = resources.appendingPathComponent("agreement-evidence.json")
    static let standardRubric = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/AttuneCore/Resources/rubric.json")

    static func expected() throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: resources.appendingPathComponent("agreement-expected.json"))) as? [String: Any])
        let checks = try #require(object["checks"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: checks.map { ($0["check"] as? String ?? "", $0) })
    }

    /// Each check of `json` equals statsmodels' to 1e-9; a check nobody rated twice says why.
    static func expectMatches(_ json: String) throws {
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let checks = try #require(printed["checks"] as? [[String: Any]])
        let expected = try expected()
        #expect(checks.count == expected.count)
        func close(_ a: Any?, _ b: Any?) -> Bool {
            guard let a = a as? Double, let b = b as? Double else { return false }
            return abs(a - b) < 1e-9
        }
        for check in checks {
            let name = try #require(check["check"] as? String)
            let want = try #require(expected[name], "\(name) is not a check statsmodels was given")
            #expect(check["n"] as? Int == want["n"] as? Int, "\(name)")
            if let kappa = want["kappa"] {
                #expect(close(check["agreement"], want["agreement"]), "\(name) agreement")
                #expect(close(check["kappa"], kappa), "\(name) kappa \(check["kappa"] ?? "none") against \(kappa)")
                #expect(close(check["kappa_se"], want["kappa_se"]), "\(name) kappa_se")
                let interval = check["kappa_interval"] as? [Double] ?? [], wanted = want["kappa_interval"] as? [Double] ?? []
                #expect(interval.count == 2 && zip(interval, wanted).allSatisfy { abs($0 - $1) < 1e-9 }, "\(name) interval")
                #expect(check["below_threshold"] as? Bool == ((kappa as? Double ?? 1) < 0.6), "\(name) flag")
            } else {
                #expect(check["kappa"] is NSNull && (check["not_computable"] as? String)?.isEmpty == false, "\(name) says why")
            }
            if let fleiss = want["fleiss_kappa"] {
                #expect(close(check["fleiss_kappa"], fleiss), "\(name) Fleiss")
                #expect(check["fleiss_observers"] as? Int == want["fleiss_observers"] as? Int, "\(name) observers")
                #expect(check["fleiss_sessions"] as? Int == want["fleiss_sessions"] as? Int, "\(name) Fleiss sessions")
            }
        }
        let ratings = try #require(printed["ratings"] as? [String: Any])
        #expect((ratings["n"] as? Int ?? 0) > 0 && ratings["weighted_kappa_linear"] is Double && ratings["weighted_kappa_quadratic"] is Double)
    }

    @Test("from an evidence document and from the database it is imported into: each check's kappa, interval and Fleiss' kappa as statsmodels computes them")
    func matchesStatsmodels() async throws {
        try await withTemporaryFolder { folder async throws in
            let fromFile = try await AttuneProcess.run(["agreement", "--evidence", Self.evidence.path, "--format", "json"], in: folder)
            #expect(fromFile.exitCode == 0, "\(fromFile.stderr)")
            try Self.expectMatches(fromFile.stdout)

            #expect(try await AttuneProcess.run(["import", "evidence", Self.evidence.path], in: folder).exitCode == 0)
            let stored = try await AttuneProcess.run(["agreement", "--format", "json"], in: folder)
            #expect(stored.exitCode == 0, "\(stored.stderr)")
            try Self.expectMatches(stored.stdout)
            #expect(stored.stdout == fromFile.stdout)
            // A second observer changes no profile: the audit is the study's.
            let audit = try await AttuneProcess.run(["audit", "--format", "csv"], in: folder)
            let studyAudit = try await AttuneProcess.run(["audit", "--evidence", AuditCommandTests.studyFile.path, "--format", "csv"], in: folder)
            #expect(audit.stdout == studyAudit.stdout)

            let text = try await AttuneProcess.run(["agreement"], in: folder)
            #expect(text.exitCode == 0)
            #expect(text.stdout.contains("Easy to find (easy_to_find): n = 42, agreement 81%, kappa 0.44 (95% CI 0.12 to 0.76)  LOW"))
            #expect(text.stdout.contains("Reflective prompts (reflective_prompts)") == false, "a check no one rated twice is left out of the text")
            #expect(text.stdout.contains("Fleiss' kappa, 4 observers of 16 sessions"))

            // The report shows the same, from the database and from the document; the study's own report has no such section.
            let report = try await AttuneProcess.run(["report"], in: folder)
            #expect(report.exitCode == 0 && report.stdout.contains("<h2 id=\"agreement-title\">Do observers agree?</h2>"))
            #expect(report.stdout.contains("<tr><th scope=\"row\">Easy to find</th><td>42</td><td>81%</td><td class=\"prose\">0.44 (95% CI 0.12 to 0.76)</td><td>below 0.6</td></tr>"))
            #expect(try await AttuneProcess.run(["report", "--evidence", Self.evidence.path], in: folder).stdout.contains("Do observers agree?"))
            #expect(!(try await AttuneProcess.run(["report", "--study"], in: folder).stdout.contains("Do observers agree?")))
        }
    }

    @Test("a site rubric sets the threshold; a bad one is refused naming the field")
    func threshold() async throws {
        try await withTemporaryFolder { folder async throws in
            var rubric = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.standardRubric)) as? [String: Any])
            rubric["agreement_kappa_below"] = 0.4
            let strict = folder.appendingPathComponent("rubric.json")
            try JSONSerialization.data(withJSONObject: rubric).write(to: strict)
            let text = try await AttuneProcess.run(["agreement", "--evidence", Self.evidence.path, "--rubric", strict.path], in: folder)
            #expect(text.stdout.contains("kappa below 0.4"))
            // greeted_at_door, room_not_crowded, infant_states_taught and strokes_taught.
            #expect(text.stdout.components(separatedBy: "  LOW\n").count - 1 == 4, "\(text.stdout)")
            rubric["agreement_kappa_below"] = 2
            try JSONSerialization.data(withJSONObject: rubric).write(to: strict)
            let refused = try await AttuneProcess.run(["agreement", "--evidence", Self.evidence.path, "--rubric", strict.path], in: folder)
            #expect(refused.exitCode != 0 && refused.stderr.contains("agreement_kappa_below 2.0 is outside -1 to 1"), "\(refused.stderr)")
        }
    }
}
