import Foundation
import NetVetTestSupport
import Testing

/// Identity accuracy on real, labelled devices (issue 4): `scripts/score-identity.py` runs the debug
/// `netvet audit --format json` over every labelled device of `../shared/corpus` (MANIFEST.tsv capture
/// rows with `device`, `mac` and `vendor` labels), joins the report's devices by MAC with the labels and
/// prints, per source, how many got the right vendor and the right type, and the confusions. The script
/// documents its vendor aliases and its mapping from the corpus's label types to netvet's device types.
///
/// Issue 4's targets are vendor right for at least 95% and type right for at least 90% of the labelled
/// devices. Both are met: vendor 43/45 (95.6%), type 41/45 (91.1%) since the Tuya bulb's LAN discovery
/// broadcast names its product key (docs/protocols/tuya.md). The four type misses are devices whose
/// captures carry nothing that tells their type (an ESP8266 coffee machine seen only in DHCP, a kettle
/// talking only to the Electric Imp cloud, two ednet devices with a bare udhcp or a module host name). This
/// test guards the targets, `--check 95 90`, to catch regressions.
@Suite("Identity accuracy on the corpus's labelled devices")
struct IdentityScoreTests {
    @Test(
        "vendor right for >= 95% and type right for >= 90% of labelled devices (score-identity.py --check 95 90)",
        .requiresCorpus)
    func identityScore() throws {
        let corpus = Corpus.directory
        guard case .found(let netvet) = NetVetExecutable.locate() else {
            Issue.record("netvet executable not found: build it first (`swift build --build-tests`)")
            return
        }
        let root = PackagePaths.root
        let script = root.appendingPathComponent("scripts/score-identity.py").path
        let arguments = [
            "python3", script, "--netvet", netvet, "--corpus", corpus.path,
            "--rules-dir", root.appendingPathComponent("Rules").path, "--check", "95", "90",
        ]
        let result = try Subprocess.run("/usr/bin/env", arguments, timeout: 1800)
        print(String(decoding: result.stdout, as: UTF8.self))
        if !result.stderr.isEmpty { print(result.stderr) }
        #expect(
            result.status == 0,
            "scripts/score-identity.py --check 95 90 exited \(result.status) (1: below target, 2: setup, 127: no python3)"
        )
    }
}
