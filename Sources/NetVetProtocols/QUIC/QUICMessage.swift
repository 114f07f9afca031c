/// The unprotected part of a long header (RFC 9000 §17.2), read before any decryption.
///
///     Long Header Packet { Header Form (1) = 1, Fixed Bit (1), Long Packet Type (2),
///       Type-Specific Bits (4), Version (32), DCID Len (8), DCID (0..160), SCID Len (8), SCID (0..160),
///       Type-Specific Payload (..) }
///     Initial: ... Token Length (i), Token (..), Length (i), Packet Number (8..32), Payload (..)
public struct QUICLongHeader: Hashable, Sendable {
    /// The first byte as sent (still header-protected in its low 4 bits).
    public var firstByte: UInt8
    public var version: QUICVersion
    public var packetType: QUICLongPacketType
    public var destinationConnectionID: [UInt8]
    public var sourceConnectionID: [UInt8]
    /// Initial only: the length of the Retry token (the token itself is not kept).
    public var tokenLength: Int
    /// Offset of the (protected) packet number from the start of the packet.
    public var packetNumberOffset: Int
    /// Offset just past the packet (packet number plus payload), i.e. where a coalesced packet starts.
    public var packetEnd: Int

    /// A header from its fields.
    public init(
        firstByte: UInt8, version: QUICVersion, packetType: QUICLongPacketType, destinationConnectionID: [UInt8],
        sourceConnectionID: [UInt8], tokenLength: Int, packetNumberOffset: Int, packetEnd: Int
    ) {
        self.firstByte = firstByte
        self.version = version
        self.packetType = packetType
        self.destinationConnectionID = destinationConnectionID
        self.sourceConnectionID = sourceConnectionID
        self.tokenLength = tokenLength
        self.packetNumberOffset = packetNumberOffset
        self.packetEnd = packetEnd
    }
}

/// The data of one CRYPTO frame (RFC 9000 §19.6): bytes of the TLS handshake stream at `offset`.
public struct QUICCryptoFragment: Hashable, Sendable {
    public var offset: Int
    public var bytes: [UInt8]

    /// A fragment from its fields.
    public init(offset: Int, bytes: [UInt8]) {
        self.offset = offset
        self.bytes = bytes
    }
}

/// What the frames of one decrypted Initial payload said (RFC 9000 §19; §17.2.2 lists those allowed).
public struct QUICFrames: Hashable, Sendable {
    /// CRYPTO frames in packet order (Chrome deliberately sends them out of offset order).
    public var cryptoFragments: [QUICCryptoFragment] = []
    public var paddingBytes = 0
    public var pings = 0
    public var acks = 0
    /// The error code of a CONNECTION_CLOSE frame, if one was sent.
    public var connectionCloseError: UInt64?

    public init() {}
}

/// One Initial packet, with its protection removed.
public struct QUICInitialPacket: Hashable, Sendable {
    public var header: QUICLongHeader
    /// The full packet number, from the truncated one (the first Initials of a connection number from 0).
    public var packetNumber: UInt64
    public var frames: QUICFrames

    /// A packet from its parts.
    public init(header: QUICLongHeader, packetNumber: UInt64, frames: QUICFrames) {
        self.header = header
        self.packetNumber = packetNumber
        self.frames = frames
    }
}

/// The Initial packets of one UDP datagram (coalesced packets, RFC 9000 §12.2), in order.
public struct QUICDatagram: Hashable, Sendable {
    /// The Initials that decrypted.
    public var initials: [QUICInitialPacket] = []
    /// Packets that are not Initials (Handshake, 0-RTT, a trailing short-header packet) or whose keys were
    /// unavailable: counted, not decrypted.
    public var otherPackets = 0

    public init() {}
}
