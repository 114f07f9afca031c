import Foundation
import NetVetTestSupport
import Testing

/// The `netvet audit` command as a user meets it: the real executable, real files, exit codes and
/// one-line errors.
@Suite("netvet audit command line")
struct CommandLineTests {
    static let root = PackagePaths.root
    static let office = "Samples/office-lan/capture.pcap"
    static let camera = "Samples/camera-network/capture.pcap"
    static let damaged = "Samples/damaged-capture/capture.pcap"

    /// The built `netvet`, or a recorded failure naming where it was looked for.
    static func netvet() throws -> String {
        switch NetVetExecutable.locate() {
        case .found(let path): return path
        case .missing(let searched):
            throw Subprocess.Failure.notFound("netvet (looked in \(searched.joined(separator: ", ")))")
        }
    }

    /// Runs `netvet ARGS` from the package root.
    static func netvet(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try Subprocess.run(try netvet(), args, in: root, timeout: 120)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.stderr)
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    static func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A classic pcap global header (microsecond, little-endian) for `linkType`, plus one 14-byte frame.
    static func pcapBytes(linkType: UInt32) -> [UInt8] {
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        return le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(linkType)
            + le32(1_700_000_000) + le32(0) + le32(14) + le32(14) + [UInt8](repeating: 0x02, count: 14)
    }

    @Test("a missing file: exit 2, one line naming it, no report")
    func missingFile() throws {
        let result = try Self.netvet(["audit", "no/such/file.pcap"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "netvet: no/such/file.pcap: cannot open: No such file or directory\n")
    }

    @Test("a file that is not a capture: exit 2 naming it")
    func notACapture() throws {
        let path = try Self.temporaryFile("notes.txt", Array("just some text, not a capture\n".utf8))
        let result = try Self.netvet(["audit", path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("netvet: \(path): not a pcap or pcapng capture"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("an unsupported link type: exit 2 naming it")
    func unsupportedLinkType() throws {
        let path = try Self.temporaryFile("user0.pcap", Self.pcapBytes(linkType: 147))
        let result = try Self.netvet(["audit", path])
        #expect(result.status == 2)
        #expect(result.stderr == "netvet: \(path): unsupported link type USER0 (DLT 147)\n")
    }

    @Test("every input is checked before the audit starts")
    func badFileAmongGoodOnes() throws {
        let result = try Self.netvet(["audit", "--format", "json", Self.office, "missing.pcap"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("missing.pcap: cannot open"))
    }

    @Test("a capture cut off mid-record is audited up to the cut, with a warning and the flag")
    func truncatedCapture() throws {
        let result = try Self.netvet(["audit", "--format", "json", Self.damaged])
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "netvet: warning: \(Self.damaged): capture cut off after 30 packets: truncated dump file; "
                + "tried to read 74 captured bytes, only got 30\n")
        let capture = try #require(try Self.json(result.stdout)["capture"] as? [String: Any])
        #expect(capture["truncated"] as? Bool == true)
        #expect(capture["packets"] as? Int == 30)
    }

    @Test("several files are one audit, in order")
    func severalFiles() throws {
        let result = try Self.netvet(["audit", "--format", "json", Self.office, Self.camera])
        #expect(result.status == 0)
        let capture = try #require(try Self.json(result.stdout)["capture"] as? [String: Any])
        #expect(capture["files"] as? [String] == [Self.office, Self.camera])
        #expect(capture["packets"] as? Int == 146 + 113)
        let devices = try #require(try Self.json(result.stdout)["devices"] as? [[String: Any]])
        #expect(devices.count == 9 + 7)
    }

    @Test("--output writes the same bytes standard output gets, and runs are byte-identical")
    func outputFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-out-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try Self.netvet(["audit", "--format", "json", "-o", path, Self.office])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        let printed = try Self.netvet(["audit", "--format", "json", Self.office])
        let again = try Self.netvet(["audit", "--format", "json", Self.office])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == printed.stdout)
        #expect(printed.stdout == again.stdout)
    }

    @Test("standard input ('-') is read like a file")
    func standardInput() throws {
        let result = try Subprocess.run(
            "/bin/sh", ["-c", "exec \"$0\" audit --format json - < \(Self.camera)", try Self.netvet()], in: Self.root)
        #expect(result.status == 0, "\(result.stderr)")
        let capture = try #require(
            try Self.json(String(decoding: result.stdout, as: UTF8.self))["capture"] as? [String: Any])
        #expect(capture["files"] as? [String] == ["-"])
        #expect(capture["packets"] as? Int == 113)
    }

    @Test("the table names devices, vendors and the gateway")
    func table() throws {
        let result = try Self.netvet(["audit", Self.office])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "netvet 0.1.0 audit of \(Self.office)")
        #expect(lines.contains { $0.contains("devices 9 (1 gateway, 1 locally administered), flows 25 (5 external)") })
        let router = try #require(lines.first { $0.hasPrefix("f4:bd:9e:4c:20:01") })
        #expect(router.contains("Cisco Systems, Inc"))
        #expect(router.hasSuffix("gateway"))
    }

    @Test("--local-net replaces the defaults; 'defaults' brings them back")
    func localNetworks() throws {
        let onlyTen = try Self.json(
            try Self.netvet(["audit", "--format", "json", "--local-net", "10.0.0.0/8", Self.office]).stdout)
        let flows = try #require(onlyTen["flows"] as? [[String: Any]])
        // Without fc00::/7 and fe80::/10 as local, every IPv6 flow is external, except duplicate-address
        // probes from `::` to a multicast group: neither end can leave the link.
        let ipv6 = flows.filter {
            let client = ($0["client"] as? [String: Any])?["ip"] as? String
            return client?.contains(":") == true && client != "::"
        }
        #expect(!ipv6.isEmpty)
        #expect(ipv6.allSatisfy { $0["external"] as? Bool == true })
        let widened = try Self.json(
            try Self.netvet([
                "audit", "--format", "json", "--local-net", "defaults", "--local-net", "203.0.113.0/24", Self.office,
            ]).stdout)
        let external = try #require(widened["flows"] as? [[String: Any]]).filter { $0["external"] as? Bool == true }
        #expect(external.count == 3, "5 external flows minus the two to 203.0.113.0/24")
        let capture = try #require(widened["capture"] as? [String: Any])
        #expect((capture["local_networks"] as? [String])?.last == "203.0.113.0/24")
    }

    @Test("--no-application keeps inventory and flows but reads no application layer")
    func noApplication() throws {
        let full = try Self.json(try Self.netvet(["audit", "--format", "json", Self.office]).stdout)
        let bare = try Self.json(
            try Self.netvet(["audit", "--format", "json", "--no-application", Self.office]).stdout)
        let fullDevices = try #require(full["devices"] as? [[String: Any]])
        let bareDevices = try #require(bare["devices"] as? [[String: Any]])
        #expect(fullDevices.map { $0["mac"] as? String } == bareDevices.map { $0["mac"] as? String })
        #expect(fullDevices.contains { ($0["evidence"] as? [Any])?.isEmpty == false })
        #expect(bareDevices.allSatisfy { ($0["evidence"] as? [Any])?.isEmpty == true })
        let bareFlows = try #require(bare["flows"] as? [[String: Any]])
        #expect(bareFlows.count == (full["flows"] as? [Any])?.count)
        #expect(bareFlows.allSatisfy { $0["sni"] == nil && $0["server_name"] == nil })
    }

    @Test("bad option values: exit 2 with one line")
    func badOptions() throws {
        let cidr = try Self.netvet(["audit", "--local-net", "10.0.0.0/33", Self.office])
        #expect(cidr.status == 2)
        #expect(cidr.stderr == "netvet: --local-net 10.0.0.0/33: not a CIDR block (like 10.0.0.0/8 or fd00::/8)\n")
        let rules = try Self.netvet(["audit", "--rules-dir", "/no/such/rules", Self.office])
        #expect(rules.status == 2)
        #expect(rules.stderr == "netvet: /no/such/rules: rules directory not found\n")
        let nothing = try Self.netvet(["audit"])
        #expect(nothing.status != 0)
        #expect(nothing.stderr.contains("give capture files to audit, or --interface"))
    }

    @Test("an output file that cannot be written: exit 2 naming it, nothing left behind")
    func unwritableOutput() throws {
        let result = try Self.netvet(["audit", "-o", "/no/such/dir/report.json", Self.office])
        #expect(result.status == 2)
        #expect(
            result.stderr == "netvet: /no/such/dir/report.json: cannot write the report: No such file or directory\n")
    }

    @Test("on a terminal a progress line is drawn on standard error and erased; --no-progress draws none")
    func progressOnTerminal() throws {
        // script(1) (util-linux) gives netvet a pseudo-terminal, as a person at a shell would.
        let script = try #require(Subprocess.executable("script"), "script(1) from util-linux/bsdutils is required")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-tty-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = "\(try Self.netvet()) audit --format json -o \(output) \(Self.office)"
        let drawn = String(
            decoding: try Subprocess.run(script, ["-qfec", command, "/dev/null"], in: Self.root).stdout, as: UTF8.self)
        #expect(drawn.hasPrefix("\r\u{1B}[Knetvet: \(Self.office) 100% 146 packets"), "\(drawn.debugDescription)")
        #expect(drawn.hasSuffix("\r\u{1B}[K"), "the line must be erased before netvet exits")
        let quiet = try Subprocess.run(script, ["-qfec", command + " --no-progress", "/dev/null"], in: Self.root)
        #expect(quiet.stdout.isEmpty)
        // Without a terminal (this process's pipes) nothing is drawn either.
        #expect(try Self.netvet(["audit", "--format", "json", "-o", output, Self.office]).stderr.isEmpty)
    }

    @Test("a missing interface: exit 2 naming it")
    func missingInterface() throws {
        let result = try Self.netvet(["audit", "--interface", "nvt-no-such0", "--count", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("netvet: nvt-no-such0: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
