import Foundation

/// Reads rule files and their imports from disk, parsing each once, and keeps every file inside
/// the rules folder — by its real path, symbolic links resolved — and quotes nothing of a file
/// that is not a rules source (see docs/language.md, "Imports").
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
    /// The root's real path (symbolic links resolved), when it exists.
    let realRoot: String?
    private var cache: [String: Loaded] = [:]
    /// Text that stands in for a file's contents on disk, by normalised path: an editor's
    /// unsaved buffers, so a ruleset is checked against the libraries as they are being edited.
    public var overlay: [String: [UInt8]] = [:]

    /// The library search path (`--lib`, `MARK_LIB`): folders searched for an import that is
    /// not beside the importing file.
    public let libraries: [String]

    /// Creates a loader whose files and imports may not leave `root` (or a library folder).
    public init(root: String, libraries: [String] = LibraryPath.fromEnvironment()) {
        self.root = RuleLoader.normalise(root)
        self.realRoot = RuleLoader.realPath(root)
        self.libraries = libraries
    }

    /// Reads and parses a file, or returns a diagnostic saying why it cannot be read. A file
    /// whose real path is outside the root is not read; one that is not UTF-8 text or does not
    /// start with a declaration gets one diagnostic and is not parsed or quoted.
    public mutating func load(_ path: String) -> Result<Loaded, Diagnostic> {
        let key = RuleLoader.normalise(path)
        if let hit = cache[key] { return .success(hit) }
        if let outside = confine(path) { return .failure(outside) }
        let read: Result<[UInt8], Diagnostic> = overlay[key].map { .success($0) } ?? RuleLoader.readFile(path)
        switch read {
        case .failure(let d): return .failure(d)
        case .success(let bytes):
            var source = SourceFile(path: path, bytes: bytes)
            let loaded: Loaded
            if let refusal = RuleLoader.refusal(source) {
                source.isQuotable = false
                loaded = Loaded(source: source, tree: RuleFile(declarations: [], comments: []), diagnostics: [refusal])
            } else {
                let (tree, diagnostics) = Parser.parse(source)
                loaded = Loaded(source: source, tree: tree, diagnostics: diagnostics)
            }
            cache[key] = loaded
            return .success(loaded)
        }
    }

    /// A diagnostic naming `path` (not its target) when its real path is outside the root.
    public func confine(_ path: String) -> Diagnostic? {
        guard let realRoot, let real = RuleLoader.realPath(path) else { return nil }
        let inside = realRoot == "/" || real == realRoot || real.hasPrefix(realRoot + "/")
        if inside || insideLibrary(real) { return nil }
        return Diagnostic(
            .error, id: "outside-rules-folder",
            "resolves (through a symbolic link) to a file outside the rules folder '\(root)'; rules files and imports must be inside it, so it was not read",
            path: path, range: 0..<0)
    }

    /// The real path of an existing file or folder, symbolic links resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The declaration keywords a rules file starts with.
    static let declarationKeywords = ["ruleset", "library", "import", "evidence", "define", "point", "grading"]

    /// Why a file is not accepted as a rules source, or nil: it is not UTF-8 text (invalid UTF-8
    /// or a NUL byte), or its first word is not a declaration keyword. The message quotes nothing
    /// from the file.
    public static func refusal(_ source: SourceFile) -> Diagnostic? {
        let bytes = source.bytes
        var i = 0
        while i < bytes.count {
            let length = bytes[i] == 0 ? 0 : UTF8Validation.sequenceLength(bytes, at: i)
            if length == 0 {
                let what = bytes[i] == 0 ? "a NUL byte" : "invalid UTF-8 (byte 0x\(String(bytes[i], radix: 16, uppercase: true)))"
                return Diagnostic(
                    .error, id: "not-a-rules-file", "not a rules file: it holds \(what) here; rules files are UTF-8 text, so it was not read further",
                    path: source.path, range: i..<i + 1)
            }
            i += length
        }
        let first = Lexer.tokenize(source).tokens.first
        guard let first, first.kind != .endOfFile else { return nil }
        let word = first.kind == .identifier ? source.text(first.range) : ""
        if declarationKeywords.contains(word) { return nil }
        let keywords = declarationKeywords.joined(separator: ", ")
        return Diagnostic(
            .error, id: "not-a-rules-file",
            "not a rules file: it does not start with a declaration (\(keywords)), so it was not read further"
                + (word.isEmpty ? "" : Suggestion.didYouMean(word, among: declarationKeywords)),
            path: source.path, range: first.range.lowerBound..<first.range.lowerBound)
    }

    /// Reads a whole file, refusing directories and reporting a missing or unreadable file.
    public static func readFile(_ path: String, limit: Int = RuleLoader.maxSize, readAs what: String = "rules files") -> Result<[UInt8], Diagnostic> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Diagnostic(.error, id: "file-not-found", "no such file", path: path, range: 0..<0))
        }
        if isDirectory.boolValue {
            return .failure(Diagnostic(.error, id: "is-a-directory", "is a directory, not a file", path: path, range: 0..<0))
        }
        // Only regular files, and no more than a rules file can sensibly be: a FIFO, a device
        // or /dev/zero named as a rules file is an error, not a hang.
        let fd: Int32
        let size: Int
        switch InputFile.openRegular(path, readAs: what) {
        case .failure(let d): return .failure(d)
        case .success(let opened): (fd, size) = opened
        }
        defer { close(fd) }
        let tooLarge = Diagnostic(.error, id: "too-large", "larger than the limit of \(InputFile.describe(limit)) for \(what)", path: path, range: 0..<0)
        if size > limit { return .failure(tooLarge) }
        switch InputFile.readAll(fd, expected: size, limit: limit) {
        case .success(let bytes): return .success(bytes)
        case .failure(.tooLarge): return .failure(tooLarge)
        case .failure(.unreadable): return .failure(Diagnostic(.error, id: "unreadable-file", "cannot read the file", path: path, range: 0..<0))
        }
    }

    /// The largest rules file read: 16 MB.
    public static let maxSize = 16 << 20
    /// The largest results, decisions or plan file a moderation command reads: 1 GB.
    public static let maxModerationSize = 1 << 30

    /// Resolves `importPath` written in `importer`; nil with a message when it leaves the root.
    public func resolve(_ importPath: String, from importer: String, what: String = "import") -> Result<String, Message> {
        if importPath.hasPrefix("/") { return .failure(Message("\(what) paths are relative to the importing file; '\(importPath)' is absolute")) }
        guard importPath.hasSuffix(".rules") else { return .failure(Message((what == "import" ? "an import" : "a \(what)") + " must name a '.rules' file")) }
        let directory = (importer as NSString).deletingLastPathComponent
        let joined = RuleLoader.normalise(directory.isEmpty ? importPath : directory + "/" + importPath)
        // A file in a library folder imports within that folder, as one in the rules folder does.
        let home = libraries.first { RuleLoader.isInside(RuleLoader.normalise(importer), $0) && !RuleLoader.isInside(RuleLoader.normalise(importer), root) }
        let inside = RuleLoader.isInside(joined, home ?? root)
        let beside = inside && FileManager.default.fileExists(atPath: joined)
        if !beside, what == "import", let found = resolveOnLibraryPath(importPath) { return found }
        guard inside else { return .failure(Message("\(what) '\(importPath)' leaves the \(home == nil ? "rules" : "library") folder '\(home ?? root)'")) }
        return .success(joined)
    }

    /// Whether normalised `path` lies inside normalised `folder`, lexically.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "." ? !path.hasPrefix("../") && path != ".." && !path.hasPrefix("/") : path.hasPrefix(folder == "/" ? "/" : folder + "/")
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
