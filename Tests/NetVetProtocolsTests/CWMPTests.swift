import NetVetProtocols
import Testing

/// Scans `text` (UTF-8) as a CWMP body.
private func parseCWMP(_ text: String, isComplete: Bool = true) -> ParseResult<CWMPInform> {
    parseCWMP(Array(text.utf8), isComplete: isComplete)
}

/// Scans `bytes` as a CWMP body.
private func parseCWMP(_ bytes: [UInt8], isComplete: Bool = true) -> ParseResult<CWMPInform> {
    bytes.withUnsafeBytes { CWMPParser.parse($0, isComplete: isComplete) }
}

/// Built by hand from TR-069 Amendment 6 §A.3.3.1 (Inform) and the SOAP envelope of §3.4 (no corpus
/// capture carries CWMP, and tshark has no CWMP dissector): a TR-098 gateway's BOOT Inform with a
/// namespaced envelope, an entity in the manufacturer, a CDATA value, and parameters the parser must
/// map (SoftwareVersion, HardwareVersion, ModelName) or skip (ConnectionRequestURL).
let cwmpBootInform = """
    <?xml version="1.0" encoding="UTF-8"?>
    <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"
     xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
    <soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">4711</cwmp:ID></soap-env:Header>
    <soap-env:Body>
    <cwmp:Inform>
     <DeviceId>
      <Manufacturer>Acme &amp; Sons</Manufacturer>
      <OUI>00D09E</OUI>
      <ProductClass>IGD</ProductClass>
      <SerialNumber>S0123456789</SerialNumber>
     </DeviceId>
     <Event soap-enc:arrayType="cwmp:EventStruct[2]">
      <EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct>
      <EventStruct><EventCode>4 VALUE CHANGE</EventCode><CommandKey/></EventStruct>
     </Event>
     <MaxEnvelopes>1</MaxEnvelopes>
     <CurrentTime>2024-03-01T09:00:00Z</CurrentTime>
     <RetryCount>0</RetryCount>
     <ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[4]">
      <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.HardwareVersion</Name>
       <Value xsi:type="xsd:string">HW-2.1</Value></ParameterValueStruct>
      <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name>
       <Value xsi:type="xsd:string"><![CDATA[7.2.4 <build 9>]]></Value></ParameterValueStruct>
      <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.ModelName</Name>
       <Value xsi:type="xsd:string">AG-500</Value></ParameterValueStruct>
      <ParameterValueStruct><Name>InternetGatewayDevice.ManagementServer.ConnectionRequestURL</Name>
       <Value xsi:type="xsd:string">http://192.0.2.1:7547/cr</Value></ParameterValueStruct>
     </ParameterList>
    </cwmp:Inform>
    </soap-env:Body>
    </soap-env:Envelope>
    """

@Suite("CWMP Inform")
struct CWMPTests {
    @Test("a TR-098 BOOT Inform: DeviceId, events and DeviceInfo parameters; serial presence only")
    func bootInform() throws {
        let result = parseCWMP(cwmpBootInform)
        #expect(result.anomalies.isEmpty)
        let inform = try #require(result.message)
        #expect(inform.manufacturer == "Acme & Sons" && inform.oui == "00D09E" && inform.productClass == "IGD")
        #expect(inform.hasSerialNumber)
        #expect(inform.eventCodes == ["1 BOOT", "4 VALUE CHANGE"])
        #expect(inform.hardwareVersion == "HW-2.1" && inform.softwareVersion == "7.2.4 <build 9>")
        #expect(inform.modelName == "AG-500" && inform.parameterCount == 4)
        #expect(!String(describing: inform).contains("S0123456789"))
    }

    @Test("a TR-181 Device. Inform without a serial number")
    func deviceModel() throws {
        let body = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><c:Inform \
            xmlns:c="urn:broadband-forum-org:cwmp-1-2"><DeviceId><Manufacturer>X</Manufacturer><OUI>A1B2C3</OUI>\
            <ProductClass>ONT</ProductClass><SerialNumber></SerialNumber></DeviceId><Event><EventStruct>\
            <EventCode>2 PERIODIC</EventCode></EventStruct></Event><ParameterList><ParameterValueStruct>\
            <Name>Device.DeviceInfo.SoftwareVersion</Name><Value>1.0</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.DeviceInfo.HardwareVersion</Name><Value>B</Value>\
            </ParameterValueStruct></ParameterList></c:Inform></s:Body></s:Envelope>
            """
        let inform = try #require(parseCWMP(body).message)
        #expect(inform.oui == "A1B2C3" && !inform.hasSerialNumber && inform.eventCodes == ["2 PERIODIC"])
        #expect(inform.softwareVersion == "1.0" && inform.hardwareVersion == "B" && inform.modelName == nil)
    }

    @Test("another RPC, a UPnP SOAP action and non-XML are not an Inform")
    func notInform() {
        let other = "<s:Envelope><s:Body><cwmp:GetRPCMethods/></s:Body></s:Envelope>"
        #expect(parseCWMP(other).anomalies == [.cwmpNotInform] && parseCWMP(other).message == nil)
        // Complete envelope: decided even when the caller says more may come.
        #expect(parseCWMP(other, isComplete: false).anomalies == [.cwmpNotInform])
        let upnp = "<s:Envelope><s:Body><u:GetExternalIPAddress xmlns:u=\"urn:x\"/></s:Body></s:Envelope>"
        #expect(parseCWMP(upnp).message == nil)
        #expect(parseCWMP("{\"json\": true}", isComplete: false).anomalies == [.cwmpNotInform])
        #expect(parseCWMP("", isComplete: true).anomalies == [.cwmpNotInform])
    }

    @Test("truncation at every offset: need more data, or the fields so far with cwmp.truncated")
    func truncation() throws {
        let bytes = Array(cwmpBootInform.utf8)
        let informEnd = try #require(cwmpBootInform.range(of: "</cwmp:Inform>")).upperBound
        let finished = cwmpBootInform.utf8.distance(from: cwmpBootInform.startIndex, to: informEnd)
        for cut in 0..<bytes.count {
            // From `</cwmp:Inform>` on, the Inform is whole: a message without anomalies either way.
            guard cut < finished else {
                #expect(parseCWMP(Array(bytes[..<cut]), isComplete: false).anomalies == [], "cut \(cut)")
                #expect(parseCWMP(Array(bytes[..<cut]), isComplete: false).message != nil, "cut \(cut)")
                continue
            }
            let prefix = Array(bytes[..<cut])
            switch parseCWMP(prefix, isComplete: false) {
            case .needMoreData: break
            case .malformed(let anomalies): #expect(anomalies == [.cwmpNotInform], "cut \(cut)")
            case .message: Issue.record("cut \(cut): a message before </Inform> with isComplete false")
            }
            let complete = parseCWMP(prefix, isComplete: true)
            if let inform = complete.message {
                #expect(complete.anomalies.contains(.cwmpTruncated), "cut \(cut)")
                #expect(inform.eventCodes.count <= 2)
            }
        }
    }

    @Test("bounds: long values are cut, event codes are capped, the scan stops at 64 KiB")
    func bounds() throws {
        let long = String(repeating: "v", count: 1000)
        let events = String(repeating: "<EventStruct><EventCode>2 PERIODIC</EventCode></EventStruct>", count: 20)
        let body =
            "<Envelope><Body><Inform><DeviceId><Manufacturer>\(long)</Manufacturer></DeviceId>"
            + "<Event>\(events)</Event></Inform></Body></Envelope>"
        let result = parseCWMP(body)
        let inform = try #require(result.message)
        #expect(inform.manufacturer?.utf8.count == CWMPParser.maxFieldLength)
        #expect(inform.eventCodes.count == CWMPParser.maxEventCodes)
        #expect(result.anomalies == [.cwmpFieldTruncated, .cwmpTooManyEvents])
        let padded = "<Envelope><Body><Inform><!-- " + String(repeating: "x", count: 70_000) + " -->"
        #expect(parseCWMP(padded, isComplete: false).anomalies == [.cwmpScanLimitReached])
    }
}

@Suite("HTTP body")
struct HTTPBodyTests {
    /// Runs `HTTPBody` over `text`: chunked detection from the head, then the body slice.
    func slice(_ text: String, contentLength: Int?) -> (chunked: Bool, body: String, complete: Bool, bad: Bool) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            guard let head = text.range(of: "\r\n\r\n") else { return (false, "", false, false) }
            let headLength = text.utf8.distance(from: text.startIndex, to: head.upperBound)
            let chunked = HTTPBody.isChunked(raw, headLength: headLength)
            let body = HTTPBody.slice(raw, headLength: headLength, contentLength: contentLength, chunked: chunked)
            return (chunked, String(decoding: body.bytes, as: UTF8.self), body.isComplete, body.isMalformed)
        }
    }

    @Test("Content-Length: complete when reached, the part present before")
    func contentLength() {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
        #expect(slice(head + "<root", contentLength: 5) == (false, "<root", true, false))
        #expect(slice(head + "<ro", contentLength: 5) == (false, "<ro", false, false))
        #expect(slice(head + "<root>extra", contentLength: 5) == (false, "<root", true, false))
        // No length and not chunked: the body runs to the connection's end, never complete here.
        #expect(slice(head + "<root>", contentLength: nil) == (false, "<root>", false, false))
    }

    @Test("chunked (RFC 9112 §7.1): sizes in hex with extensions, cut chunks, the last chunk, bad sizes")
    func chunked() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
        #expect(
            slice(head + "6;x=1\r\n<root>\r\nA\r\n<device/>\n\r\n0\r\n\r\n", contentLength: nil)
                == (true, "<root><device/>\n", true, false))
        // Cut inside the second chunk: the bytes so far, incomplete.
        #expect(slice(head + "6\r\n<root>\r\nA\r\n<dev", contentLength: nil) == (true, "<root><dev", false, false))
        // Cut inside a size line.
        #expect(slice(head + "6\r\n<root>\r\n1", contentLength: nil) == (true, "<root>", false, false))
        #expect(slice(head + "zz\r\n<root>", contentLength: nil) == (true, "", false, true))
        #expect(slice(head + "123456789\r\n", contentLength: nil) == (true, "", false, true))
        #expect(!slice("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", contentLength: 1).chunked)
    }
}
