import Foundation
import Testing
@testable import AttuneCore

@Suite("Mechanism catalogue")
struct MechanismCatalogueTests {
    /// The scales as the paper's Table 1 uses them: V appears only for these five mechanisms,
    /// and M15 is described in the text but not rated.
    static let paperScales: [Int: RatingScale] = [
        1: .yesNo, 2: .yesVariableNo, 3: .yesNo, 4: .yesNo, 5: .yesVariableNo,
        6: .yesVariableNo, 7: .yesNo, 8: .yesNo, 9: .yesNo, 10: .yesVariableNo,
        11: .yesNo, 12: .yesVariableNo, 13: .yesNo, 14: .yesNo, 15: .unrated,
    ]

    @Test("holds exactly M1 to M15, in the paper's order")
    func completeness() {
        #expect(MechanismCatalogue.all.map(\.id.description) == (1...15).map { "M\($0)" })
        #expect(MechanismCatalogue.rated.count == 14)
        #expect(!MechanismCatalogue.rated.contains { $0.id == MechanismID(15) })
    }

    @Test("each mechanism uses the scale the paper uses", arguments: 1...15)
    func scales(number: Int) throws {
        let mechanism = try #require(MechanismCatalogue.mechanism(MechanismID(number)))
        #expect(mechanism.scale == Self.paperScales[number])
    }

    @Test("each mechanism has a name, a definition and evidence in words")
    func described() {
        for mechanism in MechanismCatalogue.all {
            #expect(mechanism.shortName.count >= 5, "\(mechanism.id) short name")
            #expect(mechanism.definition.count >= 40, "\(mechanism.id) definition")
            #expect(!mechanism.evidenceDetail.isEmpty, "\(mechanism.id) evidence")
        }
    }

    @Test("a yes/no mechanism never accepts variable; not assessed is always allowed")
    func scaleRules() {
        #expect(!RatingScale.yesNo.allows(.variable))
        #expect(RatingScale.yesNo.allows(.yes) && RatingScale.yesNo.allows(.no))
        #expect(RatingScale.yesVariableNo.allows(.variable))
        for scale in RatingScale.allCases { #expect(scale.allows(.notAssessed)) }
        #expect(!RatingScale.unrated.countsTowardsPaperTotal)
    }

    @Test("ratings read and print the paper's letters")
    func letters() {
        #expect(Rating(letter: "Y") == .yes)
        #expect(Rating(letter: "v") == .variable)
        #expect(Rating(letter: "N") == .no)
        #expect(Rating(letter: "NA") == .notAssessed)
        #expect(Rating(letter: "X") == nil)
        #expect(Set(Rating.allCases.map(\.letter)).count == 4)
    }

    @Test("mechanism ids parse M1..M15 and refuse anything else")
    func ids() {
        #expect(MechanismID("M7") == MechanismID(7))
        #expect(MechanismID("m12")?.number == 12)
        #expect(MechanismID("7") == nil)
        #expect(MechanismID("M") == nil)
        #expect(MechanismID("M-1") == nil)
        #expect(MechanismID(2) < MechanismID(10))
    }

    @Test("words inside sentences say what the labels and stored values say")
    func wordsInSentences() {
        // Written out for speed; they must not drift from the label and the stored value.
        for rating in Rating.allCases { #expect(rating.word == rating.label.lowercased()) }
        for mode in InvitationMode.allCases { #expect(mode.words == mode.rawValue.replacingOccurrences(of: "_", with: " ")) }
    }
}
