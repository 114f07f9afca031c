/// The framing of a Tuya LAN message, told by its first four bytes; an open set.
public struct TuyaFrameFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `00 00 55 AA` … `00 00 AA 55`: protocols 3.1 to 3.4, CRC-32 trailer.
    public static let prefix55AA = Self(rawValue: 0x0000_55AA)
    /// `00 00 66 99` … `00 00 99 66`: protocol 3.5, AES-128-GCM with the tag as trailer.
    public static let prefix6699 = Self(rawValue: 0x0000_6699)

    /// The suffix that closes a frame of this format (`00 00 AA 55` or `00 00 99 66`).
    public var suffix: UInt32 { self == .prefix6699 ? 0x0000_9966 : 0x0000_AA55 }

    public var description: String { self == .prefix6699 ? "6699" : self == .prefix55AA ? "55aa" : "0x" + hex }

    private var hex: String { String(rawValue, radix: 16) }
}

/// The command word of a Tuya frame (tinytuya `command_types.py`, after Tuya's `lan_protocol.h`); an open set.
public struct TuyaCommand: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `UDP` (0x00): the discovery broadcast of early 3.1 firmware.
    public static let udp = Self(rawValue: 0x00)
    /// `UPDATEDPS` / `FRM_LAN_QUERY_DP` (0x12).
    public static let updateDataPoints = Self(rawValue: 0x12)
    /// `UDP_NEW` / `FR_TYPE_ENCRYPTION` (0x13): the discovery broadcast (3.1 plaintext on 6666, 3.3 on 6667).
    public static let udpNew = Self(rawValue: 0x13)
    /// `BOARDCAST_LPV34` (0x23): the discovery broadcast of 3.4 and 3.5 firmware.
    public static let broadcastLPv34 = Self(rawValue: 0x23)
    /// `REQ_DEVINFO` (0x25): an app's request for 3.5 devices to announce themselves (UDP 7000).
    public static let requestDeviceInfo = Self(rawValue: 0x25)

    public var description: String { "0x" + String(rawValue, radix: 16) }
}

extension ProtocolAnomaly {
    /// The datagram does not start with a Tuya prefix (`00 00 55 AA` or `00 00 66 99`), or is shorter than a
    /// header (`.malformed`).
    public static let tuyaNotTuya = ProtocolAnomaly("tuya.not_tuya")
    /// The length field is smaller than the trailer it must cover (`.malformed`).
    public static let tuyaLengthTooSmall = ProtocolAnomaly("tuya.length_too_small")
    /// The length field runs past the end of the datagram (`.malformed`: a cut capture or a bad length).
    public static let tuyaTruncated = ProtocolAnomaly("tuya.truncated")
    /// Bytes follow the frame the length field delimits; they are ignored.
    public static let tuyaTrailingBytes = ProtocolAnomaly("tuya.trailing_bytes")
    /// The frame does not end with its format's suffix; it is read anyway.
    public static let tuyaBadSuffix = ProtocolAnomaly("tuya.bad_suffix")
    /// The CRC-32 of a `55AA` frame does not match its contents; it is read anyway.
    public static let tuyaBadCRC = ProtocolAnomaly("tuya.bad_crc")
    /// The payload is neither JSON nor decryptable with the discovery key (wrong block length, bad
    /// PKCS#7 padding, failed GCM tag, or longer than `TuyaDiscoveryCipher.maxInputLength`).
    public static let tuyaUndecryptable = ProtocolAnomaly("tuya.undecryptable")
    /// The (decrypted) payload is not a flat JSON object; the fields before the fault are kept.
    public static let tuyaBadJSON = ProtocolAnomaly("tuya.bad_json")
    /// A JSON string value was longer than `TuyaParser.maxValueLength`; it was cut.
    public static let tuyaValueTruncated = ProtocolAnomaly("tuya.value_truncated")
    /// More than `TuyaParser.maxMembers` members, or nesting deeper than `TuyaParser.maxDepth`; the rest
    /// was not read.
    public static let tuyaTooComplex = ProtocolAnomaly("tuya.too_complex")
}
