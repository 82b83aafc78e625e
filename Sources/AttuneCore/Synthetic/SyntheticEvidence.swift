/// A seeded synthetic dataset at any scale, for benchmarks and load tests: centres with
/// programmes, sessions, facilitators with a mix of training, dyads with invitations,
/// attendance and before/after measures. The same seed gives the same dataset.
public enum SyntheticEvidence {
    /// SplitMix64: small, fast and reproducible across platforms.
    public struct Generator: RandomNumberGenerator, Sendable {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    }

    public static func make(centres: Int, programmesPerCentre: Int = 4, dyadsPerProgramme: Int = 10, seed: UInt64 = 1) -> EvidenceDocument {
        var g = Generator(seed: seed)
        var document = EvidenceDocument(reconstructed: false, description: "Synthetic dataset, seed \(seed)")
        let start = CalendarDate(year: 2025, month: 1, day: 6)!
        for c in 0..<centres {
            let centreId = "C\(c)"
            document.centres.append(Centre(id: centreId, name: "Centre \(c)", deprivationDecile: g.int(1...10)))
            let facilitators = (0..<3).map { f in
                Facilitator(id: "\(centreId)-F\(f)", name: "Facilitator \(c)-\(f)", role: .healthVisitor,
                            trainingBody: g.chance(0.4) ? .iaim : .peterWalker, trainingDays: 3)
            }
            document.facilitators += facilitators
            for p in 0..<programmesPerCentre {
                let programmeId = "\(centreId)-P\(p)"
                let sessionCount = g.int(4...6)
                document.programmes.append(Programme(id: programmeId, centreId: centreId, name: "Programme \(programmeId)",
                                                     plannedSessions: sessionCount, sessionMinutes: 90, startDate: start))
                let lead = facilitators[g.int(0...2)]
                let iaim = lead.trainingBody == .iaim
                let quality = Double.random(in: 0.2...0.95, using: &g)
                var sessionIds: [String] = []
                for s in 1...sessionCount {
                    let sessionLead = g.chance(0.8) ? lead : facilitators[g.int(0...2)]
                    var session = Session(id: "\(programmeId)-S\(s)", programmeId: programmeId, number: s,
                                          date: start.adding(days: 7 * (s - 1)), facilitatorsPresent: [sessionLead.id],
                                          leadFacilitatorId: sessionLead.id, roomTemperatureCelsius: Double(g.int(16...24)))
                    session.setting = SettingChecks(easyToFind: g.chance(quality), greetedAtDoor: g.chance(quality),
                                                    buggiesAccommodated: g.chance(quality), roomNotCrowded: g.chance(0.8))
                    session.content = ContentChecks(
                        strokesTaught: true, strokesTaughtCompetently: g.chance(quality), infantStatesTaught: g.chance(iaim ? 0.9 : 0.1),
                        infantCuesTaught: g.chance(iaim ? 0.9 : 0.1), babyPermissionAsked: g.chance(iaim ? 0.9 : 0.1),
                        dollModelling: g.chance(iaim ? 0.85 : 0.05), singing: g.chance(iaim ? 0.9 : 0.1),
                        socialTime: g.chance(0.8), socialMinutes: g.int(5...30))
                    session.observer = ObserverRatings(containingAtmosphere: g.chance(quality), technicalSkill: g.chance(quality),
                                                       personalQualities: g.chance(quality))
                    session.unregisteredDyadsPresent = g.int(0...3)
                    document.sessions.append(session)
                    sessionIds.append(session.id)
                }
                for d in 0..<dyadsPerProgramme {
                    let dyadId = "\(programmeId)-D\(d)"
                    let risks = Array(SocialRiskFactor.allCases.shuffled(using: &g).prefix(g.int(0...4)))
                    document.dyads.append(Dyad(id: dyadId, socialRiskFactors: risks, consentToRecords: true))
                    let personal = g.chance(0.7)
                    document.invitations.append(Invitation(id: "\(dyadId)-I", dyadId: dyadId, programmeId: programmeId,
                                                           invitedByFacilitatorId: personal ? lead.id : nil,
                                                           mode: personal ? .inPerson : .leafletOrPoster, date: start.adding(days: -14),
                                                           status: .enrolled, consentDate: start.adding(days: -10)))
                    let engagement = Double.random(in: 0...1, using: &g)
                    var attended = 0
                    for sessionId in sessionIds {
                        let present = g.chance(engagement)
                        attended += present ? 1 : 0
                        document.attendance.append(Attendance(dyadId: dyadId, sessionId: sessionId, status: present ? .present : .absent,
                                                              absenceReason: present ? nil : "other demands"))
                    }
                    let epdsBefore = g.int(0...20)
                    func epds(_ total: Int) -> [Int] {
                        var items = Array(repeating: 0, count: 10), left = min(total, 27)
                        var index = 0
                        while left > 0 { if items[index % 9] < 3 { items[index % 9] += 1; left -= 1 }; index += 1 }
                        return items
                    }
                    let sensitivity = g.int(2...13)
                    func care(_ s: Int) -> [String: Int] {
                        ["sensitivity": s, "control": (14 - s) / 2, "unresponsiveness": 14 - s - (14 - s) / 2,
                         "cooperativeness": s, "compulsivity": (14 - s) / 2, "difficultness": 0, "passivity": 14 - s - (14 - s) / 2]
                    }
                    let pd = g.int(15...50)
                    func measure(_ instrument: Instrument, _ timepoint: Timepoint, _ day: CalendarDate) -> RecordedMeasure {
                        RecordedMeasure(id: "\(dyadId)-\(instrument.rawValue)-\(timepoint.rawValue)", dyadId: dyadId, instrument: instrument,
                                        timepoint: timepoint, date: day, administeredBy: "Synthetic")
                    }
                    var m = measure(.epds, .before, start.adding(days: -7)); m.itemScores = epds(epdsBefore); document.measurements.append(m)
                    m = measure(.psi, .before, start.adding(days: -7)); m.subscaleScores = [pd, max(12, pd - 3), min(60, pd + 2)]; document.measurements.append(m)
                    m = measure(.careIndex, .before, start.adding(days: -7)); m.scales = care(sensitivity); document.measurements.append(m)
                    m = measure(.wmci, .before, start.adding(days: -7)); m.classification = g.chance(0.85) ? "balanced" : "disengaged"; document.measurements.append(m)
                    if attended > 0 {
                        let after = start.adding(days: 7 * sessionCount + 7)
                        m = measure(.epds, .after, after); m.itemScores = epds(max(0, epdsBefore - g.int(-2...5))); document.measurements.append(m)
                        m = measure(.psi, .after, after); m.subscaleScores = [max(12, pd - g.int(0...6)), max(12, pd - 4), min(60, pd + 1)]; document.measurements.append(m)
                        m = measure(.careIndex, .after, after); m.scales = care(min(14, sensitivity + g.int(0...2))); document.measurements.append(m)
                    }
                }
            }
        }
        return document
    }

    /// `document` with every mother given a first name and a surname, and her baby a first name,
    /// from short lists, in turn (1,920 different mothers' names): for measuring the search for a
    /// mother by name on a national dataset (`attune generate --names`). Made apart from `make`,
    /// so that datasets made without names stay as they were.
    public static func named(_ document: EvidenceDocument) -> EvidenceDocument {
        let first = ["Amy", "Kerry", "Priya", "Sophie", "Jade", "Aisha", "Chloe", "Rosa", "Hannah", "Fatima", "Emma", "Zainab",
                     "Laura", "Megan", "Bethany", "Natalie", "Leah", "Gemma", "Ashley", "Sasha", "Olivia", "Mia", "Ruby", "Grace",
                     "Ella", "Holly", "Kirsty", "Danielle", "Stacey", "Nadia", "Ayesha", "Joanne"]
        let surnames = ["Ashworth", "Shah", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
                        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
                        "Clarke", "Khan", "Hussain", "Ali", "Begum", "Lewis", "Harris", "Martin", "Cooper", "Ward", "Morris", "King",
                        "Baker", "Hill", "Moore", "Kaur", "Singh", "Lee", "Turner", "Parker", "Edwards", "Hughes", "Young", "Allen",
                        "Mitchell", "Carter", "Phillips", "Ahmed", "Campbell", "Murphy", "Kelly", "Nowak", "Kowalski", "Okafor",
                        "Mensah", "Osei", "Obi", "Miah"]
        var named = document
        for index in named.dyads.indices {
            named.dyads[index].motherName = first[index % first.count] + " " + surnames[(index / first.count) % surnames.count]
            named.dyads[index].infantName = first[(index / 7) % first.count]
        }
        return named
    }
}
