import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetWire
import Testing

/// A client's first message through the whole pipeline (decode, flows, TCP reassembly, parsers), sent
/// whole, one byte per segment, and one byte per segment with each pair of segments swapped: the flow
/// fields must come out the same every time. Frames reuse `TLSCertificateAuditTests.tcpFrame` (client
/// 192.168.1.10:50000 → 192.168.1.64:443).
@Suite("Drip-fed client messages through the reassembler")
struct DripFeedAuditTests {
    /// How the client's bytes are cut into segments.
    enum Cutting: String, CaseIterable, Sendable {
        case whole
        case oneBytePerSegment
        case oneBytePerSegmentSwapped
    }

    /// A TLS 1.3 ClientHello record: SNI `drip.example`, ALPN h2 + http/1.1, supported_versions 1.3/1.2.
    static let clientHello: [UInt8] = {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func extensionBlock(_ type: Int, _ data: [UInt8]) -> [UInt8] { u16(type) + u16(data.count) + data }
        let name = Array("drip.example".utf8)
        let sni = extensionBlock(0x0000, u16(name.count + 3) + [0x00] + u16(name.count) + name)
        let protocols = [Array("h2".utf8), Array("http/1.1".utf8)].flatMap { [UInt8($0.count)] + $0 }
        let alpn = extensionBlock(0x0010, u16(protocols.count) + protocols)
        let versions = extensionBlock(0x002B, [0x04, 0x03, 0x04, 0x03, 0x03])
        let groups = extensionBlock(0x000A, [0x00, 0x02, 0x00, 0x1D])
        let signatures = extensionBlock(0x000D, [0x00, 0x04, 0x04, 0x03, 0x08, 0x04])
        let extensions = sni + alpn + versions + groups + signatures
        // Version 1.2, 32-byte random, empty session id, three suites, null compression, extensions.
        var body: [UInt8] = [0x03, 0x03] + Array(repeating: 0x5A, count: 32) + [0x00]
        body += u16(6) + [0x13, 0x01, 0x13, 0x02, 0xC0, 0x2F] + [0x01, 0x00]
        body += u16(extensions.count) + extensions
        let handshake = [0x01] + TLSCertificateAuditTests.u24(body.count) + body
        return [0x16, 0x03, 0x01] + u16(handshake.count) + handshake
    }()

    static let httpRequest = Array(
        "GET /status?token=secret HTTP/1.1\r\nHost: camera.example\r\nUser-Agent: drip-client/1.0\r\n\r\n".utf8)

    /// The handshake, then `clientBytes` from the client cut as `cutting` says.
    static func frames(_ clientBytes: [UInt8], _ cutting: Cutting) -> [MemoryFrameSource.Frame] {
        let isn = TLSCertificateAuditTests.clientISN
        var frames = [
            TLSCertificateAuditTests.tcpFrame(fromServer: false, sequence: isn, flags: 0x02, payload: []),
            TLSCertificateAuditTests.tcpFrame(
                fromServer: true, sequence: TLSCertificateAuditTests.serverISN, flags: 0x12, payload: []),
        ]
        var segments: [(offset: Int, bytes: [UInt8])] =
            cutting == .whole
            ? [(0, clientBytes)] : clientBytes.enumerated().map { ($0.offset, [$0.element]) }
        if cutting == .oneBytePerSegmentSwapped {
            for pair in stride(from: 0, to: segments.count - 1, by: 2) { segments.swapAt(pair, pair + 1) }
        }
        for segment in segments {
            frames.append(
                TLSCertificateAuditTests.tcpFrame(
                    fromServer: false, sequence: isn + 1 + UInt32(segment.offset), flags: 0x18,
                    payload: segment.bytes))
        }
        return frames.enumerated().map { index, bytes in
            MemoryFrameSource.Frame(time: PacketTime(seconds: 1_800_000_000, microseconds: Int64(index)), bytes: bytes)
        }
    }

    @Test("a ClientHello gives the same SNI, ALPN, JA4 and JA3 however it is cut", arguments: Cutting.allCases)
    func clientHello(cutting: Cutting) throws {
        let report = try TLSCertificateAuditTests.audit(Self.frames(Self.clientHello, cutting))
        // The report counts the reassembler's work: both directions tracked from their SYNs, and the
        // swapped segments each held once ahead of their gap.
        #expect(report.reassembly.streams == 2)
        #expect(
            report.reassembly.outOfOrderHeld == (cutting == .oneBytePerSegmentSwapped ? Self.clientHello.count / 2 : 0))
        #expect(report.reassembly.prefixesFull == 0 && report.reassembly.evicted == 0)
        let flow = try #require(report.flows.first)
        #expect(flow.sni == "drip.example")
        #expect(flow.serverName == "drip.example")
        #expect(flow.alpnOffered == ["h2", "http/1.1"])
        // JA4: TCP, TLS 1.3, SNI given, 3 suites, 5 extensions, ALPN "h2".
        #expect(flow.ja4?.hasPrefix("t13d0305h2_") == true)
        let whole = try TLSCertificateAuditTests.audit(Self.frames(Self.clientHello, .whole))
        #expect(flow.ja4 == whole.flows.first?.ja4)
        #expect(flow.ja3 != nil && flow.ja3 == whole.flows.first?.ja3)
        #expect(!report.anomalies.contains { $0.name.hasPrefix("tls.") })
    }

    @Test("an HTTP request head gives the same Host and User-Agent however it is cut", arguments: Cutting.allCases)
    func httpRequest(cutting: Cutting) throws {
        let report = try TLSCertificateAuditTests.audit(Self.frames(Self.httpRequest, cutting))
        let flow = try #require(report.flows.first)
        #expect(flow.httpHost == "camera.example")
        #expect(flow.userAgent == "drip-client/1.0")
        let client = try #require(report.devices.first { $0.mac.description == "02:00:00:00:00:10" })
        let evidence = client.evidence.filter { $0.source == "http" }.map { "\($0.field)=\($0.value)" }
        #expect(evidence == ["user_agent=drip-client/1.0"])
    }
}
