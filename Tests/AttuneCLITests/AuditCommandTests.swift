import AttuneCore
import Foundation
import Testing

@Suite("attune audit and attune import evidence")
struct AuditCommandTests {
    static var studyFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/AttuneCore/Resources/study-evidence.json")
    }

    @Test("--study prints the derived matrix, the explanations and the reconstructed notice")
    func studyText() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["audit", "--study"], in: folder)
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("Total (count of Y, recomputed)          5   7   2   5   2   7  12  10"))
            #expect(result.stdout.contains("Reconstructed study data"))
            #expect(result.stdout.contains("M3  N   4 different facilitators led the 5 sessions"))
            #expect(try visibleFiles(in: folder).isEmpty)
        }
    }

    @Test("--format json: per programme and mechanism, the rating, explanation and override flag")
    func json() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["audit", "--study", "--format", "json"], in: folder)
            #expect(result.exitCode == 0)
            let document = try MatrixJSONDocument.decoder.decode(AuditJSONDocument.self, from: Data(result.stdout.utf8))
            #expect(document.reconstructed)
            #expect(document.programmes.map(\.total) == [5, 7, 2, 5, 2, 7, 12, 10])
            let a4 = try #require(document.programmes.first { $0.id == "A4" })
            let m12 = try #require(a4.mechanisms.first { $0.mechanism == MechanismID(12) })
            #expect(m12.rating == .variable)
            #expect(m12.explanation.hasPrefix("infant states taught in 2 of 5 sessions (40%): variable"))
            #expect(m12.overridden == false)
            #expect(m12.evidence.count == 5)
        }
    }

    @Test("--format csv: one row per programme and mechanism")
    func csv() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["audit", "--study", "--format", "csv"], in: folder)
            #expect(result.exitCode == 0)
            let lines = result.stdout.split(separator: "\r\n")
            #expect(lines.count == 1 + 8 * 15)
            #expect(lines[0] == "programme,mechanism,rating,derived_rating,overridden,explanation")
            #expect(lines.contains { $0.hasPrefix("B7,M8,no,no,false,") })
        }
    }

    @Test("--evidence FILE audits any document; import stores it; audit alone reads the database")
    func importThenAudit() async throws {
        try await withTemporaryFolder { folder async throws in
            let fromFile = try await AttuneProcess.run(["audit", "--evidence", Self.studyFile.path, "--format", "csv"], in: folder)
            #expect(fromFile.exitCode == 0)
            let imported = try await AttuneProcess.run(["import", "evidence", Self.studyFile.path], in: folder)
            #expect(imported.exitCode == 0)
            #expect(imported.stdout.contains("Imported 8 programmes, 42 sessions, 39 dyads, 39 invitations, 210 attendance records and"))
            let fromDatabase = try await AttuneProcess.run(["audit", "--format", "csv"], in: folder)
            #expect(fromDatabase.exitCode == 0)
            #expect(fromDatabase.stdout == fromFile.stdout)
            // A second import clashes and stores nothing more.
            let again = try await AttuneProcess.run(["import", "evidence", Self.studyFile.path], in: folder)
            #expect(again.exitCode == 2)
            #expect(again.stderr.contains("programmes A1, A2, A3, A4, A5 and 3 more, id: already in the database"))
        }
    }

    @Test("audit reads the stored profiles, byte for byte what deriving gives; --verify compares; --recompute derives again")
    func storedProfiles() async throws {
        try await withTemporaryFolder { folder async throws in
            #expect(try await AttuneProcess.run(["import", "evidence", Self.studyFile.path], in: folder).exitCode == 0)
            for format in ["text", "json", "csv"] {
                let derived = try await AttuneProcess.run(["audit", "--evidence", Self.studyFile.path, "--format", format], in: folder)
                let stored = try await AttuneProcess.run(["audit", "--format", format], in: folder)
                #expect(stored.exitCode == 0)
                #expect(stored.stderr.isEmpty, "read from the stored profiles, not derived again")
                // The title names the source; everything else is the same bytes.
                #expect(stored.stdout.replacingOccurrences(of: "Programmes in SQLite file attune.sqlite", with: "T")
                        == derived.stdout.replacingOccurrences(of: "Programmes in \(Self.studyFile.path)", with: "T"), "\(format)")
            }
            let verified = try await AttuneProcess.run(["audit", "--verify"], in: folder)
            #expect(verified.exitCode == 0)
            #expect(verified.stdout == "Every stored profile equals the one its evidence derives.\n")
            // Derived again by --recompute, which reads attendance on a second connection while the
            // rest is read: the same bytes, the records each rating used (registers among them) too.
            #expect(try await AttuneProcess.run(["audit", "--recompute"], in: folder).exitCode == 0)
            let recomputedJSON = try await AttuneProcess.run(["audit", "--format", "json"], in: folder)
            let derivedJSON = try await AttuneProcess.run(["audit", "--evidence", Self.studyFile.path, "--format", "json"], in: folder)
            #expect(recomputedJSON.stdout.replacingOccurrences(of: "Programmes in SQLite file attune.sqlite", with: "T")
                    == derivedJSON.stdout.replacingOccurrences(of: "Programmes in \(Self.studyFile.path)", with: "T"))
            #expect(recomputedJSON.stdout.contains("attendance"), "the records used include registers")

            // A change that goes round the store (a hand edit of the file): --verify names the
            // programme and exits 1, and --recompute puts it right.
            let edit = try await AttuneProcess.run(["/usr/bin/env", "python3", "-c",
                "import sqlite3; c = sqlite3.connect('attune.sqlite'); c.execute(\"UPDATE sessions SET singing = 1 - COALESCE(singing, 0) WHERE code = 'A1-S1'\"); c.commit()"],
                in: folder, executable: true)
            #expect(edit.exitCode == 0, "\(edit.stderr)")
            let drifted = try await AttuneProcess.run(["audit", "--verify"], in: folder)
            #expect(drifted.exitCode == 1)
            #expect(drifted.stderr.contains("attune: A1: stored ratings or explanations of M14 differs from the evidence"))
            let recomputed = try await AttuneProcess.run(["audit", "--recompute"], in: folder)
            #expect(recomputed.exitCode == 0)
            #expect(recomputed.stdout == "Derived 8 programme profiles under Attune standard rubric (after Underdown & Barlow 2011), version 1.0.0; later writes keep them up to date.\n")
            #expect(try await AttuneProcess.run(["audit", "--verify"], in: folder).exitCode == 0)

            // A site rubric: not what is stored, so derived from the evidence (and said so),
            // until --recompute puts it in use.
            let rubric = folder.appendingPathComponent("site.json")
            try Data(#"{"rubric_version":"site-7","name":"Site","rules":[{"mechanism":"M7","rule":"group_size","minimum_dyads":5,"maximum_dyads":8,"yes_at_least":0.8}]}"#.utf8).write(to: rubric)
            let other = try await AttuneProcess.run(["audit", "--rubric", rubric.path, "--format", "csv"], in: folder)
            #expect(other.exitCode == 0)
            #expect(other.stderr.contains("the stored profiles are not rubric site-7's: derived from the evidence instead"))
            #expect(try await AttuneProcess.run(["audit", "--recompute", "--rubric", rubric.path], in: folder).exitCode == 0)
            let site = try await AttuneProcess.run(["audit", "--rubric", rubric.path, "--format", "csv"], in: folder)
            #expect(site.stderr.isEmpty)
            #expect(site.stdout == other.stdout)
            #expect(try await AttuneProcess.run(["audit", "--study", "--verify"], in: folder).exitCode == 64)
        }
    }

    @Test("--need-versus-provision: the same analysis from the database (stored need signals) as from the document")
    func needVersusProvision() async throws {
        try await withTemporaryFolder { folder async throws in
            let text = try await AttuneProcess.run(["audit", "--study", "--need-versus-provision"], in: folder)
            #expect(text.exitCode == 0)
            #expect(text.stdout.contains("A1, A3, A5: in the highest-need third"))
            #expect(text.stdout.contains("A5         2           2 of 4 (50%)"))
            let fromFile = try await AttuneProcess.run(["audit", "--evidence", Self.studyFile.path, "--need-versus-provision", "--format", "json"], in: folder)
            #expect(try await AttuneProcess.run(["import", "evidence", Self.studyFile.path], in: folder).exitCode == 0)
            let fromDatabase = try await AttuneProcess.run(["audit", "--need-versus-provision", "--format", "json"], in: folder)
            #expect(fromDatabase.exitCode == 0)
            let decoded = try [fromFile, fromDatabase].map {
                try MatrixJSONDocument.decoder.decode(AuditJSONDocument.self, from: Data($0.stdout.utf8))
            }
            #expect(decoded[0].needVersusProvision != nil)
            #expect(decoded[1].needVersusProvision == decoded[0].needVersusProvision)
            let csv = try await AttuneProcess.run(["audit", "--study", "--need-versus-provision", "--format", "csv"], in: folder)
            #expect(csv.exitCode == 64)
            #expect(csv.stderr.contains("--need-versus-provision is shown in text or json"))
        }
    }

    @Test("a document with errors is refused with every record and field named, exit 2, and no database created")
    func badDocument() async throws {
        try await withTemporaryFolder { folder async throws in
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.studyFile)) as? [String: Any])
            var sessions = try #require(json["sessions"] as? [[String: Any]])
            sessions[0]["room_temperature_celsius"] = 52
            sessions[1]["number"] = 9
            json["sessions"] = sessions
            let bad = folder.appendingPathComponent("bad.json")
            try JSONSerialization.data(withJSONObject: json).write(to: bad)
            let result = try await AttuneProcess.run(["import", "evidence", "bad.json"], in: folder)
            #expect(result.exitCode == 2)
            #expect(result.stderr.contains("session A1-S1, room_temperature_celsius: 52 is outside 0-45 °C"))
            #expect(result.stderr.contains("session A1-S2, number: 9 is outside 1-5, the programme's planned sessions"))
            #expect(try visibleFiles(in: folder) == ["bad.json"])
        }
    }

    @Test("audit without a database, with a bad rubric, or with a missing file says so and exits 2")
    func otherInputErrors() async throws {
        try await withTemporaryFolder { folder async throws in
            let noDatabase = try await AttuneProcess.run(["audit"], in: folder)
            #expect(noDatabase.exitCode == 2)
            #expect(noDatabase.stderr.contains("there is no database at attune.sqlite"))
            try Data(#"{"rubric_version":"x","name":"x","rules":[{"mechanism":"M2","rule":"inviter_leads_sessions","yes_at_least":0.8,"variable_at_least":1.4}]}"#.utf8)
                .write(to: folder.appendingPathComponent("rubric.json"))
            let badRubric = try await AttuneProcess.run(["audit", "--study", "--rubric", "rubric.json"], in: folder)
            #expect(badRubric.exitCode == 2)
            #expect(badRubric.stderr.contains("M2 inviter_leads_sessions: variable_at_least 1.4 is outside 0-1"))
            let missing = try await AttuneProcess.run(["audit", "--evidence", "nowhere.json"], in: folder)
            #expect(missing.exitCode == 2)
            #expect(try visibleFiles(in: folder) == ["rubric.json"])
        }
    }
    @Test("a PostgreSQL server that cannot be reached is named with the reason, not a generic line")
    func unreachablePostgres() async throws {
        try await withTemporaryFolder { folder async throws in
            let port = LoopbackPort.free()
            let result = try await AttuneProcess.run(["audit", "--database", "postgres://attune@127.0.0.1:\(port)/attune?sslmode=disable"], in: folder)
            #expect(result.exitCode != 0)
            #expect(result.stderr.contains("attune: error: could not reach the PostgreSQL server: connection refused."))
            #expect(result.stderr.contains("--database (or ATTUNE_DATABASE_URL)"))
            #expect(!result.stderr.contains("Generic description"))
        }
    }

    @Test("what a PostgreSQL server answers, such as a database it does not have, is passed on",
          .enabled(if: ProcessInfo.processInfo.environment["ATTUNE_TEST_POSTGRES_URL"] != nil,
                   "set ATTUNE_TEST_POSTGRES_URL to a PostgreSQL server to run this test against PostgreSQL"))
    func postgresAnswer() async throws {
        let server = try #require(ProcessInfo.processInfo.environment["ATTUNE_TEST_POSTGRES_URL"])
        let missing = server.replacingOccurrences(of: "/postgres?", with: "/attune_no_such_database?")
        try #require(missing != server)
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["audit", "--database", missing], in: folder)
            #expect(result.exitCode != 0)
            #expect(result.stderr.contains(#"the PostgreSQL server answered: database "attune_no_such_database" does not exist (SQLSTATE 3D000)"#))
        }
    }
}
