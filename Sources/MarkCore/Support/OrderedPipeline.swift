import Foundation

/// Processes a stream of jobs on several threads and hands the outputs on in the jobs' order:
///
///     take (one thread at a time) ──► N workers ──► reorder window ──► deliver (calling thread)
///
/// A worker takes the next job (under a lock, so `take` needs no locking of its own), processes
/// it with its own state, and puts the output in a ring of `window` slots; the calling thread
/// takes outputs from the ring strictly in order. A semaphore of `window` permits keeps the
/// workers from running more than `window` jobs ahead of it, so memory stays bounded however
/// long the stream, and what is delivered is the same whatever the number of threads. Used by
/// the cohort run (submissions → results) and the CSV import (learners' rows → submissions).
final class OrderedPipeline<Job, Output>: @unchecked Sendable {
    // @unchecked: `take` and `claimed` are used only under `inputLock`; `ring`, `next` and
    // `finalCount` only under `ready`; `stopRequested` only under `stopLock`. Jobs and outputs
    // pass from one thread to another through these locks only.
    private let jobs: Int
    private let window: Int
    /// Outputs finished ahead of the calling thread before it is woken.
    private let batch: Int
    private let take: () -> Job?
    private let inputLock = NSLock()
    private var claimed = 0
    private var inputDone = false
    private let permits: DispatchSemaphore
    private let ready = NSCondition()
    private var ring: [Output?]
    private var next = 0
    private var finalCount = -1
    private let stopLock = NSLock()
    private var stopRequested = false

    /// A pipeline of `jobs` workers over the jobs `take` hands out (nil: no more), at most
    /// `window` outputs ahead of the calling thread.
    init(jobs: Int, window: Int, take: @escaping () -> Job?) {
        self.jobs = max(1, jobs)
        self.window = max(1, window)
        self.take = take
        batch = max(1, min(16, self.window / 4))
        permits = DispatchSemaphore(value: self.window)
        ring = Array(repeating: nil, count: self.window)
    }

    /// Asks the workers to take no more jobs; those already taken are finished and delivered.
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

    /// Runs the workers, each with the state `makeWorker` gives it (called with the worker's
    /// number on its thread), and calls `deliver` with every output, in order, on the calling
    /// thread; `idle` is called about ten times a second while waiting.
    ///
    /// With one job, one thread marks while the calling thread delivers. With more, `jobs − 1`
    /// threads mark and the calling thread is the last worker: between jobs of its own it
    /// delivers what is ready, so the machine runs `jobs` busy threads, not `jobs + 1` taking
    /// turns on the cores.
    func run<Worker>(
        worker makeWorker: @escaping @Sendable (Int) -> Worker, process: @escaping @Sendable (inout Worker, Job) -> Output,
        deliver: (Output) -> Void, idle: (() -> Void)? = nil
    ) {
        let finished = DispatchGroup()
        let threads = jobs == 1 ? 1 : jobs - 1
        for number in 0..<threads {
            finished.enter()
            let thread = Thread { [self] in
                var worker = makeWorker(number)
                work { process(&worker, $0) }
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        // The calling thread's own worker, made when it first takes a job.
        var own: Worker?
        var ownInputDone = jobs == 1
        while true {
            ready.lock()
            if let output = ring[next % window] {
                ring[next % window] = nil
                next += 1
                ready.unlock()
                permits.signal()
                deliver(output)
                continue
            }
            if finalCount >= 0 && next >= finalCount {
                ready.unlock()
                break
            }
            ready.unlock()
            // Nothing to deliver yet: mark a job here if the window has room for one.
            if !ownInputDone && permits.wait(timeout: .now()) == .success {
                guard let (seq, job) = takeJob() else {
                    ownInputDone = true
                    continue
                }
                if own == nil { own = makeWorker(jobs - 1) }
                let output = process(&own!, job)
                ready.lock()
                ring[seq % window] = output
                ready.unlock()
                continue
            }
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
                // Room in the window again: go back to marking rather than wait for the
                // others (`permits` is checked without blocking above).
                if !ownInputDone && ring[next % window] == nil { break }
            }
            ready.unlock()
        }
        finished.wait()
    }

    /// Takes the next job and its sequence number, having been given a permit; nil, with the
    /// permit given back, when there are no more jobs (the first to find that records how
    /// many there were).
    private func takeJob() -> (Int, Job)? {
        inputLock.lock()
        let job = inputDone || stopped ? nil : take()
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
            return nil
        }
        let seq = claimed
        claimed += 1
        inputLock.unlock()
        return (seq, job)
    }

    private func work(_ process: (Job) -> Output) {
        while true {
            if permits.wait(timeout: .now()) == .timedOut {
                // The window is full: make sure the calling thread is awake before waiting for it.
                ready.lock()
                ready.broadcast()
                ready.unlock()
                permits.wait()
            }
            guard let (seq, job) = takeJob() else { return }
            let output = process(job)
            // Wake the calling thread for a batch of outputs rather than for each one; at once
            // when the input has ended or the output it waits for completes a run of finished ones.
            ready.lock()
            ring[seq % window] = output
            if finalCount >= 0 || seq >= next + batch - 1 || (seq == next && ring[(seq + 1) % window] != nil) {
                ready.signal()
            }
            ready.unlock()
        }
    }
}
