// libFuzzer target for the evidence path: the strict JSON reader, the evidence reader
// (envelope, then items against each shipped ruleset's evidence declaration), ruleset
// selection, the evaluator and the result renderers. Compiled by Tests/Fuzz/build.sh together
// with every file of Sources/MarkCore into one module (it is not a SwiftPM target).
// See docs/fuzzing.md.
//
// The rules are loaded once from the folder named by MARK_FUZZ_RULES (default "Rules",
// relative to the working directory). For every input:
//   - JSONReader.parse must either throw or return a document that can be walked completely;
//   - EvidenceReader.open, then for every ruleset EvidenceReader.submission; when it reads
//     cleanly, the submission is marked twice with one Evaluator (as Marker reuses it), and
//     the two results must be equal;
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

/// Calls a LeakSanitizer interface function if the sanitizer runtime is linked in.
private func lsan(_ name: String) {
    typealias Function = @convention(c) () -> Void
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return }  // RTLD_DEFAULT
    unsafeBitCast(symbol, to: Function.self)()
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = fuzzCatalog.rulesets.count  // load (and report a broken rules folder) before fuzzing starts
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
    for ruleset in fuzzCatalog.rulesets {
        switch EvidenceReader.submission(doc, schema: ruleset.schema) {
        case .failure(let list):
            _ = renderer.render(list.items, sources: [source.path: source])
        case .success(let submission):
            var evaluator = Evaluator(ruleset: ruleset)
            let first: MarkingResult
            do {
                first = try evaluator.mark(submission)
            } catch {
                // An evaluation error is a reported outcome, not a crash; Marker turns it into a diagnostic.
                continue
            }
            _ = ResultText.render(first)
            _ = ResultJSON.render(first, engineVersion: "fuzz", pretty: true)
            let second = try? evaluator.mark(submission)
            check(second == first, "marking the same submission twice with one evaluator gave different results")
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
        fatalError("JSON document invariant broken")
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
