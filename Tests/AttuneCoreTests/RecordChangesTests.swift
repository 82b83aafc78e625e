import AttuneCore
import Testing

@Suite("What a correction changed")
struct RecordChangesTests {
    @Test("each changed field of a session in the definition's order, in words; unchanged ones left out")
    func sessionChanges() {
        var old = Session(id: "S1", programmeId: "P", number: 1, facilitatorsPresent: ["F1"], leadFacilitatorId: "F1",
                          roomTemperatureCelsius: 21.5, notes: "calm")
        old.content.singing = true
        var new = old
        new.content.singing = false
        new.setting.warmEnough = true
        new.facilitatorsPresent = ["F1", "F2"]
        new.roomTemperatureCelsius = 19
        new.notes = nil
        let changes = EvidenceRecords.session.changes(from: old, to: new)
        #expect(changes.map(\.field) == ["facilitators_present", "room_temperature_celsius", "setting.warm_enough", "content.singing", "notes"])
        #expect(changes.first { $0.field == "content.singing" } == RecordChange(field: "content.singing", label: "Singing", old: "yes", new: "no"))
        #expect(changes.first { $0.field == "setting.warm_enough" }?.old == RecordChange.notRecorded)
        #expect(changes.first { $0.field == "facilitators_present" }?.new == "F1, F2")
        #expect(changes.first { $0.field == "room_temperature_celsius" }.map { ($0.old, $0.new) } ?? ("", "") == ("21.5", "19"))
        #expect(changes.first { $0.field == "notes" }?.new == RecordChange.notRecorded)
        #expect(EvidenceRecords.session.changes(from: old, to: old).isEmpty)
    }
}
