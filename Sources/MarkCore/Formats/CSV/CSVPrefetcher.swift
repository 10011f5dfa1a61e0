import Foundation

/// Reads a CSV's records on a thread of its own, ahead of the caller, in batches: scanning the
/// file and using its records (an import converting rows) run on two cores at once. Records
/// come out in file order, as the reader gives them; at most a few batches are held, so memory
/// stays flat. The reader is read to its end (or until the prefetcher is dropped).
final class CSVPrefetcher: @unchecked Sendable {
    typealias Record = Result<CSVRecord, CSVProblem>

    /// What the reading thread and the caller share, under `condition`.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        var ready: [[Record]] = []
        var done = false
        var stopped = false
        var error: Int32?
        var reader: CSVRecordReader

        init(_ reader: CSVRecordReader) { self.reader = reader }

        func produce(leading: Int?) {
            var finished = false
            while !finished {
                var records: [Record] = []
                records.reserveCapacity(CSVPrefetcher.batch)
                while records.count < CSVPrefetcher.batch {
                    guard let r = reader.next(leading: leading) else {
                        finished = true
                        break
                    }
                    records.append(r)
                }
                condition.lock()
                while ready.count >= CSVPrefetcher.depth && !stopped { condition.wait() }
                if stopped {
                    condition.unlock()
                    return
                }
                if !records.isEmpty { ready.append(records) }
                if finished {
                    done = true
                    error = reader.readError
                }
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    private let shared: Shared
    // The caller's side: the batch being handed out.
    private var current: [Record] = []
    private var index = 0

    /// Batches of this many records; at most `depth` batches wait.
    static let batch = 256
    static let depth = 4

    /// Starts reading `reader` from where it is (with `leading`, as `CSVRecordReader.next`).
    init(_ reader: CSVRecordReader, leading: Int? = nil) {
        let shared = Shared(reader)
        self.shared = shared
        let thread = Thread { shared.produce(leading: leading) }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next record, or nil at the end.
    func next() -> Record? {
        if index < current.count {
            index += 1
            return current[index - 1]
        }
        let s = shared
        s.condition.lock()
        while s.ready.isEmpty && !s.done { s.condition.wait() }
        guard !s.ready.isEmpty else {
            s.condition.unlock()
            current = []
            index = 0
            return nil
        }
        current = s.ready.removeFirst()
        s.condition.broadcast()
        s.condition.unlock()
        index = 1
        return current[0]
    }

    /// The `errno` of a failed read, once every record has been handed out.
    var readError: Int32? {
        shared.condition.lock()
        defer { shared.condition.unlock() }
        return shared.error
    }

    deinit {
        // A caller that stops early lets the thread go.
        shared.condition.lock()
        shared.stopped = true
        shared.condition.broadcast()
        shared.condition.unlock()
    }
}
