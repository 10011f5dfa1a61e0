import Foundation
import Testing

/// docs/thresholds.md lists, one table per unit, the numbers and keyword lists each shipped
/// ruleset names at its top (`define ability_days = 2`) and the marks of each point. These tests
/// keep the page and the rules from drifting apart, in both directions.
@Suite struct ThresholdsDocTests {
    static let root = MarkProcess.packageRoot
    static let document = "docs/thresholds.md"

    /// A section of the page: the ruleset it names and the rows of its tables.
    struct Section {
        var heading: String
        var rules: String
        var values: [String: String] = [:]
        var marks: [String: (marks: String, partial: String)] = [:]
    }

    /// The page's sections that name a ruleset (`Rules/FILE.rules`), with their table rows: rows
    /// under a `| name | value |` header are named values, rows under `| point | marks |` marks.
    static func sections() throws -> [Section] {
        let text = try String(contentsOfFile: root + "/" + document, encoding: .utf8)
        var sections: [Section] = []
        var table = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## ") {
                sections.append(Section(heading: String(line.dropFirst(3)), rules: ""))
                continue
            }
            guard !sections.isEmpty else { continue }
            if sections[sections.count - 1].rules.isEmpty, let r = line.range(of: #"`Rules/[a-z-]+\.rules`"#, options: .regularExpression) {
                sections[sections.count - 1].rules = String(line[r].dropFirst(7).dropLast())
            }
            guard line.hasPrefix("|") else { table = ""; continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.first == "name" || cells.first == "point" { table = cells[0]; continue }
            guard cells.count >= 3, cells[0].hasPrefix("`"), cells[0].hasSuffix("`") else { continue }
            let name = String(cells[0].dropFirst().dropLast())
            if table == "name" { sections[sections.count - 1].values[name] = cells[1] }
            if table == "point" { sections[sections.count - 1].marks[name] = (cells[1], cells[2]) }
        }
        return sections.filter { !$0.rules.isEmpty }
    }

    /// The top-level named numbers and text lists of a rules file (`define NAME = 2`,
    /// `define NAME = ["a", "b"]`, or the value on the next line as `mark fmt` writes a long
    /// one), written as the page writes them (`2`, `"a", "b"`).
    static func namedValues(_ lines: [String]) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: #"^define ([a-z_][a-z0-9_]*) = (-?[0-9.]+|\[(?:"[^"]*"(?:, )?)+\])$"#)
        var joined: [String] = []
        for line in lines {
            if let last = joined.last, last.hasPrefix("define "), last.hasSuffix(" ="), line.hasPrefix("    ") {
                joined[joined.count - 1] = last + " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                joined.append(line)
            }
        }
        var values: [String: String] = [:]
        for line in joined {
            let ns = line as NSString
            guard let m = pattern.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
            var value = ns.substring(with: m.range(at: 2))
            if value.hasPrefix("[") { value = String(value.dropFirst().dropLast()) }
            values[ns.substring(with: m.range(at: 1))] = value
        }
        return values
    }

    /// Each point's marks and partial marks ("—" when it has none).
    static func pointMarks(_ lines: [String]) -> [String: (marks: String, partial: String)] {
        var marks: [String: (marks: String, partial: String)] = [:]
        var current: String?
        for line in lines {
            if line.hasPrefix("point "), let id = line.dropFirst(6).split(separator: " ").first {
                current = String(id)
                marks[String(id)] = ("0", "—")
            } else if line == "}" {
                current = nil
            } else if let id = current {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("marks ") { marks[id]!.marks = String(t.dropFirst(6)) }
                if t.hasPrefix("partial marks ") { marks[id]!.partial = String(t.dropFirst(14)) }
            }
        }
        return marks
    }

    static func rulesLines(_ file: String) throws -> [String] {
        try String(contentsOfFile: root + "/Rules/" + file, encoding: .utf8).components(separatedBy: "\n")
    }

    @Test func everyShippedRulesFileHasASection() throws {
        let named = Set(try Self.sections().map(\.rules))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Rules").filter { $0.hasSuffix(".rules") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(named.contains(file), "\(Self.document) has no section for Rules/\(file)")
        }
    }

    @Test func namedValuesMatchTheRules() throws {
        let sections = try Self.sections()
        #expect(sections.count == 6, "expected a section for the shared library and one per unit")
        for section in sections {
            let inRules = Self.namedValues(try Self.rulesLines(section.rules))
            #expect(!inRules.isEmpty, "Rules/\(section.rules) names no thresholds at its top")
            for (name, value) in inRules.sorted(by: { $0.key < $1.key }) {
                #expect(section.values[name] == value, "Rules/\(section.rules): '\(name)' is \(value); \(Self.document) (\(section.heading)) says \(section.values[name] ?? "nothing")")
            }
            for name in section.values.keys.sorted() where inRules[name] == nil {
                Issue.record("\(Self.document) (\(section.heading)) lists '\(name)', which Rules/\(section.rules) does not define")
            }
        }
    }

    @Test func marksMatchThePoints() throws {
        for section in try Self.sections() {
            let lines = try Self.rulesLines(section.rules)
            // A point's marks may be a named value (`marks point_marks`): compare its number.
            let named = Self.namedValues(lines)
            let inRules = Self.pointMarks(lines).mapValues { (marks: named[$0.marks] ?? $0.marks, partial: named[$0.partial] ?? $0.partial) }
            #expect(Set(inRules.keys) == Set(section.marks.keys), "\(section.heading): points in the rules \(inRules.keys.sorted()), on the page \(section.marks.keys.sorted())")
            for (point, m) in inRules.sorted(by: { $0.key < $1.key }) {
                guard let page = section.marks[point] else { continue }
                #expect(page.marks == m.marks && page.partial == m.partial, "\(section.heading) \(point): rules say \(m.marks)/\(m.partial), page says \(page.marks)/\(page.partial)")
            }
        }
    }

    /// The checks above would pass vacuously if the readers found nothing; they do find values.
    @Test func readersFindValues() {
        let lines = ["define a_b = 2", "define words = [\"x\", \"y z\"]", "define f(i: item) = 3", "  define c = 1", "define long =", "    [\"p\", \"q\"]",
                     "point p \"P\" {", "  marks 4", "  partial marks 2", "}", "point q \"Q\" {", "  marks 1", "}"]
        #expect(Self.namedValues(lines) == ["a_b": "2", "words": "\"x\", \"y z\"", "long": "\"p\", \"q\""])
        let marks = Self.pointMarks(lines)
        #expect(marks["p"]?.marks == "4" && marks["p"]?.partial == "2")
        #expect(marks["q"]?.marks == "1" && marks["q"]?.partial == "—")
    }
}
