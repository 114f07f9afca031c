/// The CRYPTO stream of one direction of one QUIC packet number space, joined from fragments that may
/// arrive in any order, overlap, and span several Initials and datagrams (RFC 9000 §19.6, §7.5).
///
/// Bounded: bytes beyond `maximumLength` and ranges beyond `maximumRanges` are dropped with
/// `quic.crypto_limit`. Its first TLS message (a ClientHello or ServerHello, RFC 9001 §4.1.3) is parsed
/// from the contiguous prefix once that prefix holds the whole message.
public struct QUICCryptoStream: Sendable {
    /// The most stream bytes kept (8 KiB): post-quantum ClientHellos (about 1.8 KiB) span two Initials,
    /// far below it.
    public static let maximumLength = 8 * 1024
    /// The most disjoint received ranges tracked.
    public static let maximumRanges = 32

    /// The received bytes, from offset 0 up to the largest end seen (holes are zero).
    public private(set) var buffer: [UInt8] = []
    /// Disjoint, sorted ranges of received offsets.
    public private(set) var ranges: [Range<Int>] = []

    public init() {}

    /// The length of the gap-free prefix from offset 0.
    public var contiguousLength: Int {
        guard let first = ranges.first, first.lowerBound == 0 else { return 0 }
        return first.upperBound
    }

    /// True if bytes were received beyond a hole (the prefix stops before the end of what arrived).
    public var hasGap: Bool { ranges.count > 1 || (ranges.first.map { $0.lowerBound > 0 } ?? false) }

    /// True if nothing was received.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Adds one fragment; returns `[quic.crypto_limit]` if some of it was dropped for the limits, else
    /// `[]`. Overlapping bytes are overwritten by the later fragment.
    public mutating func insert(_ fragment: QUICCryptoFragment) -> [ProtocolAnomaly] {
        insert(offset: fragment.offset, fragment.bytes)
    }

    /// Adds `bytes` at stream `offset` (see `insert(_:)`).
    public mutating func insert(offset: Int, _ bytes: [UInt8]) -> [ProtocolAnomaly] {
        guard !bytes.isEmpty else { return [] }
        // Bytes past the limit are never kept, so a hostile offset cannot make the buffer grow.
        guard offset >= 0, offset < Self.maximumLength else { return [.quicCryptoLimit] }
        let end = min(offset + min(bytes.count, Self.maximumLength), Self.maximumLength)
        let cut = offset + bytes.count > end
        var merged = offset..<end
        var kept: [Range<Int>] = []
        kept.reserveCapacity(ranges.count + 1)
        for range in ranges {
            if range.upperBound < merged.lowerBound || range.lowerBound > merged.upperBound {
                kept.append(range)
            } else {
                merged = min(range.lowerBound, merged.lowerBound)..<max(range.upperBound, merged.upperBound)
            }
        }
        // Too many holes means a peer scattering fragments: the new one is dropped.
        guard kept.count < Self.maximumRanges else { return [.quicCryptoLimit] }
        kept.append(merged)
        kept.sort { $0.lowerBound < $1.lowerBound }
        ranges = kept
        if buffer.count < end { buffer += [UInt8](repeating: 0, count: end - buffer.count) }
        buffer.replaceSubrange(offset..<end, with: bytes.prefix(end - offset))
        return cut ? [.quicCryptoLimit] : []
    }

    /// The first handshake message of the stream, parsed from the contiguous prefix:
    /// `.needMoreData` until it is whole (then `TLSHandshakeParser.parseHandshakeMessage`'s result).
    /// `.malformed([quic.crypto_limit])` as soon as the message declares more than the stream keeps.
    public func firstHandshakeMessage() -> ParseResult<TLSHandshakeMessage> {
        let length = contiguousLength
        // A message longer than the buffer could never complete: decide now rather than wait for it.
        if length >= 4, 4 + (Int(buffer[1]) << 16 | Int(buffer[2]) << 8 | Int(buffer[3])) > Self.maximumLength {
            return .malformed([.quicCryptoLimit])
        }
        return buffer.withUnsafeBytes { raw in
            TLSHandshakeParser.parseHandshakeMessage(UnsafeRawBufferPointer(rebasing: raw.prefix(length)))
        }
    }
}
