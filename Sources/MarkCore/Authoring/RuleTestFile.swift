/// A parsed rule test file (`Rules/<stem>.tests`): the ruleset it tests and its cases. The
/// format is described in docs/authoring.md.
///
/// ```
/// ruleset "exceeding-expectations.rules"
/// case "merit sample" {
///   submission "../Samples/exceeding-expectations-merit.json"
///   expect grade "Merit"
///   expect personalised_communication partially met
/// }
/// case "one fewer follow-up" from "merit sample" {
///   change "$.items[0].follow_up.refers_to_previous" to false
///   expect personalised_communication not met
/// }
/// ```
public struct RuleTestFile: Sendable {
    /// The file's source, for diagnostics.
    public var source: SourceFile
    /// The ruleset as written after `ruleset`, and where; nil when the file names none (then
    /// the ruleset beside it with the same stem is tested).
    public var ruleset: (path: String, range: Range<Int>)?
    /// The cases, in order.
    public var cases: [RuleTestCase]
    /// The mutants the author explains as equivalent (mutation testing does not count them).
    public var equivalents: [RuleTestEquivalent] = []

    /// The ruleset's path: relative to the test file's folder, or the file's stem + `.rules`.
    public var rulesetPath: String {
        let folder = RuleTestFile.folder(of: source.path)
        let name: String
        if let ruleset {
            if ruleset.path.hasPrefix("/") { return RuleLoader.normalise(ruleset.path) }
            name = ruleset.path
        } else {
            var file = String(source.path.split(separator: "/").last ?? "")
            if file.hasSuffix(".tests") { file.removeLast(6) }
            name = file + ".rules"
        }
        return RuleLoader.normalise(folder.isEmpty ? name : folder + "/" + name)
    }

    /// A path written in the file, resolved against the file's folder.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = RuleTestFile.folder(of: source.path)
        return RuleLoader.normalise(folder.isEmpty ? path : folder + "/" + path)
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// One test case: a submission, changes to it, and what marking it must give.
public struct RuleTestCase: Sendable {
    /// The case's name.
    public var name: String
    /// Where the name is written.
    public var nameRange: Range<Int>
    /// Where the whole case is written.
    public var range: Range<Int>
    /// The submission (inherited from the `from` case when not given).
    public var submission: RuleTestSubmission?
    /// Changes applied to the submission in order (the `from` case's first).
    public var changes: [RuleTestChange]
    /// What marking must give.
    public var expectations: [RuleTestExpectation]
}

/// Where a case's submission comes from.
public enum RuleTestSubmission: Sendable, Equatable {
    /// A JSON file, by its path relative to the test file, and where the path is written.
    case file(String, range: Range<Int>)
    /// JSON written in the test file itself, at this byte range.
    case inline(range: Range<Int>)
}

/// A change to a submission's JSON before it is marked.
public struct RuleTestChange: Sendable {
    /// What the change does.
    public enum Action: Sendable, Equatable {
        /// Set the value at the path (adding an object key, or appending when the index is the
        /// list's length) to the JSON written at this byte range of the test file.
        case set(valueRange: Range<Int>)
        /// Remove the field or list element at the path.
        case remove
    }
    /// The JSON path.
    public var path: RuleTestJSONPath
    /// Where the path is written.
    public var pathRange: Range<Int>
    /// What to do there.
    public var action: Action
}

/// One expectation of a case.
public struct RuleTestExpectation: Sendable {
    /// What is expected.
    public enum Kind: Sendable, Equatable {
        /// `expect grade "Merit"`.
        case grade(String)
        /// `expect total 20`.
        case total(Double)
        /// `expect point_id met` (`partially met`, `not met`).
        case verdict(point: String, VerdictLevel)
        /// `expect component observation "Distinction"`: the grade a component gets.
        case component(id: String, grade: String)
    }
    /// What is expected.
    public var kind: Kind
    /// Where the statement is written.
    public var range: Range<Int>
    /// Where its subject (the point id, the grade, the number, or the component's grade) is written.
    public var subjectRange: Range<Int>
}

/// A mutant of the tested ruleset that no submission can tell from the rules as written, with
/// the author's reason: `equivalent "total >= 18" to "total >= 17" because "every total is even"`.
/// `mark test --mutate` reports it as explained, not as a survivor (docs/analysis-checks.md).
public struct RuleTestEquivalent: Sendable {
    /// The rule text as written (a mutant's `original`).
    public var original: String
    /// The text as the mutant has it (its `mutated`).
    public var mutated: String
    /// Why no submission can tell the two apart.
    public var reason: String
    /// Where the statement is written.
    public var range: Range<Int>
}
