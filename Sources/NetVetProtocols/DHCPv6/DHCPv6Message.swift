import NetVetWire

/// A DHCPv6 message (RFC 8415 §8) or relay message (§9), with the options an inventory uses.
///
/// Client/server messages carry `transactionID`; relay messages carry `relay` and, when option 9 was
/// present and nesting stayed within `DHCPv6Parser.maxRelayDepth`, the `relayedMessage`.
public struct DHCPv6Message: Sendable, Equatable {
    /// `msg-type`.
    public var messageType: DHCPv6MessageType
    /// The 24-bit `transaction-id` of a client/server message; `nil` for relay messages.
    public var transactionID: UInt32?
    /// The relay header of RELAY-FORW/RELAY-REPL; `nil` for client/server messages.
    public var relay: DHCPv6RelayHeader?
    /// Option codes in wire order (the option order is itself a client fingerprint).
    public var optionCodes: [DHCPv6OptionCode] = []
    /// Option 1.
    public var clientID: DHCPv6DUID?
    /// Option 2.
    public var serverID: DHCPv6DUID?
    /// Option 6, requested option codes in the client's order.
    public var optionRequest: [UInt16]?
    /// Option 16.
    public var vendorClass: DHCPv6VendorClass?
    /// Option 39.
    public var clientFQDN: DHCPv6ClientFQDN?
    /// Storage for `relayedMessage` (an array because a struct cannot contain itself directly).
    private var relayed: [DHCPv6Message] = []

    /// A message of `messageType` with no options.
    public init(messageType: DHCPv6MessageType, transactionID: UInt32?, relay: DHCPv6RelayHeader?) {
        self.messageType = messageType
        self.transactionID = transactionID
        self.relay = relay
    }

    /// The message inside option 9 of a relay message, parsed; `nil` if absent or too deep.
    public var relayedMessage: DHCPv6Message? {
        get { relayed.first }
        set { relayed = newValue.map { [$0] } ?? [] }
    }

    /// The innermost client or server message: `self` unless this is a relay message wrapping one.
    public var innermostMessage: DHCPv6Message {
        var current = self
        // Each step removes one level of a finite, already-parsed nesting.
        while let inner = current.relayedMessage { current = inner }
        return current
    }
}

/// The relay header of RELAY-FORW and RELAY-REPL (RFC 8415 §9.1).
public struct DHCPv6RelayHeader: Sendable, Equatable {
    /// Relay agents the message has passed.
    public var hopCount: UInt8
    /// An address on the link the client is on.
    public var linkAddress: IPv6Address
    /// The address of the client or relay the message came from.
    public var peerAddress: IPv6Address

    public init(hopCount: UInt8, linkAddress: IPv6Address, peerAddress: IPv6Address) {
        self.hopCount = hopCount
        self.linkAddress = linkAddress
        self.peerAddress = peerAddress
    }
}

/// A DHCP Unique Identifier (RFC 8415 §11); byte fields are at most 128 bytes.
public enum DHCPv6DUID: Sendable, Equatable {
    /// DUID-LLT (§11.2): hardware type, seconds since 2000-01-01 UTC, link-layer address.
    case linkLayerPlusTime(hardwareType: UInt16, time: UInt32, address: [UInt8])
    /// DUID-EN (§11.3): IANA enterprise number and an opaque identifier.
    case enterprise(number: UInt32, identifier: [UInt8])
    /// DUID-LL (§11.4): hardware type and link-layer address.
    case linkLayer(hardwareType: UInt16, address: [UInt8])
    /// DUID-UUID (§11.5): 16 bytes.
    case uuid([UInt8])
    /// Any other type, or a known type too short for its fields: the type and the bytes after it.
    case other(type: DHCPv6DUIDType, bytes: [UInt8])

    /// The DUID type.
    public var type: DHCPv6DUIDType {
        switch self {
        case .linkLayerPlusTime: return .linkLayerPlusTime
        case .enterprise: return .enterprise
        case .linkLayer: return .linkLayer
        case .uuid: return .uuid
        case .other(let type, _): return type
        }
    }

    /// The MAC address in a DUID-LLT or DUID-LL with hardware type 1 (Ethernet) and a 6-byte address.
    public var macAddress: MACAddress? {
        switch self {
        case .linkLayerPlusTime(1, _, let address), .linkLayer(1, let address):
            guard address.count == 6 else { return nil }
            return MACAddress(address[0], address[1], address[2], address[3], address[4], address[5])
        default:
            return nil
        }
    }
}

/// Option 16, Vendor Class (RFC 8415 §21.16): an enterprise number and opaque strings.
public struct DHCPv6VendorClass: Sendable, Equatable {
    /// The IANA enterprise number (311 is Microsoft).
    public var enterpriseNumber: UInt32
    /// The vendor-class-data items as lenient text, in order.
    public var data: [String]

    public init(enterpriseNumber: UInt32, data: [String]) {
        self.enterpriseNumber = enterpriseNumber
        self.data = data
    }
}

/// Option 39, Client FQDN (RFC 4704 §4): flags and a DNS wire-format name.
public struct DHCPv6ClientFQDN: Sendable, Equatable {
    /// Flags: S (0x01), O (0x02), N (0x04).
    public var flags: UInt8
    /// The name without a trailing dot; `nil` when malformed (`dhcpv6.fqdn_bad_name`).
    public var name: String?
    /// True when the name ended with the root label.
    public var isFullyQualified: Bool

    public init(flags: UInt8, name: String?, isFullyQualified: Bool) {
        self.flags = flags
        self.name = name
        self.isFullyQualified = isFullyQualified
    }
}
