import Foundation
import NetVetCapture
import NetVetTestSupport
import NetVetWire
import Testing

/// PrefetchingFrameSource: the frames, headers, truncation and errors of the file source it reads ahead,
/// whatever the chunk size, and a reader thread that ends however the caller stops.
@Suite struct PrefetchingFrameSourceTests {
    /// A pcap of `count` frames of varying lengths (60 to 1,514 bytes, and one of 9,000), each marked
    /// with its index, so order and contents can be checked.
    static func varied(count: Int) -> PcapWriter {
        var writer = PcapWriter(linkType: 1)
        for index in 0..<count {
            var frame = PcapWriter.sampleFrame(marker: UInt8(truncatingIfNeeded: index))
            let extra = index == count / 2 ? 9_000 - 60 : (index * 37) % 1_455
            frame += (0..<extra).map { UInt8(truncatingIfNeeded: $0 &+ index) }
            writer.append(
                seconds: 1_700_000_000 + UInt32(index / 1000), microseconds: UInt32(index % 1000), frame: frame)
        }
        return writer
    }

    @Test(
        "the same frames as the file source, for chunks smaller than one frame up to the default",
        arguments: [(4096, 2), (16_384, 3), (1 << 18, 4)])
    func sameFramesAsTheFileSource(chunkBytes: Int, chunks: Int) throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("varied.pcap").path
        try Self.varied(count: 3_000).write(to: path)

        let direct = try TestSupport.readAll(try PcapFileSource(path: path), batch: 7)
        let source = PrefetchingFrameSource(try PcapFileSource(path: path), chunkBytes: chunkBytes, chunks: chunks)
        #expect(source.linkType == .ethernet)
        #expect(source.name == path)
        let prefetched = try TestSupport.readAll(source, batch: 5)
        #expect(direct.count == 3_000)
        #expect(prefetched == direct)
        #expect(source.truncation == nil)
        #expect(source.droppedFrames == 0)
        #expect(try source.read(limit: 1) { _, _ in } == .endOfInput)
        let progress = source.progress
        #expect(progress.total == progress.consumed)
    }

    @Test func truncationOfACutFileAfterEveryFrameBeforeIt() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("cut.pcap").path
        var writer = Self.varied(count: 500)
        writer.appendRecordHeader(seconds: 1_700_000_006, microseconds: 0, capturedLength: 1514, wireLength: 1514)
        writer.appendRaw([UInt8](repeating: 0x5a, count: 100))
        try writer.write(to: path)

        let direct = try PcapFileSource(path: path)
        let expected = try TestSupport.readAll(direct)
        let source = PrefetchingFrameSource(try PcapFileSource(path: path), chunkBytes: 8192, chunks: 2)
        #expect(try TestSupport.readAll(source) == expected)
        let truncation = try #require(source.truncation)
        #expect(truncation == direct.truncation)
        #expect(truncation.hasPrefix("capture cut off after 500 packets: "))
    }

    @Test func stopEndsReadingAndLaterReadsEnd() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("many.pcap").path
        try Self.varied(count: 5_000).write(to: path)

        let source = PrefetchingFrameSource(try PcapFileSource(path: path), chunkBytes: 4096, chunks: 2)
        var seen = 0
        #expect(try source.read(limit: 10) { _, _ in seen += 1 } == .delivered(10))
        source.stop()
        #expect(try source.read(limit: 10) { _, _ in seen += 1 } == .endOfInput)
        #expect(try source.read(limit: 10) { _, _ in seen += 1 } == .endOfInput)
        #expect(seen == 10)
    }

    /// The caller stops reading early (a packet count reached) and drops the source while the reader is
    /// blocked on full chunks: the source must stop and join its thread, not hang or leak it.
    @Test func droppingTheSourceEarlyEndsTheReader() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("many.pcap").path
        try Self.varied(count: 5_000).write(to: path)

        for _ in 0..<20 {
            var source: PrefetchingFrameSource? = PrefetchingFrameSource(
                try PcapFileSource(path: path), chunkBytes: 4096, chunks: 2)
            var seen = 0
            _ = try source?.read(limit: 3) { _, _ in seen += 1 }
            #expect(seen == 3)
            source = nil
        }
    }

    @Test func aFileNeverOpenedIsTheFileSourcesError() {
        #expect(throws: CaptureError.self) { try PrefetchingFrameSource.file("/nonexistent/netvet/capture.pcap") }
    }
}
