import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetTestSupport
import NetVetWire
import Testing

/// HTTP bodies (UPnP device descriptions, CWMP Informs) and DNS over TCP through the whole pipeline,
/// from hand-built Ethernet/IPv4/TCP frames whose payloads are split over segments.
@Suite("HTTP bodies and DNS over TCP in the audit")
struct BodyEvidenceTests {
    /// One direction of a hand-built TCP connection between 10.0.0.`client` and 10.0.0.`server`.
    struct Connection {
        var client: UInt8
        var server: UInt8
        var clientPort: UInt16
        var serverPort: UInt16
        var clientSequence: UInt32 = 1000
        var serverSequence: UInt32 = 5000
        var frames: [[UInt8]] = []

        /// Ethernet (MAC 02:00:00:00:00:`host`) / IPv4 / TCP segment, checksums zero (not checked):
        /// identification 1, no fragmentation flags, acknowledgment number 0, window 65535, no padding.
        static func segment(
            from source: UInt8, to destination: UInt8, ports: (UInt16, UInt16), sequence: UInt32, flags: UInt8,
            payload: [UInt8]
        ) -> [UInt8] {
            FrameBuilder.ethernet(
                MACAddress(0x02, 0, 0, 0, 0, destination), MACAddress(0x02, 0, 0, 0, 0, source), 0x0800,
                FrameBuilder.ipv4(
                    .v4(IPv4Address(10, 0, 0, source)), .v4(IPv4Address(10, 0, 0, destination)), protocol: 6,
                    FrameBuilder.tcp(ports.0, ports.1, sequence: sequence, acknowledgment: 0, flags: flags, payload),
                    identification: 1, fragment: 0, checksum: false),
                padded: false)
        }

        init(client: UInt8, server: UInt8, clientPort: UInt16, serverPort: UInt16) {
            self.client = client
            self.server = server
            self.clientPort = clientPort
            self.serverPort = serverPort
            // SYN (0x02) and SYN-ACK (0x12): each occupies one sequence number.
            frames.append(
                Self.segment(
                    from: client, to: server, ports: (clientPort, serverPort),
                    sequence: clientSequence, flags: 0x02, payload: []))
            frames.append(
                Self.segment(
                    from: server, to: client, ports: (serverPort, clientPort),
                    sequence: serverSequence, flags: 0x12, payload: []))
            clientSequence += 1
            serverSequence += 1
        }

        /// A PSH-ACK (0x18) segment of `text` from the client or the server.
        mutating func send(_ text: String, fromClient: Bool) { send(Array(text.utf8), fromClient: fromClient) }

        /// A PSH-ACK (0x18) segment of `payload` from the client or the server.
        mutating func send(_ payload: [UInt8], fromClient: Bool) {
            if fromClient {
                frames.append(
                    Self.segment(
                        from: client, to: server, ports: (clientPort, serverPort), sequence: clientSequence,
                        flags: 0x18, payload: payload))
                clientSequence &+= UInt32(payload.count)
            } else {
                frames.append(
                    Self.segment(
                        from: server, to: client, ports: (serverPort, clientPort), sequence: serverSequence,
                        flags: 0x18, payload: payload))
                serverSequence &+= UInt32(payload.count)
            }
        }
    }

    /// Audits `frames` and returns each device's evidence as `source field=value` strings.
    func evidence(_ frames: [[UInt8]]) throws -> [String: [String]] {
        let auditor = Auditor()
        let timed = frames.enumerated().map { index, bytes in
            MemoryFrameSource.Frame(time: PacketTime(seconds: 1_700_000_000, microseconds: Int64(index)), bytes: bytes)
        }
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: timed))
        var result: [String: [String]] = [:]
        for entry in auditor.finish().devices {
            result[entry.mac.description] = entry.evidence.map { "\($0.source) \($0.field)=\($0.value)" }
        }
        return result
    }

    @Test("a chunked device description after a head sent alone: upnp evidence for the server, head once")
    func upnpDescription() throws {
        var connection = Connection(client: 2, server: 5, clientPort: 40_000, serverPort: 49_152)
        connection.send(
            "GET /rootDesc.xml HTTP/1.1\r\nHost: 10.0.0.5:49152\r\nUser-Agent: probe/1\r\n\r\n", fromClient: true)
        connection.send(
            "HTTP/1.1 200 OK\r\nServer: Linux UPnP/1.0 MiniUPnPd/2.2\r\nTransfer-Encoding: chunked\r\n\r\n",
            fromClient: false)
        let body =
            "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
            + "<friendlyName>Gateway</friendlyName><manufacturer>ACME</manufacturer><modelName>RT-1</modelName>"
            + "<modelNumber>1.2</modelNumber><serialNumber>SN1</serialNumber></device></root>"
        let split = body.index(body.startIndex, offsetBy: 100)
        connection.send(String(100, radix: 16) + "\r\n" + body[..<split] + "\r\n", fromClient: false)
        let rest = body[split...]
        connection.send(String(rest.utf8.count, radix: 16) + "\r\n" + rest + "\r\n0\r\n\r\n", fromClient: false)
        let devices = try evidence(connection.frames)
        #expect(
            devices["02:00:00:00:00:05"] == [
                "http server=Linux UPnP/1.0 MiniUPnPd/2.2", "upnp manufacturer=ACME", "upnp model_name=RT-1",
                "upnp model_number=1.2", "upnp friendly_name=Gateway", "upnp serial_present=true",
            ])
        #expect(devices["02:00:00:00:00:02"] == ["http user_agent=probe/1"])
    }

    /// A TR-069 Amendment 6 §A.3.3.1 Inform (built by hand, see CWMPTests for the layout).
    static let inform = """
        <?xml version="1.0" encoding="UTF-8"?>
        <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" \
        xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">4711</cwmp:ID>
        </soap-env:Header><soap-env:Body><cwmp:Inform>
         <DeviceId><Manufacturer>Acme &amp; Sons</Manufacturer><OUI>00D09E</OUI><ProductClass>IGD</ProductClass>
          <SerialNumber>S0123456789</SerialNumber></DeviceId>
         <Event><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct>
          <EventStruct><EventCode>4 VALUE CHANGE</EventCode><CommandKey/></EventStruct></Event>
         <MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2024-03-01T09:00:00Z</CurrentTime><RetryCount>0</RetryCount>
         <ParameterList>
          <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.HardwareVersion</Name>
           <Value>HW-2.1</Value></ParameterValueStruct>
          <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name>
           <Value><![CDATA[7.2.4 <build 9>]]></Value></ParameterValueStruct>
          <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.ModelName</Name>
           <Value>AG-500</Value></ParameterValueStruct>
         </ParameterList>
        </cwmp:Inform></soap-env:Body></soap-env:Envelope>
        """

    @Test("a CWMP Inform POST over three segments: cwmp evidence for the CPE, never its serial number")
    func cwmpInform() throws {
        var connection = Connection(client: 7, server: 9, clientPort: 50_000, serverPort: 7547)
        let body = Array(Self.inform.utf8)
        connection.send(
            "POST /acs HTTP/1.1\r\nHost: acs.example:7547\r\nUser-Agent: cwmp-client/1\r\n"
                + "Content-Type: text/xml; charset=\"utf-8\"\r\nSOAPAction:\r\nContent-Length: \(body.count)\r\n\r\n",
            fromClient: true)
        connection.send(Array(body[..<400]), fromClient: true)
        connection.send(Array(body[400...]), fromClient: true)
        let devices = try evidence(connection.frames)
        let cpe = try #require(devices["02:00:00:00:00:07"])
        #expect(
            cpe == [
                "http user_agent=cwmp-client/1", "cwmp manufacturer=Acme & Sons", "cwmp oui=00D09E",
                "cwmp product_class=IGD", "cwmp model_name=AG-500", "cwmp software_version=7.2.4 <build 9>",
                "cwmp hardware_version=HW-2.1", "cwmp serial_present=true", "cwmp events=1 BOOT,4 VALUE CHANGE",
            ])
        #expect(!cpe.joined().contains("S0123456789"))
    }

    @Test("DNS over TCP: the length-prefixed query split over two segments is evidence for the client")
    func dnsOverTCP() throws {
        var connection = Connection(client: 2, server: 1, clientPort: 41_000, serverPort: 53)
        // Header: id 0x1234, flags 0x0100 (RD), 1 question, no records; question device.example IN A.
        let query: [UInt8] =
            [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + [6] + Array("device".utf8) + [7]
            + Array("example".utf8) + [0, 0, 1, 0, 1]
        connection.send([0, UInt8(query.count)] + query[..<5], fromClient: true)
        connection.send(Array(query[5...]), fromClient: true)
        let devices = try evidence(connection.frames)
        #expect(devices["02:00:00:00:00:02"] == ["dns query=device.example"])
    }

    @Test("DNS over TCP length prefix too large (waits, then nothing) and too small (the parser's anomaly)")
    func dnsLengthPrefix() throws {
        let query: [UInt8] =
            [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + [6] + Array("device".utf8) + [7]
            + Array("example".utf8) + [0, 0, 1, 0, 1]
        // Too large: the message never completes below the prefix limit, so no evidence.
        var tooLarge = Connection(client: 2, server: 1, clientPort: 41_001, serverPort: 53)
        tooLarge.send([0x01, 0x00] + query, fromClient: true)
        #expect(try evidence(tooLarge.frames)["02:00:00:00:00:02"] == [])
        // Too small: the message is cut inside its question, which the DNS parser reports.
        var tooSmall = Connection(client: 2, server: 1, clientPort: 41_002, serverPort: 53)
        tooSmall.send([0x00, 0x0E] + query, fromClient: true)
        let auditor = Auditor()
        let frames = tooSmall.frames.enumerated().map { index, bytes in
            MemoryFrameSource.Frame(time: PacketTime(seconds: 1_700_000_000, microseconds: Int64(index)), bytes: bytes)
        }
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: frames))
        let report = auditor.finish()
        #expect(report.devices.first { $0.mac.description == "02:00:00:00:00:02" }?.evidence == [])
        #expect(report.anomalies.first { $0.name == "dns.truncated" }?.count == 1)
    }
}
