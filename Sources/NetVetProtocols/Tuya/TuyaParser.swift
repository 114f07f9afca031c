import NetVetCrypto
import NetVetWire

/// Decodes a Tuya LAN discovery broadcast (UDP 6666: 3.1 plaintext; UDP 6667: 3.3/3.4 AES-128-ECB and
/// 3.5 AES-128-GCM under the public discovery key; docs/protocols/tuya.md, after tinytuya's
/// `message_helper.py`/`udp_helper.py` and tuyapi's `message-parser.js`):
///
///     55AA: 00 00 55 AA | seq u32 | cmd u32 | len u32 | [retcode u32] | payload | crc32 u32 | 00 00 AA 55
///           len = bytes after the header, suffix included; CRC-32 (IEEE) over everything before the CRC
///     6699: 00 00 66 99 | u16 | seq u32 | cmd u32 | len u32 | nonce[12] | ciphertext | tag[16] | 00 00 99 66
///           len = bytes after the header up to the suffix; GCM associated data = header bytes 4..<18
///
/// Pure and bounded: a frame whose length field runs past the datagram is `.malformed`; a bad CRC or suffix
/// is an anomaly, not a failure. The JSON object is read by a small bounded scanner (no Foundation), which
/// keeps only the fields of `TuyaDiscovery` and never traps on malformed text.
public enum TuyaParser {
    /// The `55AA` header: prefix, sequence, command, length.
    public static let header55AALength = 16
    /// The `6699` header: prefix, a 16-bit word, sequence, command, length.
    public static let header6699Length = 18
    /// Longest string value kept, in bytes (product keys are 16 characters, device ids 20–22).
    public static let maxValueLength = 64
    /// Members read from the JSON object (`tuya.too_complex`).
    public static let maxMembers = 32
    /// Nesting depth of skipped values (`tuya.too_complex`).
    public static let maxDepth = 4

    /// Parses the framing of one datagram: `.malformed([.tuyaNotTuya])` unless it starts with a Tuya prefix;
    /// `.malformed` when the length field is too small for the trailer or runs past the datagram.
    public static func parseFrame(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TuyaFrame> {
        let reader = ByteReader(bytes)
        guard let prefix = reader.peekUInt32(at: 0) else { return .malformed([.tuyaNotTuya]) }
        let format = TuyaFrameFormat(rawValue: prefix)
        switch format {
        case .prefix55AA: return parse55AA(bytes)
        case .prefix6699: return parse6699(bytes)
        default: return .malformed([.tuyaNotTuya])
        }
    }

    /// A `55AA` frame.
    static func parse55AA(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TuyaFrame> {
        let reader = ByteReader(bytes)
        // A header cut short cannot say where the frame ends.
        guard let sequence = reader.peekUInt32(at: 4), let command = reader.peekUInt32(at: 8),
            let lengthField = reader.peekUInt32(at: 12), let length = Int(exactly: lengthField)
        else { return .malformed([.tuyaTruncated]) }
        // The length covers at least the CRC and the suffix.
        guard length >= 8 else { return .malformed([.tuyaLengthTooSmall]) }
        let end = header55AALength + length
        guard end <= bytes.count else { return .malformed([.tuyaTruncated]) }
        var anomalies: [ProtocolAnomaly] = []
        if end < bytes.count { anomalies.append(.tuyaTrailingBytes) }
        var body = header55AALength..<(end - 8)
        var frame = TuyaFrame(
            format: .prefix55AA, sequence: sequence, command: TuyaCommand(rawValue: command), payload: body)
        // A device's message starts with a 32-bit return code (0 or a small number, so three zero bytes);
        // JSON starts with `{`, and ciphertext starts with three zero bytes once in 2^24.
        if body.count >= 4, bytes[body.lowerBound] != UInt8(ascii: "{"), bytes[body.lowerBound] == 0,
            bytes[body.lowerBound + 1] == 0, bytes[body.lowerBound + 2] == 0
        {
            frame.returnCode = reader.peekUInt32(at: body.lowerBound)
            body = (body.lowerBound + 4)..<body.upperBound
            frame.payload = body
        }
        let crc = reader.peekUInt32(at: end - 8) ?? 0
        frame.crc = crc
        let matches = crc32(UnsafeRawBufferPointer(rebasing: bytes[0..<(end - 8)])) == crc
        frame.crcMatches = matches
        if !matches { anomalies.append(.tuyaBadCRC) }
        if reader.peekUInt32(at: end - 4) != TuyaFrameFormat.prefix55AA.suffix { anomalies.append(.tuyaBadSuffix) }
        return .message(frame, anomalies: anomalies)
    }

    /// A `6699` frame.
    static func parse6699(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TuyaFrame> {
        let reader = ByteReader(bytes)
        guard let sequence = reader.peekUInt32(at: 6), let command = reader.peekUInt32(at: 10),
            let lengthField = reader.peekUInt32(at: 14), let length = Int(exactly: lengthField)
        else { return .malformed([.tuyaTruncated]) }
        let overhead = TuyaDiscoveryCipher.nonceLength + TuyaDiscoveryCipher.tagLength
        // The length covers at least the nonce and the tag.
        guard length >= overhead else { return .malformed([.tuyaLengthTooSmall]) }
        let suffixStart = header6699Length + length
        guard suffixStart + 4 <= bytes.count else { return .malformed([.tuyaTruncated]) }
        var anomalies: [ProtocolAnomaly] = []
        if suffixStart + 4 < bytes.count { anomalies.append(.tuyaTrailingBytes) }
        if reader.peekUInt32(at: suffixStart) != TuyaFrameFormat.prefix6699.suffix {
            anomalies.append(.tuyaBadSuffix)
        }
        let nonceEnd = header6699Length + TuyaDiscoveryCipher.nonceLength
        let tagStart = suffixStart - TuyaDiscoveryCipher.tagLength
        var frame = TuyaFrame(
            format: .prefix6699, sequence: sequence, command: TuyaCommand(rawValue: command),
            payload: nonceEnd..<tagStart)
        frame.nonce = header6699Length..<nonceEnd
        frame.tag = tagStart..<suffixStart
        frame.associatedData = 4..<header6699Length
        return .message(frame, anomalies: anomalies)
    }

    /// Parses one discovery datagram: the frame, the payload (decrypted with `cipher` when it is not
    /// plain JSON) and the JSON object's fields. `.malformed` when the framing is; otherwise the discovery
    /// (without fields when the payload could not be decrypted or read) and its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer, cipher: TuyaDiscoveryCipher) -> ParseResult<TuyaDiscovery>
    {
        let framing = parseFrame(bytes)
        guard case .message(let frame, var anomalies) = framing else {
            return .malformed(framing.anomalies)
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[frame.payload])
        var discovery = TuyaDiscovery(frame: frame, wasEncrypted: true)
        var read: Void?
        if frame.format == .prefix6699 {
            if let nonce = frame.nonce, let tag = frame.tag, let associatedData = frame.associatedData {
                read = cipher.openGCM(
                    nonce: UnsafeRawBufferPointer(rebasing: bytes[nonce]),
                    associatedData: UnsafeRawBufferPointer(rebasing: bytes[associatedData]),
                    sealed: UnsafeRawBufferPointer(rebasing: bytes[frame.payload.lowerBound..<tag.upperBound])
                ) { plaintext in
                    // As in tinytuya: a return code may precede the JSON inside the ciphertext.
                    var json = plaintext
                    if json.count > 4, json[0] != UInt8(ascii: "{"), json[4] == UInt8(ascii: "{") {
                        json = UnsafeRawBufferPointer(rebasing: json[4...])
                    }
                    readJSON(json, into: &discovery, anomalies: &anomalies)
                }
            }
        } else if payload.first == UInt8(ascii: "{") {
            discovery.wasEncrypted = false
            readJSON(payload, into: &discovery, anomalies: &anomalies)
            read = ()
        } else {
            read = cipher.decryptECB(payload) { readJSON($0, into: &discovery, anomalies: &anomalies) }
        }
        if read == nil { anomalies.append(.tuyaUndecryptable) }
        return .message(discovery, anomalies: anomalies)
    }

    /// The JSON keys read, and where their values go.
    enum Key: CaseIterable {
        case deviceID, productKey, version, ip, active, ability, encrypt

        /// The key as written in the JSON object.
        var name: StaticString {
            switch self {
            case .deviceID: return "gwId"
            case .productKey: return "productKey"
            case .version: return "version"
            case .ip: return "ip"
            case .active: return "active"
            case .ability: return "ability"
            case .encrypt: return "encrypt"
            }
        }

        /// The key whose name is `bytes`, or nil.
        static func named(_ bytes: UnsafeRawBufferPointer) -> Key? {
            for key in allCases {
                let matches = key.name.withUTF8Buffer { name in
                    name.count == bytes.count && zip(name, bytes).allSatisfy { $0 == $1 }
                }
                if matches { return key }
            }
            return nil
        }
    }

    /// Reads the members of the flat JSON object in `bytes` into `discovery`: string values of the known
    /// keys are copied (bounded), numbers and literals as written; other members are skipped. Stops at the
    /// first fault (`tuya.bad_json`) or limit (`tuya.too_complex`), keeping what was read before it.
    public static func readJSON(
        _ bytes: UnsafeRawBufferPointer, into discovery: inout TuyaDiscovery, anomalies: inout [ProtocolAnomaly]
    ) {
        var scanner = TuyaJSONScanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else {
            anomalies.append(.tuyaBadJSON)
            return
        }
        var members = 0
        while true {
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "}")) { return }
            guard members < maxMembers else {
                anomalies.append(.tuyaTooComplex)
                return
            }
            members += 1
            guard let keyRange = scanner.rawString() else { break }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { break }
            scanner.skipWhitespace()
            let key = Key.named(UnsafeRawBufferPointer(rebasing: bytes[keyRange]))
            switch scanner.peek {
            case UInt8(ascii: "\""):
                guard let key else {
                    _ = scanner.rawString()
                    break
                }
                guard let (value, cut) = scanner.decodedString(limit: maxValueLength) else { break }
                if cut { anomalies.append(.tuyaValueTruncated) }
                store(value, key, &discovery)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                switch scanner.skipNested(maxDepth: maxDepth) {
                case .some(true): break
                case .some(false):
                    anomalies.append(.tuyaTooComplex)
                    return
                case .none:
                    anomalies.append(.tuyaBadJSON)
                    return
                }
            default:
                guard let literal = scanner.literal() else { break }
                if let key {
                    let kept = literal.count > maxValueLength ? literal.prefix(maxValueLength) : literal[...]
                    if literal.count > maxValueLength { anomalies.append(.tuyaValueTruncated) }
                    store(
                        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[kept]), as: UTF8.self), key, &discovery)
                }
            }
            // A value that did not parse leaves the scanner where it failed.
            guard !scanner.failed else { break }
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "}")) { return }
            break
        }
        anomalies.append(.tuyaBadJSON)
    }

    /// Keeps the first value of each key.
    static func store(_ value: String, _ key: Key, _ discovery: inout TuyaDiscovery) {
        func set(_ field: inout String?) { if field == nil { field = value } }
        switch key {
        case .deviceID: set(&discovery.deviceID)
        case .productKey: set(&discovery.productKey)
        case .version: set(&discovery.version)
        case .ip: set(&discovery.ip)
        case .active: set(&discovery.active)
        case .ability: set(&discovery.ability)
        case .encrypt: set(&discovery.encrypt)
        }
    }

    /// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`) of `bytes`.
    public static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// The 256-entry table of the reflected polynomial 0xEDB88320, built once.
    static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }
}

/// A cursor over JSON text that never reads outside its bytes; a fault sets `failed` and stops it.
struct TuyaJSONScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0
    var failed = false

    /// The byte at the cursor, or nil at the end.
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// Moves past `byte` if it is at the cursor.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Skips a string at the cursor and returns the range of its raw contents (escapes not decoded); nil
    /// (and `failed`) if there is no string or it is not closed.
    mutating func rawString() -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else {
            failed = true
            return nil
        }
        let start = index
        while let byte = peek {
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            // An escape covers the next byte, so an escaped quote does not close the string.
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        index = bytes.count
        failed = true
        return nil
    }

    /// Reads a string at the cursor, decoding its escapes, keeping at most `limit` bytes of it (`cut` tells
    /// if more were dropped); nil (and `failed`) if it is not a valid, closed string.
    mutating func decodedString(limit: Int) -> (value: String, cut: Bool)? {
        guard let raw = rawString() else { return nil }
        var cut = false
        var invalid = false
        let value = String(unsafeUninitializedCapacity: limit) { buffer in
            var count = 0
            func append(_ byte: UInt8) {
                guard count < limit else {
                    cut = true
                    return
                }
                buffer[count] = byte
                count += 1
            }
            var position = raw.lowerBound
            while position < raw.upperBound {
                let byte = bytes[position]
                position += 1
                guard byte == UInt8(ascii: "\\") else {
                    append(byte)
                    continue
                }
                guard position < raw.upperBound else {
                    invalid = true
                    break
                }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append(escaped)
                case UInt8(ascii: "b"): append(0x08)
                case UInt8(ascii: "f"): append(0x0C)
                case UInt8(ascii: "n"): append(0x0A)
                case UInt8(ascii: "r"): append(0x0D)
                case UInt8(ascii: "t"): append(0x09)
                case UInt8(ascii: "u"):
                    // \uXXXX: four hex digits; a surrogate half becomes U+FFFD (pairs are not joined).
                    guard position + 4 <= raw.upperBound, let code = Self.hexValue(bytes, position..<(position + 4))
                    else {
                        invalid = true
                        break
                    }
                    position += 4
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    for unit in String(scalar).utf8 { append(unit) }
                default:
                    invalid = true
                }
                if invalid { break }
            }
            return count
        }
        guard !invalid else {
            failed = true
            return nil
        }
        return (value, cut)
    }

    /// The value of four hex digits, or nil.
    static func hexValue(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt32? {
        var value: UInt32 = 0
        for index in range {
            guard let digit = bytes[index].asciiHexDigitValue else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A number or `true`/`false`/`null` at the cursor: the range of its characters (letters, digits,
    /// `+ - .`); nil (and `failed`) if there is none.
    mutating func literal() -> Range<Int>? {
        let start = index
        while let byte = peek,
            byte.isASCIILetterOrDigit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".")
        {
            index += 1
        }
        guard index > start else {
            failed = true
            return nil
        }
        return start..<index
    }

    /// Skips an object or array at the cursor: true when skipped, false when nested deeper than `maxDepth`,
    /// nil when it is not closed or a string inside is broken.
    mutating func skipNested(maxDepth: Int) -> Bool? {
        var depth = 0
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= maxDepth else { return false }
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
                if depth == 0 { return true }
            case UInt8(ascii: "\""):
                guard rawString() != nil else { return nil }
            default:
                index += 1
            }
        }
        failed = true
        return nil
    }
}

extension UInt8 {
    /// True for `0-9`, `A-Z`, `a-z`.
    fileprivate var isASCIILetterOrDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}
