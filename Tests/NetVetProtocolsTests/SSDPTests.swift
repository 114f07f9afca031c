import Foundation
import NetVetProtocols
import Testing

/// Parses `text` (UTF-8) as one SSDP datagram.
private func parseSSDP(_ text: String) -> ParseResult<SSDPMessage> {
    parseSSDP(Array(text.utf8))
}

/// Parses `bytes` as one SSDP datagram.
private func parseSSDP(_ bytes: [UInt8]) -> ParseResult<SSDPMessage> {
    bytes.withUnsafeBytes { SSDPParser.parse($0) }
}

/// Hand-made samples modelled on real announcements (no third-party capture bytes).
private enum SSDPSamples {
    /// An IP camera's NOTIFY, with the kind of SERVER header Hikvision/Dahua firmware sends.
    static let cameraNotify =
        "NOTIFY * HTTP/1.1\r\n"
        + "HOST: 239.255.255.250:1900\r\n"
        + "CACHE-CONTROL: max-age=3600\r\n"
        + "LOCATION: http://192.168.1.64:49152/rootDesc.xml\r\n"
        + "NT: urn:schemas-upnp-org:device:Basic:1\r\n"
        + "NTS: ssdp:alive\r\n"
        + "SERVER: Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.6\r\n"
        + "X-User-Agent: redsonic\r\n"
        + "USN: uuid:2d6ef8a0-1dd2-11b2-8a0c-c056e3b1a2c4::urn:schemas-upnp-org:device:Basic:1\r\n"
        + "\r\n"

    /// A Windows-style M-SEARCH (lower-case header names, as some stacks send).
    static let search =
        "M-SEARCH * HTTP/1.1\r\n"
        + "host: 239.255.255.250:1900\r\n"
        + "man: \"ssdp:discover\"\r\n"
        + "mx: 2\r\n"
        + "st: urn:dial-multiscreen-org:service:dial:1\r\n"
        + "user-agent: Google Chrome/120.0.6099.109 Windows\r\n"
        + "\r\n"

    /// A media renderer's search response.
    static let response =
        "HTTP/1.1 200 OK\r\n"
        + "CACHE-CONTROL: max-age=1800\r\n"
        + "EXT:\r\n"
        + "LOCATION: http://192.168.1.20:8008/ssdp/device-desc.xml\r\n"
        + "SERVER: Linux/4.9, UPnP/1.0, Cast/1.0\r\n"
        + "ST: urn:dial-multiscreen-org:service:dial:1\r\n"
        + "USN: uuid:1a2b3c4d-0000-1000-8000-00aabbccddee::urn:dial-multiscreen-org:service:dial:1\r\n"
        + "\r\n"
}

@Suite("SSDP parser")
struct SSDPParserTests {
    @Test("a camera NOTIFY gives SERVER, USN, NT, NTS, LOCATION and CACHE-CONTROL")
    func notify() throws {
        let result = parseSSDP(SSDPSamples.cameraNotify)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.isNotify && message.requestTarget == "*" && message.version == "1.1")
        #expect(message.server == "Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.6")
        #expect(message.uniqueServiceName?.hasPrefix("uuid:2d6ef8a0-1dd2-11b2-8a0c-c056e3b1a2c4::") == true)
        #expect(message.notificationType == "urn:schemas-upnp-org:device:Basic:1")
        #expect(message.notificationSubtype == .alive)
        #expect(message.location == "http://192.168.1.64:49152/rootDesc.xml")
        #expect(message.cacheControl == "max-age=3600")
        #expect(message.otherHeaderNames == ["HOST", "X-User-Agent"])
    }

    @Test("an M-SEARCH with lower-case names; a 200 OK search response")
    func searchAndResponse() throws {
        let search = try #require(parseSSDP(SSDPSamples.search).message)
        #expect(search.isSearch && search.searchTarget == "urn:dial-multiscreen-org:service:dial:1")
        #expect(search.userAgent == "Google Chrome/120.0.6099.109 Windows")
        #expect(search.otherHeaderNames == ["host", "man", "mx"])
        let result = parseSSDP(SSDPSamples.response)
        #expect(result.anomalies.isEmpty)
        let response = try #require(result.message)
        #expect(response.isResponse && response.statusCode == 200 && response.method == nil)
        #expect(response.server == "Linux/4.9, UPnP/1.0, Cast/1.0")
        #expect(response.location == "http://192.168.1.20:8008/ssdp/device-desc.xml")
        #expect(response.otherHeaderNames == ["EXT"])
    }

    @Test("bare LF and a missing empty line give ssdp.missing_crlf")
    func missingCRLF() throws {
        let bareLF = SSDPSamples.cameraNotify.replacingOccurrences(of: "\r\n", with: "\n")
        let result = parseSSDP(bareLF)
        #expect(result.anomalies == [.ssdpMissingCRLF])
        #expect(result.message?.server == "Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.6")
        let noEnd = parseSSDP("NOTIFY * HTTP/1.1\r\nNTS: ssdp:byebye")
        #expect(noEnd.anomalies == [.ssdpMissingCRLF])
        #expect(noEnd.message?.notificationSubtype == .byebye)
    }

    @Test("overlong lines, too many headers, lines without a colon, other versions")
    func limits() throws {
        let long = String(repeating: "x", count: SSDPParser.maxLineLength + 1)
        let overlong = parseSSDP("NOTIFY * HTTP/1.1\r\nSERVER: \(long)\r\n\r\n")
        #expect(overlong.anomalies == [.ssdpLineTooLong])
        #expect(overlong.message?.server?.utf8.count == SSDPParser.maxFieldLength)
        let many = (0...SSDPParser.maxHeaders).map { "X-\($0): 1\r\n" }.joined()
        let tooMany = parseSSDP("NOTIFY * HTTP/1.1\r\n\(many)\r\n")
        #expect(tooMany.anomalies == [.ssdpTooManyHeaders])
        #expect(tooMany.message?.otherHeaderNames.count == SSDPParser.maxHeaders)
        #expect(parseSSDP("NOTIFY * HTTP/1.1\r\nbogus\r\n\r\n").anomalies == [.ssdpHeaderWithoutColon])
        #expect(parseSSDP("HTTP/1.0 200 OK\r\n\r\n").anomalies == [.ssdpUnexpectedVersion])
    }

    @Test("non-SSDP bytes are malformed")
    func malformed() {
        for text in ["", "\r\n", "GET\r\n\r\n", "NOTIFY * FTP/1.1\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n"] {
            #expect(parseSSDP(text).anomalies == [.ssdpBadStartLine], "\(text.debugDescription)")
        }
        #expect(parseSSDP([0x16, 0x03, 0x01, 0x00, 0xFF, 0x0A]).message == nil)
    }

    @Test("truncation at every offset and every byte mutation never traps")
    func truncationAndMutation() {
        for sample in [SSDPSamples.cameraNotify, SSDPSamples.search, SSDPSamples.response] {
            let bytes = Array(sample.utf8)
            for cut in 0...bytes.count {
                let result = parseSSDP(Array(bytes[..<cut]))
                // Cut inside the first line, only a complete-looking start line can parse.
                if cut < bytes.count { #expect(result.message == nil || !result.anomalies.isEmpty) }
            }
            for index in bytes.indices {
                for value: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x3A, 0xFF] {
                    var mutated = bytes
                    mutated[index] = value
                    _ = parseSSDP(mutated)
                }
            }
        }
    }
}
