#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the report goes: standard output, or a file written whole or not at all.
///
/// A regular file is written to a temporary name beside it and renamed over it at the end, so a reader
/// never sees half a report and a failed run leaves an earlier report intact. Devices that are not
/// regular files (`/dev/null`, a FIFO) are written directly.
final class ReportSink {
    /// Why the report could not be written; `description` names the file.
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): cannot write the report: \(reason)" }
    }

    private let descriptor: Int32
    private let path: String?
    private let temporaryPath: String?
    private var error: Int32 = 0

    /// A sink for `path`, or standard output when `path` is nil.
    init(path: String?) throws(Failure) {
        self.path = path
        guard let path else {
            descriptor = STDOUT_FILENO
            temporaryPath = nil
            return
        }
        var status = stat()
        let isSpecial = stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
        let target = isSpecial ? path : path + ".netvet-\(getpid()).tmp"
        let flags = isSpecial ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        let opened = open(target, flags, 0o644)
        guard opened >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        descriptor = opened
        temporaryPath = isSpecial ? nil : target
    }

    /// Appends `text`; the first error is kept and reported by `finish`.
    func write(_ text: String) {
        guard error == 0 else { return }
        var remaining = text
        remaining.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    error = errno
                    return
                }
                offset += written
            }
        }
    }

    /// Closes the file and moves it into place; throws the first write error.
    func finish() throws(Failure) {
        guard let path else {
            if error != 0 && error != EPIPE {
                throw Failure(path: "standard output", reason: String(cString: strerror(error)))
            }
            return
        }
        if close(descriptor) != 0 && error == 0 { error = errno }
        if let temporaryPath {
            if error == 0 && rename(temporaryPath, path) != 0 { error = errno }
            if error != 0 { unlink(temporaryPath) }
        }
        if error != 0 { throw Failure(path: path, reason: String(cString: strerror(error))) }
    }
}
