import Testing

@testable import MarkCore

/// The overall grade by a table of component grades (`combine a, b { … }`): every combination
/// graded as the table says on both evaluator paths, the row recorded in the result, next
/// steps naming the combinations, floors and required points still applying, and the
/// formatter lining the columns up.
@Suite struct CombineTableTests {
    static let table = """
          combine observation, discussion {
            "Distinction", "Distinction" gives "Distinction"
            "Distinction", "Pass" gives "Merit"
            "Pass", "Distinction" gives "Merit"
            "Pass", "Pass" gives "Pass"
            otherwise "Fail"
          }
        """

    /// Two methods, each with a pass point (one item of its kind) and a distinction point
    /// (two), combined into Fail, Pass, Merit, Distinction by `grading`.
    static func ruleset(_ combine: String = table, extra: String = "") -> Ruleset {
        var body = ""
        var components = ""
        for (method, kind) in [("observation", "observation"), ("discussion", "witness_testimony")] {
            body += """
                point \(method)_pass "Pass criteria of the \(method)." {
                  met when count(i in items where i.kind = "\(kind)") >= 1
                }

                point \(method)_distinction "Distinction criteria of the \(method)." {
                  met when count(i in items where i.kind = "\(kind)") >= 2
                }


                """
            components += """
                  component \(method) "The \(method)" {
                    points \(method)_pass, \(method)_distinction
                    grades "Fail", "Pass", "Distinction"
                    grade "Pass" when \(method)_pass is met
                    grade "Distinction" when every point in \(method) is met
                  }

                """
        }
        return Fixtures.ruleset(
            body + "grading {\n  grades \"Fail\", \"Pass\", \"Merit\", \"Distinction\"\n" + extra + components + combine + "\n}\n")
    }

    func mark(_ r: Ruleset, _ counts: [Int]) throws -> MarkingResult {
        var items: [String] = []
        for (k, n) in counts.enumerated() {
            let kind = ["observation", "witness_testimony"][k]
            items += (0..<n).map { Fixtures.item("\(kind)-\($0)", kind: kind) }
        }
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON(items))
        #expect(a == b, "\(counts): the program and the tree walk differ")
        return a
    }

    @Test func everyCombinationGetsTheGradeOfItsRow() throws {
        let r = Self.ruleset()
        // Items per method → component grades: 0 Fail, 1 Pass, 2 Distinction.
        let table: [String: String] = [
            "Distinction Distinction": "Distinction", "Distinction Pass": "Merit", "Pass Distinction": "Merit", "Pass Pass": "Pass",
        ]
        let names = ["Fail", "Pass", "Distinction"]
        for o in 0...2 {
            for d in 0...2 {
                let result = try mark(r, [o, d])
                #expect(result.components.map(\.grade) == [names[o], names[d]])
                let grade = table["\(names[o]) \(names[d])"] ?? "Fail"
                #expect(result.grade == grade, "observation \(names[o]), discussion \(names[d])")
                let combination = try #require(result.combination)
                #expect(combination.grade == grade)
                #expect(combination.components == ["observation", "discussion"])
                #expect(combination.grades == [names[o], names[d]])
                let row = ["Distinction Distinction": 1, "Distinction Pass": 2, "Pass Distinction": 3, "Pass Pass": 4]["\(names[o]) \(names[d])"]
                #expect(combination.row == row)
            }
        }
    }

    @Test func resultsAndNextStepsShowTheTable() throws {
        let r = Self.ruleset()
        let result = try mark(r, [1, 1])
        #expect(result.grade == "Pass")
        let text = ResultText.render(result)
        #expect(text.contains("Table row 4: observation Pass, discussion Pass gives Pass"))
        let json = ResultJSON.render(result, engineVersion: "test", pretty: false)
        #expect(json.contains(#""combination":{"row":4,"components":["observation","discussion"],"grades":["Pass","Pass"],"grade":"Pass"}"#))
        #expect(result.nextGrade == "Merit")
        #expect(
            result.nextSteps == [
                "Merit needs one of these combinations: The observation Distinction and The discussion Pass; or The observation Pass and The discussion Distinction (now The observation Pass, The discussion Pass)."
            ])
        // No row for this: otherwise gives Fail, and the result says so.
        let failed = try mark(r, [0, 2])
        #expect(failed.combination?.row == nil && failed.combination?.grade == "Fail")
        #expect(ResultText.render(failed, .init(width: 200)).contains("Table, otherwise: observation Fail, discussion Distinction gives Fail"))
        // Without a table there is no combination.
        #expect(try ComponentTests().mark(ComponentTests.ruleset(ComponentTests.twoOfThree), [1, 1, 1]).combination == nil)
    }

    @Test func anyMatchesEveryGradeAndFloorsStillApply() throws {
        let wildcard = """
              combine observation, discussion {
                "Distinction", any gives "Distinction"
                "Pass", "Pass" gives "Pass"
                "Pass", "Distinction" gives "Merit"
                otherwise "Fail"
              }
            """
        let r = Self.ruleset(wildcard)
        #expect(try mark(r, [2, 0]).grade == "Distinction")
        #expect(try mark(r, [2, 1]).grade == "Distinction")
        #expect(try mark(r, [1, 2]).grade == "Merit")
        // A floor on the overall scheme still forces the lowest grade whatever the table gives.
        let floored = Self.ruleset(wildcard, extra: "  floor discussion_pass at met\n")
        let result = try mark(floored, [2, 0])
        #expect(result.grade == "Fail" && result.floorsFailed == ["discussion_pass"])
        #expect(result.combination?.grade == "Distinction")
    }

    @Test func theFormatterLinesTheColumnsUpAndIsIdempotent() throws {
        let source = Fixtures.header() + Fixtures.evidence + """
            point a "A." {
              met when count(items) >= 1
            }

            grading {
              grades "Fail", "Pass"
              component c "C" {
                points a
                grades "Fail", "Pass", "Distinction"
                grade "Pass" when a is met
              }
              component d "D" {
                points a
                grades "Fail", "Pass"
              }
              combine c, d {
                otherwise "Fail"
              "Distinction",any gives "Pass"
                "Pass", "Pass"   gives "Pass"
              }
            }

            """
        let formatted = try #require(Formatter.format(SourceFile(path: "t.rules", text: source)))
        #expect(
            formatted.contains(
                """
                  combine c, d {
                    otherwise "Fail"
                    "Distinction", any    gives "Pass"
                    "Pass",        "Pass" gives "Pass"
                  }
                """))
        #expect(Formatter.format(SourceFile(path: "t.rules", text: formatted)) == formatted)
    }
}
