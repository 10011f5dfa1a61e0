import Foundation
import MarkTestSupport
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

    static var recording: Bool { GoldenFile.recording }

    /// Compares `actual` with the file at `path`, or records it (see `GoldenFile`).
    static func check(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let problem = GoldenFile.check(actual, against: path) { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    }
}
