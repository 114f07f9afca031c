import NetVetCrypto
import NetVetDecode
import NetVetFingerprint
import NetVetInventory
import NetVetProtocols
import NetVetWire

/// QUIC handshakes whose first TLS messages are still being joined from Initial packets, keyed by flow slot.
///
/// Bounded (`maxPendingQUICHandshakes`, cleared when full and counted as `quic.handshake_table_full`);
/// an entry is freed once both directions are decided. Each entry keeps the client's first Destination
/// Connection ID (both directions' Initial keys derive from it, RFC 9001 §5.2), the keys once derived,
/// and each direction's CRYPTO stream (at most `QUICCryptoStream.maximumLength` bytes).
struct QUICHandshakeTable {
    /// Handshakes followed at once.
    static let maxPendingQUICHandshakes = 1024
    /// Datagrams read per direction before a handshake whose first message is still incomplete is given up.
    static let maxDatagramsPerDirection = 8

    /// One connection's pending handshake.
    struct Entry {
        /// Which flow owns the slot (client address and port, server port): a reused slot starts afresh.
        var owner: UInt64
        var version: UInt32
        var originalDestinationConnectionID: [UInt8]
        var clientKeys: QUICPacketKeys?
        var serverKeys: QUICPacketKeys?
        var client = QUICCryptoStream()
        var server = QUICCryptoStream()
        var clientDatagrams = 0
        var serverDatagrams = 0
    }

    /// The AEAD and header-protection engine (one OpenSSL context, reused).
    let protection = QUICPacketProtection()
    var entries: [Int: Entry] = [:]
}

extension ApplicationObserver {
    /// True for a datagram the QUIC stage takes: UDP port 443 at either end, a datagram that starts like a
    /// version-1 client Initial (long header, type Initial, version 1, padded to 1200 bytes: RFC 9000
    /// §14.1) on another port, or a long-header answer on a flow with a pending handshake.
    func isQUICDatagram(_ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer, slot: Int) -> Bool {
        if packet.sourcePort == 443 || packet.destinationPort == 443 { return true }
        guard payload.count >= 5, payload[0] & 0x80 != 0 else { return false }
        if payload.count >= 1200, payload[0] & 0xF0 == 0xC0, payload[1] == 0, payload[2] == 0, payload[3] == 0,
            payload[4] == 1
        {
            return true
        }
        return !quic.entries.isEmpty && quic.entries[slot] != nil
    }

    /// Reads the Initials of a QUIC datagram of flow `slot`: the client's ClientHello (SNI, ALPN, JA4 with
    /// the `q` prefix) and the server's ServerHello (JA4S, version, ALPN). A decided direction costs one
    /// flag test; each direction is decided at its hello, at its first datagram without an Initial, or
    /// after `maxDatagramsPerDirection` datagrams.
    mutating func observeQUIC(
        _ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer, _ slot: Int, _ fromClient: Bool,
        _ time: PacketTime, _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) {
        guard !flows.isApplicationDone(at: slot, fromClient: fromClient) else { return }
        let owner = Self.quicOwner(&packet, fromClient: fromClient)
        var entry: QUICHandshakeTable.Entry
        if let found = quic.entries[slot], found.owner == owner {
            entry = found
        } else if fromClient, let fresh = newQUICEntry(payload, owner: owner) {
            entry = fresh
        } else {
            // Not a QUIC Initial this stage can read (or an answer to none): the direction is decided.
            quic.entries[slot] = nil
            flows.updateApplication(at: slot) { application in
                if fromClient { application.clientDone = true } else { application.serverDone = true }
            }
            return
        }
        let decided =
            fromClient
            ? readQUICClient(payload, &entry, slot, packet.sourceMAC, time, &devices, &flows, &counts)
            : readQUICServer(payload, &entry, slot, &flows)
        if decided {
            // A decided direction's stream is never read again: free its buffer now.
            if fromClient { entry.client = QUICCryptoStream() } else { entry.server = QUICCryptoStream() }
            flows.updateApplication(at: slot) { application in
                if fromClient { application.clientDone = true } else { application.serverDone = true }
            }
        }
        if flows.isApplicationDone(at: slot, fromClient: true) && flows.isApplicationDone(at: slot, fromClient: false) {
            quic.entries[slot] = nil
            return
        }
        if quic.entries[slot] == nil && quic.entries.count >= QUICHandshakeTable.maxPendingQUICHandshakes {
            // Bounded: a flood of half-open handshakes empties the table rather than growing it.
            quic.entries.removeAll(keepingCapacity: true)
            count([.quicHandshakeTableFull])
        }
        quic.entries[slot] = entry
    }

    /// A new entry for a client datagram whose first packet is an Initial of a version netvet decrypts.
    func newQUICEntry(_ payload: UnsafeRawBufferPointer, owner: UInt64) -> QUICHandshakeTable.Entry? {
        guard QUICParser.isLongHeader(payload), case .message(let header, _) = QUICParser.parseLongHeader(payload),
            header.packetType == .initial, QUICInitialSecrets.salt(for: header.version.rawValue) != nil
        else { return nil }
        return QUICHandshakeTable.Entry(
            owner: owner, version: header.version.rawValue,
            originalDestinationConnectionID: header.destinationConnectionID)
    }

    /// Joins a client datagram's CRYPTO data and records the ClientHello once whole; true when decided.
    mutating func readQUICClient(
        _ payload: UnsafeRawBufferPointer, _ entry: inout QUICHandshakeTable.Entry, _ slot: Int,
        _ sender: MACAddress?, _ time: PacketTime, _ devices: inout DeviceTable, _ flows: inout FlowTable,
        _ counts: inout AnomalyCounts
    ) -> Bool {
        if entry.clientKeys == nil {
            entry.clientKeys = QUICInitialSecrets.keys(
                version: entry.version, destinationConnectionID: entry.originalDestinationConnectionID, side: .client)
        }
        let keys = entry.clientKeys
        guard feed(payload, keys, &entry.client, &entry.clientDatagrams) else { return true }
        switch entry.client.firstHandshakeMessage() {
        case .needMoreData:
            return giveUpIfStale(entry.client, entry.clientDatagrams)
        case .malformed(let anomalies):
            count(anomalies)
            return true
        case .message(let message, let anomalies):
            count(anomalies)
            guard case .clientHello(let hello) = message else { return true }
            let (tcpJA4, ja3) = clientFingerprints(hello)
            // JA4's hashes do not depend on the transport: only the first letter changes (`q`, JA4.md).
            let ja4 = tcpJA4.map { (hashed: "q" + $0.hashed.dropFirst(), raw: "q" + $0.raw.dropFirst()) }
            flows.updateApplication(at: slot) { application in
                application.sni = hello.serverName
                application.ja4 = ja4?.hashed
                application.ja4Raw = ja4?.raw
                application.ja3 = ja3?.hashed
                application.alpnOffered = hello.alpnProtocolNames
            }
            if let sender {
                for (field, value) in [("sni", hello.serverName), ("ja4", ja4?.hashed)] {
                    guard let value else { continue }
                    devices.addEvidence(
                        sender, source: "quic", field: field, value: value, at: time, anomalies: &counts)
                }
            }
            return true
        }
    }

    /// Joins a server datagram's CRYPTO data and records the ServerHello once whole; true when decided.
    mutating func readQUICServer(
        _ payload: UnsafeRawBufferPointer, _ entry: inout QUICHandshakeTable.Entry, _ slot: Int,
        _ flows: inout FlowTable
    ) -> Bool {
        if entry.serverKeys == nil {
            entry.serverKeys = QUICInitialSecrets.keys(
                version: entry.version, destinationConnectionID: entry.originalDestinationConnectionID, side: .server)
        }
        let keys = entry.serverKeys
        guard feed(payload, keys, &entry.server, &entry.serverDatagrams) else { return true }
        switch entry.server.firstHandshakeMessage() {
        case .needMoreData:
            return giveUpIfStale(entry.server, entry.serverDatagrams)
        case .malformed(let anomalies):
            count(anomalies)
            return true
        case .message(let message, let anomalies):
            count(anomalies)
            guard case .serverHello(let hello) = message else { return true }
            let (tcpJA4S, ja3s) = serverFingerprints(hello)
            flows.updateApplication(at: slot) { application in
                application.ja4s = tcpJA4S.map { "q" + $0.hashed.dropFirst() }
                application.ja3s = ja3s?.hashed
                application.tlsVersion = Self.versionName(hello.negotiatedVersion.rawValue)
                application.alpn = hello.selectedALPN.map { String(decoding: $0, as: UTF8.self) }
            }
            return true
        }
    }

    /// Decrypts a datagram's Initials with `keys` and adds their CRYPTO fragments to `stream`; false when
    /// the direction should be decided now (no Initial in it: the handshake moved on, or this is not QUIC).
    mutating func feed(
        _ payload: UnsafeRawBufferPointer, _ keys: QUICPacketKeys?, _ stream: inout QUICCryptoStream,
        _ datagrams: inout Int
    ) -> Bool {
        guard let keys else { return false }
        datagrams += 1
        let result = QUICParser.parseDatagram(payload, protection: quic.protection) { header in
            // Initials of both directions use the keys of the client's first DCID (RFC 9001 §5.2).
            header.version.rawValue == 0 ? nil : keys
        }
        count(result.anomalies)
        guard let datagram = result.message, !datagram.initials.isEmpty else {
            if !stream.isEmpty && stream.firstHandshakeMessage().message == nil { count([.quicCryptoGap]) }
            return false
        }
        for packet in datagram.initials {
            for fragment in packet.frames.cryptoFragments { count(stream.insert(fragment)) }
        }
        return true
    }

    /// True (give up, counting `quic.crypto_gap`) once a direction has sent its quota of datagrams
    /// without completing its first message.
    mutating func giveUpIfStale(_ stream: QUICCryptoStream, _ datagrams: Int) -> Bool {
        guard datagrams >= QUICHandshakeTable.maxDatagramsPerDirection else { return false }
        count([.quicCryptoGap])
        return true
    }

    /// A hash of the flow's client address and port and server port, to tell a reused slot's new flow.
    static func quicOwner(_ packet: inout DecodedPacket, fromClient: Bool) -> UInt64 {
        var hash = FNV()
        let client = fromClient ? packet.sourceIP : packet.destinationIP
        switch client {
        case .v4(let v4): hash.add(UInt64(v4.rawValue))
        case .v6(let v6):
            hash.add(v6.high)
            hash.add(v6.low)
        case nil: hash.add(0)
        }
        let ports =
            fromClient ? (packet.sourcePort, packet.destinationPort) : (packet.destinationPort, packet.sourcePort)
        hash.add(UInt64(ports.0) << 16 | UInt64(ports.1))
        return hash.value
    }
}
