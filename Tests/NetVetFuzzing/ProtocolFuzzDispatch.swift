import NetVetCrypto
import NetVetProtocols

/// The dispatch of the `FuzzProtocols` libFuzzer target (`Sources/FuzzProtocols/FuzzEntry.swift`), shared with
/// the test that replays its corpus (`Tests/NetVetProtocolsTests/FuzzCorpusReplayTests.swift`). Uses only
/// NetVetProtocols' public API.
///
/// Input layout (also that of `Tests/Fuzz/corpus/protocols` and `Tests/Fuzz/regressions/protocols`): byte 0
/// picks the parser family (`Family`, byte modulo its case count, 10), the rest is the message, given to every parser of the
/// family. The fingerprints of parsed TLS hellos live in NetVetFingerprint; the fuzz target adds them.
public enum ProtocolFuzzDispatch {
    /// The parser families, in selector-byte order.
    public enum Family: Int, CaseIterable, Sendable {
        /// DHCPParser and DHCPv6Parser.
        case dhcp
        /// DNSParser (with DNSServiceDiscovery on the result) and NBNSParser.
        case dns
        /// SSDPParser, HTTPParser, UPnPDescriptionParser, CWMPParser and the chunked body decoder.
        case http
        /// TLSHandshakeParser: the first hello, and the server flight up to its Certificate message.
        case tls
        /// LLDPParser and CDPParser.
        case lldpCDP
        /// BannerParser: SSH, FTP and Telnet.
        case banner
        /// QUICParser over a UDP payload (Initials opened with the fixed keys of RFC 9001 Appendix A's DCID),
        /// the frame walker over the raw bytes, and the CRYPTO stream and TLS parser over what they found.
        case quic
        /// WSDiscoveryParser, SADPParser and DHIPParser (camera and device discovery).
        case discovery
        /// SNMPParser.
        case snmp
        /// TuyaParser: the frame alone, and the discovery (decrypted with the public discovery key).
        case tuya
    }

    /// The fixed Initial keys the `quic` family decrypts with: those of RFC 9001 Appendix A's client DCID
    /// 8394c8f03e515708 (client keys for a packet with a DCID, server keys for one without, as in A.3).
    static let quicKeys = (
        client: QUICInitialSecrets.keys(
            version: 1, destinationConnectionID: [0x83, 0x94, 0xC8, 0xF0, 0x3E, 0x51, 0x57, 0x08], side: .client),
        server: QUICInitialSecrets.keys(
            version: 1, destinationConnectionID: [0x83, 0x94, 0xC8, 0xF0, 0x3E, 0x51, 0x57, 0x08], side: .server)
    )

    /// What one input produced: a digest of every result, so nothing is optimised away, and the TLS hello
    /// (families `.tls` and `.quic`) and server certificates (`.tls`) for the caller to fingerprint.
    public struct Outcome {
        /// A sum over the parsed fields and anomaly names.
        public var digest: Int
        /// The parsed TLS hello, when the input was a TLS one (or QUIC CRYPTO data holding one).
        public var tls: TLSHandshakeMessage?
        /// How many of the family's parsers returned a message.
        public var messages: Int
        /// The DER certificates of a TLS server flight (read whole and as a final, cut prefix).
        public var certificates: [[UInt8]] = []
    }

    /// The family byte 0 of `input` selects, or nil for an empty input.
    public static func family(of input: UnsafeRawBufferPointer) -> Family? {
        guard let first = input.first else { return nil }
        return Family(rawValue: Int(first) % Family.allCases.count)
    }

    /// Runs one input (layout above) through every parser of its family. Never traps on any input.
    public static func run(_ input: UnsafeRawBufferPointer) -> Outcome {
        guard let family = family(of: input) else { return Outcome(digest: 0, tls: nil, messages: 0) }
        let message = UnsafeRawBufferPointer(rebasing: input[1...])
        var outcome = Outcome(digest: 0, tls: nil, messages: 0)
        switch family {
        case .dhcp:
            touch(DHCPParser.parse(message), into: &outcome)
            touch(DHCPv6Parser.parse(message), into: &outcome)
        case .dns:
            let dns = DNSParser.parse(message)
            touch(dns, into: &outcome)
            if let parsed = dns.message {
                outcome.digest &+= String(describing: DNSServiceDiscovery(parsed)).utf8.count
            }
            touch(NBNSParser.parse(message), into: &outcome)
        case .http:
            touch(SSDPParser.parse(message), into: &outcome)
            let http = HTTPParser.parse(message)
            touch(http, into: &outcome)
            if let head = http.message {
                let chunked = HTTPBody.isChunked(message, headLength: head.headLength)
                let body = HTTPBody.slice(
                    message, headLength: head.headLength, contentLength: head.contentLength, chunked: chunked)
                outcome.digest &+= body.bytes.count
            }
            touch(UPnPDescriptionParser.parse(message, isComplete: true), into: &outcome)
            touch(UPnPDescriptionParser.parse(message, isComplete: false), into: &outcome)
            touch(CWMPParser.parse(message, isComplete: true), into: &outcome)
            touch(CWMPParser.parse(message, isComplete: false), into: &outcome)
        case .tls:
            let tls = TLSHandshakeParser.parse(message)
            touch(tls, into: &outcome)
            outcome.tls = tls.message
            for isComplete in [false, true] {
                let flight = TLSHandshakeParser.parseServerFlight(message, isComplete: isComplete)
                touch(flight, into: &outcome)
                outcome.certificates += flight.message?.certificates ?? []
            }
        case .lldpCDP:
            touch(LLDPParser.parse(message), into: &outcome)
            touch(CDPParser.parse(message), into: &outcome)
        case .banner:
            touch(BannerParser.parseSSH(message), into: &outcome)
            touch(BannerParser.parseFTP(message), into: &outcome)
            touch(BannerParser.parseTelnet(message, isComplete: true), into: &outcome)
            touch(BannerParser.parseTelnet(message, isComplete: false), into: &outcome)
        case .quic:
            let protection = QUICPacketProtection()
            let datagram = QUICParser.parseDatagram(message, protection: protection) { header in
                header.destinationConnectionID.isEmpty ? quicKeys.server : quicKeys.client
            }
            touch(datagram, into: &outcome)
            touch(QUICParser.parseLongHeader(message), into: &outcome)
            // The frame walker on the raw bytes, so the fuzzer reaches it without forging AEAD tags.
            let frames = QUICParser.parseFrames(message)
            touch(frames, into: &outcome)
            var stream = QUICCryptoStream()
            let fragments =
                (datagram.message?.initials.flatMap(\.frames.cryptoFragments) ?? [])
                + (frames.message?.cryptoFragments ?? [])
            for fragment in fragments { outcome.digest &+= stream.insert(fragment).count }
            let hello = stream.firstHandshakeMessage()
            touch(hello, into: &outcome)
            outcome.tls = hello.message
        case .discovery:
            let wsd = WSDiscoveryParser.parse(message)
            touch(wsd, into: &outcome)
            if let parsed = wsd.message {
                for entry in parsed.entries { outcome.digest &+= entry.onvifScopes.count &+ entry.typeLocalNames.count }
            }
            touch(SADPParser.parse(message), into: &outcome)
            touch(DHIPParser.parse(message), into: &outcome)
        case .snmp:
            let snmp = SNMPParser.parse(message)
            touch(snmp, into: &outcome)
            if let parsed = snmp.message {
                outcome.digest &+= (parsed.systemDescription?.utf8.count ?? 0) &+ (parsed.systemName?.utf8.count ?? 0)
                outcome.digest &+= Int(truncatingIfNeeded: parsed.systemObjectID?.enterpriseNumber ?? 0)
            }
        case .tuya:
            touch(TuyaParser.parseFrame(message), into: &outcome)
            touch(TuyaParser.parse(message, cipher: TuyaDiscoveryCipher()), into: &outcome)
        }
        return outcome
    }

    /// Reads every field of a result (through its description) and its anomalies into `outcome`.
    static func touch<Message>(_ result: ParseResult<Message>, into outcome: inout Outcome) {
        outcome.digest &+= result.anomalies.reduce(0) { $0 &+ $1.name.utf8.count }
        switch result {
        case .message(let message, _):
            outcome.digest &+= String(describing: message).utf8.count
            outcome.messages += 1
        case .needMoreData(let needed): outcome.digest &+= needed ?? -1
        case .malformed: outcome.digest &+= 1
        }
    }
}
