import Foundation
import NetVetCrypto
import NetVetTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// X509Certificate against tshark's X.509 dissector on every TLS ≤ 1.2 certificate of `../shared/corpus`
/// (STYLE.md §7.3): subject and issuer attributes (OID and value, in order), subjectAltName dNSNames and
/// the validity dates. tshark is slow over the whole corpus, so the captures that hold a Certificate
/// message were found once (`tshark -Y "tls.handshake.type == 11"` over every capture of MANIFEST.tsv, on
/// 2026-12-04) and are listed here.
@Suite("X.509 agreement with tshark")
struct X509TSharkTests {
    static let corpus = Corpus.directory

    static let capturesWithCertificates = [
        "arkime/pcap/https-generalizedtime.pcap", "arkime/pcap/https2-301-get.pcap", "arkime/pcap/openssl-tls1_2.pcap",
        "arkime/pcap/pppoe.pcap", "arkime/pcap/ssl-selfsign.pcap", "iot-sentinel/D-LinkCam/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-B-1-STA.pcap", "iot-sentinel/D-LinkCam/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkDoorSensor/Setup-C-3-STA.pcap", "iot-sentinel/D-LinkHomeHub/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-A-2-STA.pcap", "iot-sentinel/D-LinkHomeHub/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-A-1-STA.pcap", "iot-sentinel/D-LinkSensor/Setup-B-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-C-1-STA.pcap", "iot-sentinel/D-LinkSwitch/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-A-2-STA.pcap", "iot-sentinel/D-LinkSwitch/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-A-1-STA.pcap", "iot-sentinel/D-LinkWaterSensor/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-C-2-STA.pcap", "iot-sentinel/TP-LinkPlugHS100/Setup-A-1-STA.pcap",
        "iot-sentinel/TP-LinkPlugHS100/Setup-A-2-STA.pcap", "iot-sentinel/TP-LinkPlugHS100/Setup-C-1-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-A-1-STA.pcap", "iot-sentinel/WeMoInsightSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-C-1-STA.pcap", "iot-sentinel/WeMoLink/Setup-A-1-STA.pcap",
        "iot-sentinel/WeMoLink/Setup-A-2-STA.pcap", "iot-sentinel/WeMoLink/Setup-C-1-STA.pcap",
        "iot-sentinel/WeMoSwitch/Setup-A-1-STA.pcap", "iot-sentinel/WeMoSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/WeMoSwitch/Setup-C-1-STA.pcap", "iotls/Traffic/amcrest-cam-wired.pcap",
        "iotls/Traffic/appletv.pcap", "iotls/Traffic/blink-hub.pcap", "iotls/Traffic/brewer.pcap",
        "iotls/Traffic/dryer.pcap", "iotls/Traffic/echodot3a.pcap", "iotls/Traffic/google-home-mini3.pcap",
        "iotls/Traffic/ikettle.pcap", "iotls/Traffic/lgtv-wired.pcap", "iotls/Traffic/meross-dooropener.pcap",
        "iotls/Traffic/nest-tstat.pcap", "iotls/Traffic/roku-tv.pcap", "iotls/Traffic/smartthings-hub.pcap",
        "iotls/Traffic/t-echodot.pcap", "iotls/Traffic/t-philips-hub.pcap", "iotls/Traffic/tplink-plug.pcap",
        "iotls/Traffic/wemo-plug.pcap", "iotls/Traffic/wink-hub2.pcap", "iotls/Traffic/zmodo-doorbell.pcap",
        "ja4/pcap/badcurveball.pcap", "ja4/pcap/browsers-x509.pcapng", "ja4/pcap/http2-with-cookies.pcapng",
        "ja4/pcap/latest.pcapng", "ja4/pcap/socks-https-example.pcap", "ja4/pcap/ssh2.pcapng",
        "ja4/pcap/tls-handshake.pcapng", "ndpi/pcap/443-curl.pcap", "ndpi/pcap/443-safari.pcap",
        "ndpi/pcap/alexa-app.pcapng", "ndpi/pcap/android.pcap", "ndpi/pcap/http_ipv6.pcap", "ndpi/pcap/iphone.pcap",
        "ndpi/pcap/ja3_lots_of_cipher_suites.pcap", "ndpi/pcap/sonos.pcapng", "ndpi/pcap/wechat.pcap",
        "nku-lifecycle/xiaobai_Y2camera/xiaobai_Y2camera_setup.pcap",
        "suricata-verify/tests/ja4-cl-handshake/input.pcap", "suricata-verify/tests/ja4-sv-handshake/input.pcap",
        "suricata-verify/tests/ja4-tls/input.pcap",
    ]

    /// Differences netvet accepts: "capture: field" → why.
    static let knownDifferences: [String: String] = [:]

    @Test(
        "subject, issuer, dNSNames and validity agree with tshark on every corpus certificate", .requiresCorpus,
        .requiresTShark)
    func agreement() throws {
        var seen = Set<[UInt8]>()
        var checked = 0
        var agreed = 0
        var exceptions: [String] = []
        for capture in Self.capturesWithCertificates {
            let url = Self.corpus.appendingPathComponent(capture)
            guard FileManager.default.fileExists(atPath: url.path) else {
                exceptions.append("\(capture): missing from the corpus")
                continue
            }
            for reference in try Self.certificates(in: url) where seen.insert(reference.der).inserted {
                checked += 1
                guard let ours = X509Certificate(der: reference.der) else {
                    exceptions.append("\(capture): a certificate tshark decodes is unreadable")
                    continue
                }
                var differences: [String] = []
                let subject = ours.subjectAttributes.map { [$0.oid, $0.value] }
                let issuer = ours.issuerAttributes.map { [$0.oid, $0.value] }
                if subject != reference.subject { differences.append("subject \(subject) ≠ \(reference.subject)") }
                if issuer != reference.issuer { differences.append("issuer \(issuer) ≠ \(reference.issuer)") }
                // netvet keeps at most maximumAlternativeNames entries; the ones kept must be tshark's first.
                let dns = ours.dnsNames
                let expectedDNS =
                    ours.alternativeNameCount <= X509Certificate.maximumAlternativeNames
                    ? reference.dnsNames : Array(reference.dnsNames.prefix(dns.count))
                if dns != expectedDNS { differences.append("dNSNames \(dns) ≠ \(expectedDNS)") }
                let validity = [ours.notBefore ?? "nil", ours.notAfter ?? "nil"]
                if validity != reference.validity { differences.append("validity \(validity) ≠ \(reference.validity)") }
                if differences.isEmpty {
                    agreed += 1
                } else {
                    let key = "\(capture): \(ours.subject)"
                    if let reason = Self.knownDifferences[key] {
                        print("x509 tshark agreement: \(key) KNOWN DIFFERENCE: \(reason)")
                    } else {
                        exceptions.append("\(key): " + differences.joined(separator: "; "))
                    }
                }
            }
        }
        print("x509 tshark agreement: \(checked) distinct certificates checked, \(agreed) agree")
        for exception in exceptions { print("x509 tshark agreement: DIFFERENCE \(exception)") }
        #expect(exceptions.isEmpty)
        #expect(checked > 100)
    }

    /// One certificate as tshark decodes it.
    struct Reference {
        var der: [UInt8]
        var subject: [[String]] = []
        var issuer: [[String]] = []
        var dnsNames: [String] = []
        var validity: [String] = []
    }

    /// Every certificate of every Certificate message of `capture`, from tshark's PDML.
    static func certificates(in capture: URL) throws -> [Reference] {
        let data = try TShark.run(
            [
                "-n", "-r", capture.path, "-o", "tcp.desegment_tcp_streams:TRUE", "-Y", "tls.handshake.type == 11",
                "-T", "pdml",
            ]
        ).stdout
        let reader = PDMLCertificates()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        _ = parser.parse()
        return reader.certificates
    }
}

/// Collects, per `tls.handshake.certificate` field of a PDML document, the DER and what tshark decoded.
final class PDMLCertificates: NSObject, XMLParserDelegate {
    var certificates: [X509TSharkTests.Reference] = []
    private var stack: [(name: String, showname: String)] = []
    private var pendingOID: String?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let name = attributes["name"] ?? ""
        let show = attributes["show"] ?? ""
        defer { stack.append((name, attributes["showname"] ?? "")) }
        guard elementName == "field" else { return }
        if name == "tls.handshake.certificate" {
            certificates.append(X509TSharkTests.Reference(der: JA4Tests.bytes(fromHex: attributes["value"] ?? "")))
            return
        }
        guard !certificates.isEmpty, stack.contains(where: { $0.name == "tls.handshake.certificate" }) else { return }
        let last = certificates.count - 1
        let inExtensions = stack.contains { $0.name == "x509af.extensions" }
        let inIssuer = !inExtensions && stack.contains { $0.name == "x509af.issuer" }
        let inSubject = !inExtensions && stack.contains { $0.name == "x509af.subject" }
        if inIssuer || inSubject {
            if name == "x509if.oid" {
                pendingOID = show
            } else if let oid = pendingOID, name != "x509sat.DirectoryString", !name.hasPrefix("x509if.") {
                if inIssuer { certificates[last].issuer.append([oid, show]) }
                if inSubject { certificates[last].subject.append([oid, show]) }
                pendingOID = nil
            }
        } else if name == "x509ce.dNSName",
            stack.contains(where: { $0.name == "x509af.Extension_element" && $0.showname.contains("subjectAltName") })
        {
            certificates[last].dnsNames.append(show)
        } else if name == "x509af.utcTime" || name == "x509af.generalizedTime",
            stack.contains(where: { $0.name == "x509af.validity_element" })
        {
            certificates[last].validity.append(Self.rfc3339(show))
        }
    }

    /// tshark's utcTime `2018-02-23 15:26:38 (UTC)` or generalizedTime `Mar  3, 2009 12:54:25.000000000 UTC`
    /// as RFC 3339 (whole seconds).
    static func rfc3339(_ show: String) -> String {
        if show.hasSuffix(" (UTC)") {
            return show.dropLast(" (UTC)".count).replacingOccurrences(of: " ", with: "T") + "Z"
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let words = show.replacingOccurrences(of: ",", with: "").split(separator: " ").map(String.init)
        guard words.count >= 4, let month = months.firstIndex(of: words[0]), let day = Int(words[1]) else {
            return show
        }
        let time = words[3].split(separator: ".").first.map(String.init) ?? words[3]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(words[2])-\(two(month + 1))-\(two(day))T\(time)Z"
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        _ = stack.popLast()
    }
}
