// libFuzzer target for the rule language: lexer, parser, checker, diagnostic renderer and
// formatter. Compiled by Tests/Fuzz/build.sh together with every file of Sources/MarkCore into
// one module (it is not a SwiftPM target). See docs/fuzzing.md.
//
// For every input:
//   - parse, check and render the diagnostics, and the "not a rules file" check (must not
//     crash, hang or trip a sanitizer);
//   - when it checks as a ruleset, mark a submission with no items twice with one evaluator
//     (low step budget): both outcomes must be equal;
//   - when the input parses without errors, format it and require that
//       1. the formatted text parses without errors,
//       2. it dumps (SyntaxDump) exactly like the original,
//       3. formatting it again changes nothing (idempotence).
// A broken property stops the process with a trap, so libFuzzer records a crash.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(path: "fuzz.rules", bytes: bytes)

    let (tree, diagnostics) = Parser.parse(source)
    let outcome = Checker.check(source: source)
    let renderer = DiagnosticRenderer(colour: false)
    _ = renderer.render(outcome.diagnostics, sources: [source.path: source])
    // The "not a rules file" check that RuleLoader applies before parsing.
    if let refusal = RuleLoader.refusal(source) {
        _ = renderer.render([refusal], sources: [source.path: source])
    }
    if let ruleset = outcome.ruleset { markEmptySubmission(ruleset) }

    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }

    let formatted = Formatter.format(tree, source: source)
    let reparsedSource = SourceFile(path: "formatted.rules", text: formatted)
    let (reparsed, reparsedDiagnostics) = Parser.parse(reparsedSource)
    let reparsedErrors = reparsedDiagnostics.filter { $0.severity == .error }
    if !reparsedErrors.isEmpty {
        fail(
            "formatted text does not parse",
            formatted + "\n--- errors ---\n" + renderer.render(reparsedErrors, sources: [reparsedSource.path: reparsedSource]))
    }
    let before = SyntaxDump.dump(tree)
    let after = SyntaxDump.dump(reparsed)
    if before != after {
        fail("formatting changed the syntax tree", "--- original dump ---\n\(before)--- formatted dump ---\n\(after)--- formatted ---\n\(formatted)")
    }
    let again = Formatter.format(reparsed, source: reparsedSource)
    if again != formatted {
        fail("formatting is not idempotent", "--- first ---\n\(formatted)--- second ---\n\(again)")
    }
    return 0
}

/// A submission with no items, read against any ruleset's evidence declaration.
let emptySubmission = SourceFile(
    path: "empty.json",
    text: #"{"format": "evidence/1", "learner": {"id": "L-1"}, "unit": "U", "started": "2025-09-01", "submitted": "2025-10-01", "assessor": "A-1", "items": []}"#)

/// Marks a submission with no items against a ruleset the fuzzer wrote (the evaluator is
/// otherwise reached only with the shipped rules): twice with one evaluator, which must agree.
/// The step budget is low, so a runaway definition is an evaluation error, not a timeout.
private func markEmptySubmission(_ ruleset: Ruleset) {
    guard case .success(let doc) = EvidenceReader.open(emptySubmission),
        case .success(let submission) = EvidenceReader.submission(doc, schema: ruleset.schema)
    else { return }
    var evaluator = Evaluator(ruleset: ruleset)
    evaluator.maxSteps = 200_000
    let first: Result<MarkingResult, EvaluationError>
    do { first = .success(try evaluator.mark(submission)) } catch { first = .failure(error) }
    let second: Result<MarkingResult, EvaluationError>
    do { second = .success(try evaluator.mark(submission)) } catch { second = .failure(error) }
    if first != second {
        fail("marking a submission twice with one evaluator gave different outcomes", "\(first)\n---\n\(second)")
    }
    if case .success(let result) = first {
        _ = ResultText.render(result)
        _ = ResultJSON.render(result, engineVersion: "fuzz", pretty: true)
    }
}

/// Prints what broke and traps, so libFuzzer saves the input as a crash.
private func fail(_ what: String, _ detail: String) -> Never {
    writeError("FUZZ PROPERTY FAILED: \(what)\n\(detail)\n")
    fatalError(what)
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
