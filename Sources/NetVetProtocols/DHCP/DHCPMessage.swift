import NetVetWire

/// A DHCPv4 (or BOOTP) message as sent on the wire (RFC 2131 §2), with the options an inventory uses.
///
/// Fields absent from the packet are `nil`; an option whose length did not fit its definition is left
/// `nil` and reported as `dhcp.option_length_mismatch`. Strings are lenient copies bounded to 255 bytes.
public struct DHCPMessage: Sendable, Equatable {
    /// `op`: request (client) or reply (server).
    public var operation: DHCPOperation
    /// `htype`: ARP hardware type of `chaddr` (1 is Ethernet).
    public var hardwareType: UInt8
    /// `hlen`: length of the hardware address in `chaddr`.
    public var hardwareAddressLength: UInt8
    /// `hops`: incremented by relay agents.
    public var hops: UInt8
    /// `xid`: transaction ID chosen by the client.
    public var transactionID: UInt32
    /// `secs`: seconds since the client began acquiring an address.
    public var seconds: UInt16
    /// `flags`: bit 15 is the broadcast flag.
    public var flags: UInt16
    /// `ciaddr`: the client's current address (only in BOUND, RENEW, REBINDING).
    public var clientAddress: IPv4Address
    /// `yiaddr`: the address the server offers or assigns.
    public var yourAddress: IPv4Address
    /// `siaddr`: the next server in bootstrap.
    public var nextServerAddress: IPv4Address
    /// `giaddr`: the relay agent's address, 0.0.0.0 when not relayed.
    public var relayAgentAddress: IPv4Address
    /// `chaddr` as a MAC address, when `htype` is 1 (Ethernet) and `hlen` is 6.
    public var clientHardwareAddress: MACAddress?
    /// True when the RFC 2131 §3 magic cookie 99.130.83.99 was present and options were read.
    public var hasMagicCookie: Bool
    /// Option codes in wire order, pad and end excluded (the option order is itself a client fingerprint).
    public var optionCodes: [DHCPOptionCode]
    /// Option 53.
    public var messageType: DHCPMessageType?
    /// Option 12, lenient text.
    public var hostName: String?
    /// Option 50.
    public var requestedAddress: IPv4Address?
    /// Option 54.
    public var serverIdentifier: IPv4Address?
    /// Option 55, codes in the client's order.
    public var parameterRequestList: [UInt8]?
    /// Option 57.
    public var maxMessageSize: UInt16?
    /// Option 60, lenient text (`MSFT 5.0`, `android-dhcp-13`, `udhcp 1.36.1`).
    public var vendorClassIdentifier: String?
    /// Option 61.
    public var clientIdentifier: DHCPClientIdentifier?
    /// Option 81.
    public var clientFQDN: DHCPClientFQDN?
    /// Option 43, raw, at most 255 bytes (a single option cannot hold more).
    public var vendorSpecific: [UInt8]?

    /// A message with the fixed fields given and no options.
    public init(
        operation: DHCPOperation, hardwareType: UInt8, hardwareAddressLength: UInt8, hops: UInt8,
        transactionID: UInt32, seconds: UInt16, flags: UInt16, clientAddress: IPv4Address,
        yourAddress: IPv4Address, nextServerAddress: IPv4Address, relayAgentAddress: IPv4Address,
        clientHardwareAddress: MACAddress?
    ) {
        self.operation = operation
        self.hardwareType = hardwareType
        self.hardwareAddressLength = hardwareAddressLength
        self.hops = hops
        self.transactionID = transactionID
        self.seconds = seconds
        self.flags = flags
        self.clientAddress = clientAddress
        self.yourAddress = yourAddress
        self.nextServerAddress = nextServerAddress
        self.relayAgentAddress = relayAgentAddress
        self.clientHardwareAddress = clientHardwareAddress
        self.hasMagicCookie = false
        self.optionCodes = []
    }

    /// The Fingerbank-style DHCP fingerprint: option 55 as comma-separated decimals (`1,3,6,15`);
    /// empty when the client sent no parameter request list.
    public var fingerprint: String {
        (parameterRequestList ?? []).map { String($0) }.joined(separator: ",")
    }
}

/// Option 61, the client identifier (RFC 2132 §9.14): a type byte and opaque bytes.
public struct DHCPClientIdentifier: Sendable, Equatable {
    /// The identifier type: 1 is an Ethernet address, 255 an RFC 4361 IAID + DUID, 0 free-form.
    public var type: UInt8
    /// The bytes after the type byte.
    public var identifier: [UInt8]

    public init(type: UInt8, identifier: [UInt8]) {
        self.type = type
        self.identifier = identifier
    }

    /// The MAC address when the type is 1 (Ethernet) and the identifier is 6 bytes.
    public var macAddress: MACAddress? {
        guard type == 1, identifier.count == 6 else { return nil }
        return MACAddress(identifier[0], identifier[1], identifier[2], identifier[3], identifier[4], identifier[5])
    }
}

/// Option 81, the client FQDN (RFC 4702 §2): flags, two deprecated RCODE bytes and a name.
public struct DHCPClientFQDN: Sendable, Equatable {
    /// Flags: S (0x01) server should update A, O (0x02) override, E (0x04) wire encoding, N (0x08) no update.
    public var flags: UInt8
    /// RCODE1, deprecated; clients send 0, servers 255.
    public var rcode1: UInt8
    /// RCODE2, deprecated.
    public var rcode2: UInt8
    /// The name without a trailing dot; `nil` when its encoding was malformed (`dhcp.fqdn_bad_name`).
    public var name: String?
    /// True when the name ended with the root label (wire encoding) and is thus fully qualified;
    /// always false for the deprecated ASCII encoding, which cannot say.
    public var isFullyQualified: Bool

    public init(flags: UInt8, rcode1: UInt8, rcode2: UInt8, name: String?, isFullyQualified: Bool) {
        self.flags = flags
        self.rcode1 = rcode1
        self.rcode2 = rcode2
        self.name = name
        self.isFullyQualified = isFullyQualified
    }

    /// True when the E flag says the name is in DNS wire encoding rather than ASCII.
    public var isWireEncoded: Bool { flags & 0x04 != 0 }
}
