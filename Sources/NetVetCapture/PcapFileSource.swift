import NetVetWire
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Frames from a pcap or pcapng file, or from standard input when the path is `-`.
///
/// A file cut off mid-record (or holding a damaged record) is not an error: the frames before the
/// damage are delivered, `read` then returns `.endOfInput` and `truncation` says what happened, so an
/// audit covers everything up to the cut. Call `read` from one thread at a time; `stop()` from any.
public final class PcapFileSource: FrameSource, @unchecked Sendable {
    public let linkType: LinkType
    public let name: String
    public private(set) var truncation: String?

    private let handle: PcapHandle
    /// The file size when the input is a regular file; `nil` for standard input.
    private let totalBytes: Int64?
    /// Frames delivered so far, for the truncation message.
    private var framesDelivered = 0
    /// Set once libpcap reported end of file or an error: later reads return `.endOfInput`.
    private var finished = false
    private let stopRequested = Atomic<Bool>(false)

    /// Opens `path` (pcap or pcapng; `-` for standard input) and checks its link type.
    /// Throws `.cannotOpen` if the file is missing, unreadable or a directory, `.notACapture` if it is
    /// not a capture (empty, text, bad magic, damaged header) and `.unsupportedLinkType` if netvet
    /// cannot decode its frames.
    public init(path: String) throws(CaptureError) {
        name = path
        if path == "-" {
            totalBytes = nil
        } else {
            totalBytes = try Self.checkReadable(path: path)
        }

        do {
            handle = try PcapHandle.openOffline(path: path)
        } catch {
            // The file opened above, so whatever libpcap refuses is its content.
            throw .notACapture(path: path, reason: error.message)
        }

        linkType = handle.linkType
        guard linkType.isSupported else {
            throw .unsupportedLinkType(
                source: path, linkType: linkType, libpcapName: PcapHandle.dataLinkName(handle.dataLink))
        }
    }

    /// Opens and stats `path` so a missing or unreadable file is reported with the system's reason
    /// (libpcap's own message for these cases is vaguer). Returns the size of a regular file.
    private static func checkReadable(path: String) throws(CaptureError) -> Int64? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        // open(2) succeeds on a directory, but reading it fails; say so before libpcap does it vaguely.
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotOpen(path: path, reason: String(cString: strerror(EISDIR)))
        }
        return (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
    }

    /// Delivers up to `limit` frames (at least one) in file order. Returns `.endOfInput` at end of
    /// file, after `stop()`, or after a damaged record (then `truncation` is set); never throws.
    public func read(limit: Int, _ handler: (FrameHeader, UnsafeRawBufferPointer) -> Void) throws(CaptureError)
        -> ReadOutcome
    {
        guard !finished, !stopRequested.load(ordering: .relaxed) else { return .endOfInput }
        let maximum = max(limit, 1)
        var delivered = 0
        while delivered < maximum {
            // Checked per frame so that stop() ends even a huge batch promptly.
            if stopRequested.load(ordering: .relaxed) { break }
            let status = handle.next(handler)
            if status == .delivered {
                delivered += 1
                continue
            }
            finished = true
            // End of input is a clean end of file (or stop()); an error, or "no packet ready" which a
            // file never legitimately reports, is a damaged or cut-off record.
            if status != .endOfInput {
                let reason = handle.lastError
                truncation =
                    "capture cut off after \(framesDelivered + delivered) packets: "
                    + (reason.isEmpty ? "libpcap reported an unreadable record" : reason)
            }
            break
        }
        framesDelivered += delivered
        return delivered > 0 ? .delivered(delivered) : .endOfInput
    }

    /// Bytes read so far (the file offset; 0 if the input cannot tell, such as a pipe) and the file
    /// size (`nil` for standard input).
    public var progress: (consumed: Int64, total: Int64?) {
        (handle.fileOffset ?? 0, totalBytes)
    }

    /// Always 0: a file cannot drop frames.
    public var droppedFrames: Int { 0 }

    /// Makes a running `read` return after the current frame and later reads return `.endOfInput`.
    /// Safe from any thread.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        handle.breakLoop()
    }
}
