import ArgumentParser
import NetVetAudit

/// `netvet`: the command line. Each subcommand is one user task.
@main
struct NetVetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netvet",
        abstract: "Passive network device-inventory auditor.",
        discussion: """
            netvet listens (or reads capture files) and never sends a packet to the networks it watches. \
            It builds an inventory of every device (MAC, IEEE vendor, addresses) and names every flow.
            """,
        version: NetVet.version,
        subcommands: [AuditCommand.self, FingerprintCommand.self, RulesCommand.self],
        defaultSubcommand: nil)
}
