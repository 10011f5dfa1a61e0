/// Mutation testing results as text and JSON: each surviving mutant located at the rule it
/// changes, one summary line per test file, and the score over every file.
extension MutationTester.Report {
    /// Each surviving mutant as a warning at the rule it changes, then each `equivalent`
    /// statement that explains no survivor as a warning at the statement.
    public var survivorDiagnostics: [Diagnostic] {
        survivors.map { m in
            Diagnostic(
                .warning, id: "mutant-survived", m.survivorMessage, path: m.path, range: m.range,
                notes: [.init(message: "\(m.kind == .operand ? "an" : "a") \(m.kind.rawValue) mutant: add a case this change fails, or document it as equivalent", path: m.path, range: nil)])
        }
            + staleEquivalents.map { e in
                Diagnostic(
                    .warning, id: "equivalent-stale",
                    "no surviving mutant changes '\(e.original)' to '\(e.mutated)'; remove this statement or correct its text",
                    path: testPath, range: e.range)
            }
    }

    /// "MUTATE Rules/x.tests: 84 mutants, 80 killed, 4 survived (score 95.2%)", with
    /// "2 survived, 2 equivalent" when the file explains some survivors.
    public var summary: String {
        let survived = mutants.count - killed - equivalent
        let explained = equivalent > 0 ? ", \(equivalent) equivalent" : ""
        return "MUTATE \(testPath): \(mutants.count) mutant\(mutants.count == 1 ? "" : "s"), \(killed) killed, \(survived) survived\(explained) (score \(Self.percent(killed, of: mutants.count - equivalent)))\n"
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
        w.int("equivalent", equivalent)
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
        w.beginArray("equivalents")
        for (e, explains) in equivalents {
            w.beginObject()
            w.string("original", e.original)
            w.string("mutated", e.mutated)
            w.string("reason", e.reason)
            w.int("mutants", explains.count)
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
        let equivalent = reports.reduce(0) { $0 + $1.equivalent }
        w.beginObject()
        w.string("format", "mutation/1")
        w.int("mutants", total)
        w.int("killed", killed)
        w.int("equivalent", equivalent)
        w.number("score", total == equivalent ? 1 : (Double(killed) / Double(total - equivalent) * 10000).rounded() / 10000)
        w.beginArray("files")
        for r in reports { r.write(to: &w) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
