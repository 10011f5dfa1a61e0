import Foundation

/// Golden files for both test targets: the expected text lives in a file beside the test;
/// `MARK_RECORD=1` re-records it. Recording compares first and writes only a file whose text
/// changed, prints every file it changed, and reports a failed write as a problem, so a
/// re-recording run shows exactly what it rewrote and never passes silently without writing.
public enum GoldenFile {
    /// Whether this run re-records golden files.
    public static var recording: Bool { ProcessInfo.processInfo.environment["MARK_RECORD"] == "1" }

    /// Compares `actual` with the file at `path` (or, when recording, rewrites the file if it
    /// differs); returns the problem to record as a test issue, or nil.
    public static func check(_ actual: String, against path: String, recording: Bool = GoldenFile.recording) -> String? {
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        if recording {
            guard expected != actual else { return nil }
            do {
                try actual.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                return "cannot record golden file \(path): \(error.localizedDescription)"
            }
            print("note: recorded \(path) (\(expected == nil ? "new" : "changed"); MARK_RECORD=1)")
            return nil
        }
        guard let expected else { return "missing golden file \(path); run with MARK_RECORD=1 to create it" }
        if actual != expected {
            return "output differs from \(path):\n--- expected\n\(expected)\n--- actual\n\(actual)"
        }
        return nil
    }
}
