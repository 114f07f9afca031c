import Foundation
import NetVetCapture
import Testing

/// Shared helpers for the capture tests: scratch files, external tools, reading a whole source.
enum TestSupport {
    /// The package root, found from this file's path (Tests/NetVetCaptureTests/TestSupport.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The third-party corpus beside the repository (`../shared/corpus`), never copied into it.
    static let corpusDirectory: URL = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared").appendingPathComponent("corpus")

    /// A fresh scratch directory; the caller removes it with `removeDirectory`.
    static func makeScratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("netvet-capture-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Removes a scratch directory made by `makeScratchDirectory`, ignoring errors.
    static func removeDirectory(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The full path of executable `name`, searched in PATH and the system directories, or `nil`.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` to completion (standard input closed) and returns its exit
    /// status and combined output (trimmed). Throws only if it cannot be started.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus, text)
    }

    /// A frame as the handler saw it, copied so it outlives the call.
    struct CopiedFrame: Equatable {
        var header: FrameHeader
        var bytes: [UInt8]
    }

    /// Reads a file `source` to the end in batches of `batch`, copying every frame. Throws what `read`
    /// throws. Not for live sources, which never end on their own.
    static func readAll(_ source: some FrameSource, batch: Int = 64) throws -> [CopiedFrame] {
        var frames: [CopiedFrame] = []
        while true {
            let outcome = try source.read(limit: batch) { header, bytes in
                frames.append(CopiedFrame(header: header, bytes: Array(bytes)))
            }
            switch outcome {
            case .delivered: continue
            case .idle: continue
            case .endOfInput: return frames
            }
        }
    }

    /// Records why a test did not run (printed as `SKIPPED: …` too) and ends it without failing.
    static func skip(_ reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Never {
        print("SKIPPED: \(reason)")
        try Test.cancel(Comment(rawValue: reason), sourceLocation: sourceLocation)
    }
}
