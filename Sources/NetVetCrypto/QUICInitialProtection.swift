import COpenSSL

/// The packet-protection keys of one direction of one QUIC packet number space (RFC 9001 §5.1).
public struct QUICPacketKeys: Hashable, Sendable {
    /// The AEAD key (16 bytes for AES-128-GCM).
    public var key: [UInt8]
    /// The AEAD IV (12 bytes), XORed with the packet number to make the nonce (RFC 9001 §5.3).
    public var iv: [UInt8]
    /// The header-protection key (16 bytes for AES-128-ECB, RFC 9001 §5.4.3).
    public var headerProtection: [UInt8]

    /// Keys from their parts.
    public init(key: [UInt8], iv: [UInt8], headerProtection: [UInt8]) {
        self.key = key
        self.iv = iv
        self.headerProtection = headerProtection
    }
}

/// The Initial secrets of the QUIC versions netvet reads (RFC 9001 §5.2, RFC 9369 §3.3.1): derived from
/// the client's first Destination Connection ID alone, so any observer can remove Initial protection.
public enum QUICInitialSecrets {
    /// Which end's packets the keys protect.
    public enum Side: Sendable {
        /// The client's Initials ("client in").
        case client
        /// The server's Initials ("server in").
        case server
    }

    /// QUIC version 1 (RFC 9000).
    public static let version1: UInt32 = 0x0000_0001
    /// QUIC version 2 (RFC 9369).
    public static let version2: UInt32 = 0x6B33_43CF
    /// draft-ietf-quic-tls-29 (still sent by some stacks; same labels as version 1).
    public static let draft29: UInt32 = 0xFF00_001D

    /// The `initial_salt` of `version`, or `nil` for a version netvet does not decrypt.
    public static func salt(for version: UInt32) -> [UInt8]? {
        switch version {
        // RFC 9001 §5.2.
        case version1: return hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a")
        // RFC 9369 §3.3.1.
        case version2: return hex("0dede3def700a6db819381be6e269dcbf9bd2ed9")
        // draft-ietf-quic-tls-29 §5.2.
        case draft29: return hex("afbfec289993d24c9e9786f19c6111e04390a899")
        default: return nil
        }
    }

    /// The key, IV and header-protection labels of `version` (RFC 9001 §5.1; RFC 9369 §3.3.2).
    static func labels(for version: UInt32) -> (key: String, iv: String, hp: String) {
        version == version2 ? ("quicv2 key", "quicv2 iv", "quicv2 hp") : ("quic key", "quic iv", "quic hp")
    }

    /// The Initial keys of `side` for a connection whose client chose `destinationConnectionID` in its
    /// first Initial; `nil` for an unknown version (or a broken OpenSSL).
    public static func keys(
        version: UInt32, destinationConnectionID: [UInt8], side: Side
    ) -> QUICPacketKeys? {
        guard let salt = salt(for: version),
            let initial = HKDF.extract(salt: salt, inputKeyMaterial: destinationConnectionID),
            let secret = HKDF.expandLabel(
                secret: initial, label: side == .client ? "client in" : "server in", length: HKDF.hashLength)
        else { return nil }
        return keys(version: version, secret: secret)
    }

    /// The AES-128-GCM key, IV and header-protection key of a traffic secret (RFC 9001 §5.1).
    public static func keys(version: UInt32, secret: [UInt8]) -> QUICPacketKeys? {
        let labels = labels(for: version)
        guard let key = HKDF.expandLabel(secret: secret, label: labels.key, length: 16),
            let iv = HKDF.expandLabel(secret: secret, label: labels.iv, length: 12),
            let hp = HKDF.expandLabel(secret: secret, label: labels.hp, length: 16)
        else { return nil }
        return QUICPacketKeys(key: key, iv: iv, headerProtection: hp)
    }

    /// Bytes of a constant hex string (no separators).
    static func hex(_ text: String) -> [UInt8] {
        let digits = text.utf8.map { $0 <= 0x39 ? $0 - 0x30 : $0 - 0x61 + 10 }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}

/// AES-128-ECB header protection (RFC 9001 §5.4.3) and AES-128-GCM packet protection (§5.3) through
/// OpenSSL's EVP interface.
///
/// The ciphers are fetched once for the process; each instance owns one cipher context that every call
/// reuses, so an instance is for one thread (the audit owns one). Calls never trap: a wrong key length,
/// a short input or a failed tag gives `nil`.
public final class QUICPacketProtection {
    /// The AEAD tag length of AES-128-GCM.
    public static let tagLength = 16
    /// The header-protection sample length (RFC 9001 §5.4.2).
    public static let sampleLength = 16

    private let context: OpaquePointer?

    /// A protection engine with its own cipher context.
    public init() {
        context = EVP_CIPHER_CTX_new()
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// The header-protection mask: AES-ECB(hp_key, sample), of which the first 5 bytes are used
    /// (RFC 9001 §5.4.3). `nil` if the key is not 16 bytes, the sample is short, or OpenSSL fails.
    public func headerProtectionMask(key: [UInt8], sample: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let context, let cipher = FetchedCiphers.shared.aes128ECB, key.count == 16,
            sample.count >= Self.sampleLength, let sampleBase = sample.baseAddress
        else { return nil }
        var mask = [UInt8](repeating: 0, count: 2 * Self.sampleLength)
        var written: Int32 = 0
        let status = key.withUnsafeBufferPointer { keyBytes in
            mask.withUnsafeMutableBufferPointer { output in
                guard EVP_EncryptInit_ex2(context, cipher, keyBytes.baseAddress, nil, nil) == 1,
                    EVP_CIPHER_CTX_set_padding(context, 0) == 1
                else { return Int32(0) }
                return EVP_EncryptUpdate(
                    context, output.baseAddress, &written, sampleBase.assumingMemoryBound(to: UInt8.self),
                    Int32(Self.sampleLength))
            }
        }
        guard status == 1, written == Int32(Self.sampleLength) else { return nil }
        return Array(mask.prefix(5))
    }

    /// The nonce of packet `packetNumber`: the IV XORed with the packet number, left-padded (§5.3).
    static func nonce(iv: [UInt8], packetNumber: UInt64) -> [UInt8] {
        var nonce = iv
        for index in 0..<min(8, nonce.count) {
            nonce[nonce.count - 1 - index] ^= UInt8(truncatingIfNeeded: packetNumber >> (8 * UInt64(index)))
        }
        return nonce
    }

    /// Removes AES-128-GCM packet protection (RFC 9001 §5.3): `header` is the associated data (the
    /// unprotected header up to and including the packet number), `sealed` the ciphertext followed by
    /// its 16-byte tag. Returns the plaintext, or `nil` if the tag does not verify, a key is the wrong
    /// length or `sealed` is shorter than a tag.
    public func open(
        keys: QUICPacketKeys, packetNumber: UInt64, header: UnsafeRawBufferPointer, sealed: UnsafeRawBufferPointer
    ) -> [UInt8]? {
        guard let context, sealed.count >= Self.tagLength, keys.iv.count == AESGCM.nonceLength else { return nil }
        let nonce = Self.nonce(iv: keys.iv, packetNumber: packetNumber)
        // One spare block: OpenSSL may write up to a block more than it is given in some modes.
        var plaintext = [UInt8](repeating: 0, count: sealed.count - Self.tagLength + 16)
        let opened = nonce.withUnsafeBytes { nonce in
            plaintext.withUnsafeMutableBufferPointer { output in
                output.baseAddress.flatMap {
                    AESGCM.open(
                        context: context, key: keys.key, nonce: nonce, associatedData: header, sealed: sealed, into: $0)
                }
            }
        }
        guard opened != nil else { return nil }
        plaintext.removeLast(16)
        return plaintext
    }

    /// Applies AES-128-GCM packet protection: the ciphertext of `plaintext` followed by its 16-byte tag,
    /// with `header` as associated data. The inverse of `open`, for building test packets and fuzz seeds.
    public func seal(
        keys: QUICPacketKeys, packetNumber: UInt64, header: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer
    ) -> [UInt8]? {
        guard let context, keys.iv.count == AESGCM.nonceLength else { return nil }
        let nonce = Self.nonce(iv: keys.iv, packetNumber: packetNumber)
        var output = [UInt8](repeating: 0, count: plaintext.count + 16 + Self.tagLength)
        let sealed = nonce.withUnsafeBytes { nonce in
            output.withUnsafeMutableBufferPointer { output in
                output.baseAddress.map {
                    AESGCM.seal(
                        context: context, key: keys.key, nonce: nonce, associatedData: header, plaintext: plaintext,
                        into: $0)
                } ?? false
            }
        }
        guard sealed else { return nil }
        return Array(output.prefix(plaintext.count + Self.tagLength))
    }
}
