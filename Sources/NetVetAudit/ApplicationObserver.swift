import NetVetDecode
import NetVetFingerprint
import NetVetInventory
import NetVetProtocols
import NetVetWire

/// The application-layer stage: runs the pure parsers of NetVetProtocols on packets that can carry
/// evidence, and turns what they say into device evidence and flow names (STYLE.md §3: parsers stay
/// pure; interpretation lives here).
///
/// TCP directions are reassembled only until their first message is parsed (or given up on), so the
/// steady state of a long connection costs one flag test per packet.
struct ApplicationObserver {
    /// Bytes of each TCP direction's start kept for parsing.
    static let streamPrefixLimit = 4096
    /// (client address, resolved address) pairs remembered from DNS answers, for flow names.
    static let maxResolvedNames = 65_536

    var reassembler = TCPReassembler(prefixLimit: streamPrefixLimit)
    /// Client address and answer address → the name the client looked up.
    var resolvedNames: [ResolvedKey: String] = [:]
    /// Counts of application-layer anomalies by name.
    var anomalies: [String: Int] = [:]

    /// A DNS answer as the client saw it.
    struct ResolvedKey: Hashable {
        var client: IPAddress
        var address: IPAddress
    }

    /// Looks at one packet that belongs to flow `slot`.
    mutating func observe(
        _ packet: DecodedPacket, frame: UnsafeRawBufferPointer, slot: Int, fromClient: Bool, at time: PacketTime,
        devices: inout DeviceTable, flows: inout FlowTable, counts: inout AnomalyCounts
    ) {
        let end = packet.payloadOffset + packet.payloadLength
        // The decoder guarantees this; a bad offset must still never become an out-of-bounds view.
        guard packet.payloadOffset >= 0, end <= frame.count else { return }
        let payload = UnsafeRawBufferPointer(rebasing: frame[packet.payloadOffset..<end])
        switch packet.transport {
        case .udp:
            guard !payload.isEmpty else { return }
            observeDatagram(packet, payload, time, &devices, &counts)
        case .tcp:
            observeStream(packet, payload, slot, fromClient, time, &devices, &flows, &counts)
        default:
            return
        }
    }

    // MARK: - UDP

    private mutating func observeDatagram(
        _ packet: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ time: PacketTime, _ devices: inout DeviceTable,
        _ counts: inout AnomalyCounts
    ) {
        let ports = (packet.sourcePort, packet.destinationPort)
        let sender = packet.sourceMAC
        func evidence(_ source: String, _ field: String, _ value: String?) {
            guard let sender, let value else { return }
            devices.addEvidence(sender, source: source, field: field, value: value, at: time, anomalies: &counts)
        }
        switch ports {
        case (68, 67), (67, 68):
            let result = DHCPParser.parse(payload)
            count(result.anomalies)
            // Only a client's own requests describe the client.
            guard let message = result.message, message.operation == .bootRequest else { return }
            evidence("dhcp", "hostname", message.hostName)
            evidence("dhcp", "vendor_class", message.vendorClassIdentifier)
            if message.parameterRequestList != nil { evidence("dhcp", "parameter_request_list", message.fingerprint) }
            evidence("dhcp", "client_fqdn", message.clientFQDN?.name)
        case (546, 547):
            let result = DHCPv6Parser.parse(payload)
            count(result.anomalies)
            guard let message = result.message?.innermostMessage else { return }
            evidence("dhcpv6", "client_fqdn", message.clientFQDN?.name)
            if let vendor = message.vendorClass {
                evidence("dhcpv6", "vendor_class", "\(vendor.enterpriseNumber):" + vendor.data.joined(separator: ","))
            }
            if case .enterprise(let number, _) = message.clientID {
                evidence("dhcpv6", "duid_enterprise", String(number))
            }
            if let options = message.optionRequest {
                evidence("dhcpv6", "option_request", options.map(String.init).joined(separator: ","))
            }
        case (_, 53), (53, _), (5353, _), (_, 5353), (5355, _), (_, 5355):
            let result = DNSParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message else { return }
            let multicast = ports.0 == 5353 || ports.1 == 5353
            if multicast {
                observeMDNS(message, evidence)
            } else if message.header.isResponse {
                rememberAnswers(message, client: packet.destinationIP)
            } else if ports.1 == 53 {
                for question in message.questions.prefix(4) { evidence("dns", "query", question.name.normalized) }
            }
        case (137, 137), (_, 137):
            let result = NBNSParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message else { return }
            // A registration or a response names the sender; a query names someone else.
            let own = message.isResponse ? message.answers : message.additionals
            for record in own.prefix(4) { evidence("nbns", "name", record.name?.description) }
        case (1900, _), (_, 1900):
            let result = SSDPParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message, message.isNotify || message.isResponse else { return }
            evidence("ssdp", "server", message.server)
            evidence("ssdp", "location", message.location)
            evidence("ssdp", "notification_type", message.notificationType ?? message.searchTarget)
        default:
            return
        }
    }

    /// mDNS responses describe the responder: its host names, service types, instances and the TXT
    /// keys that name devices (`md`, `ty`, `usb_MFG`, ...).
    private func observeMDNS(_ message: DNSMessage, _ evidence: (String, String, String?) -> Void) {
        guard message.header.isResponse else { return }
        let discovery = DNSServiceDiscovery(message)
        for service in discovery.serviceTypes.prefix(8) { evidence("mdns", "service", service) }
        for instance in discovery.instanceNames.prefix(8) {
            evidence("mdns", "instance", instance)
            for (key, value) in discovery.deviceNamingAttributes(of: instance).sorted(by: { $0.key < $1.key }) {
                evidence("mdns", "txt." + key, value)
            }
        }
        for record in message.allRecords.prefix(32) {
            switch record.data {
            case .ipv4, .ipv6: evidence("mdns", "hostname", record.name.normalized)
            default: continue
            }
        }
    }

    /// Keeps (client, answer address) → the name asked, so flows to that address get a name.
    private mutating func rememberAnswers(_ message: DNSMessage, client: IPAddress?) {
        guard let client, let asked = message.questions.first?.name.normalized else { return }
        for answer in message.answers.prefix(32) {
            let address: IPAddress
            switch answer.data {
            case .ipv4(let v4): address = .v4(v4)
            case .ipv6(let v6): address = .v6(v6)
            default: continue
            }
            let key = ResolvedKey(client: client, address: address)
            // Bounded: once full, only names already known are refreshed.
            if resolvedNames[key] != nil || resolvedNames.count < Self.maxResolvedNames { resolvedNames[key] = asked }
        }
    }

    // MARK: - TCP

    private mutating func observeStream(
        _ packet: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ slot: Int, _ fromClient: Bool,
        _ time: PacketTime, _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) {
        let application = flows.flow(at: slot).application
        guard fromClient ? !application.clientDone : !application.serverDone,
            let source = packet.sourceIP, let destination = packet.destinationIP
        else { return }
        let key = StreamKey(
            source: source, sourcePort: packet.sourcePort, destination: destination,
            destinationPort: packet.destinationPort)
        guard reassembler.ingest(key, sequence: packet.tcpSequence, flags: packet.tcpFlags, payload: payload) == .grew
        else { return }
        let prefix = reassembler.prefix(of: key)
        let done: Bool
        if prefix.first == 0x16 {
            done = observeTLS(prefix, fromClient, slot, packet.sourceMAC, time, &devices, &flows, &counts)
        } else if let first = prefix.first, first >= 0x41, first <= 0x5A {
            // Upper-case ASCII: a request method or `HTTP/` / `RTSP/` status line may follow.
            done = observeHTTP(prefix, fromClient, slot, packet.sourceMAC, time, &devices, &flows, &counts)
        } else {
            // Not a protocol this stage reads from a stream start: stop reassembling this direction.
            done = true
        }
        if done || reassembler.isFinished(key) {
            reassembler.remove(key)
            flows.updateApplication(at: slot) { application in
                if fromClient { application.clientDone = true } else { application.serverDone = true }
            }
        }
    }

    /// Parses a TLS ClientHello (client side) or ServerHello; returns true once the direction is decided.
    private mutating func observeTLS(
        _ prefix: [UInt8], _ fromClient: Bool, _ slot: Int, _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> Bool {
        let result = TLSHandshakeParser.parse(prefix)
        switch result {
        case .needMoreData:
            return false
        case .malformed(let anomalies):
            count(anomalies)
            return true
        case .message(.clientHello(let hello), let anomalies):
            count(anomalies)
            let ja4 = JA4.fingerprint(of: hello)
            let ja3 = JA3.fingerprint(of: hello)
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
                    devices.addEvidence(sender, source: "tls", field: field, value: value, at: time, anomalies: &counts)
                }
            }
            return true
        case .message(.serverHello(let hello), let anomalies):
            count(anomalies)
            let ja4s = JA4S.fingerprint(of: hello)
            let ja3s = JA3S.fingerprint(of: hello)
            flows.updateApplication(at: slot) { application in
                application.ja4s = ja4s?.hashed
                application.ja3s = ja3s?.hashed
                application.tlsVersion = Self.versionName(hello.negotiatedVersion.rawValue)
                application.alpn = hello.selectedALPN.map { String(decoding: $0, as: UTF8.self) }
            }
            return true
        }
    }

    /// Parses an HTTP/1.x or RTSP request head (client side) or response head; returns true once the
    /// direction is decided. Credentials are never kept: only the scheme, and whether it is Basic (clear).
    private mutating func observeHTTP(
        _ prefix: [UInt8], _ fromClient: Bool, _ slot: Int, _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> Bool {
        let message: HTTPMessage
        switch prefix.withUnsafeBytes({ HTTPParser.parse($0) }) {
        case .needMoreData:
            return false
        case .malformed(let anomalies):
            count(anomalies)
            return true
        case .message(let parsed, let anomalies):
            count(anomalies)
            message = parsed
        }
        let source = message.protocol.rawValue.lowercased()
        func evidence(_ field: String, _ value: String?) {
            guard let sender, let value else { return }
            devices.addEvidence(sender, source: source, field: field, value: value, at: time, anomalies: &counts)
        }
        if message.isRequest {
            flows.updateApplication(at: slot) { application in
                application.httpHost = message.host
                application.userAgent = message.userAgent
            }
            evidence("user_agent", message.userAgent)
            if let authorization = message.authorization {
                evidence("authorization", authorization.scheme.description)
                if authorization.credentialsInClear {
                    evidence("credentials_in_clear", authorization.scheme.description)
                }
            }
        } else {
            flows.updateApplication(at: slot) { $0.httpServer = message.server }
            evidence("server", message.server)
            for challenge in message.authenticationChallenges.prefix(2) {
                evidence(
                    "www_authenticate", challenge.scheme.description + (challenge.realm.map { " realm=\($0)" } ?? ""))
            }
        }
        return true
    }

    /// `1.3`, `1.2`, `1.1`, `1.0`, `ssl3`, or the hex value.
    static func versionName(_ value: UInt16) -> String {
        switch value {
        case 0x0304: return "1.3"
        case 0x0303: return "1.2"
        case 0x0302: return "1.1"
        case 0x0301: return "1.0"
        case 0x0300: return "ssl3"
        default: return "0x" + String(value, radix: 16)
        }
    }

    private mutating func count(_ found: [ProtocolAnomaly]) {
        for anomaly in found { anomalies[anomaly.name, default: 0] += 1 }
    }
}
