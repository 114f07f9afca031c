import ArgumentParser

/// `--rules-dir`, shared by every command that loads the Rules directory (audit, fingerprint, rules check).
struct RulesDirectoryOption: ParsableArguments {
    @Option(
        name: .customLong("rules-dir"),
        help: ArgumentHelp(
            "The Rules directory (default: found next to the executable or via NETVET_RULES_DIR).",
            valueName: "dir"))
    var rulesDirectory: String?
}
