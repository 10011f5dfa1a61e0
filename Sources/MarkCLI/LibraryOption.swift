import Foundation
import MarkCore

/// `--lib DIR` (repeatable), taken by every command that reads rules: the folders of shared
/// libraries searched for an import not found beside the importing file, before `MARK_LIB`.
enum LibraryOption {
    /// The help line every rules-reading command's help shows.
    static let help = "--lib DIR             A folder of shared libraries to import from (repeatable; also $MARK_LIB, colon-separated)."

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
