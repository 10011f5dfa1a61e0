import Foundation

extension InputFile {
    /// Standard input as a descriptor that can be read more than once (a CSV export is read
    /// twice): standard input itself when it is a regular file read from its start (`< export.csv`), else a copy in
    /// an unnamed temporary file, written 64 KiB at a time so memory stays flat however much
    /// comes. The copy lives in `$TMPDIR` (else `/tmp`), is unlinked as soon as it is made, and
    /// is freed when the caller closes the descriptor. A failed read or write (a full disk) is an
    /// error, never a shortened input.
    public static func rereadableStandardInput(readAs what: String) -> Result<(fd: Int32, owned: Bool), Diagnostic> {
        var info = stat()
        if fstat(0, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, lseek(0, 0, SEEK_CUR) == 0 { return .success((0, false)) }
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast()) + Array("mark-stdin-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            return .failure(problem("<stdin>", "unreadable-file", "cannot make a temporary copy of standard input in \(folder) to read \(what) twice: \(String(cString: strerror(errno)))"))
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let code = errno
                close(fd)
                return .failure(problem("<stdin>", "unreadable-file", "cannot read standard input: \(String(cString: strerror(code)))"))
            }
            if n == 0 { break }
            var done = 0
            while done < n {
                let w = chunk.withUnsafeBytes { write(fd, $0.baseAddress! + done, n - done) }
                if w < 0 && errno == EINTR { continue }
                guard w > 0 else {
                    let code = w < 0 ? errno : ENOSPC
                    close(fd)
                    return .failure(problem("<stdin>", "unreadable-file", "cannot copy standard input to a temporary file in \(folder): \(String(cString: strerror(code)))"))
                }
                done += w
            }
        }
        lseek(fd, 0, SEEK_SET)
        return .success((fd, true))
    }
}
