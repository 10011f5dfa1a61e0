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

    /// Runs the workers on `jobs` threads, each with the state `makeWorker` gives it (called with
    /// the worker's number on its thread), and calls `deliver` with every output, in order, on
    /// the calling thread; `idle` is called about ten times a second while waiting.
    func run<Worker>(
        worker makeWorker: @escaping @Sendable (Int) -> Worker, process: @escaping @Sendable (inout Worker, Job) -> Output,
        deliver: (Output) -> Void, idle: (() -> Void)? = nil
    ) {
        let finished = DispatchGroup()
        for number in 0..<jobs {
            finished.enter()
            let thread = Thread { [self] in
                var worker = makeWorker(number)
                work { process(&worker, $0) }
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
            guard let output = ring[next % window] else {
                ready.unlock()
                break
            }
            ring[next % window] = nil
            next += 1
            ready.unlock()
            permits.signal()
            deliver(output)
        }
        finished.wait()
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
                return
            }
            let seq = claimed
            claimed += 1
            inputLock.unlock()
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
