import Foundation
import MarkCore

/// Marks a 10-item submission many times with a loaded ruleset: reports the time to read and
/// check the evidence, and the time to evaluate it (target: under 50 µs once loaded).
func runMarkBenchmark(_ arguments: [String]) -> Int32 {
    let rules = value(of: "--rules", in: arguments) ?? "Rules"
    let iterations = Int(value(of: "--iterations", in: arguments) ?? "") ?? 20_000
    // `--tree` marks by walking the checked tree (the explainer's path) instead of running the
    // compiled program, to measure what compiling gains.
    let tree = arguments.contains("--tree")
    let catalog = RulesetCatalog.load(rules)
    guard !catalog.hasErrors, let index = catalog.rulesets.firstIndex(where: { $0.unit == "CS-EXC-04" }) else {
        print("mark-bench: cannot load the CS-EXC-04 ruleset from \(rules)")
        return 1
    }
    let ruleset = catalog.rulesets[index]
    let source = SourceFile(path: "bench.json", text: tenItemSubmission())
    let submission: Submission
    switch EvidenceReader.open(source).flatMap({ EvidenceReader.submission($0, schema: ruleset.schema) }) {
    case .success(let s): submission = s
    case .failure(let problems):
        print("mark-bench: the generated submission does not read cleanly: \(problems.items.map(\.message))")
        return 1
    }
    var evaluator = Evaluator(ruleset: ruleset)
    var grade = ""
    // Warm up, then time batches so the clock's resolution does not matter.
    func markOnce() -> String {
        (try? (tree ? evaluator.markByWalkingTheTree(submission) : evaluator.mark(submission)))?.grade ?? "?"
    }
    for _ in 0..<100 { grade = markOnce() }
    var evaluate: [Double] = []
    var read: [Double] = []
    let batch = 1000
    for _ in 0..<max(1, iterations / batch) {
        var start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<batch { grade = markOnce() }
        evaluate.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(batch))
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<batch {
            if case .success(let d) = EvidenceReader.open(source), case .success(let s) = EvidenceReader.submission(d, schema: ruleset.schema) {
                precondition(s.items.count == 10)
            }
        }
        read.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(batch))
    }
    evaluate.sort()
    read.sort()
    print("mark\(tree ? " (tree walk)" : ""): ruleset \(ruleset.id) \(ruleset.version), \(ruleset.points.count) points; 10-item submission (\(source.bytes.count) bytes), grade \(grade)")
    print(String(format: "  evaluate (ruleset loaded, evidence read): best %.1f µs   median %.1f µs", evaluate[0], evaluate[evaluate.count / 2]))
    print(String(format: "  read + check evidence JSON:               best %.1f µs   median %.1f µs", read[0], read[read.count / 2]))
    return 0
}

/// A realistic 10-item submission for unit CS-EXC-04.
func tenItemSubmission() -> String {
    let kinds = ["observation", "witness_testimony", "customer_feedback", "reflective_account", "professional_discussion"]
    var items: [String] = []
    for i in 0..<10 {
        let date = CalendarDate(day: CalendarDate("2025-10-03")!.day + i * 9).description
        let role = i % 5 == 3 ? "learner" : (i % 2 == 0 ? "assessor" : "witness")
        items.append("""
            {"id": "E\(i + 1)", "kind": "\(kinds[i % kinds.count])", "date": "\(date)",
             "verified_by": {"role": "\(role)", "signed": \(i % 4 != 3)},
             "situation": "Customer \(i) asked about a delayed order and seemed anxious about a family event.",
             "needs": [{"description": "Delivery date", "stated": true, "found_by": [], "addressed": true},
                       {"description": "Reassurance and gift wrap", "stated": false, "found_by": ["\(i % 2 == 0 ? "observation" : "probing_question")"], "addressed": true}],
             "actions": [{"description": "Arranged courier and called back", "beyond_standard": \(i % 3 == 0), "adds_value": true,
                          "rationale": "The event mattered to the customer", "alternatives_considered": ["Standard delivery"],
                          "feasibility": {"checks": ["cost_benefit"], "documented": \(i % 2 == 0)}}],
             "follow_up": {"personalised": true, "refers_to_previous": \(i % 3 != 1), "channel": "phone", "date": "\(date)"},
             "outcome": {"csat": \(6 + i % 5), "appreciated": true, "quotes": ["Really thoughtful service"]},
             "communication": {"adapted": \(i % 2 == 1), "customer_preference": "Plain English, by phone"},
             "reflection": "I asked open questions to uncover the customer's unstated need and followed up personally.",
             "claims": ["unstated_needs"]}
            """)
    }
    return """
        {"format": "evidence/1", "learner": {"id": "L-9000"}, "unit": "CS-EXC-04", "started": "2025-09-01",
         "submitted": "2026-03-01", "assessor": "A-1", "items": [\(items.joined(separator: ",\n"))]}
        """
}
