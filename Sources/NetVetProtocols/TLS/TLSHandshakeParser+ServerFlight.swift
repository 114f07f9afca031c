import NetVetWire

extension ProtocolAnomaly {
    /// The Certificate message's certificate_list declares more bytes than the message holds.
    public static let tlsCertificateListOverflow = ProtocolAnomaly("tls.certificate_list_overflow")
    /// One certificate declares more bytes than the certificate_list holds; the ones before it are kept.
    public static let tlsCertificateLengthOverflow = ProtocolAnomaly("tls.certificate_length_overflow")
    /// The bytes given ended (declared complete) before the leaf certificate was whole: netvet's stream
    /// prefix limit cut it, so no certificate is read.
    public static let tlsCertificateCut = ProtocolAnomaly("tls.certificate_cut")
    /// A certificate's DER is not a parsable X.509 certificate (reported by the certificate reader).
    public static let tlsCertificateMalformed = ProtocolAnomaly("tls.certificate_malformed")
    /// More than `TLSHandshakeParser.maximumFlightMessages` handshake messages precede the Certificate.
    public static let tlsTooManyHandshakeMessages = ProtocolAnomaly("tls.too_many_handshake_messages")
}

extension TLSHandshakeParser {
    /// Certificates kept from one Certificate message (leaf, intermediates); longer chains are counted.
    public static let maximumCertificates = 4
    /// Handshake messages walked in a server flight before giving up on finding the Certificate.
    public static let maximumFlightMessages = 8

    /// Parses the start of a server's first flight: the ServerHello, then (TLS ≤ 1.2) the handshake
    /// messages after it up to and including the Certificate message (RFC 5246 §7.4.2):
    ///
    ///     opaque ASN.1Cert<1..2^24-1>;
    ///     struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
    ///
    /// Handshake messages may share a record or span several; the handshake fragments of consecutive
    /// records are joined (a copy of at most `bytes.count`). Returns `.needMoreData` until the ServerHello
    /// is whole, `.malformed` when the bytes are not a TLS server flight, else the flight. The flight's
    /// `moreNeeded` is non-nil while the Certificate message is incomplete and `isComplete` is false.
    /// With `isComplete` true (the caller will never have more bytes, e.g. its buffer limit was reached)
    /// the certificates wholly present are returned and, if the leaf is not, `tls.certificate_cut`.
    /// A TLS 1.3 ServerHello ends the walk at once with `certificatesEncrypted` and no certificates.
    public static func parseServerFlight(
        _ bytes: UnsafeRawBufferPointer, isComplete: Bool = false
    ) -> ParseResult<TLSServerFlight> {
        let joined = joinHandshakeFragments(bytes, keepPartialRecord: isComplete)
        var anomalies = joined.anomalies
        return joined.stream.withUnsafeBytes { raw -> ParseResult<TLSServerFlight> in
            var reader = ByteReader(raw)
            // What follows the joined fragments decides what an incomplete message means.
            func incomplete(_ messageNeeds: Int) -> Int? {
                if isComplete { return nil }
                switch joined.end {
                case .needMoreData(let needed): return max(needed, 1)
                case .otherContent, .malformed: return nil
                case .exhausted: return max(messageNeeds, recordHeaderLengthForFlight + 1)
                }
            }

            // The ServerHello must come first, whole, and within the hello limit.
            guard let helloType = reader.peekUInt8(at: 0), let helloLength = reader.peekUInt24(at: 1) else {
                if let needed = incomplete(4 - reader.remaining) { return .needMoreData(needed: needed) }
                return .malformed(anomalies + [joined.endAnomaly ?? .tlsHandshakeTruncated])
            }
            guard TLSHandshakeType(rawValue: helloType) == .serverHello else {
                return .malformed(anomalies + [.tlsUnexpectedHandshakeType])
            }
            // A declared length beyond the limit would make the caller buffer unbounded input.
            guard helloLength <= maximumHandshakeLength else { return .malformed(anomalies + [.tlsHandshakeTooLong]) }
            guard reader.skip(4), let helloBody = reader.readSlice(helloLength) else {
                if let needed = incomplete(4 + helloLength - reader.remaining) { return .needMoreData(needed: needed) }
                return .malformed(anomalies + [joined.endAnomaly ?? .tlsHandshakeTruncated])
            }
            var flight: TLSServerFlight
            switch parseServerHelloBody(helloBody) {
            case .message(.serverHello(let hello), let helloAnomalies):
                anomalies += helloAnomalies
                flight = TLSServerFlight(serverHello: hello)
            case .message, .needMoreData:
                return .malformed(anomalies + [.tlsHandshakeTruncated])
            case .malformed(let helloAnomalies):
                return .malformed(anomalies + helloAnomalies)
            }
            // TLS 1.3 (and its drafts, 0x7fxx) encrypt everything after the ServerHello (RFC 8446 §2).
            if let selected = flight.serverHello.selectedVersion, selected.rawValue >= TLSVersion.tls13.rawValue {
                flight.certificatesEncrypted = true
                return .message(flight, anomalies: anomalies)
            }

            // The rest of the flight: skip whole messages until the Certificate (or the flight's end).
            var walked = 1
            while true {
                guard let type = reader.peekUInt8(at: 0), let length = reader.peekUInt24(at: 1) else {
                    flight.moreNeeded = incomplete(4 - reader.remaining)
                    return .message(flight, anomalies: anomalies)
                }
                let messageType = TLSHandshakeType(rawValue: type)
                if messageType == .certificate {
                    flight.hasCertificateMessage = true
                    reader.skip(4)
                    let available = min(length, reader.remaining)
                    let body = reader.readSlice(available) ?? reader.readRest()
                    let whole = available == length
                    readCertificateList(body, isWhole: whole, into: &flight, anomalies: &anomalies)
                    if !whole {
                        flight.moreNeeded = incomplete(length - available)
                        if flight.moreNeeded == nil, flight.certificates.isEmpty {
                            anomalies.append(.tlsCertificateCut)
                        }
                    }
                    return .message(flight, anomalies: anomalies)
                }
                // ServerHelloDone ends a flight without certificates (anonymous or PSK suites, RFC 5246 §7.4.5).
                if messageType == .serverHelloDone { return .message(flight, anomalies: anomalies) }
                // Hostile input could chain empty messages; the walk is bounded.
                guard walked < maximumFlightMessages else {
                    return .message(flight, anomalies: anomalies + [.tlsTooManyHandshakeMessages])
                }
                guard reader.remaining - 4 >= length else {
                    flight.moreNeeded = incomplete(4 + length - reader.remaining)
                    return .message(flight, anomalies: anomalies)
                }
                reader.skip(4 + length)
                walked += 1
            }
        }
    }

    /// `parseServerFlight(_:isComplete:)` over an array.
    public static func parseServerFlight(_ bytes: [UInt8], isComplete: Bool = false) -> ParseResult<TLSServerFlight> {
        bytes.withUnsafeBytes { parseServerFlight($0, isComplete: isComplete) }
    }

    /// Reads `certificate_list` from a Certificate body (whole, or cut short when `isWhole` is false),
    /// keeping the first `maximumCertificates` certificates that are wholly present.
    private static func readCertificateList(
        _ body: ByteReader, isWhole: Bool, into flight: inout TLSServerFlight, anomalies: inout [ProtocolAnomaly]
    ) {
        var reader = body
        guard let listLength = reader.peekUInt24(at: 0) else {
            if isWhole { anomalies.append(.tlsHandshakeTruncated) }
            return
        }
        reader.skip(3)
        // The list must lie inside a whole message; a cut message is read as far as it goes.
        if isWhole && listLength != reader.remaining {
            anomalies.append(listLength > reader.remaining ? .tlsCertificateListOverflow : .tlsTrailingBytes)
        }
        var list = reader.readSlice(min(listLength, reader.remaining)) ?? reader.readRest()
        let listIsWhole = isWhole && listLength <= list.remaining
        // Each entry consumes at least three bytes of the confined list, so the loop ends.
        while let length = list.peekUInt24(at: 0) {
            list.skip(3)
            flight.certificateCount += 1
            guard let certificate = list.readSlice(length) else {
                if listIsWhole { anomalies.append(.tlsCertificateLengthOverflow) }
                return
            }
            if flight.certificates.count < maximumCertificates {
                flight.certificates.append(Array(certificate.unreadBytes))
            }
        }
        if listIsWhole && !list.isAtEnd { anomalies.append(.tlsCertificateLengthOverflow) }
    }

    // MARK: - Joining handshake records

    private static let recordHeaderLengthForFlight = 5

    /// How the walk over records ended.
    enum RecordWalkEnd: Equatable {
        /// Every byte was consumed at a record boundary.
        case exhausted
        /// The last record (or its header) is incomplete: at least `needed` more bytes are required.
        case needMoreData(Int)
        /// A record of another content type followed the handshake records (e.g. change_cipher_spec).
        case otherContent
        /// A record header that is not TLS, or a record over 2^14 bytes.
        case malformed(ProtocolAnomaly)
    }

    /// The handshake fragments of the consecutive handshake records at the start of `bytes`, joined.
    /// With `keepPartialRecord`, the present part of a last, incomplete record is joined too (the
    /// caller has no more bytes and reads what there is).
    static func joinHandshakeFragments(
        _ bytes: UnsafeRawBufferPointer, keepPartialRecord: Bool
    ) -> (stream: [UInt8], end: RecordWalkEnd, anomalies: [ProtocolAnomaly], endAnomaly: ProtocolAnomaly?) {
        var reader = ByteReader(bytes)
        var stream: [UInt8] = []
        var anomalies: [ProtocolAnomaly] = []
        let header = recordHeaderLengthForFlight
        while true {
            if reader.isAtEnd { return (stream, .exhausted, anomalies, nil) }
            // The record header tells how much follows; without all five bytes nothing can be decided.
            guard let type = reader.peekUInt8(at: 0), let version = reader.peekUInt16(at: 1),
                let length16 = reader.peekUInt16(at: 3)
            else { return (stream, .needMoreData(header - reader.remaining), anomalies, nil) }
            let length = Int(length16)
            // Only handshake records carry the flight; another content type ends it.
            guard TLSContentType(rawValue: type) == .handshake else {
                let anomaly: ProtocolAnomaly = stream.isEmpty ? .tlsNotHandshake : .tlsHandshakeInterrupted
                return (stream, stream.isEmpty ? .malformed(anomaly) : .otherContent, anomalies, anomaly)
            }
            // Every TLS and SSL 3.0 record version is 3.x; other values are not a TLS record at all.
            guard version >> 8 == 3 else { return (stream, .malformed(.tlsNotHandshake), anomalies, .tlsNotHandshake) }
            // RFC 8446 §5.1 caps plaintext at 2^14; a larger record is a broken or hostile peer.
            guard length <= maximumRecordLength else {
                return (stream, .malformed(.tlsRecordLengthOverflow), anomalies, .tlsRecordLengthOverflow)
            }
            guard reader.remaining - header >= length else {
                let needed = header + length - reader.remaining
                if keepPartialRecord {
                    reader.skip(header)
                    stream.append(contentsOf: reader.readRest().unreadBytes)
                }
                return (stream, .needMoreData(needed), anomalies, nil)
            }
            reader.skip(header)
            let fragment = reader.readSlice(length) ?? reader.readRest()
            // Zero-length handshake fragments are forbidden but harmless: note them and read on.
            if length == 0, !anomalies.contains(.tlsEmptyRecord) { anomalies.append(.tlsEmptyRecord) }
            stream.append(contentsOf: fragment.unreadBytes)
        }
    }
}

extension ByteReader {
    /// The big-endian 24-bit value at `index` past the cursor (TLS handshake and certificate lengths), or
    /// `nil` if fewer than `index + 3` bytes remain; the cursor does not move.
    func peekUInt24(at index: Int) -> Int? {
        guard let high = peekUInt8(at: index), let low = peekUInt16(at: index + 1) else { return nil }
        return Int(high) << 16 | Int(low)
    }
}
