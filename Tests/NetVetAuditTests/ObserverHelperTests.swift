import Testing

@testable import NetVetAudit

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
        #expect(ApplicationObserver.isXMLContentType(value) == expected)
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
        #expect(ApplicationObserver.locationPath(location) == path)
    }

    @Test("a LOCATION without a scheme or a path has no path", arguments: ["http://host", "host/desc.xml", "", "://"])
    func noPath(location: String) {
        #expect(ApplicationObserver.locationPath(location) == nil)
    }
}
