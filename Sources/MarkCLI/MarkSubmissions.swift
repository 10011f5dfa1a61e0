import Foundation
import MarkCore

/// `mark SUBMISSION…`: mark learners' evidence with a ruleset.
enum MarkSubmissions: Subcommand {
    static let name = "mark"
    static let abstract = "Mark submissions (the default command)"
    static let help = """
        OVERVIEW: Mark learners' evidence submissions and print grades with feedback.

        USAGE: mark [mark] SUBMISSION… [--rules PATH] [--format text|json]

        """

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        throw UsageError("marking is not available yet")
    }
}

/// `mark fmt`: placeholder until the formatter lands.
enum FormatCommand: Subcommand {
    static let name = "fmt"
    static let abstract = "Format rule files in the canonical layout"
    static let help = "USAGE: mark fmt [--check | --write] PATH…\n"

    static func run(_ arguments: [String], terminal: Terminal) throws(UsageError) -> Int32 {
        throw UsageError("not available yet")
    }
}
