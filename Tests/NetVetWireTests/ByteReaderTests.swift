import NetVetWire
import Testing

/// `ByteReader`: every read is bounded and total (STYLE.md §2), big-endian unless named LE, and a slice
/// confines its reader.
@Suite struct ByteReaderTests {
    /// Bytes 0x01, 0x02, … 0x10.
    static let sixteen: [UInt8] = Array(1...16)

    /// Runs `body` with a reader over `bytes` that has skipped `offset` bytes.
    static func withReader<Result>(
        _ bytes: [UInt8], at offset: Int = 0, _ body: (inout ByteReader) -> Result
    ) -> Result {
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            reader.skip(offset)
            return body(&reader)
        }
    }

    @Test func readsAreBigEndianAndAdvance() {
        Self.withReader(Self.sixteen) { reader in
            #expect(reader.readUInt8() == 0x01)
            #expect(reader.readUInt16() == 0x0203)
            #expect(reader.readUInt32() == 0x0405_0607)
            #expect(reader.readUInt64() == 0x0809_0A0B_0C0D_0E0F)
            #expect(reader.offset == 15)
            #expect(reader.remaining == 1)
            #expect(!reader.isAtEnd)
            #expect(reader.readUInt8() == 0x10)
            #expect(reader.isAtEnd)
        }
    }

    @Test func littleEndianReads() {
        Self.withReader(Self.sixteen) { reader in
            #expect(reader.readUInt16LE() == 0x0201)
            #expect(reader.readUInt32LE() == 0x0605_0403)
            #expect(reader.offset == 6)
        }
    }

    @Test func addressReads() {
        Self.withReader(Self.sixteen) { reader in
            #expect(reader.readMAC() == MACAddress(1, 2, 3, 4, 5, 6))
            #expect(reader.readIPv4() == IPv4Address(7, 8, 9, 10))
            #expect(reader.offset == 10)
        }
        Self.withReader(Self.sixteen) { reader in
            #expect(reader.readIPv6() == IPv6Address(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10))
            #expect(reader.isAtEnd)
        }
    }

    /// Each read from every position: it succeeds exactly when enough bytes remain, and a failed read leaves
    /// the cursor where it was.
    @Test func everyReadNearTheEndIsNilAndLeavesTheCursor() {
        let reads: [(name: String, size: Int, read: (inout ByteReader) -> Bool)] = [
            ("readUInt8", 1, { $0.readUInt8() != nil }),
            ("readUInt16", 2, { $0.readUInt16() != nil }),
            ("readUInt16LE", 2, { $0.readUInt16LE() != nil }),
            ("readUInt32", 4, { $0.readUInt32() != nil }),
            ("readUInt32LE", 4, { $0.readUInt32LE() != nil }),
            ("readUInt64", 8, { $0.readUInt64() != nil }),
            ("readMAC", 6, { $0.readMAC() != nil }),
            ("readIPv4", 4, { $0.readIPv4() != nil }),
            ("readIPv6", 16, { $0.readIPv6() != nil }),
            ("readSlice(3)", 3, { $0.readSlice(3) != nil }),
            ("skip(5)", 5, { $0.skip(5) }),
        ]
        for start in 0...Self.sixteen.count {
            for read in reads {
                Self.withReader(Self.sixteen, at: start) { reader in
                    let remaining = reader.remaining
                    let succeeded = read.read(&reader)
                    #expect(succeeded == (remaining >= read.size), "\(read.name) at \(start)")
                    #expect(reader.offset == (succeeded ? start + read.size : start), "\(read.name) at \(start)")
                }
            }
        }
    }

    @Test func peeksDoNotMoveAndAreBounded() {
        Self.withReader(Self.sixteen, at: 12) { reader in
            #expect(reader.peekUInt8(at: 0) == 13)
            #expect(reader.peekUInt8(at: 3) == 16)
            #expect(reader.peekUInt8(at: 4) == nil)
            #expect(reader.peekUInt8(at: -1) == nil, "a peek never looks behind the cursor")
            #expect(reader.peekUInt16(at: 2) == 0x0F10)
            #expect(reader.peekUInt16(at: 3) == nil)
            #expect(reader.peekUInt32(at: 0) == 0x0D0E_0F10)
            #expect(reader.peekUInt32(at: 1) == nil)
            #expect(reader.peekUInt64(at: 0) == nil)
            #expect(reader.peekUInt16(at: Int.max) == nil)
            #expect(reader.peekUInt32(at: Int.min) == nil)
            #expect(reader.offset == 12)
        }
    }

    @Test func sliceIsConfinedToItsLength() {
        Self.withReader(Self.sixteen, at: 2) { reader in
            guard var slice = reader.readSlice(4) else {
                Issue.record("readSlice(4) failed with 14 bytes left")
                return
            }
            #expect(reader.offset == 6, "the parent moves past the slice")
            #expect(slice.remaining == 4)
            #expect(slice.bytes.count == 4)
            #expect(slice.readUInt64() == nil, "the parent's later bytes are out of the slice's reach")
            #expect(slice.peekUInt8(at: 4) == nil)
            #expect(slice.readUInt16() == 0x0304)
            guard var inner = slice.readSlice(1) else {
                Issue.record("readSlice(1) failed with 2 bytes left")
                return
            }
            #expect(inner.readUInt16() == nil)
            #expect(inner.readUInt8() == 0x05)
            #expect(inner.readUInt8() == nil)
            #expect(slice.readUInt8() == 0x06)
            #expect(slice.isAtEnd)
            #expect(reader.readUInt8() == 0x07)
        }
    }

    @Test func negativeCountsAreRefused() {
        Self.withReader(Self.sixteen, at: 4) { reader in
            #expect(reader.skip(-1) == false)
            #expect(reader.readSlice(-1) == nil)
            #expect(reader.skip(Int.min) == false)
            #expect(reader.offset == 4)
            #expect(reader.skip(0) == true)
            #expect(reader.readSlice(0)?.remaining == 0)
            #expect(reader.offset == 4)
        }
    }

    @Test func skipToTheEndExactly() {
        Self.withReader(Self.sixteen, at: 3) { reader in
            #expect(reader.skip(14) == false)
            #expect(reader.offset == 3)
            #expect(reader.skip(13) == true)
            #expect(reader.isAtEnd)
            #expect(reader.skip(1) == false)
            #expect(reader.skip(0) == true)
        }
    }

    @Test func restAndUnreadBytes() {
        Self.withReader(Self.sixteen, at: 10) { reader in
            #expect(Array(reader.unreadBytes) == [11, 12, 13, 14, 15, 16])
            #expect(reader.offset == 10, "unreadBytes does not consume")
            var rest = reader.readRest()
            #expect(reader.isAtEnd)
            #expect(rest.remaining == 6)
            #expect(rest.readUInt16() == 0x0B0C)
        }
    }

    @Test func emptyBufferReadsNothing() {
        var reader = ByteReader(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(reader.isAtEnd && reader.remaining == 0)
        #expect(reader.readUInt8() == nil)
        #expect(reader.readUInt16() == nil)
        #expect(reader.readMAC() == nil)
        #expect(reader.peekUInt8(at: 0) == nil)
        #expect(reader.readSlice(0)?.remaining == 0)
        #expect(reader.readSlice(1) == nil)
        #expect(reader.readRest().remaining == 0)
        #expect(reader.offset == 0)
    }
}
