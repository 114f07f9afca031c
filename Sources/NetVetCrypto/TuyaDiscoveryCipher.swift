import COpenSSL

/// The cipher of Tuya LAN discovery broadcasts: AES-128-ECB with PKCS#7 padding (protocols 3.3 and 3.4,
/// `55AA` frames on UDP 6667) and AES-128-GCM (protocol 3.5, `6699` frames), both under the public
/// discovery key MD5("yGAdlopoPVldABfn") that tuya-convert, tinytuya and tuyapi publish (docs/protocols/tuya.md).
///
/// The key is fixed, so anyone on the LAN can read the broadcasts; this is not a secret netvet holds. One
/// instance owns one OpenSSL cipher context and one plaintext buffer that every call reuses (no allocation
/// per datagram once the buffer has grown to the largest payload), so an instance is for one thread.
/// Calls never trap: bad padding, a failed tag, an input longer than `maxInputLength` or an OpenSSL failure
/// give `nil`.
public final class TuyaDiscoveryCipher {
    /// The discovery key's passphrase, as published by tuya-convert and tinytuya (`udpkey`).
    public static let passphrase = "yGAdlopoPVldABfn"
    /// Longest ciphertext accepted, in bytes (discovery JSON is a few hundred bytes).
    public static let maxInputLength = 4096
    /// The AES-GCM nonce and tag lengths of the `6699` frame.
    public static let nonceLength = AESGCM.nonceLength
    public static let tagLength = AESGCM.tagLength

    /// MD5 of `passphrase` (16 bytes), or empty if OpenSSL cannot give MD5.
    public let key: [UInt8]
    private let context: OpaquePointer?
    /// The plaintext of the last call; sized once to `maxInputLength` plus a block.
    private var plaintext: [UInt8]

    /// A cipher with its own OpenSSL context and buffer.
    public init() {
        key = Digest.hash(Self.passphrase.utf8, .md5) ?? []
        context = EVP_CIPHER_CTX_new()
        plaintext = [UInt8](repeating: 0, count: Self.maxInputLength + 16)
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// Decrypts AES-128-ECB `ciphertext` (a whole number of 16-byte blocks) and removes its PKCS#7 padding,
    /// then calls `body` with the plaintext (valid only during the call). `nil` without calling `body` if
    /// the length is not a positive multiple of 16 or above `maxInputLength`, or the padding is wrong.
    public func decryptECB<Result>(
        _ ciphertext: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result? {
        guard let context, let cipher = FetchedCiphers.shared.aes128ECB, key.count == 16, !ciphertext.isEmpty,
            ciphertext.count % 16 == 0, ciphertext.count <= Self.maxInputLength,
            let input = ciphertext.baseAddress
        else { return nil }
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = key.withUnsafeBufferPointer { key in
            plaintext.withUnsafeMutableBufferPointer { output in
                guard EVP_DecryptInit_ex2(context, cipher, key.baseAddress, nil, nil) == 1,
                    EVP_CIPHER_CTX_set_padding(context, 1) == 1,
                    EVP_DecryptUpdate(
                        context, output.baseAddress, &written, input.assumingMemoryBound(to: UInt8.self),
                        Int32(ciphertext.count)) == 1
                else { return false }
                // OpenSSL checks the PKCS#7 padding here and fails on a wrong one.
                return EVP_DecryptFinal_ex(context, output.baseAddress.map { $0 + Int(written) }, &finalWritten) == 1
            }
        }
        let length = Int(written) + Int(finalWritten)
        guard ok, length >= 0, length <= ciphertext.count else { return nil }
        return plaintext.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// Opens AES-128-GCM `sealed` (ciphertext then its 16-byte tag) with `nonce` (12 bytes) and `associatedData`,
    /// then calls `body` with the plaintext (valid only during the call). `nil` without calling `body` if the
    /// tag does not verify, the nonce is not 12 bytes, `sealed` is shorter than a tag or longer than
    /// `maxInputLength`.
    public func openGCM<Result>(
        nonce: UnsafeRawBufferPointer, associatedData: UnsafeRawBufferPointer, sealed: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result? {
        guard let context, sealed.count <= Self.maxInputLength, associatedData.count <= Self.maxInputLength else {
            return nil
        }
        // The buffer holds `maxInputLength` plus a block, the room `AESGCM.open` needs.
        let opened = plaintext.withUnsafeMutableBufferPointer { output in
            output.baseAddress.flatMap {
                AESGCM.open(
                    context: context, key: key, nonce: nonce, associatedData: associatedData, sealed: sealed, into: $0)
            }
        }
        guard let length = opened else { return nil }
        return plaintext.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// AES-128-ECB with PKCS#7 padding: the inverse of `decryptECB`, for building test datagrams and fuzz
    /// seeds. `nil` on an OpenSSL failure or an input longer than `maxInputLength`.
    public func encryptECB(_ plaintext: [UInt8]) -> [UInt8]? {
        guard let context, let cipher = FetchedCiphers.shared.aes128ECB, key.count == 16,
            plaintext.count <= Self.maxInputLength
        else { return nil }
        var output = [UInt8](repeating: 0, count: plaintext.count + 32)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = key.withUnsafeBufferPointer { key in
            plaintext.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { output in
                    guard EVP_EncryptInit_ex2(context, cipher, key.baseAddress, nil, nil) == 1,
                        EVP_CIPHER_CTX_set_padding(context, 1) == 1,
                        EVP_EncryptUpdate(context, output.baseAddress, &written, input.baseAddress, Int32(input.count))
                            == 1
                    else { return false }
                    return EVP_EncryptFinal_ex(context, output.baseAddress.map { $0 + Int(written) }, &finalWritten)
                        == 1
                }
            }
        }
        guard ok else { return nil }
        return Array(output.prefix(Int(written) + Int(finalWritten)))
    }

    /// AES-128-GCM: the ciphertext of `plaintext` followed by its 16-byte tag; the inverse of `openGCM`, for
    /// building test datagrams and fuzz seeds. `nil` on an OpenSSL failure or a nonce that is not 12 bytes.
    public func sealGCM(nonce: [UInt8], associatedData: [UInt8], plaintext: [UInt8]) -> [UInt8]? {
        guard let context, plaintext.count <= Self.maxInputLength, associatedData.count <= Self.maxInputLength else {
            return nil
        }
        var output = [UInt8](repeating: 0, count: plaintext.count + 16 + Self.tagLength)
        let sealed = nonce.withUnsafeBytes { nonce in
            associatedData.withUnsafeBytes { associatedData in
                plaintext.withUnsafeBytes { plaintext in
                    output.withUnsafeMutableBufferPointer { output in
                        output.baseAddress.map {
                            AESGCM.seal(
                                context: context, key: key, nonce: nonce, associatedData: associatedData,
                                plaintext: plaintext, into: $0)
                        } ?? false
                    }
                }
            }
        }
        guard sealed else { return nil }
        return Array(output.prefix(plaintext.count + Self.tagLength))
    }
}
