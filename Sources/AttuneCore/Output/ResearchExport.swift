/// The research export (issue 26): pseudonymised tables for analysis in SPSS, R or anything
/// that reads CSV, with their codebook and the scripts that read them
/// (`ResearchExportScripts`).
///
/// Only the variables listed here are exported: no names, contacts, addresses, free text or
/// exact dates. Dates become days from the programme's first session, or the baby's age in
/// weeks; mothers and babies are known by a keyed-hash pseudonym the caller makes (the key never
/// reaches the database). A mother whose consent to research is "no" is left out, and so is one
/// never asked unless the caller includes those (records from before the question, such as the
/// study's).
public struct ResearchExport: Sendable {
    /// One variable, as the codebook, SPSS and R know it.
    public struct Variable: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// A code or pseudonym, up to `width` characters.
            case text(width: Int)
            /// A number; `decimals` after the point.
            case number(decimals: Int)
            /// A number standing for a category, with each code's label.
            case coded([(code: Int, label: String)])

            public static func == (lhs: Kind, rhs: Kind) -> Bool {
                switch (lhs, rhs) {
                case let (.text(a), .text(b)): a == b
                case let (.number(a), .number(b)): a == b
                case let (.coded(a), .coded(b)): a.map(\.code) == b.map(\.code) && a.map(\.label) == b.map(\.label)
                default: false
                }
            }
        }

        public let name: String
        public let label: String
        public let kind: Kind

        public var isNumeric: Bool {
            if case .text = kind { return false }
            return true
        }
    }

    /// One table: a CSV file of rows, one cell per variable.
    public struct Table: Sendable {
        public let name: String
        public let label: String
        public let variables: [Variable]
        public var rows: [[Cell]]
    }

    /// A cell: text, a number, or missing (written as the missing-value code).
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case missing

        static func count(_ value: Int?) -> Cell { value.map { .number(Double($0)) } ?? .missing }
        static func yesNo(_ value: Bool?) -> Cell { value.map { .number($0 ? 1 : 0) } ?? .missing }
    }

    /// What a missing number or category is written as, and declared as missing in SPSS and R.
    public static let missingCode = -9

    public let tables: [Table]
    /// Whether mothers never asked for their consent to research are included.
    public let includingUnrecordedConsent: Bool

    // MARK: The variables

    static let yesNo: Variable.Kind = .coded([(1, "yes"), (0, "no")])

    static func coded<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> Variable.Kind where Value.RawValue == String {
        .coded(type.allCases.enumerated().map { (code: $0.offset + 1, label: $0.element.rawValue.replacingOccurrences(of: "_", with: " ")) })
    }

    static func code<Value: RawRepresentable & CaseIterable & Equatable>(_ value: Value?) -> Cell where Value.RawValue == String {
        guard let value, let position = Value.allCases.firstIndex(of: value) else { return .missing }
        return .number(Double(Value.allCases.distance(from: Value.allCases.startIndex, to: position) + 1))
    }

    /// The variables several tables share, and a whole number's.
    static let dyadVariable = Variable(name: "dyad", label: "Mother and baby (keyed-hash pseudonym)", kind: .text(width: 24))
    static let programmeVariable = Variable(name: "programme", label: "Programme code", kind: .text(width: 32))

    static func whole(_ name: String, _ label: String) -> Variable {
        Variable(name: name, label: label, kind: .number(decimals: 0))
    }

    static let ratingKind: Variable.Kind = .coded([(2, "yes"), (1, "variable"), (0, "no")])

    static func rating(_ rating: Rating) -> Cell {
        switch rating {
        case .yes: .number(2)
        case .variable: .number(1)
        case .no: .number(0)
        case .notAssessed: .missing
        }
    }

    // MARK: Building

    /// The export of `document` (the caller's scope, measures included), with the stored
    /// profiles `summaries`, each dyad's level of need, and `pseudonym` for a dyad's code.
    public init(document: EvidenceDocument, summaries: [ProgrammeSummary], needs: [String: NeedLevel],
                includingUnrecordedConsent: Bool, pseudonym: (String) -> String) {
        self.includingUnrecordedConsent = includingUnrecordedConsent
        let included = Set(document.dyads.filter { dyad in
            dyad.consentToResearch == true || (dyad.consentToResearch == nil && includingUnrecordedConsent)
        }.map(\.id))
        let dyads = Dictionary(document.dyads.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sessionsByProgramme = Dictionary(grouping: document.sessions, by: \.programmeId)
        // Day 0 of each programme: its first session's date (its start date, or the earliest session).
        var firstDay: [String: CalendarDate] = [:]
        for programme in document.programmes {
            firstDay[programme.id] = programme.startDate ?? sessionsByProgramme[programme.id]?.compactMap(\.date).min()
        }
        func day(_ date: CalendarDate?, programme: String) -> Cell {
            guard let date, let start = firstDay[programme] else { return .missing }
            return .number(Double(date.dayNumber - start.dayNumber))
        }
        func ageInWeeks(_ dyad: String, on date: CalendarDate?) -> Cell {
            guard let born = dyads[dyad]?.infantDateOfBirth, let date else { return .missing }
            return .number(Double((date.dayNumber - born.dayNumber) / 7))
        }
        let mechanisms = MechanismCatalogue.all

        var programmes = Table(name: "programmes", label: "Programmes with their derived mechanism ratings", variables: [
            Self.programmeVariable,
            Variable(name: "centre", label: "Centre code", kind: .text(width: 32)),
            Self.whole("deprivation_decile", "Deprivation decile of the centre's area (1 most deprived)"),
            Variable(name: "reconstructed", label: "Records reconstructed from the study", kind: Self.yesNo),
            Self.whole("planned_sessions", "Sessions planned"),
            Self.whole("held_sessions", "Sessions held"),
            Self.whole("session_minutes", "Length of a session in minutes"),
            Self.whole("place_limit", "Places"),
            Self.whole("enrolled", "Mothers enrolled"),
            Self.whole("enrolled_high_need", "High-need mothers enrolled"),
            Self.whole("attending", "Mothers attending"),
            Self.whole("attending_high_need", "High-need mothers attending"),
        ] + mechanisms.map { Variable(name: $0.id.description.lowercased(), label: "\($0.id): \($0.shortName)", kind: Self.ratingKind) }
          + [Self.whole("mechanisms_yes", "Mechanisms rated yes")], rows: [])
        let summaryByCode = Dictionary(summaries.map { ($0.programmeId, $0) }, uniquingKeysWith: { first, _ in first })
        for programme in document.programmes.sorted(by: { $0.id < $1.id }) {
            let summary = summaryByCode[programme.id]
            let ratings = mechanisms.map { summary?.ratings[$0.id] ?? .notAssessed }
            programmes.rows.append([
                .text(programme.id), .text(programme.centreId), .count(summary?.deprivationDecile),
                .yesNo(summary?.reconstructed), .count(programme.plannedSessions), .count(summary?.heldSessions),
                .count(programme.sessionMinutes), .count(programme.placeLimit),
                .count(summary?.need?.enrolled), .count(summary?.need?.enrolledHighNeed), .count(summary?.need?.attending),
                .count(summary?.need?.attendingHighNeed),
            ] + ratings.map(Self.rating) + [.count(summary.map { _ in ratings.filter { $0 == .yes }.count })])
        }

        let checks = SessionCheckField.all
        var sessions = Table(name: "sessions", label: "Sessions, with the checks logged", variables: [
            Self.programmeVariable,
            Self.whole("session", "Session number"),
            Self.whole("day", "Days from the programme's first session"),
            Variable(name: "status", label: "Held, planned or cancelled", kind: .coded([(1, "held"), (2, "planned"), (3, "cancelled")])),
            Variable(name: "room_temperature_celsius", label: "Room temperature (°C)", kind: .number(decimals: 1)),
        ] + checks.map { Variable(name: $0.name, label: $0.label, kind: Self.yesNo) } + [
            Self.whole("social_minutes", "Minutes of social time"),
            Self.whole("unregistered_dyads_present", "Mothers present who were not registered"),
        ], rows: [])
        for session in document.sessions.sorted(by: { ($0.programmeId, $0.number) < ($1.programmeId, $1.number) }) {
            let status: Double = session.cancelled ? 3 : session.planned == true ? 2 : 1
            sessions.rows.append([
                .text(session.programmeId), .count(session.number), day(session.date, programme: session.programmeId), .number(status),
                session.roomTemperatureCelsius.map(Cell.number) ?? .missing,
            ] + checks.map { Cell.yesNo(session[keyPath: $0.keyPath]) } + [
                .count(session.content.socialMinutes), .count(session.unregisteredDyadsPresent),
            ])
        }

        var dyadTable = Table(name: "dyads", label: "Mothers and babies (pseudonymised)", variables: [
            Self.dyadVariable,
            Self.whole("mother_age_years", "Mother's age in years"),
            Variable(name: "need_level", label: "Level of need", kind: .coded([(1, "low"), (2, "moderate"), (3, "high")])),
            Variable(name: "referral", label: "How she was referred", kind: Self.coded(Referral.self)),
            Self.whole("risk_factors", "Number of social risk factors"),
        ] + SocialRiskFactor.allCases.map {
            Variable(name: "risk_\($0.rawValue)", label: "Social risk factor: \($0.rawValue.replacingOccurrences(of: "_", with: " "))", kind: Self.yesNo)
        }, rows: [])
        for dyad in document.dyads.sorted(by: { $0.id < $1.id }) where included.contains(dyad.id) {
            let need: Cell = switch needs[dyad.id] {
            case .low?: .number(1)
            case .moderate?: .number(2)
            case .high?: .number(3)
            case .unknown?, nil: .missing
            }
            dyadTable.rows.append([.text(pseudonym(dyad.id)), .count(dyad.motherAgeYears), need, Self.code(dyad.referral),
                                   .count(dyad.socialRiskFactors.count)]
                                  + SocialRiskFactor.allCases.map { Cell.yesNo(dyad.socialRiskFactors.contains($0)) })
        }

        var invitations = Table(name: "invitations", label: "Invitations and answers", variables: [
            Self.dyadVariable,
            Self.programmeVariable,
            Variable(name: "mode", label: "How she was invited", kind: Self.coded(InvitationMode.self)),
            Variable(name: "status", label: "Her answer", kind: Self.coded(EnrolmentStatus.self)),
            Self.whole("invited_day", "Day invited, from the programme's first session"),
            Self.whole("consent_day", "Day she said yes, from the programme's first session"),
            Self.whole("closed_day", "Day she declined or withdrew, from the programme's first session"),
            Self.whole("baby_age_weeks", "Baby's age in weeks at the programme's first session"),
        ], rows: [])
        for invitation in document.invitations.sorted(by: { ($0.programmeId, $0.dyadId) < ($1.programmeId, $1.dyadId) })
        where included.contains(invitation.dyadId) {
            let programme = invitation.programmeId
            invitations.rows.append([
                .text(pseudonym(invitation.dyadId)), .text(programme), Self.code(invitation.mode), Self.code(invitation.status),
                day(invitation.date, programme: programme), day(invitation.consentDate, programme: programme),
                day(invitation.closedDate, programme: programme), ageInWeeks(invitation.dyadId, on: firstDay[programme]),
            ])
        }

        var attendance = Table(name: "attendance", label: "Attendance at each session", variables: [
            Self.dyadVariable,
            Self.programmeVariable,
            Self.whole("session", "Session number"),
            Variable(name: "status", label: "Attendance", kind: Self.coded(AttendanceStatus.self)),
        ], rows: [])
        let sessionByID = Dictionary(document.sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for mark in document.attendance.sorted(by: { ($0.sessionId, $0.dyadId) < ($1.sessionId, $1.dyadId) }) where included.contains(mark.dyadId) {
            guard let session = sessionByID[mark.sessionId] else { continue }
            attendance.rows.append([.text(pseudonym(mark.dyadId)), .text(session.programmeId), .count(session.number), Self.code(mark.status)])
        }

        var measures = Table(name: "measures", label: "Measures with their scores", variables: [
            Self.dyadVariable,
            Variable(name: "instrument", label: "Measure", kind: Self.coded(Instrument.self)),
            Variable(name: "timepoint", label: "When it was taken", kind: Self.coded(Timepoint.self)),
            Self.whole("baby_age_weeks", "Baby's age in weeks when it was taken"),
            Self.whole("epds_total", "EPDS total (0-30)"),
            Self.whole("epds_anxiety", "EPDS anxiety subscale, items 3-5 (0-9)"),
            Variable(name: "epds_self_harm", label: "EPDS item 10 above 0", kind: Self.yesNo),
            Self.whole("psi_total_stress", "PSI-SF Total Stress"),
            Self.whole("psi_parental_distress", "PSI-SF Parental Distress"),
            Self.whole("psi_dysfunctional_interaction", "PSI-SF Parent-Child Dysfunctional Interaction"),
            Self.whole("psi_difficult_child", "PSI-SF Difficult Child"),
            Self.whole("care_sensitivity", "CARE-Index sensitivity (0-14)"),
            Self.whole("care_control", "CARE-Index control"),
            Self.whole("care_unresponsiveness", "CARE-Index unresponsiveness"),
            Self.whole("care_cooperativeness", "CARE-Index infant cooperativeness"),
            Self.whole("care_compulsivity", "CARE-Index infant compulsivity"),
            Self.whole("care_difficultness", "CARE-Index infant difficultness"),
            Self.whole("care_passivity", "CARE-Index infant passivity"),
            Variable(name: "wmci", label: "WMCI classification", kind: Self.coded(WMCI.Classification.self)),
        ], rows: [])
        for measure in document.measurements.sorted(by: { ($0.dyadId, $0.id) < ($1.dyadId, $1.id) }) where included.contains(measure.dyadId) {
            var scores = [Cell](repeating: .missing, count: 15)
            switch try? measure.score() {
            case .epds(let score)?:
                scores[0] = .count(score.total); scores[1] = .count(score.anxiety); scores[2] = .yesNo(score.selfHarm)
            case .psi(let score)?:
                scores[3] = .count(score.totalStress); scores[4] = .count(score.parentalDistress)
                scores[5] = .count(score.parentChildDysfunctionalInteraction); scores[6] = .count(score.difficultChild)
            case .careIndex(let score)?:
                for (offset, value) in [score.sensitivity, score.control, score.unresponsiveness, score.cooperativeness, score.compulsivity,
                                        score.difficultness, score.passivity].enumerated() { scores[7 + offset] = .count(value) }
            case .wmci(let score)?:
                scores[14] = Self.code(score.classification)
            case .temperament?, nil:
                break
            }
            measures.rows.append([.text(pseudonym(measure.dyadId)), Self.code(measure.instrument), Self.code(measure.timepoint),
                                  ageInWeeks(measure.dyadId, on: measure.date)] + scores)
        }
        // What people said: only excerpts a coder has marked de-identified (the others are free
        // text that may name someone), dated by day of the programme, with each mechanism's code.
        var excerpts = Table(name: "excerpts", label: "Excerpts marked de-identified, with their codes", variables: [
            Variable(name: "excerpt", label: "Excerpt code", kind: .text(width: 32)),
            Self.programmeVariable,
            Variable(name: "source", label: "Where it comes from", kind: Self.coded(ExcerptSource.self)),
            Variable(name: "speaker_role", label: "Who said or noted it", kind: Self.coded(SpeakerRole.self)),
            Self.whole("day", "Day it was said, from the programme's first session (day 0)"),
            Variable(name: "text", label: "What was said or noted (de-identified)", kind: .text(width: FreeText.maximumCharacters)),
        ] + mechanisms.map { Variable(name: "code_\($0.id.description.lowercased())", label: "Coded to \($0.id): \($0.shortName)", kind: Self.coded(ExcerptStance.self)) },
        rows: [])
        for excerpt in document.excerpts where excerpt.deidentified {
            // One line per excerpt: a line break inside a quoted cell is more than some readers take.
            let text = excerpt.text.split(whereSeparator: \.isNewline).joined(separator: " ")
            excerpts.rows.append([.text(excerpt.id), .text(excerpt.programmeId), Self.code(excerpt.source), Self.code(excerpt.speakerRole),
                                  day(excerpt.date, programme: excerpt.programmeId), .text(text)]
                                 + mechanisms.map { Self.code(excerpt.stance(on: $0.id)) })
        }
        tables = [programmes, sessions, dyadTable, invitations, attendance, measures, excerpts]
    }

    // MARK: Writing

    /// Each table as CSV: UTF-8, a header row, missing numbers as the missing-value code. Text
    /// cells a spreadsheet would run as a formula are neutralised; numbers are written as numbers.
    public func csv(_ table: Table) -> String {
        var writer = CSVWriter()
        writer.addRow(table.variables.map(\.name))
        for row in table.rows {
            writer.addRow(row.map { cell -> CSVWriter.Cell in
                switch cell {
                case .text(let text): .text(text)
                case .number(let number): .number(number)
                case .missing: .number(Double(Self.missingCode))
                }
            })
        }
        return writer.text
    }
}
