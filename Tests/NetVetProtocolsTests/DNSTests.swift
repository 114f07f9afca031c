import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as one DNS message.
private func parseDNS(_ bytes: [UInt8]) -> ParseResult<DNSMessage> {
    bytes.withUnsafeBytes { DNSParser.parse($0) }
}

/// A 12-byte header with the given counts (id 0x1234, flags RD).
private func dnsHeader(qd: UInt16 = 0, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0) -> [UInt8] {
    [0x12, 0x34, 0x01, 0x00] + [qd, an, ns, ar].flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
}

/// One question whose name reaches "z" through `hops` pointers; the chain sits after the question
/// (trailing data the pointers may still target): "z" at 18, then pointers each to the one before.
private func pointerChain(hops: Int) -> [UInt8] {
    var chain: [UInt8] = [0x01, 0x7A, 0x00]
    var previous = 18
    for _ in 0..<(hops - 1) {
        let here = 18 + chain.count
        chain += [0xC0, UInt8(previous)]
        previous = here
    }
    return dnsHeader(qd: 1) + [0xC0, UInt8(previous), 0, 1, 0, 1] + chain
}

@Suite("DNS parser")
struct DNSParserTests {
    @Test("a Chromecast mDNS response yields PTR, TXT, SRV and A with cache-flush bits")
    func chromecast() throws {
        let result = parseDNS(DNSSamples.chromecastResponse)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.header.isResponse && message.header.isAuthoritative)
        #expect(message.header.opcode == .query && message.header.responseCode == .noError)
        #expect(message.answers.count == 1 && message.additionals.count == 3)
        let ptr = try #require(message.answers.first)
        #expect(ptr.type == .ptr && ptr.recordClass == .internet && !ptr.isCacheFlush && ptr.ttl == 120)
        #expect(ptr.name.text == "_googlecast._tcp.local")
        #expect(ptr.data == .name(DNSName(labels: ["Chromecast-Living-Room-1a2b", "_googlecast", "_tcp", "local"])))
        try #require(message.additionals.count == 3)
        let txt = message.additionals[0]
        #expect(txt.type == .txt && txt.isCacheFlush && txt.ttl == 4500 && txt.dataLength == 47)
        #expect(txt.data == .text(["id=4f1c2b9d", "md=Chromecast", "fn=Living Room", "ve=05"]))
        #expect(txt.data.textAttributes.first { $0.key == "fn" }?.value == "Living Room")
        let srv = message.additionals[1]
        #expect(
            srv.data == .service(priority: 0, weight: 0, port: 8009, target: DNSName(labels: ["4f1c2b9d", "local"])))
        let a = message.additionals[2]
        #expect(a.name.text == "4f1c2b9d.local" && a.data == .ipv4(IPv4Address(192, 168, 1, 23)))
    }

    @Test("a recursive response keeps the wire case and offers a normalized name")
    func recursive() throws {
        let message = try #require(parseDNS(DNSSamples.recursiveResponse).message)
        #expect(message.header.id == 0x1A2B && message.header.isRecursionDesired && message.header.isRecursionAvailable)
        #expect(!message.header.isTruncated)
        let question = try #require(message.questions.first)
        #expect(question.name.text == "www.Example.com" && question.name.normalized == "www.example.com")
        #expect(question.type == .a && question.recordClass == .internet && !question.isUnicastResponseRequested)
        #expect(message.answers.map(\.type) == [.cname, .a, .aaaa])
        #expect(message.answers.first?.data == .name(DNSName(labels: ["cdn", "Example", "com"])))
        let v6 = try #require(IPv6Address("2606:2800:220:1:248:1893:25c8:1946"))
        #expect(message.answers.last?.data == .ipv6(v6))
    }

    @Test("an mDNS question with the unicast-response bit; an LLMNR query")
    func questionBits() throws {
        // header, "tv" "local" root, AAAA, class 0x8001 (QU, IN)
        let mdns: [UInt8] = dnsHeader(qd: 1) + [0x02, 0x74, 0x76, 0x05] + Array("local".utf8) + [0, 0, 28, 0x80, 0x01]
        let question = try #require(parseDNS(mdns).message?.questions.first)
        #expect(question.isUnicastResponseRequested && question.recordClass == .internet && question.type == .aaaa)
        // LLMNR (RFC 4795): same format; "DESKTOP-7Q" A IN, flags 0
        let llmnr: [UInt8] =
            [0xBE, 0xEF, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10] + Array("DESKTOP-7Q".utf8) + [0, 0, 1, 0, 1]
        let result = parseDNS(llmnr)
        #expect(result.anomalies.isEmpty)
        #expect(result.message?.questions.first?.name.normalized == "desktop-7q")
    }

    @Test("fewer than 12 bytes is malformed; every cut of a response keeps a prefix and never traps")
    func truncationAtEveryOffset() {
        for sample in [DNSSamples.chromecastResponse, DNSSamples.printerResponse, DNSSamples.recursiveResponse] {
            for cut in 0..<sample.count {
                let result = parseDNS(Array(sample[..<cut]))
                if cut < 12 {
                    #expect(result.anomalies == [.dnsTruncatedHeader] && result.message == nil)
                } else {
                    #expect(result.message != nil)
                    #expect(result.anomalies.contains(.dnsTruncated), "cut at \(cut)")
                }
            }
            #expect(parseDNS(sample).anomalies.isEmpty)
        }
    }

    @Test("every single-byte mutation parses without trapping")
    func mutations() {
        for sample in [DNSSamples.chromecastResponse, DNSSamples.printerResponse, DNSSamples.recursiveResponse] {
            for index in sample.indices {
                for value: UInt8 in [0x00, 0x3F, 0x40, 0xC0, 0xFF, sample[index] &+ 1, sample[index] &- 1] {
                    var mutated = sample
                    mutated[index] = value
                    _ = parseDNS(mutated)
                }
            }
        }
    }

    @Test("header counts too large give dns.truncated; too small give dns.trailing_data")
    func countFields() throws {
        // Counts are at offsets 4, 6, 8, 10.
        for offset in [4, 6, 8, 10] {
            var larger = DNSSamples.recursiveResponse
            larger[offset + 1] &+= 1
            #expect(parseDNS(larger).anomalies == [.dnsTruncated], "count at \(offset) + 1")
        }
        var smaller = DNSSamples.recursiveResponse
        smaller[7] = 2  // an 3 → 2
        let result = parseDNS(smaller)
        #expect(result.anomalies == [.dnsTrailingData] && result.message?.answers.count == 2)
        var noQuestion = DNSSamples.recursiveResponse
        noQuestion[5] = 0  // qd 1 → 0: the question is read as a record and runs off the end
        #expect(!parseDNS(noQuestion).anomalies.isEmpty)
    }

    @Test("more records than the per-section cap stop with dns.too_many_records")
    func sectionCap() throws {
        let count = DNSParser.maxRecordsPerSection + 1
        // each question: root name, A, IN
        let bytes = dnsHeader(qd: UInt16(count)) + Array(repeating: [0, 0, 1, 0, 1], count: count).flatMap { $0 }
        let result = parseDNS(bytes)
        #expect(result.anomalies == [.dnsTooManyRecords])
        #expect(result.message?.questions.count == DNSParser.maxRecordsPerSection)
        #expect(result.message?.questions.first?.name.text == ".")
        let answers =
            dnsHeader(an: UInt16(count))
            + Array(repeating: [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 10, 0, 0, 1], count: count).flatMap { $0 }
        #expect(parseDNS(answers).message?.answers.count == DNSParser.maxRecordsPerSection)
    }

    @Test("RDLENGTH too small or too large")
    func rdLength() {
        // The A record's RDLENGTH low byte is at offset 62 of the recursive response.
        var tooSmall = DNSSamples.recursiveResponse
        tooSmall[62] = 3
        let small = parseDNS(tooSmall)
        #expect(small.anomalies.contains(.dnsRDataLengthMismatch))
        #expect(small.message?.answers.dropFirst().first?.data == .other(length: 3))
        var tooLarge = DNSSamples.recursiveResponse
        tooLarge[62] = 5
        #expect(parseDNS(tooLarge).anomalies.contains(.dnsRDataLengthMismatch))
        var pastEnd = DNSSamples.recursiveResponse
        pastEnd[78] = 17  // AAAA RDLENGTH 16 → 17: past the datagram
        #expect(parseDNS(pastEnd).anomalies == [.dnsTruncated])
        // The CNAME's RDLENGTH (offset 44): 6 → 5 cuts the pointer in half, 6 → 7 leaves a spare byte.
        for length: UInt8 in [5, 7] {
            var cname = DNSSamples.recursiveResponse
            cname[44] = length
            #expect(parseDNS(cname).anomalies.contains(.dnsRDataLengthMismatch), "RDLENGTH \(length)")
        }
    }

    @Test("TXT string lengths too large, and more strings than the cap")
    func txtStrings() {
        // The first TXT string length of the Chromecast response is at offset 88: 11 → 200 overruns RDATA.
        var overrun = DNSSamples.chromecastResponse
        overrun[88] = 200
        #expect(parseDNS(overrun).anomalies == [.dnsRDataLengthMismatch])
        let strings = DNSParser.maxTXTStrings + 1
        // root owner, TXT, IN, TTL 0, RDLENGTH = strings × "\u{1}x"
        let bytes =
            dnsHeader(an: 1) + [0, 0, 16, 0, 1, 0, 0, 0, 0, 0, UInt8(strings * 2)]
            + Array(repeating: [1, 0x78], count: strings).flatMap { $0 }
        let result = parseDNS(bytes)
        #expect(result.anomalies == [.dnsTooManyTXTStrings])
        #expect(result.message?.answers.first?.data == .other(length: strings * 2))
    }

    @Test("compression pointer loops, pointers past the end, long labels and long names")
    func compression() {
        // A question whose name is a pointer to itself (offset 12).
        let selfLoop = dnsHeader(qd: 1) + [0xC0, 0x0C, 0, 1, 0, 1]
        #expect(parseDNS(selfLoop).anomalies == [.dnsCompressionLoop])
        // Two questions whose names (at 12 and 18) are pointers to each other.
        let pingPong = dnsHeader(qd: 2) + [0xC0, 0x12, 0, 1, 0, 1] + [0xC0, 0x0C, 0, 1, 0, 1]
        #expect(parseDNS(pingPong).anomalies == [.dnsCompressionLoop])
        // A label that points back to the start of its own name: "a" then pointer to 12.
        let labelLoop = dnsHeader(qd: 1) + [0x01, 0x61, 0xC0, 0x0C, 0, 1, 0, 1]
        #expect(parseDNS(labelLoop).anomalies == [.dnsCompressionLoop])
        // A pointer to offset 0x3FF, past the end of the message.
        let outOfRange = dnsHeader(qd: 1) + [0xC3, 0xFF, 0, 1, 0, 1]
        #expect(parseDNS(outOfRange).anomalies == [.dnsPointerOutOfRange])
        // A pointer whose second byte is missing.
        #expect(parseDNS(dnsHeader(qd: 1) + [0xC0]).anomalies == [.dnsTruncated])
        // A length byte of 64 (reserved label type 01).
        let longLabel = dnsHeader(qd: 1) + [0x40] + Array(repeating: 0x61, count: 64) + [0, 0, 1, 0, 1]
        #expect(parseDNS(longLabel).anomalies == [.dnsLabelTooLong])
        // Five 63-byte labels: 320 octets in wire form, over 255.
        let longName =
            dnsHeader(qd: 1)
            + Array(repeating: [0x3F] + Array(repeating: 0x62, count: 63), count: 5)
            .flatMap { $0 } + [0, 0, 1, 0, 1]
        #expect(parseDNS(longName).anomalies == [.dnsNameTooLong])
        // A chain of exactly maxCompressionHops pointers is followed; one more is a loop.
        #expect(parseDNS(pointerChain(hops: DNSParser.maxCompressionHops)).anomalies == [.dnsTrailingData])
        #expect(parseDNS(pointerChain(hops: DNSParser.maxCompressionHops)).message?.questions.first?.name.text == "z")
        #expect(parseDNS(pointerChain(hops: DNSParser.maxCompressionHops + 1)).anomalies == [.dnsCompressionLoop])
    }

    @Test("invalid UTF-8 in labels and TXT is decoded leniently")
    func lenientText() throws {
        // "\xff\xfe" label, local, root; A IN
        let bytes = dnsHeader(qd: 1) + [0x02, 0xFF, 0xFE, 0x05] + Array("local".utf8) + [0, 0, 1, 0, 1]
        let name = try #require(parseDNS(bytes).message?.questions.first?.name)
        #expect(name.text == "\u{FFFD}\u{FFFD}.local")
    }

    @Test("unknown codes print as hex")
    func codes() {
        #expect(DNSRecordType(rawValue: 0x1234).description == "0x1234")
        #expect(DNSRecordType.srv.description == "SRV")
        #expect(DNSClass(rawValue: 7).description == "0x0007")
        #expect(DNSOpcode(rawValue: 9).description == "0x09")
        #expect(DNSResponseCode.nameError.description == "NXDOMAIN")
    }
}

@Suite("DNS-SD")
struct DNSServiceDiscoveryTests {
    @Test("a Chromecast announcement names its service, instance and model")
    func chromecast() throws {
        let message = try #require(parseDNS(DNSSamples.chromecastResponse).message)
        let discovery = DNSServiceDiscovery(message)
        #expect(discovery.serviceTypes == ["_googlecast._tcp.local"])
        #expect(discovery.instanceNames == ["Chromecast-Living-Room-1a2b._googlecast._tcp.local"])
        let naming = discovery.deviceNamingAttributes(of: "chromecast-living-room-1a2b._googlecast._tcp.local")
        #expect(naming == ["md": "Chromecast", "fn": "Living Room"])
    }

    @Test("a printer's _ipp._tcp TXT gives ty, usb_MFG, usb_MDL and product")
    func printer() throws {
        let message = try #require(parseDNS(DNSSamples.printerResponse).message)
        let discovery = DNSServiceDiscovery(message)
        #expect(discovery.serviceTypes == ["_ipp._tcp.local"])
        let instance = "HP LaserJet MFP M426fdw (4A5B6C)._ipp._tcp.local"
        #expect(discovery.instanceNames == [instance])
        let attributes = try #require(discovery.textAttributes[instance.lowercased()])
        #expect(attributes["duplex"] == "" && attributes["adminurl"] == "" && attributes["txtvers"] == "1")
        #expect(
            discovery.deviceNamingAttributes(of: instance) == [
                "ty": "HP LaserJet MFP M426fdw", "usb_mfg": "HP", "usb_mdl": "LaserJet MFP M426fdw",
                "product": "(HP LaserJet MFP M426fdw)",
            ])
    }

    @Test("service enumeration PTRs list types; TXT attribute edge cases")
    func enumeration() throws {
        // "_services._dns-sd._udp.local" PTR → "_airplay._tcp.local"
        let owner: [UInt8] =
            [9] + Array("_services".utf8) + [7] + Array("_dns-sd".utf8) + [4] + Array("_udp".utf8)
            + [5] + Array("local".utf8) + [0]
        // "_airplay" + pointer to "_tcp"? there is none: spell it out
        let target: [UInt8] = [8] + Array("_airplay".utf8) + [4] + Array("_tcp".utf8) + [0xC0, 35]
        let bytes = dnsHeader(an: 1) + owner + [0, 12, 0, 1, 0, 0, 0, 10, 0, UInt8(target.count)] + target
        let message = try #require(parseDNS(bytes).message)
        #expect(parseDNS(bytes).anomalies.isEmpty)
        #expect(DNSServiceDiscovery(message).serviceTypes == ["_airplay._tcp.local"])
        #expect(DNSServiceDiscovery(message).instanceNames.isEmpty)
        #expect(DNSTextAttribute(parsing: "=orphan") == nil)
        #expect(DNSTextAttribute(parsing: "") == nil)
        #expect(DNSTextAttribute(parsing: "a=b=c") == DNSTextAttribute(key: "a", value: "b=c"))
    }
}

/// Agreement with tshark's `dns.qry.name` over every DNS packet of the corpus (STYLE.md §7.3).
@Suite("DNS corpus agreement")
struct DNSCorpusTests {
    /// Captures in ../shared/corpus with at least one `dns && udp` packet, found once with
    /// `for f in $(find . -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap'); do tshark -r $f
    /// -Y 'dns && udp' -T fields -e frame.number | wc -l; done` (files with a count above 0).
    static let dnsCaptures = [
        "arkime/pcap/curl-enabled-tls13.pcap",
        "arkime/pcap/dns-udp.pcap",
        "arkime/pcap/dns-wiresharkrepo.pcap",
        "arkime/pcap/gtp-iphone.pcap",
        "iot-sentinel/Aria/Setup-A-1-STA.pcap",
        "iot-sentinel/Aria/Setup-A-2-STA.pcap",
        "iot-sentinel/Aria/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-B-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkDoorSensor/Setup-C-3-STA.pcap",
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
        "iot-sentinel/EdimaxPlug1101W/Setup-A-1-STA.pcap",
        "iot-sentinel/EdimaxPlug1101W/Setup-A-2-STA.pcap",
        "iot-sentinel/EdimaxPlug1101W/Setup-C-1-STA.pcap",
        "iot-sentinel/EdnetGateway/Setup-A-1-STA.pcap",
        "iot-sentinel/EdnetGateway/Setup-A-2-STA.pcap",
        "iot-sentinel/EdnetGateway/Setup-C-1-STA.pcap",
        "iot-sentinel/Lightify/Setup-C-1-STA.pcap",
        "iot-sentinel/Lightify/Setup-C-2-STA.pcap",
        "iot-sentinel/Lightify/Setup-C-3-STA.pcap",
        "iot-sentinel/MAXGateway/Setup-A-1-STA.pcap",
        "iot-sentinel/MAXGateway/Setup-A-2-STA.pcap",
        "iot-sentinel/MAXGateway/Setup-C-1-STA.pcap",
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
        "iotls/Traffic/nest-tstat.pcap",
        "iotls/Traffic/roku-tv.pcap",
        "iotls/Traffic/smartlife-bulb.pcap",
        "iotls/Traffic/smartthings-hub.pcap",
        "iotls/Traffic/t-echodot.pcap",
        "iotls/Traffic/t-philips-hub.pcap",
        "iotls/Traffic/tplink-plug.pcap",
        "iotls/Traffic/wemo-plug.pcap",
        "iotls/Traffic/wink-hub2.pcap",
        "iotls/Traffic/zmodo-doorbell.pcap",
        "ja4/pcap/gre-sample.pcap",
        "ja4/pcap/latest.pcapng",
        "ja4/pcap/ssh2.pcapng",
        "ja4/pcap/sshv1.pcap",
        "ja4/pcap/tls3.pcapng",
        "ja4/pcap/v6.pcap",
        "ndpi/pcap/1kxun.pcap",
        "ndpi/pcap/alexa-app.pcapng",
        "ndpi/pcap/android.pcap",
        "ndpi/pcap/capwap.pcap",
        "ndpi/pcap/iphone.pcap",
        "ndpi/pcap/nest_log_sink.pcap",
        "ndpi/pcap/wechat.pcap",
        "ndpi/pcap/weibo.pcap",
        "nku-lifecycle/xiaobai_Y2camera/xiaobai_Y2camera_setup.pcap",
        "tj-oconnor-iot/pcaps/blink-cam-01.pcap",
        "tj-oconnor-iot/pcaps/blink-cam-02.pcap",
        "tj-oconnor-iot/pcaps/lockly-hub-01.pcap",
        "tj-oconnor-iot/pcaps/schlage-lock-01.pcap",
        "tj-oconnor-iot/pcaps/ultraloq-hub-01.pcap",
        "zeek/Traces/dns-caa.pcap",
        "zeek/Traces/dns-edns-ecs.pcap",
        "zeek/Traces/dns-https.pcap",
        "zeek/Traces/dns-svcb.pcap",
        "zeek/Traces/dns53.pcap",
        "zeek/Traces/ntp/NTP_sync.pcap",
        "zeek/Traces/radiotap.pcap",
        "zeek/Traces/wikipedia.pcap",
        "zeek/Traces/wlanmon.pcap",
    ]

    /// The question names as tshark prints them: comma-separated, `<Root>` for the root.
    static func tsharkNames(_ message: DNSMessage) -> String {
        message.questions.map { $0.name.isRoot ? "<Root>" : $0.name.text }.joined(separator: ",")
    }

    @Test("query names agree with tshark dns.qry.name", .requiresCorpus, .requiresTShark, arguments: dnsCaptures)
    func queryNames(capture: String) throws {
        let rows = try TShark.fields(
            Corpus.url(capture), filter: "dns && udp", fields: ["udp.payload", "dns.qry.name"])
        var agreed = 0
        var compared = 0
        for row in rows where row.count == 2 {
            // Tunnels (GTP) and ICMP errors give several UDP payloads, comma-separated: DNS is the innermost.
            guard let hex = row[0].split(separator: ",").last, let payload = TShark.bytes(fromHex: String(hex))
            else { continue }
            compared += 1
            let names = payload.withUnsafeBytes { DNSParser.parse($0) }.message.map(Self.tsharkNames) ?? ""
            #expect(names == row[1], "\(capture): \(row[0].prefix(80))")
            if names == row[1] { agreed += 1 }
        }
        print("DNS corpus agreement \(capture): \(agreed)/\(compared)")
        #expect(compared > 0)
    }
}

/// Hand-made samples modelled on real announcements (no third-party capture bytes). Each row's comment
/// gives its offset and meaning.
private enum DNSSamples {
    static let chromecastResponse: [UInt8] = [
        // 0: id 0, flags QR AA, qd 0, an 1, ns 0, ar 3
        0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03,
        // 12: answer name: "_googlecast"
        0x0b, 0x5f, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x63, 0x61, 0x73, 0x74,
        // 24: "_tcp" "local" root
        0x04, 0x5f, 0x74, 0x63, 0x70, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x00,
        // 36: PTR, IN, TTL 120, RDLENGTH 30
        0x00, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x1e,
        // 46: instance label (offset 46)
        0x1b, 0x43, 0x68, 0x72, 0x6f, 0x6d, 0x65, 0x63, 0x61, 0x73, 0x74, 0x2d, 0x4c, 0x69, 0x76, 0x69,
        0x6e, 0x67, 0x2d, 0x52, 0x6f, 0x6f, 0x6d, 0x2d, 0x31, 0x61, 0x32, 0x62,
        // 74: pointer to _googlecast._tcp.local
        0xc0, 0x0c,
        // 76: instance, TXT, cache-flush IN, TTL 4500, RDLENGTH 47
        0xc0, 0x2e, 0x00, 0x10, 0x80, 0x01, 0x00, 0x00, 0x11, 0x94, 0x00, 0x2f,
        // 88: "id=4f1c2b9d" "md=Chromecast" "fn=Living Room" "ve=05"
        0x0b, 0x69, 0x64, 0x3d, 0x34, 0x66, 0x31, 0x63, 0x32, 0x62, 0x39, 0x64, 0x0d, 0x6d, 0x64, 0x3d,
        0x43, 0x68, 0x72, 0x6f, 0x6d, 0x65, 0x63, 0x61, 0x73, 0x74, 0x0e, 0x66, 0x6e, 0x3d, 0x4c, 0x69,
        0x76, 0x69, 0x6e, 0x67, 0x20, 0x52, 0x6f, 0x6f, 0x6d, 0x05, 0x76, 0x65, 0x3d, 0x30, 0x35,
        // 135: instance, SRV, cache-flush IN, TTL 120, RDLENGTH 17
        0xc0, 0x2e, 0x00, 0x21, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x11,
        // 147: priority 0, weight 0, port 8009
        0x00, 0x00, 0x00, 0x00, 0x1f, 0x49,
        // 153: target "4f1c2b9d" + pointer to local (offset 153)
        0x08, 0x34, 0x66, 0x31, 0x63, 0x32, 0x62, 0x39, 0x64, 0xc0, 0x1d,
        // 164: 4f1c2b9d.local, A, cache-flush IN, TTL 120, RDLENGTH 4
        0xc0, 0x99, 0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x04,
        // 176: 192.168.1.23
        0xc0, 0xa8, 0x01, 0x17,
    ]
    static let printerResponse: [UInt8] = [
        // 0: id 0, flags QR AA, qd 0, an 2, ns 0, ar 0
        0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
        // 12: "_ipp" "_tcp" "local" root
        0x04, 0x5f, 0x69, 0x70, 0x70, 0x04, 0x5f, 0x74, 0x63, 0x70, 0x05, 0x6c, 0x6f, 0x63, 0x61, 0x6c,
        0x00,
        // 29: PTR, IN, TTL 4500, RDLENGTH 35
        0x00, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x11, 0x94, 0x00, 0x23,
        // 39: instance label (offset 39) + pointer to _ipp._tcp.local
        0x20, 0x48, 0x50, 0x20, 0x4c, 0x61, 0x73, 0x65, 0x72, 0x4a, 0x65, 0x74, 0x20, 0x4d, 0x46, 0x50,
        0x20, 0x4d, 0x34, 0x32, 0x36, 0x66, 0x64, 0x77, 0x20, 0x28, 0x34, 0x41, 0x35, 0x42, 0x36, 0x43,
        0x29, 0xc0, 0x0c,
        // 74: instance, TXT, cache-flush IN, TTL 4500, RDLENGTH 141
        0xc0, 0x27, 0x00, 0x10, 0x80, 0x01, 0x00, 0x00, 0x11, 0x94, 0x00, 0x8d,
        // 86: txtvers, ty, usb_MFG, usb_MDL, product, rp, Duplex (boolean), adminurl= (empty)
        0x09, 0x74, 0x78, 0x74, 0x76, 0x65, 0x72, 0x73, 0x3d, 0x31, 0x1a, 0x74, 0x79, 0x3d, 0x48, 0x50,
        0x20, 0x4c, 0x61, 0x73, 0x65, 0x72, 0x4a, 0x65, 0x74, 0x20, 0x4d, 0x46, 0x50, 0x20, 0x4d, 0x34,
        0x32, 0x36, 0x66, 0x64, 0x77, 0x0a, 0x75, 0x73, 0x62, 0x5f, 0x4d, 0x46, 0x47, 0x3d, 0x48, 0x50,
        0x1c, 0x75, 0x73, 0x62, 0x5f, 0x4d, 0x44, 0x4c, 0x3d, 0x4c, 0x61, 0x73, 0x65, 0x72, 0x4a, 0x65,
        0x74, 0x20, 0x4d, 0x46, 0x50, 0x20, 0x4d, 0x34, 0x32, 0x36, 0x66, 0x64, 0x77, 0x21, 0x70, 0x72,
        0x6f, 0x64, 0x75, 0x63, 0x74, 0x3d, 0x28, 0x48, 0x50, 0x20, 0x4c, 0x61, 0x73, 0x65, 0x72, 0x4a,
        0x65, 0x74, 0x20, 0x4d, 0x46, 0x50, 0x20, 0x4d, 0x34, 0x32, 0x36, 0x66, 0x64, 0x77, 0x29, 0x0c,
        0x72, 0x70, 0x3d, 0x69, 0x70, 0x70, 0x2f, 0x70, 0x72, 0x69, 0x6e, 0x74, 0x06, 0x44, 0x75, 0x70,
        0x6c, 0x65, 0x78, 0x09, 0x61, 0x64, 0x6d, 0x69, 0x6e, 0x75, 0x72, 0x6c, 0x3d,
    ]
    static let recursiveResponse: [UInt8] = [
        // 0: id 0x1a2b, flags QR RD RA, qd 1, an 3
        0x1a, 0x2b, 0x81, 0x80, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
        // 12: "www" "Example" "com" root
        0x03, 0x77, 0x77, 0x77, 0x07, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
        0x00,
        // 29: A, IN
        0x00, 0x01, 0x00, 0x01,
        // 33: www.Example.com, CNAME, IN, TTL 3600, RDLENGTH 6
        0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x06,
        // 45: "cdn" + pointer to Example.com (offset 45)
        0x03, 0x63, 0x64, 0x6e, 0xc0, 0x10,
        // 51: cdn.Example.com, A, IN, TTL 60, RDLENGTH 4
        0xc0, 0x2d, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04,
        // 63: 93.184.216.34
        0x5d, 0xb8, 0xd8, 0x22,
        // 67: cdn.Example.com, AAAA, IN, TTL 60, RDLENGTH 16
        0xc0, 0x2d, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x10,
        // 79: 2606:2800:220:1:248:1893:25c8:1946
        0x26, 0x06, 0x28, 0x00, 0x02, 0x20, 0x00, 0x01, 0x02, 0x48, 0x18, 0x93, 0x25, 0xc8, 0x19, 0x46,
    ]
}

@Suite("DNS stable bytes (the audit's repeat key)")
struct DNSStableBytesTests {
    /// The bytes `DNSStableBytes` keeps, or nil when it declines the message.
    static func stable(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBytes { message in
            var kept: [UInt8] = []
            let walked = DNSStableBytes.forEachRange(in: message) { range in kept += message[range] }
            return walked ? kept : nil
        }
    }

    @Test("a response asked again, with a new id and counted-down TTLs, keeps the same stable bytes")
    func repeatedAnswer() throws {
        var again = DNSSamples.recursiveResponse
        again[0] ^= 0xFF
        again[1] ^= 0x55
        let original = try #require(Self.stable(DNSSamples.recursiveResponse))
        let message = try #require(parseDNS(DNSSamples.recursiveResponse).message)
        // Every record's TTL is left out: 12 header bytes less the id, and 4 bytes per record.
        let records = message.answers.count + message.authorities.count + message.additionals.count
        #expect(original.count == DNSSamples.recursiveResponse.count - 2 - 4 * records)
        #expect(Self.stable(again) == original)
        // Lower every TTL by one second. The kept ranges are separated by exactly the 4-byte TTLs.
        var ranges: [Range<Int>] = []
        DNSSamples.recursiveResponse.withUnsafeBytes { bytes in
            _ = DNSStableBytes.forEachRange(in: bytes) { ranges.append($0) }
        }
        let offsets = ranges.dropLast().map(\.upperBound)
        #expect(offsets.count == records)
        var older = DNSSamples.recursiveResponse
        for ttl in offsets { older[ttl + 3] &-= 1 }
        #expect(older != DNSSamples.recursiveResponse)
        #expect(Self.stable(older) == original)
        // A different answer is different.
        var other = DNSSamples.recursiveResponse
        other[other.count - 1] ^= 0x01
        #expect(Self.stable(other) != original)
    }

    @Test("an mDNS response with TXT, SRV and A records is walked")
    func mdns() throws {
        let kept = try #require(Self.stable(DNSSamples.chromecastResponse))
        #expect(kept.count == DNSSamples.chromecastResponse.count - 2 - 4 * 4)
    }

    @Test("a cut, a count past the end or too many records is declined, never a trap")
    func declines() {
        let bytes = DNSSamples.chromecastResponse
        for cut in 0..<bytes.count { #expect(Self.stable(Array(bytes[..<cut])) == nil) }
        var many = dnsHeader(qd: UInt16(DNSStableBytes.maxRecords + 1))
        for _ in 0...DNSStableBytes.maxRecords { many += [0, 0, 1, 0, 1] }
        #expect(Self.stable(many) == nil)
        #expect(Self.stable(pointerChain(hops: 3)) != nil)
        var longLabel = dnsHeader(qd: 1)
        longLabel += [0x3F] + [UInt8](repeating: 0x61, count: 10)
        #expect(Self.stable(longLabel) == nil)
    }
}
