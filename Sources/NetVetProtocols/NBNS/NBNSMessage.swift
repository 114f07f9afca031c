import NetVetWire

/// A NetBIOS Name Service message (RFC 1002 §4.2): header, questions and resource records.
public struct NBNSMessage: Sendable, Equatable {
    /// `NAME_TRN_ID`.
    public var transactionID: UInt16
    /// The whole flags word: R, OPCODE, NM_FLAGS (AA, TC, RD, RA, B), RCODE.
    public var flags: UInt16
    /// Questions, in order (`QDCOUNT` announces them).
    public var questions: [NBNSQuestion] = []
    /// Answer records.
    public var answers: [NBNSResourceRecord] = []
    /// Authority records.
    public var authorities: [NBNSResourceRecord] = []
    /// Additional records (a registration's address record).
    public var additionals: [NBNSResourceRecord] = []

    public init(transactionID: UInt16, flags: UInt16) {
        self.transactionID = transactionID
        self.flags = flags
    }

    /// True for responses (the R bit).
    public var isResponse: Bool { flags & 0x8000 != 0 }
    /// The operation.
    public var opcode: NBNSOpcode { NBNSOpcode(rawValue: UInt8(truncatingIfNeeded: flags >> 11) & 0x0F) }
    /// True when the B (broadcast) flag is set.
    public var isBroadcast: Bool { flags & 0x0010 != 0 }
    /// The response code (0 is success).
    public var rcode: UInt8 { UInt8(truncatingIfNeeded: flags) & 0x0F }

    /// Every name the message carries (questions, records, node status lists), in order.
    public var allNames: [NBNSName] {
        let records = answers + authorities + additionals
        return questions.map(\.name) + records.compactMap(\.name)
            + records.flatMap { $0.nodeStatus?.names.map(\.name) ?? [] }
    }
}

/// A NetBIOS name (RFC 1001 §14): 15 name bytes, a suffix byte naming the service, and a scope.
public struct NBNSName: Hashable, Sendable, CustomStringConvertible {
    /// The 15 name bytes as sent, space-padded.
    public var rawName: [UInt8]
    /// The 16th byte: 0x00 workstation, 0x20 file server, 0x1D master browser, ...
    public var suffix: UInt8
    /// The NetBIOS scope (labels after the encoded name), dot-separated; empty when none.
    public var scope: String

    public init(rawName: [UInt8], suffix: UInt8, scope: String = "") {
        self.rawName = rawName
        self.suffix = suffix
        self.scope = scope
    }

    /// The name with trailing spaces and NULs removed, decoded leniently (`DESKTOP-1`).
    public var name: String {
        var bytes = rawName[...]
        while let last = bytes.last, last == 0x20 || last == 0 { bytes = bytes.dropLast() }
        return String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
    }

    /// As tshark prints it: trailing spaces removed, other bytes outside printable ASCII as `<xx>`,
    /// then the suffix as `<xx>` (`DESKTOP-1<20>`), then `.scope` if any.
    public var description: String {
        var bytes = rawName[...]
        while bytes.last == 0x20 { bytes = bytes.dropLast() }
        var text = ""
        for byte in bytes { text += Self.printable(byte) }
        text += "<" + String(PacketText.hex(suffix, digits: 2).dropFirst(2)) + ">"
        return scope.isEmpty ? text : text + "." + scope
    }

    /// A printable ASCII byte as itself, any other as `<xx>`.
    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) || byte == 0x20
            ? String(UnicodeScalar(byte)) : "<" + String(PacketText.hex(byte, digits: 2).dropFirst(2)) + ">"
    }
}

/// A question entry (RFC 1002 §4.2.1.2).
public struct NBNSQuestion: Sendable, Equatable {
    public var name: NBNSName
    /// NB for name queries, NBSTAT for node status requests.
    public var type: NBNSRecordType
    /// 1 (IN).
    public var recordClass: UInt16

    public init(name: NBNSName, type: NBNSRecordType, recordClass: UInt16) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

/// A resource record (RFC 1002 §4.2.1.3) with its NB or NBSTAT data decoded.
public struct NBNSResourceRecord: Sendable, Equatable {
    /// `RR_NAME`; `nil` when it was not a valid encoded NetBIOS name.
    public var name: NBNSName?
    public var type: NBNSRecordType
    public var recordClass: UInt16
    /// Seconds.
    public var ttl: UInt32
    /// NB records: the owner's address entries.
    public var addresses: [NBNSAddressEntry] = []
    /// NBSTAT records: the node status response.
    public var nodeStatus: NBNSNodeStatus?

    public init(name: NBNSName?, type: NBNSRecordType, recordClass: UInt16, ttl: UInt32) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
    }
}

/// One NB_FLAGS + NB_ADDRESS entry of an NB record (RFC 1002 §4.2.2, §4.2.13).
public struct NBNSAddressEntry: Sendable, Equatable {
    /// NB_FLAGS: G (0x8000) group name, ONT (0x6000) owner node type.
    public var flags: UInt16
    public var address: IPv4Address

    public init(flags: UInt16, address: IPv4Address) {
        self.flags = flags
        self.address = address
    }

    /// True for a group name.
    public var isGroup: Bool { flags & 0x8000 != 0 }
}

/// A node status response (RFC 1002 §4.2.18): the node's names and its unit ID.
public struct NBNSNodeStatus: Sendable, Equatable {
    /// The name table, in order.
    public var names: [NBNSNodeName]
    /// The first 6 bytes of the statistics: the adapter's MAC address, when present.
    public var unitID: MACAddress?

    public init(names: [NBNSNodeName], unitID: MACAddress?) {
        self.names = names
        self.unitID = unitID
    }
}

/// One entry of a node status name table.
public struct NBNSNodeName: Sendable, Equatable {
    public var name: NBNSName
    /// NAME_FLAGS: G (0x8000) group, ONT, DRG, CNF, ACT (0x0400 active), PRM.
    public var flags: UInt16

    public init(name: NBNSName, flags: UInt16) {
        self.name = name
        self.flags = flags
    }

    /// True for a group name.
    public var isGroup: Bool { flags & 0x8000 != 0 }
}
