import Foundation
import MarkCore

/// Runs a language server over a pair of byte streams until `exit` or the end of the input.
public enum Session {
    /// How a session ended.
    public enum Ending: Sendable, Equatable {
        /// `exit` was received; the status is 0 after `shutdown`, else 1.
        case exit(Int32)
        /// The input ended (the client went away); `afterShutdown` when it had asked to stop.
        case endOfInput(afterShutdown: Bool, truncated: Bool)
        /// Writing to the client failed (it went away).
        case writeFailed
    }

    /// Reads framed messages, handles each and writes the replies, one at a time.
    public static func run(server: LanguageServer, reader: inout MessageReader, writer: MessageWriter) -> Ending {
        var sawShutdown = false
        while true {
            let replies: [JSONValue]
            switch reader.next() {
            case .end(let truncated):
                return .endOfInput(afterShutdown: sawShutdown, truncated: truncated)
            case .malformed(let reason):
                replies = server.malformed(reason)
            case .message(let body):
                replies = server.handle(body)
                if server.isShuttingDown { sawShutdown = true }
            }
            for reply in replies where !writer.write(reply.text) { return .writeFailed }
            if let status = server.exitStatus { return .exit(status) }
        }
    }

    /// Serves on standard input, writing framed replies through `write` (false once writing
    /// has failed): the exit status is 0 after `shutdown` and `exit`, 1 otherwise (the
    /// protocol's rule; also when the client vanished first). `log` gets a line for stderr.
    public static func serveStandardIO(version: String, write: @escaping ([UInt8]) -> Bool, log: (String) -> Void) -> Int32 {
        let server = LanguageServer(version: version)
        var reader = MessageReader {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                return n <= 0 ? [] : Array(chunk[0..<n])
            }
        }
        let writer = MessageWriter(writeBytes: write)
        switch run(server: server, reader: &reader, writer: writer) {
        case .exit(let status):
            return status
        case .endOfInput(let afterShutdown, let truncated):
            if truncated { log("mark lsp: the input ended inside a message") }
            if !afterShutdown { log("mark lsp: the client closed the connection without 'shutdown' and 'exit'") }
            return afterShutdown ? 0 : 1
        case .writeFailed:
            log("mark lsp: cannot write to the client: \(String(cString: strerror(errno)))")
            return 1
        }
    }
}
