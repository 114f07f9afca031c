/// A Telnet command byte following IAC (RFC 854, "TELNET COMMAND STRUCTURE"); an open set printed in hex.
public struct TelnetCommand: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// End of subnegotiation.
    public static let subnegotiationEnd = Self(rawValue: 240)
    /// Begin subnegotiation.
    public static let subnegotiation = Self(rawValue: 250)
    public static let will = Self(rawValue: 251)
    public static let wont = Self(rawValue: 252)
    public static let `do` = Self(rawValue: 253)
    public static let dont = Self(rawValue: 254)
    /// Interpret As Command (and, doubled, a literal 255 data byte).
    public static let iac = Self(rawValue: 255)

    public var description: String {
        switch rawValue {
        case 240: return "SE"
        case 250: return "SB"
        case 251: return "WILL"
        case 252: return "WONT"
        case 253: return "DO"
        case 254: return "DONT"
        case 255: return "IAC"
        default: return "0x" + String(rawValue, radix: 16)
        }
    }
}

/// A Telnet option code (IANA "Telnet Options"); an open set printed in hex.
public struct TelnetOption: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let binary = Self(rawValue: 0)
    public static let echo = Self(rawValue: 1)
    public static let suppressGoAhead = Self(rawValue: 3)
    public static let status = Self(rawValue: 5)
    public static let terminalType = Self(rawValue: 24)
    public static let windowSize = Self(rawValue: 31)
    public static let terminalSpeed = Self(rawValue: 32)
    public static let remoteFlowControl = Self(rawValue: 33)
    public static let lineMode = Self(rawValue: 34)
    public static let environment = Self(rawValue: 39)

    public var description: String {
        switch rawValue {
        case 0: return "BINARY"
        case 1: return "ECHO"
        case 3: return "SUPPRESS-GO-AHEAD"
        case 5: return "STATUS"
        case 24: return "TERMINAL-TYPE"
        case 31: return "NAWS"
        case 32: return "TERMINAL-SPEED"
        case 33: return "REMOTE-FLOW-CONTROL"
        case 34: return "LINEMODE"
        case 39: return "NEW-ENVIRON"
        default: return "0x" + String(rawValue, radix: 16)
        }
    }
}

extension ProtocolAnomaly {
    /// Bytes that cannot precede or form an SSH identification string (control bytes, or a line that
    /// starts with `SSH-` but has no software version).
    public static let sshNotIdentification = ProtocolAnomaly("ssh.not_identification")
    /// The identification line was longer than 255 bytes with its CR LF (RFC 4253 §4.2).
    public static let sshLineTooLong = ProtocolAnomaly("ssh.line_too_long")
    /// The identification line ended with LF alone (RFC 4253 §4.2 requires CR LF; some servers omit it).
    public static let sshBareLineFeed = ProtocolAnomaly("ssh.bare_lf")
    /// No identification line within `BannerParser.maxBannerSize` bytes.
    public static let sshNoIdentification = ProtocolAnomaly("ssh.no_identification")
    /// The first line is not an FTP reply (three digits then space or hyphen; RFC 959 §4.2).
    public static let ftpBadReply = ProtocolAnomaly("ftp.bad_reply")
    /// A multi-line greeting had more than `BannerParser.maxLines` lines; the rest were not kept.
    public static let ftpTooManyLines = ProtocolAnomaly("ftp.too_many_lines")
    /// A greeting line over `BannerParser.maxLineLength` bytes was cut.
    public static let ftpLineTooLong = ProtocolAnomaly("ftp.line_too_long")
    /// The greeting did not end within `BannerParser.maxBannerSize` bytes; the lines so far are kept.
    public static let ftpGreetingTooLong = ProtocolAnomaly("ftp.greeting_too_long")
    /// A subnegotiation (IAC SB) not closed by IAC SE before the end of the bytes.
    public static let telnetUnterminatedSubnegotiation = ProtocolAnomaly("telnet.unterminated_subnegotiation")
    /// More than `BannerParser.maxNegotiations` option negotiations; the rest were not kept.
    public static let telnetTooManyNegotiations = ProtocolAnomaly("telnet.too_many_negotiations")
    /// A banner line over `BannerParser.maxLineLength` bytes was cut.
    public static let telnetLineTooLong = ProtocolAnomaly("telnet.line_too_long")
}
