import COpenSSL

/// HMAC-SHA256 (RFC 2104) and HKDF (RFC 5869) with TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1), over
/// OpenSSL's SHA-256, fetched once (see `Digest`).
///
/// QUIC derives its Initial secrets with these (RFC 9001 §5.2): a handful of HMACs per new connection,
/// never per packet. Outputs are at most one SHA-256 block long (32 bytes), which is all QUIC needs.
public enum HKDF {
    /// SHA-256's output length, the only hash length netvet derives with.
    public static let hashLength = 32
    private static let blockLength = 64

    /// HMAC-SHA256 of `message` under `key`; `nil` only if OpenSSL cannot provide SHA-256.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        // RFC 2104 §2: keys longer than the block are hashed first, shorter ones zero-padded.
        var block = key
        if block.count > blockLength {
            guard let hashed = Digest.hash(block, .sha256) else { return nil }
            block = hashed
        }
        block += [UInt8](repeating: 0, count: blockLength - block.count)
        guard let inner = Digest.hash(block.map { $0 ^ 0x36 } + message, .sha256) else { return nil }
        return Digest.hash(block.map { $0 ^ 0x5C } + inner, .sha256)
    }

    /// HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2).
    public static func extract(salt: [UInt8], inputKeyMaterial: [UInt8]) -> [UInt8]? {
        hmacSHA256(key: salt, message: inputKeyMaterial)
    }

    /// HKDF-Expand(PRK, info, L) (RFC 5869 §2.3) for L ≤ 32 (one block); `nil` for a longer L.
    public static func expand(pseudorandomKey: [UInt8], info: [UInt8], length: Int) -> [UInt8]? {
        // One block of T(1) = HMAC(PRK, info | 0x01) covers every QUIC key, IV and secret.
        guard length >= 0, length <= hashLength else { return nil }
        return hmacSHA256(key: pseudorandomKey, message: info + [0x01]).map { Array($0.prefix(length)) }
    }

    /// HKDF-Expand-Label(Secret, Label, Context, Length) (RFC 8446 §7.1):
    ///
    ///     struct { uint16 length = Length; opaque label<7..255> = "tls13 " + Label;
    ///              opaque context<0..255> = Context; } HkdfLabel;
    public static func expandLabel(secret: [UInt8], label: String, context: [UInt8] = [], length: Int) -> [UInt8]? {
        let fullLabel = Array("tls13 ".utf8) + Array(label.utf8)
        // The label and context are 1-byte-length vectors.
        guard fullLabel.count <= 255, context.count <= 255, length >= 0, length <= 0xFFFF else { return nil }
        let info =
            [UInt8(length >> 8), UInt8(length & 0xFF), UInt8(fullLabel.count)] + fullLabel
            + [UInt8(context.count)] + context
        return expand(pseudorandomKey: secret, info: info, length: length)
    }
}
