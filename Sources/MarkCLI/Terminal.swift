import Foundation

/// Where a command writes: standard output and error, with colour only on a terminal and
/// never with NO_COLOR or TERM=dumb.
public final class Terminal: @unchecked Sendable {
    private var out: [UInt8] = []
    private let lock = NSLock()

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
        out.append(contentsOf: text.utf8)
        if out.count > 1 << 16 { flushLocked() }
        lock.unlock()
    }

    /// Writes to standard error at once.
    public func error(_ text: String) {
        lock.lock()
        flushLocked()
        lock.unlock()
        Terminal.writeAll(2, Array(text.utf8))
    }

    /// Flushes standard output.
    public func flush() {
        lock.lock()
        flushLocked()
        lock.unlock()
    }

    private func flushLocked() {
        guard !out.isEmpty else { return }
        Terminal.writeAll(1, out)
        out.removeAll(keepingCapacity: true)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
