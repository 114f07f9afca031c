import NetVetInventory
import NetVetProtocols
import NetVetWire

/// HTTP bodies (UPnP device descriptions served by a device, CWMP Informs sent by a CPE) and DNS over
/// TCP: parsers that need more of a TCP direction than its first message head.
///
/// Both read only the direction's reassembled prefix (`streamPrefixLimit` bytes, head included): a
/// description or Inform whose fields lie beyond it is parsed as far as it goes (docs/protocols/upnp.md,
/// cwmp.md).
extension ApplicationObserver {
    /// SSDP LOCATION paths remembered, so a request for one is known to fetch a device description.
    static let maxDescriptionLocations = 1024

    /// What `observeHTTPBody` decided.
    struct BodyVerdict {
        /// The head's own evidence should be recorded now (false while it already was and the body is
        /// still being reassembled).
        var recordHead: Bool
        /// The direction is decided.
        var done: Bool
    }

    /// Remembers the path of an SSDP LOCATION URL (`http://192.168.1.1:49152/rootDesc.xml` →
    /// `/rootDesc.xml`). Bounded: once full, new paths are not remembered.
    mutating func rememberDescriptionLocation(_ location: String?) {
        guard let location, let path = Self.locationPath(location),
            descriptionLocations.count < Self.maxDescriptionLocations
        else { return }
        descriptionLocations.insert(path)
    }

    /// The path of an absolute `http://host[:port]/path` URL without its query, or `nil`.
    static func locationPath(_ location: String) -> String? {
        // Over the UTF-8 bytes: Character-wise searching cost more than parsing the SSDP message.
        let bytes = location.utf8
        var index = bytes.startIndex
        var sawScheme = false
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":") {
                let rest = bytes[bytes.index(after: index)...]
                if rest.starts(with: "//".utf8) {
                    index = bytes.index(index, offsetBy: 3)
                    sawScheme = true
                    break
                }
            }
            index = bytes.index(after: index)
        }
        guard sawScheme, let slash = bytes[index...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let end = bytes[slash...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        return String(decoding: bytes[slash..<end], as: UTF8.self)
    }

    /// Decides whether the message after `message`'s head has a body worth reading and reads it when it
    /// is complete (or the prefix limit is reached): a UPnP description in a response to a description
    /// request or with an XML Content-Type (evidence for the server), a CWMP Inform in a POST with
    /// SOAPAction or an XML Content-Type (evidence for the client).
    mutating func observeHTTPBody(
        _ prefix: UnsafeRawBufferPointer, _ message: HTTPMessage, _ fromClient: Bool, _ slot: Int,
        _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> BodyVerdict {
        guard message.protocol == .http else { return BodyVerdict(recordHead: true, done: true) }
        let isXML = message.contentType.map(Self.isXMLContentType) ?? false
        let application = flows.flow(at: slot).application
        if message.isRequest {
            // A description request tells the server direction to read its body.
            if let path = message.path, path.lowercased().hasSuffix(".xml") || descriptionLocations.contains(path) {
                flows.updateApplication(at: slot) { $0.descriptionRequested = true }
            }
        }
        let wantsBody: Bool
        if message.isRequest {
            let isSOAP = message.otherHeaderNames.contains { $0.lowercased() == "soapaction" }
            wantsBody = message.method == .post && (isSOAP || isXML) && message.contentLength != 0
        } else {
            wantsBody =
                (200..<300).contains(message.statusCode ?? 0) && (isXML || application.descriptionRequested)
                && message.contentLength != 0
        }
        let pending = fromClient ? application.clientBodyPending : application.serverBodyPending
        guard wantsBody, message.headLength > 0 else { return BodyVerdict(recordHead: !pending, done: true) }

        let chunked = HTTPBody.isChunked(prefix, headLength: message.headLength)
        let body = HTTPBody.slice(
            prefix, headLength: message.headLength, contentLength: message.contentLength, chunked: chunked)
        // The limit decides as surely as the body's end: nothing more will be kept.
        let isComplete = body.isComplete || body.isMalformed || prefix.count >= Self.streamPrefixLimit
        // The parsers decide "not markup" from the first byte: wait for one (a head often comes alone).
        let hasStarted = body.bytes.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        let decided =
            !isComplete && !hasStarted
            ? false
            : body.bytes.withUnsafeBytes { bytes in
                if message.isRequest {
                    return observeXMLBody(
                        CWMPParser.parse(bytes, isComplete: isComplete), source: "cwmp", sender, time, &devices,
                        &counts, fields: Self.informEvidence)
                }
                return observeXMLBody(
                    UPnPDescriptionParser.parse(bytes, isComplete: isComplete), source: "upnp", sender, time,
                    &devices, &counts, fields: Self.descriptionEvidence)
            }
        flows.updateApplication(at: slot) { application in
            if fromClient { application.clientBodyPending = !decided } else { application.serverBodyPending = !decided }
        }
        return BodyVerdict(recordHead: !pending, done: decided)
    }

    /// `text/xml`, `application/xml` or any `+xml` media type, parameters ignored.
    static func isXMLContentType(_ value: String) -> Bool {
        // Over the UTF-8 bytes, without building strings: this runs on every HTTP head with a Content-Type.
        let bytes = value.utf8
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var type = bytes[bytes.startIndex..<end]
        while let first = type.first, isBlank(first) { type = type.dropFirst() }
        while let last = type.last, isBlank(last) { type = type.dropLast() }
        func equals(_ candidate: String) -> Bool { type.lazy.map(\.asciiLowercased).elementsEqual(candidate.utf8) }
        func hasSuffix(_ suffix: String) -> Bool {
            type.count >= suffix.utf8.count
                && type.suffix(suffix.utf8.count).lazy.map(\.asciiLowercased).elementsEqual(suffix.utf8)
        }
        return equals("text/xml") || equals("application/xml") || hasSuffix("+xml")
    }

    /// Records a parsed XML body's evidence for `sender` under `source` (`upnp`, `cwmp`), each non-empty
    /// value of `fields` in order, and counts its anomalies. True once decided: `.needMoreData` waits,
    /// `.malformed` decides without an anomaly, since most XML bodies are other documents (service
    /// descriptions, SOAP replies, other RPCs) and not the sender's fault.
    mutating func observeXMLBody<Message>(
        _ result: ParseResult<Message>, source: String, _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ counts: inout AnomalyCounts,
        fields: (Message) -> [(field: String, value: String?)]
    ) -> Bool {
        switch result {
        case .needMoreData:
            return false
        case .malformed:
            return true
        case .message(let message, let anomalies):
            count(anomalies)
            guard let sender else { return true }
            for (field, value) in fields(message) {
                guard let value, !value.isEmpty else { continue }
                devices.addEvidence(sender, source: source, field: field, value: value, at: time, anomalies: &counts)
            }
            return true
        }
    }

    /// The evidence fields of a UPnP device description, for the device that served it.
    static func descriptionEvidence(_ description: UPnPDescriptionMessage) -> [(field: String, value: String?)] {
        [
            ("manufacturer", description.manufacturer),
            ("model_name", description.modelName),
            ("model_number", description.modelNumber),
            ("friendly_name", description.friendlyName),
            ("serial_present", description.hasSerialNumber ? "true" : nil),
        ]
    }

    /// The evidence fields of a CWMP Inform, for the CPE that sent it.
    static func informEvidence(_ inform: CWMPInform) -> [(field: String, value: String?)] {
        [
            ("manufacturer", inform.manufacturer),
            ("oui", inform.oui),
            ("product_class", inform.productClass),
            ("model_name", inform.modelName),
            ("software_version", inform.softwareVersion),
            ("hardware_version", inform.hardwareVersion),
            ("serial_present", inform.hasSerialNumber ? "true" : nil),
            ("events", inform.eventCodes.isEmpty ? nil : inform.eventCodes.joined(separator: ",")),
        ]
    }

    /// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): the first message of each direction, after its two-byte
    /// length, read like a UDP one: a client's questions are evidence, a server's answers name flows.
    /// `nil` when neither port is 53; false while the message is incomplete and below the prefix limit.
    mutating func observeDNSStream(
        _ start: UnsafeRawBufferPointer, _ fromClient: Bool, _ ports: (UInt16, UInt16), _ slot: Int,
        _ sender: MACAddress?, _ time: PacketTime, _ devices: inout DeviceTable, _ flows: inout FlowTable,
        _ counts: inout AnomalyCounts
    ) -> Bool? {
        guard ports.0 == 53 || ports.1 == 53 else { return nil }
        var reader = ByteReader(start)
        guard let declared = reader.readUInt16() else { return false }
        let length = Int(declared)
        // A message cut by the prefix limit is parsed as far as it goes (the parser names the cut).
        guard reader.remaining >= length || start.count >= Self.streamPrefixLimit else { return false }
        guard let message = reader.readSlice(min(length, reader.remaining)) else { return true }
        let result = DNSParser.parse(message.unreadBytes)
        count(result.anomalies)
        guard let parsed = result.message else { return true }
        if parsed.header.isResponse {
            if !fromClient { rememberAnswers(parsed, client: flows.flow(at: slot).client.ip) }
        } else if fromClient, ports.1 == 53, let sender {
            for question in parsed.questions.prefix(4) {
                devices.addEvidence(
                    sender, source: "dns", field: "query", value: question.name.normalized, at: time,
                    anomalies: &counts)
            }
        }
        return true
    }
}
