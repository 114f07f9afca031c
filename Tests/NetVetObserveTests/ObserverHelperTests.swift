import Testing

@testable import NetVetObserve

/// The small text helpers of the application stage, which run on every HTTP head or SSDP message and so
/// are written over UTF-8 bytes rather than with String searching.
@Suite("Application stage text helpers")
struct ObserverHelperTests {
    @Test(
        "XML media types, parameters and case ignored",
        arguments: [
            ("text/xml", true), ("text/xml; charset=\"utf-8\"", true), (" Application/XML ;charset=utf-8", true),
            ("application/soap+xml", true), ("APPLICATION/SOAP+XML; action=x", true), ("\ttext/xml\t", true),
            ("text/html", false), ("text/xmlx", false), ("", false), ("xml", false), (";text/xml", false),
            ("application/json; note=+xml", false),
        ])
    func xmlContentType(value: String, expected: Bool) {
        #expect(HTTPAnalyzer.isXMLContentType(value) == expected)
    }

    @Test(
        "the path of an SSDP LOCATION URL, without query or fragment",
        arguments: [
            ("http://192.168.1.64:49152/description.xml", "/description.xml"),
            ("http://[fe80::1]:80/rootDesc.xml?x=1", "/rootDesc.xml"),
            ("http://host/dev/desc.xml#frag", "/dev/desc.xml"),
            ("http://host/", "/"),
        ])
    func locationPath(location: String, path: String) {
        #expect(HTTPAnalyzer.locationPath(location) == path)
    }

    @Test("a LOCATION without a scheme or a path has no path", arguments: ["http://host", "host/desc.xml", "", "://"])
    func noPath(location: String) {
        #expect(HTTPAnalyzer.locationPath(location) == nil)
    }

    @Test(
        "WS-Discovery queries are recognised by their Probe or Resolve tag, matches and Hellos are not",
        arguments: [
            ("<s:Envelope><s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>", true),
            ("<Envelope><Body><Probe/></Body></Envelope><Probe>", true),
            ("<Envelope><Body><wsd:Resolve><a:EndpointReference/></wsd:Resolve></Body></Envelope>", true),
            ("<s:Body><d:ProbeMatches><d:ProbeMatch><d:Types>x</d:Types></d:ProbeMatch></d:ProbeMatches>", false),
            ("<s:Body><d:ResolveMatches><d:ResolveMatch></d:ResolveMatch></d:ResolveMatches></s:Body>", false),
            ("<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello</a:Action>", false),
            // The action URI of a probe ends in `/Probe<`, not a tag: the Body decides.
            ("<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>", false),
            ("Probe>", false), ("", false), ("<Probe", false), ("xProbe>", false),
        ])
    func wsDiscoveryQuery(text: String, isQuery: Bool) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { WSDiscoveryAnalyzer.isQuery($0) } == isQuery)
    }
}
