/// What differs between a recorded result (`result/1` JSON) and a re-mark of it: the grade,
/// marks, floors, each point's verdict, marks, evidence and feedback, and the next steps. Each
/// difference is one line saying what was recorded and what the re-mark gives; feedback and
/// next steps are compared but not quoted (they can be long).
enum ResultComparison {
    static func differences(recorded json: JSONDocument, remarked r: MarkingResult) -> [String] {
        let root = json.root
        var out: [String] = []
        func text(_ node: Int, _ key: String) -> String? {
            guard let n = json.member(node, key), json.kind(n) == .string else { return nil }
            return json.string(n)
        }
        // Marks recorded as null (a competency unit carries none) compare as 0.
        func number(_ node: Int, _ key: String) -> Double? { ResultJSON.recordedMarks(json, node, key) }
        func texts(_ node: Int, _ key: String) -> [String]? {
            guard let n = json.member(node, key), json.kind(n) == .array else { return nil }
            return json.elements(n).map { json.kind($0) == .string ? json.string($0) : "?" }
        }
        func shown(_ v: Double?) -> String { v.map { JSONWriter.format($0) } ?? "nothing" }
        func compare(_ what: String, _ recorded: String?, _ now: String) {
            if recorded != now { out.append("\(what): recorded \(recorded ?? "nothing"), re-marked \(now)") }
        }
        if let submission = json.member(root, "submission") {
            compare("learner", text(submission, "learner"), r.learnerID)
            compare("unit", text(submission, "unit"), r.unit)
            compare("assessor", text(submission, "assessor"), r.assessor)
        }
        compare("grade", text(root, "grade"), r.grade)
        if number(root, "total") != r.total.double { out.append("total: recorded \(shown(number(root, "total"))), re-marked \(JSONWriter.format(r.total))") }
        if number(root, "maximum") != r.maximum.double {
            out.append("maximum: recorded \(shown(number(root, "maximum"))), re-marked \(JSONWriter.format(r.maximum))")
        }
        let floors = texts(root, "floorsFailed")
        if floors != r.floorsFailed {
            out.append("below the floor on: recorded \(floors.map { $0.isEmpty ? "none" : $0.joined(separator: ", ") } ?? "nothing"), re-marked \(r.floorsFailed.isEmpty ? "none" : r.floorsFailed.joined(separator: ", "))")
        }
        let recordedPoints = json.member(root, "points").map { json.elements($0) } ?? []
        var byID: [String: Int] = [:]
        for p in recordedPoints { if let id = text(p, "id") { byID[id] = p } }
        for p in r.points {
            guard let node = byID.removeValue(forKey: p.id) else {
                out.append("point \(p.id): not in the result, re-marked \(p.verdict.words)")
                continue
            }
            let verdict = text(node, "verdict"), marks = number(node, "marks"), evidence = texts(node, "evidence")
            func outcome(_ verdict: String, _ marks: String, _ evidence: [String]) -> String {
                "\(verdict) (\(marks) marks; evidence \(evidence.isEmpty ? "none" : evidence.joined(separator: ", ")))"
            }
            if verdict != p.verdict.words || marks != p.marks.double || (evidence != nil && evidence != p.evidence) {
                out.append(
                    "point \(p.id): recorded \(outcome(verdict ?? "nothing", shown(marks), evidence ?? [])), re-marked \(outcome(p.verdict.words, JSONWriter.format(p.marks), p.evidence))")
            } else if let feedback = text(node, "feedback"), !feedback.isEmpty, !p.feedback.isEmpty, feedback != p.feedback {
                // A gradebook run marks without feedback; only feedback recorded is compared.
                out.append("point \(p.id): the feedback differs")
            }
        }
        for id in byID.keys.sorted() { out.append("point \(id): in the result, but the ruleset has no such point") }
        let next = json.member(root, "nextGrade").flatMap { json.kind($0) == .string ? json.string($0) : nil }
        if next != r.nextGrade { out.append("next grade: recorded \(next ?? "none"), re-marked \(r.nextGrade ?? "none")") }
        if let steps = texts(root, "nextSteps"), !r.nextSteps.isEmpty || !steps.isEmpty, steps != r.nextSteps {
            out.append("the next steps differ")
        }
        return out
    }
}
