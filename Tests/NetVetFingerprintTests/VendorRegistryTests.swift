import Foundation
import NetVetFingerprint
import NetVetRules
import NetVetTestSupport
import NetVetWire
import Testing

/// The repository root.
private let repositoryRoot = PackagePaths.root

/// The committed generated table.
private let tablePath = repositoryRoot.appendingPathComponent("Rules/oui/ieee-registry.tsv").path

/// The generator that produced it.
private let generatorPath = repositoryRoot.appendingPathComponent("scripts/gen-oui-table.py").path

/// Debian's ieee-data, the generator's default input.
private let ieeeDataDirectory = "/usr/share/ieee-data"

/// The real table, loaded once for all tests (a few tens of milliseconds in a debug build).
private let realRegistry = Result { () throws(RulesError) -> VendorRegistry in
    try VendorRegistry(contentsOf: tablePath)
}

/// Parses a MAC address literal; a typo in a test is a failure, not a trap.
private func mac(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> MACAddress {
    try #require(MACAddress(text), "bad MAC literal \(text)", sourceLocation: sourceLocation)
}

/// Writes `text` to a fresh temporary file and returns its path.
private func temporaryFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-oui-\(UUID().uuidString).tsv")
    try Data(text.utf8).write(to: url)
    return url.path
}

/// The smallest valid table: the comment header and column line, then `rows`.
private func table(_ rows: [String]) -> String {
    (["# test table", VendorRegistry.columnHeader] + rows).map { $0 + "\n" }.joined()
}

@Suite("VendorRegistry against the committed IEEE table")
struct VendorRegistryRealTableTests {
    @Test("MA-L: 00:00:0C is Cisco, US")
    func cisco() throws {
        let registry = try realRegistry.get()
        #expect(
            registry.lookup(try mac("00:00:0c:12:34:56"))
                == VendorInfo(name: "Cisco Systems, Inc", country: "US", registry: "MA-L"))
    }

    @Test("MA-L: Hikvision prefixes are Hikvision, CN", arguments: ["c0:56:e3:01:02:03", "44:19:b6:aa:bb:cc"])
    func hikvision(address: String) throws {
        let registry = try realRegistry.get()
        #expect(
            registry.lookup(try mac(address))
                == VendorInfo(name: "Hangzhou Hikvision Digital Technology Co.,Ltd.", country: "CN", registry: "MA-L"))
    }

    @Test("MA-S under 70:B3:D5 beats the MA-L owner of 70:B3:D5 (longest prefix wins)")
    func maSmallBeatsLarge() throws {
        let registry = try realRegistry.get()
        // 70-B3-D5 F2F000-F2FFFF in oui36.txt.
        #expect(
            registry.lookup(try mac("70:b3:d5:f2:f1:23"))
                == VendorInfo(name: "TELEPLATFORMS", country: "RU", registry: "MA-S"))
        // 70B3D5000 is not assigned as MA-S, so the 24-bit owner answers.
        #expect(
            registry.lookup(try mac("70:b3:d5:00:01:23"))
                == VendorInfo(name: "IEEE Registration Authority", country: "US", registry: "MA-L"))
    }

    @Test("MA-M under 20:85:93 beats the MA-L owner of 20:85:93")
    func maMediumBeatsLarge() throws {
        let registry = try realRegistry.get()
        // 20-85-93 D00000-DFFFFF in mam.txt.
        #expect(
            registry.lookup(try mac("20:85:93:d1:23:45"))
                == VendorInfo(
                    name: "Shanghai Kenmyond Industrial Network Equipment Co.,Ltd", country: "CN", registry: "MA-M"))
        #expect(registry.lookup(try mac("20:85:93:d1:23:45"))?.name != "IEEE Registration Authority")
    }

    @Test("IAB: 00:50:C2:7D:5 is DEUTA-WERKE, DE")
    func individualAddressBlock() throws {
        let registry = try realRegistry.get()
        #expect(
            registry.lookup(try mac("00:50:c2:7d:51:23"))
                == VendorInfo(name: "DEUTA-WERKE GmbH", country: "DE", registry: "IAB"))
    }

    @Test("Private assignments have no country")
    func privateHasNoCountry() throws {
        let registry = try realRegistry.get()
        // 74-1A-E0 900000-9FFFFF in mam.txt is listed as Private, without an address.
        #expect(
            registry.lookup(try mac("74:1a:e0:91:23:45")) == VendorInfo(name: "Private", country: nil, registry: "MA-M")
        )
    }

    @Test(
        "Locally administered addresses are not IEEE-assigned",
        arguments: [
            "02:00:0c:12:34:56",  // Cisco's OUI with the U/L bit set.
            "02:60:8c:12:34:56",  // A legacy MA-L row (3Com) whose prefix has the U/L bit: still local today.
            "da:a1:19:00:00:01",  // A randomised phone MAC.
        ])
    func locallyAdministered(address: String) throws {
        let registry = try realRegistry.get()
        let address = try mac(address)
        #expect(address.isLocallyAdministered)
        #expect(registry.lookup(address) == nil)
    }

    @Test("An unassigned prefix gives nil")
    func unassigned() throws {
        let registry = try realRegistry.get()
        #expect(registry.lookup(try mac("fc:ff:ff:12:34:56")) == nil)
    }

    @Test("The row count matches the header's Rows line")
    func rowCount() throws {
        let registry = try realRegistry.get()
        let text = try String(contentsOfFile: tablePath, encoding: .utf8)
        let rowsLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("# Rows: ") })
        let total = try #require(rowsLine.split(separator: " ").last.flatMap { Int($0) })
        #expect(registry.count == total)
        #expect(total > 40_000)
    }

    @Test("The header names the generator, the sources with their sha256, the package and the licence")
    func header() throws {
        let text = try String(contentsOfFile: tablePath, encoding: .utf8)
        let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.joined(separator: "\n")
        #expect(header.contains("GENERATED by scripts/gen-oui-table.py"))
        #expect(header.contains("Do not edit by hand"))
        for source in ["oui.txt", "mam.txt", "oui36.txt", "iab.txt"] {
            #expect(header.contains("# Source: \(source) sha256:"), "header does not name \(source)")
        }
        #expect(header.contains("# Debian package: ieee-data "))
        #expect(header.contains("# Snapshot date: "))
        #expect(header.contains("# Licence: IEEE public listing"))
        // The column line comes right after the comments.
        #expect(
            text.split(separator: "\n").first { !$0.hasPrefix("#") }.map(String.init) == VendorRegistry.columnHeader)
    }

    @Test(
        "Re-running the generator reproduces the committed table byte for byte",
        .enabled(
            if: FileManager.default.fileExists(atPath: ieeeDataDirectory + "/oui.txt"),
            "skipped: /usr/share/ieee-data is absent (apt-get install ieee-data)"))
    func generatorIsDeterministic() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "netvet-oui-regenerated-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generatorPath, "--source-dir", ieeeDataDirectory, "--output", output.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/gen-oui-table.py failed")
        let regenerated = try Data(contentsOf: output)
        let committed = try Data(contentsOf: URL(fileURLWithPath: tablePath))
        #expect(
            regenerated == committed,
            """
            Rules/oui/ieee-registry.tsv differs from a fresh run of scripts/gen-oui-table.py: it was edited by hand, \
            or /usr/share/ieee-data changed (compare the header's sha256 lines). Re-run the generator and commit.
            """)
    }
}

@Suite("VendorRegistry strict loader")
struct VendorRegistryLoaderTests {
    /// A malformed table, the line its error must cite and a fragment of the message.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rows: [String]
        /// The 1-based line in the file (the comment and the column header are lines 1 and 2).
        var line: Int
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "bad hex", rows: ["00000C\t24\tMA-L\tUS\tCisco", "00G00D\t24\tMA-L\tUS\tX"], line: 4,
            message: "not upper-case hexadecimal"),
        Case(
            name: "lower-case hex", rows: ["00000c\t24\tMA-L\tUS\tCisco"], line: 3,
            message: "not upper-case hexadecimal"),
        Case(
            name: "wrong bits", rows: ["00000C\t24\tMA-L\tUS\tCisco", "00000C0\t32\tMA-M\tUS\tX"], line: 4,
            message: "bits must be 24, 28 or 36"),
        Case(
            name: "prefix length does not match bits", rows: ["00000C0\t24\tMA-L\tUS\tCisco"], line: 3,
            message: "expected 6 for 24 bits"),
        Case(name: "unknown registry", rows: ["00000C\t24\tOUI\tUS\tCisco"], line: 3, message: "unknown registry"),
        Case(
            name: "registry does not match bits", rows: ["00000C\t24\tMA-S\tUS\tCisco"], line: 3,
            message: "does not assign 24-bit prefixes"),
        Case(name: "bad country", rows: ["00000C\t24\tMA-L\tUSA\tCisco"], line: 3, message: "country must be"),
        Case(name: "too few fields", rows: ["00000C\t24\tMA-L\tCisco"], line: 3, message: "found 4"),
        Case(name: "empty organization", rows: ["00000C\t24\tMA-L\tUS\t"], line: 3, message: "empty organization"),
        Case(
            name: "CR in organization", rows: ["00000C\t24\tMA-L\tUS\tCisco\r"], line: 3, message: "control character"),
        Case(name: "empty line", rows: ["00000C\t24\tMA-L\tUS\tCisco", ""], line: 4, message: "empty line"),
        Case(
            name: "duplicate prefix",
            rows: [
                "00000C\t24\tMA-L\tUS\tCisco", "70B3D5F2F\t36\tMA-S\tRU\tTELEPLATFORMS", "00000C\t24\tMA-L\tUS\tOther",
            ],
            line: 5, message: "duplicate prefix 00000C/24 (first defined at line 3)"),
    ]

    @Test("A malformed row is an error at path:line", arguments: cases)
    func malformed(_ testCase: Case) throws {
        let path = try temporaryFile(table(testCase.rows))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: RulesError.self) { try VendorRegistry(contentsOf: path) }
        let description = error?.description ?? ""
        #expect(description.hasPrefix("\(path):\(testCase.line): "), "\(description)")
        #expect(description.contains(testCase.message), "\(description)")
        #expect(error?.line == testCase.line)
    }

    @Test("A missing column header is an error at the first data line")
    func missingColumnHeader() throws {
        let path = try temporaryFile("# comment\n00000C\t24\tMA-L\tUS\tCisco\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: RulesError.self) { try VendorRegistry(contentsOf: path) }
        #expect(error?.description.hasPrefix("\(path):2: expected the column header line") == true)
    }

    @Test("An unreadable file is an error naming the path")
    func missingFile() {
        let path = "/nonexistent/netvet/ieee-registry.tsv"
        let error = #expect(throws: RulesError.self) { try VendorRegistry(contentsOf: path) }
        #expect(error?.line == 0)
        #expect(error?.description.hasPrefix("\(path): cannot read") == true)
    }

    @Test("A small valid table loads and answers by longest prefix")
    func smallTable() throws {
        let path = try temporaryFile(
            table([
                "70B3D5\t24\tMA-L\tUS\tIEEE Registration Authority",
                "70B3D5F2F\t36\tMA-S\tRU\tTELEPLATFORMS",
                "741AE09\t28\tMA-M\t\tPrivate",
            ]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let registry = try VendorRegistry(contentsOf: path)
        #expect(registry.count == 3)
        #expect(registry.lookup(try mac("70:b3:d5:f2:ff:ff"))?.name == "TELEPLATFORMS")
        #expect(registry.lookup(try mac("70:b3:d5:f3:00:00"))?.name == "IEEE Registration Authority")
        #expect(
            registry.lookup(try mac("74:1a:e0:9f:ff:ff")) == VendorInfo(name: "Private", country: nil, registry: "MA-M")
        )
        #expect(registry.lookup(try mac("74:1a:e0:a0:00:00")) == nil)
    }
}

@Suite("VendorRegistry in memory")
struct VendorRegistryEntriesTests {
    @Test("init(entries:) does longest-prefix lookups")
    func entries() throws {
        let registry = try VendorRegistry(entries: [
            .init(prefix: 0x00000C, bits: 24, info: VendorInfo(name: "Cisco", country: "US", registry: "MA-L")),
            .init(prefix: 0x00000C1, bits: 28, info: VendorInfo(name: "Medium", country: "", registry: "MA-M")),
            .init(prefix: 0x00000C123, bits: 36, info: VendorInfo(name: "Small", country: "DE", registry: "MA-S")),
        ])
        #expect(registry.count == 3)
        #expect(registry.lookup(try mac("00:00:0c:12:34:56"))?.name == "Small")
        #expect(registry.lookup(try mac("00:00:0c:1f:ff:ff"))?.name == "Medium")
        #expect(registry.lookup(try mac("00:00:0c:1f:ff:ff"))?.country == nil)
        #expect(registry.lookup(try mac("00:00:0c:ff:ff:ff"))?.name == "Cisco")
    }

    @Test("init(entries:) rejects a prefix wider than its bits and a duplicate, citing the entry's position")
    func invalidEntries() {
        let wide = #expect(throws: RulesError.self) {
            try VendorRegistry(entries: [
                .init(prefix: 0x1_000000, bits: 24, info: VendorInfo(name: "X", country: nil, registry: "MA-L"))
            ])
        }
        #expect(wide?.description.hasPrefix("<entries>:1: prefix 1000000 does not fit in 24 bits") == true)
        let duplicate = #expect(throws: RulesError.self) {
            try VendorRegistry(entries: [
                .init(prefix: 0xABCDEF, bits: 24, info: VendorInfo(name: "X", country: nil, registry: "MA-L")),
                .init(prefix: 0xABCDEF, bits: 24, info: VendorInfo(name: "Y", country: nil, registry: "MA-L")),
            ])
        }
        #expect(duplicate?.description == "<entries>:2: duplicate prefix ABCDEF/24 (first defined at line 1)")
    }
}
