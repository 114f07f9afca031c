// netvet-bench: throughput, memory and allocations of the audit pipeline over one capture file.
//
// A program, not a timed test (STYLE.md §7.5): it prints throughput and a ratio against a reference
// measured in the same run, so machine load affects both sides alike.
//
//     netvet-bench [--runs N] [--rules-dir DIR] [--cli PATH | --no-cli] [--no-application] [--no-prefetch] FILE
//
// 1. Reference: a plain libpcap read loop (pcap_open_offline + pcap_next_ex, touching caplen and the
//    first byte). These pcap_* calls are the only ones outside NetVetCapture (STYLE.md §5): the
//    reference must not go through the code it is compared with.
// 2. netvet: the pipeline exactly as `netvet audit` runs it: RulesLoading.vendorRegistry, Auditor,
//    run(PrefetchingFrameSource over PcapFileSource: the file is read on a second thread), finish(), then
//    JSONReport.render (timed separately). `--no-prefetch` reads on the auditing thread instead.
//    Reference and netvet alternate N times; the ratio is of the medians.
// 3. Peak RSS: of this process (getrusage) and of the `netvet audit` CLI run as a child (posix_spawn,
//    wait4 rusage), whose peak is not inflated by the benchmark's own runs.
// 4. Allocations: malloc calls counted by CMallocCounter (interposed malloc/calloc/realloc/
//    posix_memalign/aligned_alloc) over three passes of the file into one Auditor; by the third, every
//    device and flow is known: the steady path. With NETVET_TRACE_ALLOCATIONS=1 in the environment, each
//    allocation of the third pass writes its call stack to stderr (=first: of the first pass, where new
//    devices, flows and evidence allocate); `scripts/alloc-sites.py BINARY < LOG`
//    groups them into source lines (how the allocation sites of the steady path were found).

import CMallocCounter
import CPcap
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetFingerprint
import NetVetInventory

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

// MARK: Clock and formatting (no Foundation: keep the bench's own footprint small)

/// Monotonic seconds.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return "\(value)" }
    let integer = Int64(scaled)
    let whole = integer / Int64(scale)
    var text = (value < 0 && integer != 0 ? "-" : "") + String(whole)
    if digits > 0 {
        let fraction = String(integer % Int64(scale))
        text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return text
}

/// An integer with thousands separators: 2,066,469.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value.magnitude))
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return (value < 0 ? "-" : "") + out
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func mebibytes(kibibytes: Int) -> String { fixed(Double(kibibytes) / 1024, 1) }

func fail(_ message: String) -> Never {
    var text = "netvet-bench: \(message)\n"
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    exit(2)
}

/// Writes a line to standard output at once (unbuffered, so progress shows when stdout is a pipe).
func say(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(STDOUT_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            guard written > 0 else { return }
            offset += written
        }
    }
}

// MARK: Reference: a plain libpcap read loop

struct ReferenceResult {
    var packets: Int
    var seconds: Double
    /// Sum of caplen and first bytes, printed so the loop cannot be optimised away.
    var checksum: UInt64
}

/// Opens `path` with libpcap and reads every record with pcap_next_ex, touching caplen and the first
/// byte; open and close are timed too, as they are on the netvet side.
@inline(never)
func referenceLoop(path: String) -> ReferenceResult {
    let start = now()
    var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
    guard let handle = pcap_open_offline(path, &errorBuffer) else {
        let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fail("\(path): \(message)")
    }
    var header: UnsafeMutablePointer<pcap_pkthdr>?
    var data: UnsafePointer<UInt8>?
    var packets = 0
    var checksum: UInt64 = 0
    var status: Int32 = 0
    while true {
        status = pcap_next_ex(handle, &header, &data)
        guard status == 1, let header else { break }
        packets &+= 1
        let capturedLength = header.pointee.caplen
        checksum &+= UInt64(capturedLength)
        if capturedLength > 0, let data { checksum &+= UInt64(data.pointee) }
    }
    if status != PCAP_ERROR_BREAK {
        fail("\(path): reference loop stopped with status \(status): \(String(cString: pcap_geterr(handle)))")
    }
    pcap_close(handle)
    return ReferenceResult(packets: packets, seconds: now() - start, checksum: checksum)
}

// MARK: netvet: the audit pipeline as `netvet audit` runs it

struct PipelineResult {
    var packets: Int
    /// Rules loading + Auditor + run + finish (what the ratio uses).
    var seconds: Double
    /// Of which: loading the vendor registry.
    var registrySeconds: Double
    /// JSONReport.render, after the pipeline.
    var renderSeconds: Double
    var devices: Int
    var flows: Int
    var flowStatistics: FlowTableStatistics
    var reportBytes: Int
    /// This process's peak RSS (ru_maxrss, KiB) after loading the registry, after `finish`, after
    /// rendering. Peaks only grow, so only the first run's values split the cost by stage.
    var peakKiB: (registry: Int, pipeline: Int, render: Int)
}

@inline(never)
func auditPipeline(path: String, rulesDirectory: String?) -> PipelineResult {
    let start = now()
    let vendors: VendorRegistry
    do {
        vendors = try RulesLoading.vendorRegistry(explicit: rulesDirectory)
    } catch {
        fail("\(error)")
    }
    let loaded = now()
    let registryPeak = maxRSSSelfKiB()
    let auditor = Auditor(options: AuditOptions(vendors: vendors, applicationLayer: benchApplicationLayer))
    do {
        try auditor.run(benchPrefetch ? PrefetchingFrameSource.file(path) : PcapFileSource(path: path))
    } catch {
        fail("\(error)")
    }
    let report = auditor.finish()
    let audited = now()
    let pipelinePeak = maxRSSSelfKiB()
    let text = JSONReport.render(report)
    let rendered = now()
    return PipelineResult(
        packets: report.packets, seconds: audited - start, registrySeconds: loaded - start,
        renderSeconds: rendered - audited, devices: report.devices.count, flows: report.flows.count,
        flowStatistics: report.flowStatistics, reportBytes: text.utf8.count,
        peakKiB: (registryPeak, pipelinePeak, maxRSSSelfKiB()))
}

// MARK: Allocations on the steady path

/// One pass over the file in the allocation measurement.
struct PassAllocations {
    var packets: Int
    var mallocs: UInt64
    /// Flows created and expired during the pass (FlowTableStatistics differences).
    var flowsCreated: Int
    var flowsExpired: Int

    var perPacket: Double { Double(mallocs) / Double(max(packets, 1)) }
}

struct AllocationResult {
    /// Pass 1: devices and flows are created. Pass 2: the same file again into the same Auditor, packet
    /// time restarting: flows that expired in pass 1 are created again. Pass 3: every device and flow
    /// is known (nothing expires, see FlowTable notes in the report): the steady path.
    var passes: [PassAllocations]
    /// JSONReport.render of a one-pass report, split into its two steps.
    var documentSeconds: Double
    var documentMallocs: UInt64
    var renderedSeconds: Double
    var renderedMallocs: UInt64
}

/// Runs one Auditor over the file three times (three `run` calls, each with a new source) and counts
/// mallocs during each `run` call only (opening a source is per file, not per packet).
///
/// The flow counters are reachable only through `finish()`, which ends an audit, so a second Auditor
/// runs two passes to split them: pass 1 from `single`, pass 2 from the two-pass Auditor, pass 3 from
/// the three-pass one.
@inline(never)
func countAllocations(path: String, vendors: VendorRegistry, single: FlowTableStatistics) -> AllocationResult {
    func pass(_ auditor: Auditor) -> (packets: Int, mallocs: UInt64) {
        // Opened (and its reader thread started, its chunks allocated) before the count starts.
        let source: FrameSource
        do {
            source = benchPrefetch ? try PrefetchingFrameSource.file(path) : try PcapFileSource(path: path)
        } catch {
            fail("\(error)")
        }
        let packetsBefore = auditor.packetCount
        let before = netvet_malloc_count()
        do { try auditor.run(source) } catch { fail("\(error)") }
        let mallocs = netvet_malloc_count() &- before
        return (auditor.packetCount - packetsBefore, mallocs)
    }
    let auditor = Auditor(options: AuditOptions(vendors: vendors, applicationLayer: benchApplicationLayer))
    let traceFirst = getenv("NETVET_TRACE_ALLOCATIONS").map { String(cString: $0) == "first" } ?? false
    if traceFirst { netvet_malloc_trace(1) }
    let first = pass(auditor)
    if traceFirst { netvet_malloc_trace(0) }
    let second = pass(auditor)
    let traced = getenv("NETVET_TRACE_ALLOCATIONS").map { String(cString: $0) == "1" } ?? false
    if traced { netvet_malloc_trace(1) }
    let third = pass(auditor)
    if traced { netvet_malloc_trace(0) }
    let counts = [first, second, third]
    let three = auditor.finish().flowStatistics
    let twice = Auditor(options: AuditOptions(vendors: vendors, applicationLayer: benchApplicationLayer))
    _ = pass(twice)
    _ = pass(twice)
    let two = twice.finish().flowStatistics
    let created = [single.created, two.created - single.created, three.created - two.created]
    let expired = [single.expired, two.expired - single.expired, three.expired - two.expired]
    let passes = (0..<3).map { index in
        PassAllocations(
            packets: counts[index].packets, mallocs: counts[index].mallocs, flowsCreated: created[index],
            flowsExpired: expired[index])
    }

    // The report of one pass, rendered in JSONReport.render's two steps.
    let once = Auditor(options: AuditOptions(vendors: vendors, applicationLayer: benchApplicationLayer))
    _ = pass(once)
    let report = once.finish()
    let start = now()
    let beforeDocument = netvet_malloc_count()
    let document = JSONReport.document(report)
    let documented = now()
    let beforeText = netvet_malloc_count()
    let text = document.rendered()
    let rendered = now()
    let afterText = netvet_malloc_count()
    guard !text.isEmpty else { fail("empty report") }
    return AllocationResult(
        passes: passes, documentSeconds: documented - start, documentMallocs: beforeText &- beforeDocument,
        renderedSeconds: rendered - documented, renderedMallocs: afterText &- beforeText)
}

// MARK: The netvet CLI as a child process

struct ChildResult {
    var status: Int32
    var seconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    var maxRSSKiB: Int
}

/// Runs `cli audit --format json --no-progress [--rules-dir DIR] FILE` with standard output on
/// /dev/null (the same as `-o /dev/null`, without an atomic rename aimed at a device file), waits with
/// wait4 and returns its wall time and rusage: ru_maxrss is the child's own peak RSS.
func runChild(cli: String, path: String, rulesDirectory: String?) -> ChildResult {
    var arguments = [cli, "audit", "--format", "json", "--no-progress"]
    if !benchApplicationLayer { arguments.append("--no-application") }
    if let rulesDirectory { arguments += ["--rules-dir", rulesDirectory] }
    arguments.append(path)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    argv.append(nil)
    defer { for pointer in argv { free(pointer) } }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)

    var pid: pid_t = 0
    let start = now()
    let spawned = posix_spawn(&pid, cli, &actions, nil, argv, environ)
    guard spawned == 0 else { fail("\(cli): cannot run: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { fail("wait4: \(String(cString: strerror(errno)))") }
    }
    let seconds = now() - start
    // WIFEXITED/WEXITSTATUS are macros; decode the status word by hand (exit code in bits 8–15).
    let exitStatus: Int32 = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ChildResult(
        status: exitStatus, seconds: seconds,
        userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
        systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
        maxRSSKiB: Int(usage.ru_maxrss))
}

/// The directory of this executable (from /proc/self/exe).
func executableDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = path.lastIndex(of: "/") else { return nil }
    return String(path[..<slash])
}

func maxRSSSelfKiB() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss)
}

// MARK: Main

struct Configuration {
    var runs = 5
    var rulesDirectory: String?
    var cli: String?
    var runCLI = true
    var applicationLayer = true
    var path = ""
}

/// Whether the measured pipeline runs the application-layer parsers (`--no-application` turns them off).
nonisolated(unsafe) var benchApplicationLayer = true
/// Whether the measured pipeline reads ahead on a second thread, as `netvet audit` does (`--no-prefetch`
/// reads on the auditing thread, to show what the second thread buys).
nonisolated(unsafe) var benchPrefetch = true

func parseArguments() -> Configuration {
    let usage =
        "usage: netvet-bench [--runs N] [--rules-dir DIR] [--cli PATH | --no-cli] [--no-application] [--no-prefetch] FILE"
    var configuration = Configuration()
    var path: String?
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--no-application":
            configuration.applicationLayer = false
            benchApplicationLayer = false
        case "--runs":
            guard let value = arguments.popFirst(), let runs = Int(value), runs >= 1 else {
                fail("--runs needs a positive count\n\(usage)")
            }
            configuration.runs = runs
        case "--rules-dir":
            guard let value = arguments.popFirst() else { fail("--rules-dir needs a directory\n\(usage)") }
            configuration.rulesDirectory = value
        case "--cli":
            guard let value = arguments.popFirst() else { fail("--cli needs the netvet executable\n\(usage)") }
            configuration.cli = value
        case "--no-cli":
            configuration.runCLI = false
        case "--no-prefetch":
            benchPrefetch = false
        case "-h", "--help":
            say(usage)
            exit(0)
        default:
            guard !argument.hasPrefix("-"), path == nil else { fail("unexpected argument \(argument)\n\(usage)") }
            path = argument
        }
    }
    guard let path else { fail(usage) }
    configuration.path = path
    if configuration.cli == nil, let directory = executableDirectory() {
        configuration.cli = directory + "/netvet"
    }
    return configuration
}

func runBenchmark() {
    let configuration = parseArguments()
    let path = configuration.path
    var info = stat()
    guard stat(path, &info) == 0 else { fail("\(path): \(String(cString: strerror(errno)))") }
    let fileBytes = Int(info.st_size)

    // Warm-up: one untimed read so that the page cache holds the file for every timed run alike.
    let warm = referenceLoop(path: path)
    say(
        "netvet-bench: \(path) (\(grouped(warm.packets)) packets, \(fixed(Double(fileBytes) / 1e6, 0)) MB); "
            + "\(configuration.runs) interleaved runs")

    // The CLI child runs first, while this process is still small. posix_spawn shares this process's
    // memory until exec, and Linux carries the old address space's high-water RSS into the child's
    // ru_maxrss at exec: spawned after the in-process runs, the child "inherited" their peak (measured
    // here: 181.9 MiB for both). Spawned now, that floor is this process's peak so far, printed too.
    var child: ChildResult?
    let parentPeakAtSpawn = maxRSSSelfKiB()
    if configuration.runCLI, let cli = configuration.cli {
        guard access(cli, X_OK) == 0 else { fail("\(cli): not an executable (pass --cli PATH or --no-cli)") }
        child = runChild(cli: cli, path: path, rulesDirectory: configuration.rulesDirectory)
    }

    var referenceTimes: [Double] = []
    var pipelineTimes: [Double] = []
    var renderTimes: [Double] = []
    var registryTimes: [Double] = []
    var last: PipelineResult?
    var first: PipelineResult?
    for run in 1...configuration.runs {
        let reference = referenceLoop(path: path)
        guard reference.packets == warm.packets, reference.checksum == warm.checksum else {
            fail("reference loop is not deterministic")
        }
        referenceTimes.append(reference.seconds)
        let pipeline = auditPipeline(path: path, rulesDirectory: configuration.rulesDirectory)
        guard pipeline.packets == warm.packets else {
            fail("netvet audited \(pipeline.packets) packets, libpcap read \(warm.packets)")
        }
        pipelineTimes.append(pipeline.seconds)
        renderTimes.append(pipeline.renderSeconds)
        registryTimes.append(pipeline.registrySeconds)
        last = pipeline
        if first == nil { first = pipeline }
        say(
            "  run \(run): reference \(fixed(reference.seconds, 3)) s, netvet \(fixed(pipeline.seconds, 3)) s "
                + "(registry \(fixed(pipeline.registrySeconds, 3)) s) + report \(fixed(pipeline.renderSeconds, 3)) s")
    }
    let selfRSS = maxRSSSelfKiB()

    // Allocations: the vendor registry is loaded outside the counted windows.
    let vendors: VendorRegistry
    do { vendors = try RulesLoading.vendorRegistry(explicit: configuration.rulesDirectory) } catch { fail("\(error)") }
    guard let single = last?.flowStatistics else { fail("no netvet run") }
    let allocations = countAllocations(path: path, vendors: vendors, single: single)

    let packets = Double(warm.packets)
    let referenceMedian = median(referenceTimes)
    let pipelineMedian = median(pipelineTimes)
    let renderMedian = median(renderTimes)
    let referenceMin = referenceTimes.min() ?? .nan
    let pipelineMin = pipelineTimes.min() ?? .nan
    let ratio = pipelineMedian / referenceMedian
    let ratioMin = pipelineMin / referenceMin
    func rate(_ seconds: Double) -> String { fixed(packets / seconds / 1e6, 2) + " M pkt/s" }

    say("")
    say("netvet-bench: \(path) (\(grouped(warm.packets)) packets, \(fixed(Double(fileBytes) / 1e6, 0)) MB)")
    let referenceLine: String =
        "median \(fixed(referenceMedian, 3)) s  (\(rate(referenceMedian)))   min \(fixed(referenceMin, 3)) s"
    say("reference libpcap loop : \(referenceLine)")
    let pipelineLine: String =
        "median \(fixed(pipelineMedian, 3)) s  (\(rate(pipelineMedian)))   min \(fixed(pipelineMin, 3)) s"
    let reportLine: String = "+ report \(fixed(renderMedian, 3)) s = \(fixed(pipelineMedian + renderMedian, 3)) s"
    say("netvet audit pipeline  : \(pipelineLine)   \(reportLine)")
    let devices = grouped(last?.devices ?? 0)
    let flows = grouped(last?.flows ?? 0)
    let jsonBytes = grouped(last?.reportBytes ?? 0)
    say(
        "  (pipeline includes the vendor registry load, median \(fixed(median(registryTimes), 3)) s;"
            + " report: \(devices) devices, \(flows) flows, \(jsonBytes) bytes of JSON)")
    say("ratio (netvet / reference): \(fixed(ratio, 2))  (of minima \(fixed(ratioMin, 2)))  [target <= 3]")
    if let child {
        let times: String =
            "wall \(fixed(child.seconds, 3)) s (user \(fixed(child.userSeconds, 2)) s, sys \(fixed(child.systemSeconds, 2)) s)"
        say(
            "peak RSS netvet CLI (child): \(mebibytes(kibibytes: child.maxRSSKiB)) MiB [target < 100]   \(times),"
                + " exit \(child.status); floor from the parent at spawn: \(mebibytes(kibibytes: parentPeakAtSpawn)) MiB"
        )
    }
    say("peak RSS netvet-bench (self, after the netvet runs): \(mebibytes(kibibytes: selfRSS)) MiB")
    if let stages = first?.peakKiB {
        say(
            "  first run, peak RSS after: registry load \(mebibytes(kibibytes: stages.registry)) MiB,"
                + " audit (run + finish) \(mebibytes(kibibytes: stages.pipeline)) MiB,"
                + " JSON report render \(mebibytes(kibibytes: stages.render)) MiB")
    }
    let steady = allocations.passes[2]
    say(
        "steady-state heap allocations: \(fixed(steady.perPacket, 6)) per packet"
            + " (\(grouped(Int(steady.mallocs))) mallocs over \(grouped(steady.packets)) packets: third pass of the file"
            + " into one Auditor, every device and flow known)")
    for (number, pass) in allocations.passes.enumerated() {
        say(
            "  pass \(number + 1): \(grouped(Int(pass.mallocs))) mallocs over \(grouped(pass.packets)) packets"
                + " (\(fixed(pass.perPacket, 6)) per packet); flows created \(grouped(pass.flowsCreated)),"
                + " expired \(grouped(pass.flowsExpired))")
    }
    say(
        "  JSON report of one pass: JSONReport.document \(fixed(allocations.documentSeconds, 3)) s,"
            + " \(grouped(Int(allocations.documentMallocs))) mallocs; JSONValue.rendered"
            + " \(fixed(allocations.renderedSeconds, 3)) s, \(grouped(Int(allocations.renderedMallocs))) mallocs")
    if let child, child.status != 0 { fail("the netvet CLI exited with status \(child.status)") }
}

runBenchmark()
