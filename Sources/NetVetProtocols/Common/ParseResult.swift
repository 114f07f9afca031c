/// A named oddity in an application-layer message (`dns.compression_loop`, `tls.extension_length_overflow`).
///
/// An open set: each protocol folder declares its own as static constants, so adding a parser never
/// edits a shared list. Names are stable and dotted; `docs/protocols/` documents them per family.
public struct ProtocolAnomaly: Hashable, Sendable, CustomStringConvertible {
    /// The stable dotted name.
    public let name: String

    /// An anomaly with the given dotted name.
    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

/// What a pure application-layer parser returns (STYLE.md §2–3).
///
/// Parsers never trap and never read outside the bytes they are given. They tell "not enough bytes yet"
/// (stream protocols, before reassembly has delivered them) apart from "these bytes are not a valid
/// message", and keep whatever they could read alongside the anomalies.
public enum ParseResult<Message> {
    /// A message, possibly partial, with what was odd about it (empty when nothing was).
    case message(Message, anomalies: [ProtocolAnomaly])
    /// The bytes so far are a valid prefix; more are needed (at least `needed` more, when known).
    case needMoreData(needed: Int?)
    /// The bytes are not this protocol, or too broken to yield anything.
    case malformed([ProtocolAnomaly])

    /// The message, if one was parsed.
    public var message: Message? {
        if case .message(let message, _) = self { return message }
        return nil
    }

    /// The anomalies, whatever the outcome.
    public var anomalies: [ProtocolAnomaly] {
        switch self {
        case .message(_, let anomalies): return anomalies
        case .needMoreData: return []
        case .malformed(let anomalies): return anomalies
        }
    }
}
