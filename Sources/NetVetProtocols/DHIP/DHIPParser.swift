import NetVetWire

/// Decodes a Dahua DHIP discovery datagram (UDP 37810; ConfigTool, NVRs and Dahua-made OEM cameras):
///
///     offset  0  8  magic 20 00 00 00 44 48 49 50 ("DHIP")
///             8  8  session / request id
///            16  4  body length, little-endian
///            20  4  (zero)
///            24  4  body length again, little-endian
///            28  4  (zero)
///            32  …  JSON: {"mac":"…","method":"client.notifyDevInfo","params":{"deviceInfo":{…}}}
///
/// Not a JSON library: a bounded recursive scan (RFC 8259 syntax) that keeps a few scalar values by
/// (enclosing key, key). Pure: a datagram never needs more data.
public enum DHIPParser {
    /// Longest string value kept, in UTF-8 bytes after unescaping (`dhip.field_truncated`).
    public static let maxFieldLength = 256
    /// Deepest object/array nesting scanned (`dhip.scan_limit`).
    public static let maxDepth = 8
    /// Values scanned at most (`dhip.scan_limit`).
    public static let maxTokens = 1024
    /// Body bytes scanned at most (`dhip.scan_limit`).
    public static let maxBodyLength = 16 * 1024

    /// Parses one datagram: `.malformed([.dhipBadHeader])` without the 32-byte header and its magic;
    /// otherwise the header fields, the device keys found, and the anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<DHIPMessage> {
        var reader = ByteReader(bytes)
        // The magic identifies the framing; without it the bytes are not DHIP.
        guard var header = reader.readSlice(DHIPCodes.headerLength),
            DHIPCodes.magic.enumerated().allSatisfy({ header.peekUInt8(at: $0.offset) == $0.element })
        else { return .malformed([.dhipBadHeader]) }
        _ = header.skip(8)
        let session = header.readUInt64() ?? 0
        let length = header.readUInt32LE() ?? 0
        _ = header.skip(4)
        let repeated = header.readUInt32LE() ?? 0
        var anomalies: [ProtocolAnomaly] = []
        if length != repeated { anomalies.append(.dhipLengthMismatch) }
        var message = DHIPMessage(session: session, bodyLength: length)
        let declared = Int(exactly: length) ?? Int.max
        if declared > reader.remaining { anomalies.append(.dhipTruncated) }
        // The body is what the header declares, or what is present when the datagram is shorter.
        let bodyCount = min(declared, reader.remaining)
        if bodyCount > maxBodyLength { anomalies.append(.dhipScanLimit) }
        guard let body = reader.readSlice(min(bodyCount, maxBodyLength)) else {
            return .message(message, anomalies: anomalies)
        }
        var scanner = JSONScanner(reader: body)
        let complete = scanner.scanDocument { parent, key, value in
            store(&message, parent, key, value, &anomalies)
        }
        if scanner.hitLimit {
            if !anomalies.contains(.dhipScanLimit) { anomalies.append(.dhipScanLimit) }
        } else if !complete && !anomalies.contains(.dhipTruncated) {
            anomalies.append(.dhipBadJSON)
        }
        if scanner.stringTruncated { anomalies.append(.dhipFieldTruncated) }
        return .message(message, anomalies: anomalies)
    }

    /// Keeps the value of the keys that describe a device; first occurrence wins.
    static func store(
        _ message: inout DHIPMessage, _ parent: String?, _ key: String, _ value: JSONScanner.Scalar,
        _ anomalies: inout [ProtocolAnomaly]
    ) {
        func set(_ field: inout String?) { if field == nil, case .string(let text) = value { field = text } }
        func port(_ field: inout UInt16?) {
            guard field == nil else { return }
            switch value {
            case .number(let text), .string(let text): field = UInt16(text)
            default: break
            }
        }
        switch (parent, key) {
        case (nil, "method"): set(&message.method)
        case (nil, "mac"), ("deviceInfo", "Mac"), ("deviceInfo", "MAC"):
            guard message.macText == nil, case .string(let text) = value else { return }
            message.macText = text
            message.macAddress = MACAddress(text)
        case ("deviceInfo", "DeviceType"): set(&message.deviceType)
        case ("deviceInfo", "DeviceClass"): set(&message.deviceClass)
        case ("deviceInfo", "Vendor"): set(&message.vendor)
        case ("deviceInfo", "Manufacturer"): set(&message.manufacturer)
        case ("deviceInfo", "Version"): set(&message.version)
        case ("deviceInfo", "SerialNo"):
            if case .string(let text) = value, !text.isEmpty { message.hasSerialNumber = true }
        case ("deviceInfo", "HttpPort"): port(&message.httpPort)
        case ("deviceInfo", "Port"): port(&message.port)
        case ("IPv4Address", "IPAddress"): set(&message.ipv4Address)
        default: break
        }
    }
}

/// A bounded scan of one JSON text (RFC 8259 §2–7) that reports every scalar with its key and the key
/// of the object that holds it. Never traps; depth, value count and string length are capped.
struct JSONScanner {
    /// A scalar value: string (unescaped, bounded), number or literal (as written).
    enum Scalar: Equatable {
        case string(String)
        case number(String)
        case literal(String)
    }

    let reader: ByteReader
    var index = 0
    var tokens = 0
    /// A cap (depth or value count) stopped the scan.
    var hitLimit = false
    /// A string was longer than `DHIPParser.maxFieldLength` and was cut.
    var stringTruncated = false

    init(reader: ByteReader) { self.reader = reader }

    /// Scans one value (the document); true if it was syntactically whole up to its end.
    mutating func scanDocument(_ visit: (String?, String, Scalar) -> Void) -> Bool {
        skipBlank()
        guard reader.peekUInt8(at: index) == UInt8(ascii: "{") else { return false }
        return scanValue(parent: nil, key: "", depth: 0, visit)
    }

    private mutating func skipBlank() {
        while let byte = reader.peekUInt8(at: index), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    /// Scans the value at `index` held under `key` in the object keyed `parent`.
    private mutating func scanValue(
        parent: String?, key: String, depth: Int, _ visit: (String?, String, Scalar) -> Void
    ) -> Bool {
        tokens += 1
        // Each value costs one token: a flood of tiny values cannot make the scan long.
        guard tokens <= DHIPParser.maxTokens else {
            hitLimit = true
            return false
        }
        skipBlank()
        guard let first = reader.peekUInt8(at: index) else { return false }
        switch first {
        case UInt8(ascii: "{"):
            // Nesting is bounded so that the recursion is.
            guard depth < DHIPParser.maxDepth else {
                hitLimit = true
                return false
            }
            index += 1
            skipBlank()
            if reader.peekUInt8(at: index) == UInt8(ascii: "}") {
                index += 1
                return true
            }
            while true {
                skipBlank()
                guard reader.peekUInt8(at: index) == UInt8(ascii: "\""), let name = readString() else { return false }
                skipBlank()
                guard reader.peekUInt8(at: index) == UInt8(ascii: ":") else { return false }
                index += 1
                // The root object's keys have no enclosing key; deeper ones name their object.
                guard scanValue(parent: depth == 0 ? nil : key, key: name, depth: depth + 1, visit) else {
                    return false
                }
                skipBlank()
                switch reader.peekUInt8(at: index) {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return true
                default: return false
                }
            }
        case UInt8(ascii: "["):
            guard depth < DHIPParser.maxDepth else {
                hitLimit = true
                return false
            }
            index += 1
            skipBlank()
            if reader.peekUInt8(at: index) == UInt8(ascii: "]") {
                index += 1
                return true
            }
            while true {
                guard scanValue(parent: parent, key: key, depth: depth + 1, visit) else { return false }
                skipBlank()
                switch reader.peekUInt8(at: index) {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return true
                default: return false
                }
            }
        case UInt8(ascii: "\""):
            guard let text = readString() else { return false }
            visit(parent, key, .string(text))
            return true
        default:
            var literal: [UInt8] = []
            while let byte = reader.peekUInt8(at: index),
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            {
                // A number or literal longer than 32 characters is not kept whole, only consumed.
                if literal.count < 32 { literal.append(byte) }
                index += 1
            }
            guard !literal.isEmpty else { return false }
            let text = String(decoding: literal, as: UTF8.self)
            let isNumber = literal[0] == UInt8(ascii: "-") || (literal[0] >= 0x30 && literal[0] <= 0x39)
            guard isNumber || text == "true" || text == "false" || text == "null" else { return false }
            visit(parent, key, isNumber ? .number(text) : .literal(text))
            return true
        }
    }

    /// Reads the string at `index` (which is `"`), unescaping (RFC 8259 §7) and bounding it; nil if it
    /// is unterminated or holds a bad escape.
    private mutating func readString() -> String? {
        index += 1
        var output: [UInt8] = []
        func append(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                guard output.count < DHIPParser.maxFieldLength else {
                    stringTruncated = true
                    return
                }
                if byte != 0 { output.append(byte) }
            }
        }
        while let byte = reader.peekUInt8(at: index) {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = reader.peekUInt8(at: index) else { return nil }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append([escape])
                case UInt8(ascii: "b"): append([0x08])
                case UInt8(ascii: "f"): append([0x0C])
                case UInt8(ascii: "n"): append([0x0A])
                case UInt8(ascii: "r"): append([0x0D])
                case UInt8(ascii: "t"): append([0x09])
                case UInt8(ascii: "u"):
                    var value: UInt32 = 0
                    for offset in 0..<4 {
                        guard let digit = reader.peekUInt8(at: index + offset), let nibble = digit.asciiHexDigitValue
                        else {
                            return nil
                        }
                        value = value << 4 | UInt32(nibble)
                    }
                    index += 4
                    // A lone surrogate half is not a scalar: it becomes U+FFFD, as invalid UTF-8 would.
                    append(String(Unicode.Scalar(value).map(Character.init) ?? "\u{FFFD}").utf8)
                default:
                    return nil
                }
            default:
                append([byte])
            }
        }
        return nil
    }
}
