import Foundation

/// Builds classic pcap files byte by byte (little-endian, microsecond timestamps), so tests control
/// every field, including broken ones: a bogus link type, a record cut off mid-way.
struct PcapWriter {
    /// The file so far: the 24-byte global header, then each record's 16-byte header and data.
    private(set) var bytes: [UInt8] = []

    /// Starts a file whose global header declares `linkType` (LINKTYPE_* value) and `snapLength`.
    init(linkType: UInt32 = 1, snapLength: UInt32 = 65535) {
        appendUInt32(0xa1b2_c3d4)  // magic: microsecond timestamps, written little-endian
        appendUInt16(2)  // version major
        appendUInt16(4)  // version minor
        appendUInt32(0)  // thiszone
        appendUInt32(0)  // sigfigs
        appendUInt32(snapLength)
        appendUInt32(linkType)
    }

    /// Appends one record holding `frame`; `wireLength` defaults to the frame's length.
    mutating func append(seconds: UInt32, microseconds: UInt32, frame: [UInt8], wireLength: Int? = nil) {
        appendRecordHeader(
            seconds: seconds, microseconds: microseconds, capturedLength: UInt32(frame.count),
            wireLength: UInt32(wireLength ?? frame.count))
        bytes += frame
    }

    /// Appends a bare record header with arbitrary (possibly lying) lengths and no data.
    mutating func appendRecordHeader(seconds: UInt32, microseconds: UInt32, capturedLength: UInt32, wireLength: UInt32)
    {
        appendUInt32(seconds)
        appendUInt32(microseconds)
        appendUInt32(capturedLength)
        appendUInt32(wireLength)
    }

    /// Appends raw bytes (the partial data of a cut-off record).
    mutating func appendRaw(_ raw: [UInt8]) {
        bytes += raw
    }

    /// Writes the file to `path`, replacing any file there.
    func write(to path: String) throws {
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
    /// frames apart after a round trip.
    static func sampleFrame(marker: UInt8) -> [UInt8] {
        var frame: [UInt8] = []
        frame += [0x02, 0x00, 0x00, 0x00, 0x00, 0x02]  // destination MAC (locally administered)
        frame += [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]  // source MAC
        frame += [0x08, 0x00]  // EtherType IPv4
        frame += [0x45, 0x00, 0x00, 0x2e]  // version 4, IHL 5, total length 46
        frame += [0x00, 0x01, 0x00, 0x00]  // identification, flags, fragment offset
        frame += [0x40, 0x11, 0x00, 0x00]  // TTL 64, protocol UDP, checksum (unchecked here)
        frame += [198, 18, 0, 1, 198, 18, 0, 2]  // 198.18.0.1 → 198.18.0.2 (benchmarking range)
        frame += [0x30, 0x39, 0x00, 0x09, 0x00, 0x1a, 0x00, 0x00]  // UDP 12345 → 9, length 26
        frame += [UInt8](repeating: 0xab, count: 17) + [marker]  // payload
        return frame
    }
}
