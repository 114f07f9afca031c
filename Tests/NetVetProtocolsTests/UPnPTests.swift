import NetVetProtocols
import Testing

/// Scans `text` (UTF-8) as a device description body.
private func parseUPnP(_ text: String, isComplete: Bool = true) -> ParseResult<UPnPDescriptionMessage> {
    parseUPnP(Array(text.utf8), isComplete: isComplete)
}

/// Scans `bytes` as a device description body.
private func parseUPnP(_ bytes: [UInt8], isComplete: Bool = true) -> ParseResult<UPnPDescriptionMessage> {
    bytes.withUnsafeBytes { UPnPDescriptionParser.parse($0, isComplete: isComplete) }
}

/// Hand-made description modelled on a TV's (no third-party bytes): a namespaced root device with an
/// embedded device whose fields must not win, entities, a CDATA section and a comment.
private let televisionDescription = """
    \u{FEFF}<?xml version="1.0" encoding="utf-8"?>
    <root xmlns="urn:schemas-upnp-org:device-1-0" xmlns:dlna="urn:schemas-dlna-org:device-1-0">
      <specVersion><major>1</major><minor>0</minor></specVersion>
      <!-- <manufacturer>Not this</manufacturer> -->
      <device>
        <deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType>
        <friendlyName>[TV] Samsung &amp; Co&#39;s &lt;Living Room&gt; &#x263A;</friendlyName>
        <manufacturer>Samsung Electronics</manufacturer>
        <manufacturerURL>http://www.samsung.com/sec</manufacturerURL>
        <modelDescription><![CDATA[Samsung TV <DMR>]]></modelDescription>
        <dlna:X_DLNADOC>DMR-1.50</dlna:X_DLNADOC>
        <deviceList>
          <device>
            <deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType>
            <modelName>Embedded Server</modelName>
            <serialNumber>EMBEDDED-ONLY</serialNumber>
          </device>
        </deviceList>
        <modelName>UE55TU7100</modelName>
        <modelNumber>AllShare1.0</modelNumber>
        <serialNumber>0AB1CDEF23456</serialNumber>
        <UDN>uuid:08f0d180-0096-1000-8d4e-f877b8a1b2c3</UDN>
        <iconList><icon><mimetype>image/png</mimetype></icon></iconList>
      </device>
    </root>
    """

@Suite("UPnP device description")
struct UPnPDescriptionTests {
    @Test("the root device's fields, entity-decoded; embedded devices ignored; serial presence only")
    func television() throws {
        let result = parseUPnP(televisionDescription)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.deviceType == .mediaRenderer && message.deviceType?.name == "MediaRenderer")
        #expect(message.friendlyName == "[TV] Samsung & Co's <Living Room> \u{263A}")
        #expect(message.manufacturer == "Samsung Electronics")
        #expect(message.manufacturerURL == "http://www.samsung.com/sec")
        #expect(message.modelDescription == "Samsung TV <DMR>")
        #expect(message.modelName == "UE55TU7100" && message.modelNumber == "AllShare1.0")
        #expect(message.udn == "uuid:08f0d180-0096-1000-8d4e-f877b8a1b2c3")
        #expect(message.hasSerialNumber && message.embeddedDeviceCount == 1)
        #expect(!String(describing: message).contains("0AB1CDEF23456"))
    }

    @Test("a cut body: needs more data while incomplete, partial with upnp.truncated at the end")
    func truncated() throws {
        let bytes = Array(televisionDescription.utf8)
        let cut = Array(bytes[..<(bytes.count / 2)])
        if case .needMoreData = parseUPnP(cut, isComplete: false) {} else { Issue.record("expected needMoreData") }
        let partial = parseUPnP(cut)
        #expect(partial.anomalies == [.upnpTruncated])
        #expect(partial.message?.manufacturer == "Samsung Electronics")
        // Every cut parses without trapping; complete cuts report upnp.truncated or malformed.
        for count in 0..<bytes.count {
            let result = parseUPnP(Array(bytes[..<count]))
            #expect(result.message == nil || result.anomalies.contains(.upnpTruncated), "cut at \(count)")
        }
    }

    @Test("not a description: JSON, HTML, empty")
    func notDescription() {
        for text in ["{\"model\":\"x\"}", "<html><body>hi</body></html>", "", "   "] {
            #expect(parseUPnP(text).anomalies == [.upnpNotDeviceDescription], "\(text)")
        }
    }

    @Test("over-long values are cut; the scan stops at its limit; hostile markup never traps")
    func limits() throws {
        let long = String(repeating: "m", count: UPnPDescriptionParser.maxFieldLength + 10)
        let cut = parseUPnP("<root><device><modelName>\(long)</modelName></device></root>")
        #expect(cut.anomalies == [.upnpFieldTruncated])
        #expect(cut.message?.modelName?.utf8.count == UPnPDescriptionParser.maxFieldLength)
        let padding = String(repeating: "<x>pad</x>", count: UPnPDescriptionParser.maxScanSize / 10 + 1)
        let huge = parseUPnP("<root><device><modelName>M</modelName>\(padding)</device></root>")
        #expect(huge.anomalies == [.upnpScanLimitReached] && huge.message?.modelName == "M")
        let hostile = [
            "<root><device><modelName>&#xFFFFFFFF;&#0;&bogus;&amp</modelName></device></root>",
            "<root><device><friendlyName><![CDATA[never closed", "<root><!-- never closed",
            "<root a=\"> <device>\"><device/></root>", "<root><device><UDN/></device></root>",
            "<root><" + String(repeating: "n", count: 100) + ">v</device></root>",
        ]
        for text in hostile { _ = parseUPnP(text) }
        let entities = try #require(parseUPnP(hostile[0]).message)
        #expect(entities.modelName == "&#xFFFFFFFF;&#0;&bogus;&amp")
        #expect(parseUPnP(hostile[4]).message?.udn == "")
        let bytes = Array(televisionDescription.utf8)
        for index in stride(from: 0, to: bytes.count, by: 3) {
            for value: UInt8 in [0x00, 0x26, 0x3C, 0x3E, 0x2F, 0xFF] {
                var mutated = bytes
                mutated[index] = value
                _ = parseUPnP(mutated)
            }
        }
    }
}
