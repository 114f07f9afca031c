import NetVetProtocols
import Testing

/// Hand-made hellos: a TLS 1.3 ClientHello in the shape of a current browser (GREASE, SNI, ALPN,
/// supported_versions) and two ServerHellos. Offsets named below index into `clientHello`.
enum TLSSamples {
    static let clientHello: [UInt8] = [
        0x16, 0x03, 0x01, 0x00, 0xB0,  // record: handshake, version 3.1, length 176
        0x01, 0x00, 0x00, 0xAC,  // handshake: client_hello, length 172
        0x03, 0x03,  // legacy_version TLS 1.2
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,  // random
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,  // random
        0x20,  // legacy_session_id length 32
        0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,  // session id
        0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,  // session id
        0x00, 0x0A,  // cipher_suites length 10
        0x0A, 0x0A, 0x13, 0x01, 0x13, 0x02, 0xC0, 0x2B, 0xC0, 0x2F,  // GREASE, 1301, 1302, c02b, c02f
        0x01, 0x00,  // compression methods: 1, null
        0x00, 0x59,  // extensions length 89
        0x1A, 0x1A, 0x00, 0x00,  // GREASE extension, empty
        0x00, 0x00, 0x00, 0x10, 0x00, 0x0E, 0x00, 0x00, 0x0B,  // server_name, len 16, list 14, host_name, len 11
        0x65, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 0x2E, 0x63, 0x6F, 0x6D,  // "example.com"
        0x00, 0x0B, 0x00, 0x02, 0x01, 0x00,  // ec_point_formats, len 2, list 1: uncompressed
        0x00, 0x0A, 0x00, 0x08, 0x00, 0x06, 0x2A, 0x2A, 0x00, 0x1D, 0x00, 0x17,  // groups: GREASE, x25519, P-256
        0x00, 0x10, 0x00, 0x0E, 0x00, 0x0C, 0x02, 0x68, 0x32,  // ALPN, len 14, list 12, "h2"
        0x08, 0x68, 0x74, 0x74, 0x70, 0x2F, 0x31, 0x2E, 0x31,  // ALPN "http/1.1"
        0x00, 0x0D, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01,  // signature_algorithms: 3
        0x00, 0x2B, 0x00, 0x07, 0x06, 0x3A, 0x3A, 0x03, 0x04, 0x03, 0x03,  // supported_versions: GREASE, 1.3, 1.2
        0x00, 0x2D, 0x00, 0x02, 0x01, 0x01,  // psk_key_exchange_modes: psk_dhe_ke
    ]

    /// Offsets of the length fields in `clientHello` (the last byte of each), with the anomaly a ±1 change
    /// must produce (`nil`: the record layer waits for more bytes instead).
    static let clientLengthFields: [(name: String, offset: Int, anomaly: ProtocolAnomaly?)] = [
        ("record length", 4, nil),
        ("session id length", 43, nil),
        ("cipher suites length", 77, .tlsCipherSuitesLengthInvalid),
        ("compression methods length", 88, nil),
        ("extensions length", 91, nil),
        ("GREASE extension length", 95, nil),
        ("server_name length", 99, nil),
        ("server_name list length", 101, .tlsExtensionMalformed),
        ("host_name length", 104, .tlsExtensionMalformed),
        ("ec_point_formats length", 119, nil),
        ("ec_point_formats list length", 120, .tlsExtensionMalformed),
        ("supported_groups length", 125, nil),
        ("supported_groups list length", 127, .tlsExtensionMalformed),
        ("ALPN length", 137, nil),
        ("ALPN list length", 139, .tlsExtensionMalformed),
        ("ALPN first name length", 140, .tlsExtensionMalformed),
        ("signature_algorithms length", 155, nil),
        ("signature_algorithms list length", 157, .tlsExtensionMalformed),
        ("supported_versions length", 167, nil),
        ("supported_versions list length", 168, .tlsExtensionMalformed),
        ("psk_key_exchange_modes length", 178, nil),
    ]

    /// A TLS 1.2 ServerHello choosing ECDHE-RSA-AES128-GCM and h2.
    static let serverHello12: [UInt8] = [
        0x16, 0x03, 0x03, 0x00, 0x40,  // record: handshake, version 3.3, length 64
        0x02, 0x00, 0x00, 0x3C,  // handshake: server_hello, length 60
        0x03, 0x03,  // legacy_version TLS 1.2
        0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,  // random
        0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,  // random
        0x00,  // session id echo: empty
        0xC0, 0x2F,  // cipher_suite ECDHE-RSA-AES128-GCM-SHA256
        0x00,  // compression: null
        0x00, 0x14,  // extensions length 20
        0xFF, 0x01, 0x00, 0x01, 0x00,  // renegotiation_info, len 1, empty
        0x00, 0x0B, 0x00, 0x02, 0x01, 0x00,  // ec_point_formats: uncompressed
        0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 0x68, 0x32,  // ALPN, len 5, list 3, "h2"
    ]

    /// A TLS 1.3 ServerHello choosing TLS_AES_128_GCM_SHA256 with an X25519 key share.
    static let serverHello13: [UInt8] = [
        0x16, 0x03, 0x03, 0x00, 0x7A,  // record: handshake, version 3.3, length 122
        0x02, 0x00, 0x00, 0x76,  // handshake: server_hello, length 118
        0x03, 0x03,  // legacy_version TLS 1.2
        0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,  // random
        0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,  // random
        0x20,  // session id echo length 32
        0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF,  // echo
        0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF,  // echo
        0x13, 0x01,  // cipher_suite TLS_AES_128_GCM_SHA256
        0x00,  // compression: null
        0x00, 0x2E,  // extensions length 46
        0x00, 0x2B, 0x00, 0x02, 0x03, 0x04,  // supported_versions: selected TLS 1.3
        0x00, 0x33, 0x00, 0x24, 0x00, 0x1D, 0x00, 0x20,  // key_share, len 36, x25519, key length 32
        0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F,  // key
        0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,  // key
    ]

    /// The handshake message of `record` (a single-record sample) cut into two records at `split`.
    static func twoRecords(_ record: [UInt8], splitAt split: Int) -> [UInt8] {
        let message = Array(record.dropFirst(5))
        func wrap(_ fragment: ArraySlice<UInt8>) -> [UInt8] {
            [0x16, 0x03, 0x01, UInt8(fragment.count >> 8), UInt8(fragment.count & 0xFF)] + fragment
        }
        return wrap(message[..<split]) + wrap(message[split...])
    }
}

@Suite("TLS handshake parser")
struct TLSTests {
    @Test("ClientHello: every field, wire order and GREASE kept, no anomalies")
    func clientHelloFields() throws {
        let result = TLSHandshakeParser.parseClientHello(TLSSamples.clientHello)
        #expect(result.anomalies.isEmpty)
        let hello = try #require(result.message)
        #expect(hello.legacyVersion == .tls12)
        #expect(hello.sessionIDLength == 32)
        #expect(hello.cipherSuites.map(\.rawValue) == [0x0A0A, 0x1301, 0x1302, 0xC02B, 0xC02F])
        #expect(hello.cipherSuites.first?.isGREASE == true)
        #expect(hello.compressionMethods == [0])
        #expect(hello.extensionTypes.map(\.rawValue) == [0x1A1A, 0, 11, 10, 16, 13, 43, 45])
        #expect(hello.extensions[1] == TLSExtension(type: .serverName, length: 16))
        #expect(hello.serverName == "example.com")
        #expect(hello.alpnProtocolNames == ["h2", "http/1.1"])
        #expect(hello.supportedVersions == [TLSVersion(rawValue: 0x3A3A), .tls13, .tls12])
        #expect(hello.signatureAlgorithms.map(\.rawValue) == [0x0403, 0x0804, 0x0401])
        #expect(hello.supportedGroups == [TLSNamedGroup(rawValue: 0x2A2A), .x25519, .secp256r1])
        #expect(hello.ecPointFormats == [0])
        #expect(hello.hasExtension(.applicationLayerProtocolNegotiation))
        #expect(!hello.hasExtension(.keyShare))
        #expect(TLSExtensionType.supportedVersions.description == "0x002b")
        #expect(TLSCipherSuite(rawValue: 0xC02F).description == "0xc02f")
    }

    @Test("ServerHello TLS 1.2: chosen suite and ALPN; TLS 1.3: selected version")
    func serverHellos() throws {
        let twelve = TLSHandshakeParser.parseServerHello(TLSSamples.serverHello12)
        #expect(twelve.anomalies.isEmpty)
        let hello12 = try #require(twelve.message)
        #expect(hello12.cipherSuite == .ecdheRSAWithAES128GCMSHA256)
        #expect(hello12.selectedALPN == Array("h2".utf8))
        #expect(hello12.selectedVersion == nil)
        #expect(hello12.negotiatedVersion == .tls12)
        #expect(hello12.extensionTypes == [.renegotiationInfo, .ecPointFormats, .applicationLayerProtocolNegotiation])

        let thirteen = TLSHandshakeParser.parseServerHello(TLSSamples.serverHello13)
        #expect(thirteen.anomalies.isEmpty)
        let hello13 = try #require(thirteen.message)
        #expect(hello13.cipherSuite == .tlsAES128GCMSHA256)
        #expect(hello13.sessionIDLength == 32)
        #expect(hello13.negotiatedVersion == .tls13)
        #expect(
            hello13.extensions == [
                TLSExtension(type: .supportedVersions, length: 2), TLSExtension(type: .keyShare, length: 36),
            ])
        guard case .message(.serverHello, _) = TLSHandshakeParser.parse(TLSSamples.serverHello13) else {
            Issue.record("parse(_:) should return a ServerHello")
            return
        }
    }

    @Test("truncation at every offset gives needMoreData with an honest `needed`, never a trap")
    func truncation() {
        for sample in [TLSSamples.clientHello, TLSSamples.serverHello12, TLSSamples.serverHello13] {
            for cut in 0..<sample.count {
                let result = TLSHandshakeParser.parse(Array(sample[..<cut]))
                guard case .needMoreData(let needed) = result else {
                    Issue.record("prefix of \(cut) bytes: \(result)")
                    continue
                }
                // `needed` is a lower bound: it must never overshoot the bytes actually missing.
                #expect(
                    (needed ?? 1) >= 1 && (needed ?? 1) <= sample.count - cut, "prefix \(cut): needed \(needed ?? -1)")
            }
        }
    }

    @Test("every length field one too small and one too large gives an anomaly or needMoreData")
    func lengthMutations() {
        for field in TLSSamples.clientLengthFields {
            for delta in [-1, 1] {
                var bytes = TLSSamples.clientHello
                bytes[field.offset] = UInt8(truncatingIfNeeded: Int(bytes[field.offset]) + delta)
                let result = TLSHandshakeParser.parseClientHello(bytes)
                switch result {
                case .message(_, let anomalies):
                    #expect(!anomalies.isEmpty, "\(field.name) \(delta): no anomaly")
                    if let expected = field.anomaly {
                        #expect(anomalies.contains(expected), "\(field.name) \(delta): \(anomalies)")
                    }
                case .needMoreData:
                    #expect(
                        field.anomaly == nil, "\(field.name) \(delta): waits instead of \(field.anomaly?.name ?? "")")
                case .malformed(let anomalies):
                    #expect(!anomalies.isEmpty, "\(field.name) \(delta): malformed without a name")
                }
            }
            // The extremes must not trap either.
            for value: UInt8 in [0x00, 0xFF] {
                var bytes = TLSSamples.clientHello
                bytes[field.offset] = value
                _ = TLSHandshakeParser.parse(bytes)
                bytes[field.offset - 1] = value
                _ = TLSHandshakeParser.parse(bytes)
            }
        }
    }

    @Test("specific lengths: handshake length, session id too long, record and handshake limits")
    func namedLengthAnomalies() {
        var shortHandshake = TLSSamples.clientHello
        shortHandshake[8] -= 1  // the body ends one byte inside the extensions block
        #expect(TLSHandshakeParser.parse(shortHandshake).anomalies == [.tlsExtensionsLengthOverflow])

        var longHandshake = TLSSamples.clientHello
        longHandshake[8] += 1  // one byte more than the record holds: wait for the next record
        #expect(TLSHandshakeParser.parse(longHandshake).message == nil)

        var longSession = TLSSamples.clientHello
        longSession[43] = 33
        #expect(TLSHandshakeParser.parse(longSession).anomalies.contains(.tlsSessionIDTooLong))

        var hugeRecord = TLSSamples.clientHello
        hugeRecord[3] = 0x40
        hugeRecord[4] = 0x01  // 16385 > 2^14
        #expect(TLSHandshakeParser.parse(hugeRecord).anomalies == [.tlsRecordLengthOverflow])

        var hugeHandshake = TLSSamples.clientHello
        hugeHandshake[6] = 0x01  // 65708 bytes declared
        #expect(TLSHandshakeParser.parse(hugeHandshake).anomalies == [.tlsHandshakeTooLong])

        var lastExtensionLong = TLSSamples.clientHello
        lastExtensionLong[178] = 3  // psk_key_exchange_modes claims a byte past the block
        #expect(TLSHandshakeParser.parse(lastExtensionLong).anomalies == [.tlsExtensionLengthOverflow])
    }

    @Test("records that are not a handshake, other hellos and interleaved records are named")
    func recordLayerAnomalies() {
        #expect(TLSHandshakeParser.parse(Array("GET / HTTP/1.1\r\n\r\n".utf8)).anomalies == [.tlsNotHandshake])
        // An SSL 2.0 compatible ClientHello: 2-byte header with the high bit set, msg_type 1.
        #expect(TLSHandshakeParser.parse([0x80, 0x2E, 0x01, 0x03, 0x01, 0x00, 0x15]).anomalies == [.tlsNotHandshake])
        #expect(TLSHandshakeParser.parseServerHello(TLSSamples.clientHello).anomalies == [.tlsUnexpectedHandshakeType])
        #expect(
            TLSHandshakeParser.parseClientHello(TLSSamples.serverHello12).anomalies == [.tlsUnexpectedHandshakeType])
        // Certificate (type 11) as the first message.
        #expect(
            TLSHandshakeParser.parse([0x16, 0x03, 0x03, 0x00, 0x04, 0x0B, 0x00, 0x00, 0x00]).anomalies == [
                .tlsUnexpectedHandshakeType
            ])
        // An alert between the two halves of a split ClientHello.
        let split = TLSSamples.twoRecords(TLSSamples.clientHello, splitAt: 100)
        let alert: [UInt8] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]
        let interrupted = Array(split[..<105]) + alert + Array(split[105...])
        #expect(TLSHandshakeParser.parse(interrupted).anomalies == [.tlsHandshakeInterrupted])
        // An empty handshake record first, and a compatibility-mode change_cipher_spec first.
        let empty: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x00]
        #expect(TLSHandshakeParser.parse(empty + TLSSamples.clientHello).anomalies == [.tlsEmptyRecord])
        let changeCipherSpec: [UInt8] = [0x14, 0x03, 0x03, 0x00, 0x01, 0x01]
        let afterCCS = TLSHandshakeParser.parse(changeCipherSpec + TLSSamples.clientHello)
        #expect(afterCCS.anomalies.isEmpty && afterCCS.message != nil)
    }

    @Test("hello body oddities: no extensions, duplicates, trailing bytes, too many extensions")
    func bodyAnomalies() throws {
        // A TLS 1.0 ClientHello without extensions: random of zeros, no session, one suite.
        let bareBody: [UInt8] =
            [0x03, 0x01] + [UInt8](repeating: 0, count: 32) + [0x00, 0x00, 0x02, 0x00, 0x2F, 0x01, 0x00]
        let bare = TLSHandshakeParser.parseClientHello(Self.record(clientHelloBody: bareBody))
        #expect(bare.anomalies.isEmpty)
        #expect(try #require(bare.message).extensions.isEmpty)

        let duplicate = bareBody + [0x00, 0x08, 0x00, 0x17, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00]
        #expect(TLSHandshakeParser.parse(Self.record(clientHelloBody: duplicate)).anomalies == [.tlsDuplicateExtension])

        let trailing = bareBody + [0x00, 0x04, 0x00, 0x17, 0x00, 0x00, 0xEE]
        #expect(TLSHandshakeParser.parse(Self.record(clientHelloBody: trailing)).anomalies == [.tlsTrailingBytes])

        let count = TLSHandshakeParser.maximumExtensionCount + 1
        let blockLength = count * 4
        var many = bareBody + [UInt8(blockLength >> 8), UInt8(blockLength & 0xFF)]
        for index in 0..<count { many += [0xFE, UInt8(index), 0x00, 0x00] }
        let capped = TLSHandshakeParser.parseClientHello(Self.record(clientHelloBody: many))
        #expect(capped.anomalies == [.tlsTooManyExtensions])
        #expect(capped.message?.extensions.count == TLSHandshakeParser.maximumExtensionCount)

        // Too short for version and random: nothing to report.
        #expect(
            TLSHandshakeParser.parse(Self.record(clientHelloBody: [0x03, 0x03, 0x00])).anomalies == [
                .tlsHandshakeTruncated
            ])
    }

    @Test("a ClientHello split across two records, fed one byte at a time, equals the whole")
    func splitAcrossRecords() throws {
        let whole = try #require(TLSHandshakeParser.parseClientHello(TLSSamples.clientHello).message)
        for split in [1, 4, 5, 100, 175] {
            let stream = TLSSamples.twoRecords(TLSSamples.clientHello, splitAt: split)
            for count in 0..<stream.count {
                guard case .needMoreData = TLSHandshakeParser.parseClientHello(Array(stream[..<count])) else {
                    Issue.record("split \(split), \(count) bytes: expected needMoreData")
                    continue
                }
            }
            let result = TLSHandshakeParser.parseClientHello(stream)
            #expect(result.anomalies.isEmpty)
            #expect(result.message == whole, "split at \(split)")
        }
        // Bytes after the first message (the next flight) are not read.
        let trailingRecord: [UInt8] = [0x17, 0x03, 0x03, 0x00, 0x01, 0xAA]
        #expect(TLSHandshakeParser.parseClientHello(TLSSamples.clientHello + trailingRecord).message == whole)
    }

    /// A handshake record holding one ClientHello with `body`.
    static func record(clientHelloBody body: [UInt8]) -> [UInt8] {
        let message: [UInt8] = [0x01, 0x00, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
        return [0x16, 0x03, 0x01, UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message
    }
}
