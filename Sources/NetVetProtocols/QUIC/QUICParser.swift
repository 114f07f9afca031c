import NetVetCrypto
import NetVetWire

/// Reads QUIC Initial packets out of UDP datagrams: long headers (RFC 9000 §17.2), header protection
/// and AEAD removal with the Initial keys (RFC 9001 §5), and the frames of the payload (RFC 9000 §19).
///
/// Pure apart from the OpenSSL calls it is handed: the caller gives the protection engine and says which
/// keys open a packet (client Initials use the keys of their own Destination Connection ID, server
/// Initials those of the client's first one), so the parser keeps no state. CRYPTO fragments come back
/// as they are; `QUICCryptoStream` joins them across packets and datagrams.
public enum QUICParser {
    /// The largest connection ID of versions 1 and 2 (RFC 9000 §17.2).
    public static let maximumConnectionIDLength = 20
    /// The most CRYPTO frames kept from one packet; a real Initial has at most a few dozen.
    public static let maximumCryptoFragments = 64
    /// The most packets read from one datagram (coalescing puts at most one per packet type).
    public static let maximumPacketsPerDatagram = 8

    /// Reads a variable-length integer (RFC 9000 §16): the top two bits of the first byte give its
    /// length (1, 2, 4 or 8 bytes). `nil` if it runs past the reader; the cursor then does not move.
    public static func readVarint(_ reader: inout ByteReader) -> UInt64? {
        guard let first = reader.peekUInt8(at: 0) else { return nil }
        let length = 1 << Int(first >> 6)
        guard reader.remaining >= length else { return nil }
        var value = UInt64(first & 0x3F)
        for index in 1..<length {
            guard let byte = reader.peekUInt8(at: index) else { return nil }
            value = value << 8 | UInt64(byte)
        }
        _ = reader.skip(length)
        return value
    }

    /// True if `bytes` starts like a long-header packet (form and fixed bits set), the cheap pre-check
    /// before `parseLongHeader`.
    public static func isLongHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first else { return false }
        return first & 0xC0 == 0xC0
    }

    /// Parses the unprotected fields of the long-header packet at the start of `bytes` (layout in
    /// `QUICLongHeader`). Offsets in the result are relative to `bytes`. `.malformed` if it is not a long
    /// header, a connection ID is longer than 20, or a field or the declared length runs past the end;
    /// Retry and Version Negotiation packets (no Length field) come back with `packetEnd` = `bytes.count`.
    public static func parseLongHeader(_ bytes: UnsafeRawBufferPointer) -> ParseResult<QUICLongHeader> {
        var reader = ByteReader(bytes)
        // The form bit says long header; anything else carries no Initial.
        guard let first = reader.readUInt8(), first & 0x80 != 0 else { return .malformed([.quicNotLongHeader]) }
        guard let versionValue = reader.readUInt32(), let dcidLength = reader.readUInt8() else {
            return .malformed([.quicPacketTruncated])
        }
        let version = QUICVersion(rawValue: versionValue)
        // Versions 1 and 2 cap connection IDs at 20 bytes; a longer one is another version or garbage.
        guard Int(dcidLength) <= maximumConnectionIDLength else { return .malformed([.quicConnectionIDTooLong]) }
        guard let dcid = reader.readSlice(Int(dcidLength)), let scidLength = reader.readUInt8() else {
            return .malformed([.quicPacketTruncated])
        }
        guard Int(scidLength) <= maximumConnectionIDLength else { return .malformed([.quicConnectionIDTooLong]) }
        guard let scid = reader.readSlice(Int(scidLength)) else { return .malformed([.quicPacketTruncated]) }
        let type = QUICLongPacketType(bits: first >> 4, version: version)
        var header = QUICLongHeader(
            firstByte: first, version: version, packetType: type,
            destinationConnectionID: Array(dcid.unreadBytes), sourceConnectionID: Array(scid.unreadBytes),
            tokenLength: 0, packetNumberOffset: reader.offset, packetEnd: bytes.count)
        // Version Negotiation and Retry have no Length field: they run to the end of the datagram.
        if version == .negotiation || type == .retry { return .message(header, anomalies: []) }
        if type == .initial {
            // The token must lie inside the datagram; it is skipped, not kept.
            guard let tokenLength = readVarint(&reader), let length = Int(exactly: tokenLength),
                reader.skip(length)
            else { return .malformed([.quicPacketTruncated]) }
            header.tokenLength = length
        }
        // Length covers the packet number and the payload, and must lie inside the datagram.
        guard let lengthValue = readVarint(&reader), let length = Int(exactly: lengthValue),
            length <= reader.remaining
        else { return .malformed([.quicPacketTruncated]) }
        header.packetNumberOffset = reader.offset
        header.packetEnd = reader.offset + length
        return .message(header, anomalies: [])
    }

    /// Removes the protection of the Initial at the start of `packet` (described by `header`, from
    /// `parseLongHeader` over the same bytes) with `keys` (RFC 9001 §5.4.1 header protection, §5.3
    /// AEAD). Returns the unmasked first byte, packet number and plaintext payload, or the anomaly that
    /// stopped it.
    public static func unprotect(
        _ packet: UnsafeRawBufferPointer, header: QUICLongHeader, keys: QUICPacketKeys,
        protection: QUICPacketProtection
    ) -> Result<UnprotectedPacket, UnprotectFailure> {
        let pnOffset = header.packetNumberOffset
        // The sample starts 4 bytes past the packet number's start whatever its length (§5.4.2).
        let sampleStart = pnOffset + 4
        guard pnOffset >= 1, header.packetEnd <= packet.count,
            sampleStart + QUICPacketProtection.sampleLength <= header.packetEnd
        else { return .failure(UnprotectFailure(anomaly: .quicSampleTooShort)) }
        let sample = UnsafeRawBufferPointer(
            rebasing: packet[sampleStart..<sampleStart + QUICPacketProtection.sampleLength])
        guard let mask = protection.headerProtectionMask(key: keys.headerProtection, sample: sample), mask.count == 5
        else { return .failure(UnprotectFailure(anomaly: .quicDecryptFailed)) }
        // Long headers protect the low 4 bits of the first byte (§5.4.1), which give the PN length.
        let firstByte = header.firstByte ^ (mask[0] & 0x0F)
        let pnLength = Int(firstByte & 0x03) + 1
        var associatedData = Array(packet[0..<pnOffset + pnLength])
        associatedData[0] = firstByte
        var packetNumber: UInt64 = 0
        for index in 0..<pnLength {
            associatedData[pnOffset + index] ^= mask[1 + index]
            packetNumber = packetNumber << 8 | UInt64(associatedData[pnOffset + index])
        }
        let sealed = UnsafeRawBufferPointer(rebasing: packet[(pnOffset + pnLength)..<header.packetEnd])
        let opened = associatedData.withUnsafeBytes { aad in
            protection.open(keys: keys, packetNumber: packetNumber, header: aad, sealed: sealed)
        }
        guard let payload = opened else { return .failure(UnprotectFailure(anomaly: .quicDecryptFailed)) }
        return .success(UnprotectedPacket(firstByte: firstByte, packetNumber: packetNumber, payload: payload))
    }

    /// An Initial with its protection removed.
    public struct UnprotectedPacket: Hashable, Sendable {
        /// The first byte with its header protection removed (packet number length and reserved bits).
        public var firstByte: UInt8
        public var packetNumber: UInt64
        public var payload: [UInt8]
    }

    /// Why `unprotect` gave up: an anomaly name.
    public struct UnprotectFailure: Error, Hashable, Sendable {
        public var anomaly: ProtocolAnomaly
    }

    /// Parses a UDP datagram's packets (coalesced, RFC 9000 §12.2) and decrypts its Initials with the keys
    /// `keys` gives for each Initial header (`nil`: not decryptable, counted in `otherPackets`).
    ///
    /// `.malformed` if the datagram does not start with a long header, its first packet is broken, or no
    /// Initial opened and one failed; otherwise the Initials that opened, with the anomalies of the rest. Reading stops at a short-header
    /// packet (the rest of the datagram), a Retry or Version Negotiation packet, or a broken packet.
    public static func parseDatagram(
        _ bytes: UnsafeRawBufferPointer, protection: QUICPacketProtection,
        keys: (QUICLongHeader) -> QUICPacketKeys?
    ) -> ParseResult<QUICDatagram> {
        var datagram = QUICDatagram()
        var anomalies: [ProtocolAnomaly] = []
        var start = 0
        var packets = 0
        while start < bytes.count, packets < maximumPacketsPerDatagram {
            packets += 1
            let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
            let header: QUICLongHeader
            switch parseLongHeader(rest) {
            case .message(let parsed, _):
                header = parsed
            case .malformed(let found):
                // A short-header packet after the first is normal (it runs to the end): not an anomaly.
                if start == 0 { return .malformed(found) }
                if !(found == [.quicNotLongHeader]) { anomalies += found }
                datagram.otherPackets += 1
                return .message(datagram, anomalies: anomalies)
            case .needMoreData:
                return start == 0 ? .malformed([.quicPacketTruncated]) : .message(datagram, anomalies: anomalies)
            }
            if header.version == .negotiation || header.packetType == .retry {
                datagram.otherPackets += 1
                break
            }
            defer { start += header.packetEnd }
            guard header.packetType == .initial else {
                datagram.otherPackets += 1
                continue
            }
            guard let packetKeys = keys(header) else {
                if QUICInitialSecrets.salt(for: header.version.rawValue) == nil {
                    anomalies.append(.quicVersionUnsupported)
                }
                datagram.otherPackets += 1
                continue
            }
            switch unprotect(rest, header: header, keys: packetKeys, protection: protection) {
            case .failure(let failure):
                anomalies.append(failure.anomaly)
                datagram.otherPackets += 1
            case .success(let opened):
                // Reserved bits are protected too and must be zero once unmasked (RFC 9000 §17.2).
                if opened.firstByte & 0x0C != 0 { anomalies.append(.quicReservedBitsSet) }
                let frames = opened.payload.withUnsafeBytes { parseFrames($0) }
                anomalies += frames.anomalies
                if let found = frames.message {
                    datagram.initials.append(
                        QUICInitialPacket(header: header, packetNumber: opened.packetNumber, frames: found))
                }
            }
        }
        // Nothing decrypted and something was wrong: the datagram yields nothing.
        if datagram.initials.isEmpty, !anomalies.isEmpty { return .malformed(anomalies) }
        return .message(datagram, anomalies: anomalies)
    }

    /// Walks the frames of a decrypted Initial payload (RFC 9000 §19; §17.2.2 allows PADDING, PING, ACK,
    /// CRYPTO and CONNECTION_CLOSE). Stops at an unknown frame (`quic.frame_unknown`) or a truncated one
    /// (`quic.frame_truncated`), keeping the frames before it. Never `.needMoreData`: a packet is whole.
    public static func parseFrames(_ payload: UnsafeRawBufferPointer) -> ParseResult<QUICFrames> {
        var reader = ByteReader(payload)
        var frames = QUICFrames()
        var anomalies: [ProtocolAnomaly] = []
        // Every iteration reads at least one byte, so the walk ends.
        while !reader.isAtEnd {
            guard let typeValue = readVarint(&reader) else {
                anomalies.append(.quicFrameTruncated)
                break
            }
            let type = QUICFrameType(rawValue: typeValue)
            var complete = true
            switch type {
            case .padding:
                frames.paddingBytes += 1
            case .ping:
                frames.pings += 1
            case .ack, .ackECN:
                complete = skipACK(&reader, ecn: type == .ackECN)
                if complete { frames.acks += 1 }
            case .crypto:
                guard let offset = readVarint(&reader), let length = readVarint(&reader),
                    let start = Int(exactly: offset), let count = Int(exactly: length),
                    let data = reader.readSlice(count)
                else {
                    complete = false
                    break
                }
                // Kept fragments are bounded; the stream's own limit bounds their total size.
                guard frames.cryptoFragments.count < maximumCryptoFragments else {
                    if !anomalies.contains(.quicCryptoLimit) { anomalies.append(.quicCryptoLimit) }
                    continue
                }
                frames.cryptoFragments.append(QUICCryptoFragment(offset: start, bytes: Array(data.unreadBytes)))
            case .connectionClose, .connectionCloseApplication:
                guard let code = readVarint(&reader),
                    type == .connectionCloseApplication || readVarint(&reader) != nil,
                    let reasonLength = readVarint(&reader), let reason = Int(exactly: reasonLength),
                    reader.skip(reason)
                else {
                    complete = false
                    break
                }
                frames.connectionCloseError = code
            default:
                anomalies.append(.quicFrameUnknown)
                return .message(frames, anomalies: anomalies)
            }
            // A frame cut short leaves nothing readable after it.
            guard complete else {
                anomalies.append(.quicFrameTruncated)
                break
            }
        }
        return .message(frames, anomalies: anomalies)
    }

    /// Skips an ACK frame's fields after its type (RFC 9000 §19.3); false if they run past the payload.
    private static func skipACK(_ reader: inout ByteReader, ecn: Bool) -> Bool {
        guard readVarint(&reader) != nil, readVarint(&reader) != nil, let rangeCount = readVarint(&reader),
            readVarint(&reader) != nil
        else { return false }
        // Each range is two varints (at least two bytes): a count beyond the bytes left is a truncation.
        guard rangeCount <= UInt64(reader.remaining / 2) else { return false }
        for _ in 0..<rangeCount {
            guard readVarint(&reader) != nil, readVarint(&reader) != nil else { return false }
        }
        if ecn {
            for _ in 0..<3 where readVarint(&reader) == nil { return false }
        }
        return true
    }
}
