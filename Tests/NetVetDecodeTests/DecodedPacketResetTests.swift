import NetVetDecode
import NetVetWire
import Testing

/// The packet path decodes every frame into one reused `DecodedPacket`
/// (`PacketDecoder.decode(_:linkType:wireLength:into:)`): nothing of an earlier frame may survive into
/// the next one, whatever fields the earlier frame set.
@Suite("Decoding in place")
struct DecodedPacketResetTests {
    /// Every stored property, by name, as text (Mirror sees all of them, including ones added later).
    static func fields(_ packet: DecodedPacket) -> [String] {
        Mirror(reflecting: packet).children.map { "\($0.label ?? "?")=\(String(describing: $0.value))" }
    }

    static let samples: [([UInt8], LinkType)] = [
        (SampleFrames.ethernetTCPSYN, .ethernet), (SampleFrames.qinqUDP, .ethernet),
        (SampleFrames.arpReply, .ethernet), (SampleFrames.ipv4LaterFragment, .ethernet),
        (SampleFrames.ipv6FragmentFirst, .ethernet), (SampleFrames.ndpNeighborAdvertisement, .ethernet),
        (SampleFrames.ndpRouterAdvertisement, .ethernet), (SampleFrames.llcSTP, .ethernet),
        (SampleFrames.ethernetICMPEcho, .ethernet), ([0x00, 0x01, 0x02], .ethernet),
        // LLDP: to 01:80:c2:00:00:0e from 02:00:00:00:00:01, EtherType 0x88cc, a chassis TLV: a link payload.
        (
            [
                0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x88, 0xCC, 0x02, 0x02, 0x07,
                0x61,
            ], .ethernet
        ),
    ]

    @Test("a frame decoded after any other equals the same frame decoded fresh")
    func noLeftovers() {
        let decoder = PacketDecoder()
        var reused = DecodedPacket(linkType: .ethernet, wireLength: 0)
        for (first, firstType) in Self.samples {
            for (second, secondType) in Self.samples {
                first.withUnsafeBytes {
                    decoder.decode($0, linkType: firstType, wireLength: first.count, into: &reused)
                }
                second.withUnsafeBytes {
                    decoder.decode($0, linkType: secondType, wireLength: second.count + 7, into: &reused)
                }
                let fresh = second.withUnsafeBytes {
                    decoder.decode($0, linkType: secondType, wireLength: second.count + 7)
                }
                #expect(Self.fields(reused) == Self.fields(fresh))
            }
        }
    }

    @Test("the samples set many different fields, so the check above covers them")
    func samplesCoverFields() {
        let empty = Self.fields(DecodedPacket(linkType: .ethernet, wireLength: 0))
        var changed = Set<Int>()
        for (bytes, linkType) in Self.samples {
            let decoded = Self.fields(
                bytes.withUnsafeBytes { PacketDecoder().decode($0, linkType: linkType, wireLength: bytes.count) })
            for index in empty.indices where decoded[index] != empty[index] { changed.insert(index) }
        }
        // linkType stays .ethernet; every other field is set by at least one sample.
        #expect(
            changed.count >= empty.count - 4,
            "fields never set: \(empty.indices.filter { !changed.contains($0) }.map { empty[$0] })")
    }
}
