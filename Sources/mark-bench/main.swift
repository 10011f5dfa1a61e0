// Release-mode benchmarks. Run `swift run -c release mark-bench --help`; see docs/performance.md.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [(name: String, summary: String, run: ([String]) -> Int32)] = [
    ("json", "read a generated 10 MB evidence JSON file repeatedly and report MB/s", runJSONBenchmark),
    ("check", "parse and check a generated 10,000-line ruleset (--lines N, --iterations N)", runCheckBenchmark),
    ("lsp", "edit a generated 1,000-line ruleset through the language server (--lines N, --changes N)", runLSPBenchmark),
    ("sha256", "hash 10 MB in memory repeatedly and report MB/s (MARK_SHA256=scalar: the portable rounds)", runSHA256Benchmark),
    ("mark", "mark a 10-item submission with a shipped ruleset (--rules DIR, --iterations N, --tree)", runMarkBenchmark),
]

if arguments.isEmpty || arguments[0] == "--help" || arguments[0] == "-h" {
    print("usage: mark-bench BENCHMARK [ARGS…]\n\nbenchmarks:")
    for b in benchmarks { print("  \(b.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(b.summary)") }
    exit(arguments.isEmpty ? 64 : 0)
}
guard let bench = benchmarks.first(where: { $0.name == arguments[0] }) else {
    FileHandle.standardError.write("mark-bench: unknown benchmark '\(arguments[0])'\n".data(using: .utf8)!)
    exit(64)
}
exit(bench.run(Array(arguments.dropFirst())))
