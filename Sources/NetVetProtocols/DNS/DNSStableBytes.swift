/// The parts of a DNS message that stay the same when the same question is asked or answered again.
///
/// A resolver's answers to one name differ from each other only in the transaction id and in the TTLs,
/// which count down between lookups; neither is evidence. The audit hashes the other bytes to recognise
/// a repeat without parsing it (and without allocating). The walk reads lengths only, never follows
/// compression pointers, and stops at `maxRecords` records.
public enum DNSStableBytes {
    /// Records (questions and resource records together) walked at most; a longer message is hashed whole.
    public static let maxRecords = 64

    /// Calls `body` with the byte ranges of `message` that exclude the id (bytes 0–1) and every TTL, in
    /// order. Returns false, having called `body` for nothing, when the message is not well-formed enough
    /// to walk (too short, a count or length past the end, more than `maxRecords` records).
    public static func forEachRange(in message: UnsafeRawBufferPointer, _ body: (Range<Int>) -> Void) -> Bool {
        let count = message.count
        guard count >= 12 else { return false }
        func word(_ at: Int) -> Int { Int(message[at]) << 8 | Int(message[at + 1]) }
        let questions = word(4)
        let records = word(6) + word(8) + word(10)
        guard questions + records <= maxRecords else { return false }
        // First pass: validate the whole walk, so that `body` sees all ranges or none.
        guard walk(message, questions: questions, records: records, ttl: { _ in }) else { return false }
        var start = 2
        _ = walk(message, questions: questions, records: records) { ttl in
            body(start..<ttl)
            start = ttl + 4
        }
        body(start..<count)
        return true
    }

    /// Walks the questions and records, calling `ttl` with the offset of each record's TTL field.
    private static func walk(
        _ message: UnsafeRawBufferPointer, questions: Int, records: Int, ttl: (Int) -> Void
    ) -> Bool {
        let count = message.count
        var offset = 12
        /// Skips a name: labels up to a zero byte or a two-byte compression pointer.
        func skipName() -> Bool {
            var labels = 0
            while offset < count {
                let length = Int(message[offset])
                if length == 0 {
                    offset += 1
                    return true
                }
                if length & 0xC0 == 0xC0 {
                    offset += 2
                    return offset <= count
                }
                guard length & 0xC0 == 0, labels < 128 else { return false }
                labels += 1
                offset += 1 + length
            }
            return false
        }
        for _ in 0..<questions {
            guard skipName(), offset + 4 <= count else { return false }
            offset += 4
        }
        for _ in 0..<records {
            guard skipName(), offset + 10 <= count else { return false }
            ttl(offset + 4)
            let length = Int(message[offset + 8]) << 8 | Int(message[offset + 9])
            offset += 10 + length
            guard offset <= count else { return false }
        }
        return true
    }
}
