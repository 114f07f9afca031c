import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `netvet: <message>` to standard error.
func printError(_ message: String) {
    writeAll(STDERR_FILENO, "netvet: \(message)\n")
}

/// Ends the command with a one-line error and exit status 2 (bad input: a file, an option value).
func fail(_ message: String) -> ExitCode {
    printError(message)
    return ExitCode(2)
}

/// Writes all of `text` to a file descriptor, retrying short writes; gives up silently on errors
/// (a closed pipe must not crash the auditor).
func writeAll(_ descriptor: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { buffer in
            write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        offset += written
    }
}
