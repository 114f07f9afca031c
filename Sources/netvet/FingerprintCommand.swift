import ArgumentParser
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetFingerprint
import NetVetWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `netvet fingerprint`: the new-signature loop. Audits files like `netvet audit` and prints, for each
/// device that stayed unknown or below a confidence, its evidence as a signature skeleton to edit.
struct FingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "List devices whose identity is unknown or weak, each with a signature skeleton to edit.",
        discussion: """
            Audits the files as 'netvet audit' does, then prints one YAML block per device whose identity \
            is unknown or below --min-confidence: its MAC, OUI, current guess and raw evidence as comments, \
            and a signature skeleton matching its most specific evidence. The '?' placeholders are rejected \
            by the loader until edited (docs/FINGERPRINTS.md "Adding a signature"). Exit status: 0, or 2 \
            when an input or the rules cannot be read.
            """)

    @Argument(help: ArgumentHelp("Capture files (pcap or pcapng), read in order.", valueName: "file"))
    var files: [String]

    @OptionGroup var rulesOption: RulesDirectoryOption

    @Option(
        name: .customLong("min-confidence"),
        help: "Devices whose identity confidence is below this (0 to 1) are listed, as are unknown ones.")
    var minConfidence: Double = 0.5

    func validate() throws {
        if files.isEmpty { throw ValidationError("give capture files to fingerprint") }
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 1") }
    }

    func run() throws {
        let rules: RulesLoading.Loaded
        do {
            rules = try RulesLoading.load(explicit: rulesOption.rulesDirectory)
        } catch {
            throw fail("\(error)")
        }
        let auditor = Auditor(options: AuditOptions(vendors: rules.vendors, signatures: rules.signatures))
        do {
            for path in files { _ = try PcapFileSource(path: path) }
            for path in files { try auditor.run(try PrefetchingFrameSource.file(path)) }
        } catch {
            throw fail("\(error)")
        }
        let report = auditor.finish()
        for warning in report.warnings { printError("warning: \(warning)") }
        let weak = report.devices.filter { entry in
            guard let identity = entry.identity else { return true }
            return identity.isUnknown || identity.confidence < minConfidence
        }
        var text = SignatureSkeleton.header(
            devices: weak.count, of: report.devices.count, minConfidence: minConfidence)
        for entry in weak {
            text += SignatureSkeleton.render(
                mac: entry.mac.description, oui: entry.vendor, identity: entry.identity ?? DeviceIdentity(),
                evidence: entry.identityEvidence)
        }
        writeAll(STDOUT_FILENO, text)
    }
}
