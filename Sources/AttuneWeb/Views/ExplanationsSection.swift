import AttuneCore
import Plot

/// Why each rating is what it is: per programme, every mechanism with its rating and the
/// explanation holding the numbers that decided it. Matrix cells link here.
struct ExplanationsSection {
    let profiles: [ProgrammeProfile]

    static func anchor(programme: String, mechanism: MechanismID) -> String {
        "explain-\(programme)-\(mechanism)"
    }

    var node: Node<HTML.BodyContext> {
        .section(
            .class("explanations"),
            .attr("aria-labelledby", "explanations-title"),
            .h2(.id("explanations-title"), "Why each rating"),
            .forEach(profiles) { profile in
                // Open, so that a link from a matrix cell lands on a visible line.
                .details(
                    .id("explain-\(profile.programme.id)"),
                    .open(true),
                    .summary(
                        .strong(.text(profile.programme.id)),
                        .text(" \(profile.programme.name)"),
                        .unwrap(profile.centre) { .text(", \($0.name)") },
                        .span(.class("summary-total"),
                              .text("\(profile.total) of \(MechanismCatalogue.rated.count) yes"
                                    + (profile.notAssessed > 0 ? ", \(profile.notAssessed) not assessed" : "")))
                    ),
                    .ul(.class("explanation-list"), .forEach(profile.assessments) { assessment in
                        .li(
                            .id(Self.anchor(programme: profile.programme.id, mechanism: assessment.mechanism.id)),
                            .span(.class("swatch rating-\(assessment.rating.rawValue)"), .attr("aria-hidden", "true"),
                                  .text(assessment.rating.letter)),
                            .strong(.text("\(assessment.mechanism.id) \(assessment.mechanism.shortName): \(assessment.rating.label).")),
                            .text(" " + assessment.derived.explanation),
                            .unwrap(assessment.override) { override in
                                .span(.class("override"),
                                      .text(" Overridden from \(assessment.derived.rating.label.lowercased()) to \(override.rating.label.lowercased()) by \(override.observer): \(override.rationale)"))
                            }
                        )
                    })
                )
            }
        )
    }
}
