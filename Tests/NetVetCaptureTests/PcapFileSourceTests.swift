import Foundation
import NetVetCapture
import NetVetTestSupport
import NetVetWire
import Testing

/// PcapFileSource over files written by `PcapWriter`: delivery, batching, pcapng, and every open error.
@Suite struct PcapFileSourceTests {
    /// Three sample frames at known times, as (seconds, microseconds, frame).
    static let samples: [(UInt32, UInt32, [UInt8])] = [
        (1_700_000_000, 1, PcapWriter.sampleFrame(marker: 1)),
        (1_700_000_000, 999_999, PcapWriter.sampleFrame(marker: 2)),
        (1_700_000_005, 250_000, PcapWriter.sampleFrame(marker: 3)),
    ]

    /// A pcap file with the three samples.
    static func samplePcap(linkType: UInt32 = 1) -> PcapWriter {
        var writer = PcapWriter(linkType: linkType)
        for (seconds, microseconds, frame) in samples {
            writer.append(seconds: seconds, microseconds: microseconds, frame: frame)
        }
        return writer
    }

    /// Checks that `frames` are exactly the three samples, timestamps to the microsecond.
    static func expectSamples(_ frames: [TestSupport.CopiedFrame], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(frames.count == samples.count, sourceLocation: sourceLocation)
        for (frame, sample) in zip(frames, samples) {
            let time = PacketTime(seconds: Int64(sample.0), microseconds: Int64(sample.1))
            #expect(
                frame.header == FrameHeader(time: time, capturedLength: 60, wireLength: 60),
                sourceLocation: sourceLocation)
            #expect(frame.bytes == sample.2, sourceLocation: sourceLocation)
        }
    }

    /// Opens `path`, expecting a `CaptureError`; records an issue and returns nil if it opened.
    static func openError(_ path: String) -> CaptureError? {
        do {
            _ = try PcapFileSource(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func deliversFramesInBatchesThenEnds() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("three.pcap").path
        let writer = Self.samplePcap()
        try writer.write(to: path)

        let source = try PcapFileSource(path: path)
        #expect(source.linkType == .ethernet)
        #expect(source.name == path)
        #expect(source.progress.total == Int64(writer.bytes.count))

        var frames: [TestSupport.CopiedFrame] = []
        let collect: (FrameHeader, UnsafeRawBufferPointer) -> Void = { header, bytes in
            frames.append(TestSupport.CopiedFrame(header: header, bytes: Array(bytes)))
        }
        #expect(try source.read(limit: 2, collect) == .delivered(2))
        #expect(try source.read(limit: 2, collect) == .delivered(1))
        #expect(try source.read(limit: 2, collect) == .endOfInput)
        #expect(try source.read(limit: 2, collect) == .endOfInput)
        Self.expectSamples(frames)
        #expect(source.truncation == nil)
        #expect(source.droppedFrames == 0)
        #expect(source.progress.consumed == Int64(writer.bytes.count))
    }

    @Test func stopEndsReading() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("three.pcap").path
        try Self.samplePcap().write(to: path)

        let source = try PcapFileSource(path: path)
        #expect(try source.read(limit: 1) { _, _ in } == .delivered(1))
        source.stop()
        #expect(try source.read(limit: 10) { _, _ in } == .endOfInput)
        #expect(source.truncation == nil)
    }

    @Test func readsPcapngMadeByEditcap() throws {
        guard let editcap = Subprocess.executable("editcap") else {
            Issue.record("editcap not found: install the tshark package (apt-get install tshark); CI installs it")
            return
        }
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let pcapPath = directory.appendingPathComponent("three.pcap").path
        let pcapngPath = directory.appendingPathComponent("three.pcapng").path
        try Self.samplePcap().write(to: pcapPath)
        let result = try Subprocess.run(editcap, ["-F", "pcapng", pcapPath, pcapngPath])
        try #require(result.status == 0, "editcap failed: \(result.output)")
        // The pcapng magic (section header block type 0x0a0d0d0a) proves editcap really converted it.
        let head = try [UInt8](Data(contentsOf: URL(fileURLWithPath: pcapngPath)).prefix(4))
        #expect(head == [0x0a, 0x0d, 0x0d, 0x0a])

        let source = try PcapFileSource(path: pcapngPath)
        #expect(source.linkType == .ethernet)
        Self.expectSamples(try TestSupport.readAll(source, batch: 2))
        #expect(source.truncation == nil)
    }

    @Test func missingFileCannotOpen() throws {
        let path = "/nonexistent-netvet-dir/missing.pcap"
        let error = Self.openError(path)
        #expect(error == .cannotOpen(path: path, reason: "No such file or directory"))
        #expect(error?.description.contains(path) == true)
    }

    @Test func directoryCannotOpen() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        #expect(Self.openError(directory.path) == .cannotOpen(path: directory.path, reason: "Is a directory"))
    }

    @Test func textFileIsNotACapture() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("notes.pcap").path
        try Data("This is a text file, not a capture.\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = Self.openError(path)
        guard case .notACapture(let reportedPath, let reason) = error else {
            Issue.record("expected notACapture, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(!reason.isEmpty)
    }

    @Test func emptyFileIsNotACapture() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("empty.pcap").path
        try Data().write(to: URL(fileURLWithPath: path))
        let error = Self.openError(path)
        guard case .notACapture(let reportedPath, _) = error else {
            Issue.record("expected notACapture, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
    }

    @Test func user0LinkTypeIsUnsupported() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("user0.pcap").path
        try Self.samplePcap(linkType: 147).write(to: path)
        let error = Self.openError(path)
        #expect(error == .unsupportedLinkType(source: path, linkType: LinkType(rawValue: 147), libpcapName: "USER0"))
        #expect(error?.description.contains("USER0") == true)
    }

    @Test func linktypeRawMapsToRaw() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("raw.pcap").path
        var writer = PcapWriter(linkType: 101)
        // An IPv4/UDP packet: the sample frame without its 14-byte Ethernet header.
        writer.append(seconds: 1, microseconds: 2, frame: Array(PcapWriter.sampleFrame(marker: 9).dropFirst(14)))
        try writer.write(to: path)
        let source = try PcapFileSource(path: path)
        #expect(source.linkType == .raw)
        #expect(try TestSupport.readAll(source).count == 1)
    }

    @Test func recordCutOffMidwaySetsTruncation() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("cut.pcap").path
        var writer = Self.samplePcap()
        // A fourth record that promises 1514 bytes but the file ends after 100 of them.
        writer.appendRecordHeader(seconds: 1_700_000_006, microseconds: 0, capturedLength: 1514, wireLength: 1514)
        writer.appendRaw([UInt8](repeating: 0x5a, count: 100))
        try writer.write(to: path)

        let source = try PcapFileSource(path: path)
        Self.expectSamples(try TestSupport.readAll(source, batch: 10))
        let truncation = try #require(source.truncation)
        #expect(truncation.hasPrefix("capture cut off after 3 packets: "))
        #expect(truncation.contains("tried to read 1514 captured bytes, only got 100"))
        #expect(try source.read(limit: 1) { _, _ in } == .endOfInput)
    }

    @Test func bogusRecordLengthSetsTruncation() throws {
        let directory = try TestSupport.makeScratchDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = directory.appendingPathComponent("bogus.pcap").path
        var writer = Self.samplePcap()
        // A record header claiming 2 GiB of data: no sane capture holds such a frame.
        writer.appendRecordHeader(seconds: 1_700_000_006, microseconds: 0, capturedLength: 0x7fff_ffff, wireLength: 60)
        writer.appendRaw(PcapWriter.sampleFrame(marker: 4))
        try writer.write(to: path)

        let source = try PcapFileSource(path: path)
        Self.expectSamples(try TestSupport.readAll(source))
        let truncation = try #require(source.truncation)
        #expect(truncation.hasPrefix("capture cut off after 3 packets: "))
        #expect(truncation.contains("2147483647"))
    }
}
