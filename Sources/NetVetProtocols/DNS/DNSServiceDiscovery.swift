import NetVetWire

/// DNS-SD (RFC 6763) facts read from one parsed mDNS message: service types, instance names and each
/// instance's TXT attributes. An interpretation of a `DNSMessage`, computed on demand; holds no state.
public struct DNSServiceDiscovery: Hashable, Sendable {
    /// The service-type enumeration name (RFC 6763 §9), normalized.
    public static let serviceEnumerationName = "_services._dns-sd._udp.local"

    /// TXT keys that name a device's maker or model (lower case; keys compare case-insensitively):
    /// `md` (Chromecast/AirPlay model), `model`, `manufacturer`, `mf`, `ty` (IPP printer type),
    /// `usb_mfg` / `usb_mdl` (IPP USB IDs), `product`, `fn` (friendly name), `am` (Apple model), `vendor`.
    public static let deviceNamingKeys: Set<String> = [
        "md", "model", "manufacturer", "mf", "ty", "usb_mfg", "usb_mdl", "product", "fn", "am", "vendor",
    ]

    /// Service types (`_ipp._tcp.local`), normalized, sorted, without duplicates: owners of service PTR
    /// records and the targets of `_services._dns-sd._udp.local` PTR records.
    public var serviceTypes: [String]
    /// Service instance names as on the wire (`Living Room._googlecast._tcp.local`): targets of service
    /// PTR records and owners of SRV and TXT records under a service type; first spelling wins.
    public var instanceNames: [String]
    /// TXT attributes per instance, keyed by the instance's normalized name, then by lower-cased key;
    /// a boolean attribute (no `=`) maps to the empty string; the first occurrence of a key wins (§6.4).
    public var textAttributes: [String: [String: String]]

    /// Collects the DNS-SD facts of `message` (answers, authorities and additionals alike).
    public init(_ message: DNSMessage) {
        var types: Set<String> = []
        var instances: [String] = []
        var seenInstances: Set<String> = []
        var attributes: [String: [String: String]] = [:]
        func addInstance(_ name: DNSName) {
            if seenInstances.insert(name.normalized).inserted { instances.append(name.text) }
        }
        func visit(_ record: DNSResourceRecord) {
            switch record.data {
            case .name(let target) where record.type == .ptr:
                if Self.isServiceEnumeration(record.name) {
                    if let type = Self.serviceType(of: target) { types.insert(type) }
                } else if let type = Self.serviceType(of: record.name) {
                    // Owner `_ipp._tcp.local`, or a subtype (`_printer._sub._http._tcp.local`) of it.
                    types.insert(type)
                    addInstance(target)
                }
            case .service where Self.isInstanceName(record.name):
                addInstance(record.name)
            case .text where Self.isInstanceName(record.name):
                addInstance(record.name)
                let owner = record.name.normalized
                var keys = attributes[owner] ?? [:]
                for attribute in record.data.textAttributes {
                    let key = attribute.normalizedKey
                    if keys[key] == nil { keys[key] = attribute.value ?? "" }
                }
                attributes[owner] = keys
            default:
                break
            }
        }
        // The three sections in turn (not `allRecords`, which concatenates them into a new array).
        for record in message.answers { visit(record) }
        for record in message.authorities { visit(record) }
        for record in message.additionals { visit(record) }
        self.serviceTypes = types.sorted()
        self.instanceNames = instances
        self.textAttributes = attributes
    }

    /// True if `name` is `_services._dns-sd._udp.local` (ASCII case ignored).
    static func isServiceEnumeration(_ name: DNSName) -> Bool {
        name.labels.count == 4 && name.label(0, equals: "_services") && name.label(1, equals: "_dns-sd")
            && name.label(2, equals: "_udp") && name.label(3, equals: "local")
    }

    /// The attributes of `instance` whose keys are in `deviceNamingKeys` (keys lower-cased).
    public func deviceNamingAttributes(of instance: String) -> [String: String] {
        Self.deviceNaming(in: textAttributes[instance.fastLowercased] ?? [:])
    }

    /// The entries of `attributes` whose lower-cased keys are in `deviceNamingKeys`.
    public static func deviceNaming(in attributes: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in attributes where deviceNamingKeys.contains(key.fastLowercased) {
            result[key.fastLowercased] = value
        }
        return result
    }

    /// The `_service._proto.domain` suffix of `name` (normalized), or `nil` if it has none; the service
    /// label is the last label starting with `_` that is followed by `_tcp` or `_udp`.
    static func serviceType(of name: DNSName) -> String? {
        guard let index = serviceLabelIndex(of: name) else { return nil }
        return DNSName(labels: Array(name.labels[index...])).normalized
    }

    /// True if `name` is `<instance>.<service type>`: at least one label before the service label.
    static func isInstanceName(_ name: DNSName) -> Bool {
        guard let index = serviceLabelIndex(of: name), index > 0 else { return false }
        return !name.labels.indices.contains { name.label($0, equals: "_sub") }
    }

    /// The index of `name`'s service label (see `serviceType(of:)`); `nil` if it has none or it is the
    /// enumeration meta-type `_dns-sd._udp`. Compares in place: no string is built.
    static func serviceLabelIndex(of name: DNSName) -> Int? {
        // Scan from the right so that `Instance._x._tcp.local` and subtypes both find `_x._tcp`.
        var index = name.labels.count - 2
        while index >= 0 {
            if name.labels[index].utf8.first == UInt8(ascii: "_"),
                name.label(index + 1, equals: "_tcp") || name.label(index + 1, equals: "_udp")
            {
                // `_services._dns-sd._udp` is the enumeration meta-type, not a service.
                return name.label(index, equals: "_dns-sd") ? nil : index
            }
            index -= 1
        }
        return nil
    }
}
