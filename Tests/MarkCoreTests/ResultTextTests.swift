import Testing

@testable import MarkCore

/// The text report's layout: lines wrap at the width given (the terminal's), `--verbose` adds
/// the engine and the full ruleset hash.
@Suite struct ResultTextTests {
    static let result = MarkingResult(
        path: "s.json", learnerID: "L-1", unit: "U-1", assessor: "A-1",
        ruleset: .init(id: "r", title: "R", version: "1.0.0", sha256: String(repeating: "ab", count: 32)),
        points: [
            .init(
                id: "p", wording: String(repeating: "The examiner's wording goes on. ", count: 6), verdict: .partiallyMet, marks: Marks(1),
                maximum: Marks(2), evidence: ["E1", "E2"], feedback: String(repeating: "Feedback for the learner. ", count: 8),
                requiredFor: "Pass", advice: "Do it again.")
        ],
        total: Marks(1), maximum: Marks(2), grade: "Fail", gradeIndex: 0, floorsFailed: [], nextGrade: "Pass",
        nextSteps: [String(repeating: "A step towards the grade. ", count: 7)])

    @Test(arguments: [40, 60, 80, 120])
    func linesWrapAtTheWidthGiven(_ width: Int) {
        let lines = ResultText.render(Self.result, ResultText.Options(width: width)).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= width }, "\(lines.filter { $0.count > width })")
        #expect(lines.contains { $0.count > width - 12 }, "nothing fills a line of \(width)")
    }

    @Test func aNarrowTerminalStillGetsTheMinimumWidth() {
        let lines = ResultText.render(Self.result, ResultText.Options(width: 10)).split(separator: "\n")
        #expect(lines.contains { $0.count > 30 })
        #expect(lines.allSatisfy { $0.count <= ResultText.minimumWidth })
    }

    @Test func verboseAddsTheEngineAndTheWholeHash() {
        let plain = ResultText.render(Self.result, ResultText.Options())
        let verbose = ResultText.render(Self.result, ResultText.Options(verbose: true, engineVersion: "9.9.9"))
        #expect(plain.contains("(sha256 abababababab)") && !plain.contains(Self.result.ruleset.sha256))
        #expect(verbose.contains("    sha256 \(Self.result.ruleset.sha256)\n") && verbose.contains("Engine mark 9.9.9\n"))
    }
}
