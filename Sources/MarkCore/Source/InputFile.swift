import Foundation

/// Reads input files with bounds: only regular files (and standard input), opened so that a
/// FIFO cannot block the open, checked with `fstat` on the open descriptor, and never more than
/// a size limit (`--max-size` for submissions, docs/limits.md), so `/dev/zero` or a runaway
/// export cannot exhaust memory. A file is read once, into one buffer of its size.
public enum InputFile {
    /// The default limit for a submission: 64 MB (64 × 2^20 bytes).
    public static let defaultLimit = 64 << 20

    /// `4096`, `512K`, `64M`, `1G` (a trailing `B` and lower case are accepted) → bytes; nil
    /// for anything else, zero, or more than fits.
    public static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text.uppercased())
        if digits.hasSuffix("B") { digits = digits.dropLast() }
        var shift = 0
        switch digits.last {
        case "K": shift = 10
        case "M": shift = 20
        case "G": shift = 30
        default: break
        }
        if shift > 0 { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n > 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : bytes
    }

    /// A limit as the user would write it: `64M`, `1G`, `1000`.
    public static func describe(_ limit: Int) -> String {
        for (shift, suffix) in [(30, "G"), (20, "M"), (10, "K")] where limit % (1 << shift) == 0 {
            return String(limit >> shift) + suffix
        }
        return String(limit)
    }

    /// The message for input over the limit.
    public static func tooLarge(_ limit: Int) -> String {
        let size = describe(limit) == String(limit) ? "\(limit) bytes" : "\(describe(limit)) (\(limit) bytes)"
        return "larger than the limit of \(size) for a submission; raise it with --max-size"
    }

    public static func problem(_ path: String, _ id: String, _ message: String) -> Diagnostic {
        Diagnostic(.error, id: id, message, path: path, range: 0..<0)
    }

    /// What a file that is not regular is, for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// Opens a regular file for reading without blocking on a FIFO, or says why it will not be
    /// read: missing, a broken symbolic link, a directory, a device, a FIFO, unreadable.
    public static func openRegular(_ path: String, readAs what: String = "submissions") -> Result<(fd: Int32, size: Int), Diagnostic> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            var link = stat()
            if code == ENOENT && lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
                return .failure(problem(path, "broken-link", "a symbolic link to a file that does not exist"))
            }
            if code == ELOOP { return .failure(problem(path, "broken-link", "a symbolic link loop")) }
            if code == ENOENT { return .failure(problem(path, "file-not-found", "no such file")) }
            return .failure(problem(path, "unreadable-file", "cannot read the file: \(String(cString: strerror(code)))"))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return .failure(problem(path, "unreadable-file", "cannot read the file"))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            return .success((fd, Int(info.st_size)))
        case S_IFDIR:
            close(fd)
            return .failure(problem(path, "is-a-directory", "is a directory, not a file"))
        default:
            close(fd)
            return .failure(problem(path, "not-a-regular-file", "not a regular file (\(kind(info.st_mode))); only regular files are read as \(what)"))
        }
    }

    /// Reads a whole regular file of at most `limit` bytes.
    public static func contents(_ path: String, limit: Int, readAs what: String = "submissions") -> Result<[UInt8], Diagnostic> {
        let fd: Int32
        let size: Int
        switch openRegular(path, readAs: what) {
        case .failure(let d): return .failure(d)
        case .success(let opened): (fd, size) = opened
        }
        defer { close(fd) }
        if size > limit { return .failure(problem(path, "too-large", tooLarge(limit))) }
        switch readAll(fd, expected: size, limit: limit) {
        case .success(let bytes): return .success(bytes)
        case .failure(.tooLarge): return .failure(problem(path, "too-large", tooLarge(limit)))
        case .failure(.unreadable(let code)):
            return .failure(problem(path, "unreadable-file", "cannot read the file: \(String(cString: strerror(code)))"))
        }
    }

    /// Reads standard input to its end, at most `limit` bytes (it reads `limit + 1` to know).
    public static func readStandardInput(limit: Int, readAs what: String? = nil) -> Result<[UInt8], Diagnostic> {
        let tooLarge = what.map { "larger than the limit of \(describe(limit)) for \($0)" } ?? tooLarge(limit)
        var info = stat()
        let size = fstat(0, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        if size > limit { return .failure(problem("<stdin>", "too-large", tooLarge)) }
        switch readAll(0, expected: size, limit: limit) {
        case .success(let bytes): return .success(bytes)
        case .failure(.tooLarge): return .failure(problem("<stdin>", "too-large", tooLarge))
        case .failure(.unreadable(let code)):
            return .failure(problem("<stdin>", "unreadable-file", "cannot read standard input: \(String(cString: strerror(code)))"))
        }
    }

    /// Why `readAll` stopped.
    public enum ReadFailure: Error {
        case tooLarge
        case unreadable(Int32)
    }

    /// Reads to the end: first `expected` bytes into a buffer of that size, then (for a file
    /// that grew, or a pipe) in chunks, failing once more than `limit` bytes have come.
    public static func readAll(_ fd: Int32, expected: Int, limit: Int) -> Result<[UInt8], ReadFailure> {
        var bytes = [UInt8](repeating: 0, count: max(0, min(expected, limit)))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(.unreadable(errno)) }
            if n == 0 { break }
            filled += n
        }
        if filled < bytes.count {
            bytes.removeSubrange(filled...)
            return .success(bytes)
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let room = min(chunk.count, limit + 1 - bytes.count)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, room) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(.unreadable(errno)) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return .failure(.tooLarge) }
        }
        return .success(bytes)
    }
}
