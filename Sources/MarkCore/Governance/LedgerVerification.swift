/// Checks a decision ledger's chain: every line must be a ledger line whose `seq` is one more
/// than the line before's and whose `previous` is the SHA-256 of the line before (of 64 zeros
/// for the first line). A line that breaks the chain is named with what was done to it: edited,
/// removed, or out of order. The last line has no successor to vouch for it; `head`, the
/// SHA-256 of a line noted at an earlier check, anchors the ledger up to that line.
public struct LedgerVerification: Sendable {
    /// The ledger file, for diagnostics (never quoted: its lines hold learner ids).
    public var source: SourceFile
    /// Complete lines read.
    public var lines = 0
    /// Lines, from the first, whose chain is unbroken.
    public var verified = 0
    /// SHA-256 of the last complete line (the head to note for a later check), if any.
    public var head: String?
    /// Whether the file ends in an incomplete line (a run stopped while writing it).
    public var incomplete = false
    /// Breaks in the chain, each at its line.
    public var problems: [Diagnostic] = []

    /// With a head given: why the ledger does not hold it, if it does not.
    public var headProblem: String?

    /// Whether the whole ledger verifies.
    public var intact: Bool { problems.isEmpty && headProblem == nil }

    /// Verifies the ledger's bytes; `head`, when given, must be the SHA-256 of one of its lines.
    public static func verify(_ source: SourceFile, head: String? = nil) -> LedgerVerification {
        var source = source
        source.isQuotable = false
        var v = LedgerVerification(source: source)
        let bytes = source.bytes
        func problem(_ at: Int, _ message: String) {
            v.problems.append(Diagnostic(.error, id: "ledger-broken", message, path: source.path, range: at..<at))
        }
        // Each decision's line start and digest, as met; the chain is checked decision to
        // decision, so one line out of place is named once, not with every line after it.
        var seen: [Int: (start: Int, digest: String)] = [0: (0, Ledger.genesis)]
        var highest = 0
        var start = 0
        var headFound = head == nil
        let lineOfDecision = decisionLines(bytes)
        var broken = false
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                v.incomplete = true
                problem(start, "line \(v.lines + 1) is incomplete (a run was stopped while writing it); the ledger verifies up to line \(v.lines)")
                break
            }
            let line = bytes[start..<end]
            v.lines += 1
            let n = v.lines
            let digest = SHA256.hex(line)
            if digest == head { headFound = true }
            defer { start = end + 1 }
            guard let json = try? JSONReader.parse(line), let seqNode = json.member(json.root, "seq"), json.kind(seqNode) == .number,
                let prev = json.member(json.root, "previous"), json.kind(prev) == .string
            else {
                problem(start, "line \(n) is not a ledger line (\(Ledger.format)): it was edited or inserted")
                broken = true
                continue
            }
            let seq = Int(json.number(seqNode))
            if seen[seq] == nil { seen[seq] = (start, digest) }
            defer { highest = max(highest, seq) }
            if seq > highest + 1, let later = lineOfDecision[highest + 1], later > n {
                problem(start, "line \(n) is out of order: it is decision \(seq), but decision \(highest + 1) comes later, on line \(later)")
            } else if seq > highest + 1 {
                let gap = seq - highest - 1
                problem(start, "\(gap == 1 ? "a line was" : "\(gap) lines were") removed before line \(n): it is decision \(seq), the decision before it is \(highest)")
            } else if seq <= highest {
                problem(start, "line \(n) is out of order: it is decision \(seq), after decision \(highest)")
            } else if let before = seen[seq - 1], json.string(prev) != before.digest {
                if !broken { v.verified = max(0, n - 2) }
                problem(before.start, seq == 1
                    ? "line \(n) was edited: it does not start the chain (its 'previous' is not 64 zeros)"
                    : "line \(lineOfDecision[seq - 1] ?? n - 1) was edited: line \(n) records a different SHA-256 of it")
            } else {
                if !broken { v.verified = n }
                continue
            }
            broken = true
        }
        if v.lines > 0 { v.head = SHA256.hex(v.lastLine(bytes)) }
        if !headFound, let head {
            v.headProblem = "no line has the SHA-256 \(head) noted earlier: that line, or lines before it, were edited or removed"
        }
        return v
    }

    /// The line each decision number is on (the first, if on several), for complete lines.
    static func decisionLines(_ bytes: [UInt8]) -> [Int: Int] {
        var lines: [Int: Int] = [:]
        var n = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            n += 1
            if let json = try? JSONReader.parse(line), let seq = json.member(json.root, "seq"), json.kind(seq) == .number {
                let s = Int(json.number(seq))
                if lines[s] == nil { lines[s] = n }
            }
        }
        return lines
    }

    /// The last complete line's bytes.
    func lastLine(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.count
        if incomplete, let nl = bytes.lastIndex(of: UInt8(ascii: "\n")) { end = nl + 1 }
        let body = bytes[..<(end - 1)]
        let start = body.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return bytes[start..<(end - 1)]
    }
}
