import Foundation

/// The `--out` folder: one result file per submission, each written to a temporary file in the
/// same folder and renamed into place, so a killed run never leaves a partial result file.
public enum CohortResultFiles {
    /// Temporary files are named `.NAME.mark-tmp-PID-WORKER`.
    static let temporaryMarker = ".mark-tmp-"

    /// The temporary name for a result file written by a worker of this process.
    static func temporaryPath(for path: String, worker: Int) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return folder + "." + name + temporaryMarker + String(getpid()) + "-" + String(worker)
    }

    /// Writes `text` to `path` atomically (worker: a number unique among concurrent writers of
    /// this process), creating folders as needed; nil, or why it failed (a
    /// failed or short write, close or rename: the temporary file is removed). A path that
    /// exists and is not a regular file (a device, a FIFO, a folder) is refused: renaming over
    /// it would replace it, and writing into it would not be atomic.
    public static func write(_ text: String, to path: String, worker: Int) -> String? {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG { return "not a regular file" }
        let temporary = temporaryPath(for: path, worker: worker)
        var fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            let folder = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var text = text
        let ok = text.withUTF8 { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        var error = ok ? nil : String(cString: strerror(errno))
        if close(fd) != 0 && error == nil { error = String(cString: strerror(errno)) }
        if let error {
            unlink(temporary)
            return error
        }
        if rename(temporary, path) != 0 {
            let error = String(cString: strerror(errno))
            unlink(temporary)
            return error
        }
        return nil
    }

    /// Creates a folder and its parents as needed; nil, or the `errno` of the step that failed
    /// (ENOTDIR when the path or a parent is a file).
    public static func makeFolder(_ path: String) -> Int32? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o777) != 0 {
                let code = errno
                var info = stat()
                guard stat(prefix, &info) == 0 else { return code }
                if (info.st_mode & S_IFMT) != S_IFDIR { return ENOTDIR }
            }
            prefix += "/"
        }
        return nil
    }

    /// Removes temporary files left in the folder by runs that were killed (their process is
    /// gone); a running process's files are left alone.
    public static func removeStaleTemporaries(in root: String) {
        var pending = [root]
        while let folder = pending.popLast() {
            guard let dir = opendir(folder) else { continue }
            var stale: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                if entry.pointee.d_type == UInt8(DT_DIR) {
                    pending.append(folder + "/" + name)
                } else if name.hasPrefix("."), let marker = name.range(of: temporaryMarker, options: .backwards) {
                    let owner = name[marker.upperBound...].split(separator: "-").first.flatMap { Int32($0) } ?? 0
                    if owner <= 0 || owner == getpid() || (kill(owner, 0) != 0 && errno == ESRCH) {
                        stale.append(folder + "/" + name)
                    }
                }
            }
            closedir(dir)
            for path in stale { unlink(path) }
        }
    }

    /// What an up-to-date result file says, enough for the gradebook and the summary.
    struct Recorded {
        var row: GradeRow
        var learner: String
        var unit: String
        var assessor: String
        var grade: String
        var total: Double
        var maximum: Double
        /// Each component's grade, in the ruleset's component order.
        var components: [String]
        /// Whether the file records overrides (then the submission is marked again).
        var hasOverrides: Bool
    }

    /// Reads a result file written by an earlier run and returns what it recorded, when it was
    /// computed from input with digest `inputSHA256` by `ruleset` (same rules source).
    static func recorded(_ bytes: [UInt8], inputSHA256: String, ruleset index: Int, in catalog: RulesetCatalog) -> Recorded? {
        guard let json = try? JSONReader.parse(bytes) else { return nil }
        let root = json.root
        guard let input = json.member(root, "input"), let sha = json.member(input, "sha256"),
            json.string(sha, equals: inputSHA256),
            let rulesetNode = json.member(root, "ruleset"), let rulesetSHA = json.member(rulesetNode, "sha256")
        else { return nil }
        let ruleset = catalog.rulesets[index]
        guard json.string(rulesetSHA, equals: ruleset.sourceHash),
            let submission = json.member(root, "submission"),
            let gradeNode = json.member(root, "gradeIndex"), let points = json.member(root, "points"),
            let total = ResultJSON.recordedMarks(json, root, "total"), let maximum = ResultJSON.recordedMarks(json, root, "maximum"),
            let learner = json.member(submission, "learner"), let unit = json.member(submission, "unit"),
            let assessor = json.member(submission, "assessor"),
            // A file from before results recorded their methods is marked again.
            json.member(submission, "methods") != nil
        else { return nil }
        let grade = json.number(gradeNode)
        guard grade >= 0, grade < Double(ruleset.grading.grades.count), grade == grade.rounded() else { return nil }
        let elements = json.elements(points)
        guard elements.count == ruleset.points.count else { return nil }
        var verdicts: [VerdictLevel] = []
        verdicts.reserveCapacity(elements.count)
        for (i, p) in elements.enumerated() {
            guard let id = json.member(p, "id"), json.string(id, equals: ruleset.points[i].id), let v = json.member(p, "verdict")
            else { return nil }
            switch json.string(v) {
            case "met": verdicts.append(.met)
            case "partially met": verdicts.append(.partiallyMet)
            case "not met": verdicts.append(.notMet)
            default: return nil
            }
        }
        // A file whose components do not match the ruleset's is marked again.
        let componentNodes = json.member(root, "components").map { json.elements($0) } ?? []
        guard componentNodes.count == ruleset.grading.components.count else { return nil }
        var components: [String] = []
        for (i, c) in componentNodes.enumerated() {
            guard let id = json.member(c, "id"), json.string(id, equals: ruleset.grading.components[i].id),
                let g = json.member(c, "grade")
            else { return nil }
            components.append(json.string(g))
        }
        return Recorded(
            row: GradeRow(ruleset: index, grade: Int(grade), verdicts: verdicts), learner: json.string(learner),
            unit: json.string(unit), assessor: json.string(assessor), grade: ruleset.grading.grades[Int(grade)], total: total,
            maximum: maximum, components: components, hasOverrides: json.member(root, "overrides") != nil)
    }
}
