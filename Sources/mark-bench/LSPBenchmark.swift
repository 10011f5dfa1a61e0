import Foundation
import MarkCore
import MarkLSP

/// Drives the language server in-process through an editing session of a generated ruleset
/// (1,000 lines by default): each change is a `textDocument/didChange` with the whole text,
/// re-checked and its diagnostics published, as an editor sends it while the author types.
/// Reports the best, median and slowest change (target: under 20 ms in release mode) and the
/// resident memory after the first 1,000 changes and at the end (it must stay flat).
func runLSPBenchmark(_ arguments: [String]) -> Int32 {
    let lines = Int(value(of: "--lines", in: arguments) ?? "") ?? 1_000
    let changes = Int(value(of: "--changes", in: arguments) ?? "") ?? 10_000
    let text = generateRuleset(lines: lines)
    let server = LanguageServer(version: "bench")
    let uri = "file:///tmp/mark-bench/generated.rules"
    func send(_ message: JSONValue) -> [JSONValue] { server.handle(Array(message.text.utf8)) }
    _ = send(.object(["jsonrpc": .string("2.0"), "id": .int(1), "method": .string("initialize"), "params": .object(["capabilities": .object([])])]))
    _ = send(.object(["jsonrpc": .string("2.0"), "method": .string("textDocument/didOpen"), "params": .object([
        "textDocument": .object(["uri": .string(uri), "languageId": .string("mark-rules"), "version": .int(1), "text": .string(text)]),
    ])]))
    var times: [Double] = []
    var residentAfter1000 = 0
    var published = 0
    for change in 0..<changes {
        // The author types in a point's feedback, and every tenth change leaves a misspelt name.
        let edited = text.replacingOccurrences(of: "Show questioning", with: "Show questioning \(change)")
            + (change % 10 == 0 ? "\ndefine extra = valdi\n" : "")
        let message = JSONValue.object(["jsonrpc": .string("2.0"), "method": .string("textDocument/didChange"), "params": .object([
            "textDocument": .object(["uri": .string(uri), "version": .int(change + 2)]),
            "contentChanges": .array([.object(["text": .string(edited)])]),
        ])])
        let body = Array(message.text.utf8)
        let start = DispatchTime.now().uptimeNanoseconds
        let replies = server.handle(body)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        published += replies.count
        if change == 999 { residentAfter1000 = residentBytes() }
    }
    let residentEnd = residentBytes()
    times.sort()
    let source = SourceFile(path: "generated.rules", text: text)
    print("lsp didChange: \(source.lineStarts.count) lines, \(source.bytes.count) bytes, \(changes) changes, \(published) diagnostics notifications")
    print(String(format: "  best %.2f ms   median %.2f ms   p99 %.2f ms   slowest %.2f ms", times[0], times[times.count / 2], times[times.count * 99 / 100], times[times.count - 1]))
    if changes >= 1000 {
        print(String(format: "  resident memory: %.1f MB after 1,000 changes, %.1f MB after %d", Double(residentAfter1000) / 1e6, Double(residentEnd) / 1e6, changes))
    }
    return 0
}

/// The process's resident set size in bytes (from /proc/self/statm; 0 where there is none).
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
