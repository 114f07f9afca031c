import NetVetProtocols
import NetVetWire
import Testing

/// Server flights built by hand (RFC 5246 §7.3-7.4): the TLS 1.2 ServerHello of `TLSSamples`, then a
/// Certificate message, a ServerHelloDone, in one or several records.
enum TLSFlightSamples {
    /// Two stand-in certificates: the parser never decodes X.509, it only cuts the list.
    static let leaf: [UInt8] = [0x30, 0x82, 0x00, 0x05] + [0x01, 0x02, 0x03, 0x04, 0x05]
    static let intermediate: [UInt8] = [0x30, 0x03, 0xAA, 0xBB, 0xCC]

    static func u24(_ value: Int) -> [UInt8] {
        [UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// `struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;` as a handshake message:
    /// type 11, uint24 length, uint24 list length, then uint24 length + DER per certificate.
    static func certificateMessage(_ certificates: [[UInt8]]) -> [UInt8] {
        let list = certificates.flatMap { u24($0.count) + $0 }
        let body = u24(list.count) + list
        return [0x0B] + u24(body.count) + body
    }

    /// ServerHelloDone: type 14, length 0.
    static let serverHelloDone: [UInt8] = [0x0E, 0x00, 0x00, 0x00]

    /// The handshake messages of a flight, without record headers.
    static func messages(_ certificates: [[UInt8]] = [leaf, intermediate]) -> [UInt8] {
        Array(TLSSamples.serverHello12.dropFirst(5)) + certificateMessage(certificates) + serverHelloDone
    }

    /// `stream` cut into handshake records of at most `size` bytes each.
    static func records(_ stream: [UInt8], size: Int) -> [UInt8] {
        stride(from: 0, to: stream.count, by: size).flatMap { start -> [UInt8] in
            let fragment = stream[start..<min(start + size, stream.count)]
            return [0x16, 0x03, 0x03, UInt8(fragment.count >> 8), UInt8(fragment.count & 0xFF)] + fragment
        }
    }

    /// The whole flight in one record.
    static var oneRecord: [UInt8] { records(messages(), size: 1 << 14) }
}

@Suite("TLS server flight: ServerHello to Certificate")
struct TLSServerFlightTests {
    @Test("one record holding ServerHello, Certificate and ServerHelloDone gives the chain")
    func oneRecord() throws {
        let result = TLSHandshakeParser.parseServerFlight(TLSFlightSamples.oneRecord)
        #expect(result.anomalies.isEmpty)
        let flight = try #require(result.message)
        #expect(flight.serverHello.cipherSuite == TLSCipherSuite(rawValue: 0xC02F))
        #expect(flight.certificates == [TLSFlightSamples.leaf, TLSFlightSamples.intermediate])
        #expect(flight.certificateCount == 2 && flight.hasCertificateMessage && !flight.isPending)
        #expect(!flight.certificatesEncrypted)
    }

    @Test("the Certificate message split across records of every size gives the same chain")
    func splitAcrossRecords() throws {
        let messages = TLSFlightSamples.messages()
        for size in 1...messages.count {
            let result = TLSHandshakeParser.parseServerFlight(TLSFlightSamples.records(messages, size: size))
            let flight = try #require(result.message, "record size \(size)")
            #expect(flight.certificates == [TLSFlightSamples.leaf, TLSFlightSamples.intermediate], "size \(size)")
            #expect(!flight.isPending)
        }
    }

    @Test("truncation at every offset: need more data or a pending flight, never a trap or a wrong chain")
    func truncationAtEveryOffset() throws {
        for input in [TLSFlightSamples.oneRecord, TLSFlightSamples.records(TLSFlightSamples.messages(), size: 7)] {
            for cut in 0..<input.count {
                let prefix = Array(input[..<cut])
                switch TLSHandshakeParser.parseServerFlight(prefix) {
                case .needMoreData(let needed):
                    #expect((needed ?? 1) > 0)
                case .message(let flight, _):
                    // Before the Certificate message is whole the flight is pending and holds no certificate
                    // that is not wholly present.
                    #expect(flight.isPending || flight.certificates.count == 2, "cut \(cut)")
                    for certificate in flight.certificates {
                        #expect([TLSFlightSamples.leaf, TLSFlightSamples.intermediate].contains(certificate))
                    }
                case .malformed(let anomalies):
                    Issue.record("cut \(cut) malformed: \(anomalies)")
                }
                // Declared complete, the same prefix gives whatever certificates are whole, and never traps.
                let final = TLSHandshakeParser.parseServerFlight(prefix, isComplete: true)
                if let flight = final.message {
                    #expect(!flight.isPending)
                    if flight.hasCertificateMessage && flight.certificates.isEmpty {
                        #expect(final.anomalies.contains(.tlsCertificateCut), "cut \(cut)")
                    }
                }
            }
        }
    }

    @Test("a prefix limit inside the intermediate keeps the leaf; inside the leaf is tls.certificate_cut")
    func prefixLimit() throws {
        let input = TLSFlightSamples.oneRecord
        // 5 record + 64 hello + 4 certificate header + 3 list length + 3 leaf length + 9 leaf = 88.
        let leafEnd = 5 + 64 + 4 + 3 + 3 + TLSFlightSamples.leaf.count
        let keptLeaf = TLSHandshakeParser.parseServerFlight(Array(input[..<(leafEnd + 2)]), isComplete: true)
        #expect(try #require(keptLeaf.message).certificates == [TLSFlightSamples.leaf])
        #expect(!keptLeaf.anomalies.contains(.tlsCertificateCut))
        let cutLeaf = TLSHandshakeParser.parseServerFlight(Array(input[..<(leafEnd - 1)]), isComplete: true)
        #expect(try #require(cutLeaf.message).certificates.isEmpty)
        #expect(cutLeaf.anomalies.contains(.tlsCertificateCut))
    }

    @Test("TLS 1.3: the walk stops at the ServerHello and records no certificate")
    func tls13() throws {
        // What follows a TLS 1.3 ServerHello: change_cipher_spec, then encrypted application_data records.
        let input =
            TLSSamples.serverHello13 + [0x14, 0x03, 0x03, 0x00, 0x01, 0x01] + [
                0x17, 0x03, 0x03, 0x00, 0x04, 1, 2, 3, 4,
            ]
        for bytes in [TLSSamples.serverHello13, input] {
            let result = TLSHandshakeParser.parseServerFlight(bytes)
            let flight = try #require(result.message)
            #expect(flight.certificatesEncrypted && flight.certificates.isEmpty && !flight.isPending)
            #expect(!flight.hasCertificateMessage)
        }
    }

    @Test("resumption (ServerHello then change_cipher_spec) and ServerHelloDone end the flight without certificates")
    func flightsWithoutCertificates() throws {
        let resumed = TLSSamples.serverHello12 + [0x14, 0x03, 0x03, 0x00, 0x01, 0x01]
        let flight = try #require(TLSHandshakeParser.parseServerFlight(resumed).message)
        #expect(flight.certificates.isEmpty && !flight.isPending && !flight.hasCertificateMessage)
        let anonymous = TLSFlightSamples.records(
            Array(TLSSamples.serverHello12.dropFirst(5)) + TLSFlightSamples.serverHelloDone, size: 1 << 14)
        let anonymousFlight = try #require(TLSHandshakeParser.parseServerFlight(anonymous).message)
        #expect(anonymousFlight.certificates.isEmpty && !anonymousFlight.isPending)
        // The lone ServerHello waits for more.
        #expect(try #require(TLSHandshakeParser.parseServerFlight(TLSSamples.serverHello12).message).isPending)
    }

    @Test("certificate_list and certificate lengths too small and too large")
    func lengthFields() throws {
        let hello = Array(TLSSamples.serverHello12.dropFirst(5))
        let good = TLSFlightSamples.certificateMessage([TLSFlightSamples.leaf])
        // good: [0]=type, [1..3] message length, [4..6] list length, [7..9] certificate length.
        func flight(_ message: [UInt8]) -> ParseResult<TLSServerFlight> {
            TLSHandshakeParser.parseServerFlight(
                TLSFlightSamples.records(hello + message + TLSFlightSamples.serverHelloDone, size: 1 << 14))
        }
        func patched(_ index: Int, _ delta: Int) -> [UInt8] {
            var message = good
            message[index] = UInt8(truncatingIfNeeded: Int(message[index]) + delta)
            return message
        }
        // List length one too large: overflow; one too small: the certificate no longer fits the list.
        #expect(flight(patched(6, 1)).anomalies.contains(.tlsCertificateListOverflow))
        let shortList = flight(patched(6, -1))
        #expect(shortList.anomalies.contains(.tlsCertificateLengthOverflow))
        #expect(try #require(shortList.message).certificates.isEmpty)
        // Certificate length one too large: overflow; one too small: a stray byte after it.
        #expect(flight(patched(9, 1)).anomalies.contains(.tlsCertificateLengthOverflow))
        let shortCertificate = flight(patched(9, -1))
        #expect(shortCertificate.anomalies.contains(.tlsCertificateLengthOverflow))
        #expect(try #require(shortCertificate.message).certificates == [Array(TLSFlightSamples.leaf.dropLast())])
        // Message length one too large takes a byte of the ServerHelloDone into the list's tail; too small
        // cuts the list.
        #expect(flight(patched(3, 1)).anomalies.contains(.tlsTrailingBytes))
        #expect(flight(patched(3, -1)).anomalies.contains(.tlsCertificateListOverflow))
    }

    @Test("at most maximumCertificates certificates are kept; the rest are counted")
    func certificateBound() throws {
        let chain = (0..<7).map { [0x30, 0x01, UInt8($0)] }
        let input = TLSFlightSamples.records(TLSFlightSamples.messages(chain), size: 1 << 14)
        let flight = try #require(TLSHandshakeParser.parseServerFlight(input).message)
        #expect(flight.certificates.count == TLSHandshakeParser.maximumCertificates)
        #expect(flight.certificateCount == 7)
    }

    @Test("not a server flight: a ClientHello, an alert, SSL 2.0 bytes")
    func notAFlight() {
        #expect(
            TLSHandshakeParser.parseServerFlight(TLSSamples.clientHello).anomalies == [.tlsUnexpectedHandshakeType])
        #expect(TLSHandshakeParser.parseServerFlight([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]).message == nil)
        #expect(TLSHandshakeParser.parseServerFlight([0x80, 0x2E, 0x01, 0x00, 0x02]).message == nil)
    }

    @Test("hostile: many empty handshake messages before a Certificate stop at the walk limit")
    func walkLimit() throws {
        let hello = Array(TLSSamples.serverHello12.dropFirst(5))
        let filler = Array(repeating: [UInt8]([0x0C, 0x00, 0x00, 0x00]), count: 20).flatMap { $0 }
        let input = TLSFlightSamples.records(hello + filler, size: 1 << 14)
        let result = TLSHandshakeParser.parseServerFlight(input)
        #expect(result.anomalies.contains(.tlsTooManyHandshakeMessages))
        #expect(try #require(result.message).certificates.isEmpty)
    }
}
