import AttuneCore
import Foundation

/// The evaluation report as one self-contained HTML page: inline style, inline SVG charts, a
/// table under every chart as its text alternative, and print rules for A4.
public enum EvaluationReport {
    /// The whole page, as text for the report file.
    /// - Parameters: `plans`, the action plan of the evaluated programmes, and `cycles`, the
    ///   audit cycles that show whether its actions moved their ratings.
    public static func html(_ evaluation: Evaluation, plans: [ActionPlan] = [], cycles: [AuditCycle] = []) -> String {
        let page: SafeHTML = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(evaluation.title)</title><style>\(style)</style></head>
        <body><main>
        <header><h1>\(evaluation.title)</h1>
        \(meta(evaluation))
        </header>
        \(sections(evaluation, plans: plans, cycles: cycles))
        <footer>Produced by Attune. Mechanisms from Underdown &amp; Barlow (2011), Community Practitioner 84(4):21-6. Statistics checked against SciPy.</footer>
        </main></body></html>

        """
        return page.raw
    }

    /// Everything below the title, for the report file and for the web page (which has its own
    /// stylesheet, since the page's content security policy allows no inline style).
    public static func sections(_ evaluation: Evaluation, plans: [ActionPlan] = [], cycles: [AuditCycle] = []) -> SafeHTML {
        SafeHTML.join([
            matrixSection(evaluation),
            needSection(evaluation),
            outcomesSection(evaluation),
            changeSection(evaluation),
            trainingSection(evaluation),
            saidSection(evaluation),
            agreementSection(evaluation),
            reachSection(evaluation),
            actionPlanSection(plans, cycles: cycles),
        ], separator: "\n")
    }

    /// The rubric line and, for reconstructed data, the notice saying so.
    public static func meta(_ evaluation: Evaluation) -> SafeHTML {
        let rubric: SafeHTML = "<p class=\"meta\">Rubric: \(evaluation.rubric.name), version \(evaluation.rubric.version). \(evaluation.profiles.count) programmes.</p>"
        guard evaluation.reconstructed else { return rubric }
        return "\(rubric)\n<p class=\"notice\">\(StudyEvidence.notice)</p>"
    }

    /// A table with its caption and a header row; the first cell of each row heads the row. The
    /// cells of the columns `prose` (which may hold a sentence, "not computable: ...") are marked
    /// `prose`, which keeps them wide enough on a phone not to stand one word to a line. By
    /// column, never by the text's length: what a user typed must not change the markup.
    static func table(_ caption: String, _ header: [String], _ rows: [[String]], prose: Set<Int> = []) -> SafeHTML {
        let head = header.map { heading -> SafeHTML in "<th scope=\"col\">\(heading)</th>" }
        let body = rows.map { row -> SafeHTML in
            let cells = row.enumerated().map { index, text -> SafeHTML in
                if index == 0 { return "<th scope=\"row\">\(text)</th>" }
                return prose.contains(index) ? "<td class=\"prose\">\(text)</td>" : "<td>\(text)</td>"
            }
            return "<tr>\(cells)</tr>"
        }
        return "<table><caption>\(caption)</caption><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    static func matrixSection(_ evaluation: Evaluation) -> SafeHTML {
        let matrix = evaluation.profiles.matrix()
        let rows = matrix.mechanisms.map { mechanism in
            ["\(mechanism.id) \(mechanism.shortName)"] + matrix.columns.map { matrix.rating($0, mechanism.id).letter }
        } + [["Total (count of yes)"] + matrix.columns.map { String(matrix.recomputedTotal($0)) }]
        return """
        <section><h2 id="matrix-title">Mechanisms of change in each programme</h2>
        <figure>\(SVGCharts.heatmap(matrix, titleID: "matrix-title"))</figure>
        \(table("Mechanism ratings (Y yes, V variable, N no, NA not assessed)", ["Mechanism"] + matrix.columns.map(\.programmeCode), rows))
        </section>
        """
    }

    static func needSection(_ evaluation: Evaluation) -> SafeHTML {
        let analysis = evaluation.needVersusProvision
        let points = analysis.rows.compactMap { row in
            row.highNeedShareEnrolled.value.map { SVGCharts.Point(label: row.programmeId, x: $0, y: Double(row.mechanismTotal)) }
        }
        let rows = analysis.rows.map { row in
            [row.programmeId, row.centre ?? "", row.deprivationDecile.map(String.init) ?? "–", String(row.mechanismTotal),
             "\(row.enrolledHighNeed) of \(row.enrolled) (\(NumberText.percent(row.highNeedShareEnrolled)))",
             "\(row.attendingHighNeed) of \(row.attending) (\(NumberText.percent(row.highNeedShareAttending)))"]
        }
        return """
        <section><h2 id="need-title">Need against provision</h2>
        <p>\(analysis.correlationSentence)</p>
        <p class="finding">\(analysis.explanation)</p>
        <figure>\(SVGCharts.scatter(points, xRange: 0...1, yRange: 0...14, xLabel: "Share of enrolled mothers with high need",
                                     yLabel: "Mechanisms present (of 14)", titleID: "need-title",
                                     description: "Each programme's share of high-need mothers against its mechanism total; the table below gives the values."))</figure>
        \(table("Need and provision per programme", ["Programme", "Centre", "Deprivation decile", "Mechanism total", "High need, enrolled", "High need, attending"], rows))
        </section>
        """
    }

    static func outcomesSection(_ evaluation: Evaluation) -> SafeHTML {
        var parts: [SafeHTML] = ["<section><h2>Outcomes before and after</h2>"]
        for (instrument, label) in Outcomes.measures {
            let summaries = evaluation.outcomes.filter { $0.instrument == instrument }
            let slopes = summaries.compactMap { summary -> SVGCharts.Slope? in
                guard let id = summary.programmeId, let before = summary.meanBefore.value, let after = summary.meanAfter.value else { return nil }
                return SVGCharts.Slope(label: id, before: before, after: after)
            }
            let range: ClosedRange<Double> = instrument == .psi ? 36...180 : instrument == .epds ? 0...30 : 0...14
            let chartID = "outcome-\(instrument.rawValue)"
            let rows = summaries.map { summary -> [String] in
                let name = summary.programmeId ?? "All programmes"
                switch summary.test {
                case .value(let test):
                    return [name, String(test.n), summary.meanBefore.value.map { NumberText.number($0, digits: 1) } ?? "–",
                            summary.meanAfter.value.map { NumberText.number($0, digits: 1) } ?? "–", NumberText.number(test.meanDifference, digits: 2),
                            "t(\(Int(test.df))) = \(NumberText.number(test.t))", NumberText.pValue(test.p), NumberText.number(test.cohensDz), NumberText.number(test.hedgesG)]
                case .notComputable(let reason):
                    return [name, String(summary.pairs.count), "–", "–", "–", "not computable: \(reason)", "–", "–", "–"]
                }
            }
            parts.append("<h3 id=\"\(chartID)\">\(label)</h3>")
            parts.append("<figure>\(SVGCharts.slopes(slopes, range: range, valueLabel: label, titleID: chartID))</figure>")
            parts.append(table("\(label): mean before and after, paired t-test of the change", ["Programme", "Pairs", "Before", "After", "Change", "Test", "p", "d_z", "Hedges' g"], rows,
                               prose: [5]))
        }
        parts.append("</section>")
        return SafeHTML.join(parts, separator: "\n")
    }

    static func changeSection(_ evaluation: Evaluation) -> SafeHTML {
        let matrix = evaluation.mechanismsAndChange.matrix
        let rows = matrix.names.enumerated().map { index, name in
            [name] + matrix.cells[index].map { cell in
                switch cell {
                case .value(let r): "\(NumberText.number(r.coefficient)) (n = \(r.n), \(NumberText.pPhrase(r.p)))"
                case .notComputable: "–"
                }
            }
        }
        return """
        <section><h2>Mechanisms and change</h2>
        <p>Pearson correlations across programmes between the mechanism total and the mean change in each outcome; each cell uses the programmes with both values. A dash is not computable (too few programmes with measures, or no variation).</p>
        \(table("Correlation matrix", [""] + matrix.names, rows))
        </section>
        """
    }

    static func trainingSection(_ evaluation: Evaluation) -> SafeHTML {
        let rows = evaluation.trainingMix.rows.map { row -> [String] in
            let fisher = row.fisher.value.map { NumberText.pPhrase($0.p) } ?? "not computable: \(row.fisher.reason ?? "")"
            return ["\(row.mechanism) \(row.shortName)", "\(row.table[0][0]) of \(row.table[0][0] + row.table[0][1])",
                    "\(row.table[1][0]) of \(row.table[1][0] + row.table[1][1])", fisher]
        }
        return """
        <section><h2>Training mix</h2>
        <p>Sessions led by an IAIM-trained (communication-based) facilitator against sessions led by others, for the communication mechanisms; Fisher's exact test, two-sided.</p>
        \(table("Sessions where the mechanism was present, by the lead's training", ["Mechanism", "IAIM-trained lead", "Other lead", "Fisher's exact test"], rows))
        </section>
        """
    }

    /// What people said beside each rating (counts only: the report reaches evaluators), with
    /// the programme's EPDS change, and the code co-occurrence as a heatmap and its table.
    static func saidSection(_ evaluation: Evaluation) -> SafeHTML {
        let triangulation = evaluation.triangulation, matrix = evaluation.cooccurrence
        guard !triangulation.cells.isEmpty else { return "" }
        let epdsChange = Dictionary(evaluation.outcomes.filter { $0.instrument == .epds }.compactMap { summary -> (String, String)? in
            guard let programme = summary.programmeId, let before = summary.meanBefore.value, let after = summary.meanAfter.value else { return nil }
            return (programme, "\(NumberText.number(after - before, digits: 1)) (\(summary.pairs.count) mothers)")
        }, uniquingKeysWith: { first, _ in first })
        let rows = triangulation.cells.map { cell -> [String] in
            [cell.programmeId, "\(cell.mechanism.id) \(cell.mechanism.shortName)", cell.rating.label, String(cell.supporting.count),
             String(cell.contradicting.count), epdsChange[cell.programmeId] ?? "–", cell.isDivergent ? "divergent" : ""]
        }
        let rule = triangulation.rule
        let divergent = triangulation.divergent.map { "\($0.programmeId) \($0.mechanism.id) \($0.mechanism.shortName) (rated \($0.rating.word))" }
        let cooccurrenceRows = matrix.mechanisms.enumerated().map { row, mechanism in [mechanism.description] + matrix.counts[row].map(String.init) }
        var strongest: SafeHTML = ""
        if let (first, second, count) = matrix.strongestPair {
            strongest = "<p>Coded together most often: \(first.description) and \(second.description), on \(count) excerpt\(count == 1 ? "" : "s").</p>"
        }
        return """
        <section><h2 id="said-title">What people said</h2>
        <p>Each rating beside the excerpts (what mothers, facilitators and observers said) coded to it. A mechanism is divergent when at least \(rule.againstAtLeast) excerpts point away from its rating and at most \(rule.forAtMost) agree with it: \(divergent.isEmpty ? "none is" : divergent.joined(separator: "; ")).</p>
        \(table("Ratings and excerpts, with the programme's change in EPDS (after minus before; lower is better)", ["Programme", "Mechanism", "Rating", "Supporting", "Contradicting", "EPDS change", "Flag"], rows))
        <h3 id="cooccurrence-title">Mechanisms coded on the same excerpt</h3>
        <figure>\(SVGCharts.countMatrix(labels: matrix.mechanisms.map(\.description), counts: matrix.counts, titleID: "cooccurrence-title",
                                     description: "How often two mechanisms are coded on the same excerpt; the diagonal counts the excerpts coded to each. The table below gives every cell."))</figure>
        \(table("Co-occurrence of codes (text alternative to the heatmap)", ["Mechanism"] + matrix.mechanisms.map(\.description), cooccurrenceRows))
        \(strongest)</section>
        """
    }

    /// The action plan: each adopted or declined suggestion, and whether its ratings moved.
    static func actionPlanSection(_ plans: [ActionPlan], cycles: [AuditCycle]) -> SafeHTML {
        guard !plans.isEmpty else { return "" }
        let rows = plans.map { plan -> [String] in
            let outcome = plan.outcome(cycles: cycles)
            return [plan.programmeId, plan.action, plan.status.label,
                    plan.status == .declined ? (plan.reason ?? "") : "\(plan.owner ?? "–"), due \(plan.dueDate?.description ?? "–")",
                    outcome.map { "\($0.anyMoved ? "moved" : "not moved"): \($0.words)" } ?? "–"]
        }
        let open = plans.filter { $0.status.isOpen }.count, done = plans.filter { $0.status == .done }.count
        return """
        <section><h2 id="actions-title">Action plan</h2>
        <p>\(plans.count) suggested action\(plans.count == 1 ? "" : "s") decided: \(open) open, \(done) done, \(plans.filter { $0.status == .declined }.count) declined. Each adopted action shows whether its mechanisms' ratings moved by the latest audit cycle closed after it was adopted.</p>
        \(table("Actions adopted or declined", ["Programme", "Action", "Status", "Owner, due (or why declined)", "Did it move?"], rows, prose: [1, 3, 4]))
        </section>
        """
    }

    /// Observer agreement, when any session was observed a second time.
    static func agreementSection(_ evaluation: Evaluation) -> SafeHTML {
        let agreement = evaluation.agreement
        guard agreement.observedSessions > 0 else { return "" }
        let threshold = NumberText.number(agreement.threshold)
        let rows = agreement.checks.filter { $0.n > 0 }.map { check -> [String] in
            [check.field.label, String(check.n), AgreementFormats.share(check.agreement), AgreementFormats.kappaText(check.kappa),
             check.isLow ? "below \(threshold)" : ""]
        }
        let ratings = agreement.ratings
        let low = agreement.lowChecks.map(\.field.label)
        return """
        <section><h2 id="agreement-title">Do observers agree?</h2>
        <p>\(agreement.observedSessions) held sessions were observed a second time, independently of their logs. Each check's Cohen's kappa compares the log with the first second observer; checks below kappa \(threshold), the rubric's threshold, are flagged\(low.isEmpty ? ": none is" : ": \(low.joined(separator: ", "))").</p>
        \(table("Agreement on each session check", ["Check", "Sessions", "Agreement", "Cohen's kappa (95% interval)", "Flag"], rows, prose: [3]))
        <p>Derived ratings of \(ratings.programmes.count) programmes from the observed sessions, as logged and as the second observer saw them: \(ratings.n) compared, \(AgreementFormats.share(ratings.agreement)) the same; weighted kappa \(AgreementFormats.valueText(ratings.linear)) (linear), \(AgreementFormats.valueText(ratings.quadratic)) (quadratic).</p>
        </section>
        """
    }

    static func reachSection(_ evaluation: Evaluation) -> SafeHTML {
        guard let overall = evaluation.reach.last else { return "" }
        let chart = SVGBarChart(titleID: "reach-title", bars: [
            .init(label: "Invited", value: overall.invited), .init(label: "Consented", value: overall.consented),
            .init(label: "Attended", value: overall.attendedOnce), .init(label: "Completed", value: overall.completed),
        ], maximum: max(overall.invited, 1), valueDescription: "mothers").svg
        let rows = evaluation.reach.map { funnel in
            [funnel.programmeId ?? "All programmes", String(funnel.invited), String(funnel.consented), String(funnel.attendedOnce), String(funnel.completed)]
        }
        return """
        <section><h2 id="reach-title">Reach</h2>
        <p>Completed means attending at least \(Int(overall.completionShare * 100))% of a programme's sessions.</p>
        <figure>\(chart)</figure>
        \(table("Reach per programme", ["Programme", "Invited", "Consented", "Attended at least once", "Completed"], rows))
        </section>
        """
    }

    /// The report file's own style (the web page has the site's stylesheet).
    static let style: SafeHTML = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2733; margin: 0; line-height: 1.45; }
    main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
    h1 { font-size: 1.7rem; margin-bottom: .25rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #0f4c5c; padding-bottom: .2rem; }
    .meta, footer { color: #52606d; font-size: .9rem; } .notice, .finding { background: #fdebc2; padding: .5rem .75rem; border-left: 4px solid #6d4200; }
    table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; font-size: .85rem; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding-bottom: .3rem; } th, td { border: 1px solid #d9e0e7; padding: .25rem .4rem; text-align: left; }
    thead th { background: #f5f7f9; } figure { margin: .5rem 0; } svg.chart { max-width: 100%; height: auto; font-size: 12px; }
    svg .axis { fill: #1d2733; } svg .tick { fill: #52606d; font-size: 11px; } svg .label { fill: #1d2733; font-size: 11px; }
    svg .frame { fill: none; stroke: #d9e0e7; } svg .point { fill: #0f4c5c; } svg .bar { fill: #0f4c5c; } svg .grid { stroke: #d9e0e7; } svg .leader { stroke: #5b6770; stroke-width: 1; }
    svg line.up { stroke: #8a1c1c; stroke-width: 2; } svg line.down { stroke: #0b5a31; stroke-width: 2; } svg text { fill: #1d2733; }
    @page { size: A4; margin: 15mm; }
    @media print { main { max-width: none; padding: 0; } figure, tr { break-inside: avoid; } h2, h3, caption { break-after: avoid; } }
    """
}
