import NetVetWire

/// A necessary condition for a signature's regular expression to match, checked before the regex runs:
/// literal text the pattern cannot match without (`tuyaus.com` in `(?i)(^|\.)tuyaus\.com$`, one of
/// `mytotalconnectcomfort.com` or `tccna.honeywell.com` for an alternation). Swift `Regex` costs about a
/// microsecond and a half per attempt, and a device is tried against hundreds of patterns, most of which
/// cannot match; the byte search rejects those first.
///
/// Derived conservatively from the pattern text: a construct it does not understand contributes nothing
/// (a requirement is dropped, never invented), and a pattern with inline flags other than a leading
/// `(?i)` (extended mode changes what is literal), `\Q…\E` quoting or an unparsable `{` gets no
/// prefilter at all. ASCII letters are compared case-insensitively, which only makes the filter looser.
/// A value with any non-ASCII byte always goes to the regex (Unicode case folding could match it in ways
/// the byte search cannot see).
struct RegexPrefilter: Sendable {
    /// Each entry: the lower-cased value must contain at least one of these lower-cased byte strings.
    let requirements: [[[UInt8]]]

    /// Literals shorter than this are not worth a search.
    static let minimumLength = 3

    /// The filter for `pattern` (no requirements when nothing can be derived safely).
    init(pattern: String) {
        var parser = Parser(bytes: Array(pattern.utf8))
        guard let alternatives = parser.parseAlternatives(), parser.isAtEnd, !parser.failed else {
            requirements = []
            return
        }
        requirements = Self.requirements(of: alternatives)
    }

    /// False only when `value` certainly cannot match the pattern.
    func mayMatch(_ value: String) -> Bool {
        if requirements.isEmpty { return true }
        var value = value
        return value.withUTF8 { bytes in
            var lowered: [UInt8] = []
            lowered.reserveCapacity(bytes.count)
            for byte in bytes {
                // Unicode case folding is the regex's business.
                if byte >= 0x80 { return true }
                lowered.append(byte.asciiLowercased)
            }
            for options in requirements where !options.contains(where: { Self.contains(lowered, $0) }) {
                return false
            }
            return true
        }
    }

    // MARK: - Analysis

    /// One element of a sequence, with whether it may be absent (`?`, `*`, `{0,…}`) and whether it may
    /// repeat (`+`, `{2,}`, …).
    struct Item {
        enum Kind {
            case literal(UInt8)
            case group([[Item]])
            case other
        }
        var kind: Kind
        var optional = false
        var repeats = false
    }

    /// The requirements of a choice between `alternatives`.
    static func requirements(of alternatives: [[Item]]) -> [[[UInt8]]] {
        if alternatives.count == 1 { return requirements(of: alternatives[0]) }
        // Each alternative must offer a literal of its own, else the choice requires nothing.
        var options: [[UInt8]] = []
        for alternative in alternatives {
            let literals = requirements(of: alternative).filter { $0.count == 1 }.map { $0[0] }
            guard let longest = literals.max(by: { $0.count < $1.count }) else { return [] }
            options.append(longest)
        }
        return [options]
    }

    /// The requirements of one sequence: its runs of required literal characters, and what its required
    /// groups require.
    static func requirements(of sequence: [Item]) -> [[[UInt8]]] {
        var result: [[[UInt8]]] = []
        var run: [UInt8] = []
        func flush() {
            if run.count >= minimumLength { result.append([run]) }
            run = []
        }
        for item in sequence {
            if item.optional {
                flush()
                continue
            }
            switch item.kind {
            case .literal(let byte):
                run.append(byte.asciiLowercased)
                // The character is there at least once; what follows need not be adjacent to it.
                if item.repeats { flush() }
            case .group(let alternatives):
                flush()
                result += requirements(of: alternatives)
            case .other:
                flush()
            }
        }
        flush()
        return result
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == needle[0] {
                var offset = 1
                while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    // MARK: - Parsing

    /// A recursive-descent reading of the pattern's structure; `failed` when it meets something it will
    /// not interpret (then no prefilter is used at all).
    struct Parser {
        let bytes: [UInt8]
        var index = 0
        var failed = false
        var depth = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A leading `(?i)` only makes matching case-insensitive, which the filter always is.
            if bytes.starts(with: Array("(?i)".utf8)) { index = 4 }
        }

        var isAtEnd: Bool { index >= bytes.count }

        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        /// Alternatives up to the end or an unmatched `)` (left unread).
        mutating func parseAlternatives() -> [[Item]]? {
            // Bounded nesting: a hostile pattern cannot recurse without end (the regex compiler has
            // already accepted it, but the bound costs nothing).
            guard depth < 32 else {
                failed = true
                return nil
            }
            var alternatives: [[Item]] = [[]]
            while let byte = peek(), !failed {
                if byte == UInt8(ascii: ")") { break }
                if byte == UInt8(ascii: "|") {
                    index += 1
                    alternatives.append([])
                    continue
                }
                guard var item = parseAtom() else { return nil }
                parseQuantifier(into: &item)
                alternatives[alternatives.count - 1].append(item)
            }
            return failed ? nil : alternatives
        }

        mutating func parseAtom() -> Item? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "("):
                return parseGroup()
            case UInt8(ascii: "["):
                skipClass()
                return failed ? nil : Item(kind: .other)
            case UInt8(ascii: "\\"):
                guard let next = peek(1) else {
                    failed = true
                    return nil
                }
                index += 2
                if next == UInt8(ascii: "Q") || next == UInt8(ascii: "E") {
                    failed = true
                    return nil
                }
                if isAlphanumeric(next) {
                    // \p{…}, \x{…}, \u{…}, \N{…}, \k<…>: skip the operand too.
                    if peek() == UInt8(ascii: "{") { skip(past: UInt8(ascii: "}")) }
                    if next == UInt8(ascii: "k"), peek() == UInt8(ascii: "<") { skip(past: UInt8(ascii: ">")) }
                    return Item(kind: .other)
                }
                return next < 0x80 ? Item(kind: .literal(next)) : Item(kind: .other)
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"):
                index += 1
                return Item(kind: .other)
            case UInt8(ascii: "{"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                // A quantifier with nothing before it, or a brace that is not one: not interpreted.
                failed = true
                return nil
            default:
                index += 1
                return byte < 0x80 ? Item(kind: .literal(byte)) : Item(kind: .other)
            }
        }

        mutating func parseGroup() -> Item? {
            index += 1
            var lookaround = false
            if peek() == UInt8(ascii: "?") {
                switch peek(1) {
                case UInt8(ascii: ":"):
                    index += 2
                case UInt8(ascii: "="), UInt8(ascii: "!"):
                    index += 2
                    lookaround = true
                case UInt8(ascii: "<") where peek(2) == UInt8(ascii: "=") || peek(2) == UInt8(ascii: "!"):
                    index += 3
                    lookaround = true
                case UInt8(ascii: "<"), UInt8(ascii: "'"):
                    let close = peek(1) == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "'")
                    index += 2
                    skip(past: close)
                case UInt8(ascii: "P") where peek(2) == UInt8(ascii: "<"):
                    index += 3
                    skip(past: UInt8(ascii: ">"))
                default:
                    // Inline flags or another construct: not interpreted.
                    failed = true
                    return nil
                }
            }
            depth += 1
            defer { depth -= 1 }
            guard let alternatives = parseAlternatives(), peek() == UInt8(ascii: ")") else {
                failed = true
                return nil
            }
            index += 1
            return lookaround ? Item(kind: .other) : Item(kind: .group(alternatives))
        }

        /// Reads a quantifier after an atom, if any, and marks the item.
        mutating func parseQuantifier(into item: inout Item) {
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "*"):
                index += 1
                item.optional = true
                item.repeats = byte == UInt8(ascii: "*")
            case UInt8(ascii: "+"):
                index += 1
                item.repeats = true
            case UInt8(ascii: "{"):
                guard let (minimum, maximum) = parseBraces() else {
                    failed = true
                    return
                }
                item.optional = minimum == 0
                item.repeats = maximum.map { $0 > 1 } ?? true
            default:
                return
            }
            // A lazy or possessive marker changes nothing here.
            if peek() == UInt8(ascii: "?") || peek() == UInt8(ascii: "+") { index += 1 }
        }

        /// `{n}`, `{n,}`, `{n,m}` or `{,m}`: the bounds; nil if the brace is not a quantifier.
        mutating func parseBraces() -> (Int, Int?)? {
            var cursor = index + 1
            func number() -> Int? {
                var value: Int?
                while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
                    value = min((value ?? 0) * 10 + Int(bytes[cursor] - UInt8(ascii: "0")), 100_000)
                    cursor += 1
                }
                return value
            }
            let minimum = number()
            var maximum = minimum
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ",") {
                cursor += 1
                maximum = number()
                guard minimum != nil || maximum != nil else { return nil }
            } else if minimum == nil {
                return nil
            }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "}") else { return nil }
            index = cursor + 1
            return (minimum ?? 0, maximum)
        }

        /// Skips a character class, nested classes and escapes included.
        mutating func skipClass() {
            var nesting = 0
            while let byte = peek() {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "[") {
                    nesting += 1
                    // A `]` right after the opening (or after `^`) is a member, not the end.
                    if peek() == UInt8(ascii: "^") { index += 1 }
                    if peek() == UInt8(ascii: "]") { index += 1 }
                } else if byte == UInt8(ascii: "]") {
                    nesting -= 1
                    if nesting == 0 { return }
                }
            }
            failed = true
        }

        mutating func skip(past terminator: UInt8) {
            while let byte = peek() {
                index += 1
                if byte == terminator { return }
            }
            failed = true
        }

        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }
}
