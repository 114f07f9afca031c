import NetVetProtocols
import Testing

@Suite("ParseResult")
struct ParseResultTests {
    @Test("accessors give the message and anomalies of each outcome")
    func accessors() {
        let odd = ProtocolAnomaly("test.odd")
        let parsed = ParseResult<Int>.message(7, anomalies: [odd])
        #expect(parsed.message == 7)
        #expect(parsed.anomalies == [odd])
        #expect(ParseResult<Int>.needMoreData(needed: 3).message == nil)
        #expect(ParseResult<Int>.needMoreData(needed: nil).anomalies.isEmpty)
        #expect(ParseResult<Int>.malformed([odd]).anomalies.map(\.name) == ["test.odd"])
    }
}
