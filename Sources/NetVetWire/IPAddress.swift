/// An IPv4 address in host byte order.
public struct IPv4Address: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a host-order integer (`10.0.0.1` is `0x0A00_0001`).
    public var rawValue: UInt32

    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Builds an address from four octets.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text; `nil` on anything else (no leading zeros beyond one digit rule enforced).
    public init?(_ text: some StringProtocol) {
        var value: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        for character in text.utf8 {
            if character == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                value = value << 8 | current
                octets += 1
                current = 0
                digits = 0
            } else if character >= UInt8(ascii: "0"), character <= UInt8(ascii: "9") {
                current = current * 10 + UInt32(character - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        self.rawValue = value << 8 | current
    }

    /// 0.0.0.0, used by hosts that have no address yet (DHCP, ARP probes).
    public static let unspecified = IPv4Address(rawValue: 0)

    /// True for 224.0.0.0/4 and 255.255.255.255.
    @inlinable
    public var isMulticastOrBroadcast: Bool { rawValue >> 28 == 0xE || rawValue == 0xFFFF_FFFF }

    public var description: String {
        "\(rawValue >> 24).\(rawValue >> 16 & 0xFF).\(rawValue >> 8 & 0xFF).\(rawValue & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An IPv6 address as two host-order 64-bit halves.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 64 bits (network prefix side).
    public var high: UInt64
    /// The last 64 bits (interface identifier side).
    public var low: UInt64

    @inlinable
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses RFC 4291 text (with `::` compression; no embedded IPv4 form); `nil` on anything else.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        let halves = string.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, !string.contains(":::") else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result = [UInt16]()
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard !group.isEmpty, group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<4 { high = high << 16 | UInt64(all[index]) }
        for index in 4..<8 { low = low << 16 | UInt64(all[index]) }
        self.init(high: high, low: low)
    }

    /// The unspecified address `::`.
    public static let unspecified = IPv6Address(high: 0, low: 0)

    /// True for ff00::/8.
    @inlinable
    public var isMulticast: Bool { high >> 56 == 0xFF }

    /// True for fe80::/10.
    @inlinable
    public var isLinkLocal: Bool { high >> 54 == 0x3FA }

    /// The 16-bit group at `index` (0...7).
    public func group(_ index: Int) -> UInt16 {
        let word = index < 4 ? high : low
        return UInt16(truncatingIfNeeded: word >> UInt64((3 - index % 4) * 16))
    }

    /// RFC 5952 canonical text: lower case, longest run of two or more zero groups as `::`.
    public var description: String {
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for index in 0...8 {
            if index < 8 && group(index) == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                let length = index - runStart
                if length > bestLength && length >= 2 {
                    bestStart = runStart
                    bestLength = length
                }
                runStart = -1
            }
        }
        var out = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                out += "::"
                index += bestLength
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(group(index), radix: 16)
            index += 1
        }
        return out
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

/// Either address family, as found in a packet.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses IPv4 dotted-quad or IPv6 text.
    public init?(_ text: some StringProtocol) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }

    /// True for multicast and broadcast destinations.
    public var isGroup: Bool {
        switch self {
        case .v4(let address): return address.isMulticastOrBroadcast
        case .v6(let address): return address.isMulticast
        }
    }

    /// True for 0.0.0.0 and `::`.
    public var isUnspecified: Bool {
        switch self {
        case .v4(let address): return address == .unspecified
        case .v6(let address): return address == .unspecified
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}
