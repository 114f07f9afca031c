import NetVetWire

extension DecodeContext {
    /// Ethernet II / IEEE 802.3 (IEEE 802.3 §3.1): destination 6, source 6, EtherType-or-length 2;
    /// then 802.1Q / 802.1ad tags (IEEE 802.1Q §9.6), bounded by `Limits.maxVLANDepth`.
    mutating func decodeEthernet(_ reader: inout ByteReader) {
        guard let destination = reader.readMAC(), let source = reader.readMAC() else {
            short(.ethernetTruncated)
            return
        }
        // The addresses are kept once both are read: a frame cut inside the EtherType still names its MACs.
        packet.destinationMAC = destination
        packet.sourceMAC = source
        guard let typeOrLength = reader.readUInt16() else {
            short(.ethernetTruncated)
            return
        }
        decodeTaggedPayload(typeOrLength, &reader)
    }

    /// Follows VLAN tags and 802.3 LLC/SNAP until an EtherType, then decodes the payload.
    mutating func decodeTaggedPayload(_ first: UInt16, _ reader: inout ByteReader) {
        var etherType = first
        while etherType == EtherType.vlan || etherType == EtherType.qinq || etherType == EtherType.qinqLegacy {
            // A frame with more tags than any real network stacks is hostile or garbage: stop reading.
            guard packet.vlanDepth < limits.maxVLANDepth else {
                flag(.vlanTooManyTags)
                return
            }
            guard let tci = reader.readUInt16(), let next = reader.readUInt16() else {
                short(.vlanTruncated)
                return
            }
            if packet.vlanDepth == 0 { packet.outerVLAN = tci & 0x0FFF } else { packet.innerVLAN = tci & 0x0FFF }
            packet.vlanDepth += 1
            etherType = next
        }
        if etherType <= 1500 {
            // An 802.3 length field: only LLC/SNAP (RFC 1042) carries an EtherType we can follow. The
            // length also says where Ethernet padding starts (a CDP checksum covers no padding).
            if Int(etherType) < reader.remaining, let frame = reader.readSlice(Int(etherType)) { reader = frame }
            decodeLLC(&reader)
            return
        }
        decodeEtherType(etherType, &reader)
    }

    /// IEEE 802.2 LLC with SNAP (RFC 1042): AA AA 03, OUI 3, EtherType 2. Other LLC payloads (STP,
    /// NetBIOS) carry no IP and are left undecoded.
    mutating func decodeLLC(_ reader: inout ByteReader) {
        guard let dsap = reader.peekUInt8(at: 0), let ssap = reader.peekUInt8(at: 1) else {
            short(.llcTruncated)
            return
        }
        guard dsap == 0xAA, ssap == 0xAA else { return }
        guard reader.remaining >= 8, let organization = reader.peekUInt32(at: 2),
            let etherType = reader.peekUInt16(at: 6)
        else {
            short(.llcTruncated)
            return
        }
        reader.skip(8)
        // Cisco's OUI 00-00-0C with protocol id 0x2000 is CDP; its payload is kept for the application stage.
        if organization & 0x00FF_FFFF == 0x0000_000C && etherType == EtherType.cdp {
            packet.etherType = EtherType.cdp
            packet.linkPayloadOffset = absoluteOffset(of: reader)
            packet.linkPayloadLength = reader.remaining
            return
        }
        decodeEtherType(etherType, &reader)
    }

    /// Linux cooked capture v1 (LINKTYPE_LINUX_SLL): packet type 2, ARPHRD 2, address length 2,
    /// address 8, protocol 2. The address is the sender's; only 6-byte Ethernet addresses name a MAC.
    mutating func decodeLinuxSLL(_ reader: inout ByteReader) {
        guard reader.remaining >= 16, let hardwareType = reader.peekUInt16(at: 2),
            let addressLength = reader.peekUInt16(at: 4), let proto = reader.peekUInt16(at: 14)
        else {
            short(.sllTruncated)
            return
        }
        var addressReader = reader
        addressReader.skip(6)
        if addressLength == 6, isEthernetLike(hardwareType), let mac = addressReader.readMAC() {
            packet.sourceMAC = mac
        }
        reader.skip(16)
        decodeCookedProtocol(proto, &reader)
    }

    /// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): protocol 2, reserved 2, interface index 4,
    /// ARPHRD 2, packet type 1, address length 1, address 8.
    mutating func decodeLinuxSLL2(_ reader: inout ByteReader) {
        guard reader.remaining >= 20, let proto = reader.peekUInt16(at: 0), let hardwareType = reader.peekUInt16(at: 8),
            let addressLength = reader.peekUInt8(at: 11)
        else {
            short(.sll2Truncated)
            return
        }
        var addressReader = reader
        addressReader.skip(12)
        if addressLength == 6, isEthernetLike(hardwareType), let mac = addressReader.readMAC() {
            packet.sourceMAC = mac
        }
        reader.skip(20)
        decodeCookedProtocol(proto, &reader)
    }

    /// ARPHRD_ETHER (1) and ARPHRD_IEEE802 (6) carry IEEE MAC addresses.
    private func isEthernetLike(_ hardwareType: UInt16) -> Bool { hardwareType == 1 || hardwareType == 6 }

    /// The SLL protocol field: an EtherType, or a Linux pseudo-type below 0x0600
    /// (0x0004 = 802.2 LLC frame follows).
    private mutating func decodeCookedProtocol(_ proto: UInt16, _ reader: inout ByteReader) {
        if proto == 0x0004 {
            decodeLLC(&reader)
        } else if proto >= 0x0600 {
            decodeTaggedPayload(proto, &reader)
        }
    }

    /// Raw IP: the version nibble of the first byte says which.
    mutating func decodeRawIP(_ reader: inout ByteReader) {
        guard let first = reader.peekUInt8(at: 0) else {
            short(.ipv4Truncated)
            return
        }
        switch first >> 4 {
        case 4: decodeIPv4(&reader)
        case 6: decodeIPv6(&reader)
        default: flag(.rawIPBadVersion)
        }
    }

    /// BSD loopback (DLT_NULL: family in the capturing host's byte order) and OpenBSD DLT_LOOP
    /// (network order). AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24, 28 or 30 (BSDs, macOS).
    mutating func decodeNull(_ reader: inout ByteReader, networkOrder: Bool) {
        guard let raw = reader.readUInt32() else {
            short(.nullTruncated)
            return
        }
        // The writer's byte order is unknown for DLT_NULL; a family is a small number, so the
        // order that gives one below 256 is the right one.
        let family = networkOrder ? raw : (raw > 0xFFFF ? raw.byteSwapped : raw)
        switch family {
        case 2: decodeIPv4(&reader)
        case 10, 24, 28, 30: decodeIPv6(&reader)
        default: flag(.nullUnknownFamily)
        }
    }

    /// Radiotap (radiotap.org): version 1, pad 1, length 2 (LE), present bitmaps 4 (LE) chained by bit 31.
    /// Only the Flags field is read (bit 0x10: the frame ends with a 4-byte FCS); the rest is skipped by
    /// the header length.
    mutating func decodeRadiotap(_ reader: inout ByteReader) {
        guard reader.remaining >= 8, let version = reader.peekUInt8(at: 0), let lengthLE = reader.peekUInt16(at: 2)
        else {
            short(.radiotapTruncated)
            return
        }
        let length = Int(lengthLE.byteSwapped)
        guard version == 0, length >= 8 else {
            flag(.radiotapBadLength)
            return
        }
        guard var header = reader.readSlice(length) else {
            short(.radiotapTruncated)
            return
        }
        // A length too short for the fields its own bitmap announces leaves the 802.11 header's start unknown.
        guard let flags = radiotapFlags(&header) else {
            flag(.radiotapBadLength)
            return
        }
        decode80211(&reader, fcsPresent: flags & 0x10 != 0)
    }

    /// Reads the radiotap Flags field (present bit 1); 0 when it is absent, `nil` when the header's length
    /// cannot hold the present words or the TSFT and Flags fields they announce.
    private func radiotapFlags(_ header: inout ByteReader) -> UInt8? {
        guard header.skip(4), var present = header.readUInt32LE() else { return nil }
        let firstPresent = present
        // Extra present words: bounded by the header length the reader is confined to.
        while present & 0x8000_0000 != 0 {
            guard let next = header.readUInt32LE() else { return nil }
            present = next
        }
        var offset = header.offset
        if firstPresent & 0x1 != 0 {  // TSFT: u64, 8-byte aligned (alignment counts from header start).
            offset = (offset + 7) & ~7
            offset += 8
        }
        guard firstPresent & 0x2 != 0 else { return offset <= header.bytes.count ? 0 : nil }
        var flagsReader = header
        guard flagsReader.skip(offset - header.offset), let flags = flagsReader.readUInt8() else { return nil }
        return flags
    }

    /// IEEE 802.11 MAC header (IEEE 802.11-2020 §9.2.3): frame control 2 (LE), duration 2, address 1–3,
    /// sequence control 2, address 4 (ToDS and FromDS), QoS control 2 (QoS subtypes), HT control 4
    /// (QoS with the +HTC/Order bit). Only data frames carry LLC/SNAP and IP; protected (encrypted)
    /// bodies are not decoded.
    mutating func decode80211(_ reader: inout ByteReader, fcsPresent: Bool) {
        if fcsPresent {
            // The trailing FCS is not payload: confine the reader to the bytes before it, when there
            // are enough bytes for one (a snap-length cut may already have dropped it).
            if !snaplenCut, reader.remaining >= 4, let body = reader.readSlice(reader.remaining - 4) {
                reader = body
            }
        }
        guard let frameControlLE = reader.readUInt16() else {
            short(.ieee80211Truncated)
            return
        }
        let frameControl = frameControlLE.byteSwapped
        let frameType = (frameControl >> 2) & 0x3
        let subtype = (frameControl >> 4) & 0xF
        let toDS = frameControl & 0x0100 != 0
        let fromDS = frameControl & 0x0200 != 0
        let protected = frameControl & 0x4000 != 0
        let order = frameControl & 0x8000 != 0
        // Management and control frames name no IP-speaking endpoint we inventory.
        guard frameType == 2 else { return }
        // Each address is kept as soon as it is read (a cut frame still names its sender). DA is address 1
        // without ToDS, else 3; SA is address 2 without FromDS, 3 with FromDS only, 4 with both.
        guard reader.skip(2), let address1 = reader.readMAC() else {
            short(.ieee80211Truncated)
            return
        }
        if !toDS { packet.destinationMAC = address1 }
        guard let address2 = reader.readMAC() else {
            short(.ieee80211Truncated)
            return
        }
        packet.transmitterMAC = address2
        if !fromDS { packet.sourceMAC = address2 }
        guard let address3 = reader.readMAC() else {
            short(.ieee80211Truncated)
            return
        }
        if toDS { packet.destinationMAC = address3 }
        if fromDS && !toDS { packet.sourceMAC = address3 }
        guard reader.skip(2) else {
            short(.ieee80211Truncated)
            return
        }
        if toDS && fromDS {
            guard let address4 = reader.readMAC() else {
                short(.ieee80211Truncated)
                return
            }
            packet.sourceMAC = address4
        }
        let isQoS = subtype & 0x8 != 0
        if isQoS {
            guard reader.skip(2), !order || reader.skip(4) else {
                short(.ieee80211Truncated)
                return
            }
        }
        // Null-function subtypes (bit 2 of the subtype) have no body; encrypted bodies are opaque.
        guard subtype & 0x4 == 0, !protected else { return }
        // An empty body is a legal frame without an MSDU, unless the capture cut the body away.
        guard !reader.isAtEnd else {
            if snaplenCut { short(.ieee80211Truncated) }
            return
        }
        decodeLLC(&reader)
    }
}
