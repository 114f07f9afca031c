import NetVetProtocols
import NetVetTestSupport
import Testing

/// Parses `bytes` as the first bytes of a stream direction.
private func parseHTTP(_ bytes: [UInt8]) -> ParseResult<HTTPMessage> {
    bytes.withUnsafeBytes { HTTPParser.parse($0) }
}

/// Parses `text` (UTF-8) as the first bytes of a stream direction.
private func parseHTTP(_ text: String) -> ParseResult<HTTPMessage> { parseHTTP(Array(text.utf8)) }

/// True for `.needMoreData`.
private func needsMore(_ result: ParseResult<HTTPMessage>) -> Bool {
    if case .needMoreData = result { return true }
    return false
}

/// Hand-made heads modelled on real devices and clients (no third-party capture bytes).
private enum HTTPSamples {
    /// An IP camera refusing an unauthenticated request.
    static let camera401 =
        "HTTP/1.1 401 Unauthorized\r\n"
        + "Date: Sun, 29 Nov 2026 02:00:00 GMT\r\n"
        + "Server: App-webs/\r\n"
        + "Content-Length: 178\r\n"
        + "Content-Type: text/html\r\n"
        + "Connection: close\r\n"
        + "WWW-Authenticate: Digest qop=\"auth\", realm=\"IP Camera\", nonce=\"4e6a4d7a4f5459784f6a59794d7a5a6a\", "
        + "stale=\"FALSE\"\r\n"
        + "WWW-Authenticate: Basic realm=\"IP Camera\"\r\n"
        + "\r\n"

    /// A VLC-style RTSP DESCRIBE with Basic credentials in the header and in the URL.
    static let rtspDescribe =
        "DESCRIBE rtsp://admin:12345@192.168.1.64:554/Streaming/Channels/101?transportmode=unicast RTSP/1.0\r\n"
        + "CSeq: 3\r\n"
        + "Authorization: Basic YWRtaW46MTIzNDU=\r\n"
        + "User-Agent: LibVLC/3.0.18 (LIVE555 Streaming Media v2016.11.28)\r\n"
        + "Accept: application/sdp\r\n"
        + "\r\n"

    /// The camera's RTSP answer asking for Digest.
    static let rtsp401 =
        "RTSP/1.0 401 Unauthorized\r\n"
        + "CSeq: 3\r\n"
        + "WWW-Authenticate: Digest realm=\"IP Camera(C8452)\", nonce=\"a1b2c3\", stale=\"FALSE\"\r\n"
        + "Date:  Sun, Nov 29 2026 02:00:00 GMT\r\n"
        + "\r\n"

    /// A browser logging in to a router with the password in the query string and a bearer token.
    static let routerLogin =
        "GET /cgi-bin/login.cgi?user=admin&pwd=s3cr3t HTTP/1.1\r\n"
        + "Host: 192.168.1.1\r\n"
        + "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)\r\n"
        + "Accept: */*\r\n"
        + "Cookie: session=9f8e7d6c\r\n"
        + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.token\r\n"
        + "\r\n"

    static let all = [camera401, rtspDescribe, rtsp401, routerLogin]
}

@Suite("HTTP and RTSP head parser")
struct HTTPParserTests {
    @Test("a camera's 401 gives Server, Content-* and Digest/Basic challenges with realms")
    func camera401() throws {
        let result = parseHTTP(HTTPSamples.camera401)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.protocol == .http && message.version == "1.1" && !message.isRequest)
        #expect(message.statusCode == 401 && message.reason == "Unauthorized")
        #expect(message.server == "App-webs/" && message.contentLength == 178 && message.contentType == "text/html")
        #expect(
            message.authenticationChallenges == [
                HTTPAuthenticationChallenge(scheme: .digest, realm: "IP Camera"),
                HTTPAuthenticationChallenge(scheme: .basic, realm: "IP Camera"),
            ])
        #expect(message.otherHeaderNames == ["Date", "Connection"])
        #expect(message.headLength == HTTPSamples.camera401.utf8.count)
    }

    @Test("an RTSP DESCRIBE with Basic auth keeps the scheme, never the credentials")
    func rtspDescribe() throws {
        let result = parseHTTP(HTTPSamples.rtspDescribe)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.protocol == .rtsp && message.version == "1.0" && message.method == .describe)
        #expect(message.target == "rtsp://192.168.1.64:554/Streaming/Channels/101")
        #expect(message.path == "/Streaming/Channels/101")
        #expect(message.cSeq == 3)
        #expect(message.authorization == HTTPAuthorization(scheme: .basic))
        #expect(message.authorization?.credentialsInClear == true)
        #expect(message.userAgent == "LibVLC/3.0.18 (LIVE555 Streaming Media v2016.11.28)")
        let everything = String(describing: message)
        for secret in ["admin", "12345", "YWRtaW46MTIzNDU=", "transportmode"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
    }

    @Test("an RTSP 401 response")
    func rtsp401() throws {
        let message = try #require(parseHTTP(HTTPSamples.rtsp401).message)
        #expect(message.protocol == .rtsp && message.statusCode == 401 && message.cSeq == 3)
        #expect(message.authenticationChallenges.first?.realm == "IP Camera(C8452)")
    }

    @Test("a request keeps the path only: no query, cookie value or bearer token")
    func routerLogin() throws {
        let message = try #require(parseHTTP(HTTPSamples.routerLogin).message)
        #expect(
            message.method == .get && message.target == "/cgi-bin/login.cgi" && message.path == "/cgi-bin/login.cgi")
        #expect(message.host == "192.168.1.1")
        #expect(message.authorization?.scheme == .bearer && message.authorization?.credentialsInClear == false)
        #expect(message.otherHeaderNames == ["Accept", "Cookie"])
        let everything = String(describing: message)
        for secret in ["s3cr3t", "pwd", "9f8e7d6c", "eyJ"] { #expect(!everything.contains(secret), "\(secret) leaked") }
    }

    @Test(
        "targets lose query, fragment and userinfo",
        arguments: [
            ("/a/b?c=d#e", "/a/b"), ("*", "*"), ("http://u:p@host:8080/x?y", "http://host:8080/x"),
            ("rtsp://host", "rtsp://host"), ("http://user@host", "http://host"), ("user:pw@proxy:443", "proxy:443"),
            ("/path@with-at", "/path@with-at"),
        ])
    func targets(raw: String, kept: String) throws {
        let message = try #require(parseHTTP("OPTIONS \(raw) HTTP/1.1\r\n\r\n").message)
        #expect(message.target == kept)
    }

    @Test("drip-feed: one byte at a time needs more data until the head ends, then equals all-at-once")
    func dripFeed() throws {
        for sample in HTTPSamples.all {
            let bytes = Array(sample.utf8) + Array("body bytes".utf8)
            let headLength = sample.utf8.count
            let whole = try #require(parseHTTP(bytes).message)
            for count in 0..<headLength {
                #expect(needsMore(parseHTTP(Array(bytes[..<count]))), "\(count) bytes of \(sample.prefix(20))")
            }
            for count in headLength...bytes.count {
                #expect(parseHTTP(Array(bytes[..<count])).message == whole)
            }
        }
    }

    @Test("bytes that cannot start a head are malformed at once")
    func malformed() {
        let cases: [[UInt8]] = [
            [0x16, 0x03, 0x01, 0x02, 0x00],  // a TLS record header
            Array("SSH-2.0-OpenSSH_9.6\r\n".utf8), Array(" GET / HTTP/1.1\r\n".utf8), Array("GET /\r\n".utf8),
            Array("GET / HTTP/2\r\n".utf8), Array("HTTP/1.1 20 OK\r\n".utf8), Array("GE\0T".utf8),
            Array("GET / HT\rTP".utf8), Array("\r\n".utf8),
        ]
        for bytes in cases {
            #expect(parseHTTP(bytes).anomalies == [.httpBadStartLine], "\(bytes)")
        }
    }

    @Test("a head without its empty line within 8 KiB is returned partial with http.head_too_long")
    func headTooLong() throws {
        let line = "X-Padding: " + String(repeating: "p", count: 100) + "\r\n"
        let text = "GET /status HTTP/1.1\r\nHost: nas.local\r\n" + String(repeating: line, count: 90)
        let bytes = Array(text.utf8)
        #expect(bytes.count > HTTPParser.maxHeadSize)
        #expect(needsMore(parseHTTP(Array(bytes[..<(HTTPParser.maxHeadSize - 1)]))))
        let result = parseHTTP(bytes)
        #expect(result.anomalies == [.httpHeadTooLong, .httpTooManyHeaders])
        let message = try #require(result.message)
        #expect(message.host == "nas.local" && message.target == "/status")
        #expect(message.headLength == HTTPParser.maxHeadSize)
    }

    @Test("field anomalies: bare LF, space before colon, folding, no colon, header and challenge caps")
    func fieldAnomalies() {
        #expect(parseHTTP("GET / HTTP/1.1\nHost: a\n\n").anomalies == [.httpBareLineFeed])
        #expect(parseHTTP("GET / HTTP/1.1\r\nHost : a\r\n\r\n").anomalies == [.httpWhitespaceBeforeColon])
        #expect(parseHTTP("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n").anomalies == [.httpObsoleteLineFolding])
        #expect(parseHTTP("GET / HTTP/1.1\r\nnonsense\r\n\r\n").anomalies == [.httpHeaderWithoutColon])
        let many = (0...HTTPParser.maxHeaders).map { "X-\($0): 1\r\n" }.joined()
        let tooMany = parseHTTP("GET / HTTP/1.1\r\n\(many)\r\n")
        #expect(tooMany.anomalies == [.httpTooManyHeaders])
        #expect(tooMany.message?.otherHeaderNames.count == HTTPParser.maxHeaders)
        let challenges = String(
            repeating: "WWW-Authenticate: Basic realm=\"x\"\r\n", count: HTTPParser.maxChallenges + 1)
        let capped = parseHTTP("HTTP/1.1 401 Unauthorized\r\n\(challenges)\r\n")
        #expect(capped.anomalies == [.httpTooManyChallenges])
        #expect(capped.message?.authenticationChallenges.count == HTTPParser.maxChallenges)
        let longAgent = String(repeating: "a", count: HTTPParser.maxFieldLength + 1)
        let cut = parseHTTP("GET / HTTP/1.1\r\nUser-Agent: \(longAgent)\r\n\r\n")
        #expect(cut.anomalies == [.httpFieldTruncated] && cut.message?.userAgent?.count == HTTPParser.maxFieldLength)
        let longTarget = "/" + String(repeating: "t", count: HTTPParser.maxTargetLength)
        #expect(parseHTTP("GET \(longTarget) HTTP/1.1\r\n\r\n").anomalies == [.httpFieldTruncated])
    }

    @Test("Content-Length and CSeq: zero, huge, too many digits, not a number, conflicting")
    func lengthFields() {
        func head(_ fields: String) -> ParseResult<HTTPMessage> { parseHTTP("HTTP/1.1 200 OK\r\n\(fields)\r\n") }
        #expect(head("Content-Length: 0\r\n").message?.contentLength == 0)
        #expect(head("Content-Length: 999999999999999999\r\n").message?.contentLength == 999_999_999_999_999_999)
        #expect(head("Content-Length: 9999999999999999999\r\n").anomalies == [.httpBadContentLength])
        #expect(head("Content-Length: -1\r\n").anomalies == [.httpBadContentLength])
        #expect(head("Content-Length:\r\n").anomalies == [.httpBadContentLength])
        let twice = head("Content-Length: 5\r\nContent-Length: 6\r\n")
        #expect(twice.anomalies == [.httpConflictingContentLength] && twice.message?.contentLength == 5)
        #expect(head("Content-Length: 5\r\nContent-Length: 5\r\n").anomalies.isEmpty)
        #expect(parseHTTP("RTSP/1.0 200 OK\r\nCSeq: x\r\n\r\n").anomalies == [.httpBadCSeq])
    }

    @Test("truncation at every offset and every byte mutation never traps")
    func truncationAndMutation() {
        for sample in HTTPSamples.all {
            let bytes = Array(sample.utf8)
            for index in bytes.indices {
                for value: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x22, 0x3A, 0x3F, 0x40, 0x5C, 0xFF] {
                    var mutated = bytes
                    mutated[index] = value
                    _ = parseHTTP(mutated)
                    _ = parseHTTP(Array(mutated[..<index]))
                }
            }
        }
    }
}

/// Agreement with tshark's `http.user_agent` and `http.server` for heads carried in one segment.
@Suite("HTTP corpus agreement")
struct HTTPCorpusTests {
    /// Captures in ../shared/corpus with at least one `http.request || http.response` packet, found once
    /// with `for f in $(find . -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap'); do tshark -r $f
    /// -Y 'http.request || http.response' -T fields -e frame.number | wc -l; done` (counts above 0).
    static let httpCaptures = [
        "arkime/pcap/80211http.pcap",
        "arkime/pcap/http-basicauth.pcap",
        "arkime/pcap/http-simple-get.pcap",
        "iot-sentinel/Aria/Setup-A-1-STA.pcap",
        "iot-sentinel/Aria/Setup-A-2-STA.pcap",
        "iot-sentinel/Aria/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-B-1-STA.pcap",
        "iot-sentinel/D-LinkCam/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-A-2-STA.pcap",
        "iot-sentinel/D-LinkHomeHub/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-B-1-STA.pcap",
        "iot-sentinel/D-LinkSensor/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/D-LinkSwitch/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-A-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-C-1-STA.pcap",
        "iot-sentinel/D-LinkWaterSensor/Setup-C-2-STA.pcap",
        "iot-sentinel/EdimaxCam1/Setup-A-1-STA.pcap",
        "iot-sentinel/EdimaxCam1/Setup-A-2-STA.pcap",
        "iot-sentinel/EdimaxCam1/Setup-C-1-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-A-1-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-A-2-STA.pcap",
        "iot-sentinel/WeMoInsightSwitch/Setup-C-1-STA.pcap",
        "iot-sentinel/Withings/Setup-A-1-STA.pcap",
        "iot-sentinel/Withings/Setup-C-1-STA.pcap",
        "iot-sentinel/Withings/Setup-C-2-STA.pcap",
        "iotls/Traffic/amcrest-cam-wired.pcap",
        "iotls/Traffic/appletv.pcap",
        "iotls/Traffic/blink-hub.pcap",
        "iotls/Traffic/brewer.pcap",
        "iotls/Traffic/dryer.pcap",
        "iotls/Traffic/echodot3a.pcap",
        "iotls/Traffic/google-home-mini3.pcap",
        "iotls/Traffic/lgtv-wired.pcap",
        "iotls/Traffic/nest-tstat.pcap",
        "iotls/Traffic/roku-tv.pcap",
        "iotls/Traffic/smartlife-bulb.pcap",
        "iotls/Traffic/t-echodot.pcap",
        "iotls/Traffic/t-philips-hub.pcap",
        "iotls/Traffic/tplink-plug.pcap",
        "iotls/Traffic/wemo-plug.pcap",
        "iotls/Traffic/wink-hub2.pcap",
        "iotls/Traffic/zmodo-doorbell.pcap",
        "ja4/pcap/CVE-2018-6794.pcap",
        "ja4/pcap/gre-erspan-vxlan.pcap",
        "ja4/pcap/http1-with-cookies.pcapng",
        "ja4/pcap/http1.pcapng",
        "ja4/pcap/latest.pcapng",
        "ja4/pcap/ssh2.pcapng",
        "ja4/pcap/tls3.pcapng",
        "ndpi/pcap/1kxun.pcap",
        "ndpi/pcap/alexa-app.pcapng",
        "ndpi/pcap/android.pcap",
        "ndpi/pcap/http.pcapng",
        "ndpi/pcap/iphone.pcap",
        "ndpi/pcap/ipp.pcap",
        "ndpi/pcap/weibo.pcap",
        "zeek/Traces/http/get.pcap",
        "zeek/Traces/tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap",
        "zeek/Traces/wikipedia.pcap",
    ]

    @Test("User-Agent and Server agree with tshark", .requiresCorpus, .requiresTShark, arguments: httpCaptures)
    func userAgentAndServer(capture: String) throws {
        let rows = try TShark.fields(
            Corpus.url(capture), filter: "http.request || http.response",
            fields: ["tcp.payload", "http.user_agent", "http.server"], occurrence: .first)
        var agreed = 0
        var compared = 0
        for row in rows where row.count == 3 {
            guard let payload = TShark.bytes(fromHex: row[0]) else { continue }
            // Only heads that start and end in this segment: reassembled ones are not one payload.
            guard let message = parseHTTP(payload).message else { continue }
            compared += 1
            let same = (message.userAgent ?? "") == row[1] && (message.server ?? "") == row[2]
            #expect(same, "\(capture): \(message.userAgent ?? "-") / \(message.server ?? "-") vs \(row[1]) / \(row[2])")
            if same { agreed += 1 }
        }
        print("HTTP corpus agreement \(capture): \(agreed)/\(compared) of \(rows.count)")
    }
}
