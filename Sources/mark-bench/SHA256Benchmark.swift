import Foundation
import MarkCore

/// Hashes 10 MB (or `--megabytes N`) in memory repeatedly and reports MB/s, with the rounds the
/// process uses: the CPU's SHA extensions, or the portable Swift rounds under `MARK_SHA256=scalar`
/// or on a CPU without them. The gradebook hashes every submission (`input_sha256`).
func runSHA256Benchmark(_ arguments: [String]) -> Int32 {
    let megabytes = Int(value(of: "--megabytes", in: arguments) ?? "") ?? 10
    let iterations = Int(value(of: "--iterations", in: arguments) ?? "") ?? 7
    var x: UInt32 = 42
    let data: [UInt8] = (0..<megabytes * 1_000_000).map { _ in
        x = x &* 1_664_525 &+ 1_013_904_223
        return UInt8(truncatingIfNeeded: x >> 24)
    }
    var digest = ""
    var rates: [Double] = []
    for _ in 0..<max(1, iterations) {
        let start = DispatchTime.now().uptimeNanoseconds
        digest = SHA256.hex(data)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        rates.append(Double(data.count) / seconds / 1e6)
    }
    rates.sort()
    let rounds = SHA256.usesHardwareRounds ? "the CPU's SHA extensions" : "portable Swift"
    print("sha256: \(megabytes) MB in memory, rounds on \(rounds); digest \(digest.prefix(16))…")
    print(String(format: "  best %.0f MB/s   median %.0f MB/s", rates[rates.count - 1], rates[rates.count / 2]))
    return 0
}
