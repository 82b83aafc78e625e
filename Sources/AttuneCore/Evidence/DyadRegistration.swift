import Foundation

/// Registering a mother and baby at a centre: her working code, and the mothers already
/// registered there she may be (a likely duplicate, shown before saving).
public enum DyadRegistration {
    /// The first code "<centre>-M<n>" not among `taken`, counting from `taken.count + 1`.
    public static func code(centre: String, taken: Set<String>) -> String {
        var number = taken.count + 1
        while taken.contains("\(centre)-M\(number)") { number += 1 }
        return "\(centre)-M\(number)"
    }

    /// The dyads of `registered` with the same mother's name, baby's name and baby's date of
    /// birth as `dyad` (names compared ignoring case, accents and spacing). A dyad with none
    /// of the three given matches nothing.
    public static func likelyDuplicates(of dyad: Dyad, among registered: [Dyad]) -> [Dyad] {
        guard let mother = dyad.motherName.map(folded), !mother.isEmpty else { return [] }
        return registered.filter { other in
            other.id != dyad.id && other.motherName.map(folded) == mother
                && other.infantName.map(folded) == dyad.infantName.map(folded) && other.infantDateOfBirth == dyad.infantDateOfBirth
        }
    }

    /// "  Zoë   SMITH " and "zoe smith" are one name.
    static func folded(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_GB"))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
