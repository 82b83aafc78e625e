import AttuneCore
import AttuneHTML

/// What each mechanism means and the evidence that informs it, so a reader of the matrix
/// never has to look the paper up.
struct MechanismDefinitions {
    let mechanisms: [Mechanism]

    var html: SafeHTML {
        let entries = mechanisms.map { mechanism -> SafeHTML in
            "<div><dt>\(mechanism.id.description) \(mechanism.shortName)</dt><dd>\(mechanism.definition)<span class=\"scale\">Rated \(mechanism.scale.description). Evidence: \(mechanism.evidence.description).</span></dd></div>"
        }
        return """
        <section aria-labelledby="definitions-title"><h2 id="definitions-title">What each mechanism means</h2>
        <dl class="definitions">\(entries)</dl></section>
        """
    }
}
