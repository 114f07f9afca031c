/// The fixed 12-byte DNS message header (RFC 1035 §4.1.1), shared by mDNS (RFC 6762 §18) and LLMNR
/// (RFC 4795 §2.1.1).
public struct DNSHeader: Hashable, Sendable {
    /// The query identifier (always 0 in mDNS multicast messages).
    public var id: UInt16
    /// The 16-bit flags word as on the wire; the accessors below decode it.
    public var flags: UInt16
    /// QDCOUNT as on the wire (the parser reads at most `DNSParser.maxRecordsPerSection`).
    public var questionCount: UInt16
    /// ANCOUNT as on the wire.
    public var answerCount: UInt16
    /// NSCOUNT as on the wire.
    public var authorityCount: UInt16
    /// ARCOUNT as on the wire.
    public var additionalCount: UInt16

    /// A header from its wire fields.
    public init(
        id: UInt16, flags: UInt16, questionCount: UInt16, answerCount: UInt16, authorityCount: UInt16,
        additionalCount: UInt16
    ) {
        self.id = id
        self.flags = flags
        self.questionCount = questionCount
        self.answerCount = answerCount
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
    }

    /// QR: true for a response.
    public var isResponse: Bool { flags & 0x8000 != 0 }
    /// OPCODE (4 bits).
    public var opcode: DNSOpcode { DNSOpcode(rawValue: UInt8(truncatingIfNeeded: flags >> 11) & 0x0F) }
    /// AA: authoritative answer.
    public var isAuthoritative: Bool { flags & 0x0400 != 0 }
    /// TC: truncated (in LLMNR the same bit is "conflict" in queries, RFC 4795 §2.1.1).
    public var isTruncated: Bool { flags & 0x0200 != 0 }
    /// RD: recursion desired.
    public var isRecursionDesired: Bool { flags & 0x0100 != 0 }
    /// RA: recursion available.
    public var isRecursionAvailable: Bool { flags & 0x0080 != 0 }
    /// RCODE (4 bits).
    public var responseCode: DNSResponseCode { DNSResponseCode(rawValue: UInt8(truncatingIfNeeded: flags) & 0x0F) }
}
