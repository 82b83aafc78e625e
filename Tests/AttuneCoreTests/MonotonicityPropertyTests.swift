import Testing
@testable import AttuneCore

/// Property: recording one more session in which a mechanism's check is present never lowers
/// that mechanism's rating (no < variable < yes).
@Suite("Property: more evidence of a mechanism never lowers it")
struct MonotonicityPropertyTests {
    /// SplitMix64: a small, seeded generator so that a failure can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func rank(_ rating: Rating) -> Int? {
        switch rating {
        case .no: 0
        case .variable: 1
        case .yes: 2
        case .notAssessed: nil
        }
    }

    static func randomFlag(_ generator: inout SeededGenerator) -> Bool? {
        [true, false, nil].randomElement(using: &generator)!
    }

    /// A random session: every check true, false or unrecorded.
    static func randomSession(_ number: Int, _ g: inout SeededGenerator) -> Session {
        var session = Session(id: "S\(number)", programmeId: "P", number: number,
                              facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
        session.setting = SettingChecks(easyToFind: randomFlag(&g), greetedAtDoor: randomFlag(&g),
                                        buggiesAccommodated: randomFlag(&g), roomNotCrowded: randomFlag(&g),
                                        warmEnough: randomFlag(&g))
        session.content = ContentChecks(
            strokesTaught: randomFlag(&g), strokesTaughtCompetently: randomFlag(&g), infantStatesTaught: randomFlag(&g),
            infantCuesTaught: randomFlag(&g), babyPermissionAsked: randomFlag(&g), dollModelling: randomFlag(&g),
            singing: randomFlag(&g), socialTime: randomFlag(&g), socialMinutes: Int.random(in: 0...30, using: &g),
            reflectivePrompts: randomFlag(&g))
        session.observer = ObserverRatings(containingAtmosphere: randomFlag(&g), technicalSkill: randomFlag(&g),
                                           personalQualities: randomFlag(&g))
        session.unregisteredDyadsPresent = Int.random(in: 0...12, using: &g)
        return session
    }

    /// A session in which mechanism `number`'s check is present.
    static func sessionPresenting(_ number: Int, _ sessionNumber: Int, _ g: inout SeededGenerator) -> Session {
        var session = randomSession(sessionNumber, &g)
        switch number {
        case 4: session.setting = SettingChecks(easyToFind: true, greetedAtDoor: true, buggiesAccommodated: true, roomNotCrowded: true, warmEnough: true)
        case 5: session.observer.containingAtmosphere = true
        case 6: session.content.strokesTaught = true; session.content.strokesTaughtCompetently = true
        case 7: session.unregisteredDyadsPresent = 6
        case 8: session.content.socialTime = true; session.content.socialMinutes = 20
        case 9: session.observer.technicalSkill = true
        case 10: session.observer.personalQualities = true
        case 11: session.content.dollModelling = true
        case 12: session.content.infantStatesTaught = true
        case 13: session.content.infantCuesTaught = true; session.content.babyPermissionAsked = true
        case 14: session.content.singing = true
        case 15: session.content.reflectivePrompts = true
        default: break
        }
        return session
    }

    @Test("for 400 random programmes and every session-based mechanism (M4-M15)", arguments: [20261126 as UInt64])
    func neverLowers(seed: UInt64) throws {
        var generator = SeededGenerator(state: seed)
        let engine = AssessmentEngine(rubric: try Rubric.standard())
        for trial in 0..<400 {
            var fixture = EvidenceFixture()
            let count = Int.random(in: 0...7, using: &generator)
            fixture.document.sessions = (0..<count).map { Self.randomSession($0 + 1, &generator) }
            for mechanism in 4...15 {
                var more = fixture
                more.document.sessions.append(Self.sessionPresenting(mechanism, count + 1, &generator))
                let before = engine.profile(of: fixture.document.programmes[0], in: EvidenceIndex(fixture.document))
                let after = engine.profile(of: more.document.programmes[0], in: EvidenceIndex(more.document))
                let old = before.assessment(MechanismID(mechanism))!.rating
                let new = after.assessment(MechanismID(mechanism))!.rating
                #expect(Self.rank(new) != nil, "trial \(trial) M\(mechanism): still not assessed after a session presenting it")
                if let oldRank = Self.rank(old), let newRank = Self.rank(new) {
                    #expect(newRank >= oldRank, "trial \(trial) M\(mechanism): \(old) -> \(new)")
                }
            }
        }
    }
}
