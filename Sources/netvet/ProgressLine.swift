import NetVetAudit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-line progress display on standard error, redrawn at most four times a second, shown only
/// when standard error is a terminal. Wall-clock time is used for the display only, never for data.
final class ProgressLine {
    private let enabled: Bool
    private var lastDraw: Int64 = 0
    private var started: Int64 = 0
    private var drawn = false

    /// A display that draws only if `enabled` and standard error is a terminal.
    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.started = ProgressLine.now()
    }

    /// Redraws the line if a quarter second has passed.
    func update(_ progress: AuditProgress) {
        guard enabled else { return }
        let now = ProgressLine.now()
        guard now - lastDraw >= 250_000_000 else { return }
        lastDraw = now
        var line = "netvet: \(progress.source)"
        if let total = progress.total, total > 0 {
            line += " \(min(100, progress.consumed * 100 / total))%"
        }
        let seconds = Double(now - started) / 1e9
        line += " \(progress.packets) packets"
        if seconds > 0.5 { line += " (\(Int(Double(progress.packets) / seconds)) pkt/s)" }
        writeAll(STDERR_FILENO, "\r\u{1B}[K" + line)
        drawn = true
    }

    /// Erases the line, if one was drawn.
    func clear() {
        guard drawn else { return }
        writeAll(STDERR_FILENO, "\r\u{1B}[K")
        drawn = false
    }

    private static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
