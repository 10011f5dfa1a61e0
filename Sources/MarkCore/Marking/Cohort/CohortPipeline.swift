import Foundation

/// Hands out submissions in input order: file paths as they are (markers read the files), NDJSON
/// lines read here. Used by one thread at a time, under the pipeline's lock.
final class CohortReader {
    private let entries: [CohortInputs.Entry]
    private var index = 0
    private var stream: CohortLineReader?
    private var streamName = ""
    private var streamStem = ""
    private let limit: Int

    init(_ inputs: CohortInputs, limit: Int) {
        entries = inputs.entries
        self.limit = limit
    }

    func next() -> CohortJob? {
        while true {
            if let reader = stream {
                if let (bytes, line, oversized) = reader.next() {
                    let name = streamName + ":" + String(line)
                    if oversized {
                        let d = InputFile.problem(name, "too-large", InputFile.tooLarge(limit))
                        return CohortJob(
                            bytes: .unreadable(d), name: name, sourcePath: streamName, lineOffset: line - 1,
                            outName: CohortInputs.resultName(stem: streamStem, line: line))
                    }
                    return CohortJob(
                        bytes: .bytes(bytes), name: streamName + ":" + String(line), sourcePath: streamName, lineOffset: line - 1,
                        outName: CohortInputs.resultName(stem: streamStem, line: line))
                }
                stream = nil
                if reader.failed {
                    let d = Diagnostic(.error, id: "unreadable-file", "cannot read the rest of the stream", path: streamName, range: 0..<0)
                    return CohortJob(bytes: .unreadable(d), name: streamName, sourcePath: streamName, lineOffset: 0, outName: nil)
                }
            }
            guard index < entries.count else { return nil }
            let entry = entries[index]
            index += 1
            switch entry {
            case .file(let path, let outName):
                return CohortJob(bytes: .file, name: path, sourcePath: path, lineOffset: 0, outName: outName)
            case .standardInput:
                let bytes: CohortJob.Bytes
                switch InputFile.readStandardInput(limit: limit) {
                case .success(let b): bytes = .bytes(b)
                case .failure(let d): bytes = .unreadable(d)
                }
                return CohortJob(bytes: bytes, name: "<stdin>", sourcePath: "<stdin>", lineOffset: 0, outName: "stdin.result.json")
            case .unreadable(let path, let outName, let problem):
                return CohortJob(bytes: .unreadable(problem), name: path, sourcePath: path, lineOffset: 0, outName: outName)
            case .stream(let path, let stem):
                streamStem = stem
                if path == "-" {
                    streamName = "<stdin>"
                    stream = CohortLineReader(fd: 0, closeWhenDone: false, limit: limit)
                    continue
                }
                streamName = path
                switch CohortInputs.openForReading(path) {
                case .success(let fd): stream = CohortLineReader(fd: fd, closeWhenDone: true, limit: limit)
                case .failure(let d): return CohortJob(bytes: .unreadable(d), name: path, sourcePath: path, lineOffset: 0, outName: nil)
                }
            }
        }
    }
}

/// Marks a cohort with several threads and writes the results in input order:
///
///     reader ──► N markers (each with its own Marker) ──► reorder window ──► writer
///
/// A marker takes the next submission from the reader (under a lock), marks it, and puts its
/// record in a ring of `window` slots; the writer (the calling thread) takes records from the
/// ring strictly in order. A semaphore of `window` permits stops the markers from running more
/// than `window` submissions ahead of the writer, so memory stays bounded whatever the cohort
/// size and the output is the same whatever the number of threads.
final class CohortPipeline: @unchecked Sendable {
    // @unchecked: `reader` and `claimed` are used only under `inputLock`; `ring`, `next` and
    // `finalCount` only under `ready`; `stopRequested` only under `stopLock`.
    private let jobs: Int
    private let window: Int
    /// Records finished ahead of the writer before it is woken.
    private let batch: Int
    private let reader: CohortReader
    private let inputLock = NSLock()
    private var claimed = 0
    private var inputDone = false
    private let permits: DispatchSemaphore
    private let ready = NSCondition()
    private var ring: [CohortRecord?]
    private var next = 0
    private var finalCount = -1
    private let stopLock = NSLock()
    private var stopRequested = false

    init(reader: CohortReader, jobs: Int, window: Int) {
        self.reader = reader
        self.jobs = jobs
        self.window = window
        batch = max(1, min(16, window / 4))
        permits = DispatchSemaphore(value: window)
        ring = Array(repeating: nil, count: window)
    }

    /// Asks the markers to take no more submissions; those already taken are finished and written.
    func stop() {
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
    }

    /// Whether `stop` was called.
    var stopped: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopRequested
    }

    /// Runs the markers on `jobs` threads and calls `write` with every record, in input order,
    /// on the calling thread; `idle` is called about ten times a second while waiting.
    func run(marker makeMarker: @escaping @Sendable (Int) -> CohortMarker, write: (CohortRecord) -> Void, idle: (() -> Void)?) {
        let finished = DispatchGroup()
        for worker in 0..<jobs {
            finished.enter()
            let thread = Thread { [self] in
                var marker = makeMarker(worker)
                work(&marker)
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        while true {
            ready.lock()
            while ring[next % window] == nil && !(finalCount >= 0 && next >= finalCount) {
                if let idle {
                    if !ready.wait(until: Date(timeIntervalSinceNow: 0.1)) {
                        ready.unlock()
                        idle()
                        ready.lock()
                    }
                } else {
                    ready.wait()
                }
            }
            guard let record = ring[next % window] else {
                ready.unlock()
                break
            }
            ring[next % window] = nil
            next += 1
            ready.unlock()
            permits.signal()
            write(record)
        }
        finished.wait()
    }

    private func work(_ marker: inout CohortMarker) {
        while true {
            if permits.wait(timeout: .now()) == .timedOut {
                // The window is full: make sure the writer is awake before waiting for it.
                ready.lock()
                ready.broadcast()
                ready.unlock()
                permits.wait()
            }
            inputLock.lock()
            let job = inputDone || stopped ? nil : reader.next()
            guard let job else {
                if !inputDone {
                    inputDone = true
                    ready.lock()
                    finalCount = claimed
                    ready.broadcast()
                    ready.unlock()
                }
                inputLock.unlock()
                permits.signal()
                return
            }
            let seq = claimed
            claimed += 1
            inputLock.unlock()
            let record = marker.process(job)
            // Wake the writer for a batch of records rather than for each one; at once when the
            // input has ended or the record it waits for completes a run of finished ones.
            ready.lock()
            ring[seq % window] = record
            if finalCount >= 0 || seq >= next + batch - 1 || (seq == next && ring[(seq + 1) % window] != nil) {
                ready.signal()
            }
            ready.unlock()
        }
    }
}

extension CohortInputs {
    /// Opens an NDJSON file for reading (a regular file only), or says why it cannot be read.
    static func openForReading(_ path: String) -> Result<Int32, Diagnostic> {
        InputFile.openRegular(path).map(\.fd)
    }
}
