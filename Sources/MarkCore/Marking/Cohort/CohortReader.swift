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

extension CohortInputs {
    /// Opens an NDJSON file for reading (a regular file only), or says why it cannot be read.
    static func openForReading(_ path: String) -> Result<Int32, Diagnostic> {
        InputFile.openRegular(path).map(\.fd)
    }
}
