extension Ruleset {
    /// Where the statement of floor `k` (`floor ID at LEVEL`) is written in the ruleset's file,
    /// with its text; nil when it cannot be found (the compiled floors keep no location).
    func floorStatement(_ k: Int) -> (ref: SourceRef, text: String)? {
        let floor = grading.floors[k]
        let written = "floor \(points[floor.point].id) at \(floor.level.words)"
        let source = sources[0]
        let text = source.text(0..<source.bytes.count)
        guard let r = text.range(of: written) else { return nil }
        let start = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
        return (SourceRef(file: 0, range: start..<start + written.utf8.count), written)
    }
}
