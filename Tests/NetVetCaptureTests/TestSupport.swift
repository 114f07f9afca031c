import Foundation
import NetVetCapture

/// Helpers of the capture tests: scratch files and reading a whole source (paths, the corpus, pcap writing
/// and external programs are NetVetTestSupport's).
enum TestSupport {
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

}
