import CPcap
import NetVetWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The one door to libpcap (STYLE.md §5): every pcap_* call of the project is in this file, so the
// rest of the capture stage speaks Swift and an audit of the C boundary reads one file
// (swift-system's Syscalls.swift).

/// A libpcap failure: what kind it is and libpcap's message. The sources map it to a `CaptureError`
/// that names the file or interface.
struct PcapFailure: Error, Sendable {
    /// The failures callers treat differently; everything else is `.other`.
    enum Kind: Sendable {
        /// `PCAP_ERROR_NO_SUCH_DEVICE`.
        case noSuchDevice
        /// `PCAP_ERROR_PERM_DENIED` or `PCAP_ERROR_PROMISC_PERM_DENIED`.
        case permissionDenied
        /// Any other failure.
        case other
    }

    /// What went wrong, as far as callers care.
    var kind: Kind
    /// libpcap's message (its error buffer, `pcap_geterr` or `pcap_statustostr`).
    var message: String

    /// A failure of `kind` (default `.other`) with libpcap's `message`.
    init(_ kind: Kind = .other, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Classifies a negative libpcap status code.
    init(status: Int32, message: String) {
        switch status {
        case PCAP_ERROR_NO_SUCH_DEVICE: kind = .noSuchDevice
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED: kind = .permissionDenied
        default: kind = .other
        }
        self.message = message
    }
}

/// What one `PcapHandle.next` call did (the meaning of `pcap_next_ex`'s status).
enum PcapNextStatus {
    /// One frame was lent to the handler.
    case delivered
    /// No frame is ready yet (live, non-blocking or read timeout).
    case noPacketReady
    /// End of file, or `breakLoop()` was called.
    case endOfInput
    /// libpcap reported an error (a cut-off or damaged record, an interface gone); see `lastError`.
    case error
}

/// Owns one `pcap_t*` and closes it in `deinit`; the only type that calls libpcap.
///
/// `@unchecked Sendable` because libpcap allows `pcap_breakloop` from any thread; every other method
/// must be called from one thread at a time, which the owning frame source guarantees.
final class PcapHandle: @unchecked Sendable {
    private let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        pcap_close(pointer)
    }

    // MARK: Opening

    /// Opens a pcap or pcapng file (`-` is standard input) with microsecond timestamps.
    /// Throws libpcap's message ("unknown file format", "truncated dump file; …") if it cannot.
    static func openOffline(path: String) throws(PcapFailure) -> PcapHandle {
        let result = withErrorBuffer { errorBuffer in
            pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_MICRO), errorBuffer)
        }
        guard let pointer = result.value else {
            throw PcapFailure(message: result.message)
        }
        return PcapHandle(pointer: pointer)
    }

    /// Creates an inactive live handle for `device` (libpcap checks the device only at `activate`).
    /// Throws libpcap's message if it cannot allocate the handle.
    static func create(device: String) throws(PcapFailure) -> PcapHandle {
        let result = withErrorBuffer { errorBuffer in pcap_create(device, errorBuffer) }
        guard let pointer = result.value else {
            throw PcapFailure(message: result.message)
        }
        return PcapHandle(pointer: pointer)
    }

    /// Sets the live options that must precede `activate`. Throws only if the handle is already active.
    func configure(
        snapLength: Int, promiscuous: Bool, bufferSize: Int, timeoutMilliseconds: Int, immediateMode: Bool
    ) throws(PcapFailure) {
        let statuses = [
            pcap_set_snaplen(pointer, Int32(clamping: snapLength)),
            pcap_set_promisc(pointer, promiscuous ? 1 : 0),
            pcap_set_buffer_size(pointer, Int32(clamping: bufferSize)),
            pcap_set_timeout(pointer, Int32(clamping: timeoutMilliseconds)),
            pcap_set_immediate_mode(pointer, immediateMode ? 1 : 0),
            pcap_set_tstamp_precision(pointer, Int32(PCAP_TSTAMP_PRECISION_MICRO)),
        ]
        // Only the last (precision) may legitimately be refused by a device; the others fail only on an
        // already-activated handle, which is a programming error worth reporting.
        for status in statuses.dropLast() where status != 0 {
            throw PcapFailure(status: status, message: Self.statusMessage(status))
        }
    }

    /// Activates a live handle. Returns libpcap's warning (positive status) or `nil`;
    /// throws the status code and the most specific message libpcap has for a failure.
    func activate() throws(PcapFailure) -> String? {
        let status = pcap_activate(pointer)
        if status == 0 { return nil }
        let detail = lastError
        let message = detail.isEmpty ? Self.statusMessage(status) : detail
        if status > 0 { return message }
        throw PcapFailure(status: status, message: message)
    }

    /// Compiles `expression` (netmask unknown, optimized) and installs it as the capture filter.
    /// Throws libpcap's compile or install message; the compiled program is always freed.
    func setFilter(_ expression: String) throws(PcapFailure) {
        var program = bpf_program()
        guard pcap_compile(pointer, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw PcapFailure(message: lastError)
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(pointer, &program) == 0 else {
            throw PcapFailure(message: lastError)
        }
    }

    /// Puts an active live handle in non-blocking mode, so `next` returns `.noPacketReady` instead of
    /// waiting.
    /// Throws libpcap's message on failure.
    func setNonBlocking() throws(PcapFailure) {
        let result = withErrorBuffer { errorBuffer in pcap_setnonblock(pointer, 1, errorBuffer) }
        guard result.value == 0 else {
            throw PcapFailure(message: result.message)
        }
    }

    // MARK: Properties

    /// The descriptor to `poll` for readiness, or `nil` if the platform has none.
    var selectableDescriptor: Int32? {
        let descriptor = pcap_get_selectable_fd(pointer)
        return descriptor >= 0 ? descriptor : nil
    }

    /// The handle's data-link type as `pcap_datalink` reports it (DLT_* value).
    var dataLink: Int32 { pcap_datalink(pointer) }

    /// The handle's link type, with LINKTYPE_RAW (101, as stored in files; some libpcap builds pass it
    /// through) and DLT_RAW (12) both reported as `.raw`: they are the same encapsulation.
    var linkType: LinkType {
        let value = dataLink
        if value == LinkType.raw.rawValue || value == LinkType.rawLinktype.rawValue { return .raw }
        return LinkType(rawValue: value)
    }

    /// libpcap's name for a DLT value ("EN10MB", "LINUX_SLL2"); `USER0`…`USER15` for the private-use
    /// values 147–162, which libpcap 1.10 leaves unnamed; `unnamed` for any other value it does not know.
    static func dataLinkName(_ value: Int32) -> String {
        if let name = pcap_datalink_val_to_name(value) { return String(cString: name) }
        // DLT_USER0 … DLT_USER15 (pcap/dlt.h): reserved for private use, named as tcpdump and Wireshark do.
        if (147...162).contains(value) { return "USER\(value - 147)" }
        return "unnamed"
    }

    /// libpcap's text for a status code (`pcap_statustostr`).
    static func statusMessage(_ status: Int32) -> String {
        guard let text = pcap_statustostr(status) else { return "libpcap status \(status)" }
        return String(cString: text)
    }

    /// The last error message libpcap stored in this handle (`pcap_geterr`); empty if none.
    var lastError: String {
        guard let text = pcap_geterr(pointer) else { return "" }
        return String(cString: text)
    }

    /// The read offset in the underlying file (`ftell(pcap_file(p))`), or `nil` for a live handle or a
    /// stream that cannot tell (a pipe on standard input).
    var fileOffset: Int64? {
        guard let file = pcap_file(pointer) else { return nil }
        let offset = ftell(file)
        return offset >= 0 ? Int64(offset) : nil
    }

    /// Packets received and dropped (kernel buffer and interface) since activation (`pcap_stats`),
    /// or `nil` if libpcap cannot tell.
    func statistics() -> (received: Int, dropped: Int)? {
        var stats = pcap_stat()
        guard pcap_stats(pointer, &stats) == 0 else { return nil }
        return (Int(stats.ps_recv), Int(stats.ps_drop) + Int(stats.ps_ifdrop))
    }

    // MARK: Reading

    /// Reads one packet with `pcap_next_ex` and lends it to `body` for the duration of the call
    /// (no copy, no allocation). Returns what happened; on `.error` the message is in `lastError`.
    @inline(__always)
    func next(_ body: (FrameHeader, UnsafeRawBufferPointer) -> Void) -> PcapNextStatus {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(pointer, &header, &data) {
        case 1: break
        case 0: return .noPacketReady
        case PCAP_ERROR_BREAK: return .endOfInput
        default: return .error
        }
        // libpcap promises the header on status 1; if it ever broke that, an error is the safe reading.
        guard let header else { return .error }
        let record = header.pointee
        // caplen is bounded by libpcap's maximum snap length, so clamping never changes a real value.
        let capturedLength = data == nil ? 0 : Int(clamping: record.caplen)
        let frameHeader = FrameHeader(
            time: PacketTime(seconds: Int64(record.ts.tv_sec), microseconds: Int64(record.ts.tv_usec)),
            capturedLength: capturedLength,
            wireLength: Int(clamping: record.len))
        body(frameHeader, UnsafeRawBufferPointer(start: data, count: capturedLength))
        return .delivered
    }

    /// Asks a running read to return (`pcap_breakloop`); safe from any thread and from a signal handler.
    func breakLoop() {
        pcap_breakloop(pointer)
    }
}

/// Runs `body` with a fresh `PCAP_ERRBUF_SIZE` error buffer and returns its result with the buffer's
/// text (empty if libpcap wrote nothing). Allocates once per call: used only when opening.
private func withErrorBuffer<Value>(_ body: (UnsafeMutablePointer<CChar>) -> Value) -> (
    value: Value, message: String
) {
    let size = Int(PCAP_ERRBUF_SIZE)
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
    defer { buffer.deallocate() }
    buffer.initialize(repeating: 0, count: size)
    let value = body(buffer)
    // libpcap NUL-terminates within the buffer; terminate the last byte anyway so a bug cannot overrun.
    buffer[size - 1] = 0
    return (value, String(cString: buffer))
}
