import Foundation

/// One decision as the ledger records it: made by a marker, written by the ledger in input
/// order with its sequence number, time and the SHA-256 of the line before.
public struct LedgerEntry: Sendable, Equatable {
    /// The learner's id, the unit and the assessor.
    public var learner: String
    public var unit: String
    public var assessor: String
    /// The ruleset that marked the submission.
    public var rulesetID: String
    public var rulesetVersion: String
    public var rulesetSHA256: String
    /// SHA-256 of the submission's bytes.
    public var inputSHA256: String
    /// The engine's grade.
    public var grade: String
    /// Overrides applied to the engine's decisions.
    public var overrides: [ResultOverride]

    /// An entry for a result just marked.
    public init(_ r: MarkingResult, inputSHA256: String) {
        learner = r.learnerID
        unit = r.unit
        assessor = r.assessor
        rulesetID = r.ruleset.id
        rulesetVersion = r.ruleset.version
        rulesetSHA256 = r.ruleset.sha256
        self.inputSHA256 = inputSHA256
        grade = r.grade
        overrides = r.overrides
    }

    /// An entry with every field given.
    public init(
        learner: String, unit: String, assessor: String, rulesetID: String, rulesetVersion: String, rulesetSHA256: String,
        inputSHA256: String, grade: String, overrides: [ResultOverride] = []
    ) {
        self.learner = learner
        self.unit = unit
        self.assessor = assessor
        self.rulesetID = rulesetID
        self.rulesetVersion = rulesetVersion
        self.rulesetSHA256 = rulesetSHA256
        self.inputSHA256 = inputSHA256
        self.grade = grade
        self.overrides = overrides
    }
}

/// The decision ledger (`--ledger FILE`): one JSON line per decision, each holding the SHA-256
/// of the line before it, so an edited, removed or reordered line breaks the chain
/// (`LedgerVerification`). Lines are appended by one thread, the cohort's ordered writer, each
/// with a single `write` on a file opened for appending and locked against other runs; the file
/// is synced when the run finishes. A run killed mid-line leaves every earlier line whole.
public final class Ledger {
    /// The format of every line.
    public static let format = "ledger/1"
    /// `previous` of the first line.
    public static let genesis = String(repeating: "0", count: 64)

    private let fd: Int32
    private let path: String
    private var previous: String
    private var sequence: Int
    private let time: () -> Date
    /// Why the ledger could not be written, once a write has failed; later lines are dropped.
    public private(set) var failure: String?
    /// Lines appended by this run.
    public private(set) var appended = 0

    private init(fd: Int32, path: String, previous: String, sequence: Int, time: @escaping () -> Date) {
        self.fd = fd
        self.path = path
        self.previous = previous
        self.sequence = sequence
        self.time = time
    }

    /// Opens (or creates) a ledger for appending, after its last line; `time` gives each
    /// line's time. Fails with a message when the file cannot be opened, is locked by another
    /// run, or ends in an incomplete line (a run killed while writing it: `mark ledger verify`).
    public static func open(_ path: String, time: @escaping () -> Date = Date.init) -> Result<Ledger, Message> {
        let fd = Foundation.open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(Message("cannot open the ledger: \(String(cString: strerror(errno)))")) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            close(fd)
            return .failure(Message(busy ? "the ledger is in use by another run of mark" : "cannot lock the ledger: \(String(cString: strerror(errno)))"))
        }
        switch lastLine(fd) {
        case .failure(let m):
            close(fd)
            return .failure(m)
        case .success(let last):
            guard let last else { return .success(Ledger(fd: fd, path: path, previous: genesis, sequence: 0, time: time)) }
            guard let json = try? JSONReader.parse(last), let seq = json.member(json.root, "seq"), json.kind(seq) == .number else {
                close(fd)
                return .failure(Message("the ledger's last line is not a ledger line; run 'mark ledger verify' on it"))
            }
            return .success(Ledger(fd: fd, path: path, previous: SHA256.hex(last), sequence: Int(json.number(seq)), time: time))
        }
    }

    /// The last line of the file (without its line feed), nil for an empty file.
    static func lastLine(_ fd: Int32) -> Result<[UInt8]?, Message> {
        let size = Int(lseek(fd, 0, SEEK_END))
        guard size > 0 else { return .success(nil) }
        var tail: [UInt8] = []
        var end = size
        while end > 0 {
            let start = max(0, end - 65_536)
            var chunk = [UInt8](repeating: 0, count: end - start)
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard n == end - start else { return .failure(Message("cannot read the ledger: \(String(cString: strerror(errno)))")) }
            tail = chunk + tail
            if tail.last != UInt8(ascii: "\n") {
                return .failure(Message("the ledger ends in an incomplete line (a run was stopped while writing it); run 'mark ledger verify' and remove that line"))
            }
            if let nl = tail.dropLast().lastIndex(of: UInt8(ascii: "\n")) { return .success(Array(tail[(nl + 1)..<(tail.count - 1)])) }
            end = start
        }
        return .success(Array(tail.dropLast()))
    }

    /// Appends one decision as one line, with a single write.
    public func append(_ entry: LedgerEntry) {
        guard failure == nil else { return }
        sequence += 1
        let text = Ledger.line(entry, sequence: sequence, time: time(), previous: previous)
        var bytes = Array(text.utf8)
        previous = SHA256.hex(bytes)
        bytes.append(UInt8(ascii: "\n"))
        let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        if n != bytes.count {
            failure = n < 0 ? String(cString: strerror(errno)) : "a short write (\(n) of \(bytes.count) bytes)"
            return
        }
        appended += 1
    }

    /// Syncs the file to disk and closes it; the failure, if any write or the sync failed.
    @discardableResult
    public func finish() -> String? {
        if fsync(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        close(fd)
        return failure
    }

    /// The text of one line (without its line feed).
    public static func line(_ e: LedgerEntry, sequence: Int, time: Date, previous: String) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.string("format", format)
        w.int("seq", sequence)
        w.string("time", timestamp(time))
        w.string("learner", e.learner)
        w.string("unit", e.unit)
        w.string("assessor", e.assessor)
        w.beginObject("ruleset")
        w.string("id", e.rulesetID)
        w.string("version", e.rulesetVersion)
        w.string("sha256", e.rulesetSHA256)
        w.endObject()
        w.beginObject("input")
        w.string("sha256", e.inputSHA256)
        w.endObject()
        w.string("grade", e.grade)
        ResultJSON.writeOverrides(&w, e.overrides)
        w.string("previous", previous)
        w.endObject()
        return w.output
    }

    /// `2026-03-02T09:15:00Z`: UTC, to the second.
    public static func timestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
