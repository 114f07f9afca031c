/// Writes a device's raw evidence as a ready-to-edit signature (p0f's new-signature loop;
/// `netvet fingerprint`, docs/FINGERPRINTS.md "Adding a signature").
///
/// The skeleton's `'?'` placeholders (id, description, yields, confidence, provenance) are values the
/// loader refuses, so a skeleton cannot slip into `Rules/fingerprints/` unedited.
public enum SignatureSkeleton {
    /// Conditions put in a skeleton's `match: all:` at most.
    public static let maxConditions = 3

    /// Evidence fields that name a product line, most specific first; a skeleton matches on the first
    /// `maxConditions` a device has. Fields holding one unit's values (host names, MACs, serial flags,
    /// UUIDs, addresses) are never suggested: a signature must match every unit of a model.
    public static let specificFields: [(source: String, field: String)] = [
        ("upnp", "model_name"), ("upnp", "model_number"), ("sadp", "model"), ("dhip", "device_type"),
        ("tuya", "product_key"),
        ("onvif", "hardware"), ("onvif", "model"), ("cwmp", "product_class"), ("cwmp", "model_name"),
        ("lldp", "model"), ("cdp", "platform"), ("snmp", "sys_object_id"), ("mdns", "txt.md"), ("mdns", "txt.model"),
        ("mdns", "txt.ty"), ("mdns", "txt.usb_MDL"), ("upnp", "manufacturer"), ("cwmp", "manufacturer"),
        ("lldp", "manufacturer"), ("dhip", "vendor"), ("mdns", "txt.manufacturer"), ("mdns", "txt.usb_MFG"),
        ("lldp", "system_description"), ("snmp", "sys_descr"), ("dhcp", "vendor_class"), ("dhcpv6", "vendor_class"),
        ("sadp", "device_type"), ("dhip", "device_class"), ("onvif", "type"), ("http", "server"), ("rtsp", "server"),
        ("ssh", "server"), ("ssdp", "server"), ("ftp", "greeting"), ("telnet", "banner"), ("tls", "cert_issuer"),
        ("tls", "cert_subject"), ("http", "www_authenticate"), ("rtsp", "www_authenticate"),
        ("mdns", "service"), ("http", "user_agent"), ("rtsp", "user_agent"), ("dhcp", "parameter_request_list"),
        ("tls", "ja4x"), ("tls", "ja4"), ("quic", "ja4"), ("flow", "server_name"), ("tls", "sni"), ("dns", "query"),
    ]

    /// The header printed once before the skeletons: how to turn them into signatures.
    public static func header(devices: Int, of total: Int, minConfidence: Double) -> String {
        """
        # netvet fingerprint: \(devices) of \(total) devices are unknown or below confidence \
        \(decimalText(minConfidence)).
        # Below, one signature skeleton per device: its current guess and raw evidence as comments, then a
        # `match: all:` of its most specific evidence fields. Every '?' is a placeholder that the loader
        # REJECTS until you edit it: give an id, fill the yields you can vouch for (delete the others), a
        # confidence and the provenance (where the marker is documented or observed). Generalise each value
        # to the vendor or model line (a regex or prefix), never one unit's serial, MAC or host name. Then
        # append the block under `signatures:` in Rules/fingerprints/<topic>.yaml and run `netvet rules check`.
        version: 1
        signatures:

        """
    }

    /// One device's block: comments with its MAC, OUI, current guess and evidence, then the skeleton.
    public static func render(
        mac: String, oui: VendorInfo?, identity: DeviceIdentity,
        evidence: [(source: String, field: String, value: String)]
    ) -> String {
        var lines: [String] = []
        lines.append("# " + String(repeating: "-", count: 98))
        var ouiText =
            oui.map { "\($0.name) (\([$0.country, $0.registry].compactMap { $0 }.joined(separator: ", ")))" }
            ?? "none (locally administered or unregistered)"
        if let chipMaker = identity.chipMaker { ouiText += ", chip maker \(chipMaker)" }
        lines.append("# \(mac)  OUI: \(ouiText)")
        var guess = [
            identity.vendor.map { "vendor \($0)" }, identity.brand.map { "brand \($0)" },
            identity.model.map { "model \($0)" },
        ].compactMap { $0 }
        guess.append("type \(identity.type.rawValue)")
        guess.append("confidence \(decimalText(identity.confidence))")
        lines.append("# current guess: " + guess.joined(separator: ", "))
        if !identity.signatures.isEmpty {
            lines.append("# signatures: " + identity.signatures.map(\.description).joined(separator: " "))
        }
        let items = Array(Set(evidence.map { EvidenceItem(source: $0.source, field: $0.field, value: $0.value) }))
            .sorted()
        lines.append("# evidence (source / field = value):")
        if let oui {
            lines.append("#   oui / name = \(quoted(oui.name))")
            if let country = oui.country { lines.append("#   oui / country = \(quoted(country))") }
        }
        for item in items { lines.append("#   \(item.source) / \(item.field) = \(quoted(item.value))") }
        if items.isEmpty && oui == nil { lines.append("#   (none)") }

        var chosen: [EvidenceItem] = []
        for (source, field) in specificFields where chosen.count < maxConditions {
            if let item = items.first(where: { $0.source == source && $0.field == field }) { chosen.append(item) }
        }
        if chosen.isEmpty, let oui { chosen.append(EvidenceItem(source: "oui", field: "name", value: oui.name)) }
        guard !chosen.isEmpty else {
            lines.append("# no evidence to match on: nothing to fingerprint yet")
            return lines.joined(separator: "\n") + "\n\n"
        }
        lines += [
            "  - id: '?'",
            "    description: '?'",
            "    match:",
            "      all:",
        ]
        for item in chosen {
            lines.append("        - {source: \(item.source), field: \(item.field), equals: \(quoted(item.value))}")
        }
        lines += [
            "    yields:",
            "      vendor: '?'",
            "      model: '?'",
            "      type: '?'",
            "    confidence: '?'",
            "    provenance: '?'",
        ]
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// A YAML single-quoted scalar (`'` doubled); control characters are replaced by spaces so the
    /// skeleton stays one line per value.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += " "
            } else {
                result.unicodeScalars.append(scalar)
                if scalar == "'" { result += "'" }
            }
        }
        return result + "'"
    }

    /// 0.456 → "0.46".
    static func decimalText(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
