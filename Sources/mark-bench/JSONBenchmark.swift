// The `json` benchmark: how fast MarkCore's JSONReader reads evidence, next to Foundation.
import Foundation
import MarkCore

/// Runs the `json` benchmark: `mark-bench json [--iterations N] [--compact] [--no-foundation] [--emit] [FILE]`.
///
/// Without FILE it generates a deterministic ~10 MB evidence portfolio in memory. It parses the
/// bytes N times (default 20) with `JSONReader.parse` and with Foundation's
/// `JSONSerialization.jsonObject` (and once more with `checkingDuplicateKeys: false`, as the
/// marker reads evidence), and prints the size, best and median times, MB/s
/// (1 MB = 10^6 bytes) and the ratio. `--emit` writes the input to stdout instead, to look
/// at or to keep. Returns the process exit status.
func runJSONBenchmark(_ arguments: [String]) -> Int32 {
    var iterations = 20
    var compact = false
    var foundation = true
    var emit = false
    var path: String?
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--iterations", "-n":
            guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else {
                return jsonBenchUsage("--iterations needs a positive whole number")
            }
            iterations = value
        case "--compact": compact = true
        case "--no-foundation": foundation = false
        case "--emit": emit = true
        case "--help", "-h":
            print("usage: mark-bench json [--iterations N] [--compact] [--no-foundation] [--emit] [FILE]")
            return 0
        default:
            guard !argument.hasPrefix("-"), path == nil else {
                return jsonBenchUsage("unexpected argument '\(argument)'")
            }
            path = argument
        }
    }

    let bytes: [UInt8]
    let label: String
    if let path {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("mark-bench: cannot read '\(path)'\n".utf8))
            return 1
        }
        bytes = [UInt8](data)
        label = path
    } else {
        var generator = EvidencePortfolioGenerator(pretty: !compact)
        bytes = generator.generate(targetBytes: 10_000_000)
        label = "generated evidence portfolio (\(compact ? "compact" : "pretty-printed"))"
    }

    if emit {
        FileHandle.standardOutput.write(Data(bytes))
        return 0
    }

    // Check once that it parses, and say where it does not.
    let nodes: Int
    do {
        nodes = try JSONReader.parse(bytes).nodeCount
    } catch {
        let location = SourceFile(path: label, bytes: bytes).location(of: error.offset)
        let message = "mark-bench: \(label):\(location.line):\(location.column): \(error.message)\n"
        FileHandle.standardError.write(Data(message.utf8))
        return 1
    }
    print("json: \(label)")
    print("  \(formatBytes(bytes.count)), \(nodes) nodes, \(iterations) iterations")

    var sink = 0
    let ours = measure(iterations) {
        sink &+= (try? JSONReader.parse(bytes))?.nodeCount ?? 0
    }
    report("MarkCore JSONReader", ours, bytes.count)
    // As the marker reads evidence: duplicate keys are found later, while matching keys.
    let unchecked = measure(iterations) {
        sink &+= (try? JSONReader.parse(bytes, checkingDuplicateKeys: false))?.nodeCount ?? 0
    }
    report("  without duplicate-key check", unchecked, bytes.count)

    if foundation {
        let data = Data(bytes)
        let theirs = measure(iterations) {
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            sink &+= object == nil ? 0 : 1
        }
        report("Foundation JSONSerialization", theirs, bytes.count)
        let ratio = theirs.median / ours.median
        let comparison = ratio >= 1 ? "faster" : "slower"
        print("  ratio (median): JSONReader is \(format(ratio, 1))× \(comparison) than JSONSerialization")
    }
    if sink == 42 { print("") }  // keeps the work observable
    return 0
}

private func jsonBenchUsage(_ message: String) -> Int32 {
    let usage = "usage: mark-bench json [--iterations N] [--compact] [--no-foundation] [--emit] [FILE]"
    FileHandle.standardError.write(Data("mark-bench json: \(message)\n\(usage)\n".utf8))
    return 64
}

/// Best and median wall-clock seconds of some runs.
private struct Timing {
    var best: Double
    var median: Double
}

private func measure(_ iterations: Int, _ body: () -> Void) -> Timing {
    body()  // warm-up: page in, size the allocator's caches
    var seconds: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let elapsed = clock.measure(body)
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    seconds.sort()
    let middle = seconds.count / 2
    let median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
    return Timing(best: seconds[0], median: median)
}

private func report(_ name: String, _ timing: Timing, _ size: Int) {
    let megabytes = Double(size) / 1e6
    let padded = name.padding(toLength: 30, withPad: " ", startingAt: 0)
    print("  \(padded) best \(milliseconds(timing.best))  median \(milliseconds(timing.median))  "
        + "\(format(megabytes / timing.best, 0)) MB/s best  \(format(megabytes / timing.median, 0)) MB/s median")
}

/// `12.34 ms`, or `0.0123 ms` for small inputs.
private func milliseconds(_ seconds: Double) -> String {
    seconds >= 1e-3 ? format(seconds * 1e3, 2) + " ms" : format(seconds * 1e3, 4) + " ms"
}

private func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

private func formatBytes(_ count: Int) -> String {
    "\(format(Double(count) / 1e6, 2)) MB (\(count) bytes)"
}

/// Builds a deterministic JSON document shaped like a cohort's evidence portfolios: learners
/// with ids, programme dates, and evidence items with dates, kinds, criteria, scores, signed
/// flags, reflective text (with escapes and non-ASCII), needs and actions.
struct EvidencePortfolioGenerator {
    var pretty: Bool
    private var state: UInt64 = 0x5EED_2025_1004
    private var out: [UInt8] = []
    private var depth = 0
    private var first = [true]

    init(pretty: Bool) {
        self.pretty = pretty
    }

    private static let kinds = ["observation", "witness-testimony", "reflective-account", "professional-discussion",
                                "work-product", "customer-feedback", "questioning"]
    private static let words = ["the", "learner", "customer", "assessor", "explained", "checked", "recorded", "safely",
                                "handover", "care", "plan", "team", "shift", "reviewed", "café", "naïve", "résumé",
                                "followed", "procedure", "policy", "calmly", "risk", "assessment", "documented", "and",
                                "with", "before", "after", "manager", "confirmed", "medication", "record", "feedback",
                                "señora", "Zoë", "°C", "—", "€12.50", "“quoted”", "équipe"]
    private static let needs = ["communication", "safeguarding", "record keeping", "time management",
                                "infection control", "person-centred care", "escalation", "team working"]
    private static let roles = ["Team Leader", "Senior Carer", "Nurse", "Deputy Manager", "Customer"]

    mutating func generate(targetBytes: Int) -> [UInt8] {
        out.reserveCapacity(targetBytes + 100_000)
        beginObject()
        key("schema"); string("mark-evidence/1")
        key("centre"); string("Northfield College — Health & Social Care")
        key("generated"); string("2025-10-04T09:30:00Z")
        key("learners"); beginArray()
        var learner = 0
        while out.count < targetBytes {
            writeLearner(learner)
            learner += 1
        }
        endArray()
        endObject()
        out.append(0x0A)
        return out
    }

    private mutating func writeLearner(_ index: Int) {
        beginObject()
        key("id"); string("L\(pad(index, 5))")
        let given = ["Amélie", "Jonah", "Priya", "Oluwaseun", "Zoë", "Marek"][index % 6]
        let family = ["Ng", "O'Brien", "Kowalski", "Haddad"][index % 4]
        key("name"); string(given + " " + family)
        key("programme"); beginObject()
        key("standard"); string("ST0005 v1.\(index % 3)")
        key("start"); string(date(2024, Int(random() % 12) + 1, Int(random() % 28) + 1))
        key("gateway"); null()
        endObject()
        key("withdrawn"); bool(random() % 20 == 0)
        key("evidence"); beginArray()
        for item in 0..<(8 + Int(random() % 8)) { writeEvidence(index, item) }
        endArray()
        endObject()
    }

    private mutating func writeEvidence(_ learner: Int, _ item: Int) {
        beginObject()
        key("id"); string("ev-\(pad(learner, 5))-\(pad(item, 3))")
        key("kind"); string(Self.kinds[Int(random() % UInt64(Self.kinds.count))])
        key("date"); string(date(2025, Int(random() % 9) + 1, Int(random() % 28) + 1))
        key("criteria"); beginArray()
        for _ in 0..<(1 + Int(random() % 4)) { string("\(random() % 6 + 1).\(random() % 5 + 1)") }
        endArray()
        key("signed"); bool(random() % 4 != 0)
        key("verifier"); beginObject()
        key("name"); string(["R. Patel", "S. Müller", "T. O'Neill", "K. Mensah"][Int(random() % 4)])
        key("role"); string(Self.roles[Int(random() % UInt64(Self.roles.count))])
        endObject()
        key("score"); number(Double(random() % 400) / 4)
        key("durationMinutes"); int(Int(random() % 120) + 5)
        key("text"); string(paragraph(20 + Int(random() % 60)))
        key("needs"); beginArray()
        for _ in 0..<Int(random() % 3) { string(Self.needs[Int(random() % UInt64(Self.needs.count))]) }
        endArray()
        key("actions"); beginArray()
        for _ in 0..<Int(random() % 3) {
            beginObject()
            key("what"); string(paragraph(6 + Int(random() % 10)))
            key("due"); string(date(2025, Int(random() % 3) + 10, Int(random() % 28) + 1))
            key("done"); bool(random() % 2 == 0)
            endObject()
        }
        endArray()
        endObject()
    }

    private mutating func paragraph(_ words: Int) -> String {
        var text = ""
        for i in 0..<words {
            if i > 0 { text += random() % 12 == 0 ? ". " : " " }
            text += Self.words[Int(random() % UInt64(Self.words.count))]
        }
        switch random() % 6 {
        case 0: text += ". She said \"I'm ready\"."
        case 1: text += ".\nSecond paragraph:\tnoted."
        case 2: text += " (see C:\\records\\2025)."
        default: text += "."
        }
        return text
    }

    // MARK: Writing

    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(year)-\(pad(month, 2))-\(pad(day, 2))"
    }

    private mutating func newline() {
        guard pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    /// Writes the comma (unless first) and line break before an array element or a key.
    private mutating func separate() {
        if first[first.count - 1] {
            first[first.count - 1] = false
        } else {
            out.append(UInt8(ascii: ","))
        }
        newline()
    }

    private var inKey = false

    /// Before any value: nothing after a key; a comma and line break in an array.
    private mutating func valueStart() {
        if inKey {
            inKey = false
        } else if depth > 0 {
            separate()
        }
    }

    private mutating func key(_ name: String) {
        separate()
        writeQuoted(name)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(0x20) }
        inKey = true
    }

    private mutating func beginObject() {
        valueStart()
        out.append(UInt8(ascii: "{"))
        depth += 1
        first.append(true)
    }

    private mutating func endObject() {
        depth -= 1
        if !first.removeLast() { newline() }
        out.append(UInt8(ascii: "}"))
    }

    private mutating func beginArray() {
        valueStart()
        out.append(UInt8(ascii: "["))
        depth += 1
        first.append(true)
    }

    private mutating func endArray() {
        depth -= 1
        if !first.removeLast() { newline() }
        out.append(UInt8(ascii: "]"))
    }

    private mutating func string(_ value: String) {
        valueStart()
        writeQuoted(value)
    }

    private mutating func number(_ value: Double) {
        valueStart()
        out.append(contentsOf: String(value).utf8)
    }

    private mutating func int(_ value: Int) {
        valueStart()
        out.append(contentsOf: String(value).utf8)
    }

    private mutating func bool(_ value: Bool) {
        valueStart()
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    private mutating func null() {
        valueStart()
        out.append(contentsOf: "null".utf8)
    }

    private mutating func writeQuoted(_ value: String) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
