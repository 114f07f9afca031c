import NetVetDecode
import NetVetWire

/// What an analyzer knows about the packet it reads, besides its bytes: one value, built once per packet
/// by the observe stage (`ObserveStage`), instead of a list of arguments and flags set around calls.
public struct PacketContext: Sendable {
    /// Packet time (from the capture).
    public var time: PacketTime
    /// The frame's source MAC: the device the evidence describes (`nil` on links without MACs).
    public var sender: MACAddress?
    public var source: IPAddress?
    public var destination: IPAddress?
    /// Transport ports (0 when the transport has none).
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The packet's flow in the flow table (`FlowTable.observe`), or -1 for a link-layer frame.
    public var flow: Int
    /// True when the packet went from the flow's client to its server.
    public var fromClient: Bool
    /// TCP: true when the stream prefix being read will not grow (its limit was reached), so a parser
    /// waiting for more must decide now.
    public var isFinalPrefix: Bool

    /// The context of a packet of flow `flow` (or -1) in direction `fromClient`.
    public init(
        _ packet: inout DecodedPacket, time: PacketTime, flow: Int = -1, fromClient: Bool = true,
        isFinalPrefix: Bool = false
    ) {
        self.time = time
        self.sender = packet.sourceMAC
        self.source = packet.sourceIP
        self.destination = packet.destinationIP
        self.sourcePort = packet.sourcePort
        self.destinationPort = packet.destinationPort
        self.flow = flow
        self.fromClient = fromClient
        self.isFinalPrefix = isFinalPrefix
    }

    /// Source and destination port.
    public var ports: (UInt16, UInt16) { (sourcePort, destinationPort) }

    /// True when either port is `port`.
    public func eitherPort(_ port: UInt16) -> Bool { sourcePort == port || destinationPort == port }
}
