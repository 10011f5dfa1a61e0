/// Submissions made up from an evidence declaration, for checks that mark many of them: every
/// item well-formed (each field of its declared type, enumeration values from the declaration,
/// numbers within a declared scale, dates around the programme), from a seeded generator so
/// that every run makes the same ones.
struct GeneratedEvidence {
    let schema: EvidenceSchema
    /// Words texts are made of: the texts the rules compare with or look for, and a few more.
    let words: [String]
    let started = CalendarDate("2025-09-01")!
    var submitted: CalendarDate { day(120) }

    func day(_ n: Int) -> CalendarDate { CalendarDate(day: started.day + n) }
    var random: SeededRandom

    init(ruleset: Ruleset, seed: UInt64) {
        schema = ruleset.schema
        var found: Set<String> = []
        func collect(_ n: Node) {
            n.forEachNode { if case .constant(.text(let t)) = $0.kind { found.insert(t) } }
        }
        ruleset.values.forEach { collect($0.body) }
        ruleset.functions.forEach { collect($0.body) }
        for p in ruleset.points {
            collect(p.met)
            if let q = p.partiallyMet { collect(q) }
            p.bindings.forEach { collect($0.value) }
        }
        words = ["the", "customer", "because", "so", "we", "agreed"] + found.sorted()
        random = SeededRandom(seed: seed)
    }

    /// A submission of the given items.
    func submission(_ items: [Value]) -> Submission {
        Submission(
            path: "<generated>", learnerID: "generated", learnerName: nil, unit: "generated", started: started,
            submitted: submitted, assessor: "generated", items: items, itemIDs: items.indices.map { "G\($0 + 1)" })
    }

    /// A new evidence item.
    mutating func item(id: Int) -> Value {
        guard case .record(var fields) = value(.record("item")) else { return .missing }
        let record = schema.item
        if let i = record.index(of: "id") { fields[i] = .text("G\(id)") }
        if let i = record.index(of: "date") { fields[i] = .date(day(random.below(130) - 5)) }
        return .record(fields)
    }

    mutating func value(_ type: ValueType, scale: ClosedRange<Double>? = nil) -> Value {
        switch type {
        case .boolean: return .boolean(random.below(10) < 7)
        case .number:
            let range = scale ?? 0...10
            return .number(range.lowerBound + Double(random.below(Int(range.upperBound - range.lowerBound) + 1)))
        case .text:
            return .text((0..<(1 + random.below(8))).map { _ in words[random.below(words.count)] }.joined(separator: " "))
        case .date: return .date(day(random.below(130) - 5))
        case .enumeration(let name):
            let values = schema.enumerations[name] ?? []
            return values.isEmpty ? .missing : .text(values[random.below(values.count)])
        case .record(let name):
            guard let record = schema.records[name] else { return .missing }
            return .record(record.fields.map { value($0.type, scale: $0.scale) })
        case .list(let element): return .list((0..<random.below(4)).map { _ in value(element, scale: scale) })
        case .optional(let inner): return random.below(4) == 0 ? .missing : value(inner, scale: scale)
        case .error: return .missing
        }
    }

    /// An item as evidence/1 JSON on one line (missing optional fields left out).
    func json(_ item: Value) -> String {
        var w = JSONWriter()
        write(item, .record("item"), &w, key: nil)
        return w.output
    }

    func write(_ v: Value, _ type: ValueType, _ w: inout JSONWriter, key: String?) {
        switch (v, type.unwrapped) {
        case (.record(let fields), .record(let name)):
            w.beginObject(key)
            for (f, field) in zip(fields, schema.records[name]?.fields ?? []) {
                if case .missing = f { continue }
                write(f, field.type, &w, key: field.name)
            }
            w.endObject()
        case (.list(let elements), .list(let element)):
            w.beginArray(key)
            for e in elements { write(e, element, &w, key: nil) }
            w.endArray()
        case (.boolean(let b), _): w.bool(key, b)
        case (.number(let n), _): w.number(key, n)
        case (.text(let t), _): w.string(key, t)
        case (.date(let d), _): w.string(key, d.description)
        default: w.null(key)
        }
    }
}

/// A small deterministic random number generator (SplitMix64): the same seed gives the same
/// numbers on every platform, unlike the system generator.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number from 0 up to (not including) `n`.
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}
