import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetTestSupport
import NetVetWire
import Testing

/// The server's certificate through the whole pipeline: a LAN camera (192.168.1.64, MAC 02:00:00:00:00:64)
/// serving its self-signed certificate (`Tests/Fixtures/camera-self-signed.der`) to a client
/// (192.168.1.10), over TCP segments built here.
@Suite("TLS server certificates in the audit")
struct TLSCertificateAuditTests {
    static let cameraMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x64)
    static let clientMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x10)
    static let camera = IPAddress.v4(IPv4Address(192, 168, 1, 64))
    static let client = IPAddress.v4(IPv4Address(192, 168, 1, 10))
    static let clientISN: UInt32 = 1000
    static let serverISN: UInt32 = 5000

    static func certificate() throws -> [UInt8] {
        let url = PackagePaths.root.appendingPathComponent("Tests/Fixtures/camera-self-signed.der")
        return [UInt8](try Data(contentsOf: url))
    }

    static func u24(_ value: Int) -> [UInt8] {
        [UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// A ServerHello body: version, 32-byte random, empty session id, the suite, null compression and, for
    /// TLS 1.3, a supported_versions extension selecting 0x0304.
    static func serverHello(tls13: Bool) -> [UInt8] {
        var body: [UInt8] = [0x03, 0x03] + Array(repeating: 0x42, count: 32) + [0x00]
        body += tls13 ? [0x13, 0x01, 0x00] : [0xC0, 0x2F, 0x00]
        if tls13 { body += [0x00, 0x06, 0x00, 0x2B, 0x00, 0x02, 0x03, 0x04] }
        return [0x02] + u24(body.count) + body
    }

    /// ServerHello, Certificate (one certificate), ServerHelloDone as handshake messages.
    static func flightMessages(_ certificate: [UInt8]) -> [UInt8] {
        let list = u24(certificate.count) + certificate
        let body = u24(list.count) + list
        return serverHello(tls13: false) + [0x0B] + u24(body.count) + body + [0x0E, 0x00, 0x00, 0x00]
    }

    /// Handshake records of at most `size` bytes of `messages`.
    static func records(_ messages: [UInt8], size: Int) -> [UInt8] {
        stride(from: 0, to: messages.count, by: size).flatMap { start -> [UInt8] in
            let fragment = messages[start..<min(start + size, messages.count)]
            return [0x16, 0x03, 0x03, UInt8(fragment.count >> 8), UInt8(fragment.count & 0xFF)] + fragment
        }
    }

    /// Ethernet / IPv4 / TCP (20-byte header, checksums zero: netvet does not check them; acknowledgment
    /// number 0, window 65535; identification 1, DF; no Ethernet padding).
    static func tcpFrame(fromServer: Bool, sequence: UInt32, flags: UInt8, payload: [UInt8]) -> [UInt8] {
        let (sourceMAC, destinationMAC) = fromServer ? (cameraMAC, clientMAC) : (clientMAC, cameraMAC)
        let (source, destination) = fromServer ? (camera, client) : (client, camera)
        let (sourcePort, destinationPort): (UInt16, UInt16) = fromServer ? (443, 50_000) : (50_000, 443)
        let segment = FrameBuilder.tcp(
            sourcePort, destinationPort, sequence: sequence, acknowledgment: 0, flags: flags, payload)
        return FrameBuilder.ethernet(
            destinationMAC, sourceMAC, 0x0800,
            FrameBuilder.ipv4(source, destination, protocol: 6, segment, identification: 1, checksum: false),
            padded: false)
    }

    /// The handshake, then `serverBytes` from the server in segments of `segmentSize` bytes.
    static func connection(serverBytes: [UInt8], segmentSize: Int) -> [MemoryFrameSource.Frame] {
        var frames = [
            tcpFrame(fromServer: false, sequence: clientISN, flags: 0x02, payload: []),
            tcpFrame(fromServer: true, sequence: serverISN, flags: 0x12, payload: []),
            tcpFrame(fromServer: false, sequence: clientISN + 1, flags: 0x10, payload: []),
        ]
        for start in stride(from: 0, to: serverBytes.count, by: segmentSize) {
            let segment = Array(serverBytes[start..<min(start + segmentSize, serverBytes.count)])
            frames.append(
                tcpFrame(fromServer: true, sequence: serverISN + 1 + UInt32(start), flags: 0x18, payload: segment))
        }
        return frames.enumerated().map { index, bytes in
            MemoryFrameSource.Frame(
                time: PacketTime(seconds: 1_800_000_000 + Int64(index), microseconds: 0), bytes: bytes)
        }
    }

    static func audit(_ frames: [MemoryFrameSource.Frame]) throws -> AuditReport {
        let auditor = Auditor()
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: frames))
        return auditor.finish()
    }

    static let subject = "CN=IPC-A1B2C3,OU=IPC,O=Example Cameras Co.\\, Ltd.,C=CN"
    static let ja4x = "7d5dbb3783b4_7d5dbb3783b4_ecad00239dd7"

    @Test(
        "a certificate split across records and TCP segments (down to one byte each) gives flow fields and evidence",
        arguments: [(1 << 14, 1460), (100, 1460), (1 << 14, 1), (61, 1)])
    func certificateFlight(recordSize: Int, segmentSize: Int) throws {
        let serverBytes = Self.records(Self.flightMessages(try Self.certificate()), size: recordSize)
        let report = try Self.audit(Self.connection(serverBytes: serverBytes, segmentSize: segmentSize))
        let flow = try #require(report.flows.first)
        #expect(flow.ja4x == Self.ja4x)
        #expect(flow.certSubject == Self.subject)
        #expect(flow.certIssuer == Self.subject)
        #expect(flow.certNotAfter == "2036-12-01T05:30:08Z")
        #expect(flow.tlsVersion == "1.2" && flow.ja4s != nil)
        let camera = try #require(report.devices.first { $0.mac.description == "02:00:00:00:00:64" })
        let evidence = Set(camera.evidence.filter { $0.source == "tls" }.map { "\($0.field)=\($0.value)" })
        #expect(
            evidence == [
                "cert_subject=\(Self.subject)", "cert_issuer=\(Self.subject)", "cert_san=DNS:ipc-a1b2c3.local",
                "cert_san=DNS:camera.example", "cert_san=IP:192.168.1.64", "cert_san=IP:fd00::64",
                "cert_self_signed=true", "ja4x=\(Self.ja4x)",
            ])
        #expect(!report.anomalies.contains { $0.name.hasPrefix("tls.") })
    }

    @Test("TLS 1.3: the ServerHello is recorded, no certificate is looked for")
    func tls13() throws {
        let serverBytes =
            Self.records(Self.serverHello(tls13: true), size: 1 << 14) + [0x14, 0x03, 0x03, 0x00, 0x01, 0x01]
            + [0x17, 0x03, 0x03, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF]
        let report = try Self.audit(Self.connection(serverBytes: serverBytes, segmentSize: 3))
        let flow = try #require(report.flows.first)
        #expect(flow.tlsVersion == "1.3")
        #expect(flow.ja4x == nil && flow.certSubject == nil)
    }

    @Test("a leaf certificate beyond the 4 KiB stream prefix counts tls.certificate_cut; the ServerHello stays")
    func certificateCut() throws {
        let huge = [0x30, 0x82, 0x13, 0x88] + Array(repeating: UInt8(0x41), count: 5000)
        let serverBytes = Self.records(Self.flightMessages(huge), size: 1 << 14)
        let report = try Self.audit(Self.connection(serverBytes: serverBytes, segmentSize: 1460))
        let flow = try #require(report.flows.first)
        #expect(flow.tlsVersion == "1.2" && flow.ja4s != nil)
        #expect(flow.ja4x == nil)
        #expect(report.anomalies.contains { $0.name == "tls.certificate_cut" && $0.count == 1 })
    }

    @Test("a first server segment that alone fills the 4 KiB prefix still yields the leaf (TSO/GRO captures)")
    func oversizedFirstSegment() throws {
        // Leaf, then a 5,000-byte second certificate: the Certificate message is not whole in 4,500 bytes.
        let second = [0x30, 0x82, 0x13, 0x84] + Array(repeating: UInt8(0x41), count: 4996)
        let leaf = try Self.certificate()
        let list = Self.u24(leaf.count) + leaf + Self.u24(second.count) + second
        let body = Self.u24(list.count) + list
        let messages = Self.serverHello(tls13: false) + [0x0B] + Self.u24(body.count) + body
        let serverBytes = Self.records(messages, size: 1 << 14)
        let report = try Self.audit(Self.connection(serverBytes: serverBytes, segmentSize: 4500))
        let flow = try #require(report.flows.first)
        #expect(flow.ja4x == Self.ja4x)
        #expect(!report.anomalies.contains { $0.name.hasPrefix("tls.") })
    }

    @Test("a certificate OpenSSL cannot read counts tls.certificate_malformed")
    func malformedCertificate() throws {
        let serverBytes = Self.records(Self.flightMessages([0x30, 0x03, 0x01, 0x02, 0x03]), size: 1 << 14)
        let report = try Self.audit(Self.connection(serverBytes: serverBytes, segmentSize: 1460))
        #expect(try #require(report.flows.first).ja4x == nil)
        #expect(report.anomalies.contains { $0.name == "tls.certificate_malformed" && $0.count == 1 })
    }
}
