import COpenSSL

/// Message digests through OpenSSL's EVP interface: every OpenSSL call of netvet lives in this module
/// (STYLE.md §5). Fingerprints hash short strings once per handshake, never per packet.
public enum Digest {
    /// The digest algorithms netvet uses.
    public enum Algorithm: Sendable {
        case md5
        case sha256

    }

    /// The digest of `bytes`; `nil` only if OpenSSL cannot provide the algorithm (a broken install).
    public static func hash(_ bytes: some Sequence<UInt8>, _ algorithm: Algorithm) -> [UInt8]? {
        let input = Array(bytes)
        // OpenSSL 3 looks an algorithm up on every implicit use; fetching once halves the cost.
        guard let md = algorithm == .md5 ? fetchedDigests.md5 : fetchedDigests.sha256 else { return nil }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = input.withUnsafeBytes { source in
            output.withUnsafeMutableBufferPointer { target in
                EVP_Digest(source.baseAddress, source.count, target.baseAddress, &length, md, nil)
            }
        }
        guard status == 1 else { return nil }
        return Array(output.prefix(Int(length)))
    }

    /// Lower-case hex of the digest of `text`'s UTF-8 bytes (e.g. JA3's MD5, JA4's truncated SHA-256).
    public static func hex(of text: String, _ algorithm: Algorithm) -> String? {
        hash(Array(text.utf8), algorithm).map(Self.hex)
    }

    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        // Arithmetic, not a digit table: a table built per call was an allocation per fingerprint.
        func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble }
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digit(byte >> 4)
                buffer[2 * index + 1] = digit(byte & 0xF)
            }
            return bytes.count * 2
        }
    }
}

/// The digest implementations, fetched from OpenSSL once for the life of the process.
private final class FetchedDigests: @unchecked Sendable {
    let md5 = EVP_MD_fetch(nil, "MD5", nil)
    let sha256 = EVP_MD_fetch(nil, "SHA256", nil)
}

private let fetchedDigests = FetchedDigests()
