import AttuneCore
import AttuneHTML

/// What each mechanism means and the evidence that informs it, so a reader of the matrix
/// never has to look the paper up. A list of cards rather than a `<dl>` of grouped terms:
/// axe-core 3.1 (the browser tests') reads a `<div>` inside a `<dl>` as an error.
struct MechanismDefinitions {
    let mechanisms: [Mechanism]

    var html: SafeHTML {
        let entries = mechanisms.map { mechanism -> SafeHTML in
            "<li><span class=\"term\">\(mechanism.id.description) \(mechanism.shortName)</span><p>\(mechanism.definition)<span class=\"scale\">Rated \(mechanism.scale.description). Evidence: \(mechanism.evidence.description).</span></p></li>"
        }
        return """
        <section aria-labelledby="definitions-title"><h2 id="definitions-title">What each mechanism means</h2>
        <ul class="definitions">\(entries)</ul></section>
        """
    }
}
