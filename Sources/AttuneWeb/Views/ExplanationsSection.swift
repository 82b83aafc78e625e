import AttuneCore
import AttuneHTML

/// Why each rating is what it is: per programme, every mechanism with its rating and the
/// explanation holding the numbers that decided it. Matrix cells link here.
struct ExplanationsSection {
    let profiles: [ProgrammeProfile]

    static func anchor(programme: String, mechanism: MechanismID) -> String {
        "explain-\(programme)-\(mechanism)"
    }

    var html: SafeHTML {
        let programmes = profiles.map { profile -> SafeHTML in
            let centre: SafeHTML = profile.centre.map { ", \($0.name)" } ?? ""
            let notAssessed: SafeHTML = profile.notAssessed > 0 ? ", \(profile.notAssessed) not assessed" : ""
            let items = profile.assessments.map { assessment -> SafeHTML in
                let override: SafeHTML = assessment.override.map { override in
                    "<span class=\"override\"> Overridden from \(assessment.derived.rating.label.lowercased()) to \(override.rating.label.lowercased()) by \(override.observer): \(override.rationale)</span>"
                } ?? ""
                return """
                <li id="\(Self.anchor(programme: profile.programme.id, mechanism: assessment.mechanism.id))"><span class="swatch rating-\(assessment.rating.rawValue)" aria-hidden="true">\(assessment.rating.letter)</span><strong>\(assessment.mechanism.id.description) \(assessment.mechanism.shortName): \(assessment.rating.label).</strong> \(assessment.derived.explanation)\(override)</li>
                """
            }
            // Open, so that a link from a matrix cell lands on a visible line.
            return """
            <details id="explain-\(profile.programme.id)" open><summary><strong>\(profile.programme.id)</strong> \(profile.programme.name)\(centre)<span class="summary-total">\(profile.total) of \(MechanismCatalogue.rated.count) yes\(notAssessed)</span></summary>
            <ul class="explanation-list">\(items)</ul></details>
            """
        }
        return """
        <section class="explanations" aria-labelledby="explanations-title"><h2 id="explanations-title">Why each rating</h2>
        \(programmes)</section>
        """
    }
}
