// libFuzzer target for the application-layer parsers of NetVetProtocols (STYLE.md §7.4), the JA3/JA3S/JA4/JA4S
// fingerprints of the TLS hellos they parse, and X509Certificate (OpenSSL) + JA4X on the certificates of TLS
// server flights.
//
// Build and run with `scripts/fuzz.sh protocols` (docs/swift-stack.md §4). This file is deliberately not named
// main.swift: SwiftPM's synthesized main would otherwise replace libFuzzer's.
//
// Input layout (also that of Tests/Fuzz/corpus/protocols and Tests/Fuzz/regressions/protocols): byte 0 picks
// the parser family (byte % 9: 0 DHCP+DHCPv6, 1 DNS+DNS-SD+NBNS, 2 SSDP+HTTP+UPnP+CWMP, 3 TLS+fingerprints+
// certificates, 4 LLDP+CDP, 5 SSH/FTP/Telnet banners, 6 QUIC Initials+frames+fingerprints, 7 WS-Discovery+SADP+
// DHIP, 8 SNMP), the rest is the message. See ProtocolFuzzDispatch (Tests/NetVetFuzzing).
import NetVetCrypto
import NetVetFingerprint
import NetVetFuzzing
import NetVetProtocols
import NetVetWire

#if canImport(Glibc)
    import Glibc
#endif

/// The one family to fuzz, from `NETVET_FUZZ_FAMILY` (its number, as `scripts/fuzz.sh protocols:<family>` sets
/// it), or nil for all: inputs of other families are skipped, so a campaign's time goes to that family alone.
let onlyFamily: ProtocolFuzzDispatch.Family? = getenv("NETVET_FUZZ_FAMILY")
    .flatMap { Int(String(cString: $0)) }.flatMap(ProtocolFuzzDispatch.Family.init(rawValue:))

/// The libFuzzer entry point: runs one input through its parser family. Never fails; a broken invariant traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtocolsOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    if let onlyFamily, ProtocolFuzzDispatch.family(of: input) != onlyFamily { return -1 }
    var outcome = ProtocolFuzzDispatch.run(input)
    switch outcome.tls {
    case .clientHello(let hello)?:
        for transport in [JA4Transport.tcp, .quic, .dtls] {
            if let ja4 = JA4.fingerprint(of: hello, transport: transport) {
                outcome.digest &+= ja4.hashed.utf8.count &+ ja4.raw.utf8.count
                outcome.digest &+= ja4.originalHashed.utf8.count &+ ja4.originalRaw.utf8.count
            }
            outcome.digest &+= JA4.clientVersion(hello, transport: transport).rawValue.hashValue
        }
        if let ja3 = JA3.fingerprint(of: hello) { outcome.digest &+= ja3.raw.utf8.count &+ ja3.hashed.utf8.count }
    case .serverHello(let hello)?:
        for transport in [JA4Transport.tcp, .quic, .dtls] {
            if let ja4s = JA4S.fingerprint(of: hello, transport: transport) {
                outcome.digest &+= ja4s.hashed.utf8.count &+ ja4s.raw.utf8.count
            }
        }
        if let ja3s = JA3S.fingerprint(of: hello) { outcome.digest &+= ja3s.raw.utf8.count &+ ja3s.hashed.utf8.count }
    case nil:
        break
    }
    for der in outcome.certificates {
        guard let certificate = X509Certificate(der: der) else { continue }
        outcome.digest &+= certificate.subject.utf8.count &+ certificate.issuer.utf8.count
        outcome.digest &+= certificate.alternativeNames.count &+ (certificate.notAfter?.utf8.count ?? 0)
        if let ja4x = JA4X.fingerprint(of: certificate) {
            outcome.digest &+= ja4x.hashed.utf8.count &+ ja4x.raw.utf8.count
        }
    }
    // An opaque sink: the digest is never 42 in practice, but the optimiser cannot know that.
    if outcome.digest == 42 { print("", terminator: "") }
    return 0
}
