import Foundation
import Testing
@testable import AttuneCore

/// The research export's tables, codebook and scripts (issue 26); GNU PSPP and R read them in
/// scripts/check_research_export.py.
@Suite("Research export")
struct ResearchExportTests {
    static func document() -> EvidenceDocument {
        var document = EvidenceDocument(
            centres: [Centre(id: "C1", name: "Oak", deprivationDecile: 2)],
            facilitators: [Facilitator(id: "F1", name: "Ann Lee", role: .healthVisitor, trainingBody: .iaim)],
            programmes: [Programme(id: "P1", centreId: "C1", name: "Baby massage at Oak", plannedSessions: 2,
                                   startDate: CalendarDate("2026-03-02")!, venue: "Oak hall, round the back")])
        var session = Session(id: "P1-S1", programmeId: "P1", number: 1, date: CalendarDate("2026-03-02")!, facilitatorsPresent: ["F1"],
                              leadFacilitatorId: "F1", roomTemperatureCelsius: 21.5)
        session.notes = "Amy Clarke was upset about her housing"
        session.content.singing = true
        document.sessions = [session]
        let consents: [(String, Bool?)] = [("D1", true), ("D2", false), ("D3", nil)]
        for (code, consent) in consents {
            var dyad = Dyad(id: code, motherName: "Mother of \(code)", consentToRecords: true, phone: "07700 900111")
            dyad.infantDateOfBirth = CalendarDate("2026-01-05")!
            dyad.consentToResearch = consent
            dyad.socialRiskFactors = [.lowIncome]
            dyad.postalAddress = "1 Elm Row"
            document.dyads.append(dyad)
            document.invitations.append(Invitation(id: "I-\(code)", dyadId: code, programmeId: "P1", invitedByFacilitatorId: "F1",
                                                   mode: .inPerson, date: CalendarDate("2026-02-16")!, status: .enrolled))
            document.attendance.append(Attendance(dyadId: code, sessionId: "P1-S1", status: .absent, absenceReason: "Bus strike for \(code)"))
        }
        document.measurements = [RecordedMeasure(id: "E1", dyadId: "D1", instrument: .epds, timepoint: .before, date: CalendarDate("2026-03-02")!,
                                                 administeredBy: "HV Patel", itemScores: [1, 1, 1, 1, 1, 1, 1, 1, 1, 2])]
        return document
    }

    static func export(unrecorded: Bool = false) -> ResearchExport {
        ResearchExport(document: document(), summaries: [], needs: ["D1": .high], includingUnrecordedConsent: unrecorded,
                       pseudonym: { "r-\($0.lowercased())" })
    }

    func table(_ export: ResearchExport, _ name: String) throws -> [[String]] {
        let table = try #require(export.tables.first { $0.name == name })
        return export.csv(table).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("only mothers who consented to research, or with the option those never asked; never one who said no")
    func consent() throws {
        #expect(try table(Self.export(), "dyads").dropFirst().map { $0[0] } == ["r-d1"])
        #expect(try table(Self.export(unrecorded: true), "dyads").dropFirst().map { $0[0] } == ["r-d1", "r-d3"])
        for name in ["invitations", "attendance", "measures"] {
            #expect(try !table(Self.export(unrecorded: true), name).contains { $0.first == "r-d2" }, "\(name)")
        }
    }

    @Test("dates become days from the first session (negative before it) and the baby's age in weeks; no name, contact, free text or date leaves")
    func nothingIdentifying() throws {
        let export = Self.export(unrecorded: true)
        let invitations = try table(export, "invitations")
        #expect(invitations[0] == ["dyad", "programme", "mode", "status", "invited_day", "consent_day", "closed_day", "baby_age_weeks"])
        // Invited two weeks before the first session; the baby was 8 weeks old at it.
        #expect(invitations[1] == ["r-d1", "P1", "1", "2", "-14", "-9", "-9", "8"])
        let measures = try table(export, "measures")
        #expect(measures[1].prefix(7) == ["r-d1", "1", "1", "8", "11", "3", "1"])
        let sessions = try table(export, "sessions")
        #expect(sessions[1].prefix(5) == ["P1", "1", "0", "1", "21.5"])
        let everything = export.files.map(\.text).joined()
        for secret in ["Mother of", "07700", "Elm Row", "Amy Clarke", "Bus strike", "Ann Lee", "HV Patel", "round the back", "2026-", "D1,", "Baby massage"] {
            #expect(!everything.contains(secret), "\(secret)")
        }
    }

    @Test("text that a spreadsheet would run is neutralised; negative numbers stay numbers")
    func formulas() throws {
        var document = Self.document()
        document.programmes[0].id = "=cmd|' /C calc'!A0"
        for index in document.sessions.indices { document.sessions[index].programmeId = document.programmes[0].id }
        for index in document.invitations.indices { document.invitations[index].programmeId = document.programmes[0].id }
        let export = ResearchExport(document: document, summaries: [], needs: [:], includingUnrecordedConsent: true, pseudonym: { $0 })
        let text = export.csv(export.tables[0])
        #expect(text.contains("\"'=cmd|' /C calc'!A0\"") || text.contains("'=cmd|' /C calc'!A0"))
        #expect(export.csv(export.tables[3]).contains(",-14,"))
    }

    @Test("the codebook, SPSS syntax and R script cover every variable with its label, categories and missing value")
    func scripts() throws {
        let export = Self.export()
        let variables = export.tables.flatMap(\.variables)
        #expect(export.codebook.split(separator: "\r\n").count == variables.count + 1)
        #expect(export.codebook.contains("dyads,need_level,Level of need,category,1 = low; 2 = moderate; 3 = high,not recorded or not applicable: -9"))
        for table in export.tables {
            #expect(export.spss.contains("GET DATA /TYPE=TXT /FILE='\(table.name).csv'"))
            #expect(export.spss.contains("SAVE OUTFILE='\(table.name).sav'."))
            #expect(export.rScript.contains("attune$\(table.name) <- read.csv(\"\(table.name).csv\""))
        }
        #expect(export.spss.contains("m5 'M5: Containing, affirming atmosphere'"))
        #expect(export.spss.contains("VALUE LABELS reconstructed 1 'yes' 0 'no'"))
        #expect(export.rScript.contains("attune$attendance$status <- factor(attune$attendance$status, levels = c(1, 2, 3), labels = c(\"present\", \"late\", \"absent\"))"))
        #expect(ResearchExport.spssString("it's") == "'it''s'" && ResearchExport.rString("a \"b\" \\") == "\"a \\\"b\\\" \\\\\"")
    }
}
