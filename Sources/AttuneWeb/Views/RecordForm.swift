import AttuneCore
import AttuneHTML
import Foundation

/// A form for a kind of record, made from its one definition (`EvidenceRecords`): each field's
/// input, label, range or choices come from its `RecordField`, and what is typed is read back by
/// the same definition into the record, which the import's validator then checks. A field added
/// to a definition appears on its form with no change here.
enum RecordForm {
    /// The inputs of the `names` fields of `definition`, in that order, with what was typed and
    /// each field's problem beside it. `locked` fields are shown and not editable (a code).
    /// `required` names fields this form needs though the record does not (a new programme's date).
    static func fields<Record>(_ definition: RecordDefinition<Record>, _ names: [String], values: [String: String],
                               problems: [String: String], locked: Set<String> = [], required needed: Set<String> = []) -> SafeHTML {
        let chosen: [RecordField<Record>] = names.compactMap { name in definition.fields.first(where: { $0.name == name }) }
        return SafeHTML.join(chosen.map { field -> SafeHTML in
            let value = values[field.name], error = problems[field.name]
            let required: SafeHTML = field.required || needed.contains(field.name) ? " required" : ""
            if locked.contains(field.name) {
                return "<div class=\"field\"><span class=\"label\">\(field.label)</span><p class=\"locked\">\(value ?? "")</p></div>"
            }
            switch field.kind {
            case .wholeNumber(let minimum, let maximum):
                let bounds: SafeHTML = "\(minimum.map { SafeHTML(" min=\"\($0)\"") } ?? "")\(maximum.map { SafeHTML(" max=\"\($0)\"") } ?? "")"
                let hint = minimum.flatMap { low in maximum.map { high in "\(low)-\(high)\(field.rangeNote)" } }
                return FormField.text(field.name, label: field.label, value: value, error: error, type: "number",
                                      extra: " inputmode=\"numeric\"\(bounds)\(required)", hint: hint)
            case .choice(let options):
                return FormField.select(field.name, label: field.label,
                                        options: [("", "Choose")] + options.map { ($0, field.choiceLabels[$0] ?? Self.word($0)) },
                                        selected: value, error: error)
            case .date:
                return FormField.text(field.name, label: field.label, value: value, error: error, type: "date", extra: required, hint: "YYYY-MM-DD")
            case .clockTime:
                return FormField.text(field.name, label: field.label, value: value, error: error, type: "time", extra: required, hint: "HH:MM, 24-hour")
            case .yesNo where field.nullable:
                // Yes, no, or not recorded: an answer not asked is never read as "no".
                let answer: Bool? = switch value { case "true"?, "yes"?: true; case "false"?, "no"?: false; default: nil }
                return "<div class=\"field\" id=\"field-\(field.name)\">\(FormField.error(error, id: "field-\(field.name)"))\(FormField.triState(field.name, label: field.label, value: answer))</div>"
            case .yesNo:
                return FormField.checkbox(field.name, label: field.label, checked: value == "true" || value == "on", error: error)
            case .choices(let options):
                return FormField.checkboxes(field.name, legend: field.label, options: options.map { ($0, field.choiceLabels[$0] ?? Self.word($0)) },
                                            checked: Set(Self.chosen(field.name, options: options, values: values)), error: error)
            case .textList:
                return FormField.text(field.name, label: field.label, value: value, error: error, hint: "Separated by commas")
            case .text(_, let maximum?) where maximum == FreeText.maximumCharacters:
                return FormField.textarea(field.name, label: field.label, value: value, error: error)
            case .text(_, let maximum):
                return FormField.text(field.name, label: field.label, value: value, error: error,
                                      extra: "\(maximum.map { SafeHTML(" maxlength=\"\($0)\"") } ?? "")\(required)")
            default:
                return FormField.text(field.name, label: field.label, value: value, error: error, extra: required)
            }
        })
    }

    /// Reads the `names` fields from what a form sent: the record, or every problem by field.
    /// Fields not named are taken from `base` (the stored record, when editing one).
    /// `required` as for `fields`.
    static func read<Record: Codable>(_ definition: RecordDefinition<Record>, _ names: [String], values: [String: String],
                                      base: Record? = nil, required needed: Set<String> = []) -> (record: Record?, problems: [String: String]) {
        var object: [String: Any] = [:]
        if let base, let data = try? EvidenceDocument.encoder.encode(base),
           let stored = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            object = stored
        }
        var problems: [String: String] = [:]
        let chosen: [RecordField<Record>] = names.compactMap { name in definition.fields.first(where: { $0.name == name }) }
        for field in chosen {
            let typed = (values[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            // An unticked box sends nothing: it means no, and an empty list. A field that may be
            // not recorded is asked as yes, no or not recorded instead.
            if field.kind == .yesNo && field.nullable {
                switch typed { case "true", "yes": object[field.name] = true; case "false", "no": object[field.name] = false; default: object[field.name] = nil }
                continue
            }
            if field.kind == .yesNo { object[field.name] = typed == "true" || typed == "on"; continue }
            if case .choices(let options) = field.kind { object[field.name] = Self.chosen(field.name, options: options, values: values); continue }
            guard !typed.isEmpty else {
                if field.required || needed.contains(field.name) {
                    problems[field.name] = field.kind.isChoice ? "Choose the \(field.label.lowercased())." : "Give the \(field.label.lowercased())."
                } else {
                    object[field.name] = nil
                }
                continue
            }
            switch field.kind {
            case .wholeNumber(let minimum, let maximum):
                guard let number = Int(typed) else { problems[field.name] = "'\(typed)' is not a whole number."; continue }
                if let minimum, let maximum, !(minimum...maximum).contains(number) {
                    problems[field.name] = "\(number) is outside \(minimum)-\(maximum)\(field.rangeNote)."
                    continue
                }
                object[field.name] = number
            case .choice(let options):
                guard options.contains(typed) else { problems[field.name] = "Choose one from the list."; continue }
                object[field.name] = typed
            case .date:
                guard CalendarDate(typed) != nil else { problems[field.name] = "'\(typed)' is not a date; use YYYY-MM-DD."; continue }
                object[field.name] = typed
            case .clockTime:
                guard ClockTime(typed) != nil else { problems[field.name] = "'\(typed)' is not a time; use HH:MM, for example 10:00."; continue }
                object[field.name] = typed
            case .textList:
                object[field.name] = typed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case .text(_, let maximum?) where typed.count > maximum:
                problems[field.name] = "\(typed.count) characters; use at most \(maximum)."
            default:
                object[field.name] = typed
            }
        }
        guard problems.isEmpty else { return (nil, problems) }
        guard let data = try? JSONSerialization.data(withJSONObject: object),
              let record = try? EvidenceDocument.decoder.decode(Record.self, from: data) else {
            return (nil, ["": "This \(definition.recordName) could not be read from the form; check every field."])
        }
        return (record, [:])
    }

    /// The values a form shows for a stored record.
    static func values<Record: Encodable>(of record: Record) -> [String: String] {
        guard let data = try? EvidenceDocument.encoder.encode(record),
              let object = try? JSONDecoder().decode([String: FormValue].self, from: data) else { return [:] }
        return object.compactMapValues(\.text)
    }

    /// One value of an encoded record as a form shows it. Decoded by type, not through
    /// `JSONSerialization`, which on Linux reads the number 1 as `true` when asked for a Bool.
    private struct FormValue: Decodable {
        let text: String?

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let flag = try? value.decode(Bool.self) { text = flag ? "true" : "false" }
            else if let number = try? value.decode(Int.self) { text = String(number) }
            else if let number = try? value.decode(Double.self) { text = NumberText.number(number) }
            else if let string = try? value.decode(String.self) { text = string }
            else if let list = try? value.decode([String].self) { text = list.joined(separator: ", ") }
            else { text = nil }
        }
    }

    /// A store's problems by field as sentences: "2 is outside 1-10" -> "2 is outside 1-10.".
    static func sentences(_ problems: [String: String]) -> [String: String] {
        problems.mapValues { message in
            let text = message.prefix(1).uppercased() + message.dropFirst()
            return text.hasSuffix(".") ? text : text + "."
        }
    }

    /// "peter_walker" as a person reads it: "Peter walker".
    static func word(_ value: String) -> String {
        let spaced = value.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// The values of a `.choices` field: one box per value, each sent as "<field>-<value>"; a
    /// stored record's list comes as one value, "a, b".
    static func chosen(_ name: String, options: [String], values: [String: String]) -> [String] {
        let listed = Set((values[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return options.filter { listed.contains($0) || values["\(name)-\($0)"] != nil }
    }
}

extension FieldKind {
    var isChoice: Bool { if case .choice = self { true } else { false } }
}
