import NetVetWire
import Synchronization

/// A signature's match: a test of one evidence source and field, or all / any of nested conditions
/// (docs/FINGERPRINTS.md "Operators").
public indirect enum Condition: Sendable {
    /// One evidence test.
    case test(EvidenceTest)
    /// Every child must hold (non-empty).
    case all([Condition])
    /// At least one child must hold (non-empty).
    case any([Condition])

    /// The named captures any regex in the condition can define (what `{name}` placeholders may use).
    public var captureNames: Set<String> {
        switch self {
        case .test(let test): return test.matcher.captureNames
        case .all(let children), .any(let children):
            return children.reduce(into: Set<String>()) { $0.formUnion($1.captureNames) }
        }
    }

    /// Sources a device must have evidence from for the condition to hold (every test of an `all`; only
    /// what all branches of an `any` share): a cheap filter before matching.
    public var requiredSources: Set<String> {
        switch self {
        case .test(let test): return [test.source]
        case .all(let children):
            return children.reduce(into: Set<String>()) { $0.formUnion($1.requiredSources) }
        case .any(let children):
            guard let first = children.first else { return [] }
            return children.dropFirst().reduce(first.requiredSources) { $0.intersection($1.requiredSources) }
        }
    }

    /// The evidence sources the condition reads.
    public var sources: Set<String> {
        switch self {
        case .test(let test): return [test.source]
        case .all(let children), .any(let children):
            return children.reduce(into: Set<String>()) { $0.formUnion($1.sources) }
        }
    }
}

/// Tests the values of one evidence source and field.
public struct EvidenceTest: Sendable {
    /// The evidence source (`dhcp`, `upnp`, ... or a pseudo-source `oui`, `flow`).
    public let source: String
    /// The field, without the trailing `*` when `fieldIsPrefix`.
    public let field: String
    /// True when the field was written with a trailing `*` (`txt.*`): any field starting with `field`.
    public let fieldIsPrefix: Bool
    /// The operator and its operand.
    public let matcher: ValueMatcher

    /// True when an evidence item's field is one this test reads.
    func accepts(field candidate: String) -> Bool {
        fieldIsPrefix ? candidate.hasPrefix(field) : candidate == field
    }
}

/// One operator with its operand, compiled at load time.
public enum ValueMatcher: Sendable {
    /// The whole value equals the operand (ASCII case-insensitive); the operand is stored lower-cased.
    case equals(String)
    /// The value starts with the operand (ASCII case-insensitive).
    case prefix(String)
    /// The value ends with the operand (ASCII case-insensitive).
    case suffix(String)
    /// The value contains the operand (ASCII case-insensitive).
    case contains(String)
    /// A Swift regular expression, matched with `firstMatch`.
    case regex(CompiledRegex)

    /// The named captures the operator can define.
    var captureNames: Set<String> {
        if case .regex(let compiled) = self { return Set(compiled.captureNames) }
        return []
    }

    /// Matches `value` (`lowered` is its ASCII lower-case form); nil when it does not match, else the
    /// named captures that participated (empty for the string operators).
    func match(_ value: String, lowered: String) -> [String: String]? {
        switch self {
        case .equals(let operand): return lowered == operand ? [:] : nil
        case .prefix(let operand): return lowered.hasPrefix(operand) ? [:] : nil
        case .suffix(let operand): return lowered.hasSuffix(operand) ? [:] : nil
        case .contains(let operand): return lowered.contains(operand) ? [:] : nil
        case .regex(let compiled): return compiled.captures(in: value)
        }
    }
}

/// A compiled regular expression and its named captures.
///
/// `Regex` is not `Sendable`; this wrapper is: the pattern is validated at load, and the `Regex` itself is
/// built on first use, under a lock, by the first value that passes the prefilter. Most patterns never get
/// that far, and keeping ~900 compiled `Regex` values for a whole audit cost ~17 MiB of peak RSS.
/// Matching itself runs on the fusion's one thread.
public struct CompiledRegex: @unchecked Sendable {
    /// The pattern as written in the signature file.
    public let pattern: String
    /// The named captures `(?<name>...)` of the pattern, in order of appearance.
    public let captureNames: [String]
    /// Literal text the pattern needs, searched before the regex runs (`RegexPrefilter`).
    let prefilter: RegexPrefilter
    private let lazy: LazyRegex

    /// Checks `pattern` by compiling it; throws the compiler's error for a bad expression. The compiled
    /// form is dropped again (see the type's note).
    init(_ pattern: String) throws {
        let regex = try Regex<AnyRegexOutput>(pattern)
        self.pattern = pattern
        self.prefilter = RegexPrefilter(pattern: pattern)
        self.captureNames = CompiledRegex.candidateNames(pattern).filter { regex.contains(captureNamed: $0) }
        self.lazy = LazyRegex(pattern: pattern)
    }

    private var regex: Regex<AnyRegexOutput>? { lazy.regex() }

    /// True if the regex itself matches `value` somewhere, without the prefilter (for tests).
    func matches(_ value: String) -> Bool {
        guard let regex else { return false }
        return (try? regex.firstMatch(in: value)) != nil
    }

    /// The named captures of the first match in `value` that participated; nil without a match.
    func captures(in value: String) -> [String: String]? {
        // Most patterns cannot match most values: a byte search says so before the regex runs.
        guard prefilter.mayMatch(value) else { return nil }
        // A matching failure (never expected for a compiled pattern) is treated as no match.
        guard let regex, let match = try? regex.firstMatch(in: value) else { return nil }
        var result: [String: String] = [:]
        for name in captureNames {
            if let substring = match.output[name]?.substring { result[name] = String(substring) }
        }
        return result
    }

    /// Names written as `(?<name>`, `(?P<name>` or `(?'name'` in the pattern (checked against the
    /// compiled regex by the caller, so an escaped lookalike is dropped).
    static func candidateNames(_ pattern: String) -> [String] {
        var names: [String] = []
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        while index + 2 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "(", scalars[index + 1] == "?" else { continue }
            var start = index + 2
            if scalars[start] == "P", start + 1 < scalars.count { start += 1 }
            let open = scalars[start]
            guard open == "<" || open == "'" else { continue }
            let close: Unicode.Scalar = open == "<" ? ">" : "'"
            var end = start + 1
            while end < scalars.count, scalars[end] != close { end += 1 }
            guard end < scalars.count, end > start + 1 else { continue }
            var name = ""
            name.unicodeScalars.append(contentsOf: scalars[(start + 1)..<end])
            if Template.isCaptureName(name), !names.contains(name) { names.append(name) }
        }
        return names
    }
}

/// The `Regex` of a validated pattern, built once on first use.
final class LazyRegex: @unchecked Sendable {
    let pattern: String
    private let lock = Mutex<Void>(())
    private var built: Regex<AnyRegexOutput>?
    private var tried = false

    init(pattern: String) { self.pattern = pattern }

    /// The compiled regex (nil only if a pattern that compiled at load no longer does, never expected).
    func regex() -> Regex<AnyRegexOutput>? {
        lock.withLock { _ in
            if !tried {
                tried = true
                built = try? Regex<AnyRegexOutput>(pattern)
            }
            return built
        }
    }
}
