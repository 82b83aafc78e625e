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
    static func parse(_ values: [String: String], dyad: String, user: String, problems: inout [String: String]) -> RecordedMeasure? {
        func text(_ name: String) -> String? {
            let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value.isEmpty ? nil : value
        }
        let instrument = values["form"] == "epds" ? Instrument.epds : Instrument(rawValue: values["instrument"] ?? "")
        guard let instrument else { problems["instrument"] = "choose an instrument"; return nil }
        guard let timepoint = Timepoint(rawValue: values["timepoint"] ?? "") else {
            problems["timepoint"] = "choose before, after or follow-up"
            return nil
        }
        guard let date = text("date").flatMap(CalendarDate.init) else {
            problems["date"] = text("date").map { "'\($0)' is not a date; use YYYY-MM-DD" } ?? "give the date it was taken"
            return nil
        }
        var measure = RecordedMeasure(id: "\(dyad)-\(instrument.rawValue)-\(timepoint.rawValue)", dyadId: dyad, instrument: instrument,
                                      timepoint: timepoint, date: date, administeredBy: text("by") ?? user)
        switch instrument {
        case .epds:
            var scores: [Int] = []
            let asOptions = values["keyed"] == "options"
            for item in 1...10 {
                guard let raw = text("item-\(item)"), let value = Int(raw), (0...3).contains(value) else {
                    problems["item-\(item)"] = "choose an answer for item \(item)"
                    continue
                }
                scores.append(asOptions ? EPDS.itemScore(item: item, optionChosen: value) : value)
            }
            guard problems.isEmpty else { return nil }
            measure.itemScores = scores
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
                let names = ["sensitivity", "control", "unresponsiveness", "cooperativeness", "compulsivity", "difficultness", "passivity"]
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

    /// The form field a scoring problem belongs beside: "item 3" -> item-3.
    static func fieldName(_ field: String) -> String {
        if field.hasPrefix("item ") { return "item-" + field.dropFirst(5) }
        if ["date", "timepoint", "classification", "instrument"].contains(field) { return field }
        return "values"
    }
}
