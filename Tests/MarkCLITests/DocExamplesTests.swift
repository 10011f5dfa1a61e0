import Foundation
import Testing

/// Every example in README.md and docs/*.md that shows output is run and compared (docs/testing.md
/// gives the convention; `DocExamples` is the machinery). docs/tutorial.md is run by TutorialTests.
@Suite struct DocExamplesTests {
    static let documents = DocExamples.documents.filter { $0 != "docs/tutorial.md" }

    @Test(arguments: documents)
    func everyExampleGivesTheOutputShown(_ document: String) throws {
        try DocExamples.run(document)
    }

    /// Every fenced block says what it holds, so a block showing output is a deliberate
    /// ```` ```console ```` example rather than an untested bare block.
    @Test(arguments: DocExamples.documents)
    func everyFencedBlockNamesItsLanguage(_ document: String) throws {
        let markdown = try String(contentsOfFile: MarkProcess.packageRoot + "/" + document, encoding: .utf8)
        for block in DocExamples.blocks(markdown) where block.language.isEmpty {
            Issue.record("\(document):\(block.line): a fenced block without a language; output goes in a ```console block (docs/testing.md)")
        }
    }

    @Test func theDocumentsRunCommands() throws {
        var commands = 0
        var notRun: [String] = []
        for document in DocExamples.documents {
            let (steps, _) = DocExamples.steps(try String(contentsOfFile: MarkProcess.packageRoot + "/" + document, encoding: .utf8))
            for step in steps {
                switch step {
                case .run: commands += 1
                case .notRun(_, let reason, let line): notRun.append("\(document):\(line): \(reason)")
                case .write: break
                }
            }
        }
        #expect(commands >= 30, "the documents' examples are found: \(commands) commands")
        #expect(notRun.count <= 2, "examples not run are rare: \(notRun)")
    }

    @Test func ellipsisMatchesAnyRunOfLines() {
        #expect(DocExamples.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        #expect(DocExamples.matches(["a", "...", "d"], ["a", "d"]))
        #expect(DocExamples.matches(["..."], []))
        #expect(!DocExamples.matches(["a", "...", "d"], ["a", "b", "c"]))
        #expect(!DocExamples.matches(["a"], ["a", "b"]))
    }

    @Test func onlyMarkCommandsAreRun() {
        #expect(DocExamples.runsMark("mark check Rules"))
        #expect(DocExamples.runsMark("MARK_PSEUDONYM_KEY=k mark sample r.ndjson"))
        #expect(DocExamples.runsMark("mark-cohort --count 3 | mark - --ndjson"))
        #expect(!DocExamples.runsMark("rm -rf x"))
        #expect(!DocExamples.runsMark("X=1 markdown"))
    }

    @Test func stepsAreExtractedInOrder() {
        let md = """
            ```rules title="t/a.rules"
            x
            ```
            ```console
            $ mark check t
            ok
            (exit status 1)
            $ mark fmt --check t
            ```
            ```tests append="t/a.tests"
            y
            ```
            ```console {not-run: writes to a full disk}
            $ mark Samples >/dev/full
            ```
            ```console
            stray
            ```
            """
        let (steps, problems) = DocExamples.steps(md)
        #expect(steps.count == 5)
        #expect(steps.first == .write(path: "t/a.rules", text: "x\n", append: false, line: 1))
        #expect(steps.dropFirst().first == .run(command: "mark check t", expected: ["ok"], status: 1, line: 5))
        #expect(steps.dropFirst(2).first == .run(command: "mark fmt --check t", expected: [], status: 0, line: 8))
        #expect(steps.dropFirst(3).first == .write(path: "t/a.tests", text: "y\n", append: true, line: 10))
        #expect(steps.dropFirst(4).first == .notRun(command: "mark Samples >/dev/full", reason: "writes to a full disk", line: 14))
        #expect(problems.count == 2, "output before a command, and a block without one: \(problems)")
    }
}
