/// An NBNS operation code (RFC 1002 §4.2.1.1, bits 1–4 of the flags word); an open set.
public struct NBNSOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let query = Self(rawValue: 0)
    public static let registration = Self(rawValue: 5)
    public static let release = Self(rawValue: 6)
    /// Wait for acknowledgement (WACK).
    public static let wait = Self(rawValue: 7)
    public static let refresh = Self(rawValue: 8)
    /// Refresh, as Microsoft implementations number it.
    public static let refreshAlternate = Self(rawValue: 9)
    /// Multi-homed name registration.
    public static let multiHomedRegistration = Self(rawValue: 15)

    /// The operation's name when known, else its value in hex.
    public var description: String {
        switch rawValue {
        case 0: return "query"
        case 5: return "registration"
        case 6: return "release"
        case 7: return "wait"
        case 8, 9: return "refresh"
        case 15: return "multi-homed-registration"
        default: return PacketText.hex(rawValue, digits: 1)
        }
    }
}

/// An NBNS question or resource record type (RFC 1002 §4.2.1.2, §4.2.1.3); an open set.
public struct NBNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// IP address record (redirect responses).
    public static let address = Self(rawValue: 0x0001)
    /// Name server record (redirect responses).
    public static let nameServer = Self(rawValue: 0x0002)
    /// NULL record (WACK, negative responses).
    public static let null = Self(rawValue: 0x000A)
    /// NetBIOS general name service record.
    public static let nb = Self(rawValue: 0x0020)
    /// NetBIOS node status record.
    public static let nbstat = Self(rawValue: 0x0021)

    /// `A`, `NS`, `NULL`, `NB`, `NBSTAT`, or the value in hex.
    public var description: String {
        switch rawValue {
        case 0x01: return "A"
        case 0x02: return "NS"
        case 0x0A: return "NULL"
        case 0x20: return "NB"
        case 0x21: return "NBSTAT"
        default: return PacketText.hex(rawValue, digits: 4)
        }
    }
}

extension ProtocolAnomaly {
    /// Fewer than the 12-byte header (malformed), or the message ends before the records its counts announce.
    public static let nbnsTruncated = ProtocolAnomaly("nbns.truncated")
    /// A name's first label is not 32 bytes, so it is not a first-level encoded NetBIOS name.
    public static let nbnsBadNameLength = ProtocolAnomaly("nbns.bad_name_length")
    /// A first-level encoded name holds a byte outside `A`...`P` (RFC 1001 §14.1).
    public static let nbnsBadNameEncoding = ProtocolAnomaly("nbns.bad_name_encoding")
    /// A label over 63 bytes, a name over 255 bytes, or a compression pointer loop or out-of-range target.
    public static let nbnsBadLabel = ProtocolAnomaly("nbns.bad_label")
    /// An NB record's data is not a whole number of 6-byte entries, or NBSTAT data is shorter than its
    /// name list plus the 46-byte statistics.
    public static let nbnsRDataLengthMismatch = ProtocolAnomaly("nbns.rdata_length_mismatch")
    /// The header announces more records than `NBNSParser.maxRecords`; the rest are not read.
    public static let nbnsTooManyRecords = ProtocolAnomaly("nbns.too_many_records")
}
