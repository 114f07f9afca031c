import Foundation
import NetVetCapture
import NetVetTestSupport
import NetVetWire
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// LiveFrameSource against real interfaces. Needs root (or CAP_NET_RAW and CAP_NET_ADMIN); without it
/// Swift Testing reports the tests as skipped, with the reason. The veth test builds its own network
/// namespace so its traffic never leaves the pair.
@Suite(.requiresRoot) struct LiveFrameSourceTests {

    @Test func nonexistentInterfaceIsReported() throws {
        let name = "nvt-nosuch\(getpid() % 1000)"
        do {
            _ = try LiveFrameSource(options: LiveCaptureOptions(interface: name))
            Issue.record("opened nonexistent interface \(name)")
        } catch {
            guard case .noSuchInterface(let reported, _) = error else {
                Issue.record("expected noSuchInterface, got \(error)")
                return
            }
            #expect(reported == name)
        }
    }

    @Test func badFilterIsReported() throws {
        let expression = "not a filter ("
        do {
            _ = try LiveFrameSource(options: LiveCaptureOptions(interface: "lo", filter: expression))
            Issue.record("a broken filter was accepted")
        } catch {
            guard case .badFilter(let reported, let reason) = error else {
                Issue.record("expected badFilter, got \(error)")
                return
            }
            #expect(reported == expression)
            #expect(!reason.isEmpty)
        }
    }

    @Test func idleReadTimesOutAndStopEndsAWaitingRead() throws {
        // A filter nothing on lo matches, so every read waits for the full timeout.
        let options = LiveCaptureOptions(
            interface: "lo", readTimeoutMilliseconds: 100, filter: "udp port 7 and host 203.0.113.77")
        let source = try LiveFrameSource(options: options)
        #expect(source.linkType == .ethernet)
        #expect(try source.read(limit: 10) { _, _ in } == .idle)

        // A long timeout: only stop() can end this read promptly.
        let waiting = try LiveFrameSource(
            options: LiveCaptureOptions(
                interface: "lo", readTimeoutMilliseconds: 30_000, filter: "udp port 7 and host 203.0.113.77"))
        let stopper = Thread { [waiting] in
            Thread.sleep(forTimeInterval: 0.2)
            waiting.stop()
        }
        let start = ContinuousClock.now
        stopper.start()
        #expect(try waiting.read(limit: 10) { _, _ in } == .endOfInput)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(5), "stop() took \(elapsed) to end a waiting read")
        #expect(try waiting.read(limit: 10) { _, _ in } == .endOfInput)
    }

    @Test(.requiresExecutable("ip", from: "iproute2"))
    func capturesPingsOnAVethPairInANamespace() throws {
        let ip = try #require(Subprocess.executable("ip"))
        let pid = getpid()
        let namespace = "nvt-cap-\(pid)"
        let hostInterface = "nvtc\(pid % 10000)a"
        let peerInterface = "nvtc\(pid % 10000)b"

        let created = try Subprocess.run(ip, ["netns", "add", namespace])
        guard created.status == 0 else {
            // Root without CAP_SYS_ADMIN (an unprivileged container) cannot: a skip, not a failure.
            try Test.cancel("cannot create network namespace \(namespace): \(created.output)")
        }
        defer {
            // Deleting either end of a veth pair deletes both; the namespace goes last.
            _ = try? Subprocess.run(ip, ["link", "del", hostInterface])
            _ = try? Subprocess.run(ip, ["netns", "del", namespace])
        }
        let setup: [[String]] = [
            ["link", "add", hostInterface, "type", "veth", "peer", "name", peerInterface, "netns", namespace],
            ["addr", "add", "198.18.0.1/30", "dev", hostInterface],
            ["link", "set", hostInterface, "up"],
            ["-n", namespace, "addr", "add", "198.18.0.2/30", "dev", peerInterface],
            ["-n", namespace, "link", "set", peerInterface, "up"],
        ]
        for arguments in setup {
            let result = try Subprocess.run(ip, arguments)
            try #require(result.status == 0, "ip \(arguments.joined(separator: " ")): \(result.output)")
        }
        guard let ping = Subprocess.executable("ping") else {
            Issue.record("ping not found: install iputils-ping (apt-get install iputils-ping); CI installs it")
            return
        }

        let source = try LiveFrameSource(options: LiveCaptureOptions(interface: hostInterface, filter: "icmp"))
        #expect(source.linkType == .ethernet)

        // Only now, with the capture active, start the traffic: no sleeps needed.
        let pinger = Process()
        pinger.executableURL = URL(fileURLWithPath: ip)
        pinger.arguments = ["netns", "exec", namespace, ping, "-c", "3", "-i", "0.2", "-W", "1", "198.18.0.1"]
        pinger.standardInput = FileHandle.nullDevice
        pinger.standardOutput = FileHandle.nullDevice
        pinger.standardError = FileHandle.nullDevice
        try pinger.run()
        defer {
            if pinger.isRunning { pinger.terminate() }
            pinger.waitUntilExit()
        }

        var echoRequests = 0
        var otherFrames = 0
        var idleReads = 0
        let deadline = ContinuousClock.now + .seconds(10)
        while echoRequests < 3 {
            guard ContinuousClock.now < deadline else {
                Issue.record("saw \(echoRequests) ICMP echo requests in 10 s (\(idleReads) idle reads)")
                return
            }
            let outcome = try source.read(limit: 64) { header, bytes in
                if Self.isICMPEchoRequest(bytes) { echoRequests += 1 } else { otherFrames += 1 }
                #expect(header.capturedLength == bytes.count)
            }
            if outcome == .idle { idleReads += 1 }
            #expect(outcome != .endOfInput)
        }
        #expect(echoRequests >= 3)
        let stats = source.stats()
        #expect(stats.received >= 3)
        #expect(stats.dropped == 0)
        #expect(source.droppedFrames == 0)

        source.stop()
        #expect(try source.read(limit: 1) { _, _ in } == .endOfInput)
    }

    /// True if `frame` is Ethernet / IPv4 / ICMP echo request (type 8); false for anything shorter or else.
    static func isICMPEchoRequest(_ frame: UnsafeRawBufferPointer) -> Bool {
        // Ethernet header (14) plus the minimum IPv4 header (20) must be present to look further.
        guard frame.count >= 34, frame[12] == 0x08, frame[13] == 0x00, frame[14] >> 4 == 4, frame[23] == 1 else {
            return false
        }
        let icmpOffset = 14 + Int(frame[14] & 0x0f) * 4
        // The ICMP type byte must lie inside the captured bytes.
        guard icmpOffset < frame.count else { return false }
        return frame[icmpOffset] == 8
    }
}
