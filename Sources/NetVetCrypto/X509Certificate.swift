import COpenSSL

/// An X.509 certificate (RFC 5280 §4.1) as netvet reports it, read from DER by OpenSSL: every X.509
/// OpenSSL call of netvet lives in this file (STYLE.md §5), and every OpenSSL object it makes is freed
/// before `init(der:)` returns. Strings are owned copies, bounded in number and length.
public struct X509Certificate: Hashable, Sendable {
    /// One attribute of a distinguished name, in DER order.
    public struct NameAttribute: Hashable, Sendable {
        /// The attribute type's OpenSSL short name (`CN`, `O`, `OU`, `C`...), else its dotted OID.
        public var name: String
        /// The attribute type's OID, dotted (`2.5.4.3`).
        public var oid: String
        /// The OID's DER content bytes (without tag and length), as JA4X hashes them.
        public var oidBytes: [UInt8]
        /// The value as UTF-8 (at most `maximumStringLength` bytes).
        public var value: String
        /// True when this attribute shares its RDN with the one before it (a multi-valued RDN, `+`).
        public var continuesRDN: Bool
    }

    /// A subjectAltName entry netvet keeps (RFC 5280 §4.2.1.6).
    public enum AlternativeName: Hashable, Sendable, CustomStringConvertible {
        case dns(String)
        case ip(String)
        case email(String)
        case uri(String)

        /// `DNS:name`, `IP:address`, `email:address` or `URI:uri`, as OpenSSL prints them.
        public var description: String {
            switch self {
            case .dns(let name): return "DNS:" + name
            case .ip(let address): return "IP:" + address
            case .email(let address): return "email:" + address
            case .uri(let uri): return "URI:" + uri
            }
        }
    }

    /// Attributes kept per name; real names have fewer than ten.
    public static let maximumNameAttributes = 32
    /// Subject alternative names kept; CDN certificates list hundreds, devices one or two.
    public static let maximumAlternativeNames = 16
    /// Extensions whose OIDs are kept (JA4X part c).
    public static let maximumExtensions = 64
    /// Bytes kept of one string value (UTF-8).
    public static let maximumStringLength = 256

    /// Subject attributes in DER order.
    public var subjectAttributes: [NameAttribute] = []
    /// Issuer attributes in DER order.
    public var issuerAttributes: [NameAttribute] = []
    /// subjectAltName entries of the kinds above, in order, at most `maximumAlternativeNames`.
    public var alternativeNames: [AlternativeName] = []
    /// How many subjectAltName entries the certificate holds (of any kind).
    public var alternativeNameCount = 0
    /// The extension OIDs' DER content bytes, in order (at most `maximumExtensions`).
    public var extensionOIDs: [[UInt8]] = []
    /// `notBefore` and `notAfter` as RFC 3339 UTC (`2026-01-31T12:00:00Z`); nil if unreadable.
    public var notBefore: String?
    public var notAfter: String?
    /// The serial number's content bytes in lower-case hex (two's complement, as encoded).
    public var serialNumber = ""
    /// True when the subject is also the issuer (names and key identifiers match; the signature is not
    /// checked): a self-signed certificate, typical of cameras and NVRs.
    public var isSelfSigned = false
    /// The signature algorithm's OpenSSL long name (`sha256WithRSAEncryption`), or its dotted OID.
    public var signatureAlgorithm = ""
    /// The public key's algorithm as OpenSSL's short name of its OID (`rsaEncryption`, `id-ecPublicKey`,
    /// `ED25519`...), or the dotted OID. Read from SubjectPublicKeyInfo without decoding the key: decoding
    /// (OpenSSL's provider decoders) cost more than the rest of the certificate together.
    public var keyType: String?

    /// An OpenSSL library context holding only the "null" provider, so no key decoders: OpenSSL 3 decodes
    /// a certificate's public key eagerly while parsing it, through its provider decoders, which cost more
    /// than the rest of the certificate together; nothing netvet reads needs the decoded key (the key
    /// stays available as raw SubjectPublicKeyInfo). `nil` if OpenSSL cannot make one: then the default
    /// context is used.
    nonisolated(unsafe) private static let keylessContext: OpaquePointer? = {
        guard let context = OSSL_LIB_CTX_new() else { return nil }
        guard OSSL_PROVIDER_load(context, "null") != nil else {
            OSSL_LIB_CTX_free(context)
            return nil
        }
        return context
    }()

    /// Reads a DER certificate; `nil` if OpenSSL cannot decode it (`tls.certificate_malformed` for the
    /// caller). Never traps on any input.
    public init?(der: [UInt8]) {
        // d2i_X509 takes a long length; an empty input is simply not a certificate.
        guard !der.isEmpty, let length = Int(exactly: der.count) else { return nil }
        // Decoded in a library context without key decoders (see `keylessContext`).
        var target: OpaquePointer? = Self.keylessContext.flatMap { X509_new_ex($0, nil) }
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(&target, &cursor, length)
        }
        guard let certificate = decoded else {
            // On failure d2i_X509 frees the object it was given and clears the pointer.
            if let target { X509_free(target) }
            ERR_clear_error()
            return nil
        }
        defer { X509_free(certificate) }

        subjectAttributes = Self.attributes(of: X509_get_subject_name(certificate))
        issuerAttributes = Self.attributes(of: X509_get_issuer_name(certificate))
        let extensionCount = X509_get_ext_count(certificate)
        if extensionCount > 0 {
            for index in 0..<min(extensionCount, Int32(Self.maximumExtensions)) {
                guard let item = X509_get_ext(certificate, index) else { continue }
                extensionOIDs.append(Self.oidBytes(X509_EXTENSION_get_object(item)))
            }
        }
        readAlternativeNames(certificate)
        notBefore = Self.rfc3339(X509_get0_notBefore(certificate))
        notAfter = Self.rfc3339(X509_get0_notAfter(certificate))
        if let serial = X509_get0_serialNumber(certificate) {
            serialNumber = Self.hex(Self.bytes(of: serial, limit: 64))
        }
        // Not X509_self_signed: it decodes the public key to compare algorithms. Names equal, and key
        // identifiers equal when both are present, is the same test without the signature check.
        if let subject = X509_get_subject_name(certificate), let issuer = X509_get_issuer_name(certificate),
            X509_NAME_cmp(subject, issuer) == 0
        {
            let subjectKey = X509_get0_subject_key_id(certificate)
            let authorityKey = X509_get0_authority_key_id(certificate)
            if let subjectKey, let authorityKey {
                isSelfSigned = ASN1_OCTET_STRING_cmp(subjectKey, authorityKey) == 0
            } else {
                isSelfSigned = true
            }
        }
        let signatureNID = X509_get_signature_nid(certificate)
        if signatureNID != NID_undef, let name = OBJ_nid2ln(signatureNID) {
            signatureAlgorithm = String(cString: name)
        } else {
            var algorithm: UnsafePointer<X509_ALGOR>?
            X509_get0_signature(nil, &algorithm, certificate)
            var object: OpaquePointer?
            X509_ALGOR_get0(&object, nil, nil, algorithm)
            signatureAlgorithm = Self.dotted(object)
        }
        if let publicKey = X509_get_X509_PUBKEY(certificate) {
            var algorithm: OpaquePointer?
            if X509_PUBKEY_get0_param(&algorithm, nil, nil, nil, publicKey) == 1, let algorithm {
                let nid = OBJ_obj2nid(algorithm)
                if nid != NID_undef, let name = OBJ_nid2sn(nid) {
                    keyType = String(cString: name)
                } else {
                    keyType = Self.dotted(algorithm)
                }
            }
        }
        // Lazily decoded parts (extensions, keys) may leave errors queued; they must not leak to others.
        ERR_clear_error()
    }

    // MARK: - Accessors

    /// The subject as one line, most specific attribute first (RFC 4514 §2: `CN=cam,O=Maker,C=CN`).
    public var subject: String { Self.oneLine(subjectAttributes) }
    /// The issuer as one line, like `subject`.
    public var issuer: String { Self.oneLine(issuerAttributes) }
    /// The first subject commonName, organizationName and organizationalUnitName.
    public var subjectCommonName: String? { subjectAttributes.first { $0.oid == "2.5.4.3" }?.value }
    public var subjectOrganization: String? { subjectAttributes.first { $0.oid == "2.5.4.10" }?.value }
    public var subjectOrganizationalUnit: String? { subjectAttributes.first { $0.oid == "2.5.4.11" }?.value }
    /// The first issuer commonName and organizationName.
    public var issuerCommonName: String? { issuerAttributes.first { $0.oid == "2.5.4.3" }?.value }
    public var issuerOrganization: String? { issuerAttributes.first { $0.oid == "2.5.4.10" }?.value }
    /// The dNSName entries of subjectAltName.
    public var dnsNames: [String] {
        alternativeNames.compactMap { if case .dns(let name) = $0 { name } else { nil } }
    }

    /// RFC 4514 §2.1-2.4: RDNs in reverse order separated by `,`, multi-valued RDN members by `+`, and
    /// `,+"\<>;` (and a leading `#` or space, a trailing space) escaped with a backslash.
    static func oneLine(_ attributes: [NameAttribute]) -> String {
        var rdns: [[NameAttribute]] = []
        for attribute in attributes {
            if attribute.continuesRDN, !rdns.isEmpty {
                rdns[rdns.count - 1].append(attribute)
            } else {
                rdns.append([attribute])
            }
        }
        return rdns.reversed().map { rdn in
            rdn.map { $0.name + "=" + escape($0.value) }.joined(separator: "+")
        }.joined(separator: ",")
    }

    private static func escape(_ value: String) -> String {
        // Over UTF-8 bytes: every character RFC 4514 escapes is ASCII, and no byte of a multi-byte
        // sequence is ASCII. (Walking Characters, with grapheme breaking, was most of a certificate's cost.)
        let bytes = Array(value.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for (index, byte) in bytes.enumerated() {
            let special: Bool
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"),
                UInt8(ascii: ">"), UInt8(ascii: ";"):
                special = true
            default:
                special = false
            }
            let edge =
                (index == 0 && (byte == UInt8(ascii: "#") || byte == UInt8(ascii: " ")))
                || (index == bytes.count - 1 && byte == UInt8(ascii: " "))
            if special || edge { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - OpenSSL readers

    /// The attributes of `name` in DER order, at most `maximumNameAttributes`.
    private static func attributes(of name: OpaquePointer?) -> [NameAttribute] {
        guard let name else { return [] }
        var result: [NameAttribute] = []
        let count = min(X509_NAME_entry_count(name), Int32(maximumNameAttributes))
        guard count > 0 else { return [] }
        var previousSet: Int32 = -1
        for index in 0..<count {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let object = X509_NAME_ENTRY_get_object(entry)
            let nid = OBJ_obj2nid(object)
            let dotted = dotted(object)
            let shortName = nid != NID_undef ? OBJ_nid2sn(nid).map { String(cString: $0) } : nil
            let set = X509_NAME_ENTRY_set(entry)
            result.append(
                NameAttribute(
                    name: shortName ?? dotted, oid: dotted, oidBytes: oidBytes(object),
                    value: utf8(X509_NAME_ENTRY_get_data(entry)), continuesRDN: set == previousSet))
            previousSet = set
        }
        return result
    }

    /// Reads subjectAltName (kept kinds only, bounded) into `alternativeNames`.
    private mutating func readAlternativeNames(_ certificate: OpaquePointer) {
        var critical: Int32 = 0
        guard let decoded = X509_get_ext_d2i(certificate, NID_subject_alt_name, &critical, nil) else { return }
        let names = OpaquePointer(decoded)
        defer { GENERAL_NAMES_free(names) }
        let count = OPENSSL_sk_num(names)
        guard count > 0 else { return }
        alternativeNameCount = Int(count)
        for index in 0..<count where alternativeNames.count < Self.maximumAlternativeNames {
            guard let raw = OPENSSL_sk_value(names, index) else { continue }
            let entry = raw.assumingMemoryBound(to: GENERAL_NAME.self).pointee
            switch entry.type {
            case GEN_DNS: alternativeNames.append(.dns(Self.utf8(entry.d.dNSName)))
            case GEN_EMAIL: alternativeNames.append(.email(Self.utf8(entry.d.rfc822Name)))
            case GEN_URI: alternativeNames.append(.uri(Self.utf8(entry.d.uniformResourceIdentifier)))
            case GEN_IPADD:
                let bytes = Self.bytes(of: entry.d.iPAddress, limit: 16)
                if let text = Self.ipText(bytes) { alternativeNames.append(.ip(text)) }
            default: continue
            }
        }
    }

    /// The content bytes of an ASN.1 string (at most `limit`).
    private static func bytes(of string: UnsafePointer<ASN1_STRING>?, limit: Int) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        let length = Int(ASN1_STRING_length(string))
        guard length > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: min(length, limit)))
    }

    private static func bytes(of string: UnsafeMutablePointer<ASN1_STRING>?, limit: Int) -> [UInt8] {
        bytes(of: UnsafePointer(string), limit: limit)
    }

    /// An ASN.1 string converted to UTF-8 by OpenSSL (any of the directory string types), bounded.
    private static func utf8(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        guard let string else { return "" }
        var output: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&output, string)
        guard length >= 0, let output else {
            // Not convertible (a bad BMPString...): keep the raw bytes, read leniently as UTF-8.
            return String(decoding: bytes(of: string, limit: maximumStringLength), as: UTF8.self)
        }
        defer { CRYPTO_free(output, #fileID, #line) }
        let text = UnsafeBufferPointer(start: output, count: min(Int(length), maximumStringLength))
        return String(decoding: text, as: UTF8.self)
    }

    /// The DER content bytes of an OID.
    private static func oidBytes(_ object: OpaquePointer?) -> [UInt8] {
        guard let object, let data = OBJ_get0_data(object) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: min(OBJ_length(object), 64)))
    }

    /// An OID in dotted form (OpenSSL never abbreviates with `no_name` = 1).
    private static func dotted(_ object: OpaquePointer?) -> String {
        guard let object else { return "" }
        var buffer = [CChar](repeating: 0, count: 128)
        let written = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        guard written > 0 else { return "" }
        return String(
            decoding: buffer.prefix(min(Int(written), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An ASN1_TIME as RFC 3339 UTC, or nil if OpenSSL cannot read it.
    private static func rfc3339(_ time: UnsafePointer<ASN1_TIME>?) -> String? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "Z"
    }

    /// Dotted IPv4 or RFC 5952-ish IPv6 text of a 4- or 16-byte address; nil for other lengths.
    private static func ipText(_ bytes: [UInt8]) -> String? {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return nil }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        // The longest run of two or more zero groups becomes `::` (RFC 5952 §4.2).
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        let text = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return text.joined(separator: ":") }
        let head = text[..<bestStart].joined(separator: ":")
        let tail = text[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    static func hex(_ bytes: [UInt8]) -> String { Digest.hex(bytes) }
}
