import Foundation
import Testing

/// Runs docs/tutorial.md with the shared machinery of `DocExamples` (docs/testing.md): it writes
/// every file the tutorial shows (```` ```rules title="tutorial/x.rules" ```` writes a file,
/// `append="…"` appends to one), runs every `$ mark …` line of its ```` ```console ```` blocks
/// with the built binary, and compares the output. DocExamplesTests runs the other documents.
@Suite struct TutorialTests {
    @Test func everyCommandInTheTutorialGivesTheOutputShown() throws {
        let summary = try DocExamples.run("docs/tutorial.md")
        #expect(summary.commands >= 10, "the tutorial runs its commands")
        #expect(summary.files >= 4, "the tutorial writes its files")
        #expect(summary.notRun.isEmpty, "every command of the tutorial is run: \(summary.notRun)")
    }
}
