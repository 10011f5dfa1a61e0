import Foundation
import MarkCore

/// Finds `.rules` files under the paths a user named.
enum RuleFiles {
    /// A rule file and the folder its imports must stay inside.
    struct Entry {
        var path: String
        var root: String
    }

    /// Expands folders (recursively, sorted) and keeps files; missing paths become diagnostics.
    static func collect(_ paths: [String]) -> (entries: [Entry], problems: [Diagnostic]) {
        var entries: [Entry] = []
        var problems: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(.error, id: "file-not-found", "no such file or folder", path: path, range: 0..<0))
                continue
            }
            if isDirectory.boolValue {
                for file in files(under: path, suffix: ".rules") { entries.append(Entry(path: file, root: path)) }
            } else {
                let parent = (path as NSString).deletingLastPathComponent
                entries.append(Entry(path: path, root: parent.isEmpty ? "." : parent))
            }
        }
        return (entries, problems)
    }

    /// Whether `path` is an existing folder.
    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Files with the suffix under a folder, recursively, in sorted order.
    static func files(under folder: String, suffix: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(suffix) {
                let full = folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.append(full)
                }
            }
        }
        return found.sorted()
    }
}

/// Writes diagnostics as text or JSON.
enum DiagnosticOutput {
    static func text(_ diagnostics: [Diagnostic], sources: [String: SourceFile], colour: Bool) -> String {
        DiagnosticRenderer(colour: colour).render(diagnostics, sources: sources)
    }

    static func json(_ diagnostics: [Diagnostic], sources: [String: SourceFile], files: Int) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.int("files", files)
        w.int("errors", diagnostics.filter { $0.severity == .error }.count)
        w.int("warnings", diagnostics.filter { $0.severity == .warning }.count)
        w.beginArray("diagnostics")
        for d in diagnostics {
            w.beginObject()
            w.string("path", d.path)
            let start = sources[d.path]?.location(of: d.range.lowerBound) ?? SourceLocation(line: 0, column: 0)
            let end = sources[d.path]?.location(of: d.range.upperBound) ?? start
            w.int("line", start.line)
            w.int("column", start.column)
            w.int("endLine", end.line)
            w.int("endColumn", end.column)
            w.string("severity", d.severity.rawValue)
            w.string("id", d.id)
            w.string("message", d.message)
            w.beginArray("notes")
            for n in d.notes {
                w.beginObject()
                w.string("message", n.message)
                if let r = n.range, let s = sources[n.path] {
                    let loc = s.location(of: r.lowerBound)
                    w.string("path", n.path)
                    w.int("line", loc.line)
                    w.int("column", loc.column)
                }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
