import Foundation
import NetVetWire

/// Builds classic pcap files byte by byte (little-endian, microsecond timestamps), so tests control
/// every field, including broken ones: a bogus link type, a record cut off mid-way.
public struct PcapWriter {
    /// The file so far: the 24-byte global header, then each record's 16-byte header and data.
    public private(set) var bytes: [UInt8] = []

    /// Starts a file whose global header declares `linkType` (LINKTYPE_* value) and `snapLength`.
    public init(linkType: UInt32 = 1, snapLength: UInt32 = 65535) {
        appendUInt32(0xa1b2_c3d4)  // magic: microsecond timestamps, written little-endian
        appendUInt16(2)  // version major
        appendUInt16(4)  // version minor
        appendUInt32(0)  // thiszone
        appendUInt32(0)  // sigfigs
        appendUInt32(snapLength)
        appendUInt32(linkType)
    }

    /// Appends one record holding `frame`; `wireLength` defaults to the frame's length.
    public mutating func append(seconds: UInt32, microseconds: UInt32, frame: [UInt8], wireLength: Int? = nil) {
        appendRecordHeader(
            seconds: seconds, microseconds: microseconds, capturedLength: UInt32(frame.count),
            wireLength: UInt32(wireLength ?? frame.count))
        bytes += frame
    }

    /// Appends a bare record header with arbitrary (possibly lying) lengths and no data.
    public mutating func appendRecordHeader(
        seconds: UInt32, microseconds: UInt32, capturedLength: UInt32, wireLength: UInt32
    ) {
        appendUInt32(seconds)
        appendUInt32(microseconds)
        appendUInt32(capturedLength)
        appendUInt32(wireLength)
    }

    /// Appends raw bytes (the partial data of a cut-off record).
    public mutating func appendRaw(_ raw: [UInt8]) {
        bytes += raw
    }

    /// Writes the file to `path`, replacing any file there.
    public func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private mutating func appendUInt16(_ value: UInt16) {
        bytes += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    private mutating func appendUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    /// A 60-byte Ethernet II / IPv4 / UDP frame whose last payload byte is `marker`, so tests can tell
    /// frames apart after a round trip: 02:00:00:00:00:01 → 02:00:00:00:00:02, 198.18.0.1:12345 →
    /// 198.18.0.2:9 (the benchmarking range), identification 1, IPv4 checksum zero (unchecked here), 17
    /// bytes 0xab then the marker.
    public static func sampleFrame(marker: UInt8) -> [UInt8] {
        let payload = [UInt8](repeating: 0xab, count: 17) + [marker]
        return FrameBuilder.ethernet(
            MACAddress(0x02, 0, 0, 0, 0, 0x02), MACAddress(0x02, 0, 0, 0, 0, 0x01), 0x0800,
            FrameBuilder.ipv4(
                FrameBuilder.ip("198.18.0.1"), FrameBuilder.ip("198.18.0.2"), protocol: 17,
                FrameBuilder.udp(12345, 9, payload), identification: 1, fragment: 0, checksum: false),
            padded: false)
    }
}
