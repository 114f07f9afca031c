/// The dispatch of the `FuzzProtocols` libFuzzer target (`Sources/FuzzProtocols/FuzzEntry.swift`), shared with
/// the test that replays its corpus (`Tests/NetVetProtocolsTests/FuzzCorpusReplayTests.swift`).
///
/// Input layout (also that of `Tests/Fuzz/corpus/protocols` and `Tests/Fuzz/regressions/protocols`): byte 0
/// picks the parser family (`Family`, byte modulo its case count, 8), the rest is the message, given to every parser of the
/// family. The fingerprints of parsed TLS hellos live in NetVetFingerprint; the fuzz target adds them.
public enum ProtocolFuzzDispatch {
    /// The parser families, in selector-byte order.
    public enum Family: Int, CaseIterable, Sendable {
        /// DHCPParser and DHCPv6Parser.
        case dhcp
        /// DNSParser (with DNSServiceDiscovery on the result) and NBNSParser.
        case dns
        /// SSDPParser, HTTPParser and UPnPDescriptionParser.
        case http
        /// TLSHandshakeParser.
        case tls
        /// LLDPParser and CDPParser.
        case lldpCDP
        /// BannerParser: SSH, FTP and Telnet.
        case banner
        /// WSDiscoveryParser, SADPParser and DHIPParser (camera and device discovery).
        case discovery
        /// SNMPParser.
        case snmp
    }

    /// What one input produced: a digest of every result, so nothing is optimised away, and the TLS hello
    /// (family `.tls` only) for the caller to fingerprint.
    public struct Outcome {
        /// A sum over the parsed fields and anomaly names.
        public var digest: Int
        /// The parsed TLS hello, when the input was a TLS one.
        public var tls: TLSHandshakeMessage?
        /// How many of the family's parsers returned a message.
        public var messages: Int
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
            touch(HTTPParser.parse(message), into: &outcome)
            touch(UPnPDescriptionParser.parse(message, isComplete: true), into: &outcome)
            touch(UPnPDescriptionParser.parse(message, isComplete: false), into: &outcome)
        case .tls:
            let tls = TLSHandshakeParser.parse(message)
            touch(tls, into: &outcome)
            outcome.tls = tls.message
        case .lldpCDP:
            touch(LLDPParser.parse(message), into: &outcome)
            touch(CDPParser.parse(message), into: &outcome)
        case .banner:
            touch(BannerParser.parseSSH(message), into: &outcome)
            touch(BannerParser.parseFTP(message), into: &outcome)
            touch(BannerParser.parseTelnet(message, isComplete: true), into: &outcome)
            touch(BannerParser.parseTelnet(message, isComplete: false), into: &outcome)
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
