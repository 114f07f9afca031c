import NetVetCrypto
import NetVetFingerprint
import NetVetInventory
import NetVetProtocols
import NetVetWire

/// QUIC v1, v2 and draft-29 Initials (RFC 9000, RFC 9001, RFC 9369): the client's ClientHello (SNI, ALPN,
/// JA4 with the `q` prefix) and the server's ServerHello (JA4S, version, ALPN), joined from the CRYPTO
/// frames of Initial packets decrypted with the keys every observer can derive (RFC 9001 §5.2).
///
/// Handshakes still being joined are kept per flow slot, bounded (`maxPendingHandshakes`, cleared when
/// full and counted as `quic.handshake_table_full`); an entry is freed once both directions are decided.
/// Each entry keeps the client's first Destination Connection ID (both directions' Initial keys derive
/// from it), the keys once derived, and each direction's CRYPTO stream (at most
/// `QUICCryptoStream.maximumLength` bytes).
struct QUICAnalyzer {
    /// Handshakes followed at once.
    static let maxPendingHandshakes = 1024
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

    /// True for a datagram QUIC takes on a port other than 443: one that starts like a version-1 client
    /// Initial (long header, type Initial, version 1, padded to 1200 bytes: RFC 9000 §14.1), or a
    /// long-header answer on a flow with a pending handshake.
    func claims(_ payload: UnsafeRawBufferPointer, slot: Int) -> Bool {
        guard payload.count >= 5, payload[0] & 0x80 != 0 else { return false }
        if payload.count >= 1200, payload[0] & 0xF0 == 0xC0, payload[1] == 0, payload[2] == 0, payload[3] == 0,
            payload[4] == 1
        {
            return true
        }
        return !entries.isEmpty && entries[slot] != nil
    }

    /// Reads the Initials of a QUIC datagram. A decided direction costs one flag test; each direction is
    /// decided at its hello, at its first datagram without an Initial, or after
    /// `maxDatagramsPerDirection` datagrams. The TLS analyzer's caches give the fingerprints.
    mutating func analyze(
        _ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink,
        fingerprints: inout TLSAnalyzer
    ) {
        guard !sink.isDecided(context) else { return }
        let slot = context.flow
        let fromClient = context.fromClient
        let owner = Self.owner(context)
        var entry: Entry
        if let found = entries[slot], found.owner == owner {
            entry = found
        } else if fromClient, let fresh = Self.newEntry(payload, owner: owner) {
            entry = fresh
        } else {
            // Not a QUIC Initial this stage can read (or an answer to none): the direction is decided.
            entries[slot] = nil
            sink.decide(context)
            return
        }
        let decided =
            fromClient
            ? readClient(payload, &entry, context, &sink, &fingerprints)
            : readServer(payload, &entry, context, &sink, &fingerprints)
        if decided {
            // A decided direction's stream is never read again: free its buffer now.
            if fromClient { entry.client = QUICCryptoStream() } else { entry.server = QUICCryptoStream() }
            sink.decide(context)
        }
        if sink.flows.isApplicationDone(at: slot, fromClient: true)
            && sink.flows.isApplicationDone(at: slot, fromClient: false)
        {
            entries[slot] = nil
            return
        }
        if entries[slot] == nil && entries.count >= Self.maxPendingHandshakes {
            // Bounded: a flood of half-open handshakes empties the table rather than growing it.
            entries.removeAll(keepingCapacity: true)
            sink.count([.quicHandshakeTableFull])
        }
        entries[slot] = entry
    }

    /// A new entry for a client datagram whose first packet is an Initial of a version netvet decrypts.
    static func newEntry(_ payload: UnsafeRawBufferPointer, owner: UInt64) -> Entry? {
        guard QUICParser.isLongHeader(payload), case .message(let header, _) = QUICParser.parseLongHeader(payload),
            header.packetType == .initial, QUICInitialSecrets.salt(for: header.version.rawValue) != nil
        else { return nil }
        return Entry(
            owner: owner, version: header.version.rawValue,
            originalDestinationConnectionID: header.destinationConnectionID)
    }

    /// Joins a client datagram's CRYPTO data and records the ClientHello once whole; true when decided.
    mutating func readClient(
        _ payload: UnsafeRawBufferPointer, _ entry: inout Entry, _ context: PacketContext,
        _ sink: inout ObservationSink, _ fingerprints: inout TLSAnalyzer
    ) -> Bool {
        if entry.clientKeys == nil {
            entry.clientKeys = QUICInitialSecrets.keys(
                version: entry.version, destinationConnectionID: entry.originalDestinationConnectionID, side: .client)
        }
        let keys = entry.clientKeys
        guard feed(payload, keys, &entry.client, &entry.clientDatagrams, &sink) else { return true }
        switch entry.client.firstHandshakeMessage() {
        case .needMoreData:
            return Self.giveUpIfStale(entry.clientDatagrams, &sink)
        case .malformed(let anomalies):
            sink.count(anomalies)
            return true
        case .message(let message, let anomalies):
            sink.count(anomalies)
            guard case .clientHello(let hello) = message else { return true }
            let (tcpJA4, ja3) = fingerprints.clientFingerprints(hello)
            // JA4's hashes do not depend on the transport: only the first letter changes (`q`, JA4.md).
            let ja4 = tcpJA4.map { (hashed: "q" + $0.hashed.dropFirst(), raw: "q" + $0.raw.dropFirst()) }
            TLSAnalyzer.recordClientHello(hello, ja4: ja4, ja3: ja3?.hashed, context, &sink)
            sink.record(.quicSNI, hello.serverName, context)
            sink.record(.quicJA4, ja4?.hashed, context)
            return true
        }
    }

    /// Joins a server datagram's CRYPTO data and records the ServerHello once whole; true when decided.
    mutating func readServer(
        _ payload: UnsafeRawBufferPointer, _ entry: inout Entry, _ context: PacketContext,
        _ sink: inout ObservationSink, _ fingerprints: inout TLSAnalyzer
    ) -> Bool {
        if entry.serverKeys == nil {
            entry.serverKeys = QUICInitialSecrets.keys(
                version: entry.version, destinationConnectionID: entry.originalDestinationConnectionID, side: .server)
        }
        let keys = entry.serverKeys
        guard feed(payload, keys, &entry.server, &entry.serverDatagrams, &sink) else { return true }
        switch entry.server.firstHandshakeMessage() {
        case .needMoreData:
            return Self.giveUpIfStale(entry.serverDatagrams, &sink)
        case .malformed(let anomalies):
            sink.count(anomalies)
            return true
        case .message(let message, let anomalies):
            sink.count(anomalies)
            guard case .serverHello(let hello) = message else { return true }
            let (tcpJA4S, ja3s) = fingerprints.serverFingerprints(hello)
            sink.updateFlow(context) { application in
                application.ja4s = tcpJA4S.map { "q" + $0.hashed.dropFirst() }
                application.ja3s = ja3s?.hashed
                application.tlsVersion = TLSAnalyzer.versionName(hello.negotiatedVersion.rawValue)
                application.alpn = hello.selectedALPN.map { String(decoding: $0, as: UTF8.self) }
            }
            return true
        }
    }

    /// Decrypts a datagram's Initials with `keys` and adds their CRYPTO fragments to `stream`; false when
    /// the direction should be decided now (no Initial in it: the handshake moved on, or this is not QUIC).
    func feed(
        _ payload: UnsafeRawBufferPointer, _ keys: QUICPacketKeys?, _ stream: inout QUICCryptoStream,
        _ datagrams: inout Int, _ sink: inout ObservationSink
    ) -> Bool {
        guard let keys else { return false }
        datagrams += 1
        let result = QUICParser.parseDatagram(payload, protection: protection) { header in
            // Initials of both directions use the keys of the client's first DCID (RFC 9001 §5.2).
            header.version.rawValue == 0 ? nil : keys
        }
        sink.count(result.anomalies)
        guard let datagram = result.message, !datagram.initials.isEmpty else {
            if !stream.isEmpty && stream.firstHandshakeMessage().message == nil { sink.count([.quicCryptoGap]) }
            return false
        }
        for packet in datagram.initials {
            for fragment in packet.frames.cryptoFragments { sink.count(stream.insert(fragment)) }
        }
        return true
    }

    /// True (give up, counting `quic.crypto_gap`) once a direction has sent its quota of datagrams
    /// without completing its first message.
    static func giveUpIfStale(_ datagrams: Int, _ sink: inout ObservationSink) -> Bool {
        guard datagrams >= maxDatagramsPerDirection else { return false }
        sink.count([.quicCryptoGap])
        return true
    }

    /// A hash of the flow's client address and port and server port, to tell a reused slot's new flow.
    static func owner(_ context: PacketContext) -> UInt64 {
        var hash = FNV()
        let client = context.fromClient ? context.source : context.destination
        switch client {
        case .v4(let v4): hash.add(UInt64(v4.rawValue))
        case .v6(let v6):
            hash.add(v6.high)
            hash.add(v6.low)
        case nil: hash.add(0)
        }
        let (clientPort, serverPort) =
            context.fromClient
            ? (context.sourcePort, context.destinationPort) : (context.destinationPort, context.sourcePort)
        hash.add(UInt64(clientPort) << 16 | UInt64(serverPort))
        return hash.value
    }
}
