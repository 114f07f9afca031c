import Foundation
import NetVetCrypto
import NetVetProtocols
import NetVetTestSupport
import Testing

/// Tuya LAN discovery samples. tshark has no Tuya dissector, so there is no reference decoder to agree
/// with: the samples are the real corpus broadcast (IoTLS smartlife-bulb, read at test time) and frames
/// built here from the layout tinytuya documents (docs/protocols/tuya.md), with their CRCs and the 3.5
/// ciphertext produced by independent implementations (Python's zlib and `cryptography`) and pasted.
enum TuyaSamples {
    /// A fresh cipher per use: an instance is for one thread, and tests run in parallel.
    static var cipher: TuyaDiscoveryCipher { TuyaDiscoveryCipher() }

    /// A protocol 3.1 broadcast to UDP 6666 (plaintext JSON):
    ///
    ///     00 00 55 AA | 00 00 00 00 seq | 00 00 00 13 cmd UDP_NEW | 00 00 00 9F len 159 |
    ///     00 00 00 00 retcode | JSON (143 bytes) | 8F FF 8D B5 crc | 00 00 AA 55
    ///
    /// The CRC is Python's `zlib.crc32` over the header, return code and JSON.
    static let json31 = Array(
        (#"{"ip":"192.168.1.40","gwId":"bf00000000000000aa01","active":2,"ability":0,"mode":0,"#
            + #""encrypt":false,"productKey":"keyjnuy4s3kre7m7","version":"3.1"}"#).utf8)
    static let frame31: [UInt8] =
        [0x00, 0x00, 0x55, 0xAA, 0, 0, 0, 0, 0, 0, 0, 0x13, 0, 0, 0, 0x9F, 0, 0, 0, 0] + json31
        + [0x8F, 0xFF, 0x8D, 0xB5, 0x00, 0x00, 0xAA, 0x55]

    /// A protocol 3.5 broadcast (`6699` frame), built with Python `cryptography`'s AESGCM under
    /// MD5("yGAdlopoPVldABfn"), nonce 01…0c, associated data = header bytes 4..<18, plaintext = return
    /// code 0 + `{"ip":"192.168.1.41","gwId":"bf00000000000000bb02","active":2,"ability":0,"mode":0,
    /// "encrypt":true,"productKey":"e8dhekwuvrdogter","version":"3.5","token":true,"wf_cfg":true}`:
    ///
    ///     00 00 66 99 | 00 00 | 00 00 00 00 seq | 00 00 00 23 cmd BOARDCAST_LPV34 | 00 00 00 CD len 205 |
    ///     nonce (12) | ciphertext (177) | tag (16) | 00 00 99 66
    static let frame35 = hex(
        "0000669900000000000000000023000000cd0102030405060708090a0b0c0202ece734a3541f7ea708285f221e17ff30"
            + "e5c8fde537059980b427064cebcf7882981c423ea5e991186458597b667d60e4ff3efd6851aaab1827040c9a898fd7"
            + "dfc2b15b622067d6cee5b76d574b0b4e71af1b46cda8e93021fc01beb4803cdcd318faf0484aed0a5fd057148bb17b"
            + "140291c08fb10ad95547212a7a484f48659beb6c7bb8867b0ec8fbb76c0cacabcc3ac1a991847d0d3e91796c16d2a0"
            + "ca187a88ace05eb0b76c25c9add70c35eb6bd9fa3f0d66c826898cdbaabf7d18edfc00009966")

    /// A `55AA` frame around `body` (return code included by the caller), CRC computed by TuyaParser.crc32
    /// (checked against zlib in `crcMatchesZlib`).
    static func frame55AA(command: UInt32 = 0x13, _ body: [UInt8]) -> [UInt8] {
        func be(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        let head = be(0x55AA) + be(0) + be(command) + be(UInt32(body.count + 8)) + body
        let crc = head.withUnsafeBytes { TuyaParser.crc32($0) }
        return head + be(crc) + be(0xAA55)
    }

    /// A protocol 3.3 broadcast to UDP 6667: return code 0, then `json` encrypted with AES-128-ECB/PKCS#7
    /// under the discovery key (the corpus broadcast checks the decryption against a real device).
    static func frame33(_ json: String) -> [UInt8] {
        frame55AA([0, 0, 0, 0] + (cipher.encryptECB(Array(json.utf8)) ?? []))
    }

    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8).map { $0 <= 0x39 ? $0 - 0x30 : $0 - 0x61 + 10 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    static func parse(_ bytes: [UInt8]) -> ParseResult<TuyaDiscovery> {
        bytes.withUnsafeBytes { TuyaParser.parse($0, cipher: cipher) }
    }

    /// The JSON fields `text` yields, and the anomalies.
    static func readJSON(_ text: String) -> (TuyaDiscovery, [ProtocolAnomaly]) {
        var discovery = TuyaDiscovery(
            frame: TuyaFrame(format: .prefix55AA, sequence: 0, command: .udpNew, payload: 0..<0), wasEncrypted: false)
        var anomalies: [ProtocolAnomaly] = []
        Array(text.utf8).withUnsafeBytes { TuyaParser.readJSON($0, into: &discovery, anomalies: &anomalies) }
        return (discovery, anomalies)
    }
}

@Suite("Tuya LAN discovery")
struct TuyaTests {
    @Test("the discovery key is MD5(\"yGAdlopoPVldABfn\") as tinytuya and tuya-convert publish it")
    func discoveryKey() {
        // `printf yGAdlopoPVldABfn | md5sum`
        #expect(TuyaSamples.cipher.key == TuyaSamples.hex("6c1ec8e2bb9bb59ab50b0daf649b410a"))
    }

    @Test("CRC-32 matches zlib: the check value of \"123456789\" and the 3.1 sample's CRC")
    func crcMatchesZlib() {
        #expect(Array("123456789".utf8).withUnsafeBytes { TuyaParser.crc32($0) } == 0xCBF4_3926)
        let covered = Array(TuyaSamples.frame31.dropLast(8))
        #expect(covered.withUnsafeBytes { TuyaParser.crc32($0) } == 0x8FFF_8DB5)
    }

    /// A Tuya bulb of the IoTLS captures: its UDP 6667 discovery broadcasts.
    static let bulbCapture = "iotls/Traffic/smartlife-bulb.pcap"

    @Test(
        "the corpus broadcast (IoTLS smartlife-bulb, UDP 6667, protocol 3.3) decrypts to its JSON",
        .requiresCorpus(TuyaTests.bulbCapture), .requiresTShark)
    func corpusBroadcast() throws {
        let rows = try TShark.fields(
            Corpus.url(Self.bulbCapture), filter: "udp.dstport == 6667", fields: ["udp.payload"])
        let datagram = try #require(rows.first?.first.flatMap(TShark.bytes(fromHex:)))
        // The bulb repeats the same broadcast every 5 s; every copy reads the same.
        for row in rows {
            let copy = TShark.bytes(fromHex: row.first ?? "").map(TuyaSamples.parse)
            #expect(copy?.message?.productKey == "key4fv3xs8twchhy")
        }
        let result = TuyaSamples.parse(datagram)
        #expect(result.anomalies.isEmpty)
        let discovery = try #require(result.message)
        #expect(discovery.frame.format == .prefix55AA)
        #expect(discovery.frame.command == .udpNew)
        #expect(discovery.frame.returnCode == 0)
        #expect(discovery.frame.crcMatches == true)
        #expect(discovery.wasEncrypted)
        #expect(discovery.productKey == "key4fv3xs8twchhy")
        #expect(discovery.version == "3.3")
        #expect(discovery.deviceID == "62733760dc4f225b1aa3")
        #expect(discovery.ip == "192.168.10.158")
        #expect(discovery.active == "2")
        #expect(discovery.ability == "0")
        #expect(discovery.encrypt == "true")
    }

    @Test("a 3.1 plaintext broadcast (UDP 6666)")
    func plaintext31() throws {
        let result = TuyaSamples.parse(TuyaSamples.frame31)
        #expect(result.anomalies.isEmpty)
        let discovery = try #require(result.message)
        #expect(!discovery.wasEncrypted)
        #expect(discovery.frame.crc == 0x8FFF_8DB5 && discovery.frame.crcMatches == true)
        #expect(discovery.frame.payload == 20..<(20 + TuyaSamples.json31.count))
        #expect(discovery.productKey == "keyjnuy4s3kre7m7")
        #expect(discovery.version == "3.1")
        #expect(discovery.deviceID == "bf00000000000000aa01")
        #expect(discovery.encrypt == "false")
    }

    @Test("a 3.3 encrypted broadcast built with the discovery key")
    func encrypted33() throws {
        let frame = TuyaSamples.frame33(#"{"gwId":"x1","productKey":"keydws3ewm835jqx","version":"3.3"}"#)
        let result = TuyaSamples.parse(frame)
        #expect(result.anomalies.isEmpty)
        let discovery = try #require(result.message)
        #expect(discovery.wasEncrypted)
        #expect(discovery.productKey == "keydws3ewm835jqx")
        #expect(discovery.version == "3.3")
    }

    @Test("a 3.5 broadcast (6699 frame, AES-128-GCM) built by an independent implementation")
    func gcm35() throws {
        let result = TuyaSamples.parse(TuyaSamples.frame35)
        #expect(result.anomalies.isEmpty)
        let discovery = try #require(result.message)
        #expect(discovery.frame.format == .prefix6699)
        #expect(discovery.frame.command == .broadcastLPv34)
        #expect(discovery.frame.nonce == 18..<30)
        #expect(discovery.productKey == "e8dhekwuvrdogter")
        #expect(discovery.version == "3.5")
        #expect(discovery.deviceID == "bf00000000000000bb02")
        // A changed byte of the header (associated data), ciphertext or tag fails the tag.
        for index in [5, 12, 40, TuyaSamples.frame35.count - 10] {
            var tampered = TuyaSamples.frame35
            tampered[index] ^= 0x01
            let broken = TuyaSamples.parse(tampered)
            #expect(broken.anomalies.contains(.tuyaUndecryptable), "byte \(index)")
            #expect(broken.message?.productKey == nil)
        }
        // Sealing with TuyaDiscoveryCipher gives the same bytes as Python's AESGCM.
        let frame = TuyaSamples.frame35
        let sealed = TuyaSamples.cipher.sealGCM(
            nonce: Array(frame[18..<30]), associatedData: Array(frame[4..<18]),
            plaintext: [0, 0, 0, 0]
                + Array(
                    (#"{"ip":"192.168.1.41","gwId":"bf00000000000000bb02","active":2,"ability":0,"mode":0,"#
                        + #""encrypt":true,"productKey":"e8dhekwuvrdogter","version":"3.5","token":true,"wf_cfg":true}"#)
                        .utf8))
        #expect(sealed == Array(frame[30..<(frame.count - 4)]))
    }

    @Test("every value of the length field, too small and too large, never traps")
    func lengthField() {
        for (sample, offset, minimum) in [(TuyaSamples.frame31, 12, 8), (TuyaSamples.frame35, 14, 28)] {
            let actual = Int(sample[offset + 3]) | Int(sample[offset + 2]) << 8
            for length in 0...(actual + 64) {
                var mutated = sample
                mutated[offset + 2] = UInt8(length >> 8)
                mutated[offset + 3] = UInt8(length & 0xFF)
                let result = TuyaSamples.parse(mutated)
                if length < minimum {
                    #expect(result.anomalies == [.tuyaLengthTooSmall], "length \(length)")
                } else if length > actual {
                    #expect(result.anomalies == [.tuyaTruncated], "length \(length)")
                } else if length < actual {
                    // The frame ends early: the rest trails, and the suffix (and CRC or tag) are wrong.
                    #expect(result.message != nil && result.anomalies.contains(.tuyaTrailingBytes), "length \(length)")
                } else {
                    #expect(result.anomalies.isEmpty)
                }
            }
        }
        // The full 32-bit range: a length past any datagram is truncation, not an overflow.
        var huge = TuyaSamples.frame31
        huge.replaceSubrange(12..<16, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(TuyaSamples.parse(huge).anomalies == [.tuyaTruncated])
    }

    @Test("truncation at every offset gives an anomaly, never a trap")
    func truncation() {
        let samples = [TuyaSamples.frame31, TuyaSamples.frame35, TuyaSamples.frame33(#"{"productKey":"k"}"#)]
        for sample in samples {
            for length in 0..<sample.count {
                let result = TuyaSamples.parse(Array(sample.prefix(length)))
                let expected: [ProtocolAnomaly] = length < 4 ? [.tuyaNotTuya] : [.tuyaTruncated]
                #expect(result.anomalies == expected, "cut at \(length)")
                #expect(result.message == nil)
            }
        }
    }

    @Test("a bad CRC or suffix is an anomaly; the fields are still read")
    func badCRCAndSuffix() throws {
        var badCRC = TuyaSamples.frame31
        badCRC[badCRC.count - 5] ^= 0xFF
        let crcResult = TuyaSamples.parse(badCRC)
        #expect(crcResult.anomalies == [.tuyaBadCRC])
        #expect(crcResult.message?.frame.crcMatches == false)
        #expect(crcResult.message?.productKey == "keyjnuy4s3kre7m7")
        var badSuffix = TuyaSamples.frame31
        badSuffix[badSuffix.count - 1] = 0
        #expect(TuyaSamples.parse(badSuffix).anomalies == [.tuyaBadSuffix])
        var badSuffix35 = TuyaSamples.frame35
        badSuffix35[badSuffix35.count - 1] = 0
        #expect(TuyaSamples.parse(badSuffix35).anomalies == [.tuyaBadSuffix])
        #expect(TuyaSamples.parse(badSuffix35).message?.version == "3.5")
        let trailing = TuyaSamples.frame31 + [0, 0]
        #expect(TuyaSamples.parse(trailing).anomalies == [.tuyaTrailingBytes])
    }

    @Test("not Tuya, undecryptable payloads")
    func notTuyaAndUndecryptable() {
        #expect(TuyaSamples.parse(Array("NOTIFY * HTTP/1.1\r\n".utf8)).anomalies == [.tuyaNotTuya])
        #expect(TuyaSamples.parse([]).anomalies == [.tuyaNotTuya])
        // 15 bytes are not whole AES blocks; 16 random bytes fail the PKCS#7 check (almost always: this
        // block's last decrypted byte is checked below by the expectation itself).
        let odd = TuyaSamples.frame55AA([0, 0, 0, 0] + [UInt8](repeating: 0x41, count: 15))
        #expect(TuyaSamples.parse(odd).anomalies == [.tuyaUndecryptable])
        let empty = TuyaSamples.frame55AA([])
        #expect(TuyaSamples.parse(empty).anomalies == [.tuyaUndecryptable])
        // Ciphertext of something that is not JSON.
        let notJSON = TuyaSamples.frame55AA([0, 0, 0, 0] + (TuyaSamples.cipher.encryptECB(Array("hello".utf8)) ?? []))
        #expect(TuyaSamples.parse(notJSON).anomalies == [.tuyaBadJSON])
    }

    @Test("the JSON reader: escapes, literals, nesting, limits and garbage")
    func json() {
        let (escaped, none) = TuyaSamples.readJSON(
            #" { "productKey" : "a\"b\\c\/d\u00e9\ud800" , "active":-2.5e3, "encrypt" : true, "x":[1,{"y":"}"}],"version":"3.4"} "#
        )
        #expect(none.isEmpty)
        #expect(escaped.productKey == "a\"b\\c/d\u{e9}\u{FFFD}")
        #expect(escaped.active == "-2.5e3" && escaped.encrypt == "true" && escaped.version == "3.4")
        // The first value of a repeated key is kept; unknown keys with escaped names are skipped.
        let (repeated, _) = TuyaSamples.readJSON(#"{"version":"3.1","vers\u0069on":"9","version":"3.3"}"#)
        #expect(repeated.version == "3.1")
        let long = String(repeating: "k", count: 100)
        let (cut, cutAnomalies) = TuyaSamples.readJSON(#"{"productKey":""# + long + #"","ability":"# + long + "}")
        #expect(cut.productKey == String(repeating: "k", count: TuyaParser.maxValueLength))
        #expect(cut.ability?.utf8.count == TuyaParser.maxValueLength)
        #expect(cutAnomalies == [.tuyaValueTruncated, .tuyaValueTruncated])
        let deep = #"{"a":"# + String(repeating: "[", count: 10) + String(repeating: "]", count: 10) + "}"
        #expect(TuyaSamples.readJSON(deep).1 == [.tuyaTooComplex])
        let many = "{" + (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + "}"
        #expect(TuyaSamples.readJSON(many).1 == [.tuyaTooComplex])
        // Garbage: the fields before the fault are kept, the fault is named, nothing traps.
        let (partial, partialAnomalies) = TuyaSamples.readJSON(#"{"productKey":"keyabc","version":"3."#)
        #expect(partial.productKey == "keyabc" && partial.version == nil)
        #expect(partialAnomalies == [.tuyaBadJSON])
        let garbage = [
            "", "{", "}", "[]", "{\"", #"{"a""#, #"{"a":"#, #"{"a":}"#, #"{"a":1"#, #"{"a":1,"#, #"{"a" 1}"#,
            #"{"version":"\x"}"#, #"{"version":"\u12"}"#, #"{"a":"\"#, #"{"a":[1,2}"#, #"{"a":{"b":"c}}"#, #"{a:1}"#,
            #"{"a":1 "b":2}"#, "\u{0}{}", #"{"productKey":"\u00zz"}"#,
        ]
        for text in garbage {
            let (_, anomalies) = TuyaSamples.readJSON(text)
            #expect(anomalies == [.tuyaBadJSON], "\(text)")
        }
        #expect(TuyaSamples.readJSON("{}").1.isEmpty)
    }

    @Test("every tuya.* anomaly is documented in docs/protocols/tuya.md")
    func anomaliesDocumented() throws {
        let anomalies: [ProtocolAnomaly] = [
            .tuyaNotTuya, .tuyaLengthTooSmall, .tuyaTruncated, .tuyaTrailingBytes, .tuyaBadSuffix, .tuyaBadCRC,
            .tuyaUndecryptable, .tuyaBadJSON, .tuyaValueTruncated, .tuyaTooComplex,
        ]
        let text = try String(
            contentsOf: PackagePaths.docs.appendingPathComponent("protocols/tuya.md"), encoding: .utf8)
        for anomaly in anomalies { #expect(text.contains("| `\(anomaly.name)` |"), "tuya.md lacks \(anomaly.name)") }
    }
}
