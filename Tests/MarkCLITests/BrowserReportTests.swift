import Foundation
import MarkTestSupport
import Testing

/// The learner's HTML page in a real browser (headless Chromium; CI installs Debian's
/// `chromium`, and without one these tests are skipped with a message). The page has no script,
/// so the test loads copies of the pages, with the print stylesheet applied to the screen
/// (`@media print` read as `@media all`), into frames as wide as the printed A4 text (210 mm less
/// two 15 mm margins = 680 CSS px) of one host page whose script measures each frame: every
/// element whose right edge passes the frame, the scripts the page holds and the text it shows.
/// One Chromium run (`--dump-dom`) measures every sample; the tests run one at a time, so at
/// most one browser runs beside the rest of the suite. See docs/reports.md.
@Suite(.serialized) struct BrowserReportTests {
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = folder + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()
    static let skipped: Comment = "no chromium on PATH: the HTML report is not rendered in a browser here (CI installs Debian's chromium)"

    /// The printed text width of an A4 page with 15 mm margins, in CSS pixels (96 per inch).
    static let printedWidth = 680

    static let host = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><style>iframe { display: block; border: 0; width: 680px; height: 1000px; }</style></head>
        <body>
        FRAMES
        <script>
        window.addEventListener('load', () => {
          const found = [];
          for (const frame of document.querySelectorAll('iframe')) {
            const doc = frame.contentDocument;
            const w = doc.documentElement.clientWidth;
            const wide = [];
            for (const e of doc.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.right > w + 0.5) wide.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' to ' + Math.round(r.right));
            }
            const learner = doc.querySelector('header strong');
            found.push({ width: w, scrollWidth: doc.documentElement.scrollWidth, wide: wide, scripts: doc.scripts.length,
              learner: learner ? learner.textContent : null, title: doc.title });
          }
          const pre = document.createElement('pre');
          pre.id = 'measured';
          pre.textContent = encodeURIComponent(JSON.stringify(found));
          document.body.appendChild(pre);
        });
        </script>
        </body></html>
        """

    struct Measured: Decodable {
        var width: Int
        var scrollWidth: Int
        var wide: [String]
        var scripts: Int
        var learner: String?
        var title: String
    }

    static func run(_ arguments: [String], profile: String) throws -> MarkProcess.Output {
        try MarkProcess.run(
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--disable-background-networking", "--disable-component-update", "--disable-breakpad",
            ] + arguments,
            executable: chromium!)
    }

    /// A temporary folder, removed when `body` returns.
    static func scratch<T>(_ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mark-browser-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try body(folder)
    }

    /// Renders `pages` (with `extra` added to each body) at the printed width, in one run, and
    /// returns what was measured in each, in order.
    static func measure(_ pages: [String], extra: String = "") throws -> [Measured] {
        try scratch { folder in
            var frames = ""
            for (i, page) in pages.enumerated() {
                let copy = page.replacingOccurrences(of: "@media print", with: "@media all").replacingOccurrences(of: "</body>", with: extra + "</body>")
                try copy.write(toFile: folder + "/page-\(i).html", atomically: true, encoding: .utf8)
                frames += "<iframe src=\"page-\(i).html\"></iframe>\n"
            }
            try host.replacingOccurrences(of: "FRAMES", with: frames).write(toFile: folder + "/host.html", atomically: true, encoding: .utf8)
            let r = try run(
                ["--allow-file-access-from-files", "--virtual-time-budget=10000", "--window-size=800,1000", "--dump-dom", "file://" + folder + "/host.html"],
                profile: folder + "/profile")
            guard let start = r.stdout.range(of: "<pre id=\"measured\">"),
                let end = r.stdout.range(of: "</pre>", range: start.upperBound..<r.stdout.endIndex),
                let json = String(r.stdout[start.upperBound..<end.lowerBound]).removingPercentEncoding
            else { throw MarkProcessError(message: "chromium did not run the measuring script: \(r.stderr.suffix(400))") }
            let found = try JSONDecoder().decode([Measured].self, from: Data(json.utf8))
            guard found.count == pages.count else { throw MarkProcessError(message: "measured \(found.count) of \(pages.count) pages") }
            return found
        }
    }

    static func page(_ arguments: [String]) throws -> String {
        let r = try MarkProcess.run(arguments + ["--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test(.enabled(if: chromium != nil, skipped))
    func theMeasurementSeesAnElementWiderThanThePage() throws {
        let page = try Self.page(["Samples/" + SampleGoldenTests.samples[0]])
        let found = try #require(try Self.measure([page], extra: "<div id=\"too-wide\" style=\"width: 900px\">x</div>\n").first)
        #expect(found.width == Self.printedWidth)
        #expect(found.wide.contains { $0.hasPrefix("div#too-wide") }, "\(found.wide)")
    }

    @Test(.enabled(if: chromium != nil, skipped))
    func everySamplePageFitsThePrintedPageWidth() throws {
        // Every sample's page, and the cohort's index (its chart and tables) last.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mark-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try MarkProcess.run(["Samples", "--format", "html", "--out", out, "--quiet"])
        let names = SampleGoldenTests.samples + ["index.html"]
        let pages = try SampleGoldenTests.samples.map { try Self.page(["Samples/" + $0]) } + [String(contentsOfFile: out + "/index.html", encoding: .utf8)]
        let measured = try Self.measure(pages)
        #expect(measured.count >= 16)
        for (name, found) in zip(names, measured) {
            #expect(found.width == Self.printedWidth, "\(name)")
            #expect(found.scrollWidth <= found.width, "\(name): the page scrolls sideways (\(found.scrollWidth) px)")
            #expect(found.wide.isEmpty, "\(name): wider than the printed page: \(found.wide)")
            #expect(found.scripts == 0, "\(name): the page has a script")
        }
    }

    static let hostile = "<script>alert(\"x\")</script> & \"Q\" 'q' \u{202E}evil\u{2066}"

    @Test(.enabled(if: chromium != nil, skipped))
    func hostileLearnerTextShowsLiterally() throws {
        let sample = MarkProcess.packageRoot + "/Samples/" + SampleGoldenTests.samples[0]
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sample))) as! [String: Any]
        object["learner"] = ["id": Self.hostile + String(repeating: "W", count: 120)]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mark-hostile-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let found = try #require(try Self.measure([try Self.page([file.path])]).first)
        // Shown as written: the tags as text, the bidi controls as visible escapes (as on a terminal).
        let shown = "<script>alert(\"x\")</script> & \"Q\" 'q' \\u{202E}evil\\u{2066}" + String(repeating: "W", count: 120)
        #expect(found.learner == shown)
        #expect(found.title.contains(shown))
        #expect(found.scripts == 0, "the learner's <script> became an element")
        #expect(found.wide.isEmpty, "a long learner id overflows: \(found.wide)")
    }

    /// One screenshot per grade, kept under docs/images (rewritten only with MARK_RECORD=1,
    /// like a golden file; otherwise taken into a temporary folder and checked).
    @Test(.enabled(if: chromium != nil, skipped))
    func aScreenshotOfOnePagePerGrade() throws {
        var firstByGrade: [(grade: String, sample: String)] = []
        for name in SampleGoldenTests.samples {
            let json = try MarkProcess.run(["Samples/" + name, "--format", "json"]).stdout
            let grade = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["grade"] as? String) ?? ""
            if !firstByGrade.contains(where: { $0.grade == grade }) { firstByGrade.append((grade, name)) }
        }
        #expect(firstByGrade.count >= 5)
        let folder = GoldenFile.recording ? MarkProcess.packageRoot + "/docs/images" : FileManager.default.temporaryDirectory.path + "/mark-shots-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if !GoldenFile.recording { try? FileManager.default.removeItem(atPath: folder) } }
        for (grade, sample) in firstByGrade {
            let page = FileManager.default.temporaryDirectory.appendingPathComponent("mark-page-\(UUID().uuidString).html")
            try Self.page(["Samples/" + sample]).write(to: page, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: page) }
            let png = folder + "/report-" + grade.lowercased().replacingOccurrences(of: " ", with: "-") + ".png"
            _ = try Self.scratch { try Self.run(["--window-size=794,1123", "--screenshot=" + png, page.absoluteString], profile: $0) }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(png) is not a PNG")
            let width = bytes.count > 24 ? Int(bytes[16]) << 24 | Int(bytes[17]) << 16 | Int(bytes[18]) << 8 | Int(bytes[19]) : 0
            #expect(width == 794, "\(png): \(width) px wide")
            if GoldenFile.recording { print("note: recorded \(png) (MARK_RECORD=1)") }
            let kept = "docs/images/" + (png as NSString).lastPathComponent
            #expect(FileManager.default.fileExists(atPath: MarkProcess.packageRoot + "/" + kept), "no \(kept): record it with MARK_RECORD=1")
        }
    }
}
