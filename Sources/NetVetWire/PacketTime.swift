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
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3_600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "." + pad(micros, 6) + "Z"
    }

    public var description: String { rfc3339 }

    public static func < (lhs: PacketTime, rhs: PacketTime) -> Bool { lhs.rawValue < rhs.rawValue }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value < 0 ? -value : value)
    let padding = String(repeating: "0", count: max(0, width - digits.count))
    return (value < 0 ? "-" : "") + padding + digits
}
