import AttuneCore
import Foundation
import Vapor

/// Item wording a site holds a licence for, loaded from its own file; Attune ships none. The
/// file: {"epds": [{"text": "...", "options": ["top option", "...", "...", "bottom option"]}, ...]}
/// with the ten EPDS items in printed order. With options, the form offers them and keys the
/// choice as published (items 3 and 5-10 reverse-keyed).
public struct MeasureWording: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public let text: String
        public let options: [String]?
    }

    public let epds: [Item]?

    public static func load(path: String) throws -> MeasureWording {
        let wording: MeasureWording
        do {
            wording = try JSONDecoder().decode(MeasureWording.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ReachInputError("measure wording \(path)", field: "file", "cannot be read as {\"epds\": [{\"text\": ..., \"options\": [4 options]}]} (\(error.localizedDescription))")
        }
        if let items = wording.epds {
            guard items.count == 10 else { throw ReachInputError("measure wording \(path)", field: "epds", "has \(items.count) items; EPDS has 10") }
            for (index, item) in items.enumerated() where item.options != nil && item.options?.count != 4 {
                throw ReachInputError("measure wording \(path)", field: "epds item \(index + 1)", "needs 4 options, has \(item.options!.count)")
            }
        }
        return wording
    }
}

extension Application {
    private struct WordingKey: StorageKey { typealias Value = MeasureWording }

    /// The site's licensed wording, if it loaded one.
    var attuneWording: MeasureWording? {
        get { storage[WordingKey.self] }
        set { storage[WordingKey.self] = newValue }
    }
}

/// The measure entry forms: parsing what was submitted into a measure, naming the field of
/// every problem.
enum MeasureForm {
    /// The CARE-Index's seven scales, in the order the form asks for them.
    static let careIndexScales = ["sensitivity", "control", "unresponsiveness", "cooperativeness", "compulsivity", "difficultness", "passivity"]

    /// The measure a form describes, or nil with every problem found named by its field: a
    /// missing stage, a date that is not one or (given `today`) is after it, and each item
    /// left unanswered, all at once.
    static func parse(_ values: [String: String], dyad: String, user: String, today: CalendarDate? = nil,
                      problems: inout [String: String]) -> RecordedMeasure? {
        func text(_ name: String) -> String? {
            let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value.isEmpty ? nil : value
        }
        let instrument = values["form"] == "epds" ? Instrument.epds : Instrument(rawValue: values["instrument"] ?? "")
        if instrument == nil { problems["instrument"] = "choose an instrument" }
        let timepoint = Timepoint(rawValue: values["timepoint"] ?? "")
        if timepoint == nil { problems["timepoint"] = "choose before, after or follow-up" }
        let date = text("date").flatMap(CalendarDate.init)
        if date == nil {
            problems["date"] = text("date").map { "'\($0)' is not a date; use YYYY-MM-DD" } ?? "give the date it was taken"
        } else if let date, let today, date > today {
            problems["date"] = "\(date) is in the future (today is \(today))"
        }
        if instrument == .epds {
            for item in 1...10 where !(0...3).contains(Int(text("item-\(item)") ?? "") ?? -1) {
                problems["item-\(item)"] = "choose an answer for item \(item)"
            }
        }
        guard let instrument, let timepoint, let date, problems.isEmpty else { return nil }
        var measure = RecordedMeasure(id: "\(dyad)-\(instrument.rawValue)-\(timepoint.rawValue)", dyadId: dyad, instrument: instrument,
                                      timepoint: timepoint, date: date, administeredBy: text("by") ?? user)
        switch instrument {
        case .epds:
            // Every item was read above.
            let asOptions = values["keyed"] == "options"
            measure.itemScores = (1...10).map { item in
                let value = Int(text("item-\(item)")!)!
                return asOptions ? EPDS.itemScore(item: item, optionChosen: value) : value
            }
        case .wmci:
            measure.classification = text("classification")
        case .psi, .itq, .careIndex:
            let parts = (text("values") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            switch instrument {
            case .itq:
                let numbers = parts.compactMap { Double($0) }
                guard numbers.count == parts.count, !parts.isEmpty else { problems["values"] = "give the 9 category scores as numbers, separated by commas"; return nil }
                measure.categoryScores = numbers
            case .careIndex:
                let numbers = parts.compactMap { Int($0) }
                let names = careIndexScales
                guard numbers.count == parts.count, numbers.count == names.count else {
                    problems["values"] = "give the 7 scales (\(names.joined(separator: ", "))), each 0-14, separated by commas"
                    return nil
                }
                measure.scales = Dictionary(uniqueKeysWithValues: zip(names, numbers))
            default:
                let numbers = parts.compactMap { Int($0) }
                guard numbers.count == parts.count, !parts.isEmpty else { problems["values"] = "give the scores as whole numbers, separated by commas"; return nil }
                if numbers.count == 3 { measure.subscaleScores = numbers } else { measure.itemScores = numbers }
            }
        }
        return measure
    }

    /// What the entry form holds for a measure already kept, to correct it: as `parse` reads
    /// it back. EPDS items keyed by option are shown as the option chosen (keying an item is
    /// its own inverse: a reverse-keyed score of 3 was the first option).
    static func values(of measure: RecordedMeasure, keyedByOption: Bool) -> [String: String] {
        var values = ["timepoint": measure.timepoint.rawValue, "date": measure.date.description, "by": measure.administeredBy]
        if measure.instrument == .epds {
            values["form"] = "epds"
            if keyedByOption { values["keyed"] = "options" }
            for (index, score) in (measure.itemScores ?? []).enumerated() {
                values["item-\(index + 1)"] = String(keyedByOption ? EPDS.itemScore(item: index + 1, optionChosen: score) : score)
            }
            return values
        }
        values["form"] = "other"
        values["instrument"] = measure.instrument.rawValue
        values["classification"] = measure.classification ?? ""
        let numbers: [String]
        switch measure.instrument {
        case .itq: numbers = (measure.categoryScores ?? []).map { $0.rounded() == $0 ? String(Int($0)) : String($0) }
        case .careIndex:
            numbers = careIndexScales.map { measure.scales?[$0].map(String.init) ?? "" }
        default: numbers = (measure.subscaleScores ?? measure.itemScores ?? []).map(String.init)
        }
        values["values"] = numbers.joined(separator: ", ")
        return values
    }

    /// The form field a scoring problem belongs beside: "item 3" -> item-3.
    static func fieldName(_ field: String) -> String {
        if field.hasPrefix("item ") { return "item-" + field.dropFirst(5) }
        if ["date", "timepoint", "classification", "instrument"].contains(field) { return field }
        return "values"
    }
}
