import Foundation
import Testing

/// Golden-file comparison: the expected text lives beside the fixture; set MARK_RECORD=1 to
/// re-record it.
enum Golden {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["MARK_RECORD"] == "1" }

    /// Compares `actual` with the file at `path`, or records it.
    static func check(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if recording {
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing golden file \(path); run with MARK_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            Issue.record("output differs from \(path):\n--- expected\n\(expected)\n--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}
