/// A plan's item, as a flat list of steps run for every CSV row: the tree of `WrittenRecord`s
/// (records, lists, cells, in declared order) laid out once, so that writing a row walks an
/// array of plain values — no nested arrays, strings or enum payloads to retain per field.
/// Running it (`ImportRowWriter.run`) writes what `writeRecord` writes and reports the same
/// problems: each cell still goes the general way when `ImportCells` does not take it.
final class ImportProgram: Sendable {
    /// One step.
    struct Step: Sendable {
        enum Code: UInt8, Sendable {
            /// A scalar field: `entry`, under `key`.
            case cell
            /// A list written in one cell: `entry`, under `key`.
            case listCell
            /// A record under `key` (or, `inList`, an element of the list it is in), present
            /// when one of `present` has text; its steps follow, up to `end`.
            case record
            /// A list by position under `key`, begun when its first element is present.
            case list
            /// A scalar list element: `entry`.
            case element
            /// The end of a record or a list.
            case end
        }
        var code: Code
        var required = false
        var inList = false
        var entry: Int32 = -1
        /// An index in `keys` (-1: none).
        var key: Int32 = -1
        /// An index in `paths`, for messages.
        var path: Int32 = -1
        /// A range of `presentEntries`.
        var present: Range<Int32> = 0..<0
        /// The index of the step after this record's or list's `end`.
        var end: Int32 = 0
    }

    let steps: [Step]
    let keys: [JSONWriter.Key]
    let paths: [String]
    let presentEntries: [Int32]
    /// The column of each entry's only source, when it has one named source (-1 otherwise).
    let columns: [Int32]

    /// Lays out `plan`'s item for a CSV whose header gives each entry's sources as `columns`
    /// (as `CSVRow.columns`: -1 for a fixed value).
    init(_ plan: ImportPlan, columns entryColumns: [[Int]]) {
        var steps: [Step] = []
        var keys: [JSONWriter.Key] = []
        var paths: [String] = []
        var present: [Int32] = []
        func key(_ k: JSONWriter.Key) -> Int32 {
            keys.append(k)
            return Int32(keys.count - 1)
        }
        func path(_ p: String) -> Int32 {
            paths.append(p)
            return Int32(paths.count - 1)
        }
        func record(_ r: ImportPlan.WrittenRecord, key k: Int32, required: Bool, path p: Int32, inList: Bool) {
            let start = Int32(present.count)
            present += r.entries.map { Int32($0) }
            let at = steps.count
            steps.append(Step(code: .record, required: required, inList: inList, key: k, path: p, present: start..<Int32(present.count)))
            fields(r)
            steps.append(Step(code: .end))
            steps[at].end = Int32(steps.count)
        }
        func fields(_ r: ImportPlan.WrittenRecord) {
            for (name, fieldPath, required, target) in r.fields {
                switch target {
                case .cell(let e):
                    steps.append(Step(code: .cell, required: required, entry: Int32(e), key: key(name), path: path(fieldPath)))
                case .listCell(let e):
                    steps.append(Step(code: .listCell, entry: Int32(e), key: key(name)))
                case .record(let sub):
                    record(sub, key: key(name), required: required, path: path(fieldPath), inList: false)
                case .list(let elements):
                    let at = steps.count
                    steps.append(Step(code: .list, key: key(name)))
                    for (_, element) in elements {
                        switch element {
                        case .record(let sub): record(sub, key: -1, required: false, path: -1, inList: true)
                        case .cell(let e): steps.append(Step(code: .element, inList: true, entry: Int32(e)))
                        default: break
                        }
                    }
                    steps.append(Step(code: .end))
                    steps[at].end = Int32(steps.count)
                }
            }
        }
        fields(plan.written)
        self.steps = steps
        self.keys = keys
        self.paths = paths
        self.presentEntries = present
        self.columns = entryColumns.map { $0.count == 1 && $0[0] >= 0 ? Int32($0[0]) : -1 }
    }
}

extension ImportRowWriter {
    /// An object or list being written, while a row runs: a list is begun by its first
    /// present element.
    struct Frame {
        var isList: Bool
        var key: Int32
        var open: Bool
    }

    /// Writes the row's item through `program` (as `writeRecord(plan.written, …)` writes it),
    /// reading cells from the record's bytes; false when the row holds no bytes (nothing is
    /// written then). `frames` is scratch room, reused from row to row.
    mutating func run(_ program: ImportProgram, _ w: inout JSONWriter, frames: inout [Frame]) -> Bool {
        row.withCells { text, ranges in
            program.steps.withUnsafeBufferPointer { steps in
                run(steps, program, text, ranges, &w, &frames)
            }
        } != nil
    }

    /// Whether a cell has text, as `CSVRecord.isEmpty` decides.
    @inline(__always)
    static func filled(_ r: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        !(r.isEmpty || (r.count == 2 && text[r.lowerBound] == CSVRecord.quote))
    }

    private mutating func run(
        _ steps: UnsafeBufferPointer<ImportProgram.Step>, _ program: ImportProgram, _ text: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>,
        _ w: inout JSONWriter, _ frames: inout [Frame]
    ) {
        let cells = plan.cells
        let columns = program.columns
        let keys = program.keys
        // Entry `e`'s only cell; -1 when it has another kind of source (the row decides), -2
        // when the row is too short to have the cell.
        func column(_ e: Int) -> Int {
            let c = Int(columns[e])
            return c < ranges.count ? c : -2
        }
        func filled(_ e: Int) -> Bool {
            let c = column(e)
            if c >= 0 { return ImportRowWriter.filled(ranges[c], text) }
            return c == -1 && has(e)
        }
        // The cell's value bytes, when its quotes need no undoubling.
        func bytes(_ c: Int) -> UnsafeBufferPointer<UInt8>? {
            let r = ranges[c]
            guard r.count >= 2, text[r.lowerBound] == CSVRecord.quote else { return UnsafeBufferPointer(rebasing: text[r]) }
            let inner = UnsafeBufferPointer(rebasing: text[r.lowerBound + 1..<r.upperBound - 1])
            return inner.contains(CSVRecord.quote) ? nil : inner
        }
        func quick(_ e: Int, _ key: JSONWriter.Key?, _ w: inout JSONWriter) -> Bool {
            guard cells.takes(e) else { return false }
            let c = column(e)
            if c >= 0 {
                guard let b = bytes(c) else { return false }
                return cells.write(b, entry: e, key: key, &w)
            }
            return fast(e, key, &w)
        }
        frames.removeAll(keepingCapacity: true)
        w.beginObject()
        var i = 0
        while i < steps.count {
            let step = steps[i]
            i += 1
            let e = Int(step.entry)
            switch step.code {
            case .cell:
                let key = keys[Int(step.key)]
                guard filled(e) else {
                    if step.required { missing(e, program.paths[Int(step.path)]) }
                    continue
                }
                if quick(e, key, &w) { continue }
                if let v = scalar(e) { v.write(&w, key) }
            case .listCell:
                let key = keys[Int(step.key)]
                guard filled(e) else { continue }
                let c = column(e)
                if cells.takes(e), c >= 0, let b = bytes(c) {
                    let before = w.checkpoint
                    w.beginArray(key)
                    if cells.writeList(b, entry: e, &w) {
                        w.endArray()
                        continue
                    }
                    w.restore(before)
                }
                writeListCell(e, key, &w)
            case .record:
                var present = false
                for k in step.present where filled(Int(program.presentEntries[Int(k)])) {
                    present = true
                    break
                }
                guard present else {
                    if step.required {
                        let first = program.presentEntries[Int(step.present.lowerBound)..<Int(step.present.upperBound)].min() ?? 0
                        problems.append(row.problem(entry: Int(first), source: nil, "\(program.paths[Int(step.path)]) is required, but every column of it is empty"))
                    }
                    i = Int(step.end)
                    continue
                }
                if step.inList {
                    let top = frames.count - 1
                    if !frames[top].open {
                        w.beginArray(keys[Int(frames[top].key)])
                        frames[top].open = true
                    }
                    w.beginObject()
                } else {
                    w.beginObject(keys[Int(step.key)])
                }
                frames.append(Frame(isList: false, key: -1, open: true))
            case .list:
                frames.append(Frame(isList: true, key: step.key, open: false))
            case .element:
                guard filled(e) else { continue }
                let top = frames.count - 1
                let key = keys[Int(frames[top].key)]
                let wasOpen = frames[top].open
                let before = w.checkpoint
                if !wasOpen { w.beginArray(key) }
                if quick(e, nil, &w) {
                    frames[top].open = true
                    continue
                }
                if !wasOpen { w.restore(before) }
                guard let v = scalar(e) else { continue }
                if !wasOpen {
                    w.beginArray(key)
                    frames[top].open = true
                }
                v.write(&w)
            case .end:
                let frame = frames.removeLast()
                if !frame.isList {
                    w.endObject()
                } else if frame.open {
                    w.endArray()
                }
            }
        }
        w.endObject()
    }
}
