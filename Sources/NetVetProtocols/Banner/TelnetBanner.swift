/// What a Telnet server sends first (RFC 854): option negotiations and a printable banner line.
public struct TelnetBanner: Hashable, Sendable {
    /// One IAC WILL/WONT/DO/DONT negotiation, or the option of an IAC SB subnegotiation.
    public struct Negotiation: Hashable, Sendable {
        /// WILL, WONT, DO, DONT or SB.
        public var command: TelnetCommand
        /// The option negotiated.
        public var option: TelnetOption

        /// A negotiation from its parts.
        public init(command: TelnetCommand, option: TelnetOption) {
            self.command = command
            self.option = option
        }
    }

    /// Negotiations in wire order (their sequence is a fingerprint of the server's Telnet stack).
    public var negotiations: [Negotiation]
    /// The first non-empty line of text after removing negotiation, trimmed; `nil` if none yet.
    public var firstLine: String?

    /// A banner from its parts.
    public init(negotiations: [Negotiation], firstLine: String?) {
        self.negotiations = negotiations
        self.firstLine = firstLine
    }
}
