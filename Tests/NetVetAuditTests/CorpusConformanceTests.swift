import Foundation
import NetVetTestSupport
import Testing

/// Corpus conformance (STYLE.md §7.3): the real `netvet` executable against the reference tools, over
/// every `kind=capture` row of `../shared/corpus/MANIFEST.tsv` (the corpus is never copied into the repo).
///
/// For each capture, `netvet audit --format json FILE` must exit 0 with a schema-1 report, and:
/// - `capture.packets` equals the packet count of `capinfos -M -c -T -r FILE`;
/// - the set of device MACs equals the set of unicast source MACs tshark sees on the *outer* link layer
///   (netvet reads no tunnels): Ethernet `eth.src`; Linux cooked v1/v2 `sll.src.eth` when `sll.halen == 6`;
///   802.11 (with or without radiotap) data frames only (`wlan.fc.type == 2`), both `wlan.sa` and
///   `wlan.ta` (an access point relaying a frame transmitted it); other link types (null, raw IP) have
///   no MACs. Group addresses (I/G bit set) and 00:00:00:00:00:00 are never devices;
/// - the set of (MAC, IPv4) pairs bound by ARP equals the devices' `arp_ipv4`: `arp.src.hw_mac` /
///   `arp.src.proto_ipv4` of ARP requests and replies carried directly by the outer link layer (after
///   VLAN tags or LLC/SNAP, not inside a tunnel), Ethernet/IPv4 format only (hardware type 1, protocol
///   0x0800, lengths 6 and 4), without probes (sender 0.0.0.0) and group sender MACs.
///
/// One tshark pass per capture (`-E occurrence=f`: the first, i.e. outermost, value of each field)
/// gives every field; the outer link layer of a frame is read from `frame.protocols`. By hand, per link
/// type, the same sets come from (checked to agree on every development capture):
///
///     tshark -r F -n -T fields -e eth.src | cut -d, -f1                          # Ethernet
///     tshark -r F -n -Y 'sll.halen == 6' -T fields -e sll.src.eth                # Linux SLL, SLL2
///     tshark -r F -n -Y 'wlan.fc.type == 2' -T fields -e wlan.sa -e wlan.ta      # 802.11, radiotap
///     tshark -r F -n -Y 'arp && arp.hw.type == 1 && arp.proto.type == 0x0800 && arp.hw.size == 6
///         && arp.proto.size == 4 && (arp.opcode == 1 || arp.opcode == 2) && arp.src.proto_ipv4 != 0.0.0.0'
///         -T fields -e frame.protocols -e arp.src.hw_mac -e arp.src.proto_ipv4
///
/// keeping unicast MACs, and ARP rows whose `frame.protocols` is the link layer, then only
/// `ethertype`/`vlan`/`ieee8021ad`/`llc`, then `arp` (so not `eth:…:capwap.data:wlan:llc:arp`).
///
/// Without the corpus Swift Testing reports the test as skipped (`.requiresCorpus`); CI always has it.
@Suite("Corpus conformance")
struct CorpusConformanceTests {
    /// Captures where netvet and tshark are allowed to disagree on the device or ARP sets, each with the
    /// reason (capture path relative to the corpus → why the difference is right). The differences are
    /// still printed; an entry whose capture no longer differs fails the test, so the list cannot rot.
    /// Exit status, JSON shape and packet count are checked for these captures too.
    static let knownDifferences: [String: String] = [:]

    /// The development corpus beside the repository.
    static let corpus = Corpus.directory

    @Test("netvet audit agrees with capinfos and tshark on every corpus capture", .requiresCorpus)
    func corpusConformance() throws {
        let netvet: String
        switch NetVetExecutable.locate() {
        case .found(let path): netvet = path
        case .missing(let searched):
            Issue.record(
                """
                netvet executable not found next to the test bundle (looked in: \(searched.joined(separator: ", "))). \
                Build it first: `swift build --build-tests` (scripts/test.sh does), or set NETVET_EXECUTABLE.
                """)
            return
        }
        for tool in ["tshark", "capinfos"] where Subprocess.executable(tool) == nil {
            Issue.record("\(tool) not found in PATH: install tshark (scripts/install-deps.sh)")
            return
        }

        let captures = try Corpus.captures()
        #expect(!captures.isEmpty, "MANIFEST.tsv lists no kind=capture rows")
        let listed = Set(captures.map(\.path))
        for path in Self.knownDifferences.keys.sorted() where !listed.contains(path) {
            Issue.record("knownDifferences names \(path), which is not a capture in MANIFEST.tsv")
        }
        print("corpus conformance: netvet at \(netvet); \(captures.count) captures in \(Self.corpus.path)")

        var checked = 0
        var skipped = 0
        for capture in captures {
            let outcome = check(capture, netvet: netvet)
            checked += 1
            if outcome == .knownDifference { skipped += 1 }
        }
        print("corpus conformance: \(checked) captures checked, \(skipped) skipped")
    }

    /// How one capture went.
    enum Outcome: Equatable {
        case passed, failed, knownDifference
    }

    /// Runs every check on one capture, recording an issue that names the capture for each failure.
    func check(_ capture: Corpus.Capture, netvet: String) -> Outcome {
        let file = Self.corpus.appendingPathComponent(capture.path).path
        let name = capture.path
        var failures: [String] = []
        func fail(_ message: String) {
            failures.append(message)
            Issue.record("\(name): \(message)")
        }
        func finish(_ summary: String) -> Outcome {
            print("corpus: \(name) encap=\(capture.encapsulation) \(summary)")
            return failures.isEmpty ? .passed : .failed
        }

        guard FileManager.default.fileExists(atPath: file) else {
            fail("listed in MANIFEST.tsv but missing from the corpus")
            return finish("FAIL (missing)")
        }

        // netvet, run from the package root like a developer would (it finds Rules/ either way).
        let report: NetVetReport
        do {
            let result = try Subprocess.run(netvet, ["audit", "--format", "json", file], in: PackagePaths.root)
            guard result.status == 0 else {
                fail("netvet audit exited \(result.status): \(result.stderr.suffix(2000))")
                return finish("FAIL (netvet exit \(result.status))")
            }
            report = try NetVetReport(json: result.stdout)
        } catch {
            fail("netvet audit: \(error)")
            return finish("FAIL (netvet output)")
        }

        // The reference tools.
        let packets: Int
        let reference: TsharkReference
        do {
            packets = try Capinfos.packetCount(file)
            reference = try TsharkReference(file)
        } catch {
            fail("reference tools: \(error)")
            return finish("FAIL (reference tools)")
        }

        if report.packets != packets {
            fail("capture.packets is \(report.packets), capinfos counts \(packets)")
        }
        // The extraction itself must have seen every frame, or its sets mean nothing.
        if reference.frames != packets {
            fail("tshark printed \(reference.frames) frames, capinfos counts \(packets) (harness problem)")
        }

        var differences: [String] = []
        let missingMACs = reference.sourceMACs.subtracting(report.deviceMACs).sorted()
        let extraMACs = report.deviceMACs.subtracting(reference.sourceMACs).sorted()
        if !missingMACs.isEmpty { differences.append("MACs tshark sees but netvet lacks: \(Self.list(missingMACs))") }
        if !extraMACs.isEmpty { differences.append("device MACs tshark does not see: \(Self.list(extraMACs))") }
        let missingPairs = reference.arpPairs.subtracting(report.arpPairs).map(\.description).sorted()
        let extraPairs = report.arpPairs.subtracting(reference.arpPairs).map(\.description).sorted()
        if !missingPairs.isEmpty { differences.append("ARP pairs netvet lacks: \(Self.list(missingPairs))") }
        if !extraPairs.isEmpty { differences.append("arp_ipv4 pairs tshark does not see: \(Self.list(extraPairs))") }

        let counts =
            "packets=\(packets) macs=\(reference.sourceMACs.count)/\(report.deviceMACs.count)"
            + " arp_pairs=\(reference.arpPairs.count)/\(report.arpPairs.count) (tshark/netvet)"
        if let reason = Self.knownDifferences[name] {
            if differences.isEmpty {
                fail("listed in knownDifferences (\(reason)) but netvet and tshark now agree: remove the entry")
            } else {
                print("corpus: \(name): KNOWN DIFFERENCE (\(reason)): \(differences.joined(separator: "; "))")
            }
            guard failures.isEmpty else { return finish("\(counts) FAIL") }
            _ = finish("\(counts) known difference, not failed")
            return .knownDifference
        }
        for difference in differences { fail(difference) }
        return finish("\(counts) \(failures.isEmpty ? "ok" : "FAIL")")
    }

    /// At most 20 items, comma-separated, with a count of the rest.
    static func list(_ items: [String]) -> String {
        let shown = items.prefix(20).joined(separator: ", ")
        return items.count > 20 ? "\(shown) … (\(items.count) in all)" : shown
    }
}

// MARK: - The netvet executable

/// Finds the `netvet` executable SwiftPM built beside the test bundle.
enum NetVetExecutable {
    enum Location {
        case found(String)
        case missing(searched: [String])
    }

    /// `$NETVET_EXECUTABLE` if set; otherwise `netvet` in the folder of the running test binary
    /// (`.build/<config>/netvetPackageTests.xctest` on Linux, where `swift build` also puts `netvet`) or,
    /// for a macOS `.xctest` bundle, in the folder holding the bundle.
    static func locate() -> Location {
        if let explicit = ProcessInfo.processInfo.environment["NETVET_EXECUTABLE"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit)
                ? .found(explicit) : .missing(searched: ["$NETVET_EXECUTABLE=\(explicit)"])
        }
        var starts: [URL] = []
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        starts.append(Bundle.main.bundleURL)
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(URL(fileURLWithPath: first).standardizedFileURL)
        }
        var folders: [URL] = []
        for start in starts {
            var folder = start.hasDirectoryPath ? start : start.deletingLastPathComponent()
            folders.append(folder)
            // Inside a bundle (…/netvetPackageTests.xctest/Contents/MacOS): the folder holding the bundle.
            for _ in 0..<4 where folder.pathComponents.count > 1 {
                if folder.pathExtension == "xctest" {
                    folders.append(folder.deletingLastPathComponent())
                    break
                }
                folder = folder.deletingLastPathComponent()
            }
            // Bundle.main.bundleURL may itself be the .xctest bundle.
            if start.pathExtension == "xctest" { folders.append(start.deletingLastPathComponent()) }
        }
        var searched: [String] = []
        for folder in folders {
            let candidate = folder.appendingPathComponent("netvet").path
            if searched.contains(candidate) { continue }
            searched.append(candidate)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return .found(candidate)
            }
        }
        return .missing(searched: searched)
    }
}

// MARK: - What netvet reported

/// An IPv4 address bound to a MAC.
struct MACAddressPair: Hashable, Sendable, CustomStringConvertible {
    var mac: String
    var ipv4: String
    var description: String { "\(mac)=\(ipv4)" }
}

/// The parts of a `netvet audit --format json` report (schema 1) this test compares.
struct NetVetReport {
    enum Failure: Error, CustomStringConvertible {
        case shape(String)
        var description: String {
            switch self {
            case .shape(let message): return "JSON report: \(message)"
            }
        }
    }

    var packets: Int
    /// Device MACs, lowercase `aa:bb:cc:dd:ee:ff`.
    var deviceMACs: Set<String>
    /// (device MAC, each of its `arp_ipv4`).
    var arpPairs: Set<MACAddressPair>

    init(json: Data) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw Failure.shape("not JSON (\(json.count) bytes): \(error)")
        }
        guard let top = object as? [String: Any] else { throw Failure.shape("top level is not an object") }
        guard top["netvet"] is String else { throw Failure.shape("\"netvet\" (version) is not a string") }
        guard let schema = top["schema"] as? Int, schema == 1 else {
            throw Failure.shape("\"schema\" is \(String(describing: top["schema"])), expected 1")
        }
        guard let capture = top["capture"] as? [String: Any] else { throw Failure.shape("no \"capture\" object") }
        for key in ["files", "link_types"] where !(capture[key] is [Any]) {
            throw Failure.shape("capture.\(key) is not an array")
        }
        guard let packets = capture["packets"] as? Int else { throw Failure.shape("capture.packets is not an integer") }
        guard capture["bytes"] is Int else { throw Failure.shape("capture.bytes is not an integer") }
        guard capture["truncated"] is Bool else { throw Failure.shape("capture.truncated is not a boolean") }
        guard capture["anomalies"] is [String: Any] else { throw Failure.shape("capture.anomalies is not an object") }
        for key in ["first_seen", "last_seen"] where capture[key] == nil {
            throw Failure.shape("capture.\(key) is absent")
        }
        guard let devices = top["devices"] as? [[String: Any]] else {
            throw Failure.shape("\"devices\" is not an array of objects")
        }
        guard top["flows"] is [Any] else { throw Failure.shape("\"flows\" is not an array") }

        self.packets = packets
        var macs = Set<String>()
        var pairs = Set<MACAddressPair>()
        for (index, device) in devices.enumerated() {
            guard let mac = device["mac"] as? String else {
                throw Failure.shape("devices[\(index)].mac is not a string")
            }
            guard let arp = device["arp_ipv4"] as? [String] else {
                throw Failure.shape("devices[\(index)] (\(mac)).arp_ipv4 is not an array of strings")
            }
            for key in ["ipv4", "ipv6", "ndp_ipv6"] where !(device[key] is [String]) {
                throw Failure.shape("devices[\(index)] (\(mac)).\(key) is not an array of strings")
            }
            for key in ["packets_sent", "bytes_sent", "packets_received", "bytes_received"] where !(device[key] is Int)
            {
                throw Failure.shape("devices[\(index)] (\(mac)).\(key) is not an integer")
            }
            if let vendor = device["vendor"], !(vendor is NSNull), !(vendor is [String: Any]) {
                throw Failure.shape("devices[\(index)] (\(mac)).vendor is neither an object nor null")
            }
            let normalized = mac.lowercased()
            guard macs.insert(normalized).inserted else { throw Failure.shape("device \(mac) is listed twice") }
            for address in arp { pairs.insert(MACAddressPair(mac: normalized, ipv4: address)) }
        }
        deviceMACs = macs
        arpPairs = pairs
    }
}

// MARK: - The reference tools

/// `capinfos -M -c -T -r FILE`: one table row, `name<TAB>count`.
enum Capinfos {
    static func packetCount(_ file: String) throws -> Int {
        let result = try Subprocess.run("capinfos", ["-M", "-c", "-T", "-r", file])
        let text = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, let field = text.split(separator: "\t").last, let count = Int(field) else {
            throw ReferenceToolFailure(
                "capinfos exited \(result.status), printed \(text.debugDescription): \(result.stderr)")
        }
        return count
    }
}

/// A reference tool that failed or printed something unexpected.
struct ReferenceToolFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The device MACs and ARP bindings tshark sees in one capture (see `CorpusConformanceTests`).
struct TsharkReference {
    /// The fields printed per frame, in this order.
    static let fields = [
        "frame.number", "frame.protocols",
        "eth.src",
        "sll.halen", "sll.src.eth",
        "wlan.fc.type", "wlan.sa", "wlan.ta",
        "arp.hw.type", "arp.proto.type", "arp.hw.size", "arp.proto.size", "arp.opcode",
        "arp.src.hw_mac", "arp.src.proto_ipv4",
    ]

    /// Pseudo-headers tshark lists before the outer link layer (radiotap and friends before 802.11).
    static let linkPrefixes: Set<Substring> = [
        "frame", "pkt_comment", "radiotap", "wlan_radio", "ppi", "prism", "wlancap", "avs", "aironet",
    ]

    /// Protocols that may sit between the outer link layer and ARP without making it a tunnel.
    static let linkIntermediates: Set<Substring> = ["ethertype", "vlan", "ieee8021ad", "llc"]

    var frames = 0
    var sourceMACs = Set<String>()
    var arpPairs = Set<MACAddressPair>()

    init(_ file: String) throws {
        var arguments = ["-r", file, "-n", "-T", "fields", "-E", "occurrence=f", "-E", "separator=/t", "-E", "quote=n"]
        for field in Self.fields { arguments += ["-e", field] }
        let result = try TShark.run(arguments)
        guard result.status == 0 else {
            throw ReferenceToolFailure("tshark exited \(result.status): \(result.stderr.suffix(2000))")
        }
        let text = String(decoding: result.stdout, as: UTF8.self)
        for line in text.split(separator: "\n") {
            let row = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard row.count == Self.fields.count else {
                throw ReferenceToolFailure("tshark row has \(row.count) fields, expected \(Self.fields.count): \(line)")
            }
            frames += 1
            add(row)
        }
    }

    private mutating func add(_ row: [Substring]) {
        let protocols = row[1].split(separator: ":")
        var index = 0
        while index < protocols.count, Self.linkPrefixes.contains(protocols[index]) { index += 1 }
        guard index < protocols.count else { return }
        let link = protocols[index]

        switch link {
        case "eth":
            insertMAC(row[2])
        case "sll":
            // Only a 6-byte link-layer address is a MAC (loopback and tunnels carry other lengths).
            if row[3] == "6" { insertMAC(row[4]) }
        case "wlan":
            // Only data frames name stations that speak IP; management and control frames are not devices.
            if row[5] == "2" {
                insertMAC(row[6])
                insertMAC(row[7])
            }
        default:
            // Null/loopback, raw IP and anything else: no link-layer addresses.
            return
        }

        // ARP directly on the outer link layer (after VLAN tags or LLC/SNAP), not inside a tunnel.
        var next = index + 1
        while next < protocols.count, Self.linkIntermediates.contains(protocols[next]) { next += 1 }
        guard next < protocols.count, protocols[next] == "arp" else { return }
        guard row[8] == "1", Self.integer(row[9]) == 0x0800, row[10] == "6", row[11] == "4",
            row[12] == "1" || row[12] == "2"
        else { return }
        let mac = row[13].lowercased()
        let ipv4 = String(row[14])
        // A probe (RFC 5227) has sender 0.0.0.0 and binds nothing.
        guard Self.isUnicastDevice(mac), !ipv4.isEmpty, ipv4 != "0.0.0.0" else { return }
        arpPairs.insert(MACAddressPair(mac: mac, ipv4: ipv4))
    }

    private mutating func insertMAC(_ field: Substring) {
        let mac = field.lowercased()
        if Self.isUnicastDevice(mac) { sourceMACs.insert(mac) }
    }

    /// True for `aa:bb:cc:dd:ee:ff` with the I/G bit clear, other than all zeros.
    static func isUnicastDevice(_ mac: String) -> Bool {
        let octets = mac.split(separator: ":")
        guard octets.count == 6, let first = UInt8(octets[0], radix: 16) else { return false }
        return first & 1 == 0 && mac != "00:00:00:00:00:00"
    }

    /// A decimal or `0x` hexadecimal field.
    static func integer(_ field: Substring) -> Int? {
        field.hasPrefix("0x") ? Int(field.dropFirst(2), radix: 16) : Int(field)
    }
}
