import Foundation

/// tshark `-T fields` over one capture: the one place the fingerprint tests run tshark and split its output.
enum TShark {
    /// One row per packet matching `filter`, one column per entry of `fields` (tab-separated, empty when
    /// the packet lacks it). With `allOccurrences`, every occurrence of a field is joined by `,`, else only
    /// the first is given; with `reassembleTCP`, TCP streams are desegmented first.
    static func fields(
        _ capture: URL, tshark: String, filter: String, fields: [String], allOccurrences: Bool = true,
        reassembleTCP: Bool = true
    ) throws -> [[String]] {
        let reassembly = reassembleTCP ? ["-o", "tcp.desegment_tcp_streams:TRUE"] : []
        let occurrence = allOccurrences ? ["-E", "occurrence=a", "-E", "aggregator=,"] : ["-E", "occurrence=f"]
        let data = try run(
            tshark,
            ["-n", "-r", capture.path] + reassembly + ["-Y", filter, "-T", "fields", "-E", "separator=/t"]
                + occurrence + fields.flatMap { ["-e", $0] })
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// tshark's standard output for `arguments` (standard error discarded).
    static func run(_ tshark: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tshark)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
