/// Constants of the Dahua DHIP discovery framing (UDP 37810, multicast 239.255.255.251).
public enum DHIPCodes {
    /// The first 8 bytes of every DHIP frame: `20 00 00 00` then ASCII `DHIP`.
    public static let magic: [UInt8] = [0x20, 0x00, 0x00, 0x00, 0x44, 0x48, 0x49, 0x50]
    /// The fixed header length; the JSON body follows it.
    public static let headerLength = 32
    /// The method of a device's self-description.
    public static let notifyDeviceInfo = "client.notifyDevInfo"
    /// The method of a search from ConfigTool or an NVR.
    public static let search = "DHDiscover.search"
}

extension ProtocolAnomaly {
    /// Fewer than 32 bytes, or the first 8 are not `20 00 00 00 "DHIP"` (`.malformed`).
    public static let dhipBadHeader = ProtocolAnomaly("dhip.bad_header")
    /// The body is shorter than the header's length field says; what is present is read.
    public static let dhipTruncated = ProtocolAnomaly("dhip.truncated")
    /// The two length fields of the header (bytes 16–19 and 24–27) differ; the first is used.
    public static let dhipLengthMismatch = ProtocolAnomaly("dhip.length_mismatch")
    /// The body is not a JSON object, or its syntax breaks before its end; keys before the break are kept.
    public static let dhipBadJSON = ProtocolAnomaly("dhip.bad_json")
    /// A string value was longer than `DHIPParser.maxFieldLength`; it was cut.
    public static let dhipFieldTruncated = ProtocolAnomaly("dhip.field_truncated")
    /// The JSON nests deeper than `DHIPParser.maxDepth` or holds more than `DHIPParser.maxTokens` values;
    /// the scan stopped there.
    public static let dhipScanLimit = ProtocolAnomaly("dhip.scan_limit")
}
