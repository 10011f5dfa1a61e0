import Foundation
import Testing

/// docs/seed-coverage.md maps every examiner marking point of every seed (the unit descriptions in
/// `<package root>/../shared/seeds`) to the rule conditions that check it. These tests keep that
/// page honest: every marking point is on it and in a ruleset, every `Rules/FILE.rules:LINE`
/// citation names a line that holds a rule, and the totals it states match its tables.
@Suite struct SeedCoverageTests {
    static let root = MarkProcess.packageRoot
    static let seedsFolder = URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared/seeds").path
    static let document = "docs/seed-coverage.md"
    static var seedsPresent: Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: seedsFolder, isDirectory: &isFolder) && isFolder.boolValue
    }

    struct Seed {
        var file: String
        var points: [String]
    }

    /// A seed's marking points: the bullet lines after its "Examiner Marking Points" heading, up to
    /// the next line that is neither blank nor a bullet. The heading may carry Markdown marks
    /// (`##`, `**`) or a colon; a bullet may start with `-`, `*` or `•` and be bold.
    static func markingPoints(_ text: String) -> [String]? {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        func isHeading(_ line: String) -> Bool {
            let bare = line.trimmingCharacters(in: CharacterSet.letters.inverted)
            return bare.lowercased() == "examiner marking points"
        }
        guard let start = lines.firstIndex(where: isHeading) else { return nil }
        var points: [String] = []
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let first = trimmed.first, "-*•".contains(first),
                  trimmed.dropFirst().first?.isWhitespace == true else { break }
            var point = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
            if point.hasPrefix("**") && point.hasSuffix("**") && point.count > 4 {
                point = String(point.dropFirst(2).dropLast(2))
            }
            points.append(normalised(point))
        }
        return points
    }

    /// Runs of white space as one space, so wording wrapped across lines still matches.
    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func seeds() throws -> [Seed] {
        let files = try FileManager.default.contentsOfDirectory(atPath: seedsFolder)
            .filter { !$0.hasPrefix(".") }.sorted()
        return try files.map { file in
            let text = try String(contentsOfFile: seedsFolder + "/" + file, encoding: .utf8)
            return Seed(file: file, points: markingPoints(text) ?? [])
        }
    }

    /// The rules files, by name, as lines.
    static func rulesFiles() throws -> [String: [String]] {
        let folder = root + "/Rules"
        var files: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".rules") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            files[name] = text.components(separatedBy: "\n")
        }
        return files
    }

    static func page() throws -> String {
        try String(contentsOfFile: root + "/" + document, encoding: .utf8)
    }

    static let citation = try! NSRegularExpression(pattern: #"Rules/([A-Za-z0-9_.-]+\.rules):([0-9]+)"#)
    static let anyLineReference = try! NSRegularExpression(pattern: #"\.rules:[0-9]+"#)

    static func citations(_ text: String) -> [(file: String, line: Int, at: Int)] {
        let ns = text as NSString
        return citation.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            let at = ns.substring(to: m.range.location).components(separatedBy: "\n").count
            return (ns.substring(with: m.range(at: 1)), Int(ns.substring(with: m.range(at: 2)))!, at)
        }
    }

    /// Why a cited line cannot be the line where a condition is written, or nil if it can.
    static func problem(file: String, line: Int, in rules: [String: [String]]) -> String? {
        guard let lines = rules[file] else { return "Rules/\(file) does not exist" }
        // A file ending in a newline has an empty last element, which is not a line.
        let count = lines.last == "" ? lines.count - 1 : lines.count
        guard line >= 1 && line <= count else { return "Rules/\(file) has \(count) lines, not \(line)" }
        let text = lines[line - 1].trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "Rules/\(file):\(line) is blank" }
        if text.hasPrefix("#") { return "Rules/\(file):\(line) is a comment: \(text)" }
        if text.allSatisfy({ "{}()".contains($0) }) { return "Rules/\(file):\(line) holds only \(text)" }
        return nil
    }

    /// Where a marking point's wording is quoted in the rules (`point id "WORDING"`), as file and line.
    static func quoted(_ wording: String, in rules: [String: [String]]) -> [(file: String, line: Int)] {
        var found: [(String, Int)] = []
        for (file, lines) in rules.sorted(by: { $0.key < $1.key }) {
            for (n, line) in lines.enumerated() where normalised(line).contains("\"" + wording + "\"") {
                found.append((file, n + 1))
            }
        }
        return found
    }

    // MARK: (a) every marking point is covered

    @Test(.enabled(if: seedsPresent, "no seeds folder at <package root>/../shared/seeds; seed coverage not checked"))
    func everySeedHasMarkingPoints() throws {
        let seeds = try Self.seeds()
        #expect(!seeds.isEmpty, "no seed files in \(Self.seedsFolder)")
        for seed in seeds {
            #expect(!seed.points.isEmpty, "\(seed.file): no \"Examiner Marking Points\" heading followed by bullets")
        }
    }

    @Test(.enabled(if: seedsPresent, "no seeds folder at <package root>/../shared/seeds; seed coverage not checked"))
    func everyMarkingPointIsQuotedInARulesetAndOnThePage() throws {
        let rules = try Self.rulesFiles()
        let page = try Self.page()
        let pageText = Self.normalised(page)
        let cited = Set(Self.citations(page).map { "\($0.file):\($0.line)" })
        var total = 0
        for seed in try Self.seeds() {
            for point in seed.points {
                total += 1
                let places = Self.quoted(point, in: rules)
                #expect(!places.isEmpty, "\(seed.file): marking point not quoted in any Rules/*.rules point: \(point)")
                let onPage = pageText.contains(point)
                #expect(onPage, "\(seed.file): marking point not on \(Self.document): \(point)")
                // The page cites the point's own line, so a point that moves is noticed.
                if !places.isEmpty {
                    #expect(places.contains { cited.contains("\($0.file):\($0.line)") },
                            "\(Self.document) does not cite where the point is written (\(places.map { "Rules/\($0.file):\($0.line)" }.joined(separator: ", "))): \(point)")
                }
            }
        }
        #expect(total >= 5, "marking points found in the seeds: \(total)")
    }

    // MARK: (b) every citation is a line that holds a rule

    @Test func everyCitationNamesALineThatHoldsARule() throws {
        let rules = try Self.rulesFiles()
        let page = try Self.page()
        let found = Self.citations(page)
        #expect(found.count >= 50, "citations found on \(Self.document): \(found.count)")
        for c in found {
            if let problem = Self.problem(file: c.file, line: c.line, in: rules) {
                Issue.record("\(Self.document):\(c.at): cites \(problem)")
            }
        }
        // A line reference not in the full form (`anticipating-needs.rules:33`) would escape the check.
        let all = Self.anyLineReference.numberOfMatches(in: page, range: NSRange(location: 0, length: (page as NSString).length))
        #expect(all == found.count, "\(Self.document): \(all - found.count) line reference(s) not written as Rules/FILE.rules:LINE")
    }

    @Test func aBadCitationIsCaught() throws {
        let rules = try Self.rulesFiles()
        #expect(Self.problem(file: "missing.rules", line: 1, in: rules) != nil)
        #expect(Self.problem(file: "anticipating-needs.rules", line: 0, in: rules) != nil)
        #expect(Self.problem(file: "anticipating-needs.rules", line: 10_000, in: rules) != nil)
        #expect(Self.problem(file: "anticipating-needs.rules", line: 1, in: rules) != nil, "line 1 is a comment")
        #expect(Self.problem(file: "anticipating-needs.rules", line: 12, in: rules) != nil, "line 12 is blank")
        #expect(Self.problem(file: "anticipating-needs.rules", line: 44, in: rules) == nil, "line 44 is a point")
    }

    @Test func markingPointsAreReadFromTheSeedLayout() {
        let seed = """
            Topic Synopsis
            - not a marking point
            Examiner Marking Points
            - Award credit for one thing.
            *   **Look for   another.**

            - Assess a third.
            Afterword
            - not a marking point either
            """
        #expect(Self.markingPoints(seed) == ["Award credit for one thing.", "Look for another.", "Assess a third."])
        #expect(Self.markingPoints("## Examiner marking points:\n- One.") == ["One."])
        #expect(Self.markingPoints("Key Concepts\n- One.") == nil)
    }

    // MARK: the page's own totals

    /// The clause rows: the second cell of every row of a `| clause | how it is checked | where |` table.
    static func clauseVerdicts(_ page: String) -> [String] {
        var verdicts: [String] = []
        var inTable = false
        for line in page.components(separatedBy: "\n") {
            if line.hasPrefix("| clause | how it is checked | where |") { inTable = true; continue }
            guard inTable, line.hasPrefix("|") else { inTable = false; continue }
            if line.hasPrefix("|---") { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            verdicts.append(cells.count > 2 ? cells[2] : "")
        }
        return verdicts
    }

    @Test func theTotalsMatchTheTables() throws {
        let page = try Self.page()
        let verdicts = Self.clauseVerdicts(page)
        let checked = verdicts.filter { $0.hasPrefix("**Checked**") }.count
        let judgement = verdicts.filter { $0.hasPrefix("**Judgement**") }.count
        let notChecked = verdicts.filter { $0.hasPrefix("**Not checked**") }.count
        #expect(checked + judgement + notChecked == verdicts.count,
                "every clause is Checked, Judgement or Not checked: \(verdicts.filter { !$0.hasPrefix("**Checked**") && !$0.hasPrefix("**Judgement**") && !$0.hasPrefix("**Not checked**") })")
        // A judgement names the evidence field that records it.
        for v in verdicts where v.hasPrefix("**Judgement**") {
            #expect(v.contains("`"), "a judgement row names no evidence field: \(v)")
        }
        let summary = "**Clauses: \(verdicts.count) in total: \(checked) checked, \(judgement) judgement, \(notChecked) not checked.**"
        let stated = page.contains(summary)
        #expect(stated, "\(Self.document) should state: \(summary)")
        // The gaps table lists every clause that is not checked.
        var gaps = 0
        var inGaps = false
        for line in page.components(separatedBy: "\n") {
            if line.hasPrefix("| unit | point | clause not checked |") { inGaps = true; continue }
            guard inGaps, line.hasPrefix("|") else { inGaps = false; continue }
            if !line.hasPrefix("|---") { gaps += 1 }
        }
        #expect(gaps == notChecked, "the gaps table has \(gaps) rows for \(notChecked) clauses not checked")
    }
}
