/// One entry of the question section (RFC 1035 §4.1.2).
public struct DNSQuestion: Hashable, Sendable {
    /// QNAME.
    public var name: DNSName
    /// QTYPE.
    public var type: DNSRecordType
    /// QCLASS without its top bit.
    public var recordClass: DNSClass
    /// The top bit of QCLASS: in mDNS, "unicast response requested" (RFC 6762 §5.4).
    public var isUnicastResponseRequested: Bool

    /// A question from its wire fields.
    public init(name: DNSName, type: DNSRecordType, recordClass: DNSClass, isUnicastResponseRequested: Bool) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.isUnicastResponseRequested = isUnicastResponseRequested
    }
}
