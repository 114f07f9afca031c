// swift-tools-version:6.1
// netvet: a passive network device-inventory auditor.
// The module graph follows the pipeline (docs/ARCHITECTURE.md):
// capture → decode → inventory → observe (protocols, fingerprint) → export → audit → CLI; NetVetRules
// reads Rules/ for the stages that load data from it.
import PackageDescription

let strict: [SwiftSetting] = [
    .unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug))
]

let package = Package(
    name: "netvet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "netvet", targets: ["netvet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // C through one door each (STYLE.md §5).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "CMallocCounter", path: "Sources/CMallocCounter"),

        // The pipeline.
        .target(name: "NetVetWire"),
        .target(name: "NetVetCapture", dependencies: ["CPcap", "NetVetWire"]),
        .target(name: "NetVetDecode", dependencies: ["NetVetWire"]),
        .target(name: "NetVetCrypto", dependencies: ["COpenSSL"]),
        .target(name: "NetVetProtocols", dependencies: ["NetVetWire", "NetVetCrypto"]),
        // The strict reader of every file under Rules/ (YAML with path:line errors, the directory lookup).
        .target(name: "NetVetRules", dependencies: ["NetVetWire", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "NetVetFingerprint", dependencies: ["NetVetWire", "NetVetProtocols", "NetVetCrypto", "NetVetRules"]),
        .target(name: "NetVetInventory", dependencies: ["NetVetWire", "NetVetDecode"]),
        .target(
            name: "NetVetObserve",
            dependencies: [
                "NetVetWire", "NetVetDecode", "NetVetInventory", "NetVetProtocols", "NetVetCrypto", "NetVetFingerprint",
            ]),
        .target(name: "NetVetExport", dependencies: ["NetVetWire", "NetVetInventory", "NetVetFingerprint"]),
        .target(
            name: "NetVetAudit",
            dependencies: [
                "NetVetWire", "NetVetCapture", "NetVetDecode", "NetVetInventory", "NetVetObserve", "NetVetFingerprint",
                "NetVetExport", "NetVetRules",
            ]),
        .executableTarget(
            name: "netvet",
            dependencies: [
                "NetVetAudit", "NetVetCapture", "NetVetExport", "NetVetFingerprint", "NetVetWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Benchmark and fuzz programs (not tests: see README "Benchmarks" and "Fuzzing").
        .executableTarget(
            name: "netvet-bench", dependencies: ["NetVetAudit", "NetVetCapture", "CPcap", "CMallocCounter"]),
        .executableTarget(name: "FuzzDecode", dependencies: ["NetVetFuzzing"], path: "Sources/FuzzDecode"),
        .executableTarget(
            name: "FuzzProtocols",
            dependencies: ["NetVetFuzzing", "NetVetProtocols", "NetVetFingerprint", "NetVetCrypto", "NetVetWire"],
            path: "Sources/FuzzProtocols"),

        // Test infrastructure, never shipped: libraries under Tests/ that only the fuzz programs and the test
        // targets use. NetVetFuzzing holds the fuzz harnesses (what one fuzz input runs through), shared by
        // the fuzz programs and the tests that replay their inputs; it builds with the fuzzer sanitizer, so
        // it must not import Testing. NetVetTestSupport holds what several test targets need once: package
        // paths, the corpus and the conditions that skip tests without it, the subprocess and tshark
        // runners, the frame builder and the pcap writer.
        .target(
            name: "NetVetFuzzing",
            dependencies: ["NetVetWire", "NetVetDecode", "NetVetInventory", "NetVetProtocols", "NetVetCrypto"],
            path: "Tests/NetVetFuzzing"),
        .target(
            name: "NetVetTestSupport", dependencies: ["NetVetWire", "NetVetDecode"], path: "Tests/NetVetTestSupport"),

        .testTarget(name: "NetVetWireTests", dependencies: ["NetVetWire"]),
        .testTarget(name: "NetVetDecodeTests", dependencies: ["NetVetDecode", "NetVetWire", "NetVetTestSupport"]),
        .testTarget(name: "NetVetCaptureTests", dependencies: ["NetVetCapture", "NetVetWire", "NetVetTestSupport"]),
        .testTarget(name: "NetVetRulesTests", dependencies: ["NetVetRules", "NetVetWire", "NetVetTestSupport"]),
        .testTarget(
            name: "NetVetFingerprintTests",
            dependencies: [
                "NetVetFingerprint", "NetVetRules", "NetVetProtocols", "NetVetCrypto", "NetVetWire", "NetVetFuzzing",
                "NetVetTestSupport",
            ]),
        .testTarget(
            name: "NetVetProtocolsTests",
            dependencies: ["NetVetProtocols", "NetVetCrypto", "NetVetWire", "NetVetFuzzing", "NetVetTestSupport"]),
        .testTarget(
            name: "NetVetInventoryTests",
            dependencies: ["NetVetInventory", "NetVetDecode", "NetVetWire", "NetVetFuzzing", "NetVetTestSupport"]),
        .testTarget(
            name: "NetVetObserveTests",
            dependencies: ["NetVetObserve", "NetVetInventory", "NetVetDecode", "NetVetWire", "NetVetTestSupport"]),
        .testTarget(
            name: "NetVetAuditTests",
            dependencies: [
                "NetVetAudit", "NetVetCapture", "NetVetDecode", "NetVetExport", "NetVetFingerprint", "NetVetWire",
                "NetVetTestSupport",
            ]),
    ]
)

// Warnings are errors in debug builds (what tests and CI build); release builds stay lenient so that a
// newer compiler's new warnings cannot break an installation.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strict
}
