import NetVetWire

extension ProtocolAnomaly {
    /// The first record is not a TLS handshake record (another content type, or not record version 3.x).
    public static let tlsNotHandshake = ProtocolAnomaly("tls.not_handshake")
    /// A record declares more than 2^14 bytes of plaintext (RFC 8446 §5.1).
    public static let tlsRecordLengthOverflow = ProtocolAnomaly("tls.record_length_overflow")
    /// A record of another content type arrived before the first handshake message was complete.
    public static let tlsHandshakeInterrupted = ProtocolAnomaly("tls.handshake_interrupted")
    /// A zero-length handshake record (forbidden by RFC 8446 §5.1); it is skipped.
    public static let tlsEmptyRecord = ProtocolAnomaly("tls.empty_record")
    /// The first handshake message declares more than `TLSHandshakeParser.maximumHandshakeLength` bytes.
    public static let tlsHandshakeTooLong = ProtocolAnomaly("tls.handshake_too_long")
    /// The first handshake message is not of the type asked for (e.g. not a ClientHello).
    public static let tlsUnexpectedHandshakeType = ProtocolAnomaly("tls.unexpected_handshake_type")
    /// A hello field runs past the end of the handshake message; the fields before it are kept.
    public static let tlsHandshakeTruncated = ProtocolAnomaly("tls.handshake_truncated")
    /// `legacy_session_id` is longer than 32 bytes (RFC 8446 §4.1.2).
    public static let tlsSessionIDTooLong = ProtocolAnomaly("tls.session_id_too_long")
    /// The cipher_suites vector is empty or of odd length (RFC 8446 §4.1.2: `<2..2^16-2>` of 2-byte codes).
    public static let tlsCipherSuitesLengthInvalid = ProtocolAnomaly("tls.cipher_suites_length_invalid")
    /// The extensions block declares more bytes than the handshake message holds.
    public static let tlsExtensionsLengthOverflow = ProtocolAnomaly("tls.extensions_length_overflow")
    /// One extension declares more bytes than the extensions block holds; parsing stops there.
    public static let tlsExtensionLengthOverflow = ProtocolAnomaly("tls.extension_length_overflow")
    /// An extension netvet decodes has data that does not match its own inner lengths.
    public static let tlsExtensionMalformed = ProtocolAnomaly("tls.extension_malformed")
    /// The same extension type appears twice (RFC 8446 §4.2).
    public static let tlsDuplicateExtension = ProtocolAnomaly("tls.duplicate_extension")
    /// More than `TLSHandshakeParser.maximumExtensionCount` extensions; the rest are not read.
    public static let tlsTooManyExtensions = ProtocolAnomaly("tls.too_many_extensions")
    /// Bytes follow the extensions block inside the handshake message.
    public static let tlsTrailingBytes = ProtocolAnomaly("tls.trailing_bytes")
}

/// The first handshake message of a TLS direction, when it is a hello.
public enum TLSHandshakeMessage: Hashable, Sendable {
    /// The client's first flight.
    case clientHello(TLSClientHello)
    /// The server's answer (or a HelloRetryRequest).
    case serverHello(TLSServerHello)
}

/// Parses the first handshake message of one TCP direction of TLS: a pure function of the bytes.
///
/// Record layer (RFC 8446 §5.1, RFC 5246 §6.2.1):
///
///     struct { ContentType type; ProtocolVersion legacy_record_version; uint16 length;
///              opaque fragment[length]; } TLSPlaintext;
///     struct { HandshakeType msg_type; uint24 length; ... } Handshake;        (RFC 8446 §4)
///
/// The caller passes the bytes of the direction from its start, concatenated across TCP segments. A
/// handshake message may span several records: their fragments are joined (a copy, at most
/// `maximumHandshakeLength` plus one record) until the whole message is present. Until then the parser
/// returns `.needMoreData(needed:)`, with the least number of further bytes that could change that.
/// SSL 2.0 compatible ClientHellos are not TLS records and are reported as `tls.not_handshake`.
public enum TLSHandshakeParser {
    /// The largest handshake message accepted (16 KiB); larger ones are `tls.handshake_too_long`. Real
    /// hellos stay under 4 KiB even with post-quantum key shares.
    public static let maximumHandshakeLength = 16 * 1024
    /// The largest record plaintext allowed (2^14, RFC 8446 §5.1).
    public static let maximumRecordLength = 16 * 1024
    /// The most extensions read from one hello; browsers send about twenty.
    public static let maximumExtensionCount = 128

    private static let recordHeaderLength = 5
    private static let handshakeHeaderLength = 4

    /// Parses the first handshake message, which must be a ClientHello or ServerHello.
    ///
    /// Returns `.needMoreData` while the message is incomplete, `.malformed` if the bytes are not a TLS
    /// handshake or the first message is not a hello, else the hello with its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TLSHandshakeMessage> {
        switch firstHandshakeMessage(bytes) {
        case .needMoreData(let needed):
            return .needMoreData(needed: needed)
        case .malformed(let anomalies):
            return .malformed(anomalies)
        case .message(let (type, body), let recordAnomalies):
            return body.withUnsafeBytes { raw -> ParseResult<TLSHandshakeMessage> in
                switch type {
                case .clientHello:
                    return merge(recordAnomalies, parseClientHelloBody(ByteReader(raw)))
                case .serverHello:
                    return merge(recordAnomalies, parseServerHelloBody(ByteReader(raw)))
                default:
                    return .malformed(recordAnomalies + [.tlsUnexpectedHandshakeType])
                }
            }
        }
    }

    /// Parses the first handshake message as a ClientHello; `.malformed([tls.unexpected_handshake_type])`
    /// if it is another message. Otherwise as `parse(_:)`.
    public static func parseClientHello(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TLSClientHello> {
        switch parse(bytes) {
        case .message(.clientHello(let hello), let anomalies): return .message(hello, anomalies: anomalies)
        case .message(_, let anomalies): return .malformed(anomalies + [.tlsUnexpectedHandshakeType])
        case .needMoreData(let needed): return .needMoreData(needed: needed)
        case .malformed(let anomalies): return .malformed(anomalies)
        }
    }

    /// Parses the first handshake message as a ServerHello; `.malformed([tls.unexpected_handshake_type])`
    /// if it is another message. Otherwise as `parse(_:)`.
    public static func parseServerHello(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TLSServerHello> {
        switch parse(bytes) {
        case .message(.serverHello(let hello), let anomalies): return .message(hello, anomalies: anomalies)
        case .message(_, let anomalies): return .malformed(anomalies + [.tlsUnexpectedHandshakeType])
        case .needMoreData(let needed): return .needMoreData(needed: needed)
        case .malformed(let anomalies): return .malformed(anomalies)
        }
    }

    /// Parses one bare handshake message (RFC 8446 §4: `msg_type`, `uint24 length`, body) without the
    /// record layer, as QUIC carries it in CRYPTO frames (RFC 9001 §4.1.3). Returns `.needMoreData` while
    /// the message is incomplete, `.malformed` if it is too long or not a hello, else as `parse(_:)`.
    public static func parseHandshakeMessage(_ bytes: UnsafeRawBufferPointer) -> ParseResult<TLSHandshakeMessage> {
        var reader = ByteReader(bytes)
        // Type and 24-bit length must be present before anything can be decided.
        guard let type = reader.readUInt8(), let high = reader.readUInt8(), let low = reader.readUInt16() else {
            return .needMoreData(needed: handshakeHeaderLength - bytes.count)
        }
        let length = Int(high) << 16 | Int(low)
        // A declared length beyond the limit would make the caller buffer unbounded input.
        guard length <= maximumHandshakeLength else { return .malformed([.tlsHandshakeTooLong]) }
        guard let body = reader.readSlice(length) else { return .needMoreData(needed: length - reader.remaining) }
        switch TLSHandshakeType(rawValue: type) {
        case .clientHello: return parseClientHelloBody(body)
        case .serverHello: return parseServerHelloBody(body)
        default: return .malformed([.tlsUnexpectedHandshakeType])
        }
    }

    /// `parse(_:)` over an array (tests, reassembly buffers).
    public static func parse(_ bytes: [UInt8]) -> ParseResult<TLSHandshakeMessage> {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// `parseClientHello(_:)` over an array.
    public static func parseClientHello(_ bytes: [UInt8]) -> ParseResult<TLSClientHello> {
        bytes.withUnsafeBytes { parseClientHello($0) }
    }

    /// `parseServerHello(_:)` over an array.
    public static func parseServerHello(_ bytes: [UInt8]) -> ParseResult<TLSServerHello> {
        bytes.withUnsafeBytes { parseServerHello($0) }
    }

    /// Combines record-layer anomalies with a hello body result.
    private static func merge(
        _ recordAnomalies: [ProtocolAnomaly], _ result: ParseResult<TLSHandshakeMessage>
    ) -> ParseResult<TLSHandshakeMessage> {
        switch result {
        case .message(let hello, let anomalies): return .message(hello, anomalies: recordAnomalies + anomalies)
        case .needMoreData(let needed): return .needMoreData(needed: needed)
        case .malformed(let anomalies): return .malformed(recordAnomalies + anomalies)
        }
    }

    // MARK: - Record layer

    /// Joins handshake record fragments until the first handshake message is whole; returns its type and
    /// body (without the 4-byte handshake header).
    private static func firstHandshakeMessage(
        _ bytes: UnsafeRawBufferPointer
    ) -> ParseResult<(TLSHandshakeType, [UInt8])> {
        var reader = ByteReader(bytes)
        var fragments: [UInt8] = []
        var anomalies: [ProtocolAnomaly] = []
        while true {
            if fragments.count >= handshakeHeaderLength {
                let bodyLength = Int(fragments[1]) << 16 | Int(fragments[2]) << 8 | Int(fragments[3])
                // A declared length beyond the limit would make the parser buffer unbounded input.
                guard bodyLength <= maximumHandshakeLength else {
                    return .malformed(anomalies + [.tlsHandshakeTooLong])
                }
                let total = handshakeHeaderLength + bodyLength
                if fragments.count >= total {
                    let body = Array(fragments[handshakeHeaderLength..<total])
                    return .message((TLSHandshakeType(rawValue: fragments[0]), body), anomalies: anomalies)
                }
            }
            // The record header tells how much follows; without all five bytes nothing can be decided.
            guard let type = reader.peekUInt8(at: 0), let version = reader.peekUInt16(at: 1),
                let length16 = reader.peekUInt16(at: 3)
            else { return .needMoreData(needed: recordHeaderLength - reader.remaining) }
            let isFirst = fragments.isEmpty
            let length = Int(length16)
            // A one-byte change_cipher_spec record may precede the second ClientHello of TLS 1.3
            // middlebox-compatibility mode (RFC 8446 §5, §D.4); it carries nothing and is stepped over.
            if TLSContentType(rawValue: type) == .changeCipherSpec, fragments.isEmpty, length == 1 {
                // Its single byte must be present before it can be told apart from a stray record.
                guard let value = reader.peekUInt8(at: recordHeaderLength) else {
                    return .needMoreData(needed: recordHeaderLength + 1 - reader.remaining)
                }
                if value == 1 {
                    reader.skip(recordHeaderLength + 1)
                    continue
                }
            }
            // Only handshake records carry the hello; anything else first means this is not TLS handshake.
            guard TLSContentType(rawValue: type) == .handshake else {
                return .malformed(anomalies + [isFirst ? .tlsNotHandshake : .tlsHandshakeInterrupted])
            }
            // Every TLS and SSL 3.0 record version is 3.x; other values are not a TLS record at all.
            guard version >> 8 == 3 else { return .malformed(anomalies + [.tlsNotHandshake]) }
            // RFC 8446 §5.1 caps plaintext at 2^14; a larger record is a broken or hostile peer.
            guard length <= maximumRecordLength else { return .malformed(anomalies + [.tlsRecordLengthOverflow]) }
            // The whole fragment must be present before it is joined, so the header is left unread until then.
            guard reader.remaining - recordHeaderLength >= length else {
                return .needMoreData(needed: recordHeaderLength + length - reader.remaining)
            }
            reader.skip(recordHeaderLength)
            guard let fragment = reader.readSlice(length) else { return .needMoreData(needed: length) }
            // Zero-length handshake fragments are forbidden but harmless: note them and read on.
            if length == 0 {
                if !anomalies.contains(.tlsEmptyRecord) { anomalies.append(.tlsEmptyRecord) }
                continue
            }
            fragments.append(contentsOf: fragment.unreadBytes)
        }
    }

    // MARK: - Hellos

    /// Decodes a ClientHello body (RFC 8446 §4.1.2):
    ///
    ///     ProtocolVersion legacy_version; Random random; opaque legacy_session_id<0..32>;
    ///     CipherSuite cipher_suites<2..2^16-2>; opaque legacy_compression_methods<1..2^8-1>;
    ///     Extension extensions<8..2^16-1>;
    private static func parseClientHelloBody(_ body: ByteReader) -> ParseResult<TLSHandshakeMessage> {
        var reader = body
        // Without version and random there is nothing to report.
        guard let version = reader.readUInt16(), reader.skip(32) else { return .malformed([.tlsHandshakeTruncated]) }
        var hello = TLSClientHello(legacyVersion: TLSVersion(rawValue: version))
        var anomalies: [ProtocolAnomaly] = []
        func partial(_ anomaly: ProtocolAnomaly) -> ParseResult<TLSHandshakeMessage> {
            .message(.clientHello(hello), anomalies: anomalies + [anomaly])
        }

        guard let sessionIDLength = readSessionID(&reader, anomalies: &anomalies) else {
            return partial(.tlsHandshakeTruncated)
        }
        hello.sessionIDLength = sessionIDLength

        // The cipher suite vector must fit in the message.
        guard let suitesLength = reader.readUInt16(), var suites = reader.readSlice(Int(suitesLength)) else {
            return partial(.tlsHandshakeTruncated)
        }
        // Suites are 2-byte codes and at least one is required; a stray odd byte is ignored.
        if suitesLength == 0 || suitesLength % 2 != 0 { anomalies.append(.tlsCipherSuitesLengthInvalid) }
        hello.cipherSuites.reserveCapacity(Int(suitesLength) / 2)
        while let suite = suites.readUInt16() { hello.cipherSuites.append(TLSCipherSuite(rawValue: suite)) }

        // The compression methods must fit in the message.
        guard let methodsLength = reader.readUInt8(), var methods = reader.readSlice(Int(methodsLength)) else {
            return partial(.tlsHandshakeTruncated)
        }
        while let method = methods.readUInt8() { hello.compressionMethods.append(method) }

        let extensions = readHelloExtensions(&reader, anomalies: &anomalies) { type, data in
            decodeClientExtension(type, data, into: &hello)
        }
        guard let extensions else { return partial(.tlsExtensionsLengthOverflow) }
        hello.extensions = extensions
        return .message(.clientHello(hello), anomalies: anomalies)
    }

    /// Decodes a ServerHello body (RFC 8446 §4.1.3):
    ///
    ///     ProtocolVersion legacy_version; Random random; opaque legacy_session_id_echo<0..32>;
    ///     CipherSuite cipher_suite; uint8 legacy_compression_method; Extension extensions<6..2^16-1>;
    static func parseServerHelloBody(_ body: ByteReader) -> ParseResult<TLSHandshakeMessage> {
        var reader = body
        // Without version and random there is nothing to report.
        guard let version = reader.readUInt16(), reader.skip(32) else { return .malformed([.tlsHandshakeTruncated]) }
        var hello = TLSServerHello(legacyVersion: TLSVersion(rawValue: version))
        var anomalies: [ProtocolAnomaly] = []
        func partial(_ anomaly: ProtocolAnomaly) -> ParseResult<TLSHandshakeMessage> {
            .message(.serverHello(hello), anomalies: anomalies + [anomaly])
        }

        guard let sessionIDLength = readSessionID(&reader, anomalies: &anomalies) else {
            return partial(.tlsHandshakeTruncated)
        }
        hello.sessionIDLength = sessionIDLength

        // The chosen suite and compression method are fixed-size and must both be present.
        guard let suite = reader.readUInt16(), let method = reader.readUInt8() else {
            return partial(.tlsHandshakeTruncated)
        }
        hello.cipherSuite = TLSCipherSuite(rawValue: suite)
        hello.compressionMethod = method

        let extensions = readHelloExtensions(&reader, anomalies: &anomalies) { type, data in
            decodeServerExtension(type, data, into: &hello)
        }
        guard let extensions else { return partial(.tlsExtensionsLengthOverflow) }
        hello.extensions = extensions
        return .message(.serverHello(hello), anomalies: anomalies)
    }

    /// Reads `legacy_session_id` (ClientHello) or `legacy_session_id_echo` (ServerHello), whose content
    /// is not kept: its length, or `nil` if it runs past the message. RFC 8446 §4.1.2 and §4.1.3 cap it at
    /// 32 bytes; a longer one is odd but still parseable, and noted.
    private static func readSessionID(_ reader: inout ByteReader, anomalies: inout [ProtocolAnomaly]) -> Int? {
        guard let length = reader.readUInt8(), reader.skip(Int(length)) else { return nil }
        if length > 32 { anomalies.append(.tlsSessionIDTooLong) }
        return Int(length)
    }

    /// Reads the optional extensions block that ends a hello, handing each extension to `decode`: the
    /// extensions in wire order (empty when the hello ends without a block, as TLS 1.2 and older may, RFC
    /// 5246 §7.4.1.2-3), or `nil` if the block overruns the message. Bytes after the block are noted.
    private static func readHelloExtensions(
        _ reader: inout ByteReader, anomalies: inout [ProtocolAnomaly], decode: (TLSExtensionType, ByteReader) -> Bool
    ) -> [TLSExtension]? {
        if reader.isAtEnd { return [] }
        guard let block = extensionsBlock(&reader) else { return nil }
        var extensions: [TLSExtension] = []
        readExtensions(block, into: &extensions, anomalies: &anomalies, decode: decode)
        if !reader.isAtEnd { anomalies.append(.tlsTrailingBytes) }
        return extensions
    }

    /// The extensions block confined to its declared length; `nil` if it overruns the message.
    private static func extensionsBlock(_ reader: inout ByteReader) -> ByteReader? {
        guard let length = reader.readUInt16() else { return nil }
        return reader.readSlice(Int(length))
    }

    /// Reads `struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; }` records in
    /// order, handing each one's confined data to `decode` (which returns false if the data is malformed).
    private static func readExtensions(
        _ block: ByteReader, into extensions: inout [TLSExtension], anomalies: inout [ProtocolAnomaly],
        decode: (TLSExtensionType, ByteReader) -> Bool
    ) {
        var reader = block
        let first = extensions.count
        while !reader.isAtEnd {
            // The count is capped so that a hostile hello costs bounded work and memory.
            guard extensions.count < maximumExtensionCount else {
                anomalies.append(.tlsTooManyExtensions)
                return
            }
            // Type, length and data must all lie inside the block; what follows a broken one is unreadable.
            guard let type = reader.readUInt16(), let length = reader.readUInt16(),
                let data = reader.readSlice(Int(length))
            else {
                anomalies.append(.tlsExtensionLengthOverflow)
                return
            }
            let extensionType = TLSExtensionType(rawValue: type)
            // A linear scan of the (capped) list: a Set, hashed per extension, cost more than the parse.
            if !anomalies.contains(.tlsDuplicateExtension),
                extensions[first...].contains(where: { $0.type.rawValue == type })
            {
                anomalies.append(.tlsDuplicateExtension)
            }
            extensions.append(TLSExtension(type: extensionType, length: Int(length)))
            if !decode(extensionType, data), !anomalies.contains(.tlsExtensionMalformed) {
                anomalies.append(.tlsExtensionMalformed)
            }
        }
    }

    // MARK: - Extension data

    /// Decodes the ClientHello extensions netvet interprets; true if `data` matched its inner lengths.
    private static func decodeClientExtension(
        _ type: TLSExtensionType, _ data: ByteReader, into hello: inout TLSClientHello
    ) -> Bool {
        var data = data
        switch type {
        case .serverName:
            // ServerNameList (RFC 6066 §3): uint16 length, then {uint8 name_type; opaque name<1..2^16-1>}.
            guard let listLength = data.readUInt16(), var list = data.readSlice(Int(listLength)), data.isAtEnd
            else { return false }
            // Each entry consumes at least three bytes of the confined list, so the loop ends.
            while !list.isAtEnd {
                guard let nameType = list.readUInt8(), let nameLength = list.readUInt16(),
                    let name = list.readSlice(Int(nameLength))
                else { return false }
                if nameType == 0, hello.serverName == nil {
                    hello.serverName = String(decoding: name.unreadBytes, as: UTF8.self)
                }
            }
            return true
        case .applicationLayerProtocolNegotiation:
            // ProtocolNameList (RFC 7301 §3.1): uint16 length, then opaque ProtocolName<1..2^8-1> entries.
            guard let listLength = data.readUInt16(), var list = data.readSlice(Int(listLength)), data.isAtEnd
            else { return false }
            var wellFormed = true
            // Each entry consumes at least one byte of the confined list, so the loop ends.
            while !list.isAtEnd {
                guard let nameLength = list.readUInt8(), let name = list.readSlice(Int(nameLength)) else {
                    return false
                }
                if nameLength == 0 { wellFormed = false }
                hello.alpnProtocols.append(Array(name.unreadBytes))
            }
            return wellFormed
        case .supportedVersions:
            // ClientHello form (RFC 8446 §4.2.1): ProtocolVersion versions<2..254> with a 1-byte length.
            guard let values = readUInt16List(&data, lengthBytes: 1, as: TLSVersion.init(rawValue:)) else {
                return false
            }
            hello.supportedVersions = values
            return true
        case .signatureAlgorithms:
            guard let values = readUInt16List(&data, lengthBytes: 2, as: TLSSignatureScheme.init(rawValue:)) else {
                return false
            }
            hello.signatureAlgorithms = values
            return true
        case .supportedGroups:
            guard let values = readUInt16List(&data, lengthBytes: 2, as: TLSNamedGroup.init(rawValue:)) else {
                return false
            }
            hello.supportedGroups = values
            return true
        case .ecPointFormats:
            // ECPointFormatList (RFC 8422 §5.1.2): uint8 length, then 1-byte formats.
            guard let length = data.readUInt8(), let formats = data.readSlice(Int(length)), data.isAtEnd else {
                return false
            }
            hello.ecPointFormats = Array(formats.unreadBytes)
            return true
        default:
            return true
        }
    }

    /// Decodes the ServerHello extensions netvet interprets; true if `data` matched its inner lengths.
    private static func decodeServerExtension(
        _ type: TLSExtensionType, _ data: ByteReader, into hello: inout TLSServerHello
    ) -> Bool {
        var data = data
        switch type {
        case .supportedVersions:
            // ServerHello form (RFC 8446 §4.2.1): exactly one selected_version.
            guard let version = data.readUInt16(), data.isAtEnd else { return false }
            hello.selectedVersion = TLSVersion(rawValue: version)
            return true
        case .applicationLayerProtocolNegotiation:
            // The server's ProtocolNameList holds exactly one name (RFC 7301 §3.1).
            guard let listLength = data.readUInt16(), var list = data.readSlice(Int(listLength)), data.isAtEnd,
                let nameLength = list.readUInt8(), let name = list.readSlice(Int(nameLength))
            else { return false }
            hello.selectedALPN = Array(name.unreadBytes)
            return list.isAtEnd && nameLength > 0
        default:
            return true
        }
    }

    /// Reads a vector of 2-byte values with a `lengthBytes`-byte length that must fill `data` exactly;
    /// `nil` if the length overruns, is odd, or leaves bytes over.
    private static func readUInt16List<Value>(
        _ data: inout ByteReader, lengthBytes: Int, as make: (UInt16) -> Value
    ) -> [Value]? {
        let declared: Int?
        if lengthBytes == 1 {
            declared = data.readUInt8().map(Int.init)
        } else {
            declared = data.readUInt16().map(Int.init)
        }
        // The vector must lie inside the extension, hold whole 2-byte values, and be all of it.
        guard let length = declared, length % 2 == 0, var list = data.readSlice(length), data.isAtEnd else {
            return nil
        }
        // Typed as it is read: one array, not a [UInt16] mapped into another.
        var values: [Value] = []
        values.reserveCapacity(length / 2)
        while let value = list.readUInt16() { values.append(make(value)) }
        return values
    }
}
