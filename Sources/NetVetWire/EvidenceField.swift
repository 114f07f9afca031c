/// One evidence field netvet produces: a `source` (the protocol, or a pseudo-source the identity engine
/// adds) and a `field` within it. The registry below is the contract between the analyzers that record
/// evidence and the data that reads it: the signature loader refuses a condition on a field that is not
/// here (docs/FINGERPRINTS.md), and docs/REPORT.md's "Evidence fields by source" table lists the same
/// fields (a test holds the two together).
///
/// An analyzer that records a new field adds it here; one that stops recording a field removes it, and
/// the signatures that read it then fail to load instead of silently never matching.
public struct EvidenceField: Hashable, Sendable, CustomStringConvertible {
    /// The evidence source: a protocol (`dhcp`, `mdns`, `http`) or a pseudo-source (`oui`, `flow`).
    public let source: String
    /// The field; for a family, the prefix its members share (`txt.`).
    public let field: String
    /// True for a field family: the analyzer records `<field><key>` for keys taken from the traffic
    /// (mDNS `txt.md`, `txt.model`, ...), so any field with this prefix and a non-empty key is produced.
    public let isFamily: Bool

    /// A field, or a family of fields sharing the prefix `field` when `isFamily`.
    public init(source: String, field: String, isFamily: Bool = false) {
        self.source = source
        self.field = field
        self.isFamily = isFamily
    }

    /// `source/field`, and `source/field<key>` for a family (`mdns/txt.<key>`).
    public var description: String { "\(source)/\(displayField)" }

    /// The field as documented: `txt.<key>` for a family.
    public var displayField: String { isFamily ? field + "<key>" : field }

    /// True if evidence `source`/`field` can come from this entry: the same field, or a member of this
    /// family (the family prefix followed by a non-empty key).
    public func produces(source: String, field: String) -> Bool {
        guard source == self.source else { return false }
        guard isFamily else { return field == self.field }
        return field.utf8.count > self.field.utf8.count && field.hasPrefix(self.field)
    }

    /// True if some field this entry produces starts with `prefix` (a signature's `field: 'txt.*'`).
    public func produces(source: String, fieldPrefix prefix: String) -> Bool {
        guard source == self.source else { return false }
        // A family's members all start with its prefix; the test's prefix may be shorter (`tx*`) or
        // reach into the key (`txt.mod*`).
        if isFamily { return field.hasPrefix(prefix) || prefix.hasPrefix(field) }
        return field.hasPrefix(prefix)
    }
}

// MARK: - The registry, by protocol

extension EvidenceField {
    // DHCPv4 (RFC 2131/2132): the client's own requests.

    /// Option 12, the host name the client asked for.
    public static let dhcpHostname = EvidenceField(source: "dhcp", field: "hostname")
    /// Option 60, the vendor class identifier (`udhcp 1.22.1`, `MSFT 5.0`).
    public static let dhcpVendorClass = EvidenceField(source: "dhcp", field: "vendor_class")
    /// Option 55 as comma-separated decimals in the client's order (the DHCP fingerprint).
    public static let dhcpParameterRequestList = EvidenceField(source: "dhcp", field: "parameter_request_list")
    /// Option 81, the client's fully qualified domain name.
    public static let dhcpClientFQDN = EvidenceField(source: "dhcp", field: "client_fqdn")

    // DHCPv6 (RFC 8415).

    /// Option 39, the client's FQDN.
    public static let dhcpv6ClientFQDN = EvidenceField(source: "dhcpv6", field: "client_fqdn")
    /// Option 16 as `enterprise:data,data`.
    public static let dhcpv6VendorClass = EvidenceField(source: "dhcpv6", field: "vendor_class")
    /// The enterprise number of a DUID-EN client identifier.
    public static let dhcpv6DUIDEnterprise = EvidenceField(source: "dhcpv6", field: "duid_enterprise")
    /// Option 6, the option request list as comma-separated decimals.
    public static let dhcpv6OptionRequest = EvidenceField(source: "dhcpv6", field: "option_request")

    // DNS.

    /// A name the device asked a DNS server on port 53 (UDP, or the first query of a TCP connection).
    public static let dnsQuery = EvidenceField(source: "dns", field: "query")

    // mDNS / DNS-SD (RFC 6762, 6763): the device's own responses.

    /// A host name with an A or AAAA record.
    public static let mdnsHostname = EvidenceField(source: "mdns", field: "hostname")
    /// A DNS-SD service type (`_ipp._tcp`).
    public static let mdnsService = EvidenceField(source: "mdns", field: "service")
    /// A DNS-SD service instance name.
    public static let mdnsInstance = EvidenceField(source: "mdns", field: "instance")
    /// The family `txt.<key>`: a TXT key that names the device (`txt.md`, `txt.model`, `txt.ty`).
    public static let mdnsTXT = EvidenceField(source: "mdns", field: "txt.", isFamily: true)

    // NetBIOS name service.

    /// A NetBIOS name the device registered or answered for (`NAME<xx>`).
    public static let nbnsName = EvidenceField(source: "nbns", field: "name")

    // SSDP (UPnP discovery): NOTIFY and search responses the device sent.

    /// The `SERVER` header.
    public static let ssdpServer = EvidenceField(source: "ssdp", field: "server")
    /// The `LOCATION` header (the device description's URL).
    public static let ssdpLocation = EvidenceField(source: "ssdp", field: "location")
    /// The `NT` (or, in a search response, `ST`) header.
    public static let ssdpNotificationType = EvidenceField(source: "ssdp", field: "notification_type")

    // UPnP device description (served over HTTP): the root device.

    /// `manufacturer`.
    public static let upnpManufacturer = EvidenceField(source: "upnp", field: "manufacturer")
    /// `modelName`.
    public static let upnpModelName = EvidenceField(source: "upnp", field: "model_name")
    /// `modelNumber`.
    public static let upnpModelNumber = EvidenceField(source: "upnp", field: "model_number")
    /// `friendlyName`.
    public static let upnpFriendlyName = EvidenceField(source: "upnp", field: "friendly_name")
    /// `true` when the description published a serial number (never its value).
    public static let upnpSerialPresent = EvidenceField(source: "upnp", field: "serial_present")

    // CWMP (TR-069) Inform sent to the ACS over plain HTTP.

    /// DeviceId `Manufacturer`.
    public static let cwmpManufacturer = EvidenceField(source: "cwmp", field: "manufacturer")
    /// DeviceId `OUI`.
    public static let cwmpOUI = EvidenceField(source: "cwmp", field: "oui")
    /// DeviceId `ProductClass`.
    public static let cwmpProductClass = EvidenceField(source: "cwmp", field: "product_class")
    /// DeviceInfo `ModelName`.
    public static let cwmpModelName = EvidenceField(source: "cwmp", field: "model_name")
    /// DeviceInfo `SoftwareVersion`.
    public static let cwmpSoftwareVersion = EvidenceField(source: "cwmp", field: "software_version")
    /// DeviceInfo `HardwareVersion`.
    public static let cwmpHardwareVersion = EvidenceField(source: "cwmp", field: "hardware_version")
    /// `true` when the Inform carried a serial number (never its value).
    public static let cwmpSerialPresent = EvidenceField(source: "cwmp", field: "serial_present")
    /// The Inform's event codes joined with `,`.
    public static let cwmpEvents = EvidenceField(source: "cwmp", field: "events")

    // TLS: ClientHellos the device sent, and the certificate it served.

    /// The server name (SNI) of a ClientHello.
    public static let tlsSNI = EvidenceField(source: "tls", field: "sni")
    /// The JA4 of a ClientHello.
    public static let tlsJA4 = EvidenceField(source: "tls", field: "ja4")
    /// The served leaf certificate's subject (RFC 4514 one-line).
    public static let tlsCertSubject = EvidenceField(source: "tls", field: "cert_subject")
    /// The served leaf certificate's issuer.
    public static let tlsCertIssuer = EvidenceField(source: "tls", field: "cert_issuer")
    /// A subjectAltName of the served certificate (`DNS:`, `IP:`, `email:`, `URI:`).
    public static let tlsCertSAN = EvidenceField(source: "tls", field: "cert_san")
    /// `true` or `false`: the served certificate names itself as issuer.
    public static let tlsCertSelfSigned = EvidenceField(source: "tls", field: "cert_self_signed")
    /// The FoxIO JA4X of the served certificate.
    public static let tlsJA4X = EvidenceField(source: "tls", field: "ja4x")

    // QUIC Initial packets (RFC 9000, 9001).

    /// The server name of a ClientHello carried in QUIC.
    public static let quicSNI = EvidenceField(source: "quic", field: "sni")
    /// The JA4 (`q` prefix) of a ClientHello carried in QUIC.
    public static let quicJA4 = EvidenceField(source: "quic", field: "ja4")

    // HTTP/1.x (source `http`).

    /// The `User-Agent` of a request.
    public static let httpUserAgent = EvidenceField(source: "http", field: "user_agent")
    /// The `Authorization` scheme of a request (never the credentials).
    public static let httpAuthorization = EvidenceField(source: "http", field: "authorization")
    /// The scheme again when a request sent credentials readably (Basic).
    public static let httpCredentialsInClear = EvidenceField(source: "http", field: "credentials_in_clear")
    /// The `Server` header of a response.
    public static let httpServer = EvidenceField(source: "http", field: "server")
    /// An authentication challenge of a response (`Digest realm=...`).
    public static let httpWWWAuthenticate = EvidenceField(source: "http", field: "www_authenticate")

    // RTSP/1.0 (source `rtsp`): the same fields as HTTP.

    /// The `User-Agent` of a request.
    public static let rtspUserAgent = EvidenceField(source: "rtsp", field: "user_agent")
    /// The `Authorization` scheme of a request (never the credentials).
    public static let rtspAuthorization = EvidenceField(source: "rtsp", field: "authorization")
    /// The scheme again when a request sent credentials readably (Basic).
    public static let rtspCredentialsInClear = EvidenceField(source: "rtsp", field: "credentials_in_clear")
    /// The `Server` header of a response.
    public static let rtspServer = EvidenceField(source: "rtsp", field: "server")
    /// An authentication challenge of a response.
    public static let rtspWWWAuthenticate = EvidenceField(source: "rtsp", field: "www_authenticate")

    // LLDP (IEEE 802.1AB) and LLDP-MED inventory.

    /// System Name.
    public static let lldpSystemName = EvidenceField(source: "lldp", field: "system_name")
    /// System Description.
    public static let lldpSystemDescription = EvidenceField(source: "lldp", field: "system_description")
    /// Port Description.
    public static let lldpPortDescription = EvidenceField(source: "lldp", field: "port_description")
    /// The enabled capabilities joined with `,` (`bridge,router`).
    public static let lldpCapabilities = EvidenceField(source: "lldp", field: "capabilities")
    /// A management address.
    public static let lldpManagementAddress = EvidenceField(source: "lldp", field: "management_address")
    /// LLDP-MED manufacturer name.
    public static let lldpManufacturer = EvidenceField(source: "lldp", field: "manufacturer")
    /// LLDP-MED model name.
    public static let lldpModel = EvidenceField(source: "lldp", field: "model")
    /// LLDP-MED firmware revision.
    public static let lldpFirmware = EvidenceField(source: "lldp", field: "firmware")
    /// LLDP-MED software revision.
    public static let lldpSoftware = EvidenceField(source: "lldp", field: "software")
    /// LLDP-MED hardware revision.
    public static let lldpHardware = EvidenceField(source: "lldp", field: "hardware")

    // CDP (Cisco Discovery Protocol).

    /// Device ID.
    public static let cdpDeviceID = EvidenceField(source: "cdp", field: "device_id")
    /// Platform.
    public static let cdpPlatform = EvidenceField(source: "cdp", field: "platform")
    /// Software version.
    public static let cdpSoftwareVersion = EvidenceField(source: "cdp", field: "software_version")
    /// Port ID.
    public static let cdpPort = EvidenceField(source: "cdp", field: "port")

    // Banners of clear-text TCP services.

    /// The SSH identification string the device sent as server (software version and comments).
    public static let sshServer = EvidenceField(source: "ssh", field: "server")
    /// The SSH identification string the device sent as client.
    public static let sshClient = EvidenceField(source: "ssh", field: "client")
    /// The first line an FTP server (port 21) sent.
    public static let ftpGreeting = EvidenceField(source: "ftp", field: "greeting")
    /// The first line a Telnet server (port 23) sent.
    public static let telnetBanner = EvidenceField(source: "telnet", field: "banner")

    // WS-Discovery (UDP 3702): `onvif` when the endpoint has ONVIF scopes, else `wsd`.

    /// A type of an ONVIF endpoint, without prefix (`NetworkVideoTransmitter`).
    public static let onvifType = EvidenceField(source: "onvif", field: "type")
    /// An ONVIF endpoint's address (`urn:uuid:...`).
    public static let onvifEndpoint = EvidenceField(source: "onvif", field: "endpoint")
    /// A transport address (XAddr) of an ONVIF endpoint.
    public static let onvifXAddr = EvidenceField(source: "onvif", field: "xaddr")
    /// Scope `onvif://www.onvif.org/hardware/<value>`.
    public static let onvifHardware = EvidenceField(source: "onvif", field: "hardware")
    /// Scope `.../model/<value>`.
    public static let onvifModel = EvidenceField(source: "onvif", field: "model")
    /// Scope `.../name/<value>`.
    public static let onvifName = EvidenceField(source: "onvif", field: "name")
    /// Scope `.../location/<value>`.
    public static let onvifLocation = EvidenceField(source: "onvif", field: "location")
    /// Scope `.../type/<value>`.
    public static let onvifDeviceType = EvidenceField(source: "onvif", field: "device_type")
    /// Scope `.../Profile/<value>`.
    public static let onvifProfile = EvidenceField(source: "onvif", field: "profile")
    /// Scope `.../MAC/<value>`.
    public static let onvifMAC = EvidenceField(source: "onvif", field: "mac")
    /// A type of a non-ONVIF WS-Discovery endpoint (printers, Windows hosts).
    public static let wsdType = EvidenceField(source: "wsd", field: "type")
    /// A non-ONVIF endpoint's address.
    public static let wsdEndpoint = EvidenceField(source: "wsd", field: "endpoint")
    /// A transport address of a non-ONVIF endpoint.
    public static let wsdXAddr = EvidenceField(source: "wsd", field: "xaddr")

    // Hikvision SADP ProbeMatch (UDP 37020).

    /// `DeviceType`.
    public static let sadpDeviceType = EvidenceField(source: "sadp", field: "device_type")
    /// `DeviceDescription` (the model).
    public static let sadpModel = EvidenceField(source: "sadp", field: "model")
    /// `SoftwareVersion; DSPVersion`.
    public static let sadpFirmware = EvidenceField(source: "sadp", field: "firmware")
    /// `MAC`.
    public static let sadpMAC = EvidenceField(source: "sadp", field: "mac")
    /// `true` when the message carried a serial number (never its value).
    public static let sadpSerialPresent = EvidenceField(source: "sadp", field: "serial_present")
    /// `Activated`: `true` or `false`.
    public static let sadpActivated = EvidenceField(source: "sadp", field: "activated")

    // Dahua DHIP `client.notifyDevInfo` (UDP 37810).

    /// `DeviceType`.
    public static let dhipDeviceType = EvidenceField(source: "dhip", field: "device_type")
    /// `DeviceClass`.
    public static let dhipDeviceClass = EvidenceField(source: "dhip", field: "device_class")
    /// `Vendor`, else `Manufacturer`.
    public static let dhipVendor = EvidenceField(source: "dhip", field: "vendor")
    /// `Version`.
    public static let dhipFirmware = EvidenceField(source: "dhip", field: "firmware")
    /// `mac`.
    public static let dhipMAC = EvidenceField(source: "dhip", field: "mac")
    /// `true` when the message carried a serial number (never its value).
    public static let dhipSerialPresent = EvidenceField(source: "dhip", field: "serial_present")

    // SNMP (UDP 161/162).

    /// The message version: `1`, `2c` or `3`.
    public static let snmpVersion = EvidenceField(source: "snmp", field: "version")
    /// For v1/v2c: `default` for `public`/`private`, else `other` (the string is never kept).
    public static let snmpCommunityInClear = EvidenceField(source: "snmp", field: "community_in_clear")
    /// sysDescr.0.
    public static let snmpSysDescr = EvidenceField(source: "snmp", field: "sys_descr")
    /// sysObjectID.0 (or a v1 trap's enterprise), dotted.
    public static let snmpSysObjectID = EvidenceField(source: "snmp", field: "sys_object_id")
    /// sysName.0.
    public static let snmpSysName = EvidenceField(source: "snmp", field: "sys_name")

    // Tuya LAN discovery broadcasts (UDP 6666/6667).

    /// `productKey`, the product line.
    public static let tuyaProductKey = EvidenceField(source: "tuya", field: "product_key")
    /// The LAN protocol version (`3.1` ... `3.5`).
    public static let tuyaVersion = EvidenceField(source: "tuya", field: "version")
    /// `gwId`, this unit's device id.
    public static let tuyaDeviceID = EvidenceField(source: "tuya", field: "device_id")
    /// `true` when the broadcast was encrypted.
    public static let tuyaEncrypted = EvidenceField(source: "tuya", field: "encrypted")

    // Pseudo-sources: not in a device's evidence list; the identity engine adds them per device.

    /// The IEEE registrant of the device's MAC prefix.
    public static let ouiName = EvidenceField(source: "oui", field: "name")
    /// The registrant's ISO country code.
    public static let ouiCountry = EvidenceField(source: "oui", field: "country")
    /// A server name of a flow the device opened as client (SNI, else HTTP Host, else the DNS name).
    public static let flowServerName = EvidenceField(source: "flow", field: "server_name")
}

// MARK: - Lists and lookup

extension EvidenceField {
    /// The fields analyzers record in a device's evidence (docs/REPORT.md "Evidence fields by source").
    public static let recorded: [EvidenceField] = [
        dhcpHostname, dhcpVendorClass, dhcpParameterRequestList, dhcpClientFQDN,
        dhcpv6ClientFQDN, dhcpv6VendorClass, dhcpv6DUIDEnterprise, dhcpv6OptionRequest,
        dnsQuery,
        mdnsHostname, mdnsService, mdnsInstance, mdnsTXT,
        nbnsName,
        ssdpServer, ssdpLocation, ssdpNotificationType,
        upnpManufacturer, upnpModelName, upnpModelNumber, upnpFriendlyName, upnpSerialPresent,
        cwmpManufacturer, cwmpOUI, cwmpProductClass, cwmpModelName, cwmpSoftwareVersion, cwmpHardwareVersion,
        cwmpSerialPresent, cwmpEvents,
        tlsSNI, tlsJA4, tlsCertSubject, tlsCertIssuer, tlsCertSAN, tlsCertSelfSigned, tlsJA4X,
        quicSNI, quicJA4,
        httpUserAgent, httpAuthorization, httpCredentialsInClear, httpServer, httpWWWAuthenticate,
        rtspUserAgent, rtspAuthorization, rtspCredentialsInClear, rtspServer, rtspWWWAuthenticate,
        lldpSystemName, lldpSystemDescription, lldpPortDescription, lldpCapabilities, lldpManagementAddress,
        lldpManufacturer, lldpModel, lldpFirmware, lldpSoftware, lldpHardware,
        cdpDeviceID, cdpPlatform, cdpSoftwareVersion, cdpPort,
        sshServer, sshClient, ftpGreeting, telnetBanner,
        onvifType, onvifEndpoint, onvifXAddr, onvifHardware, onvifModel, onvifName, onvifLocation,
        onvifDeviceType, onvifProfile, onvifMAC,
        wsdType, wsdEndpoint, wsdXAddr,
        sadpDeviceType, sadpModel, sadpFirmware, sadpMAC, sadpSerialPresent, sadpActivated,
        dhipDeviceType, dhipDeviceClass, dhipVendor, dhipFirmware, dhipMAC, dhipSerialPresent,
        snmpVersion, snmpCommunityInClear, snmpSysDescr, snmpSysObjectID, snmpSysName,
        tuyaProductKey, tuyaVersion, tuyaDeviceID, tuyaEncrypted,
    ]

    /// The pseudo-evidence the identity engine adds per device (docs/FINGERPRINTS.md "Pseudo-sources").
    public static let pseudo: [EvidenceField] = [ouiName, ouiCountry, flowServerName]

    /// Every field netvet produces: `recorded` then `pseudo`.
    public static let all: [EvidenceField] = recorded + pseudo

    /// The fields of each source, in registry order.
    private static let bySource: [String: [EvidenceField]] = Dictionary(grouping: all, by: \.source)

    /// Every source, sorted.
    public static let sources: [String] = bySource.keys.sorted()

    /// The fields of `source`, in registry order; empty for a source nothing produces.
    public static func fields(of source: String) -> [EvidenceField] { bySource[source] ?? [] }

    /// True if some analyzer (or the identity engine) produces `source`/`field`. With `isPrefix`,
    /// `field` is a prefix (a signature's `field: 'txt.*'` without the `*`), and the answer is whether
    /// any produced field starts with it.
    public static func isProduced(source: String, field: String, isPrefix: Bool = false) -> Bool {
        fields(of: source).contains {
            isPrefix ? $0.produces(source: source, fieldPrefix: field) : $0.produces(source: source, field: field)
        }
    }
}
