extension Ruleset {
    /// Where the statement of floor `k` (`floor ID at LEVEL`) is written, with its text: in the
    /// ruleset's own file, or (for a ruleset that `extends` another without a grading block of
    /// its own) in the base's; nil when it cannot be found (the compiled floors keep no location).
    func floorStatement(_ k: Int) -> (ref: SourceRef, text: String)? {
        let floor = grading.floors[k]
        let written = "floor \(points[floor.point].id) at \(CompiledGrading.words(floor))"
        for (file, source) in sources.enumerated() {
            let text = source.text(0..<source.bytes.count)
            guard let r = text.range(of: written) else { continue }
            let start = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
            return (SourceRef(file: file, range: start..<start + written.utf8.count), written)
        }
        return nil
    }
}
