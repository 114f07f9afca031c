extension String {
    /// The string lower-cased: ASCII letters in one pass over the bytes, with `lowercased()` (Unicode)
    /// only when a non-ASCII byte is present. Same result as `lowercased()`, without its per-character
    /// Unicode walk on the all-ASCII names and keys that make up almost all of the traffic.
    var fastLowercased: String {
        var isASCII = true
        let lowered = String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var index = 0
            for byte in utf8 {
                if byte >= 0x80 { isASCII = false }
                buffer[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                index += 1
            }
            return index
        }
        return isASCII ? lowered : lowercased()
    }
}
