import Foundation

/// Runs external programs for the tests (reference tools, the built `netvet`, `ip`, `editcap`): the one
/// place the test targets start a process.
public enum Subprocess {
    /// What a program that ran to completion left behind.
    public struct Result: Sendable {
        /// The exit status; 128 + N for a program killed by signal N, as a shell reports it.
        public var status: Int32
        /// Everything the program wrote to standard output.
        public var stdout: Data
        /// Everything the program wrote to standard error, as UTF-8 text.
        public var stderr: String

        /// Standard output then standard error, as text, trimmed of surrounding white space (for messages).
        public var output: String {
            (String(decoding: stdout, as: UTF8.self) + stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Why `run` could not start a program. A program that starts and then fails is not an error: its exit
    /// status is returned.
    public enum Failure: Error, CustomStringConvertible {
        /// `name` is not an executable file and was not found in `PATH` (or the system directories).
        case notFound(String)
        /// The program exists but could not be started.
        case launchFailed(String, any Error)

        public var description: String {
            switch self {
            case .notFound(let name):
                return "\(name): executable not found (PATH and /usr/sbin, /sbin, /usr/bin, /bin)"
            case .launchFailed(let path, let error): return "\(path): could not start: \(error)"
            }
        }
    }

    /// Runs `executable` with `arguments` to completion and returns its exit status, standard output and
    /// standard error.
    ///
    /// `executable` is a path (contains `/`) or a name looked up in `PATH`. Standard input is `/dev/null`
    /// (CI runs without a terminal). Both pipes are drained at the same time, standard error on a
    /// background thread, so a child that fills one pipe while the parent waits on the other cannot
    /// deadlock, however large its output. A child still running after `timeout` seconds is sent SIGTERM
    /// (then SIGKILL) and so reports 143 or 137. Throws `Failure` only if the program cannot be found or
    /// started.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 600
    ) throws -> Result {
        guard let path = self.executable(executable) else { throw Failure.notFound(executable) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        do {
            try process.run()
        } catch {
            throw Failure.launchFailed(path, error)
        }

        // Standard error is read on another thread while this one reads standard output.
        let errorBox = DataBox()
        let errorDone = DispatchGroup()
        errorDone.enter()
        let errorHandle = errorPipe.fileHandleForReading
        Thread.detachNewThread {
            errorBox.set(errorHandle.readDataToEndOfFile())
            errorDone.leave()
        }

        // A hung child would otherwise hang the test run until the CI time limit.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            kill(pid, SIGTERM)
            Thread.sleep(forTimeInterval: 5)
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)

        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        errorDone.wait()
        process.waitUntilExit()
        watchdog.cancel()

        let status: Int32 =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, stdout: output, stderr: String(decoding: errorBox.get(), as: UTF8.self))
    }

    /// The full path of `name`: itself if it contains `/` and is executable, else the first executable
    /// `<dir>/name` in `PATH` and the system directories (`/usr/sbin`, `/sbin`, `/usr/bin`, `/bin`); nil if
    /// none.
    public static func executable(_ name: String) -> String? {
        let manager = FileManager.default
        if name.contains("/") { return manager.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Bytes handed from the reader thread to the caller; the lock orders the write before the read.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
