import NetVetWire

/// A Cisco Discovery Protocol message (the payload after LLC/SNAP OUI 00-00-0C, PID 0x2000): header
/// and the TLVs an inventory uses. Strings are lenient copies, bounded.
public struct CDPMessage: Sendable, Equatable {
    /// 1 or 2.
    public var version: UInt8
    /// Seconds the receiver should keep this information.
    public var timeToLive: UInt8
    /// The checksum as sent.
    public var checksum: UInt16
    /// True when the checksum verifies over the whole payload.
    public var isChecksumValid: Bool
    /// TLV types in wire order.
    public var tlvTypes: [CDPTLVType] = []
    /// TLV 1 (often the host name or serial-derived name).
    public var deviceID: String?
    /// TLV 2, in order.
    public var addresses: [CDPAddress] = []
    /// TLV 3, the sender's interface (`GigabitEthernet0/5`).
    public var portID: String?
    /// TLV 4.
    public var capabilities: CDPCapabilities?
    /// TLV 5, at most 1024 bytes.
    public var softwareVersion: String?
    /// TLV 6 (`cisco WS-C3560G-24PS`).
    public var platform: String?
    /// TLV 9.
    public var vtpManagementDomain: String?
    /// TLV 10.
    public var nativeVLAN: UInt16?
    /// TLV 11: true full duplex, false half.
    public var isFullDuplex: Bool?
    /// TLV 0x16, in order.
    public var managementAddresses: [CDPAddress] = []

    public init(version: UInt8, timeToLive: UInt8, checksum: UInt16, isChecksumValid: Bool) {
        self.version = version
        self.timeToLive = timeToLive
        self.checksum = checksum
        self.isChecksumValid = isChecksumValid
    }
}

/// One entry of a CDP address list: protocol type, protocol bytes and address bytes.
public struct CDPAddress: Sendable, Equatable {
    /// 1 NLPID, 2 IEEE 802.2.
    public var protocolType: UInt8
    /// NLPID 0xCC for IPv4; 802.2 `AA AA 03 00 00 00 86 DD` for IPv6. At most 255 bytes.
    public var protocolBytes: [UInt8]
    /// The address bytes, at most 255.
    public var rawAddress: [UInt8]
    /// The address, for IPv4 and IPv6.
    public var address: IPAddress?

    public init(protocolType: UInt8, protocolBytes: [UInt8], rawAddress: [UInt8], address: IPAddress?) {
        self.protocolType = protocolType
        self.protocolBytes = protocolBytes
        self.rawAddress = rawAddress
        self.address = address
    }
}
