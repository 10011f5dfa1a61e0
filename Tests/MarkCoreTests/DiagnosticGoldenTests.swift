import Foundation
import Testing

@testable import MarkCore

/// Every broken rule file under Fixtures/diagnostics is checked and its rendered diagnostics
/// compared with the `.expected` file beside it.
@Suite struct DiagnosticGoldenTests {
    static let folder = "Tests/MarkCoreTests/Fixtures/diagnostics"

    static var fixtures: [String] {
        let root = Golden.packageRoot + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted()
    }

    @Test func fixturesExist() {
        #expect(Self.fixtures.count >= 15)
    }

    @Test(arguments: fixtures)
    func diagnosticsMatchGolden(_ name: String) throws {
        // Paths relative to the package root keep the golden text independent of the checkout.
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(Golden.packageRoot)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let path = Self.folder + "/" + name
        var loader = RuleLoader(root: Self.folder)
        let outcome = Checker.check(path: path, loader: &loader)
        var sources: [String: SourceFile] = [:]
        for s in outcome.sources { sources[s.path] = s }
        let text = DiagnosticRenderer().render(outcome.diagnostics, sources: sources)
        Golden.check(text, against: Golden.packageRoot + "/" + path.replacingOccurrences(of: ".rules", with: ".expected"))
    }

    @Test func brokenFilesReportAnErrorAndCleanOnesDoNot() {
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(Golden.packageRoot)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        for name in Self.fixtures {
            var loader = RuleLoader(root: Self.folder)
            let outcome = Checker.check(path: Self.folder + "/" + name, loader: &loader)
            let clean = name == "lib.rules" || name == "warnings.rules"
            #expect(outcome.hasErrors == !clean, "\(name)")
        }
    }
}
