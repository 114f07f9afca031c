import Foundation
import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `text` (UTF-8) with `parse`.
private func parsed<Message>(
    _ text: String, _ parse: (UnsafeRawBufferPointer) -> ParseResult<Message>
) -> ParseResult<Message> {
    Array(text.utf8).withUnsafeBytes { parse($0) }
}

/// Parses `bytes` with `parse`.
private func parsed<Message>(
    _ bytes: [UInt8], _ parse: (UnsafeRawBufferPointer) -> ParseResult<Message>
) -> ParseResult<Message> {
    bytes.withUnsafeBytes { parse($0) }
}

/// Hand-built samples (no capture bytes in the repository). The ONVIF ones follow the WS-Discovery 2005/04
/// draft namespaces ONVIF Profile S devices use, and the scope layout of the ONVIF Core Specification
/// §7.3.2.2; SADP and DHIP follow what public scanners and write-ups show (docs/protocols/cameras-and-snmp.md).
/// The same messages are the fuzz seeds of family 6 (scripts/gen-protocol-seeds.py).
enum DiscoverySamples {
    static let namespaces =
        #"xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" "#
        + #"xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" "#
        + #"xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" "#
        + #"xmlns:dn="http://www.onvif.org/ver10/network/wsdl""#

    static func envelope(action: String, header: String = "", body: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope "# + namespaces + "><SOAP-ENV:Header>"
            + "<wsa:MessageID>urn:uuid:8e3a1c52-2f41-4d7e-9b3c-1a2b3c4d5e6f</wsa:MessageID>" + header
            + "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/\(action)</wsa:Action></SOAP-ENV:Header>"
            + "<SOAP-ENV:Body>\(body)</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    }

    /// One ONVIF camera endpoint: reference, types, scopes (one percent-encoded), transport address, version.
    static let onvifEndpoint =
        "<wsa:EndpointReference><wsa:Address>urn:uuid:5f5a69c2-e0ae-504f-829b-00fc3b2b2a9e</wsa:Address>"
        + "</wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>"
        + "<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming "
        + "onvif://www.onvif.org/hardware/DS-2CD2043G2-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2043G2-I "
        + "onvif://www.onvif.org/location/city/hangzhou</d:Scopes>"
        + "<d:XAddrs>http://192.168.1.64/onvif/device_service</d:XAddrs>"
        + "<d:MetadataVersion>10</d:MetadataVersion>"

    static let hello = envelope(action: "Hello", body: "<d:Hello>\(onvifEndpoint)</d:Hello>")
    static let probe = envelope(
        action: "Probe", body: "<d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe>")
    static let bye = envelope(
        action: "Bye",
        body: "<d:Bye><wsa:EndpointReference><wsa:Address>urn:uuid:5f5a69c2-e0ae-504f-829b-00fc3b2b2a9e"
            + "</wsa:Address></wsa:EndpointReference></d:Bye>")

    /// A WS-Discovery 1.1 ProbeMatches without namespace prefixes (default namespaces), two matches: a
    /// printer (WSD, no ONVIF scopes) and a camera.
    static let probeMatchesUnprefixed =
        #"<?xml version="1.0"?><Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Header>"#
        + #"<Action xmlns="http://www.w3.org/2005/08/addressing">"#
        + "http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01/ProbeMatches</Action>"
        + "<MessageID>urn:uuid:11111111-2222-3333-4444-555555555555</MessageID></Header><Body>"
        + #"<ProbeMatches xmlns="http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01">"#
        + "<ProbeMatch><EndpointReference><Address>urn:uuid:aaaa</Address></EndpointReference>"
        + "<Types>wsdp:Device wprt:PrintDeviceType</Types><XAddrs>http://192.168.1.30:3911/</XAddrs></ProbeMatch>"
        + "<ProbeMatch><EndpointReference><Address>urn:uuid:bbbb</Address></EndpointReference>"
        + "<Types>dn:NetworkVideoTransmitter</Types>"
        + "<Scopes>onvif://www.onvif.org/hardware/IPC-HDW5421S onvif://www.onvif.org/MAC/3c:ef:8c:41:6c:ce</Scopes>"
        + "<XAddrs>http://192.168.1.108/onvif/device_service http://[fe80::1]/onvif/device_service</XAddrs>"
        + "</ProbeMatch></ProbeMatches></Body></Envelope>"

    static let sadpProbe =
        #"<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>13A888A9-F1B1-4020-AE9F-05607682D23B</Uuid>"#
        + "<Types>inquiry</Types></Probe>"

    static let sadpProbeMatch =
        #"<?xml version="1.0" encoding="utf-8"?><ProbeMatch><Uuid>13A888A9-F1B1-4020-AE9F-05607682D23B</Uuid>"#
        + "<Types>inquiry</Types><DeviceType>139</DeviceType><DeviceDescription>DS-2CD2043G2-I</DeviceDescription>"
        + "<DeviceSN>DS-2CD2043G2-I20200101AAWRE12345678</DeviceSN><CommandPort>8000</CommandPort>"
        + "<HttpPort>80</HttpPort><MAC>44-19-b6-aa-bb-cc</MAC><IPv4Address>192.168.1.64</IPv4Address>"
        + "<IPv4SubnetMask>255.255.255.0</IPv4SubnetMask><IPv4Gateway>192.168.1.1</IPv4Gateway>"
        + "<IPv6Address>::</IPv6Address><DHCP>false</DHCP><SoftwareVersion>V5.6.5build 200316</SoftwareVersion>"
        + "<DSPVersion>V7.3 build 200311</DSPVersion><BootTime>2024-01-15 08:30:00</BootTime>"
        + "<Activated>true</Activated><PasswordResetAbility>true</PasswordResetAbility></ProbeMatch>"

    /// A DHIP frame: the 32-byte header, then `body`.
    static func dhip(_ body: String, length: UInt32? = nil, repeated: UInt32? = nil) -> [UInt8] {
        let bodyBytes = Array(body.utf8)
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var frame: [UInt8] = [0x20, 0x00, 0x00, 0x00, 0x44, 0x48, 0x49, 0x50]  // magic: 0x20, "DHIP"
        frame += [0, 0, 0, 0, 0, 0, 0, 0x01]  // bytes 8-15: session 1
        frame += le32(length ?? UInt32(bodyBytes.count))  // bytes 16-19: body length, little-endian
        frame += [0, 0, 0, 0]  // bytes 20-23: zero
        frame += le32(repeated ?? length ?? UInt32(bodyBytes.count))  // bytes 24-27: body length again
        frame += [0, 0, 0, 0]  // bytes 28-31: zero
        return frame + bodyBytes
    }

    static let dhipSearchBody = #"{ "method" : "DHDiscover.search", "params" : { "mac" : "", "uni" : 1 } }"# + "\n"
    static let dhipNotifyBody =
        #"{ "mac" : "3c:ef:8c:41:6c:ce", "method" : "client.notifyDevInfo", "params" : { "deviceInfo" : { "#
        + #""DeviceClass" : "IPC", "DeviceType" : "IPC-HDW5421S", "HttpPort" : 80, "IPv4Address" : { "#
        + #""DefaultGateway" : "192.168.1.1", "DhcpEnable" : false, "IPAddress" : "192.168.1.108", "SubnetMask" : "#
        + #""255.255.255.0" }, "MachineName" : "3C06520PAN00001", "Manufacturer" : "General", "Port" : 37777, "#
        + #""SerialNo" : "3C06520PAN00001", "Vendor" : "Dahua", "Version" : "2.800.0000000.25.R" } } }"# + "\n"
}

@Suite("WS-Discovery parser")
struct WSDiscoveryParserTests {
    @Test("an ONVIF Hello: action, endpoint, types, scopes (percent-decoded), XAddrs, metadata version")
    func hello() throws {
        let result = parsed(DiscoverySamples.hello, WSDiscoveryParser.parse)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.action == .hello && message.action.describesSender)
        #expect(message.actionURI == "http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello")
        #expect(message.messageID == "urn:uuid:8e3a1c52-2f41-4d7e-9b3c-1a2b3c4d5e6f")
        let entry = try #require(message.entries.first)
        #expect(message.entries.count == 1)
        #expect(entry.address == "urn:uuid:5f5a69c2-e0ae-504f-829b-00fc3b2b2a9e")
        #expect(entry.types == ["dn:NetworkVideoTransmitter", "tds:Device"])
        #expect(entry.typeLocalNames == ["NetworkVideoTransmitter", "Device"])
        #expect(entry.scopes.count == 5)
        #expect(entry.transportAddresses == ["http://192.168.1.64/onvif/device_service"])
        #expect(entry.metadataVersion == 10)
        #expect(entry.onvifScope("hardware") == "DS-2CD2043G2-I")
        #expect(entry.onvifScope("name") == "HIKVISION DS-2CD2043G2-I")
        #expect(entry.onvifScope("location") == "city/hangzhou")
        #expect(entry.onvifScope("profile") == "Streaming")
        #expect(entry.onvifScope("type") == "video_encoder")
    }

    @Test("Probe and Bye: a query and a departure, neither describing the sender")
    func probeAndBye() throws {
        let probe = try #require(parsed(DiscoverySamples.probe, WSDiscoveryParser.parse).message)
        #expect(probe.action == .probe && !probe.action.describesSender)
        #expect(probe.entries.first?.types == ["dn:NetworkVideoTransmitter"])
        let bye = try #require(parsed(DiscoverySamples.bye, WSDiscoveryParser.parse).message)
        #expect(bye.action == .bye && !bye.action.describesSender)
        #expect(bye.entries.first?.address == "urn:uuid:5f5a69c2-e0ae-504f-829b-00fc3b2b2a9e")
    }

    @Test("WS-Discovery 1.1 without prefixes: two ProbeMatch entries, ONVIF MAC scope")
    func probeMatchesUnprefixed() throws {
        let result = parsed(DiscoverySamples.probeMatchesUnprefixed, WSDiscoveryParser.parse)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.action == .probeMatches)
        #expect(message.entries.map(\.address) == ["urn:uuid:aaaa", "urn:uuid:bbbb"])
        #expect(message.entries[0].onvifScopes.isEmpty)
        #expect(message.entries[0].typeLocalNames == ["Device", "PrintDeviceType"])
        #expect(message.entries[1].onvifScope("mac") == "3c:ef:8c:41:6c:ce")
        #expect(message.entries[1].transportAddresses.count == 2)
    }

    @Test("the Body names the message when the Action header is absent; an unknown one is flagged")
    func actionFromBody() throws {
        let noAction =
            "<s:Envelope><s:Header/><s:Body><wsdd:ResolveMatches><wsdd:ResolveMatch><a:EndpointReference>"
            + "<a:Address>urn:uuid:cc</a:Address></a:EndpointReference><wsdd:XAddrs>http://h/</wsdd:XAddrs>"
            + "</wsdd:ResolveMatch></wsdd:ResolveMatches></s:Body></s:Envelope>"
        let message = try #require(parsed(noAction, WSDiscoveryParser.parse).message)
        #expect(message.action == .resolveMatches)
        #expect(message.entries.first?.transportAddresses == ["http://h/"])
        let unknown = parsed("<Envelope><Body><GetSystemDateAndTime/></Body></Envelope>", WSDiscoveryParser.parse)
        #expect(unknown.anomalies == [.wsdUnknownAction])
        #expect(unknown.message?.action.rawValue == "GetSystemDateAndTime")
    }

    @Test("not SOAP is malformed; entities, CDATA and comments are read; percent escapes stay literal when bad")
    func lenientReading() throws {
        #expect(parsed("M-SEARCH * HTTP/1.1\r\n\r\n", WSDiscoveryParser.parse).anomalies == [.wsdNotSOAP])
        #expect(parsed("<html><body/></html>", WSDiscoveryParser.parse).anomalies == [.wsdNotSOAP])
        #expect(parsed("", WSDiscoveryParser.parse).anomalies == [.wsdNotSOAP])
        let text =
            "<Envelope><!-- c --><Body><Hello><Scopes>onvif://www.onvif.org/name/A&amp;B%2 "
            + "onvif://www.onvif.org/location/<![CDATA[x<y]]></Scopes></Hello></Body></Envelope>"
        let entry = try #require(parsed(text, WSDiscoveryParser.parse).message?.entries.first)
        #expect(entry.onvifScope("name") == "A&B%2")
        #expect(entry.onvifScope("location") == "x<y")
    }

    @Test("limits: long values cut, too many scopes and matches dropped, each flagged")
    func limits() throws {
        let long = String(repeating: "a", count: WSDiscoveryParser.maxFieldLength + 10)
        let cut = parsed(
            "<Envelope><Body><Hello><XAddrs>\(long)</XAddrs></Hello></Body></Envelope>", WSDiscoveryParser.parse)
        #expect(cut.anomalies == [.wsdFieldTruncated])
        #expect(cut.message?.entries.first?.transportAddresses.first?.utf8.count == WSDiscoveryParser.maxFieldLength)
        let scopes = (0..<40).map { "s\($0)" }.joined(separator: " ")
        let many = parsed(
            "<Envelope><Body><Hello><Scopes>\(scopes)</Scopes></Hello></Body></Envelope>", WSDiscoveryParser.parse)
        #expect(many.anomalies == [.wsdTooManyValues])
        #expect(many.message?.entries.first?.scopes.count == WSDiscoveryParser.maxValues)
        let matches = String(repeating: "<ProbeMatch><Types>a</Types></ProbeMatch>", count: 20)
        let manyMatches = parsed(
            "<Envelope><Body><ProbeMatches>\(matches)</ProbeMatches></Body></Envelope>", WSDiscoveryParser.parse)
        #expect(manyMatches.anomalies == [.wsdTooManyValues])
        #expect(manyMatches.message?.entries.count == WSDiscoveryParser.maxEntries)
    }

    @Test("truncation at every offset: the elements before the cut, or malformed; never a trap")
    func truncation() {
        for sample in [DiscoverySamples.hello, DiscoverySamples.probeMatchesUnprefixed] {
            let bytes = Array(sample.utf8)
            for length in 0..<bytes.count {
                let result = parsed(Array(bytes[0..<length]), WSDiscoveryParser.parse)
                if let message = result.message {
                    #expect(result.anomalies.contains(.wsdTruncated), "length \(length)")
                    #expect(message.entries.count <= 2)
                } else {
                    #expect(result.anomalies == [.wsdNotSOAP], "length \(length)")
                }
            }
        }
    }

    /// Every corpus capture with WS-Discovery on UDP 3702, found once with
    /// `tshark -r F -Y 'udp.port==3702 || udp.port==37020 || udp.port==37810 || udp.port==5050'` over all captures.
    static let corpusFiles = ["iotls/Traffic/amcrest-cam-wired.pcap"]

    @Test(
        "agreement with tshark's XML dissector (xml_udp heuristic) on every WS-Discovery datagram of the corpus",
        .requiresCorpus, .requiresTShark)
    func corpusAgreement() throws {
        var compared = 0
        var agreed = 0
        for file in Self.corpusFiles {
            let rows = TShark.rows(
                try TShark.run(
                    ["-n", "-r", Corpus.path(file)] + [
                        "--enable-heuristic", "xml_udp", "-Y", "udp.port == 3702 && !icmp && xml", "-T", "fields", "-E",
                        "occurrence=a", "-E", "aggregator=|", "-e", "udp.payload", "-e", "xml.cdata",
                    ]
                ).stdout)
            for row in rows where row.count == 2 {
                let payload = try #require(TShark.bytes(fromHex: row[0]))
                let texts = Set(row[1].split(separator: "|").map(String.init))
                let message = try #require(parsed(payload, WSDiscoveryParser.parse).message)
                compared += 1
                var values = [message.actionURI, message.messageID].compactMap { $0 }
                for entry in message.entries {
                    values += [entry.address].compactMap { $0 }
                    values.append(entry.types.joined(separator: " "))
                    values.append(entry.transportAddresses.joined(separator: " "))
                }
                let missing = values.filter { !texts.contains($0) }
                // Scopes are compared as sets of tokens (tshark keeps the doubled spaces between them).
                let tsharkTokens = Set(texts.flatMap { $0.split(separator: " ").map(String.init) })
                let scopesAgree = message.entries.allSatisfy { Set($0.scopes).isSubset(of: tsharkTokens) }
                if missing.isEmpty && scopesAgree && !message.entries.isEmpty { agreed += 1 }
                #expect(missing.isEmpty && scopesAgree, "\(file): \(missing)")
            }
        }
        print("WS-Discovery corpus agreement: \(agreed)/\(compared) datagrams")
        #expect(compared >= 2)
    }
}

@Suite("Hikvision SADP parser")
struct SADPParserTests {
    @Test("a ProbeMatch: model, firmware, MAC, ports, activation; the serial only as present")
    func probeMatch() throws {
        let result = parsed(DiscoverySamples.sadpProbeMatch, SADPParser.parse)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.kind == .probeMatch)
        #expect(message.uuid == "13A888A9-F1B1-4020-AE9F-05607682D23B" && message.types == "inquiry")
        #expect(message.deviceType == "139" && message.deviceDescription == "DS-2CD2043G2-I")
        #expect(message.hasSerialNumber)
        #expect(!String(describing: message).contains("AAWRE12345678"))
        #expect(message.commandPort == 8000 && message.httpPort == 80)
        #expect(message.macAddress == MACAddress("44:19:b6:aa:bb:cc") && message.macText == "44-19-b6-aa-bb-cc")
        #expect(message.ipv4Address == "192.168.1.64" && message.ipv4Gateway == "192.168.1.1")
        #expect(message.ipv4SubnetMask == "255.255.255.0" && message.ipv6Address == "::")
        #expect(message.dhcp == false && message.activated == true && message.passwordResetAbility == true)
        #expect(message.firmware == "V5.6.5build 200316; V7.3 build 200311")
        #expect(message.bootTime == "2024-01-15 08:30:00")
        #expect(message.otherElementNames.isEmpty)
    }

    @Test("a Probe is a query; unknown elements are named; a bad MAC is flagged")
    func probeAndOddities() throws {
        let probe = try #require(parsed(DiscoverySamples.sadpProbe, SADPParser.parse).message)
        #expect(probe.kind == .probe && probe.types == "inquiry" && probe.deviceDescription == nil)
        let odd = parsed(
            "<ProbeMatch><MAC>44-19-b6</MAC><Salt>x</Salt><DeviceSN></DeviceSN></ProbeMatch>", SADPParser.parse)
        #expect(odd.anomalies == [.sadpBadMAC])
        #expect(odd.message?.macAddress == nil && odd.message?.otherElementNames == ["Salt"])
        #expect(odd.message?.hasSerialNumber == false)
    }

    @Test("not SADP is malformed; too many elements and long values are flagged")
    func limits() {
        #expect(parsed("<Envelope/>", SADPParser.parse).anomalies == [.sadpNotSADP])
        #expect(parsed("Probe", SADPParser.parse).anomalies == [.sadpNotSADP])
        let many = String(repeating: "<X>1</X>", count: SADPParser.maxElements + 5)
        #expect(parsed("<ProbeMatch>\(many)</ProbeMatch>", SADPParser.parse).anomalies == [.sadpTooManyElements])
        let long = String(repeating: "b", count: SADPParser.maxFieldLength + 1)
        let cut = parsed("<ProbeMatch><DeviceDescription>\(long)</DeviceDescription></ProbeMatch>", SADPParser.parse)
        #expect(cut.anomalies == [.sadpFieldTruncated])
        #expect(cut.message?.deviceDescription?.utf8.count == SADPParser.maxFieldLength)
    }

    @Test("truncation at every offset: the elements before the cut, or malformed; never a trap")
    func truncation() {
        let bytes = Array(DiscoverySamples.sadpProbeMatch.utf8)
        for length in 0..<bytes.count {
            let result = parsed(Array(bytes[0..<length]), SADPParser.parse)
            if result.message != nil {
                #expect(result.anomalies.contains(.sadpTruncated), "length \(length)")
            } else {
                #expect(result.anomalies == [.sadpNotSADP], "length \(length)")
            }
        }
    }
}

@Suite("Dahua DHIP parser")
struct DHIPParserTests {
    @Test("client.notifyDevInfo: model, class, vendor, firmware, MAC, ports, address; the serial only as present")
    func notify() throws {
        let result = parsed(DiscoverySamples.dhip(DiscoverySamples.dhipNotifyBody), DHIPParser.parse)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.session == 1 && Int(message.bodyLength) == DiscoverySamples.dhipNotifyBody.utf8.count)
        #expect(message.isDeviceInfo && message.method == "client.notifyDevInfo")
        #expect(message.deviceType == "IPC-HDW5421S" && message.deviceClass == "IPC")
        #expect(message.vendor == "Dahua" && message.manufacturer == "General")
        #expect(message.version == "2.800.0000000.25.R")
        #expect(message.macAddress == MACAddress("3c:ef:8c:41:6c:ce"))
        #expect(message.httpPort == 80 && message.port == 37777 && message.ipv4Address == "192.168.1.108")
        #expect(message.hasSerialNumber)
        #expect(!String(describing: message).contains("3C06520PAN00001"))
    }

    @Test("DHDiscover.search: a query, its empty params.mac is not the top-level mac")
    func search() throws {
        let message = try #require(
            parsed(DiscoverySamples.dhip(DiscoverySamples.dhipSearchBody), DHIPParser.parse).message)
        #expect(message.method == "DHDiscover.search" && !message.isDeviceInfo)
        #expect(message.macText == nil && message.deviceType == nil)
    }

    @Test("length fields: too large is truncated, too small cuts the JSON, a mismatch is flagged")
    func lengthFields() throws {
        let body = DiscoverySamples.dhipNotifyBody
        let count = UInt32(body.utf8.count)
        let large = parsed(DiscoverySamples.dhip(body, length: count + 100), DHIPParser.parse)
        #expect(large.anomalies == [.dhipTruncated])
        #expect(large.message?.deviceType == "IPC-HDW5421S")
        let small = parsed(DiscoverySamples.dhip(body, length: 70), DHIPParser.parse)
        #expect(small.anomalies == [.dhipBadJSON])
        #expect(small.message?.method == "client.notifyDevInfo" && small.message?.deviceType == nil)
        let mismatch = parsed(DiscoverySamples.dhip(body, length: count, repeated: 7), DHIPParser.parse)
        #expect(mismatch.anomalies == [.dhipLengthMismatch])
        let huge = parsed(DiscoverySamples.dhip(body, length: UInt32.max), DHIPParser.parse)
        #expect(huge.anomalies == [.dhipTruncated])
    }

    @Test("bad header, bad JSON, escapes, deep nesting and long strings")
    func oddities() throws {
        #expect(parsed(Array("{\"method\":1}".utf8), DHIPParser.parse).anomalies == [.dhipBadHeader])
        var badMagic = DiscoverySamples.dhip("{}")
        badMagic[4] = UInt8(ascii: "X")
        #expect(parsed(badMagic, DHIPParser.parse).anomalies == [.dhipBadHeader])
        #expect(parsed(DiscoverySamples.dhip("not json"), DHIPParser.parse).anomalies == [.dhipBadJSON])
        #expect(parsed(DiscoverySamples.dhip(""), DHIPParser.parse).anomalies == [.dhipBadJSON])
        let escaped =
            #"{"method":"client.notifyDevInfo","params":{"deviceInfo":{"DeviceType":"IPC\/\u0041\"x\ud800"}}}"#
        let message = try #require(parsed(DiscoverySamples.dhip(escaped), DHIPParser.parse).message)
        #expect(message.deviceType == "IPC/A\"x\u{FFFD}")
        let deep = "{\"a\":" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"
        #expect(parsed(DiscoverySamples.dhip(deep), DHIPParser.parse).anomalies == [.dhipScanLimit])
        let wide = "{\"a\":[" + Array(repeating: "1", count: DHIPParser.maxTokens + 5).joined(separator: ",") + "]}"
        #expect(parsed(DiscoverySamples.dhip(wide), DHIPParser.parse).anomalies == [.dhipScanLimit])
        let long = String(repeating: "v", count: DHIPParser.maxFieldLength + 3)
        let cut = parsed(
            DiscoverySamples.dhip(#"{"params":{"deviceInfo":{"Version":""# + long + #""}}}"#), DHIPParser.parse)
        #expect(cut.anomalies == [.dhipFieldTruncated])
        #expect(cut.message?.version?.utf8.count == DHIPParser.maxFieldLength)
    }

    @Test("truncation at every offset: malformed within the header, then partial; never a trap")
    func truncation() {
        let bytes = DiscoverySamples.dhip(DiscoverySamples.dhipNotifyBody)
        for length in 0..<bytes.count {
            let result = parsed(Array(bytes[0..<length]), DHIPParser.parse)
            if length < 32 {
                #expect(result.anomalies == [.dhipBadHeader], "length \(length)")
            } else {
                #expect(result.message != nil && result.anomalies.contains(.dhipTruncated), "length \(length)")
            }
        }
    }
}
