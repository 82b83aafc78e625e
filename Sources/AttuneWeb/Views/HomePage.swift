import AttuneCore
import AttuneHTML

/// What the home page shows, computed from the derived profiles; the view only lays it out.
struct HomePageModel: Sendable {
    let report: AuditReport
    /// Ratings a publication printed for these programmes (the study's Table 1), if any.
    let published: MechanismMatrix

    var matrix: MechanismMatrix { report.matrix }
    var isEmpty: Bool { report.profiles.isEmpty }

    var totals: [(code: String, total: Int)] {
        report.profiles.map { ($0.programme.id, $0.total) }
    }

    /// Profiles with too few sessions held to be ranked (`Rubric.isProvisional`).
    var provisional: [ProgrammeProfile] { report.profiles.filter { report.rubric.isProvisional(heldSessions: $0.heldSessions) } }

    /// How many published cells the derived ratings reproduce, over the programmes that have
    /// published ratings; nil when none do.
    var agreementWithPublished: (agree: Int, compared: Int)? {
        var agree = 0, compared = 0
        for column in published.columns where !column.ratings.isEmpty {
            guard let profile = report.profiles.first(where: { $0.programme.id == column.programmeCode }) else { continue }
            for mechanism in MechanismCatalogue.rated {
                guard let printed = column.ratings[mechanism.id], let derived = profile.assessment(mechanism.id) else { continue }
                compared += 1
                if derived.derived.rating == printed { agree += 1 }
            }
        }
        return compared == 0 ? nil : (agree, compared)
    }

    /// "12 (B7)" style summaries for the highest and lowest totals.
    func extreme(highest: Bool) -> String {
        let unranked = Set(provisional.map(\.programme.id))
        let ranked = totals.filter { !unranked.contains($0.code) }
        guard let value = highest ? ranked.map(\.total).max() : ranked.map(\.total).min() else { return "–" }
        let codes = ranked.filter { $0.total == value }.map(\.code).joined(separator: ", ")
        return "\(value) (\(codes))"
    }
}

struct HomePage {
    let model: HomePageModel

    var main: SafeHTML {
        """
        <h1>Programmes and their mechanism profiles</h1>
        <p class="lede">Which of the paper's 14 mechanisms of change each programme provides, derived from what was recorded about its sessions, invitations and attendance. Select a rating to see the numbers behind it. The total counts each "yes", as the paper does.</p>
        \(model.isEmpty ? emptyState : profiles)
        """
    }

    private var emptyState: SafeHTML {
        """
        <section class="empty-state"><h2>No programmes recorded yet</h2><p>No programmes are recorded for your centres. To explore Attune with the eight programmes from the study, start it with the demo data:</p><pre><code>attune serve --demo</code></pre></section>
        """
    }

    private var profiles: SafeHTML {
        let notice: SafeHTML = model.report.reconstructed
            ? "<div class=\"notice\" role=\"note\"><strong>\(StudyEvidence.notice)</strong></div>" : ""
        let agreement: SafeHTML = model.agreementWithPublished.map {
            " The derived ratings agree with the paper's published Table 1 in \($0.agree) of \($0.compared) cells."
        } ?? ""
        let discrepancies = model.matrix.discrepancies.map { discrepancy -> SafeHTML in
            "<div class=\"note\" role=\"note\"><strong>Printed total corrected. </strong>\(discrepancy.message)</div>"
        }
        let chart = SVGBarChart(
            titleID: "totals-chart-title",
            bars: model.totals.map { .init(label: $0.code, value: $0.total) },
            maximum: MechanismCatalogue.rated.count,
            valueDescription: "mechanisms rated yes"
        )
        let summary = [
            summaryItem(value: String(model.report.profiles.count), label: "programmes"),
            summaryItem(value: String(MechanismCatalogue.rated.count), label: "mechanisms rated"),
            summaryItem(value: model.extreme(highest: true), label: "highest total"),
            summaryItem(value: model.extreme(highest: false), label: "lowest total"),
        ]
        let provisional: SafeHTML = model.provisional.isEmpty ? "" : """
        <div class="note" role="note"><strong>Provisional, not ranked: </strong>\(SafeHTML.join(model.provisional.map { profile -> SafeHTML in
            "<a href=\"\(SiteRoute.programme(profile.programme.id).path)\">\(profile.programme.id)</a> (\(profile.basis))"
        }, separator: "; ")). A profile needs \(model.report.rubric.provisionalBelowHeldSessions) sessions held before it is ranked for the highest and lowest totals.</div>
        """
        return """
        \(notice)<ul class="summary" aria-label="Summary">\(summary)</ul>\(provisional)
        \(MatrixTable(matrix: model.matrix, explained: true, linkedToProgrammes: true).html)
        <p class="provenance">\(model.report.rubricLine)\(agreement)</p>\(discrepancies)
        \(RatingLegend.html)
        <section class="chart-section"><h2 id="totals-chart-title">Mechanisms present per programme</h2>\(chart.svg)</section>
        \(ExplanationsSection(profiles: model.report.profiles).html)
        \(MechanismDefinitions(mechanisms: MechanismCatalogue.all).html)
        """
    }

    private func summaryItem(value: String, label: String) -> SafeHTML {
        "<li><span class=\"summary-value\">\(value)</span><span class=\"summary-label\">\(label)</span></li>"
    }
}
