/// A packet timestamp taken from the capture (never the wall clock: STYLE.md §3), in microseconds
/// since the Unix epoch.
public struct PacketTime: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z; may be negative for pre-epoch (bogus) stamps.
    public var rawValue: Int64

    @inlinable
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Builds a time from a `timeval`-style pair. Out-of-range parts saturate instead of trapping.
    @inlinable
    public init(seconds: Int64, microseconds: Int64) {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (sum, overflow2) = scaled.addingReportingOverflow(microseconds)
        rawValue = overflow || overflow2 ? (seconds < 0 ? .min : .max) : sum
    }

    /// Whole seconds since the epoch (floor).
    public var seconds: Int64 { rawValue >= 0 ? rawValue / 1_000_000 : (rawValue + 1) / 1_000_000 - 1 }

    /// RFC 3339 UTC with microseconds: `2024-05-01T12:00:00.000001Z`.
    public var rfc3339: String {
        let secs = seconds
        let micros = rawValue &- secs &* 1_000_000
        var days = secs >= 0 ? secs / 86_400 : (secs + 1) / 86_400 - 1
        let secondOfDay = secs &- days &* 86_400
        // Civil-from-days (H. Hinnant), valid for the whole Int64 day range we can reach.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        var year = yearOfEra + era * 400
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        if month <= 2 { year += 1 }
        // Written digit by digit into one buffer: a report formats millions of these.
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        func digits(_ value: Int64, _ width: Int) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var count = 1
            var probe = magnitude
            while probe >= 10 {
                probe /= 10
                count += 1
            }
            let total = max(width, count)
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: total))
            var index = start + total - 1
            while magnitude > 0 {
                bytes[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                index -= 1
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(micros, 6)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { rfc3339 }

    public static func < (lhs: PacketTime, rhs: PacketTime) -> Bool { lhs.rawValue < rhs.rawValue }
}
