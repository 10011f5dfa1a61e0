import MarkCore

/// Turns the engine's diagnostics into the protocol's: ranges in UTF-16 positions, the
/// severity as a number, the stable id as the code, and each note that points somewhere as
/// related information (a note that points nowhere is added to the message, as `mark check`
/// prints it under the diagnostic).
struct DiagnosticJSON {
    let workspace: Workspace
    private var maps: [String: PositionMap] = [:]

    init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The position map of a file, read once.
    mutating func map(_ path: String) -> PositionMap? {
        if let m = maps[path] { return m }
        guard let source = workspace.source(path: path) else { return nil }
        let m = PositionMap(source: source)
        maps[path] = m
        return m
    }

    /// One diagnostic of the document `map` belongs to.
    mutating func json(_ d: Diagnostic, in map: PositionMap) -> JSONValue {
        var message = d.message
        var related: [JSONValue] = []
        for note in d.notes {
            if let range = note.range, let noteMap = note.path == d.path ? map : self.map(note.path) {
                related.append(.object([
                    "location": .object(["uri": .string(workspace.uri(path: note.path)), "range": noteMap.range(range).json]),
                    "message": .string(note.message),
                ]))
            } else {
                message += "\nnote: " + note.message
            }
        }
        let severity: Int
        switch d.severity {
        case .error: severity = 1
        case .warning: severity = 2
        case .note: severity = 3
        }
        return .object([
            "range": map.range(d.range).json,
            "severity": .int(severity),
            "code": .string(d.id),
            "source": .string("mark"),
            "message": .string(message),
            "relatedInformation": related.isEmpty ? nil : .array(related),
        ])
    }

    /// The `textDocument/publishDiagnostics` notification for an open document.
    static func publish(_ uri: String, workspace: Workspace) -> JSONValue? {
        guard let document = workspace.documents[uri] else { return nil }
        var converter = DiagnosticJSON(workspace: workspace)
        let map = PositionMap(source: document.source)
        let items = workspace.diagnostics(uri).map { converter.json($0, in: map) }
        return Outgoing.notification("textDocument/publishDiagnostics", .object([
            "uri": .string(uri), "version": .int(document.version), "diagnostics": .array(items),
        ]))
    }
}
