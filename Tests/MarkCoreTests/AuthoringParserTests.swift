import Foundation
import Testing

@testable import MarkCore

/// The rule test file format: parsing, diagnostics, JSON paths and changes.
@Suite struct AuthoringParserTests {
    static func parse(_ text: String, path: String = "Rules/unit.tests") -> (RuleTestFile, [String]) {
        let source = SourceFile(path: path, text: text)
        let (file, diagnostics) = RuleTestParser.parse(source)
        let rendered = diagnostics.map { d -> String in
            let loc = source.location(of: d.range.lowerBound)
            return "\(loc.line):\(loc.column): \(d.message)"
        }
        return (file, rendered)
    }

    @Test func aCompleteFile() throws {
        let (file, errors) = Self.parse(
            """
            # Tests for unit.rules
            ruleset "unit.rules"

            case "merit sample" {
              submission "../Samples/merit.json"   # the sample
              expect grade "Merit"
              expect total 20.5
              expect unstated_needs met
              expect personalised_communication partially met
              expect verified_ownership not met
            }

            case "one fewer follow-up" from "merit sample" {
              change "$.items[0].follow_up.refers_to_previous" to false
              change "$.items[1].needs" to [
                {"description": "x", "stated": false, "found_by": ["observation"], "addressed": true}
              ]
              remove "$.items[-1]"
              expect personalised_communication not met
            }

            case "inline" {
              submission {"format": "evidence/1", "items": []}
              expect grade "Referral"
            }
            """)
        #expect(errors.isEmpty, "\(errors)")
        #expect(file.ruleset?.path == "unit.rules")
        #expect(file.rulesetPath == "Rules/unit.rules")
        #expect(file.resolve("../Samples/merit.json") == "Samples/merit.json")
        #expect(file.cases.map(\.name) == ["merit sample", "one fewer follow-up", "inline"])
        let first = file.cases[0]
        if case .file(let path, _)? = first.submission { #expect(path == "../Samples/merit.json") } else { Issue.record("no file submission") }
        #expect(first.expectations.map(\.kind) == [
            .grade("Merit"), .total(20.5), .verdict(point: "unstated_needs", .met),
            .verdict(point: "personalised_communication", .partiallyMet), .verdict(point: "verified_ownership", .notMet),
        ])
        let second = file.cases[1]
        #expect(second.submission == first.submission, "inherited from the earlier case")
        #expect(second.changes.count == 3)
        #expect(second.changes[0].path.description == "$.items[0].follow_up.refers_to_previous")
        #expect(second.changes[2].path.steps == [.key("items"), .index(-1)])
        #expect(second.changes[2].action == .remove)
        if case .set(let range) = second.changes[1].action {
            let value = try RuleTestJSON.parse(Array(file.source.bytes[range]))
            if case .array(let elements) = value { #expect(elements.count == 1) } else { Issue.record("not a list") }
        } else {
            Issue.record("not a set")
        }
        if case .inline(let range)? = file.cases[2].submission {
            #expect(file.source.text(range).hasPrefix("{\"format\""))
        } else {
            Issue.record("no inline submission")
        }
    }

    @Test func theRulesetDefaultsToTheFileStem() {
        let (file, errors) = Self.parse("case \"a\" {\n  submission \"a.json\"\n  expect grade \"Pass\"\n}\n", path: "Rules/going-the-extra-mile.tests")
        #expect(errors.isEmpty)
        #expect(file.ruleset == nil)
        #expect(file.rulesetPath == "Rules/going-the-extra-mile.rules")
    }

    @Test func mistakesAreLocatedAndParsingCarriesOn() {
        let (file, errors) = Self.parse(
            """
            ruleset "unit.rules"
            case "a" {
              submision "x.json"
              expect grade Merit
              expect p mett
              change "$.items[0]" false
              change "items[0]" to 1
              change "$.items[0].x" to {"a": }
              expect p partially
            }
            case "b" from "nope" {
              submission "x.json"
            }
            case "a" {
              submission "x.json"
              expect total 3 extra
            }
            cas "c" {
            }
            """)
        #expect(errors.contains("3:3: unknown statement 'submision'; a case holds submission, change, remove and expect; did you mean 'submission'?"), "\(errors)")
        #expect(errors.contains("4:16: expected a verdict: met, partially met or not met"), "\(errors)")
        #expect(errors.contains { $0.hasPrefix("5:12: expected a verdict: met, partially met or not met; did you mean 'met'?") }, "\(errors)")
        #expect(errors.contains("6:23: expected 'to' and a JSON value, as in change \"$.items[0]\" to false"), "\(errors)")
        #expect(errors.contains("7:10: a JSON path starts with '$', as in \"$.items[0].date\""), "\(errors)")
        #expect(errors.contains { $0.hasPrefix("8:34: invalid JSON:") }, "\(errors)")
        #expect(errors.contains("9:12: expected a verdict: met, partially met or not met"), "\(errors)")
        #expect(errors.contains("11:15: no earlier case is named \"nope\""), "\(errors)")
        #expect(errors.contains("11:6: case \"b\" expects nothing: add expect grade \"…\" or expect point_id met"), "\(errors)")
        #expect(errors.contains("14:6: there is already a case named \"a\""), "\(errors)")
        #expect(errors.contains("16:18: unexpected 'extra' after the statement; write one statement per line"), "\(errors)")
        #expect(errors.contains("18:1: expected 'case', 'ruleset' or 'equivalent', found 'cas'; did you mean 'case'?"), "\(errors)")
        #expect(file.cases.map(\.name) == ["a", "b", "a"])
    }

    @Test func anUnclosedCaseAndUnterminatedJSON() {
        let (_, unclosed) = Self.parse("case \"a\" {\n  submission \"x.json\"\n  expect grade \"Pass\"\n")
        #expect(unclosed.contains("1:6: expected '}' to close case \"a\""), "\(unclosed)")
        let (_, json) = Self.parse("case \"a\" {\n  submission {\"items\": [\n  expect grade \"Pass\"\n}\n")
        #expect(json.contains("2:14: this JSON value is not closed: expected '}'"), "\(json)")
        let (_, string) = Self.parse("case \"a {\n")
        #expect(string.contains { $0.hasPrefix("1:6: unterminated string") }, "\(string)")
    }

    @Test func jsonPaths() throws {
        #expect(try RuleTestJSONPath.parse("$").get().steps.isEmpty)
        #expect(try RuleTestJSONPath.parse("$.items[12].follow_up").get().steps == [.key("items"), .index(12), .key("follow_up")])
        #expect(try RuleTestJSONPath.parse("$[\"odd key\"][-2]").get().steps == [.key("odd key"), .index(-2)])
        #expect(try RuleTestJSONPath.parse("$[\"odd key\"]").get().description == "$[\"odd key\"]")
        for bad in ["items", "$.", "$[x]", "$.a[1", "$..a", "$[\"a]"] {
            #expect(throws: Message.self, "\(bad)") { try RuleTestJSONPath.parse(bad).get() }
        }
    }

    @Test func changesToJSON() throws {
        var json = try RuleTestJSON.parse(Array(#"{"a": 1.50, "items": [{"x": true}, {"x": false}], "s": "é\n"}"#.utf8))
        try json.set(RuleTestJSONPath.parse("$.items[0].x").get(), to: .bool(false))
        try json.set(RuleTestJSONPath.parse("$.items[0].y").get(), to: .string("new"))
        try json.set(RuleTestJSONPath.parse("$.items[2]").get(), to: .object([]))
        try json.remove(RuleTestJSONPath.parse("$.items[-2]").get())
        try json.remove(RuleTestJSONPath.parse("$.s").get())
        let text = json.text
        #expect(text.contains("\"a\": 1.50"), "numbers keep their text")
        let reparsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let items = reparsed["items"] as? [[String: Any]] ?? []
        #expect(items.count == 2)
        #expect(items[0]["x"] as? Bool == false)
        #expect(items[0]["y"] as? String == "new")
        #expect(items[1].isEmpty)
        #expect(reparsed["s"] == nil)
        #expect(throws: Message("$.items has 2 elements; there is no [5]")) { try json.remove(RuleTestJSONPath.parse("$.items[5]").get()) }
        #expect(throws: Message("$ has no field \"itms\"; did you mean 'items'?")) { try json.set(RuleTestJSONPath.parse("$.itms[0]").get(), to: .null) }
        #expect(throws: Message("$.a is a number, not an object, so it has no field \"b\"")) { try json.set(RuleTestJSONPath.parse("$.a.b").get(), to: .null) }
        #expect(throws: Message("$ has no field \"zz\"")) { try json.remove(RuleTestJSONPath.parse("$.zz").get()) }
    }

    @Test func equivalentMutantsAreExplained() throws {
        let (file, errors) = Self.parse(
            """
            ruleset "unit.rules"
            equivalent "total >= 2" to "total >= 1" because "every total is even"
            case "a" {
              submission "a.json"
              expect grade "Pass"
            }
            equivalent "quick >= 2" to "quick >= 3"
            equivalent "x" to "y" because " "
            equivalnt "x" to "y" because "z"
            """)
        #expect(file.equivalents.map(\.original) == ["total >= 2"])
        #expect(file.equivalents.first?.mutated == "total >= 1")
        #expect(file.equivalents.first?.reason == "every total is even")
        #expect(file.cases.count == 1)
        #expect(
            errors == [
                "7:40: expected 'because' and why no submission can tell the two apart, in quotes",
                "8:12: say why the mutant is equivalent: no submission can tell the two apart because …",
                "9:1: expected 'case', 'ruleset' or 'equivalent', found 'equivalnt'; did you mean 'equivalent'?",
            ], "\(errors)")
    }
}
