import Foundation
import MarkCore

/// `--lib DIR` (repeatable), taken by every command that reads rules: the folders of shared
/// libraries searched for an import not found beside the importing file, before `MARK_LIB`.
enum LibraryOption {
    /// The help line every rules-reading command's help shows.
    static let help = "--lib DIR             A folder of shared libraries to import from (repeatable; also $MARK_LIB, colon-separated)."

    /// The commands that read rules (and so take `--lib`), whose help lists it.
    static let commands: Set<String> = [
        "mark", "check", "compare", "diff", "explain", "why-not", "import", "sample", "agree", "moderate", "schema", "template", "test", "verify",
    ]

    /// The option's lines in a command's OPTIONS list.
    static let optionHelp = """
          --lib DIR             A folder of shared libraries to import from, searched after the
                                importing file's folder (repeatable; also $MARK_LIB, colon-separated).

        """

    /// A command's help with `--lib` listed among its options (before `-h, --help`), when the
    /// command reads rules.
    static func help(of command: String, _ help: String) -> String {
        guard commands.contains(command), !help.contains("--lib DIR") else { return help }
        guard let at = help.range(of: "  -h, --help") else { return help + optionHelp }
        return help.replacingCharacters(in: at.lowerBound..<at.lowerBound, with: optionHelp)
    }

    /// Removes every `--lib DIR` from `arguments` (up to a `--`) and puts the folders first on
    /// the library path; a missing DIR or a DIR that is not a folder is a usage error.
    static func take(_ arguments: [String]) throws(UsageError) -> [String] {
        var rest: [String] = []
        var folders: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            guard argument == "--lib" || argument.hasPrefix("--lib=") else {
                rest.append(argument)
                index += 1
                continue
            }
            var folder = String(argument.dropFirst("--lib=".count))
            if argument == "--lib" {
                guard index + 1 < arguments.count else { throw UsageError("--lib needs a folder") }
                folder = arguments[index + 1]
                index += 1
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("--lib \(TerminalText.escaped(folder)): no such folder")
            }
            folders.append(folder)
            index += 1
        }
        LibraryPath.prepend(folders)
        return rest
    }
}
