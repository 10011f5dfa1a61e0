import MarkCore

/// What is generated for one unit: its rulesets (one per version) and the evidence shape.
struct UnitPlan {
    var unit: String
    var rulesets: [Ruleset]
    /// Fields the unit's rulesets read.
    var read: Set<String>
    var schema: EvidenceSchema { rulesets[0].schema }
    var pointIDs: [String] { rulesets[0].points.map(\.id) }
}

/// The ways a generated submission is broken on purpose (`--malformed`).
enum Corruption: CaseIterable {
    /// The JSON text cut short.
    case truncated
    /// A value of the wrong type (text where an object is expected, a number for a date …).
    case wrongType
    /// An item kind the evidence declaration does not list.
    case unknownKind
    /// A date that is not a real `YYYY-MM-DD` date.
    case badDate
}

/// Writes one realistic submission in the evidence format, walking the ruleset's evidence
/// declaration. Field names the shipped customer-service library uses get plausible values
/// whose chance of showing good practice follows the submission's quality; other fields get
/// generic values of their declared type.
struct SubmissionGenerator {
    var rng: Random
    let plan: UnitPlan
    /// From 0 (nothing verified, nothing beyond procedure) to 1 (strong evidence throughout).
    let quality: Double
    let corruption: Corruption?
    var w: JSONWriter

    // Context while writing an item.
    private var kind = ""
    private var role = ""
    private var itemDay = 0
    private var started = 0
    private var submitted = 0
    private var stated = true
    private var elementIndex = 0
    private var corruptItem = -1

    init(rng: Random, plan: UnitPlan, quality: Double, corruption: Corruption?, pretty: Bool) {
        self.rng = rng
        self.plan = plan
        // Good practice on most items is needed for any grade above the lowest, so the chance
        // per item rises quickly with the quality: a submission of quality 0.5 is about even.
        self.quality = quality.squareRoot()
        self.corruption = corruption
        self.w = JSONWriter(pretty: pretty)
    }

    /// The submission's JSON text.
    mutating func generate(index: Int, items itemRange: ClosedRange<Int>) -> String {
        let ruleset = rng.pick(plan.rulesets)
        let from = ruleset.appliesFrom.day
        let until = ruleset.appliesUntil?.day ?? from + 365
        started = min(until, from + rng.int(0...200))
        submitted = started + rng.int(90...300)
        var count = rng.int(itemRange)
        if count == 0, let c = corruption, c != .truncated { count = 1 }
        corruptItem = count > 0 ? rng.int(0...count - 1) : -1

        w.beginObject()
        w.string("format", "evidence/1")
        w.beginObject("learner")
        w.string("id", "L-" + Self.padded(index + 1, 6))
        w.string("name", rng.pick(Phrases.firstNames) + " " + rng.pick(Phrases.lastNames))
        w.endObject()
        w.string("unit", plan.unit)
        w.string("started", Self.date(started))
        w.string("submitted", Self.date(submitted))
        w.string("assessor", "A-" + Self.padded(rng.int(1...24), 2))
        w.beginArray("items")
        for i in 0..<count { writeItem(i) }
        w.endArray()
        w.endObject()
        var text = w.output
        if corruption == .truncated {
            let bytes = Array(text.utf8)
            text = String(decoding: bytes[..<rng.int(1...max(1, bytes.count - 1))], as: UTF8.self)
        }
        return text
    }

    private mutating func writeItem(_ i: Int) {
        let kinds = plan.schema.kinds
        let independent = kinds.filter { ["observation", "witness_testimony", "customer_feedback"].contains($0) }
        kind = !independent.isEmpty && rng.chance(0.3 + 0.5 * quality) ? rng.pick(independent) : rng.pick(kinds)
        role = roleFor(kind)
        let outside = rng.chance(0.03 + 0.12 * (1 - quality))
        itemDay = outside ? (rng.chance(0.5) ? started - rng.int(1...60) : submitted + rng.int(1...30)) : rng.int(started...submitted)
        let broken = i == corruptItem ? corruption : nil
        let wrongField = broken == .wrongType ? rng.pick(["verified_by", "situation", "needs", "date"]) : nil
        w.beginObject()
        w.string("id", "E\(i + 1)")
        if broken == .unknownKind {
            w.string("kind", rng.pick(["telepathy", "obsevation", "witness statement", "survey"]))
        } else {
            w.string("kind", kind)
        }
        if broken == .badDate {
            w.string("date", rng.pick(["2025-02-30", "2025-13-01", "14/03/2025", "2025-9-1", "yesterday"]))
        } else if wrongField == "date" {
            w.int("date", 20_251_014)
        } else {
            w.string("date", Self.date(itemDay))
        }
        guard let item = plan.schema.records["item"] else { return w.endObject() }
        for field in item.fields where !["id", "kind", "date"].contains(field.name) {
            if field.name == wrongField {
                switch field.type.unwrapped {
                case .record: w.string(field.name, "yes")
                case .list: w.string(field.name, "none")
                default: w.int(field.name, 3)
                }
                continue
            }
            writeField(field, record: "item")
        }
        w.endObject()
    }

    private mutating func writeField(_ field: FieldSchema, record: String) {
        if case .optional(let inner) = field.type {
            guard rng.chance(presence(field.name, record: record)) else {
                if rng.chance(0.1) { w.null(field.name) }
                return
            }
            writeValue(inner, key: field.name, field: field.name, record: record)
        } else {
            writeValue(field.type, key: field.name, field: field.name, record: record)
        }
    }

    private mutating func writeValue(_ type: ValueType, key: String?, field name: String, record: String) {
        switch type {
        case .boolean:
            w.bool(key, name == "stated" && record == "need" ? stated : rng.chance(booleanChance(name)))
        case .number: w.number(key, number(name))
        case .text: w.string(key, text(name, record: record))
        case .date: w.string(key, Self.date(name == "date" ? itemDay + rng.int(1...14) : rng.int(started...submitted)))
        case .enumeration(let e): w.string(key, enumeration(e))
        case .record(let r):
            guard let schema = plan.schema.records[r] else { return w.null(key) }
            if r == "need" { stated = elementIndex == 0 || rng.chance(1 - 0.85 * quality) }
            w.beginObject(key)
            let outerIndex = elementIndex
            for f in schema.fields { writeField(f, record: r) }
            elementIndex = outerIndex
            w.endObject()
        case .list(let element):
            let n = listCount(name)
            if n == 0 && rng.chance(0.3) { return }  // an absent list is an empty list
            w.beginArray(key)
            if name == "found_by" {
                let good = ["observation", "open_question", "probing_question", "active_listening"]
                let values = plan.schema.enumerations["technique"] ?? []
                let pool = rng.chance(0.3 + 0.7 * quality) ? good.filter(values.contains) : values.filter { !good.contains($0) }
                for t in rng.some(pool.isEmpty ? values : pool, count: n) { w.string(nil, t) }
            } else if name == "claims" {
                for id in rng.some(plan.pointIDs, count: n) { w.string(nil, id) }
            } else {
                for i in 0..<n {
                    elementIndex = i
                    writeValue(element, key: nil, field: name, record: record)
                }
            }
            w.endArray()
        case .optional(let inner):
            if rng.chance(0.8) { writeValue(inner, key: key, field: name, record: record) } else { w.null(key) }
        case .error:
            w.null(key)
        }
    }

    private func roleFor(_ kind: String) -> String {
        switch kind {
        case "observation", "professional_discussion", "questioning": return "assessor"
        case "witness_testimony": return "witness"
        case "customer_feedback": return "customer"
        case "reflective_account": return "learner"
        default: return quality > 0.5 ? "witness" : "learner"
        }
    }

    private func presence(_ field: String, record: String) -> Double {
        let q = quality
        let read = plan.read.contains(field)
        switch field {
        case "job_title": return role == "witness" ? 0.9 : 0.15
        case "preference", "goodwill_gesture": return 0.25
        case "adds_value": return 0.8
        case "rationale": return 0.1 + 0.85 * q
        case "feasibility": return 0.15 + 0.6 * q
        case "follow_up": return 0.1 + 0.8 * q
        case "outcome": return 0.4 + 0.5 * q
        case "star": return kind == "reflective_account" ? 0.9 : 0.05
        case "reflection": return ["reflective_account", "professional_discussion"].contains(kind) ? 0.9 : 0.1
        case "communication": return 0.25 + 0.65 * q
        case "customer_preference": return 0.2 + 0.75 * q
        case "csat": return 0.8
        case "appreciated", "acknowledged_within_hours": return 0.6
        case "service_failure", "improvement", "resolution", "service_promise", "feedback_sought":
            return read ? 0.1 + 0.85 * q : 0.08
        // The recorder's judgements (issue 19): recorded on most good items.
        case "observed_carefully", "relevant_to_need", "tangible", "rationale_linked", "workplace",
            "reflection_links_actions", "matches_charter", "stated_clearly", "on_own_initiative", "findings":
            return read ? 0.2 + 0.75 * q : 0.3
        // An issue is recorded on most items of a good submission, so that the points that need
        // one resolved (CS-EXC-04) are reached as often as the others.
        case "issue": return read ? 0.2 + 0.75 * q : 0.08
        default: return read ? 0.1 + 0.85 * q : 0.5
        }
    }

    private func booleanChance(_ field: String) -> Double {
        let q = quality
        switch field {
        case "signed": return role == "learner" ? 0.15 : 0.55 + 0.45 * q
        case "addressed": return 0.7 + 0.3 * q
        case "beyond_standard": return 0.15 + 0.75 * q
        case "adds_value": return 0.1 + 0.8 * q
        case "documented", "constraints_documented": return 0.2 + 0.7 * q
        case "personalised": return 0.2 + 0.75 * q
        case "refers_to_previous": return 0.15 + 0.75 * q
        case "appreciated": return 0.2 + 0.7 * q
        case "adapted": return 0.2 + 0.75 * q
        case "real": return 0.7
        case "complex", "repeat_business", "goodwill_gesture", "response_received", "took_ownership",
            "resolution_aligned_with_promise", "customer_requirements_met", "promise_maintained", "confirms_promise",
            "resolved", "on_own_initiative", "observed_carefully", "relevant_to_need", "tangible", "rationale_linked",
            "workplace", "reflection_links_actions", "matches_charter", "stated_clearly":
            return 0.2 + 0.75 * q
        default: return q
        }
    }

    private mutating func number(_ field: String) -> Double {
        switch field {
        case "csat": return Double(max(1, min(10, Int(2 + 8 * quality) + rng.int(-2...2))))
        case "nps": return Double(rng.int(0...10))
        // Satisfaction when the issue was raised: lower in a good submission, so that it rises.
        case "satisfaction_before": return Double(rng.int(0...max(1, Int(7 * (1 - quality)) + 1)))
        case "acknowledged_within_hours": return Double(rng.chance(quality) ? rng.int(1...24) : rng.int(25...96))
        default: return Double(rng.int(0...10))
        }
    }

    private mutating func text(_ field: String, record: String) -> String {
        switch (record, field) {
        case ("item", "situation"):
            return rng.pick(Phrases.customers) + " " + rng.pick(rng.chance(0.2) ? Phrases.complaints : Phrases.problems) + "."
        case ("need", "description"): return rng.pick(stated ? Phrases.statedNeeds : Phrases.unstatedNeeds)
        case ("action", "description"): return rng.pick(Phrases.actions)
        case (_, "rationale"): return rng.pick(Phrases.rationales)
        case (_, "alternatives_considered"): return rng.pick(Phrases.alternatives)
        case (_, "quotes"): return rng.pick(Phrases.quotes)
        case (_, "reflection"):
            var text = rng.pick(Phrases.reflections)
            if rng.chance(quality) { text += " " + rng.pick(Phrases.loyalty) }
            if rng.chance(quality) { text += " " + rng.pick(Phrases.repeatBusiness) }
            if rng.chance(quality) { text += " " + rng.pick(Phrases.experience) }
            if rng.chance(quality) { text += " " + Phrases.starReflection }
            return text
        case (_, "applied_to_role"): return rng.chance(0.3 + 0.7 * quality) ? rng.pick(Phrases.promiseInRole) : "My role"
        case (_, "beyond_transaction"): return rng.chance(quality) ? rng.pick(Phrases.beyondTransaction) : "Good service"
        case (_, "statement"): return rng.pick(Phrases.promises)
        case ("technique_used", "name"): return rng.pick(Phrases.techniques)
        case ("technique_used", "rationale"): return rng.pick(Phrases.rationales)
        case (_, "opportunity"): return rng.pick(Phrases.opportunities)
        case (_, "findings"):
            return rng.chance(0.3 + 0.7 * quality) ? "The data showed most repeat contacts came from the same cause" : "Data checked"
        case (_, "method"): return rng.pick(["PDCA", "Root cause analysis", "Five whys", "Customer journey mapping"])
        case (_, "customer_benefit"): return "Customers wait less and get a named contact"
        case (_, "business_benefit"): return "Fewer repeat calls and lower handling cost"
        case (_, "constraints"): return rng.pick(["Refund limit of 50 pounds", "Courier budget", "Staffing on weekends", "Data protection policy"])
        case (_, "standard_practice"): return "Standard procedure is a refund by post within ten working days"
        case (_, "customer_preference"): return rng.pick(Phrases.preferences)
        case (_, "style"): return rng.pick(Phrases.styles)
        case (_, "job_title"): return rng.pick(Phrases.jobTitles)
        case ("star", "situation"): return rng.pick(Phrases.problems).capitalisedFirst
        case ("star", "task"): return "Resolve the customer's problem the same day"
        case ("star", "action"): return rng.pick(Phrases.actions)
        case ("star", "result"): return rng.pick(Phrases.quotes)
        default: return rng.pick(Phrases.generic)
        }
    }

    private mutating func enumeration(_ name: String) -> String {
        let values = plan.schema.enumerations[name] ?? ["?"]
        if name == "role", values.contains(role) { return role }
        return rng.pick(values)
    }

    private mutating func listCount(_ field: String) -> Int {
        let q = quality
        switch field {
        case "needs": return 1 + (rng.chance(0.25 + 0.65 * q) ? 1 : 0) + (rng.chance(0.2 * q) ? 1 : 0)
        case "actions": return kind == "reflective_account" ? rng.int(0...1) : 1 + (rng.chance(0.25) ? 1 : 0)
        case "found_by": return stated ? 0 : 1 + (rng.chance(0.4) ? 1 : 0)
        case "checks": return rng.int(1...2)
        case "techniques": return rng.chance(quality) ? rng.int(2...3) : 1
        case "data_sources": return rng.int(1...3)
        case "claims": return rng.int(0...3)
        default: return rng.int(0...2)
        }
    }

    /// `YYYY-MM-DD` for a day number (days since 1970-01-01), as the engine writes dates.
    static func date(_ day: Int) -> String { CalendarDate(day: day).description }

    static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
