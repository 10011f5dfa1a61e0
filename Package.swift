// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mark",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mark", targets: ["mark"]),
        .library(name: "MarkCore", targets: ["MarkCore"]),
    ],
    dependencies: [],
    targets: [
        // The engine: source → tokens → syntax tree → checked ruleset → evaluation → report.
        .target(name: "MarkCore", dependencies: ["MarkSHA256"]),
        // SHA-256 rounds on the CPU's SHA extensions, in C because Swift cannot target them (MarkCore's SHA256 uses it).
        // DWARF 4: valgrind 3.19 (callgrind, in the benchmarks) gives up on clang's default DWARF 5.
        .target(name: "MarkSHA256", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // The command-line interface: argument parsing and the subcommands.
        .target(name: "MarkCLI", dependencies: ["MarkCore", "MarkLSP"]),
        // The language server behind `mark lsp`: JSON-RPC framing, LSP messages, the server.
        .target(name: "MarkLSP", dependencies: ["MarkCore"]),
        // The `mark` executable: a few lines that hand over to MarkCLI.
        .executableTarget(name: "mark", dependencies: ["MarkCLI"]),
        // Release-mode benchmarks (see docs/performance.md).
        .executableTarget(name: "mark-bench", dependencies: ["MarkCore", "MarkLSP"]),
        // Deterministic cohort generator for tests and benchmarks.
        .executableTarget(name: "mark-cohort", dependencies: ["MarkCore"]),
        // Golden files shared by the test targets.
        .target(name: "MarkTestSupport", path: "Tests/MarkTestSupport"),
        .testTarget(name: "MarkCoreTests", dependencies: ["MarkCore", "MarkTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MarkLSPTests", dependencies: ["MarkLSP", "MarkCore", "MarkTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "MarkCLITests", dependencies: ["MarkCLI", "MarkCore", "MarkTestSupport"], exclude: ["Golden", "Hostile"]),
    ],
    swiftLanguageModes: [.v6]
)
