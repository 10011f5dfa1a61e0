/// The one stylesheet of the HTML pages: inline, no fonts or images to fetch, readable on a
/// screen and on an A4 page, and never colour alone: every verdict is also written in words.
enum HTMLStyle {
    static let css = """
        :root { color: #1a1a1a; background: #ffffff; }
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 16px;
          line-height: 1.45; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; overflow-wrap: anywhere; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.25rem; margin: 1.75rem 0 .5rem; border-bottom: 2px solid #1a1a1a; }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
        p { margin: .35rem 0; }
        .meta { color: #3d3d3d; }
        .grade { font-size: 1.35rem; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
        th, td { border: 1px solid #6b6b6b; padding: .3rem .45rem; text-align: left; vertical-align: top; }
        thead th { background: #ececec; }
        td.number, th.number { text-align: right; white-space: nowrap; }
        .verdict { font-weight: bold; white-space: nowrap; }
        .verdict-met { color: #0b5d1e; }
        .verdict-partially-met { color: #7a4100; }
        .verdict-not-met { color: #a4000f; }
        .point { border-left: 4px solid #6b6b6b; padding-left: .75rem; break-inside: avoid; }
        .point-met { border-left-style: solid; }
        .point-partially-met { border-left-style: dashed; }
        .point-not-met { border-left-style: dotted; }
        .label { font-weight: bold; }
        .hash { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; word-break: break-all; }
        footer { margin-top: 2rem; font-size: .9rem; color: #3d3d3d; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: .5rem 0; }
        dt { font-weight: bold; }
        dd { margin: 0; min-width: 0; }
        svg { max-width: 100%; height: auto; }
        a { color: #0a3d91; }
        @page { size: A4; margin: 15mm; }
        @media print {
          body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
          h2 { break-after: avoid; }
          tr, .point { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
