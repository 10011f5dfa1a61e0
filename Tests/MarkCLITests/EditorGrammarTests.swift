import Foundation
import Testing

/// The TextMate grammar in docs/editors: valid JSON with the expected keys, every regular
/// expression compiles, every include resolves, and every keyword of docs/language.md's
/// keyword reference is highlighted as a keyword somewhere in real rules.
@Suite struct EditorGrammarTests {
    static let grammarPath = MarkProcess.packageRoot + "/docs/editors/rules.tmLanguage.json"

    static func grammar() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: grammarPath))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MarkProcessError(message: "the grammar is not a JSON object")
        }
        return object
    }

    /// A pattern of the grammar: its regular expression and the scopes it gives the whole
    /// match and its groups.
    struct Rule {
        var regex: NSRegularExpression
        var source: String
        var name: String?
        var groups: [Int: String]
    }

    /// Every `match`, `begin` and `end` of the grammar, at any depth, compiled.
    static func rules(_ grammar: [String: Any]) throws -> [Rule] {
        var found: [Rule] = []
        var failures: [String] = []
        func groups(_ value: Any?) -> [Int: String] {
            var out: [Int: String] = [:]
            for (k, v) in (value as? [String: Any]) ?? [:] {
                if let n = Int(k), let name = (v as? [String: Any])?["name"] as? String { out[n] = name }
            }
            return out
        }
        func walk(_ value: Any) {
            if let dict = value as? [String: Any] {
                for key in ["match", "begin", "end"] {
                    guard let pattern = dict[key] as? String else { continue }
                    do {
                        let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
                        let captures = key == "match" ? dict["captures"] : key == "begin" ? (dict["beginCaptures"] ?? dict["captures"]) : (dict["endCaptures"] ?? dict["captures"])
                        found.append(Rule(regex: regex, source: pattern, name: key == "match" ? dict["name"] as? String : nil, groups: groups(captures)))
                    } catch {
                        failures.append(pattern)
                    }
                }
                for v in dict.values { walk(v) }
            } else if let list = value as? [Any] {
                for v in list { walk(v) }
            }
        }
        walk(grammar)
        if !failures.isEmpty { throw MarkProcessError(message: "patterns that do not compile: \(failures)") }
        return found
    }

    /// The scopes the grammar's patterns give to the words of a line (each pattern applied on
    /// its own, which is enough to see what a word can be highlighted as).
    static func scopes(_ line: String, _ rules: [Rule]) -> [(scope: String, text: String)] {
        var out: [(String, String)] = []
        let ns = line as NSString
        for rule in rules {
            for m in rule.regex.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                if let name = rule.name, m.range.length > 0 { out.append((name, ns.substring(with: m.range))) }
                for (group, name) in rule.groups where group < m.numberOfRanges {
                    let r = m.range(at: group)
                    if r.location != NSNotFound && r.length > 0 { out.append((name, ns.substring(with: r))) }
                }
            }
        }
        return out
    }

    @Test func grammarIsValidJSONWithTheExpectedKeys() throws {
        let g = try Self.grammar()
        #expect(g["scopeName"] as? String == "source.mark-rules")
        #expect((g["fileTypes"] as? [String])?.contains("rules") == true)
        #expect(g["name"] is String)
        #expect((g["patterns"] as? [Any])?.isEmpty == false)
        #expect(g["repository"] is [String: Any])
    }

    @Test func everyRegularExpressionCompiles() throws {
        let rules = try Self.rules(try Self.grammar())
        #expect(rules.count >= 30)
    }

    @Test func everyIncludeResolves() throws {
        let g = try Self.grammar()
        let repository = (g["repository"] as? [String: Any]) ?? [:]
        var missing: [String] = []
        func walk(_ value: Any) {
            if let dict = value as? [String: Any] {
                if let include = dict["include"] as? String, include.hasPrefix("#"), repository[String(include.dropFirst())] == nil {
                    missing.append(include)
                }
                for v in dict.values { walk(v) }
            } else if let list = value as? [Any] {
                for v in list { walk(v) }
            }
        }
        walk(g)
        #expect(missing.isEmpty, "includes with no repository entry: \(missing)")
    }

    /// The keywords of the reference table and the reserved words, from docs/language.md.
    static func documentedKeywords() throws -> Set<String> {
        let doc = try String(contentsOfFile: MarkProcess.packageRoot + "/docs/language.md", encoding: .utf8)
        guard let start = doc.range(of: "## Keyword reference") else { throw MarkProcessError(message: "no keyword reference in docs/language.md") }
        var section = String(doc[start.upperBound...])
        if let next = section.range(of: "\n## ") { section = String(section[..<next.lowerBound]) }
        var words: Set<String> = []
        for line in section.components(separatedBy: "\n") {
            let isRow = line.hasPrefix("|") && !line.hasPrefix("|---") && !line.hasPrefix("| where")
            let isReserved = line.hasPrefix("Reserved words")
            guard isRow || isReserved else { continue }
            let cells = line.components(separatedBy: "|")
            let text = isRow && cells.count > 2 ? cells[2] : line
            let code = text.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            for c in code {
                for w in c.components(separatedBy: CharacterSet.letters.union(CharacterSet(charactersIn: "_")).inverted) where !w.isEmpty {
                    words.insert(w)
                }
            }
        }
        return words
    }

    @Test func everyDocumentedKeywordIsHighlighted() throws {
        let keywords = try Self.documentedKeywords()
        #expect(keywords.count >= 60, "found the keyword table: \(keywords.sorted())")
        let rules = try Self.rules(try Self.grammar())
        var lines = try String(contentsOfFile: MarkProcess.packageRoot + "/docs/language.md", encoding: .utf8).components(separatedBy: "\n")
        let folder = MarkProcess.packageRoot + "/Rules"
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".rules") {
            lines += try String(contentsOfFile: folder + "/" + file, encoding: .utf8).components(separatedBy: "\n")
        }
        let keywordScopes = ["keyword", "storage", "support", "constant.language", "variable.language"]
        var highlighted: Set<String> = []
        for line in lines {
            for (scope, text) in Self.scopes(line, rules) where keywordScopes.contains(where: { scope.hasPrefix($0) }) {
                for w in text.components(separatedBy: CharacterSet.letters.union(CharacterSet(charactersIn: "_")).inverted) where !w.isEmpty {
                    highlighted.insert(w)
                }
            }
        }
        let missing = keywords.subtracting(highlighted)
        #expect(missing.isEmpty, "keywords the grammar never highlights: \(missing.sorted())")
    }

    @Test func keywordsByPositionStringsNumbersAndDates() throws {
        let rules = try Self.rules(try Self.grammar())
        func has(_ line: String, _ scope: String, _ text: String) -> Bool {
            Self.scopes(line, rules).contains { $0.scope.hasPrefix(scope) && $0.text == text }
        }
        // Statement keywords where a statement starts; a field of the same name is a field.
        #expect(has("  marks 4", "keyword.other.point", "marks"))
        #expect(has("  partially met when occasions = 1", "keyword.other.point", "partially"))
        #expect(has("  met when count(i in items where i.marks > 2) >= 1", "variable.other.member", "marks"))
        #expect(!has("  met when count(i in items where i.marks > 2) >= 1", "keyword", "marks"))
        #expect(has("  floor unstated_needs at partially met", "constant.language.verdict", "partially met"))
        #expect(has("  grades \"Referral\", \"Pass\"", "entity.name.tag.grade", "Pass"))
        #expect(has("  grade \"Merit\" when total >= 18", "entity.name.tag.grade", "Merit"))
        #expect(has("  required for \"Pass\"", "entity.name.tag.grade", "Pass"))
        #expect(has("  applies from 2025-09-01 until 2027-08-31", "constant.numeric.date", "2025-09-01"))
        #expect(has("  applies from 2025-09-01 until 2027-08-31", "keyword.other.header", "until"))
        #expect(has("  let spread = span(i.date for i in items) >= 3 weeks", "keyword.other.unit", "weeks"))
        #expect(has("  let spread = span(i.date for i in items) >= 21 days", "constant.numeric", "21"))
        #expect(has("    verified_by: optional list of verification", "storage.modifier.list", "list of"))
        #expect(has("    note: optional text", "support.type.primitive", "text"))
        #expect(has("  feedback met \"On {occasions} days \\{not a placeholder\\}\"", "variable.other.placeholder", "occasions"))
        #expect(has("  feedback met \"On {occasions} days \\{not a placeholder\\}\"", "constant.character.escape", "\\{"))
        #expect(has("  feedback met \"bad \\q escape\"", "invalid.illegal", "\\q"))
        #expect(has("# a comment", "comment.line", "# a comment"))
        #expect(has("define valid(i: item) = verified(i) and current(i)", "entity.name.function", "valid"))
        #expect(has("  met when x >= 2 and not y", "keyword.operator.comparison", ">="))
        #expect(has("  grade \"Merit\" when a is partially met", "constant.language.verdict", "partially met"))
        // An extending ruleset's changes to one statement of the base's grading scheme.
        #expect(has("replace grade \"Merit\" when total >= 20", "keyword.control.amend", "replace"))
        #expect(has("replace grade \"Merit\" when total >= 20", "keyword.other.grading", "grade"))
        #expect(has("replace grade \"Merit\" when total >= 20", "entity.name.tag.grade", "Merit"))
        #expect(has("remove grade \"Merit\"", "entity.name.tag.grade", "Merit"))
        #expect(has("remove grade \"Merit\"", "keyword.other.grading", "grade"))
        #expect(has("replace floor ac1 at 10 marks", "keyword.other.grading", "floor"))
        #expect(has("replace floor ac1 at 10 marks", "constant.numeric", "10"))
        #expect(has("replace floor ac1 at met", "constant.language.verdict", "met"))
        #expect(has("remove floor ac1", "entity.name.section.point", "ac1"))
        #expect(has("floor ac1 at partially met", "entity.name.section.point", "ac1"))
    }
}
