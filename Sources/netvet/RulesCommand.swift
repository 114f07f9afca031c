import ArgumentParser
import Dispatch
import NetVetAudit
import NetVetFingerprint

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `netvet rules`: work with the data under Rules/.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check the Rules directory (OUI table, fingerprint signatures).",
        subcommands: [RulesCheckCommand.self])
}

/// `netvet rules check`: loads everything an audit loads and reports counts, or the first defect.
struct RulesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load the OUI table and every fingerprint file; print counts per file, or the first error.",
        discussion: """
            Loads Rules/oui/ieee-registry.tsv and every Rules/fingerprints/*.yaml with the audit's strict \
            loaders (docs/FINGERPRINTS.md: unknown or duplicate keys, duplicate ids, bad regular expressions, \
            evidence fields no analyzer produces, ...). Prints one line per file with what it defines, then the totals. On the first defect it \
            prints 'path:line: message' on standard error and exits with status 2.
            """)

    @OptionGroup var rulesOption: RulesDirectoryOption

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let rules: RulesLoading.Loaded
        do {
            rules = try RulesLoading.load(explicit: rulesOption.rulesDirectory)
        } catch {
            throw fail("\(error)")
        }
        let milliseconds = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        var lines = ["\(rules.directory)/\(VendorRegistry.tablePath): \(rules.vendors.count) assignments"]
        for file in rules.signatures.files {
            var parts: [String] = []
            if file.signatures > 0 { parts.append("\(file.signatures) signatures") }
            if file.chipMakers > 0 { parts.append("\(file.chipMakers) chip makers") }
            if file.brands > 0 { parts.append("\(file.brands) brands") }
            lines.append("\(file.path): \(parts.joined(separator: ", "))")
        }
        let database = rules.signatures
        lines.append(
            "ok: \(database.signatures.count) signatures, \(database.chipMakers.count) chip makers, "
                + "\(database.brands.count) brands in \(database.files.count) files (loaded in \(milliseconds) ms)")
        writeAll(STDOUT_FILENO, lines.joined(separator: "\n") + "\n")
    }
}
