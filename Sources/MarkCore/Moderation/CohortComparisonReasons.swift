/// Why a submission's result changed between two rule versions when no verdict explains it: a
/// mark boundary that moved across its total, or a floor added, removed or moved.
extension CohortComparison {
    /// Boundaries that changed between the versions and that decide this submission's grade:
    /// its new total reaches the grade under one boundary and not under the other ("boundary
    /// of Merit 21 → 20 marks (total 20)"). A total that jumps over both boundaries (18 → 24
    /// past 21 → 20) is explained by its points, not by the boundary, so no boundary is cited.
    static func crossed(_ pair: (old: MarkingResult, new: MarkingResult), _ a: Ruleset?, _ b: Ruleset?, gradeMap: GradeMap) -> [String] {
        guard let a, let b else { return [] }
        var out: [String] = []
        for (i, grade) in gradeMap.apply(a.grading.grades).enumerated() {
            guard let j = b.grading.grades.firstIndex(of: grade) else { continue }
            let ba = a.grading.boundaries[i]
            let bb = b.grading.boundaries[j]
            guard ba != bb else { continue }
            let reachedUnderOld = ba.map { pair.new.total >= $0 } ?? true
            let reachedUnderNew = bb.map { pair.new.total >= $0 } ?? true
            if reachedUnderOld != reachedUnderNew {
                let words = { (x: Marks?) in x.map { JSONWriter.format($0) } ?? "none" }
                out.append(
                    "boundary of \(grade) \(words(ba)) → \(words(bb)) marks (total \(JSONWriter.format(pair.old.total))"
                        + (pair.old.total == pair.new.total ? ")" : " → \(JSONWriter.format(pair.new.total)))"))
            }
        }
        return out
    }

    /// Floors added, removed or moved to another level between the versions that held the
    /// submission at the lowest grade under one version and not under the other: "floor on
    /// 'p2' (at partially met) removed: it held this submission at Fail under the old version".
    /// A floor that is the same in both versions is not a reason (the flipped point is).
    static func floorReasons(
        _ pair: (old: MarkingResult, new: MarkingResult), _ a: Ruleset?, _ b: Ruleset?, renameMap: [String: String]
    ) -> [String] {
        guard let a, let b else { return [] }
        func levels(_ r: Ruleset, map: [String: String]) -> [String: VerdictLevel] {
            var out: [String: VerdictLevel] = [:]
            for floor in r.grading.floors {
                let id = r.points[floor.point].id
                out[map[id] ?? id] = max(out[map[id] ?? id] ?? floor.level, floor.level)
            }
            return out
        }
        let before = levels(a, map: renameMap)
        let after = levels(b, map: [:])
        let heldBefore = pair.old.floorsFailed.map { renameMap[$0] ?? $0 }
        let heldNow = pair.new.floorsFailed
        let lowestOld = pair.old.grade
        let lowestNew = b.grading.grades.first ?? pair.new.grade
        var out: [String] = []
        for point in heldBefore where !heldNow.contains(point) && before[point] != after[point] {
            let level = before[point]!
            if let now = after[point] {
                out.append("floor on '\(point)' moved, at \(level.words) → at \(now.words): it no longer holds this submission at \(lowestOld)")
            } else {
                out.append("floor on '\(point)' (at \(level.words)) removed: it held this submission at \(lowestOld) under the old version")
            }
        }
        for point in heldNow where !heldBefore.contains(point) && before[point] != after[point] {
            let level = after[point]!
            if let was = before[point] {
                out.append("floor on '\(point)' moved, at \(was.words) → at \(level.words): it now holds this submission at \(lowestNew)")
            } else {
                out.append("floor on '\(point)' (at \(level.words)) added: it holds this submission at \(lowestNew)")
            }
        }
        return out
    }
}
