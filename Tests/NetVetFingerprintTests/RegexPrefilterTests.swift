import Foundation
import NetVetTestSupport
import Testing

@testable import NetVetFingerprint

/// The byte search run before each signature regex (`RegexPrefilter`) must never reject a value the regex
/// matches; it may only spare the regex work on values it cannot match.
@Suite("Regex prefilter")
struct RegexPrefilterTests {
    static let root = PackagePaths.root

    @Test(
        "what a pattern requires",
        arguments: [
            ("(?i)(^|\\.)tuyaus\\.com$", [["tuyaus.com"]]),
            (
                "(?i)(^|\\.)(mytotalconnectcomfort\\.com|tccna\\.honeywell\\.com)\\.?$",
                [["mytotalconnectcomfort.com", "tccna.honeywell.com"]]
            ),
            ("^Cisco AP c?(?<model>[0-9]{4}[A-Za-z]*)", [["cisco ap "]]),
            ("^1\\.3\\.6\\.1\\.4\\.1\\.4329(\\.|$)", [["1.3.6.1.4.1.4329"]]),
            ("^Niagara Web Server(?:/(?<fw>[0-9][0-9.]*))?", [["niagara web server"]]),
            ("(?i)\\b(O=Tridium|CN=Niagara4?)\\b", [["o=tridium", "cn=niagara"]]),
            ("abc+d", [["abc"]]),
            ("abcd?e", [["abc"]]),
            ("ab(cd)?ef", []),
            ("x(?:hello|hi)", []),
            ("(?x) a b c", []),
            ("\\Qabc\\E", []),
            ("a{2}bcd", [["bcd"]]),
            ("(?=abc)abd", [["abd"]]),
            ("[abc]def", [["def"]]),
            ("[]x]yyy", [["yyy"]]),
        ] as [(String, [[String]])])
    func requirements(pattern: String, expected: [[String]]) {
        let found = RegexPrefilter(pattern: pattern).requirements.map { $0.map { String(decoding: $0, as: UTF8.self) } }
        #expect(found == expected, "\(pattern)")
    }

    @Test("non-ASCII values always reach the regex; ASCII case is ignored")
    func looseness() {
        let filter = RegexPrefilter(pattern: "(?i)kelvin")
        #expect(filter.mayMatch("\u{212A}elvin"))
        #expect(filter.mayMatch("KELVIN scale"))
        #expect(!filter.mayMatch("celsius"))
    }

    /// Every regex of the repository's signatures, against every evidence value and server name in the
    /// Samples' expected reports plus the values below: a regex match implies the prefilter let it through.
    @Test("never rejects a value its regex matches (every signature regex in Rules/fingerprints)")
    func neverRejectsAMatch() throws {
        let database = try SignatureDatabase.load(directory: Self.root.appendingPathComponent("Rules").path)
        var regexes: [CompiledRegex] = []
        func collect(_ condition: Condition) {
            switch condition {
            case .test(let test): if case .regex(let compiled) = test.matcher { regexes.append(compiled) }
            case .all(let children), .any(let children): children.forEach(collect)
            }
        }
        database.signatures.forEach { collect($0.match) }
        #expect(regexes.count > 500)

        var values: Set<String> = [
            "Hikvision-Webs", "App-webs/", "DNVRS-Webs", "uc-httpd 1.0.0", "Dahua Rtsp Server", "ROSSSH",
            "SSH-2.0-Cisco-1.25", "a3.tuyaus.com", "prd17a.boxen.electricimp.com", "www.mytotalconnectcomfort.com",
            "O=Tridium,CN=Niagara4", "Niagara Web Server/4.10", "1.3.6.1.4.1.4329.1.2", "1.3.6.1.4.1.2011.2.23",
            "MSFT 5.0", "android-dhcp-14", "dhcpcd-9.4.1:Linux-6.1", "udhcp 1.12.1", "_googlecast._tcp.local",
        ]
        let samples = Self.root.appendingPathComponent("Samples")
        let files = FileManager.default.enumerator(atPath: samples.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".expected.json") {
            let data = try Data(contentsOf: samples.appendingPathComponent(file))
            let json = try JSONSerialization.jsonObject(with: data)
            func walk(_ node: Any) {
                if let object = node as? [String: Any] {
                    for (key, value) in object {
                        if ["value", "server_name", "sni", "user_agent", "http_server", "model", "vendor", "name"]
                            .contains(key), let text = value as? String
                        {
                            values.insert(text)
                        }
                        walk(value)
                    }
                } else if let array = node as? [Any] {
                    array.forEach(walk)
                }
            }
            walk(json)
        }
        #expect(values.count > 100)
        var filtered = 0
        for regex in regexes {
            if !regex.prefilter.requirements.isEmpty { filtered += 1 }
            for value in values where regex.matches(value) {
                #expect(
                    regex.prefilter.mayMatch(value), "\(regex.pattern) matches \(value) but its prefilter rejects it")
            }
        }
        // Most patterns carry a literal worth searching for.
        #expect(filtered * 10 >= regexes.count * 7, "only \(filtered) of \(regexes.count) patterns have a prefilter")
    }
}
