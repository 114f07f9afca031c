import NetVetWire

/// Parses NetBIOS Name Service messages from a UDP payload (port 137).
///
/// Decodes the RFC 1002 §4.2.1 packet (header, question entries, resource records) with names in
/// RFC 1001 §14.1 first-level encoding (one 32-byte label of half-ASCII: 15 name bytes and a suffix
/// byte) followed by scope labels, RFC 883 compression pointers (used by registrations), NB address
/// records (§4.2.2) and node status responses (§4.2.18). Record data is read from a confined reader.
public enum NBNSParser {
    /// Records read from all sections together before giving up (`nbns.too_many_records`); real
    /// messages carry one or two.
    public static let maxRecords = 64
    /// Compression pointers followed within one name before calling it a loop (`nbns.bad_label`).
    static let maxPointerHops = 4
    /// The longest name on the wire (RFC 883's 255-byte limit).
    static let maxNameLength = 255
    /// Length of one node status name entry: 15 name bytes, suffix, 2 flag bytes.
    static let nodeNameEntryLength = 18
    /// Length of the statistics block after the node status names, starting with the 6-byte unit ID.
    static let statisticsLength = 46

    /// Parses `bytes` as one NBNS message; see `parse(_:)` for a `ByteReader`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<NBNSMessage> {
        parse(ByteReader(bytes))
    }

    /// Parses all of `reader` as one NBNS message.
    ///
    /// Returns `.malformed([nbns.truncated])` when the 12-byte header is incomplete; otherwise a
    /// message with the entries read before any problem, and the anomalies found.
    public static func parse(_ reader: ByteReader) -> ParseResult<NBNSMessage> {
        let whole = reader
        var reader = reader
        // The header holds the counts that every later read depends on.
        guard let id = reader.readUInt16(), let flags = reader.readUInt16(), let questionCount = reader.readUInt16(),
            let answerCount = reader.readUInt16(), let authorityCount = reader.readUInt16(),
            let additionalCount = reader.readUInt16()
        else { return .malformed([.nbnsTruncated]) }

        var message = NBNSMessage(transactionID: id, flags: flags)
        var anomalies: [ProtocolAnomaly] = []
        let counts = [Int(questionCount), Int(answerCount), Int(authorityCount), Int(additionalCount)]
        var budget = maxRecords
        // Counts are 16-bit and attacker-chosen, so the loops below run at most `maxRecords` times.
        if counts.reduce(0, +) > maxRecords { anomalies.append(.nbnsTooManyRecords) }

        for (section, count) in counts.enumerated() {
            for _ in 0..<min(count, budget) {
                budget -= 1
                let complete: Bool
                if section == 0 {
                    complete = readQuestion(&reader, whole: whole, into: &message, anomalies: &anomalies)
                } else {
                    complete = readRecord(
                        &reader, whole: whole, section: section, into: &message, anomalies: &anomalies)
                }
                // A record cut short leaves no position to read the next one from.
                guard complete else {
                    anomalies.append(.nbnsTruncated)
                    return .message(message, anomalies: anomalies)
                }
            }
        }
        return .message(message, anomalies: anomalies)
    }

    /// Reads one question entry; false if the data ended or the name's labels are unusable.
    private static func readQuestion(
        _ reader: inout ByteReader, whole: ByteReader, into message: inout NBNSMessage,
        anomalies: inout [ProtocolAnomaly]
    ) -> Bool {
        guard case .read(let name) = readName(&reader, whole: whole, anomalies: &anomalies),
            let type = reader.readUInt16(), let recordClass = reader.readUInt16()
        else { return false }
        if let name {
            message.questions.append(
                NBNSQuestion(name: name, type: NBNSRecordType(rawValue: type), recordClass: recordClass))
        }
        return true
    }

    /// Reads one resource record into `section` (1 answer, 2 authority, 3 additional); false if cut.
    private static func readRecord(
        _ reader: inout ByteReader, whole: ByteReader, section: Int, into message: inout NBNSMessage,
        anomalies: inout [ProtocolAnomaly]
    ) -> Bool {
        guard case .read(let name) = readName(&reader, whole: whole, anomalies: &anomalies),
            let type = reader.readUInt16(), let recordClass = reader.readUInt16(), let ttl = reader.readUInt32(),
            let length = reader.readUInt16(), var data = reader.readSlice(Int(length))
        else { return false }
        var record = NBNSResourceRecord(
            name: name, type: NBNSRecordType(rawValue: type), recordClass: recordClass, ttl: ttl)
        switch record.type {
        case .nb:
            // NB data is a list of 6-byte entries (RFC 1002 §4.2.2); anything else cannot be split.
            if data.remaining % 6 == 0 {
                while let entryFlags = data.readUInt16(), let address = data.readIPv4() {
                    record.addresses.append(NBNSAddressEntry(flags: entryFlags, address: address))
                }
            } else {
                anomalies.append(.nbnsRDataLengthMismatch)
            }
        case .nbstat:
            record.nodeStatus = readNodeStatus(data, anomalies: &anomalies)
        default:
            break
        }
        switch section {
        case 1: message.answers.append(record)
        case 2: message.authorities.append(record)
        default: message.additionals.append(record)
        }
        return true
    }

    /// Node status data (RFC 1002 §4.2.18): a name count, 18-byte entries, then statistics starting
    /// with the 6-byte unit ID.
    private static func readNodeStatus(_ data: ByteReader, anomalies: inout [ProtocolAnomaly]) -> NBNSNodeStatus? {
        var data = data
        guard let count = data.readUInt8() else {
            anomalies.append(.nbnsRDataLengthMismatch)
            return nil
        }
        var status = NBNSNodeStatus(names: [], unitID: nil)
        // At most 255 entries (a one-byte count), each confined to its 18 bytes.
        for _ in 0..<count {
            guard var entry = data.readSlice(nodeNameEntryLength) else {
                anomalies.append(.nbnsRDataLengthMismatch)
                return status
            }
            guard let nameBytes = entry.readSlice(15), let suffix = entry.readUInt8(), let flags = entry.readUInt16()
            else { break }
            status.names.append(
                NBNSNodeName(name: NBNSName(rawName: Array(nameBytes.unreadBytes), suffix: suffix), flags: flags))
        }
        // The statistics block is 46 bytes (RFC 1002 §4.2.18); a shorter one means the length is wrong,
        // but its unit ID is still read when present.
        if data.remaining < statisticsLength { anomalies.append(.nbnsRDataLengthMismatch) }
        status.unitID = data.readMAC()
        return status
    }

    /// How reading a name ended.
    private enum NameRead {
        /// The labels were well formed; the name is `nil` if they were not a NetBIOS name.
        case read(NBNSName?)
        /// The labels could not be read; the caller stops.
        case unreadable
    }

    /// Reads a name at `reader`, following compression pointers into `whole`; `reader` ends after the
    /// name's labels or its first pointer.
    private static func readName(
        _ reader: inout ByteReader, whole: ByteReader, anomalies: inout [ProtocolAnomaly]
    ) -> NameRead {
        var cursor = reader
        var jumped = false
        var hops = 0
        var total = 0
        var labels: [UInt8] = []
        var labelStarts: [Int] = []
        // Each pass consumes a label of at least 2 wire bytes or a bounded pointer hop, and `total`
        // caps the labels at 255 bytes, so the loop ends.
        while true {
            guard let length = cursor.readUInt8() else { return .unreadable }
            if length == 0 { break }
            if length & 0xC0 == 0xC0 {
                // A pointer's target is an offset into the whole message; bounding hops breaks loops.
                hops += 1
                guard let low = cursor.readUInt8() else { return .unreadable }
                var target = ByteReader(whole.bytes)
                guard hops <= maxPointerHops, target.skip(Int(length & 0x3F) << 8 | Int(low)) else {
                    anomalies.append(.nbnsBadLabel)
                    return .unreadable
                }
                if !jumped { reader = cursor }
                jumped = true
                cursor = target
                continue
            }
            total += Int(length) + 1
            // Lengths 64–191 are reserved label types and names stop at 255 bytes (RFC 883).
            guard length <= 63, total <= maxNameLength else {
                anomalies.append(.nbnsBadLabel)
                return .unreadable
            }
            guard let label = cursor.readSlice(Int(length)) else { return .unreadable }
            labelStarts.append(labels.count)
            labels.append(contentsOf: label.unreadBytes)
        }
        if !jumped { reader = cursor }
        return .read(decodeFirstLevel(labels, labelStarts: labelStarts, anomalies: &anomalies))
    }

    /// Turns the 32 half-ASCII bytes of the first label into 16 bytes (RFC 1001 §14.1) and the other
    /// labels into the scope; `nil` (with an anomaly) if the first label is not a valid encoding.
    private static func decodeFirstLevel(
        _ labels: [UInt8], labelStarts: [Int], anomalies: inout [ProtocolAnomaly]
    ) -> NBNSName? {
        let firstEnd = labelStarts.count > 1 ? labelStarts[1] : labels.count
        // The encoded name is always exactly 32 bytes: two per byte of the 16-byte name.
        guard firstEnd == 32 else {
            anomalies.append(.nbnsBadNameLength)
            return nil
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(16)
        for pair in stride(from: 0, to: 32, by: 2) {
            let high = labels[pair] &- UInt8(ascii: "A")
            let low = labels[pair + 1] &- UInt8(ascii: "A")
            // Each half-byte is encoded as `A` plus its value, so only `A`...`P` are valid.
            guard high < 16, low < 16 else {
                anomalies.append(.nbnsBadNameEncoding)
                return nil
            }
            decoded.append(high << 4 | low)
        }
        var scopeLabels: [String] = []
        for (index, start) in labelStarts.enumerated().dropFirst() {
            let end = index + 1 < labelStarts.count ? labelStarts[index + 1] : labels.count
            scopeLabels.append(String(decoding: labels[start..<end].filter { $0 != 0 }, as: UTF8.self))
        }
        return NBNSName(
            rawName: Array(decoded[0..<15]), suffix: decoded[15], scope: scopeLabels.joined(separator: "."))
    }
}
