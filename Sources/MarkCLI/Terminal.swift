import Foundation
import MarkCore

/// Where a command writes: standard output and error, with colour only on a terminal and
/// never with NO_COLOR or TERM=dumb. Every write is checked: the first failure on either stream
/// is kept (later output to that stream is dropped), so the command can say so and exit 1
/// instead of reporting success (see docs/limits.md).
public final class Terminal: @unchecked Sendable {
    // @unchecked: `out`, `outputErrno` and `errorErrno` are used only under `lock`.
    private var out: [UInt8] = []
    private let lock = NSLock()
    private var outputErrno: Int32?
    private var errorErrno: Int32?
    private var reported = false

    /// Whether stderr should be coloured.
    public let colourErrors: Bool
    /// Whether stdout should be coloured.
    public let colourOutput: Bool
    /// Whether stderr is a terminal (for progress lines).
    public let errorIsTerminal: Bool

    /// Creates a terminal for the current process.
    public init() {
        let env = ProcessInfo.processInfo.environment
        let allowed = env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        errorIsTerminal = isatty(2) != 0
        colourErrors = allowed && errorIsTerminal
        colourOutput = allowed && isatty(1) != 0
    }

    /// Writes to standard output (buffered; flushed by `flush` and at exit).
    public func write(_ text: String) {
        lock.lock()
        if outputErrno == nil {
            out.append(contentsOf: text.utf8)
            if out.count > 1 << 16 { flushLocked() }
        }
        lock.unlock()
    }

    /// Writes bytes to standard output (buffered, like `write(_:)`).
    public func write(bytes: [UInt8]) {
        lock.lock()
        if outputErrno == nil {
            out.append(contentsOf: bytes)
            if out.count > 1 << 16 { flushLocked() }
        }
        lock.unlock()
    }

    /// Writes to standard error at once.
    public func error(_ text: String) {
        lock.lock()
        flushLocked()
        if errorErrno == nil { errorErrno = Terminal.writeAll(2, Array(text.utf8)) }
        lock.unlock()
    }

    /// Flushes standard output; false if standard output has failed (now or before).
    @discardableResult
    public func flush() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
        return outputErrno == nil
    }

    /// The `errno` of the first failed write to standard output, once flushed.
    public var outputFailure: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return outputErrno
    }

    /// Whether a write to either stream has failed, so nothing more is worth doing.
    public var failed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return outputErrno != nil || errorErrno != nil
    }

    /// Flushes, and turns a command's exit status into the process's: a closed pipe (EPIPE) on
    /// either stream ends quietly with 141 (128 + SIGPIPE, what a shell reports for a process a
    /// closed pipe stopped); any other failed write is reported on stderr (if it still works)
    /// and gives `failure` (1, or 2 for `mark diff`, whose 1 means "changed").
    public func exitStatus(_ status: Int32, failure: Int32 = 1) -> Int32 {
        lock.lock()
        flushLocked()
        let output = outputErrno
        let errors = errorErrno
        let first = !reported
        reported = true
        lock.unlock()
        // Called again (at exit, after the command's own call): the status is already final.
        guard first else { return status }
        if output == EPIPE || errors == EPIPE { return 141 }
        if let output {
            error("mark: cannot write the results: \(String(cString: strerror(output)))\n")
            return failure
        }
        return errors == nil ? status : failure
    }

    private func flushLocked() {
        guard !out.isEmpty else { return }
        if outputErrno == nil { outputErrno = Terminal.writeAll(1, out) }
        out.removeAll(keepingCapacity: true)
    }

    /// Writes every byte, retrying short writes and EINTR; the `errno` of a failure, else nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return nil
        }
    }
}

/// A cohort run writes its results to standard output and diagnostics to standard error.
extension Terminal: CohortOutput {}
