import ArgumentParser
import Dispatch
import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetFingerprint
import NetVetWire

/// `netvet audit`: read capture files (or a live interface) and report devices and flows.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit pcap/pcapng files (or a live interface) and report devices and flows.",
        discussion: """
            Files are read in order as one audit; '-' reads a capture from standard input. A file cut off \
            mid-record is audited up to the cut and reported as truncated. Exit status: 0 on success, 2 when \
            an input cannot be read (the message names the file and the reason).

            The JSON report (--format json) is documented field by field in docs/REPORT.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Argument(
        help: ArgumentHelp(
            "Capture files (pcap or pcapng), read in order; '-' for standard input.",
            valueName: "file"))
    var files: [String] = []

    @Option(name: .shortAndLong, help: "Report format: table (for people) or json (schema 1, for machines).")
    var format: Format = .table

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write the report to this file instead of standard output.",
            valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("local-net"),
        help: ArgumentHelp(
            "A local network (CIDR); repeat for several. Replaces the defaults (RFC 1918, 100.64.0.0/10, "
                + "169.254.0.0/16, 127.0.0.0/8, fc00::/7, fe80::/10, ::1/128); the word 'defaults' adds them back.",
            valueName: "cidr"))
    var localNets: [String] = []

    @OptionGroup var rulesOption: RulesDirectoryOption

    @Option(name: .customLong("max-flows"), help: "Flows tracked at once; the least recently seen are evicted.")
    var maxFlows: Int = Limits.default.maxActiveFlows

    @Option(name: .customLong("flow-timeout"), help: "Seconds (packet time) after which an idle flow ends.")
    var flowTimeout: Int = Int(Limits.default.flowIdleTimeoutSeconds)

    @Option(name: .customLong("max-report-flows"), help: "Finished flows kept for the report; more are counted.")
    var maxReportFlows: Int = Limits.default.maxReportedFlows

    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line on standard error.")
    var noProgress = false

    @Flag(
        name: .customLong("no-application"),
        help: "Skip the application-layer parsers (evidence, flow names, TLS fingerprints): inventory and flows only.")
    var noApplication = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Capture live from this interface instead of reading files "
                + "(needs root or CAP_NET_RAW).", valueName: "name"))
    var interface: String?

    @Option(name: .customLong("count"), help: "Live: stop after this many packets.")
    var count: Int?

    @Option(name: .customLong("duration"), help: "Live: stop after this many seconds (also stops on SIGINT/SIGTERM).")
    var duration: Int?

    @Option(name: .customLong("filter"), help: ArgumentHelp("Live: a BPF capture filter.", valueName: "expression"))
    var filter: String?

    @Option(name: .customLong("snaplen"), help: "Live: bytes kept per packet.")
    var snaplen: Int = 65535

    @Option(name: .customLong("buffer-size"), help: "Live: kernel capture buffer in MiB.")
    var bufferSizeMiB: Int = 16

    @Option(name: .customLong("read-timeout"), help: "Live: milliseconds libpcap waits to fill a batch.")
    var readTimeoutMilliseconds: Int = 200

    @Flag(name: .customLong("immediate"), help: "Live: deliver each packet at once (measured to drop in bursts).")
    var immediate = false

    @Flag(name: .customLong("no-promiscuous"), help: "Live: do not put the interface in promiscuous mode.")
    var noPromiscuous = false

    func validate() throws {
        if interface == nil && files.isEmpty { throw ValidationError("give capture files to audit, or --interface") }
        if interface != nil && !files.isEmpty { throw ValidationError("give either files or --interface, not both") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input ('-') can be read once") }
        if maxFlows < 1 { throw ValidationError("--max-flows must be at least 1") }
        if flowTimeout < 1 { throw ValidationError("--flow-timeout must be at least 1 second") }
        if maxReportFlows < 0 { throw ValidationError("--max-report-flows must not be negative") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if let duration, duration < 1 { throw ValidationError("--duration must be at least 1 second") }
        if interface == nil && (count != nil || duration != nil || filter != nil) {
            throw ValidationError("--count, --duration and --filter apply to live capture (--interface)")
        }
    }

    func run() throws {
        var networks: [IPNetwork] = []
        for text in localNets {
            if text == "defaults" {
                networks += IPNetwork.defaultLocal
            } else if let network = IPNetwork(text) {
                networks.append(network)
            } else {
                throw fail("--local-net \(text): not a CIDR block (like 10.0.0.0/8 or fd00::/8)")
            }
        }
        var limits = Limits()
        limits.maxActiveFlows = maxFlows
        limits.flowIdleTimeoutSeconds = Int64(flowTimeout)
        limits.maxReportedFlows = maxReportFlows
        let rules: RulesLoading.Loaded
        do {
            rules = try RulesLoading.load(explicit: rulesOption.rulesDirectory)
        } catch {
            throw fail("\(error)")
        }
        let options = AuditOptions(
            limits: limits, localNetworks: LocalNetworks(networks.isEmpty ? IPNetwork.defaultLocal : networks),
            vendors: rules.vendors, signatures: rules.signatures, maxPackets: count, applicationLayer: !noApplication)
        let auditor = Auditor(options: options)
        let progress = ProgressLine(enabled: !noProgress)
        do {
            if let interface {
                try runLive(interface, auditor)
            } else {
                try runFiles(auditor, progress)
            }
        } catch {
            progress.clear()
            throw fail("\(error)")
        }
        progress.clear()
        let report = auditor.finish()
        for warning in report.warnings { printError("warning: \(warning)") }
        let sink: ReportSink
        do {
            sink = try ReportSink(path: output)
        } catch {
            throw fail("\(error)")
        }
        if format == .json {
            JSONReport.write(report) { sink.write($0) }
        } else {
            sink.write(TableReport.render(report))
        }
        do {
            try sink.finish()
        } catch {
            throw fail("\(error)")
        }
    }

    /// Opens every file first, so a bad one is reported before a long audit starts, then reads them in order.
    private func runFiles(_ auditor: Auditor, _ progress: ProgressLine) throws(CaptureError) {
        for path in files where path != "-" { _ = try PcapFileSource(path: path) }
        for path in files {
            // Read ahead on a second thread, so libpcap's reading overlaps the audit.
            let source = try PrefetchingFrameSource.file(path)
            try auditor.run(source) { progress.update($0) }
        }
    }

    /// Captures until --count, --duration, SIGINT or SIGTERM.
    private func runLive(_ interface: String, _ auditor: Auditor) throws(CaptureError) {
        let source = try LiveFrameSource(
            options: LiveCaptureOptions(
                interface: interface, snaplen: snaplen, promiscuous: !noPromiscuous,
                bufferSize: bufferSizeMiB * 1024 * 1024, readTimeoutMilliseconds: readTimeoutMilliseconds,
                immediateMode: immediate, filter: filter))
        if let warning = source.activationWarning { printError("warning: \(interface): \(warning)") }
        let stopper = SourceStopper(source)
        var signalSources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let signalSource = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            signalSource.setEventHandler { stopper.stop() }
            signalSource.resume()
            signalSources.append(signalSource)
        }
        if let duration {
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(duration)) { stopper.stop() }
        }
        printError("listening on \(interface) (link type \(source.linkType.name), snaplen \(snaplen))")
        try auditor.run(source)
        for signalSource in signalSources { signalSource.cancel() }
        let stats = source.stats()
        printError(
            "captured \(auditor.packetCount) packets on \(interface); kernel received \(stats.received), dropped \(stats.dropped)"
        )
    }
}

/// Lets a signal handler or timer stop a live source from another thread (`stop()` is thread-safe).
final class SourceStopper: @unchecked Sendable {
    private let source: LiveFrameSource
    init(_ source: LiveFrameSource) { self.source = source }
    func stop() { source.stop() }
}
