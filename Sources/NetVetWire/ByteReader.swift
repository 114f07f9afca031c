/// A bounded, big-endian cursor over borrowed bytes (a packet in libpcap's buffer, a test array).
///
/// Every read is total: when too few bytes remain it returns `nil` and the cursor does not move
/// (the swift-nio `readInteger` contract). The reader never copies and never outlives the call
/// that lent it the bytes: the packet path builds one per frame inside a synchronous callback.
/// `UnsafeRawBufferPointer` is used rather than `RawSpan` because the reader is a stored value in
/// decoder state; every access below is bounds-checked by hand.
public struct ByteReader {
    /// The bytes this reader may touch; never read outside them.
    public let bytes: UnsafeRawBufferPointer
    /// Offset of the next unread byte, `0...bytes.count`. Only this type moves it, and only forward
    /// within `bytes`, so every check below may rely on `0 <= cursor <= bytes.count`.
    @usableFromInline
    internal var cursor: Int

    /// Offset of the next unread byte, `0...bytes.count`.
    @inlinable
    public var offset: Int { cursor }

    /// A reader over all of `bytes`, starting at the first.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.cursor = 0
    }

    /// Bytes left to read.
    @inlinable
    public var remaining: Int { bytes.count &- offset }

    /// True when nothing is left.
    @inlinable
    public var isAtEnd: Bool { offset >= bytes.count }

    /// Reads one byte; `nil` at the end.
    @inlinable
    public mutating func readUInt8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        let value = bytes.load(fromByteOffset: offset, as: UInt8.self)
        cursor &+= 1
        return value
    }

    /// Reads a big-endian `UInt16`; `nil` (cursor unmoved) if fewer than 2 bytes remain.
    @inlinable
    public mutating func readUInt16() -> UInt16? {
        guard let value = peekUInt16(at: 0) else { return nil }
        cursor &+= 2
        return value
    }

    /// Reads a big-endian `UInt32`; `nil` (cursor unmoved) if fewer than 4 bytes remain.
    @inlinable
    public mutating func readUInt32() -> UInt32? {
        guard let value = peekUInt32(at: 0) else { return nil }
        cursor &+= 4
        return value
    }

    /// Reads a big-endian `UInt64`; `nil` (cursor unmoved) if fewer than 8 bytes remain.
    @inlinable
    public mutating func readUInt64() -> UInt64? {
        guard let value = peekUInt64(at: 0) else { return nil }
        cursor &+= 8
        return value
    }

    /// Reads a little-endian `UInt16` (radiotap, pcap headers); `nil` if fewer than 2 bytes remain.
    @inlinable
    public mutating func readUInt16LE() -> UInt16? {
        guard let value = readUInt16() else { return nil }
        return value.byteSwapped
    }

    /// Reads a little-endian `UInt32`; `nil` if fewer than 4 bytes remain.
    @inlinable
    public mutating func readUInt32LE() -> UInt32? {
        guard let value = readUInt32() else { return nil }
        return value.byteSwapped
    }

    /// Reads a 6-byte MAC address; `nil` (cursor unmoved) if fewer than 6 bytes remain.
    @inlinable
    public mutating func readMAC() -> MACAddress? {
        guard remaining >= 6,
            let high = peekUInt16(at: 0), let low = peekUInt32(at: 2)
        else { return nil }
        cursor &+= 6
        return MACAddress(rawValue: UInt64(high) << 32 | UInt64(low))
    }

    /// Reads a 4-byte IPv4 address; `nil` (cursor unmoved) if fewer than 4 bytes remain.
    @inlinable
    public mutating func readIPv4() -> IPv4Address? {
        guard let value = readUInt32() else { return nil }
        return IPv4Address(rawValue: value)
    }

    /// Reads a 16-byte IPv6 address; `nil` (cursor unmoved) if fewer than 16 bytes remain.
    @inlinable
    public mutating func readIPv6() -> IPv6Address? {
        guard remaining >= 16, let high = peekUInt64(at: 0), let low = peekUInt64(at: 8) else { return nil }
        cursor &+= 16
        return IPv6Address(high: high, low: low)
    }

    /// Skips `count` bytes; returns false (cursor unmoved) if fewer remain or `count` is negative.
    @inlinable
    @discardableResult
    public mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        cursor &+= count
        return true
    }

    /// Splits off the next `count` bytes as a reader confined to them (STYLE.md §2: nested lengths),
    /// advancing past them; `nil` (cursor unmoved) if fewer remain or `count` is negative.
    @inlinable
    public mutating func readSlice(_ count: Int) -> ByteReader? {
        guard count >= 0, count <= remaining else { return nil }
        let start = cursor
        cursor &+= count
        // `start + count <= bytes.count` was checked above; rebasing a slice re-checked it (a third of
        // the function's instructions on the packet path).
        return ByteReader(UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + start }, count: count))
    }

    /// The unread bytes as a reader, consuming them.
    @inlinable
    public mutating func readRest() -> ByteReader {
        // readSlice cannot fail for exactly `remaining` bytes.
        readSlice(remaining) ?? ByteReader(UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// The unread bytes, without consuming them.
    @inlinable
    public var unreadBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[offset..<bytes.count])
    }

    /// The byte `index` bytes past the cursor; `nil` if out of range.
    @inlinable
    public func peekUInt8(at index: Int) -> UInt8? {
        guard index >= 0, index < remaining else { return nil }
        return bytes.load(fromByteOffset: offset &+ index, as: UInt8.self)
    }

    /// The big-endian `UInt16` `index` bytes past the cursor; `nil` if out of range.
    @inlinable
    public func peekUInt16(at index: Int) -> UInt16? {
        guard index >= 0, remaining - index >= 2 else { return nil }
        return UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset &+ index, as: UInt16.self))
    }

    /// The big-endian `UInt32` `index` bytes past the cursor; `nil` if out of range.
    @inlinable
    public func peekUInt32(at index: Int) -> UInt32? {
        guard index >= 0, remaining - index >= 4 else { return nil }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset &+ index, as: UInt32.self))
    }

    /// The big-endian `UInt64` `index` bytes past the cursor; `nil` if out of range.
    @inlinable
    public func peekUInt64(at index: Int) -> UInt64? {
        guard index >= 0, remaining - index >= 8 else { return nil }
        return UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset &+ index, as: UInt64.self))
    }
}
