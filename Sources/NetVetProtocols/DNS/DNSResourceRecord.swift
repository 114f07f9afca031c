/// One resource record of the answer, authority or additional section (RFC 1035 §4.1.3).
public struct DNSResourceRecord: Hashable, Sendable {
    /// The owner NAME.
    public var name: DNSName
    /// TYPE.
    public var type: DNSRecordType
    /// CLASS without its top bit.
    public var recordClass: DNSClass
    /// The top bit of CLASS: in mDNS, "cache flush" (RFC 6762 §10.2).
    public var isCacheFlush: Bool
    /// TTL in seconds.
    public var ttl: UInt32
    /// RDLENGTH as on the wire.
    public var dataLength: Int
    /// RDATA, decoded for A, AAAA, CNAME, PTR, NS, SRV and TXT; otherwise `.other`.
    public var data: DNSRecordData

    /// A record from its wire fields.
    public init(
        name: DNSName, type: DNSRecordType, recordClass: DNSClass, isCacheFlush: Bool, ttl: UInt32,
        dataLength: Int, data: DNSRecordData
    ) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.isCacheFlush = isCacheFlush
        self.ttl = ttl
        self.dataLength = dataLength
        self.data = data
    }
}
