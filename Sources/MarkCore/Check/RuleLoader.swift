import Foundation

/// Reads rule files and their imports from disk, parsing each once, and keeps every import
/// inside the rules folder.
public struct RuleLoader {
    /// A file read and parsed.
    public struct Loaded: Sendable {
        /// The file's source.
        public var source: SourceFile
        /// Its syntax tree.
        public var tree: RuleFile
        /// Lexing and parsing diagnostics.
        public var diagnostics: [Diagnostic]
    }

    /// The folder imports must stay inside (normalised, no trailing slash).
    public let root: String
    private var cache: [String: Loaded] = [:]

    /// Creates a loader whose imports may not leave `root`.
    public init(root: String) {
        self.root = RuleLoader.normalise(root)
    }

    /// Reads and parses a file, or returns a diagnostic saying why it cannot be read.
    public mutating func load(_ path: String) -> Result<Loaded, Diagnostic> {
        let key = RuleLoader.normalise(path)
        if let hit = cache[key] { return .success(hit) }
        switch RuleLoader.readFile(path) {
        case .failure(let d): return .failure(d)
        case .success(let bytes):
            let source = SourceFile(path: path, bytes: bytes)
            let (tree, diagnostics) = Parser.parse(source)
            let loaded = Loaded(source: source, tree: tree, diagnostics: diagnostics)
            cache[key] = loaded
            return .success(loaded)
        }
    }

    /// Reads a whole file, refusing directories and reporting a missing or unreadable file.
    public static func readFile(_ path: String) -> Result<[UInt8], Diagnostic> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Diagnostic(.error, id: "file-not-found", "no such file", path: path, range: 0..<0))
        }
        if isDirectory.boolValue {
            return .failure(Diagnostic(.error, id: "is-a-directory", "is a directory, not a file", path: path, range: 0..<0))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Diagnostic(.error, id: "unreadable-file", "cannot read the file", path: path, range: 0..<0))
        }
        return .success([UInt8](data))
    }

    /// Resolves `importPath` written in `importer`; nil with a message when it leaves the root.
    public func resolve(_ importPath: String, from importer: String) -> Result<String, Message> {
        if importPath.hasPrefix("/") { return .failure(Message("import paths are relative to the importing file; '\(importPath)' is absolute")) }
        guard importPath.hasSuffix(".rules") else { return .failure(Message("an import must name a '.rules' file")) }
        let directory = (importer as NSString).deletingLastPathComponent
        let joined = RuleLoader.normalise(directory.isEmpty ? importPath : directory + "/" + importPath)
        let rootPrefix = root == "." ? "" : root + "/"
        let inside = rootPrefix.isEmpty ? !joined.hasPrefix("../") && joined != ".." : joined.hasPrefix(rootPrefix)
        guard inside else { return .failure(Message("import '\(importPath)' leaves the rules folder '\(root)'")) }
        return .success(joined)
    }

    /// Removes `.` and resolves `..` components lexically.
    public static func normalise(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == ".." && absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
