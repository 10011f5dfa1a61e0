/// Mutation testing results as text and JSON: each surviving mutant located at the rule it
/// changes, one summary line per test file, and the score over every file.
extension MutationTester.Report {
    /// Each surviving mutant as a warning at the rule it changes.
    public var survivorDiagnostics: [Diagnostic] {
        survivors.map { m in
            Diagnostic(
                .warning, id: "mutant-survived", m.survivorMessage, path: m.path, range: m.range,
                notes: [.init(message: "\(m.kind == .operand ? "an" : "a") \(m.kind.rawValue) mutant: add a case this change fails, or document it as equivalent", path: m.path, range: nil)])
        }
    }

    /// "MUTATE Rules/x.tests: 84 mutants, 80 killed, 4 survived (score 95.2%)".
    public var summary: String {
        let survived = mutants.count - killed
        return "MUTATE \(testPath): \(mutants.count) mutant\(mutants.count == 1 ? "" : "s"), \(killed) killed, \(survived) survived (score \(Self.percent(killed, of: mutants.count)))\n"
    }

    /// A share as a percentage with one decimal ("95.2%"); 100% when there is nothing to share.
    public static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "100%" }
        let tenths = (part * 1000 + whole / 2) / whole
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    /// Writes the report as one JSON object.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.string("tests", testPath)
        w.string("ruleset", rulesetPath)
        w.string("id", ruleset.id)
        w.string("version", ruleset.version)
        w.int("cases", cases)
        w.int("mutants", mutants.count)
        w.int("killed", killed)
        w.number("score", (score * 10000).rounded() / 10000)
        w.beginArray("survivors")
        for m in survivors {
            w.beginObject()
            w.string("kind", m.kind.rawValue)
            w.string("path", m.path)
            w.int("line", m.line)
            w.int("column", m.column)
            w.string("original", m.original)
            w.string("mutated", m.mutated)
            w.string("message", m.survivorMessage)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Several files' reports as one JSON document, with the totals over all of them.
    public static func json(_ reports: [MutationTester.Report]) -> String {
        var w = JSONWriter(pretty: true)
        let total = reports.reduce(0) { $0 + $1.mutants.count }
        let killed = reports.reduce(0) { $0 + $1.killed }
        w.beginObject()
        w.string("format", "mutation/1")
        w.int("mutants", total)
        w.int("killed", killed)
        w.number("score", total == 0 ? 1 : (Double(killed) / Double(total) * 10000).rounded() / 10000)
        w.beginArray("files")
        for r in reports { r.write(to: &w) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
