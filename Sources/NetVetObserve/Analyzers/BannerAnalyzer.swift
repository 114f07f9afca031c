import NetVetProtocols
import NetVetWire

/// Server banners and SSH identifications: SSH (RFC 4253 §4.2, either side, any port), FTP greetings
/// (RFC 959, from port 21) and Telnet banners (from port 23). Each returns true once decided and false
/// while it needs more bytes.
enum BannerAnalyzer {
    static func analyzeSSH(_ start: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink)
        -> Bool
    {
        decided(BannerParser.parseSSH(start), &sink) { identification, sink in
            let comments = identification.comments.map { " " + $0 } ?? ""
            sink.record(
                context.fromClient ? .sshClient : .sshServer, identification.softwareVersion + comments, context)
        }
    }

    static func analyzeFTP(_ start: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink)
        -> Bool
    {
        decided(BannerParser.parseFTP(start), &sink) { greeting, sink in
            sink.record(.ftpGreeting, greeting.text, context)
        }
    }

    static func analyzeTelnet(
        _ start: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink
    ) -> Bool {
        decided(BannerParser.parseTelnet(start, isComplete: false), &sink) { banner, sink in
            sink.record(.telnetBanner, banner.firstLine ?? "", context)
        }
    }

    /// False while `result` needs more data; otherwise counts its anomalies, records a message, true.
    static func decided<Message>(
        _ result: ParseResult<Message>, _ sink: inout ObservationSink,
        _ record: (Message, inout ObservationSink) -> Void
    ) -> Bool {
        switch result {
        case .needMoreData: return false
        case .malformed(let anomalies):
            sink.count(anomalies)
            return true
        case .message(let message, let anomalies):
            sink.count(anomalies)
            record(message, &sink)
            return true
        }
    }
}
