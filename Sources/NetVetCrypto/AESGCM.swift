import COpenSSL

/// The AES ciphers, fetched from OpenSSL once for the life of the process.
final class FetchedCiphers: @unchecked Sendable {
    static let shared = FetchedCiphers()
    let aes128ECB = EVP_CIPHER_fetch(nil, "AES-128-ECB", nil)
    let aes128GCM = EVP_CIPHER_fetch(nil, "AES-128-GCM", nil)
}

/// AES-128-GCM with a 12-byte nonce through a caller-owned OpenSSL cipher context, writing into a caller-owned
/// buffer: the one implementation behind QUIC packet protection and Tuya 3.5 discovery broadcasts. Never
/// traps: a wrong key or nonce length, a short input, a failed tag or an OpenSSL failure gives `nil`/false.
enum AESGCM {
    /// The tag length.
    static let tagLength = 16
    /// The nonce length both users take.
    static let nonceLength = 12

    /// Opens `sealed` (ciphertext then its 16-byte tag) with `associatedData` into `output`, which must have
    /// room for `sealed.count - tagLength + 16` bytes. Returns the plaintext length, or `nil` if the tag does
    /// not verify.
    static func open(
        context: OpaquePointer, key: [UInt8], nonce: UnsafeRawBufferPointer, associatedData: UnsafeRawBufferPointer,
        sealed: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        guard let cipher = FetchedCiphers.shared.aes128GCM, key.count == 16, nonce.count == nonceLength,
            let nonceBase = nonce.baseAddress, sealed.count >= tagLength, let sealedBase = sealed.baseAddress,
            sealed.count <= Int(Int32.max), associatedData.count <= Int(Int32.max)
        else { return nil }
        let textLength = sealed.count - tagLength
        // OpenSSL's SET_TAG takes a mutable pointer but only copies the tag out of it.
        let tag = UnsafeMutableRawPointer(mutating: sealedBase + textLength)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = key.withUnsafeBufferPointer { key in
            guard
                EVP_DecryptInit_ex2(
                    context, cipher, key.baseAddress, nonceBase.assumingMemoryBound(to: UInt8.self), nil) == 1,
                update(context, nil, associatedData, &written, decrypt: true),
                update(
                    context, output, UnsafeRawBufferPointer(rebasing: sealed.prefix(textLength)), &written,
                    decrypt: true),
                EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(tagLength), tag) == 1
            else { return false }
            return EVP_DecryptFinal_ex(context, output + Int(written), &finalWritten) == 1
        }
        guard ok, Int(written) + Int(finalWritten) == textLength else { return nil }
        return textLength
    }

    /// Seals `plaintext` with `associatedData` into `output` as the ciphertext followed by its 16-byte tag;
    /// `output` must have room for `plaintext.count + 16 + tagLength` bytes. True on success.
    static func seal(
        context: OpaquePointer, key: [UInt8], nonce: UnsafeRawBufferPointer, associatedData: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        guard let cipher = FetchedCiphers.shared.aes128GCM, key.count == 16, nonce.count == nonceLength,
            let nonceBase = nonce.baseAddress, plaintext.count <= Int(Int32.max),
            associatedData.count <= Int(Int32.max)
        else { return false }
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = key.withUnsafeBufferPointer { key in
            guard
                EVP_EncryptInit_ex2(
                    context, cipher, key.baseAddress, nonceBase.assumingMemoryBound(to: UInt8.self), nil) == 1,
                update(context, nil, associatedData, &written, decrypt: false),
                update(context, output, plaintext, &written, decrypt: false),
                EVP_EncryptFinal_ex(context, output + Int(written), &finalWritten) == 1
            else { return false }
            return EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(tagLength), output + plaintext.count) == 1
        }
        return ok && Int(written) + Int(finalWritten) == plaintext.count
    }

    /// One EVP update of `input` (associated data when `output` is nil); true on success.
    private static func update(
        _ context: OpaquePointer, _ output: UnsafeMutablePointer<UInt8>?, _ input: UnsafeRawBufferPointer,
        _ written: inout Int32, decrypt: Bool
    ) -> Bool {
        // An empty input needs no call (and may have no base address).
        guard let base = input.baseAddress, !input.isEmpty else {
            if output != nil { written = 0 }
            return true
        }
        var count: Int32 = 0
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let status =
            decrypt
            ? EVP_DecryptUpdate(context, output, &count, bytes, Int32(input.count))
            : EVP_EncryptUpdate(context, output, &count, bytes, Int32(input.count))
        if output != nil { written = count }
        return status == 1
    }
}
