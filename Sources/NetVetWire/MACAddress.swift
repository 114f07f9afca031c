/// A 48-bit IEEE 802 MAC address, stored in the low 48 bits of a `UInt64` (cheap to hash and compare).
public struct MACAddress: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address, most significant octet first, in the low 48 bits.
    public var rawValue: UInt64

    /// Wraps a raw value; bits above 48 are discarded.
    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue & 0xFFFF_FFFF_FFFF }

    /// Builds an address from six octets.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8, _ f: UInt8) {
        self.init(
            rawValue: UInt64(a) << 40 | UInt64(b) << 32 | UInt64(c) << 24 | UInt64(d) << 16 | UInt64(e) << 8
                | UInt64(f))
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (also `-` separated); `nil` on any other shape.
    public init?(_ text: some StringProtocol) {
        var value: UInt64 = 0
        var digits = 0
        var groupDigits = 0
        for character in text.utf8 {
            if character == UInt8(ascii: ":") || character == UInt8(ascii: "-") {
                guard groupDigits == 2 else { return nil }
                groupDigits = 0
                continue
            }
            guard let nibble = character.asciiHexDigitValue, groupDigits < 2 else { return nil }
            value = value << 4 | UInt64(nibble)
            digits += 1
            groupDigits += 1
        }
        guard digits == 12, groupDigits == 2 else { return nil }
        self.init(rawValue: value)
    }

    /// The all-ones broadcast address.
    public static let broadcast = MACAddress(rawValue: 0xFFFF_FFFF_FFFF)
    /// The all-zero address, which no device owns.
    public static let zero = MACAddress(rawValue: 0)

    /// The I/G bit: set for multicast and broadcast (group) addresses, which are not devices.
    @inlinable
    public var isGroup: Bool { rawValue & 0x0100_0000_0000 != 0 }

    /// The U/L bit: set for locally administered addresses (randomised or software-assigned).
    @inlinable
    public var isLocallyAdministered: Bool { rawValue & 0x0200_0000_0000 != 0 }

    /// True for an address that can name one device: unicast and not all-zero.
    @inlinable
    public var isUnicastDevice: Bool { !isGroup && rawValue != 0 }

    /// The octet at `index` (0 is the first on the wire).
    public func octet(_ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: rawValue >> UInt64((5 - index) * 8))
    }

    /// Lower-case colon-separated hex, as tshark prints it.
    public var description: String {
        var out = [UInt8]()
        out.reserveCapacity(17)
        for index in 0..<6 {
            if index > 0 { out.append(UInt8(ascii: ":")) }
            let byte = octet(index)
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0xF))
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.rawValue < rhs.rawValue }
}

@usableFromInline
func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
}
