/// Open code types and anomaly names of QUIC's long-header Initial packets (RFC 9000 §17.2, §19).

extension ProtocolAnomaly {
    /// The datagram does not start with a long-header packet (RFC 9000 §17.2), so it holds no Initial.
    public static let quicNotLongHeader = ProtocolAnomaly("quic.not_long_header")
    /// A long header of a version whose Initial keys netvet does not know (not v1, v2 or draft-29).
    public static let quicVersionUnsupported = ProtocolAnomaly("quic.version_unsupported")
    /// A long header, a length or the packet number runs past the end of the datagram.
    public static let quicPacketTruncated = ProtocolAnomaly("quic.packet_truncated")
    /// A connection ID length above 20 (RFC 9000 §17.2: invalid in versions 1 and 2).
    public static let quicConnectionIDTooLong = ProtocolAnomaly("quic.connection_id_too_long")
    /// An Initial too short to hold the 16-byte header-protection sample (RFC 9001 §5.4.2).
    public static let quicSampleTooShort = ProtocolAnomaly("quic.sample_too_short")
    /// The AEAD tag of an Initial did not verify with the keys of its Destination Connection ID.
    public static let quicDecryptFailed = ProtocolAnomaly("quic.decrypt_failed")
    /// The reserved bits of a decrypted long header are not zero (RFC 9000 §17.2: a protocol violation).
    public static let quicReservedBitsSet = ProtocolAnomaly("quic.reserved_bits_set")
    /// A frame type not allowed or not known in an Initial; the frames after it are not read.
    public static let quicFrameUnknown = ProtocolAnomaly("quic.frame_unknown")
    /// A frame runs past the end of the packet payload; the frames before it are kept.
    public static let quicFrameTruncated = ProtocolAnomaly("quic.frame_truncated")
    /// CRYPTO data beyond `QUICCryptoStream.maximumLength`, or more fragments than it keeps; dropped.
    public static let quicCryptoLimit = ProtocolAnomaly("quic.crypto_limit")
    /// A handshake was given up with bytes missing before the end of its first TLS message.
    public static let quicCryptoGap = ProtocolAnomaly("quic.crypto_gap")
    /// The pending-handshake table was full, so it was cleared (the audit's `maxPendingQUICHandshakes`).
    public static let quicHandshakeTableFull = ProtocolAnomaly("quic.handshake_table_full")
}

/// A QUIC version (RFC 9000 §15): an open type, printed as 8 hex digits.
public struct QUICVersion: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Version Negotiation packets carry version 0 (RFC 9000 §17.2.1).
    public static let negotiation = Self(rawValue: 0)
    /// QUIC version 1 (RFC 9000).
    public static let version1 = Self(rawValue: 0x0000_0001)
    /// QUIC version 2 (RFC 9369).
    public static let version2 = Self(rawValue: 0x6B33_43CF)
    /// draft-ietf-quic-transport-29.
    public static let draft29 = Self(rawValue: 0xFF00_001D)

    public var description: String { PacketText.hex(rawValue, digits: 8) }
}

/// The type of a long-header packet, decoded from its two type bits, which version 2 permutes
/// (RFC 9000 §17.2, RFC 9369 §3.2).
public enum QUICLongPacketType: Hashable, Sendable {
    case initial
    case zeroRTT
    case handshake
    case retry

    /// The type `bits` (bits 4–5 of the first byte) stand for in `version`.
    public init(bits: UInt8, version: QUICVersion) {
        let v1: [QUICLongPacketType] = [.initial, .zeroRTT, .handshake, .retry]
        let v2: [QUICLongPacketType] = [.retry, .initial, .zeroRTT, .handshake]
        self = (version == .version2 ? v2 : v1)[Int(bits & 0x03)]
    }
}

/// A QUIC frame type (RFC 9000 §19, a variable-length integer on the wire): an open type.
public struct QUICFrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let padding = Self(rawValue: 0x00)
    public static let ping = Self(rawValue: 0x01)
    public static let ack = Self(rawValue: 0x02)
    public static let ackECN = Self(rawValue: 0x03)
    public static let crypto = Self(rawValue: 0x06)
    public static let connectionClose = Self(rawValue: 0x1C)
    public static let connectionCloseApplication = Self(rawValue: 0x1D)

    public var description: String { PacketText.hex(rawValue, digits: 2) }
}
