/// 64-bit FNV-1a over single bytes, and a multiply-and-fold mix over words and byte ranges: deterministic
/// (reports must not depend on a per-process seed). Inlinable: it runs per datagram on the packet path.
@frozen
public struct FNV: Sendable {
    /// The hash so far (the FNV-1a offset basis when empty).
    public var value: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The empty hash.
    @inlinable public init() {}

    /// Adds one word.
    @inlinable public mutating func add(_ word: UInt64) {
        mix(word)
    }

    /// Adds one byte (FNV-1a step).
    @inlinable public mutating func addByte(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01B3
    }

    /// Adds `bytes[range]` eight bytes at a time (one multiply per word, not per byte: datagram and
    /// certificate keys are hundreds of bytes), then the range's length.
    @inlinable public mutating func addBytes(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return }
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < range.upperBound {
            tail = tail << 8 | UInt64(bytes[offset])
            offset += 1
        }
        mix(tail)
        mix(UInt64(range.count))
    }

    /// One word into the state: multiply by a 64-bit odd constant and fold the high half down.
    @usableFromInline mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
    }

    /// Adds an address: one word for IPv4, two for IPv6, and 0 for none.
    @inlinable public mutating func add(_ address: IPAddress?) {
        switch address {
        case .v4(let v4): add(UInt64(v4.rawValue))
        case .v6(let v6):
            add(v6.high)
            add(v6.low)
        case nil: add(0)
        }
    }

    /// Adds the UTF-8 of `text` like `addBytes` (contiguous, no copy for a native string).
    @inlinable public mutating func addText(_ text: String) {
        var text = text
        text.withUTF8 { bytes in addBytes(UnsafeRawBufferPointer(bytes), 0..<bytes.count) }
    }
}
