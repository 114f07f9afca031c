import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as DHCPv4.
private func parseDHCP(_ bytes: [UInt8]) -> ParseResult<DHCPMessage> {
    bytes.withUnsafeBytes { DHCPParser.parse($0) }
}

/// The 236-byte fixed BOOTP header of a client request from `mac` with transaction `xid`, then the cookie.
private func bootRequestHeader(xid: [UInt8], mac: [UInt8]) -> [UInt8] {
    [0x01, 0x01, 0x06, 0x00]  // op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
        + xid  // xid
        + [0x00, 0x00, 0x00, 0x00]  // secs 0, flags 0 (unicast reply is fine)
        + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  // ciaddr, yiaddr, siaddr, giaddr all 0.0.0.0
        + mac + [UInt8](repeating: 0, count: 10)  // chaddr: 6-byte MAC, 10 bytes padding
        + [UInt8](repeating: 0, count: 64 + 128)  // sname, file: unused
        + [0x63, 0x82, 0x53, 0x63]  // magic cookie 99.130.83.99
}

/// An Android 13 DISCOVER, as its dhcpcd-based client sends it (written by hand for these tests).
private let androidDiscover: [UInt8] =
    bootRequestHeader(xid: [0x39, 0x03, 0xF3, 0x26], mac: [0x3C, 0x28, 0x6D, 0x12, 0x34, 0x56])
    + [0x35, 0x01, 0x01]  // 53 message type: DISCOVER
    + [0x3D, 0x07, 0x01, 0x3C, 0x28, 0x6D, 0x12, 0x34, 0x56]  // 61 client id: type 1 + MAC
    + [0x39, 0x02, 0x05, 0xDC]  // 57 max message size 1500
    + [0x3C, 0x0F] + Array("android-dhcp-13".utf8)  // 60 vendor class (15 bytes)
    + [0x0C, 0x08] + Array("Pixel-7a".utf8)  // 12 host name (8 bytes)
    + [0x37, 0x0A, 0x01, 0x03, 0x06, 0x0F, 0x1A, 0x1C, 0x33, 0x3A, 0x3B, 0x2B]  // 55 PRL (10 codes)
    + [0xFF]  // end

/// A Windows 10 REQUEST with an ASCII-encoded client FQDN (written by hand for these tests).
private let windowsRequest: [UInt8] =
    bootRequestHeader(xid: [0x8E, 0x21, 0x4A, 0x07], mac: [0x00, 0x15, 0x5D, 0x01, 0x02, 0x03])
    + [0x35, 0x01, 0x03]  // 53 message type: REQUEST
    + [0x3D, 0x07, 0x01, 0x00, 0x15, 0x5D, 0x01, 0x02, 0x03]  // 61 client id: type 1 + MAC
    + [0x32, 0x04, 0xC0, 0xA8, 0x01, 0x17]  // 50 requested address 192.168.1.23
    + [0x36, 0x04, 0xC0, 0xA8, 0x01, 0x01]  // 54 server identifier 192.168.1.1
    + [0x0C, 0x0F] + Array("DESKTOP-4F7K2QP".utf8)  // 12 host name (15 bytes)
    + [0x51, 0x12, 0x00, 0x00, 0x00] + Array("DESKTOP-4F7K2QP".utf8)  // 81 FQDN: flags 0 (ASCII), rcodes 0
    + [0x3C, 0x08] + Array("MSFT 5.0".utf8)  // 60 vendor class
    + [0x37, 0x0E, 0x01, 0x03, 0x06, 0x0F, 0x1F, 0x21, 0x2B, 0x2C, 0x2E, 0x2F, 0x77, 0x79, 0xF9, 0xFC]  // 55 PRL
    + [0xFF]  // end

/// A BusyBox udhcpc DISCOVER with a wire-encoded client FQDN and vendor-specific bytes (hand-written).
private let udhcpDiscover: [UInt8] =
    bootRequestHeader(xid: [0x5A, 0x0B, 0x11, 0xC2], mac: [0xB0, 0xC5, 0x54, 0xAA, 0xBB, 0xCC])
    + [0x35, 0x01, 0x01]  // 53 message type: DISCOVER
    + [0x3D, 0x07, 0x01, 0xB0, 0xC5, 0x54, 0xAA, 0xBB, 0xCC]  // 61 client id: type 1 + MAC
    + [0x39, 0x02, 0x02, 0x40]  // 57 max message size 576
    + [0x37, 0x07, 0x01, 0x03, 0x06, 0x0C, 0x0F, 0x1C, 0x2A]  // 55 PRL (7 codes)
    + [0x3C, 0x0C] + Array("udhcp 1.36.1".utf8)  // 60 vendor class (12 bytes)
    + [0x0C, 0x07] + Array("camera1".utf8)  // 12 host name (7 bytes)
    + [0x51, 0x11, 0x05, 0x00, 0x00]  // 81 FQDN, 17 bytes: flags E|S, rcodes 0
    + [0x07] + Array("camera1".utf8) + [0x04] + Array("home".utf8) + [0x00]  //   camera1.home. (wire)
    + [0x2B, 0x03, 0x01, 0x01, 0x00]  // 43 vendor-specific: sub-option 1, length 1, 0
    + [0xFF, 0x00, 0x00]  // end, then padding

/// The three samples by name, for the table-driven tests.
private let samples: [(String, [UInt8])] = [
    ("android", androidDiscover), ("windows", windowsRequest), ("udhcp", udhcpDiscover),
]

/// Offsets of each option's length byte in `sample` (options start at 240), for the mutation tests.
private func optionLengthOffsets(_ sample: [UInt8]) -> [Int] {
    var offsets: [Int] = []
    var index = 240
    while index + 1 < sample.count {
        let code = sample[index]
        if code == 0 {
            index += 1
            continue
        }
        if code == 255 { break }
        offsets.append(index + 1)
        index += 2 + Int(sample[index + 1])
    }
    return offsets
}

@Suite("DHCPv4")
struct DHCPTests {
    @Test("an Android DISCOVER gives every field and no anomaly")
    func android() throws {
        let result = parseDHCP(androidDiscover)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.operation == .bootRequest)
        #expect(message.transactionID == 0x3903_F326)
        #expect(message.clientHardwareAddress == MACAddress("3c:28:6d:12:34:56"))
        #expect(message.hasMagicCookie)
        #expect(message.messageType == .discover)
        #expect(message.hostName == "Pixel-7a")
        #expect(message.vendorClassIdentifier == "android-dhcp-13")
        #expect(message.maxMessageSize == 1500)
        #expect(message.parameterRequestList == [1, 3, 6, 15, 26, 28, 51, 58, 59, 43])
        #expect(message.fingerprint == "1,3,6,15,26,28,51,58,59,43")
        #expect(message.clientIdentifier?.macAddress == MACAddress("3c:28:6d:12:34:56"))
        #expect(message.optionCodes.map(\.rawValue) == [53, 61, 57, 60, 12, 55])
        #expect(message.clientAddress == .unspecified && message.relayAgentAddress == .unspecified)
    }

    @Test("a Windows REQUEST gives requested address, server id and an ASCII FQDN")
    func windows() throws {
        let result = parseDHCP(windowsRequest)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.messageType == .request)
        #expect(message.requestedAddress == IPv4Address(192, 168, 1, 23))
        #expect(message.serverIdentifier == IPv4Address(192, 168, 1, 1))
        #expect(message.vendorClassIdentifier == "MSFT 5.0")
        #expect(message.fingerprint == "1,3,6,15,31,33,43,44,46,47,119,121,249,252")
        let fqdn = try #require(message.clientFQDN)
        #expect(!fqdn.isWireEncoded && fqdn.name == "DESKTOP-4F7K2QP" && !fqdn.isFullyQualified)
    }

    @Test("a udhcp DISCOVER gives a wire-encoded FQDN and raw vendor-specific bytes")
    func udhcp() throws {
        let result = parseDHCP(udhcpDiscover)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        let fqdn = try #require(message.clientFQDN)
        #expect(fqdn.isWireEncoded && fqdn.flags == 0x05)
        #expect(fqdn.name == "camera1.home" && fqdn.isFullyQualified)
        #expect(message.vendorSpecific == [0x01, 0x01, 0x00])
        #expect(message.vendorClassIdentifier == "udhcp 1.36.1")
        #expect(message.maxMessageSize == 576)
    }

    @Test("a partial wire FQDN, an over-long label and bytes after the root are told apart")
    func fqdnForms() throws {
        let header = bootRequestHeader(xid: [1, 2, 3, 4], mac: [2, 0, 0, 0, 0, 1])
        let partial = header + [0x51, 0x08, 0x04, 0x00, 0x00, 0x04] + Array("host".utf8) + [0xFF]  // no root
        let partialFQDN = try #require(parseDHCP(partial).message?.clientFQDN)
        #expect(partialFQDN.name == "host" && !partialFQDN.isFullyQualified)
        let pointer = header + [0x51, 0x05, 0x04, 0x00, 0x00, 0xC0, 0x0C, 0xFF]  // compression pointer
        #expect(parseDHCP(pointer).anomalies == [.dhcpFQDNBadName])
        let trailing = header + [0x51, 0x06, 0x04, 0x00, 0x00, 0x01, 0x61, 0x00, 0x41, 0xFF]  // len 6 omits 0x41
        #expect(parseDHCP(trailing).message?.clientFQDN?.name == "a")
        let extra = header + [0x51, 0x07, 0x04, 0x00, 0x00, 0x01, 0x61, 0x00, 0x41, 0xFF]  // "a." then 0x41
        #expect(parseDHCP(extra).anomalies == [.dhcpFQDNBadName])
    }

    @Test("bad magic, overload, repeats and a missing end are named")
    func namedAnomalies() {
        var badMagic = androidDiscover
        badMagic[239] = 0x64
        #expect(parseDHCP(badMagic).anomalies == [.dhcpBadMagic])
        #expect(parseDHCP(badMagic).message?.hasMagicCookie == false)
        let header = bootRequestHeader(xid: [1, 2, 3, 4], mac: [2, 0, 0, 0, 0, 1])
        #expect(parseDHCP(header + [0x34, 0x01, 0x03, 0xFF]).anomalies == [.dhcpOverloadIgnored])
        let repeated = parseDHCP(header + [0x35, 0x01, 0x01, 0x35, 0x01, 0x03, 0xFF])
        #expect(repeated.anomalies == [.dhcpOptionRepeated])
        #expect(repeated.message?.messageType == .discover)
        #expect(parseDHCP(header + [0x35, 0x01, 0x01]).anomalies == [.dhcpEndMissing])
        var longHardware = androidDiscover
        longHardware[2] = 17
        #expect(parseDHCP(longHardware).anomalies == [.dhcpBadHardwareLength])
        #expect(parseDHCP(longHardware).message?.clientHardwareAddress == nil)
    }

    @Test(
        "fixed-size options with the wrong length are length mismatches",
        arguments: [
            [0x35, 0x00], [0x35, 0x02, 0x01, 0x01], [0x32, 0x03, 10, 0, 0], [0x36, 0x05, 10, 0, 0, 1, 0],
            [0x39, 0x01, 0x05], [0x37, 0x00], [0x0C, 0x00], [0x3C, 0x00], [0x3D, 0x01, 0x01], [0x51, 0x02, 0, 0],
        ] as [[UInt8]])
    func lengthMismatch(option: [UInt8]) {
        let header = bootRequestHeader(xid: [1, 2, 3, 4], mac: [2, 0, 0, 0, 0, 1])
        #expect(parseDHCP(header + option + [0xFF]).anomalies == [.dhcpOptionLengthMismatch])
    }

    @Test("every option length made smaller or larger never traps and is noticed", arguments: samples.map(\.0))
    func lengthMutations(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        let original = parseDHCP(sample).message
        for offset in optionLengthOffsets(sample) {
            for delta in [-1, 1] {
                var mutated = sample
                let length = Int(mutated[offset]) + delta
                guard let byte = UInt8(exactly: length) else { continue }
                mutated[offset] = byte
                let result = parseDHCP(mutated)
                // A shifted length can land on bytes that parse as options, so noticed means an anomaly or
                // a different message.
                #expect(
                    !result.anomalies.isEmpty || result.message != original,
                    "\(name): length at \(offset) changed by \(delta)")
            }
            var huge = sample
            huge[offset] = 0xFF
            #expect(!parseDHCP(huge).anomalies.isEmpty, "\(name): length at \(offset) set to 255")
        }
    }

    @Test("an option running past the end is option_truncated with the earlier options kept")
    func optionPastEnd() {
        let header = bootRequestHeader(xid: [1, 2, 3, 4], mac: [2, 0, 0, 0, 0, 1])
        let result = parseDHCP(header + [0x35, 0x01, 0x01, 0x0C, 0x09] + Array("host".utf8))  // 9 claimed, 4 there
        #expect(result.anomalies == [.dhcpOptionTruncated])
        #expect(result.message?.messageType == .discover)
        #expect(result.message?.hostName == nil)
    }

    @Test("truncation at every offset gives malformed or a message with an anomaly", arguments: samples.map(\.0))
    func truncation(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        // Cutting the padding after the end option loses nothing, so only cuts before the end option count.
        guard let lastLength = optionLengthOffsets(sample).last else { return }
        let endOffset = lastLength + 1 + Int(sample[lastLength])
        for length in 0...endOffset {
            switch parseDHCP(Array(sample.prefix(length))) {
            case .malformed(let anomalies):
                #expect(anomalies == [.dhcpTruncated] && length < 236, "\(name) cut at \(length)")
            case .message(_, let anomalies):
                #expect(!anomalies.isEmpty, "\(name) cut at \(length)")
            case .needMoreData:
                Issue.record("\(name) cut at \(length): a datagram parser never needs more data")
            }
        }
    }

    @Test("bad UTF-8 and NULs in strings are decoded leniently")
    func lenientStrings() {
        let header = bootRequestHeader(xid: [1, 2, 3, 4], mac: [2, 0, 0, 0, 0, 1])
        let result = parseDHCP(header + [0x0C, 0x05, 0x61, 0xFF, 0xC3, 0x62, 0x00, 0xFF])  // a, bad, cut, b, NUL
        #expect(result.message?.hostName == "a\u{FFFD}\u{FFFD}b")
    }

    @Test("codes print names when known and hex otherwise")
    func codeDescriptions() {
        #expect(DHCPOptionCode.hostName.description == "host-name")
        #expect(DHCPOptionCode(rawValue: 0x7D).description == "0x7d")
        #expect(DHCPMessageType.ack.description == "ACK")
        #expect(DHCPMessageType(rawValue: 18).description == "0x12")
        #expect(DHCPOperation(rawValue: 9).description == "0x09")
    }

    /// Every corpus capture with DHCP, found once with
    /// `for f in ../shared/corpus/**/*.pcap*; do tshark -r $f -T fields -e frame.protocols | grep -qw dhcp && echo $f; done`.
    static let corpusFiles = [
        "arkime/pcap/wireshark-dhcp.pcap",
        "iot-sentinel/Aria/Setup-A-1-STA.pcap",
        "iot-sentinel/Aria/Setup-A-2-STA.pcap",
        "iot-sentinel/Aria/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-B-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-A-2-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-B-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-C-2-STA.pcap",
        "iot-sentinel/EdimaxCam1/Setup-A-1-STA.pcap",
        "iot-sentinel/EdimaxCam1/Setup-A-2-STA.pcap",
        "iot-sentinel/EdimaxCam1/Setup-C-1-STA.pcap",
        "iot-sentinel/EdimaxPlug1101W/Setup-A-1-STA.pcap",
        "iot-sentinel/EdimaxPlug1101W/Setup-A-2-STA.pcap",
        "iot-sentinel/EdimaxPlug1101W/Setup-C-1-STA.pcap",
        "iot-sentinel/EdnetCam1/Setup-A-1-STA.pcap",
        "iot-sentinel/EdnetCam1/Setup-C-1-STA.pcap",
        "iot-sentinel/EdnetCam1/Setup-C-2-STA.pcap",
        "iot-sentinel/EdnetGateway/Setup-A-1-STA.pcap",
        "iot-sentinel/EdnetGateway/Setup-A-2-STA.pcap",
        "iot-sentinel/EdnetGateway/Setup-C-1-STA.pcap",
        "iot-sentinel/Lightify/Setup-C-1-STA.pcap",
        "iot-sentinel/Lightify/Setup-C-2-STA.pcap",
        "iot-sentinel/Lightify/Setup-C-3-STA.pcap",
        "iot-sentinel/MAXGateway/Setup-A-1-STA.pcap",
        "iot-sentinel/MAXGateway/Setup-A-2-STA.pcap",
        "iot-sentinel/MAXGateway/Setup-C-1-STA.pcap",
        "iot-sentinel/SmarterCoffee/Setup-A-1-STA.pcap",
        "iot-sentinel/SmarterCoffee/Setup-A-2-STA.pcap",
        "iot-sentinel/SmarterCoffee/Setup-C-1-STA.pcap",
        "iot-sentinel/TP-LinkPlugHS100/Setup-A-1-STA.pcap",
        "iot-sentinel/TP-LinkPlugHS100/Setup-A-2-STA.pcap",
        "iot-sentinel/TP-LinkPlugHS100/Setup-C-1-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-A-1-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-C-1-STA.pcap",
        "iot-sentinel/WeMoLink/Setup-A-1-STA.pcap",
        "iot-sentinel/WeMoLink/Setup-A-2-STA.pcap",
        "iot-sentinel/WeMoLink/Setup-C-1-STA.pcap",
        "iot-sentinel/WeMoSwitch/Setup-A-1-STA.pcap",
        "iot-sentinel/WeMoSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/WeMoSwitch/Setup-C-1-STA.pcap",
        "iot-sentinel/Withings/Setup-A-1-STA.pcap",
        "iot-sentinel/Withings/Setup-C-1-STA.pcap",
        "iot-sentinel/Withings/Setup-C-2-STA.pcap",
        "iotls/Traffic/amcrest-cam-wired.pcap",
        "iotls/Traffic/appletv.pcap",
        "iotls/Traffic/blink-hub.pcap",
        "iotls/Traffic/brewer.pcap",
        "iotls/Traffic/dryer.pcap",
        "iotls/Traffic/echodot3a.pcap",
        "iotls/Traffic/google-home-mini3.pcap",
        "iotls/Traffic/ikettle.pcap",
        "iotls/Traffic/lgtv-wired.pcap",
        "iotls/Traffic/meross-dooropener.pcap",
        "iotls/Traffic/roku-tv.pcap",
        "iotls/Traffic/smartlife-bulb.pcap",
        "iotls/Traffic/smartthings-hub.pcap",
        "iotls/Traffic/t-echodot.pcap",
        "iotls/Traffic/t-philips-hub.pcap",
        "iotls/Traffic/tplink-plug.pcap",
        "iotls/Traffic/wemo-plug.pcap",
        "iotls/Traffic/wink-hub2.pcap",
        "iotls/Traffic/zmodo-doorbell.pcap",
        "ja4/pcap/dhcp.pcapng",
        "ndpi/pcap/1kxun.pcap",
        "ndpi/pcap/alexa-app.pcapng",
        "ndpi/pcap/android.pcap",
        "ndpi/pcap/capwap.pcap",
        "ndpi/pcap/iphone.pcap",
        "ndpi/pcap/wechat.pcap",
        "nku-lifecycle/xiaobai_Y2camera/xiaobai_Y2camera_idle_local.pcap",
        "nku-lifecycle/xiaobai_Y2camera/xiaobai_Y2camera_idle_remote.pcap",
        "nku-lifecycle/xiaobai_Y2camera/xiaobai_Y2camera_setup.pcap",
        "suricata-verify/tests/dhcp-eve-extended-option-60/input.pcap",
        "suricata-verify/tests/dhcp-eve-extended/input.pcap",
        "tcpdump/tests/dhcp-option-33.pcap",
        "tcpdump/tests/dhcp-rfc4388.pcap",
        "tcpdump/tests/dhcp-rfc5859.pcap",
        "tcpdump/tests/dhcpv4v6-rfc5970-rfc8572.pcap",
        "tj-oconnor-iot/pcaps/blink-cam-01.pcap",
        "tj-oconnor-iot/pcaps/blink-cam-02.pcap",
        "tj-oconnor-iot/pcaps/lockly-hub-01.pcap",
        "tj-oconnor-iot/pcaps/schlage-lock-01.pcap",
        "tj-oconnor-iot/pcaps/ultraloq-hub-01.pcap",
        "zeek/Traces/dhcp/dhcp.pcap",
        "zeek/Traces/dhcp/dhcp_ack_subscriber_id_and_agent_remote_id.pcap",
        "zeek/Traces/dhcp/dhcp_time_and_nameserver.pcap",
        "zeek/Traces/dhcp/hw-type0.pcap",
    ]

    @Test(
        "host name, parameter request list and vendor class agree with tshark on the corpus", .requiresCorpus,
        .requiresTShark)
    func corpusAgreement() throws {
        var compared = 0
        var disagreements: [String] = []
        for file in Self.corpusFiles {
            let rows = try TShark.fields(
                Corpus.url(file), filter: "dhcp",
                fields: [
                    "udp.payload", "dhcp.option.hostname", "dhcp.option.request_list_item",
                    "dhcp.option.vendor_class_id",
                ])
            for row in rows where row.count == 4 {
                guard let payload = TShark.bytes(fromHex: row[0]) else { continue }
                compared += 1
                let message = parseDHCP(payload).message
                let ours = [message?.hostName ?? "", message?.fingerprint ?? "", message?.vendorClassIdentifier ?? ""]
                if ours != Array(row[1...3]) {
                    disagreements.append("\(file): ours \(ours), tshark \(Array(row[1...3]))")
                }
            }
        }
        print("DHCPv4 corpus agreement: \(compared - disagreements.count)/\(compared) messages")
        #expect(compared > 0)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
