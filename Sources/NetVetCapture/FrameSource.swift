import NetVetWire

/// What a capture source says about one frame.
public struct FrameHeader: Sendable, Equatable {
    /// When the frame was captured (from the capture, never the wall clock).
    public var time: PacketTime
    /// Bytes present in the capture (≤ `wireLength` when the snap length cut the frame).
    public var capturedLength: Int
    /// Bytes the frame had on the wire.
    public var wireLength: Int

    public init(time: PacketTime, capturedLength: Int, wireLength: Int) {
        self.time = time
        self.capturedLength = capturedLength
        self.wireLength = wireLength
    }
}

/// The result of one `FrameSource.read` call.
public enum ReadOutcome: Sendable, Equatable {
    /// This many frames were handed to the handler (at least one).
    case delivered(Int)
    /// No frame arrived before the live read timeout; call again.
    case idle
    /// The source is exhausted (end of file, or a live capture was stopped with `stop()`).
    case endOfInput
}

/// A source of link-layer frames: a capture file, a live interface, or frames in memory (STYLE.md §5).
///
/// Frames are lent, not given: the bytes passed to the handler are valid only during that call
/// (libpcap reuses its buffer), so consumers copy what they must keep.
public protocol FrameSource: AnyObject {
    /// The link type of every frame this source delivers.
    var linkType: LinkType { get }
    /// A name for messages: the file path (`-` for standard input) or the interface name.
    var name: String { get }
    /// Delivers up to `limit` frames to `handler`, in capture order.
    /// Throws `CaptureError` only for failures that lose data the caller must hear about; a capture file
    /// cut off mid-record ends with `.endOfInput` and sets `truncation`.
    func read(limit: Int, _ handler: (FrameHeader, UnsafeRawBufferPointer) -> Void) throws(CaptureError) -> ReadOutcome
    /// Set once a file source hit a damaged or cut-off record: the reason, for a warning. `nil` otherwise.
    var truncation: String? { get }
    /// Bytes of input consumed so far and the total, when known (files), for progress display.
    var progress: (consumed: Int64, total: Int64?) { get }
    /// Packets the kernel or libpcap dropped (live sources); 0 for files and memory.
    var droppedFrames: Int { get }
    /// Asks a running `read` to return as soon as possible; later reads return `.endOfInput`.
    /// Safe to call from a signal handler's thread.
    func stop()
}

/// A frame source over frames held in memory, for tests and tools. Never truncated, never drops.
public final class MemoryFrameSource: FrameSource {
    /// A frame with its timestamp.
    public struct Frame: Sendable {
        public var time: PacketTime
        public var bytes: [UInt8]
        /// The on-wire length; defaults to `bytes.count`.
        public var wireLength: Int

        public init(time: PacketTime, bytes: [UInt8], wireLength: Int? = nil) {
            self.time = time
            self.bytes = bytes
            self.wireLength = wireLength ?? bytes.count
        }
    }

    public let linkType: LinkType
    public let name: String
    private let frames: [Frame]
    private var next = 0
    private var stopped = false

    /// A source that yields `frames` in order, then ends.
    public init(linkType: LinkType, frames: [Frame], name: String = "memory") {
        self.linkType = linkType
        self.frames = frames
        self.name = name
    }

    public func read(limit: Int, _ handler: (FrameHeader, UnsafeRawBufferPointer) -> Void) throws(CaptureError)
        -> ReadOutcome
    {
        guard !stopped, next < frames.count else { return .endOfInput }
        var delivered = 0
        while delivered < max(limit, 1), next < frames.count {
            let frame = frames[next]
            next += 1
            delivered += 1
            let header = FrameHeader(time: frame.time, capturedLength: frame.bytes.count, wireLength: frame.wireLength)
            frame.bytes.withUnsafeBytes { handler(header, $0) }
        }
        return .delivered(delivered)
    }

    public var truncation: String? { nil }
    public var progress: (consumed: Int64, total: Int64?) { (Int64(next), Int64(frames.count)) }
    public var droppedFrames: Int { 0 }
    public func stop() { stopped = true }
}
