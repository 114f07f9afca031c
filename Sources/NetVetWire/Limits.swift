/// Every bound netvet puts on hostile input and on its own tables, in one place (p0f `config.h`).
/// Hitting one is counted (an `Anomaly` or a report counter), never silent.
public struct Limits: Sendable, Equatable {
    /// Stacked 802.1Q/802.1ad tags decoded before giving up (`vlan.too_many_tags`); QinQ needs 2.
    public var maxVLANDepth = 4
    /// IPv6 extension headers followed before giving up (`ipv6.extension_chain_too_long`).
    public var maxIPv6ExtensionHeaders = 8
    /// NDP options read from one message.
    public var maxNDPOptions = 16
    /// Devices (MAC addresses) kept; further MACs are counted (`inventory.device_table_full`).
    public var maxDevices = 65_536
    /// IPv4 or IPv6 addresses bound to one device, per family (`inventory.address_limit`).
    public var maxAddressesPerDevice = 32
    /// Distinct off-link source addresses remembered per MAC for gateway detection.
    public var gatewayOffLinkSampleSize = 8
    /// Off-link source addresses from one MAC that mark it as a gateway (router).
    public var gatewayOffLinkThreshold = 2
    /// Distinct local IPv4 sources, unconfirmed by ARP, above which a MAC is taken for a router between
    /// local subnets (a host has one or two).
    public var gatewayLocalSourceThreshold = 4
    /// Distinct evidence entries kept per device (`inventory.evidence_limit` beyond).
    public var maxEvidencePerDevice = 64
    /// Distinct values kept per device for one (source, field), e.g. DNS lookups or TLS server names.
    public var maxEvidencePerField = 16
    /// Server names of a device's client flows (`flow` / `server_name` pseudo-evidence) given to the
    /// fingerprint engine per device, first seen first; more are left out of its identity.
    public var maxServerNamesPerIdentity = 32
    /// Flows tracked at once; at the cap the least recently seen flow is evicted (counted).
    public var maxActiveFlows = 131_072
    /// Seconds of packet time without a packet after which a flow is finished.
    public var flowIdleTimeoutSeconds: Int64 = 300
    /// Finished flows kept for the report; more are counted in `flows_dropped`.
    public var maxReportedFlows = 1_000_000

    public init() {}

    /// The defaults.
    public static let `default` = Limits()
}
