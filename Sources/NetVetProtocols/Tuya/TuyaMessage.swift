/// The framing of one Tuya LAN datagram (docs/protocols/tuya.md):
///
///     55AA (3.1–3.4):  00 00 55 AA | seq u32 | cmd u32 | len u32 | [retcode u32] | payload | crc32 u32 | 00 00 AA 55
///     6699 (3.5):      00 00 66 99 | u16 | seq u32 | cmd u32 | len u32 | nonce[12] | ciphertext | tag[16] | 00 00 99 66
///
/// `len` counts the bytes after the header up to and including the suffix (55AA) or up to the suffix (6699).
/// Ranges index the datagram the frame was parsed from.
public struct TuyaFrame: Hashable, Sendable {
    /// `55aa` or `6699`.
    public var format: TuyaFrameFormat
    /// The sequence number (a broadcast sends 0).
    public var sequence: UInt32
    /// The command word (0x13 or 0x23 for discovery).
    public var command: TuyaCommand
    /// The return code of a device's `55AA` message, when the payload starts with one (broadcasts do).
    public var returnCode: UInt32?
    /// The payload: JSON or AES-ECB ciphertext (55AA), or the GCM ciphertext without nonce and tag (6699).
    public var payload: Range<Int>
    /// The GCM nonce (6699 only).
    public var nonce: Range<Int>?
    /// The GCM tag (6699 only).
    public var tag: Range<Int>?
    /// The GCM associated data: the header after the prefix (6699 only).
    public var associatedData: Range<Int>?
    /// The CRC-32 of a `55AA` frame as sent, and whether it matched.
    public var crc: UInt32?
    public var crcMatches: Bool?

    /// A frame of the given format with an empty payload.
    public init(format: TuyaFrameFormat, sequence: UInt32, command: TuyaCommand, payload: Range<Int>) {
        self.format = format
        self.sequence = sequence
        self.command = command
        self.payload = payload
    }
}

/// What a Tuya discovery broadcast says about its sender: the flat JSON object in its payload,
///
///     {"ip":"192.168.10.158","gwId":"62733760dc4f225b1aa3","active":2,"ability":0,"mode":0,
///      "encrypt":true,"productKey":"key4fv3xs8twchhy","version":"3.3"}
///
/// String values are copied bounded (`TuyaParser.maxValueLength`); numbers and booleans as written.
public struct TuyaDiscovery: Hashable, Sendable {
    /// The frame it came in.
    public var frame: TuyaFrame
    /// True when the payload was encrypted (AES-ECB or AES-GCM under the discovery key).
    public var wasEncrypted: Bool
    /// `gwId`: the device id (one unit's identifier, for the inventory; never a signature).
    public var deviceID: String?
    /// `productKey`: the product (model line) the unit belongs to, shared by every unit of it.
    public var productKey: String?
    /// `version`: the LAN protocol version (`3.1`, `3.3`, `3.4`, `3.5`).
    public var version: String?
    /// `ip`: the address the device announces.
    public var ip: String?
    /// `active`, `ability`: provisioning state and capability numbers, as written.
    public var active: String?
    public var ability: String?
    /// `encrypt`: whether the device encrypts its LAN traffic (`true`/`false` as written).
    public var encrypt: String?

    /// A discovery with no fields yet.
    public init(frame: TuyaFrame, wasEncrypted: Bool) {
        self.frame = frame
        self.wasEncrypted = wasEncrypted
    }
}
