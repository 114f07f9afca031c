import NetVetCrypto
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
    /// Hashes of recent datagrams already parsed (direct-mapped, allocated once): a device repeats its
    /// announcements and lookups, and a repeat carries no new evidence, so it is not parsed again.
    var recentDatagrams = [UInt64](repeating: 0, count: Self.recentDatagramSlots)
    /// Fingerprints of ClientHellos and ServerHellos already computed, keyed by a hash of the fields they
    /// depend on: a client's every connection repeats them, and JA4 needs two SHA-256s. Bounded: cleared
    /// when full.
    var ja4Cache: [UInt64: JA4Fingerprint?] = [:]
    var ja3Cache: [UInt64: JA3Fingerprint?] = [:]
    var serverFingerprints: [UInt64: (ja4s: JA4SFingerprint?, ja3s: JA3Fingerprint?)] = [:]
    static let maxCachedFingerprints = 4096
    /// Leaf certificates already read (X.509 facts and JA4X), by a hash of their DER; bounded like the rest.
    var certificateCache: [UInt64: ServerCertificate?] = [:]
    /// True while `inspect` runs on a stream prefix that will not grow (its limit was reached).
    var prefixIsFinal = false
    /// SSDP LOCATION paths (ApplicationObserver+Bodies.swift), bounded by `maxDescriptionLocations`.
    var descriptionLocations = Set<String>()
    /// QUIC handshakes still being joined from Initial packets (ApplicationObserver+QUIC.swift).
    var quic = QUICHandshakeTable()
    /// The Tuya discovery cipher (ApplicationObserver+Tuya.swift): one OpenSSL context, reused.
    let tuyaCipher = TuyaDiscoveryCipher()

    /// Slots in `recentDatagrams` (a power of two).
    static let recentDatagramSlots = 1 << 18
    /// Slots per set of `recentDatagrams`.
    static let recentDatagramWays = 4

    /// A DNS answer as the client saw it.
    struct ResolvedKey: Hashable {
        var client: IPAddress
        var address: IPAddress

        /// One word into the hasher instead of the derived walk over two enums (each case tag and
        /// payload combined separately): every DNS answer inserts a key.
        func hash(into hasher: inout Hasher) {
            var fold = FNV()
            fold.add(client)
            fold.add(address)
            hasher.combine(fold.value)
        }
    }

    /// Looks at one packet that belongs to flow `slot`. (`packet` is `inout` only to be passed by address,
    /// see `FlowTable.observe(decoded:at:)`; it is not modified.)
    mutating func observe(
        _ packet: inout DecodedPacket, frame: UnsafeRawBufferPointer, slot: Int, fromClient: Bool, at time: PacketTime,
        devices: inout DeviceTable, flows: inout FlowTable, counts: inout AnomalyCounts
    ) {
        let end = packet.payloadOffset + packet.payloadLength
        // The decoder guarantees this; a bad offset must still never become an out-of-bounds view.
        guard packet.payloadOffset >= 0, end <= frame.count else { return }
        let payload = UnsafeRawBufferPointer(rebasing: frame[packet.payloadOffset..<end])
        switch packet.transport {
        case .udp:
            guard !payload.isEmpty else { return }
            if isQUICDatagram(&packet, payload, slot: slot) {
                return observeQUIC(&packet, payload, slot, fromClient, time, &devices, &flows, &counts)
            }
            observeDatagram(&packet, payload, time, &devices, &counts)
        case .tcp:
            observeStream(&packet, payload, slot, fromClient, time, &devices, &flows, &counts)
        default:
            return
        }
    }

    // MARK: - Link layer

    /// LLDP and CDP announce the sender's name, platform, software and capabilities: evidence about the
    /// frame's source MAC (a switch, router, phone or camera).
    mutating func observeLink(
        _ packet: inout DecodedPacket, frame: UnsafeRawBufferPointer, at time: PacketTime, devices: inout DeviceTable,
        counts: inout AnomalyCounts
    ) {
        let end = packet.linkPayloadOffset + packet.linkPayloadLength
        // The decoder guarantees this; a bad offset must still never become an out-of-bounds view.
        guard let sender = packet.sourceMAC, packet.linkPayloadOffset >= 0, end <= frame.count,
            packet.etherType == EtherType.lldp || packet.etherType == EtherType.cdp
        else { return }
        let payload = UnsafeRawBufferPointer(rebasing: frame[packet.linkPayloadOffset..<end])
        // Announcements repeat every 30-60 s unchanged: parse each distinct one once.
        if isRepeat(
            payload, sender: sender, source: nil, destination: nil, ports: (0, packet.etherType), ignoring: 0..<0)
        {
            return
        }
        func evidence(_ source: String, _ field: String, _ value: String?) {
            guard let value else { return }
            devices.addEvidence(sender, source: source, field: field, value: value, at: time, anomalies: &counts)
        }
        if packet.etherType == EtherType.lldp {
            let result = LLDPParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message else { return }
            evidence("lldp", "system_name", message.systemName)
            evidence("lldp", "system_description", message.systemDescription)
            evidence("lldp", "port_description", message.portDescription)
            if let enabled = message.enabledCapabilities ?? message.capabilities, !enabled.names.isEmpty {
                evidence("lldp", "capabilities", enabled.names.joined(separator: ","))
            }
            for address in message.managementAddresses.prefix(2) {
                evidence("lldp", "management_address", address.address?.description)
            }
            if let inventory = message.inventory {
                evidence("lldp", "manufacturer", inventory.manufacturerName)
                evidence("lldp", "model", inventory.modelName)
                evidence("lldp", "firmware", inventory.firmwareRevision)
                evidence("lldp", "software", inventory.softwareRevision)
                evidence("lldp", "hardware", inventory.hardwareRevision)
            }
        } else {
            let result = CDPParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message else { return }
            evidence("cdp", "device_id", message.deviceID)
            evidence("cdp", "platform", message.platform)
            evidence("cdp", "software_version", message.softwareVersion)
            evidence("cdp", "port", message.portID)
        }
    }

    // MARK: - UDP

    mutating func observeDatagram(
        _ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer, _ time: PacketTime,
        _ devices: inout DeviceTable,
        _ counts: inout AnomalyCounts
    ) {
        let ports = (packet.sourcePort, packet.destinationPort)
        let sender = packet.sourceMAC
        // Transaction ids change in every retry (DNS bytes 0-1, DHCP xid and secs at 4-9): they are left
        // out of the comparison so that a repeated question or announcement is recognised.
        let isDHCP = ports == (68, 67) || ports == (67, 68)
        let isDNS = Self.isDNSPort(ports.0) || Self.isDNSPort(ports.1)
        // Only datagrams of the protocols read below are worth hashing (QUIC and media are not).
        guard
            isDHCP || isDNS || ports == (546, 547) || ports.1 == 137 || ports.0 == 1900 || ports.1 == 1900
                || Self.isDiscoveryPort(ports) || Self.isTuyaPort(ports.1)
        else {
            return
        }
        let volatile = isDHCP ? 4..<10 : isDNS ? 0..<2 : 0..<0
        // A client asks from a new port each time and a resolver's TTLs count down: for unicast DNS and
        // LLMNR, the client's port and the TTLs are left out too, so a repeated lookup is not parsed again.
        let unicastDNS = isDNS && ports.0 != 5353 && ports.1 != 5353
        var keyPorts =
            unicastDNS ? (Self.isDNSPort(ports.0) ? ports.0 : 0, Self.isDNSPort(ports.1) ? ports.1 : 0) : ports
        var keyDestination = packet.destinationIP
        if ports.0 == 1900 || ports.1 == 1900 {
            // An M-SEARCH says what its sender looks for, not what it is: not read.
            if payload.starts(with: "M-SEARCH".utf8) { return }
            // A device answers each searcher with the same response: who asked is left out of the key.
            if ports.0 == 1900 {
                keyPorts = (1900, 0)
                keyDestination = nil
            }
        }
        if isRepeat(
            payload, sender: sender, source: packet.sourceIP, destination: keyDestination, ports: keyPorts,
            ignoring: volatile, stableDNS: unicastDNS)
        {
            return
        }
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
            // A unicast query from port 5353 to a server on 53 is plain DNS, not mDNS.
            let multicast = ports.0 != 53 && ports.1 != 53 && (ports.0 == 5353 || ports.1 == 5353)
            if multicast {
                observeMDNS(message, evidence)
            } else if message.header.isResponse {
                rememberAnswers(message, client: packet.destinationIP)
            } else if ports.1 == 53 {
                for question in message.questions.prefix(4) { evidence("dns", "query", question.name.normalized) }
            }
        case (_, 137):
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
            rememberDescriptionLocation(message.location)
            evidence("ssdp", "notification_type", message.notificationType ?? message.searchTarget)
        case (_, 6666), (_, 6667):
            observeTuya(payload, evidence)
        default:
            observeDiscovery(ports, payload, evidence)
        }
    }

    /// mDNS responses describe the responder: its host names, service types, instances and the TXT
    /// keys that name devices (`md`, `ty`, `usb_MFG`, ...).
    func observeMDNS(_ message: DNSMessage, _ evidence: (String, String, String?) -> Void) {
        guard message.header.isResponse else { return }
        let discovery = DNSServiceDiscovery(message)
        for service in discovery.serviceTypes.prefix(8) { evidence("mdns", "service", service) }
        for instance in discovery.instanceNames.prefix(8) {
            evidence("mdns", "instance", instance)
            for (key, value) in discovery.deviceNamingAttributes(of: instance).sorted(by: { $0.key < $1.key }) {
                evidence("mdns", "txt." + key, value)
            }
        }
        // The first 32 records of the three sections, in order (not `allRecords`, nor an array literal of
        // the sections: each is a new array per message).
        var remaining = 32
        func hostNames(_ section: [DNSResourceRecord]) {
            for record in section.prefix(remaining) {
                switch record.data {
                case .ipv4, .ipv6: evidence("mdns", "hostname", record.name.normalized)
                default: break
                }
            }
            remaining -= min(section.count, remaining)
        }
        hostNames(message.answers)
        hostNames(message.authorities)
        hostNames(message.additionals)
    }

    /// Keeps (client, answer address) → the name asked, so flows to that address get a name.
    mutating func rememberAnswers(_ message: DNSMessage, client: IPAddress?) {
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

    mutating func observeStream(
        _ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer, _ slot: Int, _ fromClient: Bool,
        _ time: PacketTime, _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) {
        guard !flows.isApplicationDone(at: slot, fromClient: fromClient),
            let source = packet.sourceIP, let destination = packet.destinationIP
        else { return }
        let key = StreamKey(
            source: source, sourcePort: packet.sourcePort, destination: destination,
            destinationPort: packet.destinationPort)
        let ports = (packet.sourcePort, packet.destinationPort)
        var done = false
        if !payload.isEmpty, reassembler.startsStream(key, sequence: packet.tcpSequence, flags: packet.tcpFlags) {
            // Most first messages fit in their first segment: parse it in place, with no copy, and only
            // buffer it when more is needed.
            let verdict = inspect(payload, fromClient, ports, slot, packet.sourceMAC, time, &devices, &flows, &counts)
            done = verdict ?? true
            if !done {
                // More is needed: buffer this segment; the next one re-parses the grown prefix.
                _ = reassembler.ingest(key, sequence: packet.tcpSequence, flags: packet.tcpFlags, payload: payload)
                // A segment that alone filled the prefix (TSO/GRO captures) gets no next parse: decide now.
                guard reassembler.isFinished(key) else { return }
                prefixIsFinal = true
                done =
                    inspect(payload, fromClient, ports, slot, packet.sourceMAC, time, &devices, &flows, &counts) ?? true
                prefixIsFinal = false
            }
        }
        if !done {
            guard
                reassembler.ingest(key, sequence: packet.tcpSequence, flags: packet.tcpFlags, payload: payload) == .grew
            else { return }
            let prefix = reassembler.prefix(of: key)
            prefixIsFinal = reassembler.isFinished(key)
            done =
                prefix.withUnsafeBytes {
                    inspect($0, fromClient, ports, slot, packet.sourceMAC, time, &devices, &flows, &counts)
                }
                ?? true
            prefixIsFinal = false
            done = done || reassembler.isFinished(key)
        }
        if done {
            reassembler.remove(key)
            flows.updateApplication(at: slot) { application in
                if fromClient { application.clientDone = true } else { application.serverDone = true }
            }
        }
    }

    /// Tries the stream parsers on the start of a direction: true when decided (parsed or not parsable),
    /// false when more bytes are needed, `nil` when the bytes are no protocol this stage reads.
    mutating func inspect(
        _ start: UnsafeRawBufferPointer, _ fromClient: Bool, _ ports: (UInt16, UInt16), _ slot: Int,
        _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> Bool? {
        guard let first = start.first else { return false }
        if let dns = observeDNSStream(start, fromClient, ports, slot, sender, time, &devices, &flows, &counts) {
            return dns
        }
        if first == 0x16 { return observeTLS(start, fromClient, slot, sender, time, &devices, &flows, &counts) }
        if let banner = observeBanner(start, fromClient, ports, sender, time, &devices, &counts) { return banner }
        switch Self.httpStart(start) {
        case .some(true): return observeHTTP(start, fromClient, slot, sender, time, &devices, &flows, &counts)
        case .some(false): return false
        case .none: return nil
        }
    }

    /// Server banners (and SSH client identifications): true once decided, false if more is needed, nil
    /// when the start is not a banner this stage reads. FTP and Telnet are read from ports 21 and 23 only.
    mutating func observeBanner(
        _ start: UnsafeRawBufferPointer, _ fromClient: Bool, _ ports: (UInt16, UInt16), _ sender: MACAddress?,
        _ time: PacketTime, _ devices: inout DeviceTable, _ counts: inout AnomalyCounts
    ) -> Bool? {
        func decided<Message>(_ result: ParseResult<Message>, _ record: (Message) -> Void) -> Bool {
            switch result {
            case .needMoreData: return false
            case .malformed(let anomalies):
                count(anomalies)
                return true
            case .message(let message, let anomalies):
                count(anomalies)
                record(message)
                return true
            }
        }
        func evidence(_ source: String, _ field: String, _ value: String) {
            guard let sender, !value.isEmpty else { return }
            devices.addEvidence(sender, source: source, field: field, value: value, at: time, anomalies: &counts)
        }
        if start.count >= 4 ? start.starts(with: "SSH-".utf8) : "SSH-".utf8.starts(with: start) {
            return decided(BannerParser.parseSSH(start)) { identification in
                let comments = identification.comments.map { " " + $0 } ?? ""
                evidence("ssh", fromClient ? "client" : "server", identification.softwareVersion + comments)
            }
        }
        if !fromClient && ports.0 == 21 {
            return decided(BannerParser.parseFTP(start)) { greeting in evidence("ftp", "greeting", greeting.text) }
        }
        if !fromClient && ports.0 == 23 {
            return decided(BannerParser.parseTelnet(start, isComplete: false)) { banner in
                evidence("telnet", "banner", banner.firstLine ?? "")
            }
        }
        return nil
    }

    /// Parses a TLS ClientHello (client side) or ServerHello; returns true once the direction is decided.
    mutating func observeTLS(
        _ prefix: UnsafeRawBufferPointer, _ fromClient: Bool, _ slot: Int, _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> Bool {
        // The server's flight goes on past its ServerHello to the certificate (ApplicationObserver+TLS.swift).
        if !fromClient, let decided = observeServerFlight(prefix, slot, sender, time, &devices, &flows, &counts) {
            return decided
        }
        let result = TLSHandshakeParser.parse(prefix)
        switch result {
        case .needMoreData:
            return false
        case .malformed(let anomalies):
            count(anomalies)
            return true
        case .message(.clientHello(let hello), let anomalies):
            count(anomalies)
            let (ja4, ja3) = clientFingerprints(hello)
            flows.updateApplication(at: slot) { application in
                application.sni = hello.serverName
                application.ja4 = ja4?.hashed
                application.ja4Raw = ja4?.raw
                application.ja3 = ja3?.hashed
                application.alpnOffered = hello.alpnProtocolNames
            }
            if let sender {
                // Two calls, not a loop over an array literal of pairs (an allocation per hello).
                if let name = hello.serverName {
                    devices.addEvidence(sender, source: "tls", field: "sni", value: name, at: time, anomalies: &counts)
                }
                if let ja4 = ja4?.hashed {
                    devices.addEvidence(sender, source: "tls", field: "ja4", value: ja4, at: time, anomalies: &counts)
                }
            }
            return true
        case .message(.serverHello(let hello), let anomalies):
            count(anomalies)
            recordServerHello(hello, slot, &flows)
            return true
        }
    }

    /// Parses an HTTP/1.x or RTSP request head (client side) or response head; returns true once the
    /// direction is decided. Credentials are never kept: only the scheme, and whether it is Basic (clear).
    mutating func observeHTTP(
        _ prefix: UnsafeRawBufferPointer, _ fromClient: Bool, _ slot: Int, _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> Bool {
        let message: HTTPMessage
        switch HTTPParser.parse(prefix) {
        case .needMoreData:
            return false
        case .malformed(let anomalies):
            count(anomalies)
            return true
        case .message(let parsed, let anomalies):
            count(anomalies)
            message = parsed
        }
        let body = observeHTTPBody(prefix, message, fromClient, slot, sender, time, &devices, &flows, &counts)
        guard body.recordHead else { return body.done }
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
        return body.done
    }

    /// JA4 and JA3 of `hello`, from the caches when a hello with the same fingerprinted fields was seen.
    /// JA4 sorts the extensions, so its key does too (browsers permute their order per connection);
    /// JA3 keeps the wire order, so its key does.
    mutating func clientFingerprints(_ hello: TLSClientHello) -> (JA4Fingerprint?, JA3Fingerprint?) {
        var common = FNV()
        common.add(UInt64(hello.legacyVersion.rawValue))
        // GREASE values (RFC 8701) are left out of every key: clients draw them anew for each connection,
        // and neither JA3 nor JA4 depends on them.
        for cipher in hello.cipherSuites where !TLSGREASE.isGREASE(cipher.rawValue) {
            common.add(UInt64(cipher.rawValue))
        }
        common.add(0xFFFF_0002)
        for version in hello.supportedVersions where !TLSGREASE.isGREASE(version.rawValue) {
            common.add(UInt64(version.rawValue))
        }
        var ja4Key = common
        ja4Key.add(UInt64(hello.serverName == nil ? 0 : 1))
        // Sorted in a stack buffer: `extensionTypes.map(...).sorted()` was two arrays per hello.
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: hello.extensions.count) { types in
            var count = 0
            for item in hello.extensions where !TLSGREASE.isGREASE(item.type.rawValue) {
                types[count] = item.type.rawValue
                count += 1
            }
            var sorted = UnsafeMutableBufferPointer(rebasing: types[0..<count])
            sorted.sort()
            for type in sorted { ja4Key.add(UInt64(type)) }
        }
        ja4Key.add(0xFFFF_0003)
        for algorithm in hello.signatureAlgorithms { ja4Key.add(UInt64(algorithm.rawValue)) }
        ja4Key.add(0xFFFF_0006)
        for byte in hello.alpnProtocols.first ?? [] { ja4Key.addByte(byte) }
        var ja3Key = common
        for item in hello.extensions where !TLSGREASE.isGREASE(item.type.rawValue) {
            ja3Key.add(UInt64(item.type.rawValue))
        }
        ja3Key.add(0xFFFF_0004)
        for group in hello.supportedGroups where !TLSGREASE.isGREASE(group.rawValue) {
            ja3Key.add(UInt64(group.rawValue))
        }
        ja3Key.add(0xFFFF_0005)
        for format in hello.ecPointFormats { ja3Key.addByte(format) }
        let ja4 = Self.cached(&ja4Cache, ja4Key.value) { JA4.fingerprint(of: hello) }
        let ja3 = Self.cached(&ja3Cache, ja3Key.value) { JA3.fingerprint(of: hello) }
        return (ja4, ja3)
    }

    /// JA4S and JA3S of `hello`, cached like `clientFingerprints`.
    mutating func serverFingerprints(_ hello: TLSServerHello) -> (JA4SFingerprint?, JA3Fingerprint?) {
        var hash = FNV()
        hash.add(UInt64(hello.legacyVersion.rawValue))
        hash.add(UInt64(hello.cipherSuite.rawValue))
        for item in hello.extensions { hash.add(UInt64(item.type.rawValue)) }
        hash.add(0xFFFF_0001)
        hash.add(UInt64(hello.selectedVersion?.rawValue ?? 0))
        for byte in hello.selectedALPN ?? [] { hash.addByte(byte) }
        return Self.cached(&serverFingerprints, hash.value) {
            (JA4S.fingerprint(of: hello), JA3S.fingerprint(of: hello))
        }
    }

    /// The value cached under `key`, or `compute()` stored there; a full cache is emptied first.
    static func cached<Value>(_ cache: inout [UInt64: Value], _ key: UInt64, _ compute: () -> Value) -> Value {
        if let value = cache[key] { return value }
        let value = compute()
        if cache.count >= maxCachedFingerprints { cache.removeAll(keepingCapacity: true) }
        cache[key] = value
        return value
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

    /// The tokens an HTTP/1.x or RTSP head starts with (RFC 9110 §9, RFC 2326 §10, UPnP GENA), each
    /// followed by its separator.
    static let httpStartTokens: [[UInt8]] = [
        "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "TRACE ", "PATCH ", "DESCRIBE ",
        "SETUP ", "PLAY ", "PAUSE ", "TEARDOWN ", "ANNOUNCE ", "RECORD ", "GET_PARAMETER ", "SET_PARAMETER ",
        "REDIRECT ", "NOTIFY ", "SUBSCRIBE ", "UNSUBSCRIBE ", "HTTP/", "RTSP/",
    ].map { Array($0.utf8) }

    /// Whether a stream starts like an HTTP/RTSP head: true if it starts with a known token, false if it
    /// is still a prefix of one (wait for more), nil if it cannot be one (an SSH banner, MQTT, SMB...).
    static func httpStart(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        var couldStillMatch = false
        for token in httpStartTokens {
            let compared = min(token.count, bytes.count)
            var equal = true
            for index in 0..<compared where bytes[index] != token[index] {
                equal = false
                break
            }
            guard equal else { continue }
            if compared == token.count { return true }
            couldStillMatch = true
        }
        return couldStillMatch ? false : nil
    }

    /// DNS, mDNS and LLMNR ports.
    static func isDNSPort(_ port: UInt16) -> Bool { port == 53 || port == 5353 || port == 5355 }

    /// True if the same datagram (same sender, ports and bytes outside `ignoring`) was parsed recently;
    /// otherwise remembers it. FNV-1a (deterministic, unlike Swift's seeded `Hasher`) keeps reports
    /// byte-identical run to run.
    mutating func isRepeat(
        _ payload: UnsafeRawBufferPointer, sender: MACAddress?, source: IPAddress?, destination: IPAddress?,
        ports: (UInt16, UInt16), ignoring: Range<Int>, stableDNS: Bool = false
    ) -> Bool {
        var hasher = FNV()
        hasher.add((sender?.rawValue ?? 0) << 32 | UInt64(ports.0) << 16 | UInt64(ports.1))
        // Both addresses: the same DNS answer sent to two clients tells each its own name mapping.
        // (Two calls, not a loop over `[source, destination]`: that array literal is a heap allocation.)
        hasher.add(source)
        hasher.add(destination)
        let walked =
            stableDNS
            && DNSStableBytes.forEachRange(in: payload) { range in
                hasher.addBytes(payload, range)
            }
        if !walked {
            let ignored = ignoring.clamped(to: 0..<payload.count)
            hasher.addBytes(payload, 0..<ignored.lowerBound)
            hasher.addBytes(payload, ignored.upperBound..<payload.count)
        }
        let hash = hasher.value
        // Zero marks an empty slot; a datagram hashing to zero is simply never remembered.
        guard hash != 0 else { return false }
        // Set-associative: a set of `recentDatagramWays` slots, most recent first. A hit moves to the
        // front; a miss enters at the front and pushes the oldest out. (Direct mapping lost a tenth of a
        // busy LAN's repeats to collisions.)
        let ways = Self.recentDatagramWays
        let base = (Int(truncatingIfNeeded: hash >> 40) & (Self.recentDatagramSlots / ways - 1)) * ways
        var found = ways - 1
        for way in 0..<ways where recentDatagrams[base + way] == hash {
            found = way
            break
        }
        let hit = recentDatagrams[base + found] == hash
        var way = found
        while way > 0 {
            recentDatagrams[base + way] = recentDatagrams[base + way - 1]
            way -= 1
        }
        recentDatagrams[base] = hash
        return hit
    }

    mutating func count(_ found: [ProtocolAnomaly]) {
        for anomaly in found { anomalies[anomaly.name, default: 0] += 1 }
    }
}
