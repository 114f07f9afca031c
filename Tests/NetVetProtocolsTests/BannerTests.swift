import NetVetProtocols
import Testing

/// Parses `bytes` as the first bytes of an SSH server.
private func ssh(_ bytes: [UInt8]) -> ParseResult<SSHIdentification> {
    bytes.withUnsafeBytes { BannerParser.parseSSH($0) }
}
/// Parses `text` as the first bytes of an SSH server.
private func ssh(_ text: String) -> ParseResult<SSHIdentification> { ssh(Array(text.utf8)) }
/// Parses `bytes` as the first bytes of an FTP server.
private func ftp(_ bytes: [UInt8]) -> ParseResult<FTPGreeting> { bytes.withUnsafeBytes { BannerParser.parseFTP($0) } }
/// Parses `text` as the first bytes of an FTP server.
private func ftp(_ text: String) -> ParseResult<FTPGreeting> { ftp(Array(text.utf8)) }
/// Parses `bytes` as the first bytes of a Telnet server.
private func telnet(_ bytes: [UInt8], isComplete: Bool = true) -> ParseResult<TelnetBanner> {
    bytes.withUnsafeBytes { BannerParser.parseTelnet($0, isComplete: isComplete) }
}

/// True for `.needMoreData`.
private func needsMore<T>(_ result: ParseResult<T>) -> Bool {
    if case .needMoreData = result { return true }
    return false
}

/// Hand-made banners modelled on common servers (no third-party capture bytes).
private enum BannerSamples {
    static let openSSH = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n"
    static let dropbear = "SSH-2.0-dropbear_2020.81\r\n"
    static let proFTPD = "220 ProFTPD 1.3.5e Server (Debian) [192.168.1.5]\r\n"
    static let multiline =
        "220-FileZilla Server 1.8.0\r\n220-Please visit https://filezilla-project.org/\r\n220 ready\r\n"
    /// A BusyBox-style router telnetd: IAC DO ECHO, IAC DO NAWS, IAC WILL ECHO, IAC WILL SGA, then a login line.
    static let routerTelnet: [UInt8] =
        [0xFF, 0xFD, 0x01, 0xFF, 0xFD, 0x1F, 0xFF, 0xFB, 0x01, 0xFF, 0xFB, 0x03]
        + Array("\r\n\r\nTP-LINK Wireless Router WR841N\r\nlogin: ".utf8)
}

@Suite("Banners")
struct BannerTests {
    @Test("SSH identification strings: OpenSSH with comments, Dropbear, preceding lines, 1.99")
    func sshIdentification() throws {
        let openSSH = try #require(ssh(BannerSamples.openSSH).message)
        #expect(openSSH.protocolVersion == "2.0" && openSSH.softwareVersion == "OpenSSH_9.6p1")
        #expect(openSSH.comments == "Ubuntu-3ubuntu13.5" && openSSH.precedingLineCount == 0)
        let dropbear = try #require(ssh(BannerSamples.dropbear).message)
        #expect(dropbear.softwareVersion == "dropbear_2020.81" && dropbear.comments == nil)
        let preceded = ssh("Welcome\r\n\r\nSSH-1.99-Cisco-1.25\r\n")
        #expect(
            preceded.message
                == SSHIdentification(
                    protocolVersion: "1.99", softwareVersion: "Cisco-1.25", comments: nil, precedingLineCount: 2))
        #expect(ssh("SSH-2.0-X\n").anomalies == [.sshBareLineFeed])
        let long = "SSH-2.0-" + String(repeating: "v", count: 300) + "\r\n"
        #expect(ssh(long).anomalies == [.sshLineTooLong])
        #expect(ssh(long).message?.softwareVersion.utf8.count == BannerParser.maxIdentificationLength)
    }

    @Test("SSH: drip-feed needs more data; binary and broken lines are malformed")
    func sshEdges() {
        let bytes = Array(BannerSamples.openSSH.utf8)
        for count in 0..<bytes.count { #expect(needsMore(ssh(Array(bytes[..<count]))), "\(count)") }
        #expect(ssh([0x16, 0x03, 0x01]).anomalies == [.sshNotIdentification])
        #expect(ssh("SSH-2.0\r\n").anomalies == [.sshNotIdentification])
        #expect(ssh("SSH-2.0-\r\n").anomalies == [.sshNotIdentification])
        #expect(ssh("SSH--x\r\n").anomalies == [.sshNotIdentification])
        let noise = Array(repeating: Array("hello\r\n".utf8), count: 600).flatMap { $0 }
        #expect(ssh(noise).anomalies == [.sshNoIdentification])
    }

    @Test("FTP greetings: single line, multi-line, drip-feed, bad replies and caps")
    func ftpGreeting() throws {
        let single = try #require(ftp(BannerSamples.proFTPD).message)
        #expect(single.code == 220 && single.text == "ProFTPD 1.3.5e Server (Debian) [192.168.1.5]")
        let multi = try #require(ftp(BannerSamples.multiline).message)
        #expect(multi.lines == ["FileZilla Server 1.8.0", "Please visit https://filezilla-project.org/", "ready"])
        for sample in [BannerSamples.proFTPD, BannerSamples.multiline] {
            let bytes = Array(sample.utf8)
            for count in 0..<bytes.count { #expect(needsMore(ftp(Array(bytes[..<count]))), "\(count)") }
        }
        #expect(ftp("220\r\n").message == FTPGreeting(code: 220, lines: [""]))
        #expect(ftp("421 Too many users\r\n").message?.code == 421)
        for bad in ["SSH-2.0-x\r\n", "22a ok\r\n", "220+x\r\n", "HTTP/1.1 200 OK\r\n"] {
            #expect(ftp(bad).anomalies == [.ftpBadReply], "\(bad)")
        }
        let many = "220-a\r\n" + String(repeating: "b\r\n", count: BannerParser.maxLines) + "220 end\r\n"
        #expect(ftp(many).anomalies == [.ftpTooManyLines] && ftp(many).message?.lines.count == BannerParser.maxLines)
        let endless = "220-start\r\n" + String(repeating: "more text\r\n", count: 500)
        #expect(ftp(endless).anomalies == [.ftpTooManyLines, .ftpGreetingTooLong])
        let longLine = "220 " + String(repeating: "x", count: BannerParser.maxLineLength + 1) + "\r\n"
        #expect(ftp(longLine).anomalies == [.ftpLineTooLong])
    }

    @Test("Telnet: negotiation stripped, first printable line, subnegotiation, IAC IAC")
    func telnetBanner() throws {
        let banner = try #require(telnet(BannerSamples.routerTelnet).message)
        #expect(banner.firstLine == "TP-LINK Wireless Router WR841N")
        #expect(banner.negotiations.map(\.command) == [.do, .do, .will, .will])
        #expect(banner.negotiations.map(\.option) == [.echo, .windowSize, .echo, .suppressGoAhead])
        // IAC SB TERMINAL-TYPE SEND IAC SE, IAC NOP, then "a" IAC IAC "b" CR NUL
        let sub: [UInt8] = [0xFF, 0xFA, 0x18, 0x01, 0xFF, 0xF0, 0xFF, 0xF1, 0x61, 0xFF, 0xFF, 0x62, 0x0D, 0x00]
        let parsed = try #require(telnet(sub).message)
        #expect(parsed.negotiations == [.init(command: .subnegotiation, option: .terminalType)])
        #expect(parsed.firstLine == "a\u{FFFD}b")
        #expect(telnet([0xFF, 0xFA, 0x18, 0x01]).anomalies == [.telnetUnterminatedSubnegotiation])
        #expect(
            telnet([0xFF, 0xFD, 0x01], isComplete: true).message
                == TelnetBanner(
                    negotiations: [.init(command: .do, option: .echo)], firstLine: nil))
        #expect(TelnetOption(rawValue: 0x99).description == "0x99" && TelnetCommand.will.description == "WILL")
    }

    @Test("Telnet: incomplete input needs more data; caps are reported")
    func telnetEdges() {
        let bytes = BannerSamples.routerTelnet
        let lineEnd = bytes.count - "\r\nlogin: ".utf8.count
        for count in 0...lineEnd { #expect(needsMore(telnet(Array(bytes[..<count]), isComplete: false)), "\(count)") }
        #expect(telnet(Array(bytes[..<(lineEnd + 1)]), isComplete: false).message?.firstLine != nil)
        let many = Array(repeating: [0xFF, 0xFB, 0x01] as [UInt8], count: BannerParser.maxNegotiations + 1)
            .flatMap { $0 }
        #expect(telnet(many).anomalies == [.telnetTooManyNegotiations])
        let long = Array(repeating: UInt8(ascii: "x"), count: BannerParser.maxLineLength + 1) + [0x0A]
        #expect(telnet(long).anomalies == [.telnetLineTooLong])
    }

    @Test("truncation at every offset and byte mutations never trap")
    func noTraps() {
        let samples: [[UInt8]] = [
            Array(BannerSamples.openSSH.utf8), Array(BannerSamples.multiline.utf8), BannerSamples.routerTelnet,
        ]
        for bytes in samples {
            for index in bytes.indices {
                for value: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x2D, 0x32, 0xF0, 0xFA, 0xFF] {
                    var mutated = bytes
                    mutated[index] = value
                    for input in [mutated, Array(mutated[..<index])] {
                        _ = ssh(input)
                        _ = ftp(input)
                        _ = telnet(input)
                        _ = telnet(input, isComplete: false)
                    }
                }
            }
        }
    }
}
