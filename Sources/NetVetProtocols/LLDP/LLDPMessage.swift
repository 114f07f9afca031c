import NetVetWire

/// An LLDP data unit (IEEE 802.1AB-2016 §8): the TLVs an inventory uses, decoded.
///
/// Absent TLVs are `nil` or empty; a TLV whose length did not fit its definition is left out and
/// reported. Strings are lenient copies bounded to 255 bytes.
public struct LLDPMessage: Sendable, Equatable {
    /// TLV types in wire order, end excluded.
    public var tlvTypes: [LLDPTLVType] = []
    /// TLV 1.
    public var chassisID: LLDPIdentifier?
    /// TLV 2.
    public var portID: LLDPIdentifier?
    /// TLV 3, seconds; 0 means the sender is shutting down.
    public var timeToLive: UInt16?
    /// TLV 4.
    public var portDescription: String?
    /// TLV 5.
    public var systemName: String?
    /// TLV 6.
    public var systemDescription: String?
    /// TLV 7: what the system can do.
    public var capabilities: LLDPCapabilities?
    /// TLV 7: what is enabled.
    public var enabledCapabilities: LLDPCapabilities?
    /// TLV 8, in order.
    public var managementAddresses: [LLDPManagementAddress] = []
    /// TLV 127, in order, at most `LLDPParser.maxOrganizationTLVs`.
    public var organizationTLVs: [LLDPOrganizationTLV] = []
    /// IEEE 802.1 port VLAN ID (OUI 00-80-C2, subtype 1).
    public var portVLANID: UInt16?
    /// IEEE 802.3 maximum frame size (OUI 00-12-0F, subtype 4).
    public var maximumFrameSize: UInt16?
    /// LLDP-MED inventory (OUI 00-12-BB, subtypes 5–11), when any was sent.
    public var inventory: LLDPMEDInventory?

    public init() {}
}

/// A chassis or port identifier (TLVs 1 and 2): a subtype and a value, interpreted by subtype.
public struct LLDPIdentifier: Sendable, Equatable {
    /// The subtype (chassis: 4 MAC, 5 network address, 6 interface name, 7 local; port: 3 MAC,
    /// 4 network address, 5 interface name, 7 local).
    public var subtype: UInt8
    /// The value as sent, at most 255 bytes.
    public var value: [UInt8]
    /// The value as a MAC address, for the MAC subtype with 6 bytes.
    public var macAddress: MACAddress?
    /// The value as an address, for the network address subtype (IANA family 1 IPv4, 2 IPv6).
    public var networkAddress: IPAddress?
    /// The value as lenient text, for the textual subtypes.
    public var text: String?

    public init(
        subtype: UInt8, value: [UInt8], macAddress: MACAddress? = nil, networkAddress: IPAddress? = nil,
        text: String? = nil
    ) {
        self.subtype = subtype
        self.value = value
        self.macAddress = macAddress
        self.networkAddress = networkAddress
        self.text = text
    }
}

/// A management address (TLV 8, §8.5.9).
public struct LLDPManagementAddress: Sendable, Equatable {
    /// IANA address family: 1 IPv4, 2 IPv6, 6 802 MAC.
    public var addressSubtype: UInt8
    /// The address bytes, at most 31.
    public var rawAddress: [UInt8]
    /// The address, for IPv4 (4 bytes) and IPv6 (16 bytes).
    public var address: IPAddress?
    /// 1 unknown, 2 ifIndex, 3 system port number.
    public var interfaceNumberingSubtype: UInt8
    public var interfaceNumber: UInt32
    /// The object identifier, BER-encoded, at most 128 bytes.
    public var objectIdentifier: [UInt8]

    public init(
        addressSubtype: UInt8, rawAddress: [UInt8], address: IPAddress?, interfaceNumberingSubtype: UInt8,
        interfaceNumber: UInt32, objectIdentifier: [UInt8]
    ) {
        self.addressSubtype = addressSubtype
        self.rawAddress = rawAddress
        self.address = address
        self.interfaceNumberingSubtype = interfaceNumberingSubtype
        self.interfaceNumber = interfaceNumber
        self.objectIdentifier = objectIdentifier
    }
}

/// An organization-specific TLV (127, §8.6): OUI, subtype and information bytes (at most 507).
public struct LLDPOrganizationTLV: Sendable, Equatable {
    public var organization: LLDPOrganization
    public var subtype: UInt8
    public var information: [UInt8]

    public init(organization: LLDPOrganization, subtype: UInt8, information: [UInt8]) {
        self.organization = organization
        self.subtype = subtype
        self.information = information
    }
}

/// LLDP-MED inventory TLVs (ANSI/TIA-1057 §10.2.6). The serial number is unique per unit, so only its
/// presence is kept.
public struct LLDPMEDInventory: Sendable, Equatable {
    /// Subtype 5.
    public var hardwareRevision: String?
    /// Subtype 6.
    public var firmwareRevision: String?
    /// Subtype 7.
    public var softwareRevision: String?
    /// Subtype 8 was present (its value is deliberately not kept).
    public var hasSerialNumber = false
    /// Subtype 9.
    public var manufacturerName: String?
    /// Subtype 10.
    public var modelName: String?
    /// Subtype 11.
    public var assetID: String?

    public init() {}
}
