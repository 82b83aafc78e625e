import AttuneCore
import Plot

/// What each mechanism means and the evidence that informs it, so a reader of the matrix
/// never has to look the paper up.
struct MechanismDefinitions {
    let mechanisms: [Mechanism]

    var node: Node<HTML.BodyContext> {
        .section(
            .attr("aria-labelledby", "definitions-title"),
            .h2(.id("definitions-title"), "What each mechanism means"),
            .dl(
                .class("definitions"),
                .forEach(mechanisms) { mechanism in
                    .div(
                        .dt(.text("\(mechanism.id) \(mechanism.shortName)")),
                        .dd(.text(mechanism.definition),
                            .span(.class("scale"),
                                  .text("Rated \(mechanism.scale.description). Evidence: \(mechanism.evidence.description).")))
                    )
                }
            )
        )
    }
}
