/// The one stylesheet, served from memory at /assets/attune.css. Rating colours are chosen
/// for AA contrast between letter and background; every rating also carries its letter.
enum Stylesheet {
    static let css = """
    :root {
      --ink: #1d2733; --muted: #52606d; --line: #d9e0e7; --paper: #ffffff; --wash: #f5f7f9;
      --brand: #0f4c5c; --brand-ink: #ffffff; --focus: #ffbf47;
      --yes-bg: #d3f0dd; --yes-ink: #0b5a31;
      --variable-bg: #fdebc2; --variable-ink: #6d4200;
      --no-bg: #f8dcdc; --no-ink: #8a1c1c;
      --na-bg: #eceff3; --na-ink: #3f4a56;
    }
    * { box-sizing: border-box; }
    html { font-size: 100%; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
           color: var(--ink); background: var(--wash); line-height: 1.5; }
    a { color: var(--brand); }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    .skip-link { position: absolute; left: -999px; top: 0; background: var(--focus); color: var(--ink); padding: .5rem 1rem; z-index: 10; }
    .skip-link:focus { left: 1rem; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
                       overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

    .site-header { background: var(--brand); color: var(--brand-ink); }
    .site-header-inner { max-width: 72rem; margin: 0 auto; padding: .9rem 1.5rem; display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    .brand { color: var(--brand-ink); font-weight: 700; font-size: 1.4rem; text-decoration: none; letter-spacing: .02em; }
    .tagline { opacity: .9; }
    .page { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
    h1 { font-size: 1.9rem; margin: .5rem 0 .25rem; }
    h2 { font-size: 1.25rem; margin: 1.75rem 0 .5rem; }
    .lede { color: var(--muted); max-width: 46rem; margin-top: 0; }
    .site-footer { max-width: 72rem; margin: 2rem auto 0; padding: 1rem 1.5rem 2rem; color: var(--muted); font-size: .875rem; border-top: 1px solid var(--line); }

    .summary { list-style: none; padding: 0; margin: 1.25rem 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; }
    .summary li { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
    .summary-value { display: block; font-size: 1.5rem; font-weight: 700; }
    .summary-label { color: var(--muted); font-size: .9rem; }

    /* Positioned, so that a visually hidden label in a cell (absolutely placed) scrolls with the
       table instead of widening the page on a phone. */
    .table-wrap { position: relative; overflow-x: auto; background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; }
    table.matrix { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    .matrix caption { text-align: left; padding: .75rem 1rem; font-weight: 600; color: var(--muted); caption-side: top; }
    .matrix th, .matrix td { border-top: 1px solid var(--line); padding: .4rem .5rem; }
    .matrix thead th { background: var(--wash); font-size: .9rem; }
    .matrix thead th:first-child { text-align: left; position: sticky; left: 0; }
    .matrix th.programme { text-align: center; min-width: 3rem; }
    .matrix th.programme abbr { text-decoration: none; }
    .matrix th.mechanism, .matrix tfoot th { text-align: left; font-weight: 500; white-space: nowrap; position: sticky; left: 0; background: var(--paper); }
    .mechanism-id { display: inline-block; min-width: 2.4rem; color: var(--muted); font-weight: 700; }
    .matrix tbody tr:hover th, .matrix tbody tr:hover td { box-shadow: inset 0 0 0 9999px rgba(15, 76, 92, .05); }
    td.rating { text-align: center; font-weight: 700; width: 3.25rem; border-left: 2px solid var(--paper); }
    .rating-yes { background: var(--yes-bg); color: var(--yes-ink); }
    .rating-variable { background: var(--variable-bg); color: var(--variable-ink); }
    .rating-no { background: var(--no-bg); color: var(--no-ink); }
    .rating-not_assessed { background: var(--na-bg); color: var(--na-ink); }
    .matrix tfoot td { text-align: center; font-weight: 700; }
    .matrix tfoot .total-row th, .matrix tfoot .total-row td { border-top: 2px solid var(--ink); }
    .matrix tfoot .printed-row td, .matrix tfoot .printed-row th { color: var(--muted); font-weight: 500; }
    .matrix td.mismatch { color: var(--no-ink); font-weight: 700; background: var(--no-bg); white-space: nowrap; }

    td.rating a { color: inherit; text-decoration: none; display: block; }
    td.rating a:hover { text-decoration: underline; }
    .notice { margin: 1rem 0; padding: .75rem 1rem; border-left: 4px solid var(--brand); background: #e3f0f3; border-radius: .25rem; }
    .provenance { color: var(--muted); font-size: .925rem; margin: .75rem 0; }
    .explanations details { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; margin: .5rem 0; padding: .25rem 1rem; }
    .explanations summary { cursor: pointer; padding: .5rem 0; }
    .explanations .summary-total { color: var(--muted); margin-left: .5rem; }
    .explanation-list { list-style: none; padding: 0; margin: 0 0 .75rem; }
    .explanation-list li { padding: .4rem 0; border-top: 1px solid var(--line); }
    .explanation-list li:target { background: var(--variable-bg); scroll-margin-top: 1rem; }
    .explanation-list .override { display: block; margin-left: 2.7rem; color: var(--no-ink); }
    .note { margin: 1rem 0; padding: .75rem 1rem; border-left: 4px solid var(--variable-ink); background: var(--variable-bg); border-radius: .25rem; }
    .legend ul { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: .5rem 1.5rem; }
    .legend li { line-height: 1.8rem; }
    .swatch { display: inline-block; text-align: center; min-width: 2.2rem; line-height: 1.8rem; margin-right: .5rem; border-radius: .25rem; font-weight: 700; }

    .definitions { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: .75rem 1.5rem; margin: 0; padding: 0; list-style: none; }
    .definitions li { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .9rem; }
    .definitions .term { font-weight: 600; }
    .definitions p { margin: .2rem 0 0; color: var(--muted); font-size: .925rem; }
    .definitions .scale { display: block; margin-top: .25rem; font-size: .8rem; color: var(--muted); }

    .chart-section { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: 0 1rem 1rem; margin-top: 1.5rem; }
    .chart-section svg.chart { width: 100%; max-width: 46rem; height: auto; display: block; font-size: 13px; }
    .chart-section svg .axis { fill: var(--ink); }
    .bar-chart { width: 100%; max-width: 40rem; height: auto; display: block; }
    .bar-chart .bar { fill: var(--brand); }
    .bar-chart .grid { stroke: var(--line); }
    .bar-chart text { fill: var(--ink); font-size: 13px; }
    .bar-chart .tick { fill: var(--muted); font-size: 11px; }

    .empty-state { background: var(--paper); border: 1px dashed var(--line); border-radius: .5rem; padding: 1rem 1.5rem; }
    pre { background: var(--wash); padding: .75rem 1rem; border-radius: .25rem; overflow-x: auto; }

    /* Signed-in pages: navigation, cards, forms (tablet-friendly: 44px targets). */
    .site-nav { display: flex; gap: .25rem; flex-wrap: wrap; }
    .site-nav a { color: var(--brand-ink); text-decoration: none; padding: .5rem .75rem; border-radius: .25rem; }
    .site-nav a:hover, .site-nav a[aria-current="page"] { background: rgba(255, 255, 255, .18); text-decoration: underline; }
    .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; }
    .who .role { opacity: .85; }
    .who a { color: var(--brand-ink); padding: .5rem .25rem; }
    .inline-form { display: inline; margin: 0; }
    .link-button { background: none; border: 1px solid rgba(255, 255, 255, .6); color: var(--brand-ink); border-radius: .25rem; padding: .4rem .75rem; font: inherit; cursor: pointer; min-height: 2.75rem; }
    .card { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: .25rem 1.25rem 1rem; margin: 1rem 0; }
    .card h2 { margin-top: 1rem; }
    .narrow { max-width: 28rem; margin: 2rem auto; }
    .muted { color: var(--muted); }
    .breadcrumb { color: var(--muted); margin: 0; }
    .plain-list { list-style: none; padding: 0; margin: 0; }
    .plain-list li { padding: .6rem 0; border-top: 1px solid var(--line); }
    .plain-list li:first-child { border-top: none; }
    .alert-item.urgent { border-left: 5px solid var(--no-ink); padding-left: .75rem; background: var(--no-bg); }
    .flash { background: var(--yes-bg); color: var(--yes-ink); border-left: 5px solid var(--yes-ink); padding: .75rem 1rem; border-radius: .25rem; margin: 0 0 1rem; font-weight: 600; }
    .error-summary { border: 3px solid var(--no-ink); background: var(--paper); padding: .5rem 1rem; border-radius: .25rem; margin: 1rem 0; }
    .error-summary h2 { color: var(--no-ink); margin: .5rem 0; font-size: 1.1rem; }
    .field { margin: .75rem 0; border: none; padding: 0; }
    .field label, .field legend, fieldset.tri legend { display: block; font-weight: 600; margin-bottom: .25rem; }
    .hint { display: block; color: var(--muted); font-size: .875rem; }
    .field-error { color: var(--no-ink); font-weight: 700; margin: .25rem 0; }
    .has-error input, .has-error select, .has-error textarea { border-color: var(--no-ink); border-width: 2px; }
    input[type="text"], input[type="password"], input[type="date"], input[type="time"], input[type="number"], input:not([type]), select, textarea {
      font: inherit; padding: .5rem .6rem; border: 1px solid #8a96a3; border-radius: .25rem; min-height: 2.75rem; width: 100%; max-width: 32rem; background: #fff; color: var(--ink); }
    textarea { min-height: 5rem; }
    .button { display: inline-block; background: var(--brand); color: var(--brand-ink); border: none; border-radius: .25rem; padding: .65rem 1.1rem; font: inherit; font-weight: 600; cursor: pointer; min-height: 2.75rem; text-decoration: none; }
    .button:hover { background: #0b3a46; }
    .button.small { padding: .35rem .7rem; min-height: 2.25rem; font-size: .9rem; }
    .field .label { display: block; font-weight: 600; } .field .locked { margin: .25rem 0 .5rem; }
    .button.secondary { background: var(--paper); color: var(--brand); border: 2px solid var(--brand); }
    .button.secondary:hover { background: var(--wash); }
    .button.danger { background: var(--no-ink); }
    .one-time .secret { font-size: 1.5rem; margin: .5rem 0; } .one-time .secret code { background: var(--wash); padding: .25rem .5rem; border-radius: .25rem; word-break: break-all; }
    .actions form.inline-form { display: inline-block; }
    .actions { flex-wrap: wrap; }
    .actions { display: flex; gap: 1rem; align-items: center; margin: 1rem 0 2rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1.25rem; }
    .grid.items { grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); }
    .choice { display: inline-flex; align-items: center; gap: .35rem; margin: .2rem 1rem .2rem 0; min-height: 2.75rem; font-weight: 400; }
    .choice input { width: 1.25rem; height: 1.25rem; }
    .page-actions { display: flex; justify-content: flex-end; flex-wrap: wrap; gap: .5rem; margin: 0 0 .5rem; }
    fieldset.group, fieldset.boxes { border: none; border-top: 1px solid var(--line); padding: .5rem 0 0; margin: .75rem 0; }
    fieldset.boxes { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); column-gap: 1rem; }
    .field label.choice { display: inline-flex; font-weight: 400; }
    fieldset.group legend, fieldset.boxes legend { font-weight: 600; padding: 0; }
    fieldset.tri { border: none; padding: .25rem 0; margin: .25rem 0; border-top: 1px solid var(--line); }
    .checklists { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 1rem; }
    .checklist { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: 0 1rem .75rem; margin: 1rem 0 0; }
    table:not(.matrix) { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: .5rem 0; }
    table:not(.matrix) th, table:not(.matrix) td { text-align: left; border-top: 1px solid var(--line); padding: .45rem .5rem; vertical-align: top; }
    table:not(.matrix) thead th { background: var(--wash); font-size: .9rem; }
    table.register fieldset.tri { border: none; }
    /* On a phone a wide table scrolls inside its card instead of widening the page. */
    @media (max-width: 30rem) { table:not(.matrix) { display: block; overflow-x: auto; position: relative; } }
    .mechanism-list { list-style: none; padding: 0; margin: 0; }
    .mechanism-list li { border-top: 1px solid var(--line); }
    .mechanism-list summary { cursor: pointer; padding: .5rem 0; min-height: 2.75rem; display: flex; gap: .6rem; align-items: center; }
    .mechanism-list details p { margin: .25rem 0 .6rem 3rem; }
    .rating-badge { display: inline-block; min-width: 2.2rem; text-align: center; line-height: 1.9rem; border-radius: .25rem; font-weight: 700; }
    .rating-na { background: var(--na-bg); color: var(--na-ink); }
    .suggestions > li { border-top: 1px solid var(--line); padding: .5rem 0; }
    .suggestions summary { cursor: pointer; color: var(--brand); font-weight: 600; text-decoration: underline; width: max-content; }
    .inline-form select { min-width: 9rem; }
    th .explanation { font-weight: normal; }
    ul.excerpts { list-style: none; padding: 0; }
    ul.excerpts li { border-top: 1px solid var(--line); padding: .5rem 0; }
    ul.excerpts blockquote { margin: 0; font-style: italic; overflow-wrap: anywhere; }
    .flag-low { display: inline-block; padding: 0 .4rem; border-radius: .25rem; font-weight: 700; white-space: nowrap; }
    .override { color: var(--no-ink); }
    dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
    dl.details dt { font-weight: 600; } dl.details dd { margin: 0; }
    .need-high { border-left: 5px solid var(--no-ink); } .need-moderate { border-left: 5px solid var(--variable-ink); }
    .report figure { margin: .5rem 0; } .report svg.chart { max-width: 100%; height: auto; font-size: 12px; }
    .report svg .axis, .report svg text, .report svg .label { fill: var(--ink); } .report svg .tick { fill: var(--muted); font-size: 11px; }
    .report svg .trend-line { stroke: var(--brand); stroke-width: 2; }
    .report svg .frame { fill: none; stroke: var(--line); } .report svg .point, .report svg .bar { fill: var(--brand); } .report svg .grid { stroke: var(--line); } .report svg .leader { stroke: var(--muted); stroke-width: 1; }
    .report svg line.up { stroke: var(--no-ink); stroke-width: 2; } .report svg line.down { stroke: var(--yes-ink); stroke-width: 2; }
    .report .finding { background: var(--variable-bg); padding: .5rem .75rem; border-left: 4px solid var(--variable-ink); }
    .report h2 { border-bottom: 2px solid var(--brand); padding-bottom: .2rem; }
    .report table caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
    .report td.prose, td.prose { min-width: 14rem; }

    /* The programmes overview (many programmes): filters in a row that wraps, numbers right-aligned, pages. */
    form.filters { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: flex-end; background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; }
    form.filters .field { margin: .25rem 0; } form.filters .actions { margin: .25rem 0 .6rem; }
    form.filters input, form.filters select { max-width: 14rem; }
    table.data td.number { text-align: right; }
    table.data caption { text-align: left; font-weight: 600; padding: .3rem .5rem; }
    .flag { display: inline-block; background: var(--no-bg); color: var(--no-ink); border-radius: .25rem; padding: 0 .4rem; font-size: .85rem; font-weight: 600; }
    .flag-provisional { background: var(--variable-bg); color: var(--variable-ink); }
    nav.pager { display: flex; gap: 1rem; align-items: center; margin: .5rem 0 1.5rem; }
    nav.pager a { min-height: 2.75rem; display: inline-flex; align-items: center; }
    .two-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 0 1.25rem; }
    form.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr)); gap: 0 1rem; align-items: end; }
    form.filters .actions { grid-column: 1 / -1; }
    details > summary { cursor: pointer; min-height: 2.75rem; display: flex; align-items: center; }

    @media (max-width: 48rem) {
      table.stacked, table.stacked tbody, table.stacked caption { display: block; width: 100%; }
      table.stacked thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      table.stacked tr { display: block; padding: .5rem 0; border-bottom: 1px solid var(--line, #d0d7de); }
      table.stacked td { display: block; border: none; padding: .125rem .5rem; }
      table.stacked th[scope=row] { display: block; border: none; padding: .125rem .5rem; }
      table.stacked td::before { content: attr(data-label) ": "; font-weight: 600; }
      table.stacked td:empty { display: none; }
    }
    @media (max-width: 48rem) { .page { padding: 1rem; } h1 { font-size: 1.5rem; } .who { margin-left: 0; } .checklists { grid-template-columns: 1fr; } }
    @media print {
      .site-header, .skip-link, form, .site-nav, .no-print, .site-footer { display: none; }
      body { background: #fff; }
      .table-wrap, .chart-section { border: none; }
      .rating-yes, .rating-variable, .rating-no, .rating-not_assessed { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
