// libFuzzer target for the evidence path: the strict JSON reader, the evidence reader
// (envelope, then items against each shipped ruleset's evidence declaration), ruleset
// selection, the evaluator and the result renderers. Compiled by Tests/Fuzz/build.sh together
// with every file of Sources/MarkCore into one module (it is not a SwiftPM target).
// See docs/fuzzing.md.
//
// The rules are loaded once from the folder named by MARK_FUZZ_RULES (default "Rules",
// relative to the working directory). For every input:
//   - JSONReader.parse must either throw or return a document that can be walked completely;
//   - EvidenceReader.open, then for every ruleset EvidenceReader.submission with the whole
//     evidence declaration and with the plan a Marker uses (only the fields the ruleset reads
//     kept): both must accept, or both reject with the same problems; when it reads cleanly,
//     the submission is marked twice with one Evaluator (as Marker reuses it), then with the
//     Marker's plan, then without feedback: the results must agree (the step budget is set
//     low, fuzzMaxSteps, so a slow input is an evaluation error, not a libFuzzer timeout);
//   - diagnostics and results are rendered.
// A broken property stops the process with a trap, so libFuzzer records a crash.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let fuzzCatalog: RulesetCatalog = {
    let path = getenv("MARK_FUZZ_RULES").map { String(cString: $0) } ?? "Rules"
    // The catalog lives for the whole run. Swift keeps enum case tags in the spare bits of
    // payload pointers (the compiled Node trees are indirect enums), so LeakSanitizer cannot
    // see those pointers and would report the live catalog as leaked: its allocations are
    // excluded from leak checking (looked up at run time, as a fuzzer-only build has no LSan).
    lsan("__lsan_disable")
    let catalog = RulesetCatalog.load(path)
    lsan("__lsan_enable")
    if catalog.hasErrors || catalog.rulesets.isEmpty {
        let text = DiagnosticRenderer(colour: false).render(catalog.diagnostics, sources: catalog.sources)
        writeError("fuzz-evidence: cannot load rules from \(path) (set MARK_FUZZ_RULES):\n\(text)\n")
        exit(2)
    }
    return catalog
}()

/// The step budget per submission: far below the default (50,000,000), so that an input that
/// makes marking slow ends as a budget error within a fraction of a second rather than as a
/// libFuzzer timeout. The shipped rules take a few thousand steps for a typical portfolio.
let fuzzMaxSteps = 2_000_000

/// For each ruleset: its whole evidence declaration compiled, and the plan a `Marker` builds
/// (keeping only the fields the ruleset reads).
let fuzzPlans: [(full: EvidencePlan, reads: EvidencePlan)] = {
    lsan("__lsan_disable")
    defer { lsan("__lsan_enable") }
    return fuzzCatalog.rulesets.map { (EvidencePlan($0.schema), EvidencePlan(for: $0)) }
}()

/// Calls a LeakSanitizer interface function if the sanitizer runtime is linked in.
private func lsan(_ name: String) {
    typealias Function = @convention(c) () -> Void
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return }  // RTLD_DEFAULT
    unsafeBitCast(symbol, to: Function.self)()
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = fuzzCatalog.rulesets.count  // load (and report a broken rules folder) before fuzzing starts
    _ = fuzzPlans.count
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(path: "fuzz.json", bytes: bytes)
    let renderer = DiagnosticRenderer(colour: false)

    // The JSON reader on its own: a document it accepts must be walkable.
    if let document = try? JSONReader.parse(bytes) {
        walk(document, document.root, depth: 0)
    }

    let doc: EvidenceReader.Document
    switch EvidenceReader.open(source) {
    case .failure(let list):
        _ = renderer.render(list.items, sources: [source.path: source])
        return 0
    case .success(let d):
        doc = d
    }
    _ = fuzzCatalog.select(unit: doc.unit, started: doc.started)
    for (index, ruleset) in fuzzCatalog.rulesets.enumerated() {
        // The whole declaration (every value kept), and the plan a Marker uses (only the
        // fields the ruleset reads are kept; the rest are checked and left missing).
        let full = EvidenceReader.submission(doc, plan: fuzzPlans[index].full)
        let reads = EvidenceReader.submission(doc, plan: fuzzPlans[index].reads)
        switch (full, reads) {
        case (.failure(let list), .failure(let other)):
            check(
                list.items.map(\.message) == other.items.map(\.message),
                "the full evidence plan and the ruleset's plan report different problems")
            _ = renderer.render(list.items, sources: [source.path: source])
        case (.success(let submission), .success(let lean)):
            var evaluator = Evaluator(ruleset: ruleset)
            evaluator.maxSteps = fuzzMaxSteps
            let first: MarkingResult
            do {
                first = try evaluator.mark(submission)
            } catch {
                // An evaluation error (the step budget included) is a reported outcome, not a
                // crash; Marker turns it into a diagnostic. It must not depend on the plan.
                var other = Evaluator(ruleset: ruleset)
                other.maxSteps = fuzzMaxSteps
                do {
                    _ = try other.mark(lean)
                    check(false, "marking failed with the full plan (\(error.message)) but not with the ruleset's plan")
                } catch let second {
                    check(second == error, "marking failed differently with the two plans")
                }
                continue
            }
            _ = ResultText.render(first)
            _ = ResultJSON.render(first, engineVersion: "fuzz", pretty: true)
            let second = try? evaluator.mark(submission)
            check(second == first, "marking the same submission twice with one evaluator gave different results")
            // As a Marker does: the ruleset's plan, the same evaluator reused.
            let third = try? evaluator.mark(lean)
            check(third == first, "the ruleset's evidence plan gave a different result from the full plan")
            // Without feedback (the gradebook's mode): the same verdicts, marks and grade.
            var quiet = Evaluator(ruleset: ruleset)
            quiet.maxSteps = fuzzMaxSteps
            quiet.writesFeedback = false
            if let q = try? quiet.mark(lean) {
                check(
                    q.points.map(\.verdict) == first.points.map(\.verdict) && q.points.map(\.marks) == first.points.map(\.marks)
                        && q.total == first.total && q.grade == first.grade && q.gradeIndex == first.gradeIndex,
                    "marking without feedback changed verdicts, marks or the grade")
            } else {
                check(false, "marking without feedback failed where marking with feedback succeeded")
            }
        default:
            check(false, "the full evidence plan and the ruleset's plan disagree on whether the submission reads cleanly")
        }
    }
    return 0
}

/// Visits every node of a parsed document through the public accessors and checks that they
/// agree with each other.
private func walk(_ document: JSONDocument, _ node: Int, depth: Int) {
    guard depth < 1000 else { return }
    switch document.kind(node) {
    case .object:
        let members = document.members(node)
        check(members.count == document.count(node), "members(_:) and count(_:) disagree")
        for member in members {
            // Duplicate keys are rejected, so looking a key up finds this very member.
            check(document.member(node, member.key) == member.value, "member(_:_:) does not find key \(member.key)")
            walk(document, member.value, depth: depth + 1)
        }
    case .array:
        let elements = document.elements(node)
        check(elements.count == document.count(node), "elements(_:) and count(_:) disagree")
        for element in elements { walk(document, element, depth: depth + 1) }
    case .string:
        let text = document.string(node)
        check(document.string(node, equals: text), "string(_:equals:) rejects the node's own string")
    case .number:
        check(document.number(node).isFinite, "a number node holds a non-finite value")
    default:
        break
    }
    check(document.offset(node) >= 0 && document.offset(node) < document.bytes.count, "node offset outside the input")
}

private func check(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition {
        writeError("FUZZ PROPERTY FAILED: \(what())\n")
        fatalError("fuzz property broken")
    }
}

/// Writes text to standard error, unbuffered.
private func writeError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var done = 0
        while done < buffer.count {
            let n = write(2, buffer.baseAddress! + done, buffer.count - done)
            if n <= 0 { break }
            done += n
        }
    }
}
