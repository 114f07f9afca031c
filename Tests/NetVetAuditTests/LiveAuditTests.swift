import Foundation
import NetVetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `netvet audit --interface` end to end: a veth pair in a network namespace this test creates, real
/// pings inside it, and the real executable capturing on the host end. Needs root; without it the test
/// is skipped with the reason. Traffic never leaves the pair (198.18.0.0/15, the benchmarking range).
@Suite("live audit on a veth pair", .serialized)
struct LiveAuditTests {
    @Test("netvet audit --interface inventories both ends and counts the ICMP flow", .requiresRoot)
    func liveAudit() throws {
        let ip = try #require(Subprocess.executable("ip"), "iproute2 is not installed (scripts/install-deps.sh)")
        let ping = try #require(Subprocess.executable("ping"), "ping is not installed (iputils-ping)")
        let pid = getpid()
        let namespace = "nvt-cli-\(pid)"
        let host = "nvl\(pid % 10000)a"
        let peer = "nvl\(pid % 10000)b"
        let added = try Subprocess.run(ip, ["netns", "add", namespace])
        guard added.status == 0 else {
            // Root without CAP_SYS_ADMIN (an unprivileged container) cannot: a skip, not a failure.
            try Test.cancel("cannot create network namespace: \(added.stderr)")
        }
        defer {
            // Deleting one end of a veth pair deletes both; the namespace goes last.
            _ = try? Subprocess.run(ip, ["link", "del", host])
            _ = try? Subprocess.run(ip, ["netns", "del", namespace])
        }
        for arguments in [
            ["link", "add", host, "type", "veth", "peer", "name", peer, "netns", namespace],
            ["addr", "add", "198.18.1.1/30", "dev", host],
            ["link", "set", host, "up"],
            ["-n", namespace, "addr", "add", "198.18.1.2/30", "dev", peer],
            ["-n", namespace, "link", "set", peer, "up"],
        ] {
            let result = try Subprocess.run(ip, arguments)
            try #require(result.status == 0, "ip \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        let hostMAC = try Self.mac(of: host, ip: ip, namespace: nil)
        let peerMAC = try Self.mac(of: peer, ip: ip, namespace: namespace)

        // 4 echo requests and 4 replies: exactly the 8 packets --count waits for.
        let live = try LiveAudit(arguments: [
            "audit", "--interface", host, "--filter", "icmp", "--count", "8", "--format", "json", "--no-progress",
            "--local-net", "198.18.0.0/15",
        ])
        defer { live.end() }
        guard try live.waitUntilListening(on: host) else { return }
        let pinged = try Subprocess.run(
            ip, ["netns", "exec", namespace, ping, "-c", "4", "-i", "0.2", "-W", "2", "198.18.1.1"])
        #expect(pinged.status == 0, "ping: \(pinged.stderr)")

        let (status, report, stderrText) = live.finish()
        #expect(status == 0, "netvet: \(stderrText)")
        #expect(stderrText.contains("captured 8 packets on \(host)"), "\(stderrText)")

        let json = try CommandLineTests.json(String(decoding: report, as: UTF8.self))
        let capture = try #require(json["capture"] as? [String: Any])
        #expect(capture["packets"] as? Int == 8)
        #expect(capture["files"] as? [String] == [host])
        #expect(capture["link_types"] as? [String] == ["ethernet"])
        #expect(capture["dropped_frames"] as? Int == 0)
        let devices = try #require(json["devices"] as? [[String: Any]])
        let byMAC = Dictionary(
            uniqueKeysWithValues: devices.compactMap { device in
                (device["mac"] as? String).map { ($0, device) }
            })
        #expect(Set(byMAC.keys) == [hostMAC, peerMAC])
        #expect(byMAC[peerMAC]?["ipv4"] as? [String] == ["198.18.1.2"])
        #expect(byMAC[peerMAC]?["packets_sent"] as? Int == 4)
        #expect(byMAC[hostMAC]?["ipv4"] as? [String] == ["198.18.1.1"])
        #expect(byMAC[hostMAC]?["packets_sent"] as? Int == 4)
        let flows = try #require(json["flows"] as? [[String: Any]])
        try #require(flows.count == 1)
        let flow = flows[0]
        #expect(flow["protocol"] as? String == "icmp")
        #expect((flow["client"] as? [String: Any])?["ip"] as? String == "198.18.1.2")
        #expect((flow["client"] as? [String: Any])?["mac"] as? String == peerMAC)
        #expect((flow["server"] as? [String: Any])?["ip"] as? String == "198.18.1.1")
        #expect(flow["packets_to_server"] as? Int == 4)
        #expect(flow["packets_to_client"] as? Int == 4)
        #expect(flow["external"] as? Bool == false)
    }

    @Test(
        "without capture privileges: exit 2, one line saying so", .requiresRoot,
        .requiresExecutable("setpriv", from: "util-linux"))
    func permissionDenied() throws {
        let setpriv = try #require(Subprocess.executable("setpriv"))
        let result = try Subprocess.run(
            setpriv,
            [
                "--reuid=nobody", "--regid=nogroup", "--clear-groups", try CommandLineTests.netvet(), "audit",
                "--interface", "lo", "--count", "1",
            ], in: PackagePaths.root)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("netvet: lo: permission denied ("), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("run as root or grant CAP_NET_RAW\n"))
    }

    @Test("SIGINT ends a live audit with a report", .requiresRoot)
    func interruptReports() throws {
        // A filter nothing on lo matches: the audit only ends when interrupted.
        let live = try LiveAudit(arguments: [
            "audit", "--interface", "lo", "--filter", "udp port 9 and host 192.0.2.99", "--format", "json",
            "--no-progress",
        ])
        defer { live.end() }
        guard try live.waitUntilListening(on: "lo") else { return }
        live.interrupt()
        let (status, report, _) = live.finish()
        #expect(status == 0)
        let capture = try #require(
            try CommandLineTests.json(String(decoding: report, as: UTF8.self))["capture"] as? [String: Any])
        #expect(capture["packets"] as? Int == 0)
        #expect(capture["files"] as? [String] == ["lo"])
    }

    /// The MAC address of `interface` (in `namespace`, if given), from `ip -o link show`.
    static func mac(of interface: String, ip: String, namespace: String?) throws -> String {
        let arguments = (namespace.map { ["-n", $0] } ?? []) + ["-o", "link", "show", interface]
        let result = try Subprocess.run(ip, arguments)
        let text = String(decoding: result.stdout, as: UTF8.self)
        let words = text.split(separator: " ")
        let index = try #require(words.firstIndex(of: "link/ether"), "no MAC in: \(text)")
        return String(words[words.index(after: index)])
    }
}

/// A `netvet audit --interface` child process: started, awaited on its "listening" line (no sleeps),
/// and ended only by its own process id.
final class LiveAudit {
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let watchdog: DispatchWorkItem
    private var stderrText = ""

    /// Starts netvet with `arguments` from the package root; a watchdog ends it after 60 s so a hung
    /// capture cannot hang the suite.
    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: try CommandLineTests.netvet())
        process.arguments = arguments
        process.currentDirectoryURL = PackagePaths.root
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let id = process.processIdentifier
        watchdog = DispatchWorkItem { kill(id, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
    }

    /// Reads standard error until netvet says it listens on `interface`; records an issue and returns
    /// false if it ended first.
    func waitUntilListening(on interface: String) throws -> Bool {
        while !stderrText.contains("listening on \(interface)") {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                Issue.record("netvet ended before listening: \(stderrText)")
                return false
            }
            stderrText += String(decoding: chunk, as: UTF8.self)
        }
        return true
    }

    /// Sends SIGINT, as Ctrl-C at a terminal would.
    func interrupt() { kill(process.processIdentifier, SIGINT) }

    /// Waits for netvet to exit: its status, the report on standard output, and all of standard error.
    func finish() -> (status: Int32, report: Data, stderr: String) {
        let report = output.fileHandleForReading.readDataToEndOfFile()
        stderrText += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, report, stderrText)
    }

    /// Kills the child if it is still running and cancels the watchdog.
    func end() {
        watchdog.cancel()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
