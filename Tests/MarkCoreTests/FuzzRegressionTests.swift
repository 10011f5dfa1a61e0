import Testing

@testable import MarkCore

/// Inputs found by the fuzzing of the rule language (Tests/Fuzz, docs/fuzzing.md). Each crashed
/// with a stack overflow before its fix; each must now give a `nesting-too-deep` error, and the
/// checker and formatter must get through it.
@Suite struct FuzzRegressionTests {
    /// A library defining `x` as `body`.
    static func library(_ body: String) -> SourceFile {
        SourceFile(path: "fuzz.rules", text: "library \"x\"\ndefine x = \(body)\n")
    }

    /// Parses, checks and formats, as `fuzz-rules` does, and returns the parse diagnostics.
    static func run(_ source: SourceFile) -> [Diagnostic] {
        let (tree, diagnostics) = Parser.parse(source)
        let outcome = Checker.check(source: source)
        _ = DiagnosticRenderer().render(outcome.diagnostics, sources: [source.path: source])
        if !diagnostics.contains(where: { $0.severity == .error }) {
            _ = Formatter.format(tree, source: source)
        }
        return diagnostics
    }

    static func tooDeep(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.contains { $0.id == "nesting-too-deep" && $0.severity == .error }
    }

    /// Parentheses nested 99 deep, each around a run of five `+ 1`: within the nesting limit
    /// (100) and the run limit (200 in a row), but the tree is about 600 levels tall, and the
    /// checker overflowed the stack walking it. (1.2 KB; minimised from the fuzzer's shape.)
    @Test func shortRunsInsideDeepParenthesesAreRejected() {
        func nested(_ level: Int) -> String {
            level >= 99 ? "1" : "(" + nested(level + 1) + String(repeating: "+1", count: 5) + ")"
        }
        let diagnostics = Self.run(Self.library(nested(0)))
        #expect(Self.tooDeep(diagnostics))
        #expect(diagnostics.contains { $0.message.contains("more than \(Parser.maxExpressionHeight) levels") })
    }

    /// One operator of each precedence level per pair of parentheses: `1 or 1 and 1 < 1 + 1 * (…)`
    /// 98 times. Each level adds six to the tree's height and only one to the nesting depth.
    @Test func everyPrecedenceLevelInsideDeepParenthesesIsRejected() {
        var e = "1"
        for _ in 0..<98 { e = "1 or 1 and 1 < 1 + 1 * (" + e + ")" }
        #expect(Self.tooDeep(Self.run(Self.library(e))))
    }

    /// `any(x in any(x in …))`: a quantifier's list is parsed below `parseExpression`, so the
    /// nesting was never counted and the parser itself overflowed the stack.
    @Test func quantifiersNestedInTheirListsAreRejected() {
        let n = 3_000
        let e = String(repeating: "any(x in ", count: n) + "items" + String(repeating: ")", count: n)
        let diagnostics = Self.run(Self.library(e))
        #expect(Self.tooDeep(diagnostics))
        #expect(diagnostics.contains { $0.message.contains("more than \(Parser.maxDepth) levels") })
    }

    /// The same through an aggregate's list: `sum(1 for x in sum(1 for x in …))`.
    @Test func aggregatesNestedInTheirListsAreRejected() {
        let n = 3_000
        let e = String(repeating: "sum(1 for x in ", count: n) + "items" + String(repeating: ")", count: n)
        #expect(Self.tooDeep(Self.run(Self.library(e))))
    }

    /// The same through `days between`: `days between days between … 1 and 1 and 1`.
    @Test func nestedDaysBetweenIsRejected() {
        let n = 3_000
        let e = String(repeating: "days between ", count: n) + "1" + String(repeating: " and 1", count: n)
        #expect(Self.tooDeep(Self.run(Self.library(e))))
    }

    /// The limits still accept what they accepted before: a run of 199 operators, and a tree
    /// about 250 levels tall, parse cleanly and format to text that parses to the same tree.
    @Test func tallButLegalExpressionsStillParseAndFormat() throws {
        var tall = "true"
        for _ in 0..<82 { tall = "true and true or (" + tall + ")" }
        let run = "a" + String(repeating: " and a", count: 199)
        for body in [tall, run] {
            let source = Self.library(body)
            let (tree, diagnostics) = Parser.parse(source)
            #expect(!diagnostics.contains { $0.severity == .error })
            let formatted = try #require(Formatter.format(source))
            let (again, againDiagnostics) = Parser.parse(SourceFile(path: "formatted.rules", text: formatted))
            #expect(againDiagnostics.isEmpty)
            #expect(SyntaxDump.dump(again) == SyntaxDump.dump(tree))
            _ = Checker.check(source: source)
        }
    }
}
