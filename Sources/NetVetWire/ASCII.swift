extension UInt8 {
    /// The value of the byte as an ASCII hex digit (`0`-`9`, `a`-`f`, `A`-`F`), or nil for any other byte:
    /// the one hex decoder of MAC addresses, URL escapes, chunk sizes and JSON escapes.
    @inlinable public var asciiHexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return self - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The byte with an ASCII capital letter lower-cased; any other byte unchanged. The one case fold of
    /// the byte-level comparisons (header names, DNS labels, signature operands).
    @inlinable public var asciiLowercased: UInt8 {
        self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self
    }
}

extension String {
    /// The string with ASCII letters lower-cased and every other character unchanged (the case folding of
    /// the signature operators), in one pass over the UTF-8.
    public func asciiLowercased() -> String {
        guard utf8.contains(where: { $0 != $0.asciiLowercased }) else { return self }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var index = 0
            for byte in utf8 {
                buffer[index] = byte.asciiLowercased
                index += 1
            }
            return index
        }
    }

    /// The string lower-cased like `lowercased()`: ASCII letters in one pass over the bytes, with the
    /// Unicode-aware `lowercased()` only when a non-ASCII byte is present. Same result, without its
    /// per-character Unicode walk on the all-ASCII names and keys that make up almost all of the traffic.
    public var fastLowercased: String {
        utf8.allSatisfy { $0 < 0x80 } ? asciiLowercased() : lowercased()
    }
}
