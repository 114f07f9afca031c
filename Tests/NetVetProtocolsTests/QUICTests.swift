import Foundation
import NetVetCrypto
import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// RFC 9001 Appendix A's vectors and hand-built Initials (`QUICSamples`).
@Suite("QUIC Initial packets")
struct QUICTests {
    @Test("HKDF and the A.1 Initial keys (client and server)")
    func initialKeys() throws {
        let dcid = QUICSamples.rfcDCID
        let salt = try #require(QUICInitialSecrets.salt(for: 1))
        let initial = try #require(HKDF.extract(salt: salt, inputKeyMaterial: dcid))
        #expect(Digest.hex(initial) == "7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44")
        let clientSecret = try #require(HKDF.expandLabel(secret: initial, label: "client in", length: 32))
        #expect(Digest.hex(clientSecret) == "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea")
        let client = try #require(QUICInitialSecrets.keys(version: 1, destinationConnectionID: dcid, side: .client))
        #expect(Digest.hex(client.key) == "1f369613dd76d5467730efcbe3b1a22d")
        #expect(Digest.hex(client.iv) == "fa044b2f42a3fd3b46fb255c")
        #expect(Digest.hex(client.headerProtection) == "9f50449e04a0e810283a1e9933adedd2")
        let server = try #require(QUICInitialSecrets.keys(version: 1, destinationConnectionID: dcid, side: .server))
        #expect(Digest.hex(server.key) == "cf3a5331653c364c88f0f379b6067e37")
        #expect(Digest.hex(server.iv) == "0ac1493ca1905853b0bba03e")
        #expect(Digest.hex(server.headerProtection) == "c206b8d9b9f0f37644430b490eeaa314")
        #expect(QUICInitialSecrets.keys(version: 0x1234_5678, destinationConnectionID: dcid, side: .client) == nil)
        // RFC 4231 test case 2: HMAC-SHA256 with a short key.
        let mac = HKDF.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map(Digest.hex) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("A.2: the client Initial decrypts to the given CRYPTO frame and ClientHello")
    func clientInitial() throws {
        let protection = QUICPacketProtection()
        let result = QUICSamples.rfcClientInitial.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) { header in
                QUICInitialSecrets.keys(
                    version: header.version.rawValue, destinationConnectionID: header.destinationConnectionID,
                    side: .client)
            }
        }
        #expect(result.anomalies.isEmpty)
        let datagram = try #require(result.message)
        #expect(datagram.initials.count == 1 && datagram.otherPackets == 0)
        let packet = try #require(datagram.initials.first)
        #expect(packet.packetNumber == 2)
        #expect(packet.header.version == .version1 && packet.header.packetType == .initial)
        #expect(packet.header.destinationConnectionID == QUICSamples.rfcDCID)
        #expect(packet.header.sourceConnectionID.isEmpty && packet.header.tokenLength == 0)
        #expect(packet.frames.paddingBytes == 917)
        let fragment = try #require(packet.frames.cryptoFragments.first)
        #expect(fragment.offset == 0 && fragment.bytes == Array(QUICSamples.rfcClientCryptoFrame.dropFirst(4)))
        var stream = QUICCryptoStream()
        #expect(stream.insert(fragment).isEmpty)
        guard case .message(.clientHello(let hello), let anomalies) = stream.firstHandshakeMessage() else {
            Issue.record("no ClientHello")
            return
        }
        #expect(anomalies.isEmpty)
        #expect(hello.serverName == "example.com")
        #expect(hello.alpnProtocolNames == ["alpn"])
        #expect(hello.supportedVersions == [.tls13])
    }

    @Test("A.3: the server Initial decrypts with the client DCID's server keys to a ServerHello")
    func serverInitial() throws {
        let protection = QUICPacketProtection()
        let keys = try #require(
            QUICInitialSecrets.keys(version: 1, destinationConnectionID: QUICSamples.rfcDCID, side: .server))
        let result = QUICSamples.rfcServerInitial.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) { _ in keys }
        }
        let packet = try #require(result.message?.initials.first)
        #expect(result.anomalies.isEmpty)
        #expect(packet.packetNumber == 1)
        #expect(packet.header.sourceConnectionID == QUICSamples.hex("f067a5502a4262b5"))
        #expect(packet.frames.acks == 1)
        var stream = QUICCryptoStream()
        for fragment in packet.frames.cryptoFragments { #expect(stream.insert(fragment).isEmpty) }
        guard case .message(.serverHello(let hello), _) = stream.firstHandshakeMessage() else {
            Issue.record("no ServerHello")
            return
        }
        #expect(hello.cipherSuite.rawValue == 0x1301)
        #expect(hello.selectedVersion == .tls13)
    }

    @Test("a wrong key fails the tag: quic.decrypt_failed, no Initial")
    func wrongKey() throws {
        let protection = QUICPacketProtection()
        let keys = try #require(
            QUICInitialSecrets.keys(version: 1, destinationConnectionID: [1, 2, 3, 4, 5, 6, 7, 8], side: .client))
        let result = QUICSamples.rfcClientInitial.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) { _ in keys }
        }
        #expect(result.message == nil)
        #expect(result.anomalies == [.quicDecryptFailed])
        // One flipped ciphertext bit fails the tag too.
        var flipped = QUICSamples.rfcClientInitial
        flipped[600] ^= 0x01
        let clientKeys = QUICSamples.clientKeys(QUICSamples.rfcDCID)
        let again = flipped.withUnsafeBytes { QUICParser.parseDatagram($0, protection: protection) { _ in clientKeys } }
        #expect(again.anomalies == [.quicDecryptFailed])
    }

    @Test("seal then open round-trips, and sealing A.2's plaintext gives A.2's packet")
    func sealRoundTrip() throws {
        let packet = QUICSamples.protectedInitial(
            dcid: QUICSamples.rfcDCID, packetNumber: 2, packetNumberLength: 4,
            payload: QUICSamples.rfcClientCryptoFrame + [UInt8](repeating: 0, count: 917), lengthFieldBytes: 2)
        #expect(packet == QUICSamples.rfcClientInitial)
    }

    @Test("QUIC v2 (RFC 9369 A.1, A.2): keys, Initial type bits 01, and A.2's plaintext sealed as v2 opens")
    func version2() throws {
        let v2 = QUICInitialSecrets.version2
        let client = try #require(
            QUICInitialSecrets.keys(version: v2, destinationConnectionID: QUICSamples.rfcDCID, side: .client))
        #expect(Digest.hex(client.key) == "8b1a0bc121284290a29e0971b5cd045d")
        #expect(Digest.hex(client.iv) == "91f73e2351d8fa91660e909f")
        #expect(Digest.hex(client.headerProtection) == "45b95e15235d6f45a6b19cbcb0294ba9")
        let server = try #require(
            QUICInitialSecrets.keys(version: v2, destinationConnectionID: QUICSamples.rfcDCID, side: .server))
        #expect(Digest.hex(server.key) == "82db637861d55e1d011f19ea71d5d2a7")
        #expect(Digest.hex(server.iv) == "dd13c276499c0249d3310652")
        #expect(Digest.hex(server.headerProtection) == "edf6d05c83121201b436e16877593c3a")
        let packet = QUICSamples.protectedInitial(
            dcid: QUICSamples.rfcDCID, packetNumber: 2, packetNumberLength: 4,
            payload: QUICSamples.rfcClientCryptoFrame + [UInt8](repeating: 0, count: 917), version: v2)
        // RFC 9369 A.2's protected packet starts so.
        #expect(packet.starts(with: QUICSamples.hex("d76b3343cf088394c8f03e5157080000449ea0c95e82ffe67b6abcdb")))
        let protection = QUICPacketProtection()
        let result = packet.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) { header in
                QUICInitialSecrets.keys(
                    version: header.version.rawValue, destinationConnectionID: header.destinationConnectionID,
                    side: .client)
            }
        }
        let initial = try #require(result.message?.initials.first)
        #expect(initial.header.version == .version2 && initial.header.packetType == .initial)
        #expect(initial.frames.cryptoFragments.first?.bytes.count == 241)
    }

    @Test("a ClientHello split across two Initials in two datagrams reassembles, in either order")
    func splitClientHello() throws {
        let protection = QUICPacketProtection()
        let dcid: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x11, 0x22, 0x33]
        let message = Array(QUICSamples.rfcClientCryptoFrame.dropFirst(4))
        let split = 100
        let first = QUICSamples.protectedInitial(
            dcid: dcid, packetNumber: 0, packetNumberLength: 1,
            payload: QUICSamples.cryptoFrame(offset: 0, Array(message[..<split])) + [UInt8](repeating: 0, count: 40))
        let second = QUICSamples.protectedInitial(
            dcid: dcid, packetNumber: 1, packetNumberLength: 2,
            payload: [0x01] + QUICSamples.cryptoFrame(offset: split, Array(message[split...])))
        for order in [[first, second], [second, first]] {
            var stream = QUICCryptoStream()
            var results: [Bool] = []
            for datagram in order {
                let parsed = datagram.withUnsafeBytes { bytes in
                    QUICParser.parseDatagram(bytes, protection: protection) {
                        QUICSamples.clientKeys($0.destinationConnectionID)
                    }
                }
                #expect(parsed.anomalies.isEmpty)
                for fragment in parsed.message?.initials.flatMap(\.frames.cryptoFragments) ?? [] {
                    #expect(stream.insert(fragment).isEmpty)
                }
                results.append(stream.firstHandshakeMessage().message != nil)
            }
            #expect(results == [false, true])
            guard case .message(.clientHello(let hello), _) = stream.firstHandshakeMessage() else {
                Issue.record("no ClientHello")
                continue
            }
            #expect(hello.serverName == "example.com")
        }
    }

    @Test("coalesced Initial + Handshake + short header: the Initial is read, the rest counted")
    func coalesced() throws {
        let protection = QUICPacketProtection()
        let dcid: [UInt8] = [9, 8, 7, 6, 5, 4, 3, 2]
        let initial = QUICSamples.protectedInitial(
            dcid: dcid, packetNumber: 0, packetNumberLength: 1,
            payload: QUICSamples.cryptoFrame(offset: 0, [1, 0, 0, 0]) + [UInt8](repeating: 0, count: 30))
        // Handshake packet (type bits 10): version 1, empty IDs, Length 20, 20 opaque bytes.
        let handshake: [UInt8] = [0xE0, 0, 0, 0, 1, 0, 0, 20] + [UInt8](repeating: 0xAA, count: 20)
        // Short header: form bit clear, runs to the end of the datagram.
        let short: [UInt8] = [0x40, 1, 2, 3, 4, 5, 6]
        let parsed = (initial + handshake + short).withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) {
                QUICSamples.clientKeys($0.destinationConnectionID)
            }
        }
        #expect(parsed.anomalies.isEmpty)
        #expect(parsed.message?.initials.count == 1)
        #expect(parsed.message?.otherPackets == 2)
    }

    @Test("long header fields: connection ID above 20, every truncation, unknown version")
    func longHeaderErrors() {
        var tooLong = QUICSamples.rfcClientInitial
        tooLong[5] = 21
        #expect(tooLong.withUnsafeBytes { QUICParser.parseLongHeader($0) }.anomalies == [.quicConnectionIDTooLong])
        #expect(
            [UInt8]([0x40, 1]).withUnsafeBytes { QUICParser.parseLongHeader($0) }.anomalies == [.quicNotLongHeader])
        var unknown = QUICSamples.rfcClientInitial
        unknown[1...4] = [0x1A, 0x2A, 0x3A, 0x4A]
        let protection = QUICPacketProtection()
        let result = unknown.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) { header in
                QUICInitialSecrets.keys(
                    version: header.version.rawValue, destinationConnectionID: header.destinationConnectionID,
                    side: .client)
            }
        }
        #expect(result.anomalies == [.quicVersionUnsupported])
        // The Length field (bytes 16-17, 0x449e = 1182) too large by one, and far too small.
        var longer = QUICSamples.rfcClientInitial
        longer[17] = 0x9F
        #expect(longer.withUnsafeBytes { QUICParser.parseLongHeader($0) }.anomalies == [.quicPacketTruncated])
        var shorter = QUICSamples.rfcClientInitial
        shorter[16...17] = [0x40, 0x10]
        let short = shorter.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) {
                QUICSamples.clientKeys($0.destinationConnectionID)
            }
        }
        #expect(short.anomalies.first == .quicSampleTooShort)
        // Shortened by a little, the packet keeps its sample but the tag no longer matches.
        var cut = QUICSamples.rfcClientInitial
        cut[17] = 0x90
        let failed = cut.withUnsafeBytes { bytes in
            QUICParser.parseDatagram(bytes, protection: protection) {
                QUICSamples.clientKeys($0.destinationConnectionID)
            }
        }
        #expect(failed.anomalies.first == .quicDecryptFailed)
    }

    @Test("truncation of the A.2 packet at every offset never traps and never yields an Initial")
    func truncation() {
        let protection = QUICPacketProtection()
        let packet = QUICSamples.rfcClientInitial
        var decrypted = 0
        for length in 0..<packet.count {
            let result = Array(packet.prefix(length)).withUnsafeBytes { bytes in
                QUICParser.parseDatagram(bytes, protection: protection) {
                    QUICSamples.clientKeys($0.destinationConnectionID)
                }
            }
            if result.message?.initials.isEmpty == false { decrypted += 1 }
            #expect(result.message == nil || result.message?.initials.isEmpty == true)
        }
        #expect(decrypted == 0)
    }

    @Test("frame walk: every frame kind, unknown and truncated frames, varint lengths")
    func frames() throws {
        // PADDING ×2, PING, ACK (largest 5, delay 0, 1 range, first 0, gap 0 len 1), ACK_ECN (+3 counts),
        // CRYPTO (offset 0, length 3), CONNECTION_CLOSE (code 0x0a, frame 0x06, reason "x").
        let payload: [UInt8] =
            [0, 0, 1, 0x02, 5, 0, 1, 0, 0, 1, 0x03, 5, 0, 0, 0, 1, 2, 3, 0x06, 0, 3, 0xAA, 0xBB, 0xCC]
            + [0x1C, 0x0A, 0x06, 1, 0x78]
        let parsed = payload.withUnsafeBytes { QUICParser.parseFrames($0) }
        #expect(parsed.anomalies.isEmpty)
        let frames = try #require(parsed.message)
        #expect(frames.paddingBytes == 2 && frames.pings == 1 && frames.acks == 2)
        #expect(frames.cryptoFragments == [QUICCryptoFragment(offset: 0, bytes: [0xAA, 0xBB, 0xCC])])
        #expect(frames.connectionCloseError == 0x0A)
        // STREAM (0x08) is not allowed in an Initial: the walk stops, keeping the PING.
        let unknown = [UInt8]([1, 0x08, 0, 0]).withUnsafeBytes { QUICParser.parseFrames($0) }
        #expect(unknown.anomalies == [.quicFrameUnknown] && unknown.message?.pings == 1)
        // Every cut of the payload is a truncated frame or a clean stop, never a trap.
        for length in 0..<payload.count {
            let cut = Array(payload.prefix(length)).withUnsafeBytes { QUICParser.parseFrames($0) }
            #expect(cut.anomalies.allSatisfy { $0 == .quicFrameTruncated })
        }
        // CRYPTO length too large by one.
        let overlong = [UInt8]([0x06, 0, 4, 1, 2, 3]).withUnsafeBytes { QUICParser.parseFrames($0) }
        #expect(overlong.anomalies == [.quicFrameTruncated] && overlong.message?.cryptoFragments.isEmpty == true)
        // An ACK claiming more ranges than bytes left.
        let ranges = [UInt8]([0x02, 1, 0, 0x3F, 0]).withUnsafeBytes { QUICParser.parseFrames($0) }
        #expect(ranges.anomalies == [.quicFrameTruncated])
        // Varints of every length (RFC 9000 §A.1 examples).
        for (bytes, value) in [
            ([0x25], 37), ([0x7B, 0xBD], 15_293), ([0x9D, 0x7F, 0x3E, 0x7D], 494_878_333),
            ([0xC2, 0x19, 0x7C, 0x5E, 0xFF, 0x14, 0xE8, 0x8C], 151_288_809_941_952_652),
        ] as [([UInt8], UInt64)] {
            bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw)
                #expect(QUICParser.readVarint(&reader) == value && reader.isAtEnd)
                var short = ByteReader(UnsafeRawBufferPointer(rebasing: raw.dropLast()))
                #expect(QUICParser.readVarint(&short) == nil && short.offset == 0)
            }
        }
    }

    @Test("CRYPTO stream: overlaps, gaps, the 8 KiB limit and the range limit")
    func cryptoStream() {
        var stream = QUICCryptoStream()
        #expect(stream.insert(offset: 4, [4, 5, 6]).isEmpty)
        #expect(stream.hasGap && stream.contiguousLength == 0)
        #expect(stream.insert(offset: 0, [0, 1, 2, 3, 4]).isEmpty)
        #expect(!stream.hasGap && stream.contiguousLength == 7 && stream.buffer == [0, 1, 2, 3, 4, 5, 6])
        #expect(stream.insert(offset: QUICCryptoStream.maximumLength - 1, [1, 2]) == [.quicCryptoLimit])
        #expect(stream.buffer.count == QUICCryptoStream.maximumLength)
        #expect(stream.insert(offset: 1 << 40, [1]) == [.quicCryptoLimit])
        var scattered = QUICCryptoStream()
        for index in 0..<QUICCryptoStream.maximumRanges { _ = scattered.insert(offset: 10 + index * 2, [1]) }
        #expect(scattered.insert(offset: 1000, [1]) == [.quicCryptoLimit])
        #expect(scattered.ranges.count == QUICCryptoStream.maximumRanges)
        // A handshake header declaring more than the stream keeps is malformed at once.
        var huge = QUICCryptoStream()
        _ = huge.insert(offset: 0, [1, 0x00, 0x20, 0x00])
        #expect(huge.firstHandshakeMessage().anomalies == [.quicCryptoLimit])
        var fits = QUICCryptoStream()
        _ = fits.insert(offset: 0, [1, 0x00, 0x1F, 0xFC])
        #expect(fits.firstHandshakeMessage().message == nil && fits.firstHandshakeMessage().anomalies.isEmpty)
    }

    @Test("a bare handshake message cut at every offset is needMoreData, whole it is the A.2 ClientHello")
    func bareHandshakeTruncation() {
        let message = Array(QUICSamples.rfcClientCryptoFrame.dropFirst(4))
        for length in 0..<message.count {
            let result = Array(message.prefix(length)).withUnsafeBytes { TLSHandshakeParser.parseHandshakeMessage($0) }
            guard case .needMoreData(let needed) = result else {
                Issue.record("prefix \(length): \(result)")
                continue
            }
            #expect(needed.map { $0 > 0 && $0 <= message.count - length } ?? true)
        }
        let whole = message.withUnsafeBytes { TLSHandshakeParser.parseHandshakeMessage($0) }
        #expect(whole.anomalies.isEmpty && whole.message != nil)
        // A Finished (type 20) is not a hello.
        let finished = [UInt8]([20, 0, 0, 1, 0]).withUnsafeBytes { TLSHandshakeParser.parseHandshakeMessage($0) }
        #expect(finished.anomalies == [.tlsUnexpectedHandshakeType])
    }

    @Test("every quic.* anomaly is documented in docs/protocols/quic.md")
    func anomaliesDocumented() throws {
        let anomalies: [ProtocolAnomaly] = [
            .quicNotLongHeader, .quicVersionUnsupported, .quicPacketTruncated, .quicConnectionIDTooLong,
            .quicSampleTooShort, .quicDecryptFailed, .quicReservedBitsSet, .quicFrameUnknown, .quicFrameTruncated,
            .quicCryptoLimit, .quicCryptoGap, .quicHandshakeTableFull,
        ]
        let docs = PackagePaths.docs.appendingPathComponent("protocols/quic.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for anomaly in anomalies { #expect(text.contains("| `\(anomaly.name)` |"), "quic.md lacks \(anomaly.name)") }
    }
}
