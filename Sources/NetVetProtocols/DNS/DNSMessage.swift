/// A DNS, mDNS or LLMNR message (RFC 1035 §4.1): header and the four sections, each capped at
/// `DNSParser.maxRecordsPerSection` entries. Sections may be shorter than the header counts when the
/// datagram was truncated (see the anomalies returned with it).
public struct DNSMessage: Hashable, Sendable {
    /// The fixed header.
    public var header: DNSHeader
    /// The question section.
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [DNSResourceRecord]
    /// The authority section.
    public var authorities: [DNSResourceRecord]
    /// The additional section.
    public var additionals: [DNSResourceRecord]

    /// A message from its parts.
    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSResourceRecord] = [],
        authorities: [DNSResourceRecord] = [], additionals: [DNSResourceRecord] = []
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// Answers, authorities and additionals in wire order.
    public var allRecords: [DNSResourceRecord] { answers + authorities + additionals }
}
