import NetVetWire

/// Decodes a DNS message from a UDP payload: RFC 1035 §4.1 (header §4.1.1, question §4.1.2, resource
/// record §4.1.3, compression §4.1.4), which mDNS (RFC 6762 §18) and LLMNR (RFC 4795 §2.1) reuse.
///
/// Pure: bytes in, message and anomalies out. Every name, section and TXT list is bounded by a named
/// limit below; a datagram cut short keeps the sections read before the cut.
public enum DNSParser {
    /// Compression pointers followed for one name before calling it a loop (`dns.compression_loop`).
    public static let maxCompressionHops = 16
    /// Longest name in wire form, length bytes included (RFC 1035 §3.1; `dns.name_too_long`).
    public static let maxNameLength = 255
    /// Longest label (RFC 1035 §2.3.4); length bytes 64–191 are reserved label types.
    public static let maxLabelLength = 63
    /// Questions or records parsed per section (`dns.too_many_records`).
    public static let maxRecordsPerSection = 64
    /// Strings kept per TXT record (`dns.too_many_txt_strings`).
    public static let maxTXTStrings = 64

    /// The fixed header size (RFC 1035 §4.1.1).
    static let headerLength = 12

    /// Parses the unread bytes of `reader` as one DNS message (see `parse(_: UnsafeRawBufferPointer)`).
    public static func parse(_ reader: ByteReader) -> ParseResult<DNSMessage> {
        parse(reader.unreadBytes)
    }

    /// Parses one DNS message.
    ///
    /// Returns `.malformed([.dnsTruncatedHeader])` for fewer than 12 bytes; otherwise a message with
    /// whatever sections could be read and the anomalies met (never `.needMoreData`: one datagram is
    /// one message).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<DNSMessage> {
        let whole = ByteReader(bytes)
        var reader = whole
        // Without the full header there are no counts to trust, so nothing is this protocol.
        guard let id = reader.readUInt16(), let flags = reader.readUInt16(), let qd = reader.readUInt16(),
            let an = reader.readUInt16(), let ns = reader.readUInt16(), let ar = reader.readUInt16()
        else { return .malformed([.dnsTruncatedHeader]) }
        let header = DNSHeader(
            id: id, flags: flags, questionCount: qd, answerCount: an, authorityCount: ns, additionalCount: ar)
        var message = DNSMessage(header: header)
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }

        // Questions.
        let questionLimit = min(Int(qd), maxRecordsPerSection)
        // A count beyond the cap is parsed up to the cap; the later sections would be misaligned anyway.
        var capped = Int(qd) > maxRecordsPerSection
        for _ in 0..<questionLimit {
            switch readQuestion(&reader, in: whole) {
            case .success(let question): message.questions.append(question)
            case .failure(let failure):
                note(failure.anomaly)
                return .message(message, anomalies: anomalies)
            }
        }
        if capped {
            note(.dnsTooManyRecords)
            return .message(message, anomalies: anomalies)
        }

        // Answer, authority and additional records.
        for (section, count) in [(0, an), (1, ns), (2, ar)] {
            let limit = min(Int(count), maxRecordsPerSection)
            capped = Int(count) > maxRecordsPerSection
            for _ in 0..<limit {
                switch readRecord(&reader, in: whole, anomalies: &anomalies) {
                case .success(let record):
                    switch section {
                    case 0: message.answers.append(record)
                    case 1: message.authorities.append(record)
                    default: message.additionals.append(record)
                    }
                case .failure(let failure):
                    note(failure.anomaly)
                    return .message(message, anomalies: anomalies)
                }
            }
            // Records past the cap would cost unbounded work; stop and say so.
            if capped {
                note(.dnsTooManyRecords)
                return .message(message, anomalies: anomalies)
            }
        }
        // Bytes after the counted records mean the counts were too small (or something is smuggled).
        if !reader.isAtEnd { note(.dnsTrailingData) }
        return .message(message, anomalies: anomalies)
    }

    /// Reads QNAME, QTYPE, QCLASS; fails with `dns.truncated` or a name anomaly.
    static func readQuestion(_ reader: inout ByteReader, in whole: ByteReader) -> Result<DNSQuestion, DNSFailure> {
        let name: DNSName
        switch readName(&reader, in: whole) {
        case .success(let decoded): name = decoded
        case .failure(let failure): return .failure(failure)
        }
        // A question needs its 4 fixed bytes after the name.
        guard let type = reader.readUInt16(), let rawClass = reader.readUInt16() else {
            return .failure(DNSFailure(.dnsTruncated))
        }
        return .success(
            DNSQuestion(
                name: name, type: DNSRecordType(rawValue: type), recordClass: DNSClass(rawValue: rawClass & 0x7FFF),
                isUnicastResponseRequested: rawClass & 0x8000 != 0))
    }

    /// Reads one resource record with its RDATA confined to RDLENGTH; RDATA anomalies are added to
    /// `anomalies` and keep the record (as `.other`), structural ones fail it.
    static func readRecord(
        _ reader: inout ByteReader, in whole: ByteReader, anomalies: inout [ProtocolAnomaly]
    ) -> Result<DNSResourceRecord, DNSFailure> {
        let name: DNSName
        switch readName(&reader, in: whole) {
        case .success(let decoded): name = decoded
        case .failure(let failure): return .failure(failure)
        }
        // The 10 fixed bytes (type, class, TTL, RDLENGTH) must all be present.
        guard let type = reader.readUInt16(), let rawClass = reader.readUInt16(), let ttl = reader.readUInt32(),
            let rdLength = reader.readUInt16()
        else { return .failure(DNSFailure(.dnsTruncated)) }
        let rdataStart = reader.offset
        // RDATA is confined to RDLENGTH; if the datagram is shorter the record is cut.
        guard let rdata = reader.readSlice(Int(rdLength)) else { return .failure(DNSFailure(.dnsTruncated)) }
        let recordType = DNSRecordType(rawValue: type)
        let data: DNSRecordData
        switch decodeData(recordType, rdata, start: rdataStart, in: whole) {
        case .success(let decoded): data = decoded
        case .failure(let failure):
            if !anomalies.contains(failure.anomaly) { anomalies.append(failure.anomaly) }
            data = .other(length: Int(rdLength))
        }
        return .success(
            DNSResourceRecord(
                name: name, type: recordType, recordClass: DNSClass(rawValue: rawClass & 0x7FFF),
                isCacheFlush: rawClass & 0x8000 != 0, ttl: ttl, dataLength: Int(rdLength), data: data))
    }

    /// Decodes RDATA of the types netvet reads; `rdata` is confined to RDLENGTH and starts at offset
    /// `start` of the message (names inside may point anywhere before it).
    static func decodeData(
        _ type: DNSRecordType, _ rdata: ByteReader, start: Int, in whole: ByteReader
    ) -> Result<DNSRecordData, DNSFailure> {
        var data = rdata
        switch type {
        case .a:
            // An A record is exactly 4 bytes (RFC 1035 §3.4.1).
            guard data.remaining == 4, let address = data.readIPv4() else {
                return .failure(DNSFailure(.dnsRDataLengthMismatch))
            }
            return .success(.ipv4(address))
        case .aaaa:
            // An AAAA record is exactly 16 bytes (RFC 3596 §2.2).
            guard data.remaining == 16, let address = data.readIPv6() else {
                return .failure(DNSFailure(.dnsRDataLengthMismatch))
            }
            return .success(.ipv6(address))
        case .cname, .ptr, .ns:
            switch readName(&data, in: whole, base: start) {
            case .success(let name):
                // The name must fill RDLENGTH exactly, or the length field lies.
                guard data.isAtEnd else { return .failure(DNSFailure(.dnsRDataLengthMismatch)) }
                return .success(.name(name))
            case .failure(let failure):
                return .failure(failure.anomaly == .dnsTruncated ? DNSFailure(.dnsRDataLengthMismatch) : failure)
            }
        case .srv:
            // Priority, weight and port come before the target (RFC 2782).
            guard let priority = data.readUInt16(), let weight = data.readUInt16(), let port = data.readUInt16() else {
                return .failure(DNSFailure(.dnsRDataLengthMismatch))
            }
            switch readName(&data, in: whole, base: start) {
            case .success(let target):
                // The target must end exactly at RDLENGTH.
                guard data.isAtEnd else { return .failure(DNSFailure(.dnsRDataLengthMismatch)) }
                return .success(.service(priority: priority, weight: weight, port: port, target: target))
            case .failure(let failure):
                return .failure(failure.anomaly == .dnsTruncated ? DNSFailure(.dnsRDataLengthMismatch) : failure)
            }
        case .txt:
            var strings: [String] = []
            while let length = data.readUInt8() {
                // A string's length byte must not promise more than RDLENGTH holds.
                guard let string = data.readSlice(Int(length)) else {
                    return .failure(DNSFailure(.dnsRDataLengthMismatch))
                }
                // Past the cap, strings are dropped rather than decoded without bound.
                guard strings.count < maxTXTStrings else { return .failure(DNSFailure(.dnsTooManyTXTStrings)) }
                strings.append(String(decoding: string.unreadBytes, as: UTF8.self))
            }
            return .success(.text(strings))
        default:
            return .success(.other(length: rdata.remaining))
        }
    }

    /// Reads a possibly compressed name at the cursor of `reader` (RFC 1035 §4.1.4), advancing past its
    /// in-place part (up to and including the first pointer or the root label).
    ///
    /// `reader` may be confined (RDATA); `base` is the offset in `whole` of its first byte, so pointers
    /// resolve against the whole message while in-place labels stay inside the confinement.
    static func readName(
        _ reader: inout ByteReader, in whole: ByteReader, base: Int = 0
    ) -> Result<DNSName, DNSFailure> {
        var labels: [String] = []
        // One allocation for typical names (grown one label at a time, three labels took three).
        labels.reserveCapacity(6)
        var wireLength = 1  // the root label's length byte
        var hops = 0
        // `cursor` reads labels; it is `reader` until the first pointer, then a reader over `whole`.
        var cursor = reader
        var jumped = false
        while true {
            // A name must end with a root label before its bytes run out.
            guard let length = cursor.readUInt8() else { return .failure(DNSFailure(.dnsTruncated)) }
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    if !jumped { reader = cursor }
                    return .success(DNSName(labels: labels))
                }
                wireLength += Int(length) + 1
                // RFC 1035 §3.1 caps a name at 255 octets; longer is hostile or broken.
                guard wireLength <= maxNameLength else { return .failure(DNSFailure(.dnsNameTooLong)) }
                // The label's bytes must be present in the current (confined) reader.
                guard let label = cursor.readSlice(Int(length)) else { return .failure(DNSFailure(.dnsTruncated)) }
                labels.append(String(decoding: label.unreadBytes, as: UTF8.self))
            case 0xC0:
                // A pointer is two bytes; the second may be missing.
                guard let low = cursor.readUInt8() else { return .failure(DNSFailure(.dnsTruncated)) }
                let target = Int(length & 0x3F) << 8 | Int(low)
                // A pointer must land inside the message.
                guard target < whole.bytes.count else { return .failure(DNSFailure(.dnsPointerOutOfRange)) }
                hops += 1
                // Chains longer than the hop limit are loops (or amplification) and are not followed.
                guard hops <= maxCompressionHops else { return .failure(DNSFailure(.dnsCompressionLoop)) }
                if !jumped {
                    reader = cursor
                    jumped = true
                }
                var next = whole
                next.skip(target)
                cursor = next
            default:
                // Label types 01 and 10 (lengths 64–191) are reserved: read as an over-long label.
                return .failure(DNSFailure(.dnsLabelTooLong))
            }
        }
    }
}

/// A structural failure inside the DNS parser, carrying the anomaly that names it.
struct DNSFailure: Error, Equatable {
    /// The anomaly to report.
    let anomaly: ProtocolAnomaly

    /// A failure named by `anomaly`.
    init(_ anomaly: ProtocolAnomaly) { self.anomaly = anomaly }
}
