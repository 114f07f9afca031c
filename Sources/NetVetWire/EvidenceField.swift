/// One kind of device evidence netvet produces: a source (the protocol, or a pseudo-source such as `oui`)
/// and a field (docs/REPORT.md "Evidence").
///
/// This file is the registry: every analyzer of the observe stage records evidence only through these
/// constants, and the signature loader refuses a signature that tests a field listed nowhere here (a
/// mistyped field would otherwise load and never match). Adding a protocol adds its fields here.
public struct EvidenceField: Hashable, Sendable, CustomStringConvertible {
    /// The evidence source: `dhcp`, `mdns`, `tls`, ... (lower case).
    public let source: String
    /// The field; for a family, the prefix its members share (`txt.`).
    public let field: String
    /// True for a family of fields named by the message (`txt.<key>` of mDNS): `field` is their prefix.
    public let isFamily: Bool

    /// A field (or, with `isFamily`, a family of fields sharing the prefix `field`) of `source`.
    public init(source: String, field: String, isFamily: Bool = false) {
        self.source = source
        self.field = field
        self.isFamily = isFamily
    }

    /// `source/field`, with `*` after a family's prefix.
    public var description: String { source + "/" + field + (isFamily ? "*" : "") }

    /// True when `field` of `source` is produced: a listed field, or a member of a listed family. With
    /// `isPrefix` (a signature's `txt.*`), true when the prefix is a family's or starts one's members.
    public static func isProduced(source: String, field: String, isPrefix: Bool = false) -> Bool {
        all.contains { known in
            guard known.source == source else { return false }
            if isPrefix { return known.isFamily ? field.hasPrefix(known.field) : known.field.hasPrefix(field) }
            guard known.isFamily else { return known.field == field }
            return field.hasPrefix(known.field) && field.count > known.field.count
        }
    }

    /// The fields of `source`, in registry order (for error messages).
    public static func fields(of source: String) -> [EvidenceField] { all.filter { $0.source == source } }
}

extension EvidenceField {
    // MARK: Link layer: LLDP (IEEE 802.1AB, LLDP-MED inventory) and CDP

    public static let lldpSystemName = EvidenceField(source: "lldp", field: "system_name")
    public static let lldpSystemDescription = EvidenceField(source: "lldp", field: "system_description")
    public static let lldpPortDescription = EvidenceField(source: "lldp", field: "port_description")
    /// Enabled system capabilities (else the supported ones), comma-separated names.
    public static let lldpCapabilities = EvidenceField(source: "lldp", field: "capabilities")
    public static let lldpManagementAddress = EvidenceField(source: "lldp", field: "management_address")
    public static let lldpManufacturer = EvidenceField(source: "lldp", field: "manufacturer")
    public static let lldpModel = EvidenceField(source: "lldp", field: "model")
    public static let lldpFirmware = EvidenceField(source: "lldp", field: "firmware")
    public static let lldpSoftware = EvidenceField(source: "lldp", field: "software")
    public static let lldpHardware = EvidenceField(source: "lldp", field: "hardware")
    public static let cdpDeviceID = EvidenceField(source: "cdp", field: "device_id")
    public static let cdpPlatform = EvidenceField(source: "cdp", field: "platform")
    public static let cdpSoftwareVersion = EvidenceField(source: "cdp", field: "software_version")
    public static let cdpPort = EvidenceField(source: "cdp", field: "port")

    // MARK: Address configuration: DHCP (RFC 2131/2132) and DHCPv6 (RFC 8415)

    public static let dhcpHostname = EvidenceField(source: "dhcp", field: "hostname")
    public static let dhcpVendorClass = EvidenceField(source: "dhcp", field: "vendor_class")
    /// Option 55 as comma-separated codes.
    public static let dhcpParameterRequestList = EvidenceField(source: "dhcp", field: "parameter_request_list")
    public static let dhcpClientFQDN = EvidenceField(source: "dhcp", field: "client_fqdn")
    public static let dhcpv6ClientFQDN = EvidenceField(source: "dhcpv6", field: "client_fqdn")
    /// `enterprise:data,...` of the Vendor Class option.
    public static let dhcpv6VendorClass = EvidenceField(source: "dhcpv6", field: "vendor_class")
    public static let dhcpv6DUIDEnterprise = EvidenceField(source: "dhcpv6", field: "duid_enterprise")
    public static let dhcpv6OptionRequest = EvidenceField(source: "dhcpv6", field: "option_request")

    // MARK: Names: DNS, mDNS/DNS-SD, NBNS

    /// A name the device looked up from a DNS server.
    public static let dnsQuery = EvidenceField(source: "dns", field: "query")
    public static let mdnsService = EvidenceField(source: "mdns", field: "service")
    public static let mdnsInstance = EvidenceField(source: "mdns", field: "instance")
    /// The device-naming TXT keys of an instance (`txt.md`, `txt.ty`, ...), lower-cased.
    public static let mdnsTXT = EvidenceField(source: "mdns", field: "txt.", isFamily: true)
    public static let mdnsHostname = EvidenceField(source: "mdns", field: "hostname")
    public static let nbnsName = EvidenceField(source: "nbns", field: "name")

    // MARK: Discovery: SSDP, WS-Discovery/ONVIF, Hikvision SADP, Dahua DHIP, Tuya

    public static let ssdpServer = EvidenceField(source: "ssdp", field: "server")
    public static let ssdpLocation = EvidenceField(source: "ssdp", field: "location")
    public static let ssdpNotificationType = EvidenceField(source: "ssdp", field: "notification_type")
    public static let wsdType = EvidenceField(source: "wsd", field: "type")
    public static let wsdEndpoint = EvidenceField(source: "wsd", field: "endpoint")
    public static let wsdXAddr = EvidenceField(source: "wsd", field: "xaddr")
    public static let onvifType = EvidenceField(source: "onvif", field: "type")
    public static let onvifEndpoint = EvidenceField(source: "onvif", field: "endpoint")
    public static let onvifXAddr = EvidenceField(source: "onvif", field: "xaddr")
    /// ONVIF scopes (ONVIF Core §7.3.2.2): `onvif://www.onvif.org/<category>/<value>`.
    public static let onvifHardware = EvidenceField(source: "onvif", field: "hardware")
    public static let onvifModel = EvidenceField(source: "onvif", field: "model")
    public static let onvifName = EvidenceField(source: "onvif", field: "name")
    public static let onvifLocation = EvidenceField(source: "onvif", field: "location")
    public static let onvifDeviceType = EvidenceField(source: "onvif", field: "device_type")
    public static let onvifProfile = EvidenceField(source: "onvif", field: "profile")
    public static let onvifMAC = EvidenceField(source: "onvif", field: "mac")
    public static let sadpDeviceType = EvidenceField(source: "sadp", field: "device_type")
    public static let sadpModel = EvidenceField(source: "sadp", field: "model")
    public static let sadpFirmware = EvidenceField(source: "sadp", field: "firmware")
    public static let sadpMAC = EvidenceField(source: "sadp", field: "mac")
    public static let sadpSerialPresent = EvidenceField(source: "sadp", field: "serial_present")
    public static let sadpActivated = EvidenceField(source: "sadp", field: "activated")
    public static let dhipDeviceType = EvidenceField(source: "dhip", field: "device_type")
    public static let dhipDeviceClass = EvidenceField(source: "dhip", field: "device_class")
    public static let dhipVendor = EvidenceField(source: "dhip", field: "vendor")
    public static let dhipFirmware = EvidenceField(source: "dhip", field: "firmware")
    public static let dhipMAC = EvidenceField(source: "dhip", field: "mac")
    public static let dhipSerialPresent = EvidenceField(source: "dhip", field: "serial_present")
    public static let tuyaProductKey = EvidenceField(source: "tuya", field: "product_key")
    public static let tuyaVersion = EvidenceField(source: "tuya", field: "version")
    public static let tuyaDeviceID = EvidenceField(source: "tuya", field: "device_id")
    public static let tuyaEncrypted = EvidenceField(source: "tuya", field: "encrypted")

    // MARK: Management: SNMP, SSH, FTP, Telnet, CWMP (TR-069)

    public static let snmpVersion = EvidenceField(source: "snmp", field: "version")
    /// `default` or `other`: a community crossed in clear (never the community itself).
    public static let snmpCommunityInClear = EvidenceField(source: "snmp", field: "community_in_clear")
    public static let snmpSysDescr = EvidenceField(source: "snmp", field: "sys_descr")
    public static let snmpSysObjectID = EvidenceField(source: "snmp", field: "sys_object_id")
    public static let snmpSysName = EvidenceField(source: "snmp", field: "sys_name")
    public static let sshClient = EvidenceField(source: "ssh", field: "client")
    public static let sshServer = EvidenceField(source: "ssh", field: "server")
    public static let ftpGreeting = EvidenceField(source: "ftp", field: "greeting")
    public static let telnetBanner = EvidenceField(source: "telnet", field: "banner")
    public static let cwmpManufacturer = EvidenceField(source: "cwmp", field: "manufacturer")
    public static let cwmpOUI = EvidenceField(source: "cwmp", field: "oui")
    public static let cwmpProductClass = EvidenceField(source: "cwmp", field: "product_class")
    public static let cwmpModelName = EvidenceField(source: "cwmp", field: "model_name")
    public static let cwmpSoftwareVersion = EvidenceField(source: "cwmp", field: "software_version")
    public static let cwmpHardwareVersion = EvidenceField(source: "cwmp", field: "hardware_version")
    public static let cwmpSerialPresent = EvidenceField(source: "cwmp", field: "serial_present")
    public static let cwmpEvents = EvidenceField(source: "cwmp", field: "events")

    // MARK: Web and media: HTTP, RTSP, UPnP descriptions

    public static let httpUserAgent = EvidenceField(source: "http", field: "user_agent")
    public static let httpAuthorization = EvidenceField(source: "http", field: "authorization")
    public static let httpCredentialsInClear = EvidenceField(source: "http", field: "credentials_in_clear")
    public static let httpServer = EvidenceField(source: "http", field: "server")
    public static let httpWWWAuthenticate = EvidenceField(source: "http", field: "www_authenticate")
    public static let rtspUserAgent = EvidenceField(source: "rtsp", field: "user_agent")
    public static let rtspAuthorization = EvidenceField(source: "rtsp", field: "authorization")
    public static let rtspCredentialsInClear = EvidenceField(source: "rtsp", field: "credentials_in_clear")
    public static let rtspServer = EvidenceField(source: "rtsp", field: "server")
    public static let rtspWWWAuthenticate = EvidenceField(source: "rtsp", field: "www_authenticate")
    public static let upnpManufacturer = EvidenceField(source: "upnp", field: "manufacturer")
    public static let upnpModelName = EvidenceField(source: "upnp", field: "model_name")
    public static let upnpModelNumber = EvidenceField(source: "upnp", field: "model_number")
    public static let upnpFriendlyName = EvidenceField(source: "upnp", field: "friendly_name")
    public static let upnpSerialPresent = EvidenceField(source: "upnp", field: "serial_present")

    // MARK: Encryption: TLS and QUIC

    public static let tlsSNI = EvidenceField(source: "tls", field: "sni")
    public static let tlsJA4 = EvidenceField(source: "tls", field: "ja4")
    public static let tlsCertSubject = EvidenceField(source: "tls", field: "cert_subject")
    public static let tlsCertIssuer = EvidenceField(source: "tls", field: "cert_issuer")
    public static let tlsCertSAN = EvidenceField(source: "tls", field: "cert_san")
    public static let tlsCertSelfSigned = EvidenceField(source: "tls", field: "cert_self_signed")
    public static let tlsJA4X = EvidenceField(source: "tls", field: "ja4x")
    public static let quicSNI = EvidenceField(source: "quic", field: "sni")
    public static let quicJA4 = EvidenceField(source: "quic", field: "ja4")

    // MARK: Pseudo-sources the identity engine adds at finish (never recorded by an analyzer)

    /// A server name (SNI, Host, DNS answer) of a flow the device opened from a local address.
    public static let flowServerName = EvidenceField(source: "flow", field: "server_name")
    /// The IEEE registrant of the device's MAC prefix, and its country.
    public static let ouiName = EvidenceField(source: "oui", field: "name")
    public static let ouiCountry = EvidenceField(source: "oui", field: "country")

    /// Every field above, in this file's order.
    public static let all: [EvidenceField] = [
        lldpSystemName, lldpSystemDescription, lldpPortDescription, lldpCapabilities, lldpManagementAddress,
        lldpManufacturer, lldpModel, lldpFirmware, lldpSoftware, lldpHardware,
        cdpDeviceID, cdpPlatform, cdpSoftwareVersion, cdpPort,
        dhcpHostname, dhcpVendorClass, dhcpParameterRequestList, dhcpClientFQDN,
        dhcpv6ClientFQDN, dhcpv6VendorClass, dhcpv6DUIDEnterprise, dhcpv6OptionRequest,
        dnsQuery, mdnsService, mdnsInstance, mdnsTXT, mdnsHostname, nbnsName,
        ssdpServer, ssdpLocation, ssdpNotificationType,
        wsdType, wsdEndpoint, wsdXAddr, onvifType, onvifEndpoint, onvifXAddr,
        onvifHardware, onvifModel, onvifName, onvifLocation, onvifDeviceType, onvifProfile, onvifMAC,
        sadpDeviceType, sadpModel, sadpFirmware, sadpMAC, sadpSerialPresent, sadpActivated,
        dhipDeviceType, dhipDeviceClass, dhipVendor, dhipFirmware, dhipMAC, dhipSerialPresent,
        tuyaProductKey, tuyaVersion, tuyaDeviceID, tuyaEncrypted,
        snmpVersion, snmpCommunityInClear, snmpSysDescr, snmpSysObjectID, snmpSysName,
        sshClient, sshServer, ftpGreeting, telnetBanner,
        cwmpManufacturer, cwmpOUI, cwmpProductClass, cwmpModelName, cwmpSoftwareVersion, cwmpHardwareVersion,
        cwmpSerialPresent, cwmpEvents,
        httpUserAgent, httpAuthorization, httpCredentialsInClear, httpServer, httpWWWAuthenticate,
        rtspUserAgent, rtspAuthorization, rtspCredentialsInClear, rtspServer, rtspWWWAuthenticate,
        upnpManufacturer, upnpModelName, upnpModelNumber, upnpFriendlyName, upnpSerialPresent,
        tlsSNI, tlsJA4, tlsCertSubject, tlsCertIssuer, tlsCertSAN, tlsCertSelfSigned, tlsJA4X, quicSNI, quicJA4,
        flowServerName, ouiName, ouiCountry,
    ]
}
