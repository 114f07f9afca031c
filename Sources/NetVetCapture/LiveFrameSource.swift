import NetVetWire
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How to open a live capture. The defaults suit an auditor: whole frames, a large kernel buffer and
/// batched delivery, because drops lose evidence while latency costs nothing.
public struct LiveCaptureOptions: Sendable, Equatable {
    /// The interface to capture on (`eth0`, `any`).
    public var interface: String
    /// Bytes kept of each frame; 65535 keeps whole frames on every common link.
    public var snaplen: Int
    /// Whether to put the interface in promiscuous mode (see traffic not addressed to this host).
    public var promiscuous: Bool
    /// The kernel capture buffer in bytes.
    public var bufferSize: Int
    /// How long one `read` waits for a frame before returning `.idle`, and how long the kernel holds
    /// a partly filled buffer before handing it over. Zero or less waits until a frame or `stop()`.
    public var readTimeoutMilliseconds: Int
    /// Hand every frame over as soon as it arrives. Off by default: immediate mode dropped packets in
    /// bursts when measured here, while a 100–250 ms timeout with an 8–32 MiB buffer dropped none.
    public var immediateMode: Bool
    /// A BPF filter expression (tcpdump syntax), or `nil` to capture everything.
    public var filter: String?

    /// Options for `interface` with the recommended defaults.
    public init(
        interface: String,
        snaplen: Int = 65535,
        promiscuous: Bool = true,
        bufferSize: Int = 16 * 1024 * 1024,
        readTimeoutMilliseconds: Int = 200,
        immediateMode: Bool = false,
        filter: String? = nil
    ) {
        self.interface = interface
        self.snaplen = snaplen
        self.promiscuous = promiscuous
        self.bufferSize = bufferSize
        self.readTimeoutMilliseconds = readTimeoutMilliseconds
        self.immediateMode = immediateMode
        self.filter = filter
    }
}

/// Frames captured live from a network interface through libpcap.
///
/// The handle runs non-blocking and `read` waits in `poll` itself, because on Linux (TPACKET_V3)
/// libpcap's own blocking read never returns on an idle interface: the read timeout only fires once a
/// frame has arrived. Call `read`, `stats` and `droppedFrames` from one thread at a time; `stop()`
/// from any thread, including a signal handler's.
public final class LiveFrameSource: FrameSource, @unchecked Sendable {
    public let linkType: LinkType
    public let name: String
    /// The options the capture was opened with.
    public let options: LiveCaptureOptions
    /// libpcap's warning from activation (for example, promiscuous mode not supported), if any.
    public let activationWarning: String?

    private let handle: PcapHandle
    /// libpcap's descriptor to poll for readiness.
    private let captureDescriptor: Int32
    /// A pipe whose read end becomes readable when `stop()` is called, to end a `poll` at once.
    private let wakeReadDescriptor: Int32
    private let wakeWriteDescriptor: Int32
    private let stopRequested = Atomic<Bool>(false)
    /// An error met after frames were already delivered in the same `read`; thrown by the next `read`.
    private var pendingError: CaptureError?
    /// The last statistics libpcap gave, kept when a later `pcap_stats` fails.
    private var lastStats: (received: Int, dropped: Int) = (0, 0)

    /// Opens and activates a live capture with `options`, then installs its filter.
    /// Throws `.noSuchInterface`, `.permissionDenied` (no root or CAP_NET_RAW, including for promiscuous
    /// mode), `.unsupportedLinkType`, `.badFilter` (does not compile or cannot be set) or `.failed`.
    public init(options: LiveCaptureOptions) throws(CaptureError) {
        let interface = options.interface
        self.options = options
        name = interface

        do {
            handle = try PcapHandle.create(device: interface)
            try handle.configure(
                snapLength: options.snaplen, promiscuous: options.promiscuous, bufferSize: options.bufferSize,
                timeoutMilliseconds: options.readTimeoutMilliseconds, immediateMode: options.immediateMode)
            activationWarning = try handle.activate()
        } catch {
            switch error.kind {
            case .noSuchDevice: throw .noSuchInterface(name: interface, reason: error.message)
            case .permissionDenied: throw .permissionDenied(name: interface, reason: error.message)
            case .other: throw .failed(source: interface, reason: error.message)
            }
        }

        linkType = handle.linkType
        guard linkType.isSupported else {
            throw .unsupportedLinkType(
                source: interface, linkType: linkType, libpcapName: PcapHandle.dataLinkName(handle.dataLink))
        }

        if let filter = options.filter {
            do {
                try handle.setFilter(filter)
            } catch {
                throw .badFilter(expression: filter, reason: error.message)
            }
        }

        do {
            try handle.setNonBlocking()
        } catch {
            throw .failed(source: interface, reason: error.message)
        }
        guard let descriptor = handle.selectableDescriptor else {
            throw .failed(source: interface, reason: "libpcap gives no selectable descriptor on this platform")
        }
        captureDescriptor = descriptor

        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw .failed(source: interface, reason: "cannot create wake-up pipe: \(String(cString: strerror(errno)))")
        }
        wakeReadDescriptor = ends[0]
        wakeWriteDescriptor = ends[1]
        for descriptor in ends {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(wakeReadDescriptor)
        close(wakeWriteDescriptor)
    }

    /// Delivers up to `limit` frames (at least one) that are ready, waiting up to the read timeout for
    /// the first. Returns `.idle` if none arrived in time and `.endOfInput` after `stop()`.
    /// Throws `.failed` if libpcap reports an error (for example, the interface went away).
    public func read(limit: Int, _ handler: (FrameHeader, UnsafeRawBufferPointer) -> Void) throws(CaptureError)
        -> ReadOutcome
    {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        guard !stopRequested.load(ordering: .relaxed) else { return .endOfInput }
        let maximum = max(limit, 1)
        var delivered = 0
        var waited = false
        reading: while delivered < maximum {
            if stopRequested.load(ordering: .relaxed) { break reading }
            switch handle.next(handler) {
            case .delivered:
                delivered += 1
            case .noPacketReady:
                // Return what is ready rather than wait again; wait at most once per read.
                if delivered > 0 || waited { break reading }
                waited = true
                waitForFrames()
            case .endOfInput:
                // Only pcap_breakloop ends a live capture this way, and stop() set the flag first.
                break reading
            case .error:
                let error = CaptureError.failed(source: name, reason: handle.lastError)
                if delivered == 0 { throw error }
                pendingError = error
                break reading
            }
        }
        if delivered > 0 { return .delivered(delivered) }
        return stopRequested.load(ordering: .relaxed) ? .endOfInput : .idle
    }

    /// Blocks until libpcap's descriptor is readable, `stop()` is called, or the read timeout passes.
    private func waitForFrames() {
        var descriptors = (
            pollfd(fd: captureDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReadDescriptor, events: Int16(POLLIN), revents: 0)
        )
        let timeout = options.readTimeoutMilliseconds > 0 ? Int32(clamping: options.readTimeoutMilliseconds) : -1
        // An interrupted or failed poll just ends this wait: the caller reads again or reports .idle.
        _ = withUnsafeMutableBytes(of: &descriptors) { raw in
            poll(raw.baseAddress?.assumingMemoryBound(to: pollfd.self), 2, timeout)
        }
    }

    /// Packets the kernel reported to libpcap and packets it dropped (buffer full, plus drops at the
    /// interface) since activation. Returns the last known values if libpcap cannot tell now.
    public func stats() -> (received: Int, dropped: Int) {
        if let current = handle.statistics() { lastStats = current }
        return lastStats
    }

    /// Packets dropped by the kernel or the interface since activation (`pcap_stats`).
    public var droppedFrames: Int { stats().dropped }

    /// Always `nil`: a live capture is never cut off, it fails (`read` throws) or is stopped.
    public var truncation: String? { nil }

    /// Bytes are not counted for a live capture: always `(0, nil)`.
    public var progress: (consumed: Int64, total: Int64?) { (0, nil) }

    /// Makes a running `read` return promptly and later reads return `.endOfInput`.
    /// Async-signal-safe: an atomic store, `pcap_breakloop` and one `write(2)`.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        handle.breakLoop()
        var byte: UInt8 = 1
        // A full pipe already holds a wake-up, so a failed write loses nothing.
        _ = write(wakeWriteDescriptor, &byte, 1)
    }
}
