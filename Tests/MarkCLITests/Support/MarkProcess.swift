import Foundation
import Testing

/// Runs the built `mark` executable and captures its output, for end-to-end tests.
struct MarkProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// The built binary; `swift build` (which `swift test` runs first) puts it here.
    static var binary: String { packageRoot + "/.build/debug/mark" }

    /// Where the child's standard output or input goes instead of a pipe: a file (such as
    /// /dev/full) or a pipe whose other end is already closed.
    enum Redirect {
        case file(String)
        case closedPipe
    }

    /// Runs `mark` with arguments in the package root, feeding `stdin` if given; `stdout`
    /// (then captured as empty) and `stdinFile` replace the pipes.
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: String? = nil,
        executable: String = "mark", stdout redirect: Redirect? = nil, stdinFile: String? = nil
    ) throws -> Output {
        let binary = executable.hasPrefix("/") ? executable : packageRoot + "/.build/debug/" + executable
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw MarkProcessError(message: "no built \(executable) at \(binary); run 'swift build' first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "MARK_RULES")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        var keep: [FileHandle] = []
        switch redirect {
        case .file(let path)?:
            guard let handle = FileHandle(forWritingAtPath: path) else { throw MarkProcessError(message: "cannot open \(path)") }
            process.standardOutput = handle
            keep.append(handle)
        case .closedPipe?:
            let closed = Pipe()
            try closed.fileHandleForReading.close()
            process.standardOutput = closed.fileHandleForWriting
            keep.append(closed.fileHandleForWriting)
        case nil: break
        }
        if let stdinFile {
            guard let handle = FileHandle(forReadingAtPath: stdinFile) else { throw MarkProcessError(message: "cannot open \(stdinFile)") }
            process.standardInput = handle
            keep.append(handle)
        }
        try process.run()
        for handle in keep { try? handle.close() }
        if redirect != nil { try out.fileHandleForWriting.close() }
        if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

struct MarkProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
