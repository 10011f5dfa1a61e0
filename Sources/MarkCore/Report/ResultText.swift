/// Writes a marking result as text an assessor can read and hand back.
public enum ResultText {
    /// How the report is laid out: the line width, colour, and whether to show the full provenance.
    public struct Options: Sendable, Equatable {
        /// Lines are wrapped at this many characters (the terminal's width, 80 when not a terminal).
        public var width = 80
        /// Colour the grade and the verdicts (only on a terminal, never with NO_COLOR).
        public var colour = false
        /// Print the engine version and the full ruleset hash (`--verbose`), not just its first 12 digits.
        public var verbose = false
        /// The engine version printed with `verbose`.
        public var engineVersion = ""

        /// The defaults: 80 columns, no colour, not verbose.
        public init(width: Int = 80, colour: Bool = false, verbose: Bool = false, engineVersion: String = "") {
            self.width = width
            self.colour = colour
            self.verbose = verbose
            self.engineVersion = engineVersion
        }
    }

    /// The narrowest width wrapped to: a narrower terminal still gets readable lines.
    public static let minimumWidth = 40

    /// The report for one submission. Every string from the submission or the rules is printed
    /// through `TerminalText.escaped`, so none can start a line or move the cursor.
    public static func render(_ r: MarkingResult, colour: Bool = false) -> String {
        render(r, Options(colour: colour))
    }

    /// The report for one submission, laid out as `options` say.
    public static func render(_ r: MarkingResult, _ options: Options) -> String {
        let colour = options.colour
        let width = max(minimumWidth, options.width)
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func wrap(_ text: String, indent: String = "", hanging: String? = nil) -> String {
            ResultText.wrap(text, indent: indent, hanging: hanging, width: width)
        }
        let e = TerminalText.escaped
        var out = ""
        out += wrap("Learner \(e(r.learnerID)) · unit \(e(r.unit)) · assessor \(e(r.assessor))", hanging: "    ")
        if options.verbose {
            out += "Ruleset \(e(r.ruleset.id)) \(e(r.ruleset.version))\n"
            out += "    sha256 \(r.ruleset.sha256)\n"
            out += "Engine mark \(options.engineVersion)\n"
        } else {
            out += "Ruleset \(e(r.ruleset.id)) \(e(r.ruleset.version)) (sha256 \(r.ruleset.sha256.prefix(12)))\n"
        }
        out += "\n" + paint("Grade: \(e(r.grade))", "1")
        out += r.carriesMarks ? " — \(JSONWriter.format(r.total)) of \(JSONWriter.format(r.maximum)) marks\n" : "\n"
        for o in r.overrides where o.target == .grade {
            out += paint("Overridden: grade \(e(o.decision))", "1") + " (engine: \(e(o.engine))) by \(e(o.assessor)) on \(e(o.date))\n"
            out += wrap("Rationale: " + e(o.rationale), indent: "    ")
        }
        if !r.floorsFailed.isEmpty {
            out += wrap("Below the floor on \(e(r.floorsFailed.joined(separator: ", "))), which limits the grade to \(e(r.grade)).")
        }
        for c in r.components {
            let marks = c.maximum > .zero ? " — \(JSONWriter.format(c.total)) of \(JSONWriter.format(c.maximum)) marks" : ""
            let floor = c.floorsFailed.isEmpty ? "" : " (below the floor on \(e(c.floorsFailed.joined(separator: ", "))))"
            out += wrap("Component \(e(c.id)): \(e(c.grade))\(marks)\(floor) · \(e(c.title))", hanging: "    ")
        }
        if let c = r.combination {
            let row = c.row.map { "Table row \($0)" } ?? "Table, otherwise"
            out += wrap("\(row): \(e(zip(c.components, c.grades).map { "\($0) \($1)" }.joined(separator: ", "))) gives \(e(c.grade))", hanging: "    ")
        }
        out += "\n"
        for p in r.points {
            let mark: String
            switch p.verdict {
            case .met: mark = paint("[met]          ", "32")
            case .partiallyMet: mark = paint("[partially met]", "33")
            case .notMet: mark = paint("[not met]      ", "31")
            }
            var line = "\(e(p.id))" + (p.maximum > .zero ? " — \(JSONWriter.format(p.marks))/\(JSONWriter.format(p.maximum)) marks" : "")
            if let g = p.requiredFor { line += " (required for \(e(g)))" }
            // The verdict is 15 characters wide whether painted or not: wrap the rest after it.
            let head = wrap(String(repeating: "#", count: 15) + " " + line, hanging: "    ")
            out += mark + head.dropFirst(15)
            out += wrap(e(p.wording), indent: "    ")
            out += wrap("Feedback: " + e(p.feedback), indent: "    ")
            // Items a point not met looked at did not earn it anything: say so, not "Evidence".
            let heading = p.verdict == .notMet && !p.evidence.isEmpty ? "Considered, not counted: " : "Evidence: "
            out += wrap(heading + (p.evidence.isEmpty ? "none cited" : p.evidence.map(e).joined(separator: ", ")), indent: "    ")
            for o in r.overrides where o.target == .point(p.id) {
                out += "    " + paint("Overridden: \(e(o.decision))", "1") + " (engine: \(e(o.engine))) by \(e(o.assessor)) on \(e(o.date))\n"
                out += wrap("Rationale: " + e(o.rationale), indent: "      ")
            }
            out += "\n"
        }
        if let next = r.nextGrade {
            out += paint("Next steps towards \(e(next)):", "1") + "\n"
            if r.nextSteps.isEmpty { out += "    None recorded.\n" }
            for s in r.nextSteps { out += wrap("- " + e(s), indent: "    ", hanging: "      ") }
        } else {
            out += "This is the highest grade.\n"
        }
        return out
    }

    /// Wraps text at `width` columns (counted in characters), breaking at spaces; a word longer
    /// than a line is left whole on a line of its own.
    static func wrap(_ text: String, indent: String, hanging: String? = nil, width: Int) -> String {
        var out = ""
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                out += line + "\n"
                line = hanging ?? indent
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return out + line + "\n"
    }
}
