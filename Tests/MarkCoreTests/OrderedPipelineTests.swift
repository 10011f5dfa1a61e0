import Foundation
import Testing

@testable import MarkCore

/// Which thread processed a job, and as which worker.
private struct Processed: Sendable {
    var job: Int
    var worker: Int
    var thread: pthread_t
}

/// Runs `count` jobs through a pipeline of `jobs` workers, each job taking about `pause`.
private func runPipeline(jobs: Int, window: Int, count: Int, pause: TimeInterval) -> [Processed] {
    let lock = NSLock()
    var next = 0
    let pipeline = OrderedPipeline<Int, Processed>(jobs: jobs, window: window) {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
    var delivered: [Processed] = []
    pipeline.run(
        worker: { $0 },
        process: { worker, job in
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            return Processed(job: job, worker: worker, thread: pthread_self())
        },
        deliver: { delivered.append($0) })
    return delivered
}

@Test(arguments: [(1, 1), (1, 64), (2, 1), (2, 3), (2, 64), (3, 2), (4, 96)])
func outputsArriveInOrderWhateverTheWorkersAndWindow(_ setting: (jobs: Int, window: Int)) {
    let delivered = runPipeline(jobs: setting.jobs, window: setting.window, count: 500, pause: 0)
    #expect(delivered.map(\.job) == Array(0..<500))
    #expect(Set(delivered.map(\.worker)).isSubset(of: Set(0..<setting.jobs)))
}

/// With more than one job the calling thread is one of the workers (worker `jobs − 1`), so
/// `jobs` threads mark, not `jobs` plus one that only delivers; with one job it only delivers.
@Test func theCallingThreadMarksWhenThereIsMoreThanOneJob() {
    let caller = pthread_self()
    let two = runPipeline(jobs: 2, window: 8, count: 60, pause: 0.002)
    let byCaller = two.filter { pthread_equal($0.thread, caller) != 0 }
    #expect(!byCaller.isEmpty)
    #expect(byCaller.allSatisfy { $0.worker == 1 })
    #expect(two.filter { $0.worker == 0 }.allSatisfy { pthread_equal($0.thread, caller) == 0 })
    let one = runPipeline(jobs: 1, window: 8, count: 20, pause: 0.001)
    #expect(one.allSatisfy { pthread_equal($0.thread, caller) == 0 && $0.worker == 0 })
}
