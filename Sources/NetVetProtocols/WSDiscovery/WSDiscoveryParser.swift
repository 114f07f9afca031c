/// Decodes a WS-Discovery datagram (WS-Discovery 1.1, OASIS 2009, and the 2005/04 draft that ONVIF
/// Profile S devices use; SOAP 1.2 envelope over UDP 3702, multicast 239.255.255.250 / FF02::C):
///
///     <Envelope><Header><Action>…/Hello</Action><MessageID>urn:uuid:…</MessageID>…</Header>
///       <Body><Hello><EndpointReference><Address>urn:uuid:…</Address></EndpointReference>
///         <Types>dn:NetworkVideoTransmitter</Types><Scopes>onvif://www.onvif.org/…</Scopes>
///         <XAddrs>http://…</XAddrs><MetadataVersion>1</MetadataVersion></Hello></Body></Envelope>
///
/// Namespace prefixes vary by vendor (`d:`, `wsdd:`, `dn:`, none) and are ignored: elements are matched
/// by local name. Pure and bounded: a datagram never needs more data.
public enum WSDiscoveryParser {
    /// Elements kept from one document (`wsd.too_many_values`).
    public static let maxElements = 256
    /// Longest text value kept, in UTF-8 bytes after decoding (`wsd.field_truncated`).
    public static let maxFieldLength = 1024
    /// Matches kept from a ProbeMatches or ResolveMatches (`wsd.too_many_values`).
    public static let maxEntries = 16
    /// Types, scopes or transport addresses kept per match (`wsd.too_many_values`).
    public static let maxValues = 32

    /// Parses one datagram. `.malformed([.wsdNotSOAP])` when it is not markup with an `Envelope`
    /// element; otherwise the message (partial if cut) and its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<WSDiscoveryMessage> {
        let scan = XMLElementScanner(bytes, maxElements: maxElements, maxTextLength: maxFieldLength)
        let elements = scan.elements
        // A SOAP envelope is the document element.
        guard scan.startsWithMarkup, let root = elements.first, root.name == "Envelope" else {
            return .malformed([.wsdNotSOAP])
        }
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }
        if !scan.closedDocumentElement { note(.wsdTruncated) }
        if scan.textTruncated { note(.wsdFieldTruncated) }
        if scan.hadTooManyElements { note(.wsdTooManyValues) }

        var actionURI: String?
        var messageID: String?
        var bodyDepth: Int?
        var bodyAction: String?
        // The element that opens each entry (Hello, ProbeMatch, ...), at its depth.
        var entryDepth: Int?
        var entries: [WSDiscoveryEndpoint] = []
        var current: WSDiscoveryEndpoint?
        func closeEntry() {
            guard let entry = current else { return }
            if entries.count < maxEntries { entries.append(entry) } else { note(.wsdTooManyValues) }
            current = nil
        }
        func split(_ text: String) -> [String] {
            let values = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            if values.count > maxValues { note(.wsdTooManyValues) }
            return values.prefix(maxValues).map(String.init)
        }
        for element in elements.dropFirst() {
            if let depth = entryDepth, element.depth <= depth {
                closeEntry()
                entryDepth = nil
            }
            if let depth = bodyDepth, element.depth <= depth, element.name != "Body" { bodyDepth = nil }
            switch element.name {
            case "Action" where element.depth == 2 && actionURI == nil:
                actionURI = element.text
            case "MessageID" where element.depth == 2 && messageID == nil:
                messageID = element.text
            case "Body" where element.depth == 1:
                bodyDepth = element.depth
            case let name where bodyDepth.map({ element.depth == $0 + 1 }) ?? false:
                // The Body's child names the message: Hello, ProbeMatches, Probe, ...
                if bodyAction == nil { bodyAction = name }
                if ["Hello", "Bye", "Probe", "Resolve"].contains(name) {
                    current = WSDiscoveryEndpoint()
                    entryDepth = element.depth
                }
            case "ProbeMatch", "ResolveMatch":
                closeEntry()
                current = WSDiscoveryEndpoint()
                entryDepth = element.depth
            case "Address" where current != nil:
                if current?.address == nil { current?.address = element.text }
            case "Types" where current != nil:
                if current?.types.isEmpty ?? false { current?.types = split(element.text) }
            case "Scopes" where current != nil:
                if current?.scopes.isEmpty ?? false { current?.scopes = split(element.text) }
            case "XAddrs" where current != nil:
                if current?.transportAddresses.isEmpty ?? false { current?.transportAddresses = split(element.text) }
            case "MetadataVersion" where current != nil:
                if current?.metadataVersion == nil { current?.metadataVersion = UInt64(element.text) }
            default:
                break
            }
        }
        closeEntry()
        // The action URI's last segment names the message (`…/discovery/Hello`); the Body decides otherwise.
        let fromURI = actionURI.flatMap { uri in uri.split(separator: "/").last.map(String.init) }
        let action: WSDiscoveryAction
        if let fromURI, WSDiscoveryAction.known.contains(WSDiscoveryAction(rawValue: fromURI)) {
            action = WSDiscoveryAction(rawValue: fromURI)
        } else if let bodyAction, WSDiscoveryAction.known.contains(WSDiscoveryAction(rawValue: bodyAction)) {
            action = WSDiscoveryAction(rawValue: bodyAction)
        } else {
            note(.wsdUnknownAction)
            action = WSDiscoveryAction(rawValue: fromURI ?? bodyAction ?? "")
        }
        var message = WSDiscoveryMessage(action: action)
        message.actionURI = actionURI
        message.messageID = messageID
        message.entries = entries
        return .message(message, anomalies: anomalies)
    }
}
