import NetVetCrypto
import Testing

@Suite("Digest (OpenSSL EVP)")
struct DigestTests {
    @Test("MD5 and SHA-256 match the RFC 1321 and FIPS 180-2 test vectors")
    func vectors() {
        #expect(Digest.hex(of: "", .md5) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Digest.hex(of: "abc", .md5) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Digest.hex(of: "abc", .sha256) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.hex([0x00, 0xAB, 0xFF]) == "00abff")
    }
}
