import Testing

@testable import MarkCore

/// Components: points graded on their own scales and an overall grade combined from them, by
/// both evaluators; the default rule (every component reaches the grade), counting components,
/// a component's own total and floor, and the components in results.
@Suite struct ComponentTests {
    /// Three methods, each with a pass point (met with one item of its kind) and a distinction
    /// point (met with two).
    static func ruleset(_ overall: String, component extra: String = "") -> Ruleset {
        var body = ""
        var components = ""
        for (k, method) in ["observation", "discussion", "portfolio"].enumerated() {
            let kind = ["observation", "witness_testimony", "reflective_account"][k]
            body += """
                point \(method)_pass "Pass criteria of the \(method)." {
                  marks 1
                  met when count(i in items where i.kind = "\(kind)") >= 1
                }

                point \(method)_distinction "Distinction criteria of the \(method)." {
                  marks 1
                  met when count(i in items where i.kind = "\(kind)") >= 2
                }


                """
            components += """
                  component \(method) "The \(method)" {
                    points \(method)_pass, \(method)_distinction
                    grades "Fail", "Pass", "Distinction"
                    grade "Pass" when \(method)_pass is met
                    grade "Distinction" when every point in \(method) is met
                    \(extra.replacingOccurrences(of: "{m}", with: method))
                  }

                """
        }
        return Fixtures.ruleset(body + "grading {\n  grades \"Fail\", \"Pass\", \"Distinction\"\n" + components + "  \(overall)\n}\n")
    }

    /// Items for each method: how many of its kind.
    func mark(_ r: Ruleset, _ counts: [Int]) throws -> MarkingResult {
        var items: [String] = []
        for (k, n) in counts.enumerated() {
            let kind = ["observation", "witness_testimony", "reflective_account"][k]
            items += (0..<n).map { Fixtures.item("\(kind)-\($0)", kind: kind) }
        }
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON(items))
        #expect(a == b, "\(counts): the program and the tree walk differ")
        return a
    }

    static let twoOfThree = "grade \"Distinction\" when at least 2 components are \"Distinction\""

    @Test func distinctionNeedsTwoDistinctionsAndAnyFailFails() throws {
        let r = Self.ruleset(Self.twoOfThree)
        let expected: [([Int], String, [String])] = [
            ([2, 2, 1], "Distinction", ["Distinction", "Distinction", "Pass"]),
            ([2, 1, 1], "Pass", ["Distinction", "Pass", "Pass"]),
            ([2, 2, 0], "Fail", ["Distinction", "Distinction", "Fail"]),
            ([1, 1, 1], "Pass", ["Pass", "Pass", "Pass"]),
            ([0, 0, 0], "Fail", ["Fail", "Fail", "Fail"]),
        ]
        for (counts, grade, components) in expected {
            let result = try mark(r, counts)
            #expect(result.grade == grade, "\(counts)")
            #expect(result.components.map(\.grade) == components, "\(counts)")
        }
    }

    @Test func namedComponentsAndEveryComponentCountLikeTheDefault() throws {
        let named = Self.ruleset(
            "grade \"Pass\" when every component is \"Pass\"\n  grade \"Distinction\" when at least 2 of (observation, discussion, portfolio) are \"Distinction\"")
        let single = Self.ruleset("grade \"Distinction\" when observation is \"Distinction\" and portfolio is \"Pass\"")
        for counts in [[2, 2, 1], [2, 1, 1], [2, 2, 0], [1, 1, 1], [2, 0, 2], [2, 1, 2]] {
            #expect(try mark(named, counts).grade == mark(Self.ruleset(Self.twoOfThree), counts).grade, "\(counts)")
        }
        #expect(try mark(single, [2, 1, 1]).grade == "Distinction")
        #expect(try mark(single, [1, 2, 2]).grade == "Pass")
    }

    @Test func aComponentsTotalIsItsOwn() throws {
        let r = Self.ruleset(Self.twoOfThree.replacingOccurrences(of: "at least 2 components are \"Distinction\"", with: "total >= 5"))
        let result = try mark(r, [2, 1, 0])
        #expect(result.grade == "Fail")
        #expect(try mark(r, [2, 2, 1]).grade == "Distinction")
        #expect(try mark(r, [2, 1, 1]).grade == "Pass")
        #expect(result.components.map(\.total) == [Marks(2), Marks(1), .zero])
        #expect(result.components.map(\.maximum) == [Marks(2), Marks(2), Marks(2)])
        #expect(result.total == Marks(3))
        #expect(result.components[0].points == ["observation_pass", "observation_distinction"])
    }

    @Test func theResultJSONListsTheComponents() throws {
        let result = try mark(Self.ruleset(Self.twoOfThree), [2, 1, 0])
        let json = ResultJSON.render(result, engineVersion: "0", pretty: true)
        let expected = [
            "\"components\": [", "\"id\": \"observation\"", "\"title\": \"The observation\"", "\"grade\": \"Distinction\"", "\"gradeIndex\": 2",
            "\"total\": 2", "\"maximum\": 2", "\"points\": [\n        \"observation_pass\",\n        \"observation_distinction\"\n      ]",
            "\"floorsFailed\": []", "\"id\": \"discussion\"", "\"id\": \"portfolio\"", "\"points\": [\n    {",
        ]
        var at = json.startIndex
        for part in expected {
            let found = try #require(json.range(of: part, range: at..<json.endIndex), "\(part) in order")
            at = found.upperBound
        }
        let text = ResultText.render(result)
        #expect(text.contains("Component discussion: Pass — 1 of 2 marks · The discussion\n"))
        #expect(text.contains("Component portfolio: Fail — 0 of 2 marks · The portfolio\n"))
    }

    @Test func nextStepsNameTheComponentsBelowTheGrade() throws {
        let result = try mark(Self.ruleset(Self.twoOfThree), [2, 1, 1])
        #expect(result.nextSteps == ["Reach Distinction in 1 more of these components for Distinction: The discussion (now Pass), The portfolio (now Pass)."])
    }

    @Test func withoutComponentsNothingIsAdded() throws {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n  met when count(items) >= 1\n}\n" + BothPaths.twoGrades)
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(result.components.isEmpty)
        #expect(!ResultJSON.render(result, engineVersion: "0", pretty: true).contains("components"))
    }

    @Test func aComponentFloorHoldsItAtItsLowestGrade() throws {
        let r = Self.ruleset(Self.twoOfThree, component: "floor {m}_distinction at met")
        let result = try mark(r, [2, 1, 2])
        #expect(result.components.map(\.grade) == ["Distinction", "Fail", "Distinction"])
        #expect(result.components[1].floorsFailed == ["discussion_distinction"])
        #expect(result.grade == "Fail")
    }

    @Test func diffNamesAChangedComponent() {
        let old = Self.ruleset(Self.twoOfThree)
        let new = Self.ruleset(Self.twoOfThree, component: "floor {m}_pass at met")
        let summaries = RulesetDiff.compare(old: old, new: new).changes.map(\.summary)
        #expect(summaries.contains("component 'observation' changed"))
    }
}
