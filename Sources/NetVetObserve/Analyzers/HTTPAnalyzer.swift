import NetVetInventory
import NetVetProtocols
import NetVetWire

/// HTTP/1.x and RTSP heads (RFC 9112, RFC 2326), and the bodies worth reading after them: UPnP device
/// descriptions served by a device, CWMP (TR-069) Informs sent by a CPE.
///
/// A request names the flow's host and the client's user agent and authorization scheme (credentials are
/// never kept: only the scheme, and whether it is Basic, in clear); a response names the server software
/// and its authentication challenges. Bodies are read only from the direction's reassembled prefix
/// (`ObserveStage.streamPrefixLimit` bytes, head included): a description or Inform whose fields lie
/// beyond it is parsed as far as it goes (docs/protocols/upnp.md, cwmp.md).
struct HTTPAnalyzer {
    /// SSDP LOCATION paths remembered, so a request for one is known to fetch a device description.
    static let maxDescriptionLocations = 1024

    /// SSDP LOCATION paths, bounded by `maxDescriptionLocations`.
    private var descriptionLocations = Set<String>()

    /// What `analyzeBody` decided.
    struct BodyVerdict {
        /// The head's own evidence should be recorded now (false while it already was and the body is
        /// still being reassembled).
        var recordHead: Bool
        /// The direction is decided.
        var done: Bool
    }

    /// Parses a request head (client side) or response head; true once the direction is decided.
    mutating func analyze(_ prefix: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink)
        -> Bool
    {
        let message: HTTPMessage
        switch HTTPParser.parse(prefix) {
        case .needMoreData:
            return false
        case .malformed(let anomalies):
            sink.count(anomalies)
            return true
        case .message(let parsed, let anomalies):
            sink.count(anomalies)
            message = parsed
        }
        let body = analyzeBody(prefix, message, context, &sink)
        guard body.recordHead else { return body.done }
        let isRTSP = message.protocol == .rtsp
        if message.isRequest {
            sink.updateFlow(context) { application in
                application.httpHost = message.host
                application.userAgent = message.userAgent
            }
            sink.record(isRTSP ? .rtspUserAgent : .httpUserAgent, message.userAgent, context)
            if let authorization = message.authorization {
                let scheme = authorization.scheme.description
                sink.record(isRTSP ? .rtspAuthorization : .httpAuthorization, scheme, context)
                if authorization.credentialsInClear {
                    sink.record(isRTSP ? .rtspCredentialsInClear : .httpCredentialsInClear, scheme, context)
                }
            }
        } else {
            sink.updateFlow(context) { $0.httpServer = message.server }
            sink.record(isRTSP ? .rtspServer : .httpServer, message.server, context)
            for challenge in message.authenticationChallenges.prefix(2) {
                sink.record(
                    isRTSP ? .rtspWWWAuthenticate : .httpWWWAuthenticate,
                    challenge.scheme.description + (challenge.realm.map { " realm=\($0)" } ?? ""), context)
            }
        }
        return body.done
    }

    /// Remembers the path of an SSDP LOCATION URL (`http://192.168.1.1:49152/rootDesc.xml` →
    /// `/rootDesc.xml`). Bounded: once full, a new path is not remembered and false is returned.
    mutating func rememberDescriptionLocation(_ location: String?) -> Bool {
        guard let location, let path = Self.locationPath(location) else { return true }
        guard descriptionLocations.count < Self.maxDescriptionLocations else {
            return descriptionLocations.contains(path)
        }
        descriptionLocations.insert(path)
        return true
    }

    /// Decides whether the message after `message`'s head has a body worth reading and reads it when it
    /// is complete (or the prefix limit is reached): a UPnP description in a response to a description
    /// request or with an XML Content-Type (evidence for the server), a CWMP Inform in a POST with
    /// SOAPAction or an XML Content-Type (evidence for the client).
    mutating func analyzeBody(
        _ prefix: UnsafeRawBufferPointer, _ message: HTTPMessage, _ context: PacketContext,
        _ sink: inout ObservationSink
    ) -> BodyVerdict {
        guard message.protocol == .http else { return BodyVerdict(recordHead: true, done: true) }
        let isXML = message.contentType.map(Self.isXMLContentType) ?? false
        let application = sink.flow(context).application
        if message.isRequest {
            // A description request tells the server direction to read its body.
            if let path = message.path, path.lowercased().hasSuffix(".xml") || descriptionLocations.contains(path) {
                sink.updateFlow(context) { $0.descriptionRequested = true }
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
        let fromClient = context.fromClient
        let pending = fromClient ? application.clientBodyPending : application.serverBodyPending
        guard wantsBody, message.headLength > 0 else { return BodyVerdict(recordHead: !pending, done: true) }

        let chunked = HTTPBody.isChunked(prefix, headLength: message.headLength)
        let body = HTTPBody.slice(
            prefix, headLength: message.headLength, contentLength: message.contentLength, chunked: chunked)
        // The limit decides as surely as the body's end: nothing more will be kept.
        let isComplete = body.isComplete || body.isMalformed || prefix.count >= ObserveStage.streamPrefixLimit
        // The parsers decide "not markup" from the first byte: wait for one (a head often comes alone).
        let hasStarted = body.bytes.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        let decided =
            !isComplete && !hasStarted
            ? false
            : body.bytes.withUnsafeBytes { bytes in
                if message.isRequest {
                    return Self.recordXMLBody(
                        CWMPParser.parse(bytes, isComplete: isComplete), context, &sink, fields: Self.informEvidence)
                }
                return Self.recordXMLBody(
                    UPnPDescriptionParser.parse(bytes, isComplete: isComplete), context, &sink,
                    fields: Self.descriptionEvidence)
            }
        sink.updateFlow(context) { application in
            if fromClient { application.clientBodyPending = !decided } else { application.serverBodyPending = !decided }
        }
        return BodyVerdict(recordHead: !pending, done: decided)
    }

    /// Records a parsed XML body's evidence for the sender, each non-empty value of `fields` in order, and
    /// counts its anomalies. True once decided: `.needMoreData` waits, `.malformed` decides without an
    /// anomaly, since most XML bodies are other documents (service descriptions, SOAP replies, other RPCs)
    /// and not the sender's fault.
    static func recordXMLBody<Message>(
        _ result: ParseResult<Message>, _ context: PacketContext, _ sink: inout ObservationSink,
        fields: (Message) -> [(field: EvidenceField, value: String?)]
    ) -> Bool {
        switch result {
        case .needMoreData:
            return false
        case .malformed:
            return true
        case .message(let message, let anomalies):
            sink.count(anomalies)
            guard context.sender != nil else { return true }
            for (field, value) in fields(message) { sink.record(field, value, context) }
            return true
        }
    }

    /// The evidence fields of a UPnP device description, for the device that served it.
    static func descriptionEvidence(_ description: UPnPDescriptionMessage) -> [(
        field: EvidenceField, value: String?
    )] {
        [
            (.upnpManufacturer, description.manufacturer),
            (.upnpModelName, description.modelName),
            (.upnpModelNumber, description.modelNumber),
            (.upnpFriendlyName, description.friendlyName),
            (.upnpSerialPresent, description.hasSerialNumber ? "true" : nil),
        ]
    }

    /// The evidence fields of a CWMP Inform, for the CPE that sent it.
    static func informEvidence(_ inform: CWMPInform) -> [(field: EvidenceField, value: String?)] {
        [
            (.cwmpManufacturer, inform.manufacturer),
            (.cwmpOUI, inform.oui),
            (.cwmpProductClass, inform.productClass),
            (.cwmpModelName, inform.modelName),
            (.cwmpSoftwareVersion, inform.softwareVersion),
            (.cwmpHardwareVersion, inform.hardwareVersion),
            (.cwmpSerialPresent, inform.hasSerialNumber ? "true" : nil),
            (.cwmpEvents, inform.eventCodes.isEmpty ? nil : inform.eventCodes.joined(separator: ",")),
        ]
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

    /// The tokens an HTTP/1.x or RTSP head starts with (RFC 9110 §9, RFC 2326 §10, UPnP GENA), each
    /// followed by its separator.
    static let httpStartTokens: [[UInt8]] = [
        "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "TRACE ", "PATCH ", "DESCRIBE ",
        "SETUP ", "PLAY ", "PAUSE ", "TEARDOWN ", "ANNOUNCE ", "RECORD ", "GET_PARAMETER ", "SET_PARAMETER ",
        "REDIRECT ", "NOTIFY ", "SUBSCRIBE ", "UNSUBSCRIBE ", "HTTP/", "RTSP/",
    ].map { Array($0.utf8) }

    /// Whether a stream starts like an HTTP/RTSP head: true if it starts with a known token, false if it
    /// is still a prefix of one (wait for more), nil if it cannot be one (an SSH banner, MQTT, SMB...).
    static func httpStart(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        var couldStillMatch = false
        for token in httpStartTokens {
            let compared = min(token.count, bytes.count)
            var equal = true
            for index in 0..<compared where bytes[index] != token[index] {
                equal = false
                break
            }
            guard equal else { continue }
            if compared == token.count { return true }
            couldStillMatch = true
        }
        return couldStillMatch ? false : nil
    }
}
