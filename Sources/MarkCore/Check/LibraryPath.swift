import Foundation

/// The library search path: folders of shared `.rules` libraries that rule folders for several
/// qualifications import from (`--lib DIR`, `MARK_LIB=DIR:DIR`). An import that is not found
/// beside the importing file is looked up in each folder in turn, confined to that folder as
/// imports are to the rules folder (see docs/language.md, "Sharing a library").
public enum LibraryPath {
    /// The environment variable holding the search path, colon-separated.
    public static let variable = "MARK_LIB"

    /// The folders named by `MARK_LIB`, in order (empty entries skipped).
    public static func fromEnvironment() -> [String] {
        guard let value = ProcessInfo.processInfo.environment[variable] else { return [] }
        return value.split(separator: ":", omittingEmptySubsequences: true).map { RuleLoader.normalise(String($0)) }
    }

    /// Prepends `folders` (from `--lib`) to `MARK_LIB` for the rest of the process, so every
    /// rules loader the command creates searches them first.
    public static func prepend(_ folders: [String]) {
        guard !folders.isEmpty else { return }
        let all = folders + fromEnvironment()
        setenv(variable, all.joined(separator: ":"), 1)
    }
}

extension RuleLoader {
    /// Resolves `importPath` on the library path when it is not a file beside the importer:
    /// the first library folder holding it, or a message when its real path leaves that folder.
    /// Nil when no library folder has it (the import then resolves as written).
    func resolveOnLibraryPath(_ importPath: String) -> Result<String, Message>? {
        for library in libraries {
            let joined = RuleLoader.normalise(library + "/" + importPath)
            // A path that would leave the library folder is not looked up there.
            guard RuleLoader.isInside(joined, library) else { continue }
            guard FileManager.default.fileExists(atPath: joined) else { continue }
            if let real = RuleLoader.realPath(joined), let realLibrary = RuleLoader.realPath(library),
                !(real == realLibrary || real.hasPrefix(realLibrary + "/"))
            {
                return .failure(Message("import '\(importPath)' resolves (through a symbolic link) to a file outside the library folder '\(library)'"))
            }
            return .success(joined)
        }
        return nil
    }

    /// Whether a real path lies inside one of the library folders.
    func insideLibrary(_ real: String) -> Bool {
        libraries.contains { library in
            guard let realLibrary = RuleLoader.realPath(library) else { return false }
            return real == realLibrary || real.hasPrefix(realLibrary + "/")
        }
    }
}
