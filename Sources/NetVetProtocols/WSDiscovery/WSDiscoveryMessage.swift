/// A WS-Discovery (SOAP-over-UDP, port 3702) message as ONVIF cameras and WSD printers send it
/// (WS-Discovery 1.1 §4–6): its kind, addressing headers and the endpoints it carries.
///
/// Strings are copied bounded (`WSDiscoveryParser.maxFieldLength`) and lists capped.
public struct WSDiscoveryMessage: Hashable, Sendable {
    /// The message kind.
    public var action: WSDiscoveryAction
    /// The `wsa:Action` header as sent, if present.
    public var actionURI: String?
    /// The `wsa:MessageID` header (usually `urn:uuid:…`).
    public var messageID: String?
    /// Hello/Bye: the one announced endpoint; ProbeMatches/ResolveMatches: one per match; Probe/Resolve:
    /// the one query (its Types, Scopes or EndpointReference).
    public var entries: [WSDiscoveryEndpoint]

    /// An empty message of the given kind.
    public init(action: WSDiscoveryAction) {
        self.action = action
        self.entries = []
    }
}

/// One endpoint description (WS-Discovery 1.1 §4.1 Hello, §5.3 ProbeMatch, §6.2 ResolveMatch).
public struct WSDiscoveryEndpoint: Hashable, Sendable {
    /// `wsa:EndpointReference/wsa:Address`: the endpoint's stable id (`urn:uuid:…`).
    public var address: String?
    /// `d:Types`, split on white space (`dn:NetworkVideoTransmitter`, `tds:Device`), as written.
    public var types: [String] = []
    /// `d:Scopes`, split on white space (`onvif://www.onvif.org/hardware/…`).
    public var scopes: [String] = []
    /// `d:XAddrs`, split on white space: the transport addresses (`http://…/onvif/device_service`).
    public var transportAddresses: [String] = []
    /// `d:MetadataVersion`.
    public var metadataVersion: UInt64?

    /// An endpoint with nothing read yet.
    public init() {}

    /// The type names without their namespace prefix (`NetworkVideoTransmitter`, `Device`).
    public var typeLocalNames: [String] {
        types.map { type in type.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? type }
    }

    /// The ONVIF scopes (ONVIF Core Specification §7.3.2.2, `onvif://www.onvif.org/<category>/<value>`),
    /// as (category lowercased, value percent-decoded); other scopes are left out.
    public var onvifScopes: [(category: String, value: String)] {
        scopes.compactMap { scope in
            let prefix = "onvif://www.onvif.org/"
            guard scope.lowercased().hasPrefix(prefix) else { return nil }
            let rest = scope.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let category = rest[..<slash].lowercased()
            let value = WSDiscoveryEndpoint.percentDecoded(rest[rest.index(after: slash)...])
            return category.isEmpty ? nil : (category, value)
        }
    }

    /// The value of the first ONVIF scope of `category` (`hardware`, `name`, `location`, `type`, ...).
    public func onvifScope(_ category: String) -> String? {
        onvifScopes.first { $0.category == category }?.value
    }

    /// RFC 3986 §2.1 percent-decoding; a `%` not followed by two hex digits stays literal, and bytes that
    /// are not UTF-8 become U+FFFD.
    static func percentDecoded(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = bytes[index + 1].asciiHexDigitValue, let low = bytes[index + 2].asciiHexDigitValue
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output.filter { $0 != 0 }, as: UTF8.self)
    }
}
