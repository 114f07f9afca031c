import Foundation
import NetVetCapture
import Testing

// `stdin` is a mutable C global, which Swift 6 refuses to name unless the module declaring it is
// imported @preconcurrency; on Linux that module is SwiftGlibc (Glibc re-exports it, and a plain
// import of Foundation or Glibc elsewhere would otherwise take precedence).
#if canImport(Glibc)
    @preconcurrency import SwiftGlibc
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// PcapFileSource(path: "-") reads standard input. These tests put a file or a pipe on descriptor 0
/// for their duration and restore the original after, so they run one at a time.
@Suite(.serialized) struct StandardInputTests {
    /// Runs `body` with `descriptor` duplicated onto standard input, then restores the original
    /// standard input and clears the C library's end-of-file mark on `stdin`, which would otherwise
    /// stick and end the next test's read at once.
    static func withStandardInput<T>(_ descriptor: Int32, _ body: () throws -> T) throws -> T {
        let saved = dup(STDIN_FILENO)
        try #require(saved >= 0, "dup(0) failed: \(String(cString: strerror(errno)))")
        defer {
            dup2(saved, STDIN_FILENO)
            close(saved)
            clearerr(stdin)
        }
        try #require(dup2(descriptor, STDIN_FILENO) == STDIN_FILENO, "dup2 failed: \(String(cString: strerror(errno)))")
        return try body()
    }

    @Test func readsAFileOnStandardInput() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("stdin.pcap").path
        try PcapFileSourceTests.samplePcap().write(to: path)
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }

        let frames = try Self.withStandardInput(descriptor) {
            let source = try PcapFileSource(path: "-")
            #expect(source.name == "-")
            #expect(source.progress.total == nil)
            return try TestSupport.readAll(source)
        }
        PcapFileSourceTests.expectSamples(frames)
    }

    @Test func readsAPipeOnStandardInput() throws {
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        let bytes = PcapFileSourceTests.samplePcap().bytes
        // The file is far smaller than a pipe's buffer, so it can be written whole before reading.
        let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        defer { close(ends[0]) }
        try #require(written == bytes.count)

        let frames = try Self.withStandardInput(ends[0]) {
            let source = try PcapFileSource(path: "-")
            let frames = try TestSupport.readAll(source)
            #expect(source.truncation == nil)
            #expect(source.progress.total == nil)
            return frames
        }
        PcapFileSourceTests.expectSamples(frames)
    }
}
