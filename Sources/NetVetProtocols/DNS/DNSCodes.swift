/// A DNS resource record or question type (RFC 1035 §3.2.2, IANA "Resource Record (RR) TYPEs").
///
/// An open set: unknown values stay representable and print as hex.
public struct DNSRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = Self(rawValue: 1)
    public static let ns = Self(rawValue: 2)
    public static let cname = Self(rawValue: 5)
    public static let soa = Self(rawValue: 6)
    public static let ptr = Self(rawValue: 12)
    public static let hinfo = Self(rawValue: 13)
    public static let mx = Self(rawValue: 15)
    public static let txt = Self(rawValue: 16)
    public static let aaaa = Self(rawValue: 28)
    public static let srv = Self(rawValue: 33)
    public static let opt = Self(rawValue: 41)
    public static let nsec = Self(rawValue: 47)
    public static let https = Self(rawValue: 65)
    public static let any = Self(rawValue: 255)

    private static let names: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 13: "HINFO", 15: "MX", 16: "TXT", 28: "AAAA",
        33: "SRV", 41: "OPT", 47: "NSEC", 65: "HTTPS", 255: "ANY",
    ]

    public var description: String { Self.names[rawValue] ?? dnsHex(rawValue, digits: 4) }
}

/// A DNS class with the top bit removed (RFC 1035 §3.2.4); the top bit is mDNS's unicast-response or
/// cache-flush flag (RFC 6762 §5.4, §10.2) and is reported separately.
public struct DNSClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let internet = Self(rawValue: 1)
    public static let chaos = Self(rawValue: 3)
    public static let none = Self(rawValue: 254)
    public static let any = Self(rawValue: 255)

    public var description: String {
        switch rawValue {
        case 1: return "IN"
        case 3: return "CH"
        case 254: return "NONE"
        case 255: return "ANY"
        default: return dnsHex(rawValue, digits: 4)
        }
    }
}

/// The 4-bit header OPCODE (RFC 1035 §4.1.1, RFC 6895 §2.2).
public struct DNSOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let query = Self(rawValue: 0)
    public static let inverseQuery = Self(rawValue: 1)
    public static let status = Self(rawValue: 2)
    public static let notify = Self(rawValue: 4)
    public static let update = Self(rawValue: 5)

    public var description: String {
        switch rawValue {
        case 0: return "QUERY"
        case 1: return "IQUERY"
        case 2: return "STATUS"
        case 4: return "NOTIFY"
        case 5: return "UPDATE"
        default: return dnsHex(UInt16(rawValue), digits: 2)
        }
    }
}

/// The 4-bit header RCODE (RFC 1035 §4.1.1, RFC 6895 §2.3).
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let noError = Self(rawValue: 0)
    public static let formatError = Self(rawValue: 1)
    public static let serverFailure = Self(rawValue: 2)
    public static let nameError = Self(rawValue: 3)
    public static let notImplemented = Self(rawValue: 4)
    public static let refused = Self(rawValue: 5)

    public var description: String {
        switch rawValue {
        case 0: return "NOERROR"
        case 1: return "FORMERR"
        case 2: return "SERVFAIL"
        case 3: return "NXDOMAIN"
        case 4: return "NOTIMP"
        case 5: return "REFUSED"
        default: return dnsHex(UInt16(rawValue), digits: 2)
        }
    }
}

/// `0x` and `digits` lower-case hex digits, zero-padded.
func dnsHex(_ value: UInt16, digits: Int) -> String {
    let text = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
}

extension ProtocolAnomaly {
    /// Fewer than the 12 header bytes (RFC 1035 §4.1.1): not a DNS message.
    public static let dnsTruncatedHeader = ProtocolAnomaly("dns.truncated_header")
    /// A question or record ran past the end of the datagram; the sections before it are kept.
    public static let dnsTruncated = ProtocolAnomaly("dns.truncated")
    /// A compression pointer chain exceeded `DNSParser.maxCompressionHops` (a loop, or abuse).
    public static let dnsCompressionLoop = ProtocolAnomaly("dns.compression_loop")
    /// A compression pointer pointed at or past the end of the message.
    public static let dnsPointerOutOfRange = ProtocolAnomaly("dns.pointer_out_of_range")
    /// A label length byte of 64–191 (reserved label types 01 and 10): a label longer than 63 octets.
    public static let dnsLabelTooLong = ProtocolAnomaly("dns.label_too_long")
    /// A name longer than `DNSParser.maxNameLength` (255) octets in wire form.
    public static let dnsNameTooLong = ProtocolAnomaly("dns.name_too_long")
    /// A section count exceeded `DNSParser.maxRecordsPerSection`; the rest of the message was not parsed.
    public static let dnsTooManyRecords = ProtocolAnomaly("dns.too_many_records")
    /// RDATA of a decoded type (A, AAAA, SRV, names, TXT) did not fill RDLENGTH exactly.
    public static let dnsRDataLengthMismatch = ProtocolAnomaly("dns.rdata_length_mismatch")
    /// A TXT record held more than `DNSParser.maxTXTStrings` strings; the rest were dropped.
    public static let dnsTooManyTXTStrings = ProtocolAnomaly("dns.too_many_txt_strings")
    /// Bytes were left after the last record the header counts announced.
    public static let dnsTrailingData = ProtocolAnomaly("dns.trailing_data")
    /// (The audit.) An answer was not remembered for flow names: the answer table held its maximum of
    /// (client, address) pairs (NetVetObserve's `DNSAnalyzer.maxResolvedNames`).
    public static let dnsAnswerTableFull = ProtocolAnomaly("dns.answer_table_full")
}
