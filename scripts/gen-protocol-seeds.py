#!/usr/bin/env python3
"""Writes the seed corpus of the FuzzProtocols libFuzzer target to Tests/Fuzz/corpus/protocols/.

Every seed is hand-built here from the protocol specifications (no captured traffic): byte 0 selects the
parser family (0 DHCP/DHCPv6, 1 DNS/mDNS/NBNS, 2 SSDP/HTTP/UPnP/CWMP, 3 TLS, 4 LLDP/CDP, 5 banners, 6 QUIC,
7 WS-Discovery/SADP/DHIP, 8 SNMP, 9 Tuya; see
Tests/NetVetFuzzing/ProtocolFuzzDispatch.swift), the rest is the message. Rerun after editing:
    python3 scripts/gen-protocol-seeds.py
"""
import hashlib
import os
import struct
import subprocess
import tempfile
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fuzz", "corpus", "protocols")
DHCP, DNS, HTTP, TLS, LLDP, BANNER, QUIC, DISCOVERY, SNMP, TUYA = range(10)


def u8(v):
    return struct.pack("!B", v)


def u16(v):
    return struct.pack("!H", v)


def u24(v):
    return struct.pack("!I", v)[1:]


def u32(v):
    return struct.pack("!I", v)


# --- DHCP (RFC 2131/2132) and DHCPv6 (RFC 8415) -------------------------------------------------------

def dhcp(op, msg_type, options):
    mac = bytes.fromhex("02005e1000ab")
    head = u8(op) + u8(1) + u8(6) + u8(0) + u32(0x3903F326) + u16(0) + u16(0x8000)
    head += bytes(4) * 4 + mac + bytes(10) + bytes(64) + bytes(128)
    opts = b"\x63\x82\x53\x63" + b"\x35\x01" + u8(msg_type)
    for code, value in options:
        opts += u8(code) + u8(len(value)) + value
    return head + opts + b"\xff"


def dhcp_seeds():
    yield "dhcp-discover", dhcp(1, 1, [
        (61, b"\x01" + bytes.fromhex("02005e1000ab")),
        (12, b"printer-3"),
        (60, b"MSFT 5.0"),
        (55, bytes([1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252])),
        (57, u16(1500)),
    ])
    yield "dhcp-request-fqdn", dhcp(1, 3, [
        (50, bytes([192, 168, 1, 23])),
        (54, bytes([192, 168, 1, 1])),
        (81, b"\x01\x00\x00" + b"\x06laptop\x04home\x00"),
        (119, b"\x04home\x03lan\x00\x03lab\xc0\x00"),
    ])
    yield "dhcp-ack", dhcp(2, 5, [
        (1, bytes([255, 255, 255, 0])), (3, bytes([192, 168, 1, 1])), (51, u32(86400)),
        (15, b"home.lan"),
    ])
    duid = u16(1) + u16(1) + u32(0x2A3B4C5D) + bytes.fromhex("02005e1000ab")
    solicit = u8(1) + u24(0x1A2B3C)
    solicit += u16(1) + u16(len(duid)) + duid
    solicit += u16(6) + u16(6) + u16(23) + u16(24) + u16(39)
    solicit += u16(8) + u16(2) + u16(0)
    fqdn = b"\x01\x06laptop\x04home\x00"
    solicit += u16(39) + u16(len(fqdn)) + fqdn
    vendor = u32(311) + u16(8) + b"MSFT 5.0"
    solicit += u16(16) + u16(len(vendor)) + vendor
    solicit += u16(3) + u16(12) + u32(1) + u32(0) + u32(0)
    yield "dhcpv6-solicit", solicit
    relay = u8(12) + u8(0) + bytes(16) + bytes.fromhex("fe800000000000000000000000000001")
    relay += u16(9) + u16(len(solicit)) + solicit
    yield "dhcpv6-relay-forward", relay


# --- DNS (RFC 1035), mDNS/DNS-SD (RFC 6762/6763) and NBNS (RFC 1002) -----------------------------------

def name(*labels):
    return b"".join(u8(len(l)) + l.encode() for l in labels) + b"\x00"


def rr(owner, rtype, rclass, ttl, rdata):
    return owner + u16(rtype) + u16(rclass) + u32(ttl) + u16(len(rdata)) + rdata


def dns_seeds():
    # A response with compression: the answer owner points at the question (offset 12).
    msg = u16(0x1234) + u16(0x8180) + u16(1) + u16(2) + u16(0) + u16(1)
    msg += name("www", "example", "com") + u16(1) + u16(1)
    msg += rr(b"\xc0\x0c", 5, 1, 300, b"\x03cdn\xc0\x10")
    msg += rr(b"\xc0\x2d", 1, 1, 60, bytes([93, 184, 216, 34]))
    msg += rr(b"\x00", 41, 1232, 0, b"")
    yield "dns-response-compressed", msg
    query = u16(0xBEEF) + u16(0x0100) + u16(1) + u16(0) * 3 + name("_http", "_tcp", "local") + u16(12) + u16(1)
    yield "dns-query", query
    # mDNS DNS-SD answer: PTR → SRV, TXT, A, AAAA.
    msg = u16(0) + u16(0x8400) + u16(0) + u16(4) + u16(0) + u16(1)
    msg += rr(name("_ipp", "_tcp", "local"), 12, 1, 4500, b"\x0aOffice Jet\xc0\x0c")
    inst = u16(0xC000 | (12 + len(name("_ipp", "_tcp", "local")) + 10))
    srv_target = name("oj", "local")
    msg += rr(inst, 33, 0x8001, 120, u16(0) + u16(0) + u16(631) + srv_target)
    txt = b"".join(u8(len(s)) + s for s in [b"txtvers=1", b"ty=HP OfficeJet 8010", b"usb_MDL=OJ8010",
                                           b"UUID=1c852a4d-b800-1f08-abcd-0123456789ab", b"flag"])
    msg += rr(inst, 16, 0x8001, 4500, txt)
    msg += rr(name("oj", "local"), 1, 0x8001, 120, bytes([192, 168, 1, 40]))
    msg += rr(b"\x00", 47, 1, 120, b"\xc0\x0c\x00\x05\x00\x00\x80\x00\x40")
    yield "mdns-dnssd-response", msg

    def nb_encode(label, suffix):
        raw = label.upper().ljust(15).encode()[:15] + bytes([suffix])
        return b"\x20" + bytes(b for c in raw for b in (0x41 + (c >> 4), 0x41 + (c & 15))) + b"\x00"

    q = u16(0x8001) + u16(0x0110) + u16(1) + u16(0) * 3 + nb_encode("WORKSTATION", 0) + u16(0x20) + u16(1)
    yield "nbns-name-query", q
    names = [("DESKTOP-1", 0x00, 0x0400), ("WORKGROUP", 0x00, 0x8400), ("DESKTOP-1", 0x20, 0x0400)]
    stat = u8(len(names)) + b"".join(n.ljust(15).encode() + u8(s) + u16(f) for n, s, f in names)
    stat += bytes.fromhex("02005e1000ab") + bytes(40)
    r = u16(0x8002) + u16(0x8400) + u16(0) + u16(1) + u16(0) * 2
    r += nb_encode("*", 0) [:1] + b"CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x00" + u16(0x21) + u16(1) + u32(0)
    r += u16(len(stat)) + stat
    yield "nbns-node-status", r
    reg = u16(0x8003) + u16(0x2810) + u16(1) + u16(0) + u16(0) + u16(1) + nb_encode("DESKTOP-1", 0) + u16(0x20)
    reg += u16(1) + b"\xc0\x0c" + u16(0x20) + u16(1) + u32(300000) + u16(6) + u16(0) + bytes([192, 168, 1, 50])
    yield "nbns-registration", reg


# --- SSDP (UPnP Device Architecture 2.0 §1), HTTP/1.1 (RFC 9112), RTSP, UPnP description ---------------

def http_seeds():
    yield "ssdp-notify", (
        b"NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
        b"LOCATION: http://192.168.1.30:49152/description.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
        b"SERVER: Linux/5.10 UPnP/1.0 MiniUPnPd/2.2\r\nUSN: uuid:4d696e69-444c-164e-9d41-b827eb000001::upnp:rootdevice\r\n"
        b"BOOTID.UPNP.ORG: 7\r\n\r\n")
    yield "ssdp-msearch", (
        b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\n"
        b"ST: ssdp:all\r\nUSER-AGENT: Windows/10.0 UPnP/2.0 netvet/1\r\n\r\n")
    yield "ssdp-response", (
        b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: urn:schemas-upnp-org:device:MediaRenderer:1\r\n"
        b"USN: uuid:abc::urn:schemas-upnp-org:device:MediaRenderer:1\r\nEXT:\r\nLOCATION: http://10.0.0.5:8080/dd.xml\r\n\r\n")
    yield "http-request", (
        b"GET /index.html?x=1 HTTP/1.1\r\nHost: camera.local:8080\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
        b"Accept: */*\r\nAuthorization: Basic dXNlcjpwYXNz\r\nConnection: keep-alive\r\n\r\n")
    yield "http-response", (
        b"HTTP/1.0 401 Unauthorized\r\nServer: lighttpd/1.4.59\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\"1\"\r\n"
        b"WWW-Authenticate: Basic realm=\"cam\"\r\nContent-Length: 0\r\n  folded\r\n\r\n")
    yield "rtsp-request", (
        b"OPTIONS rtsp://192.168.1.64:554/stream1 RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: LibVLC/3.0\r\n\r\n")
    yield "upnp-description", (
        b"<?xml version=\"1.0\"?>\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion><major>1</major>"
        b"<minor>0</minor></specVersion><URLBase>http://192.168.1.30:49152/</URLBase><device>"
        b"<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
        b"<friendlyName>Router &amp; Co</friendlyName><manufacturer>ACME</manufacturer>"
        b"<manufacturerURL>http://acme.example/</manufacturerURL><modelName>RT-1</modelName>"
        b"<modelNumber>1.2</modelNumber><serialNumber>SN123</serialNumber><UDN>uuid:1234-5678</UDN>"
        b"<presentationURL>/</presentationURL><!-- c --><deviceList><device><deviceType>"
        b"urn:schemas-upnp-org:device:WANDevice:1</deviceType><friendlyName><![CDATA[WAN]]></friendlyName>"
        b"<UDN>uuid:9</UDN></device></deviceList></device></root>")
    body = b"<root><device><friendlyName>TV</friendlyName></device></root>"
    yield "http-response-upnp", (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=\"utf-8\"\r\nContent-Length: "
        + str(len(body)).encode() + b"\r\nServer: Linux UPnP/1.0 Sonos/70\r\n\r\n" + body)
    # TR-069 Amendment 6 §A.3.3.1: a CWMP Inform body (the fuzz input is the body, as after the head).
    yield "cwmp-inform", (
        b"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        b"xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><soap:Header><cwmp:ID soap:mustUnderstand=\"1\">1</cwmp:ID>"
        b"</soap:Header><soap:Body><cwmp:Inform><DeviceId><Manufacturer>ACME &amp; Co</Manufacturer>"
        b"<OUI>00D09E</OUI><ProductClass>IGD</ProductClass><SerialNumber>S1</SerialNumber></DeviceId>"
        b"<Event><EventStruct><EventCode>0 BOOTSTRAP</EventCode><CommandKey/></EventStruct></Event>"
        b"<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2024-01-01T00:00:00Z</CurrentTime><RetryCount>0</RetryCount>"
        b"<ParameterList><ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name>"
        b"<Value><![CDATA[1.0.2]]></Value></ParameterValueStruct></ParameterList>"
        b"</cwmp:Inform></soap:Body></soap:Envelope>")
    yield "http-chunked", (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"1a; ext=1\r\n<root><device></device></r\r\n5\r\noot>\n\r\n0\r\n\r\n")


# --- TLS (RFC 8446, RFC 5246) ---------------------------------------------------------------------------

def ext(etype, data):
    return u16(etype) + u16(len(data)) + data


def vec8(data):
    return u8(len(data)) + data


def vec16(data):
    return u16(len(data)) + data


def record(handshake_type, body, version=0x0301):
    hs = u8(handshake_type) + u24(len(body)) + body
    return u8(22) + u16(version) + u16(len(hs)) + hs


def tls_seeds():
    suites = [0x0A0A, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014,
              0x009C, 0x009D, 0x002F, 0x0035]
    sni = vec16(u8(0) + vec16(b"www.example.com"))
    exts = ext(0x1A1A, b"") + ext(0, sni) + ext(23, b"") + ext(0xFF01, b"\x00")
    exts += ext(10, vec16(b"".join(u16(g) for g in [0x2A2A, 0x11EC, 29, 23, 24])))
    exts += ext(11, vec8(b"\x00")) + ext(35, b"")
    exts += ext(16, vec16(vec8(b"h2") + vec8(b"http/1.1")))
    exts += ext(5, u8(1) + u16(0) + u16(0))
    exts += ext(13, vec16(b"".join(u16(s) for s in [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806,
                                                     0x0601])))
    exts += ext(18, b"") + ext(51, vec16(u16(0x2A2A) + vec16(b"\x00") + u16(29) + vec16(bytes(range(32)))))
    exts += ext(45, vec8(b"\x01")) + ext(43, vec8(u16(0x3A3A) + u16(0x0304) + u16(0x0303)))
    exts += ext(27, vec8(u16(2))) + ext(0x4469, vec16(vec8(b"h2"))) + ext(0x2A2A, b"\x00")
    exts += ext(21, bytes(20))
    body = u16(0x0303) + bytes(range(32)) + vec8(bytes(range(32, 64)))
    body += vec16(b"".join(u16(s) for s in suites)) + vec8(b"\x00") + vec16(exts)
    yield "tls-clienthello-13", record(1, body)
    # The same hello split over two records.
    whole = record(1, body)
    hs = whole[5:]
    yield "tls-clienthello-fragmented", (u8(22) + u16(0x0301) + u16(40) + hs[:40]
                                         + u8(22) + u16(0x0301) + u16(len(hs) - 40) + hs[40:])
    old = u16(0x0302) + bytes(32) + vec8(b"") + vec16(u16(0x0035) + u16(0x002F) + u16(0x000A) + u16(0x00FF))
    old += vec8(b"\x01\x00")
    yield "tls-clienthello-10-noext", record(1, old, version=0x0300)
    sh_exts = ext(43, u16(0x0304)) + ext(51, u16(29) + vec16(bytes(32)))
    sh = u16(0x0303) + bytes(range(100, 132)) + vec8(bytes(32)) + u16(0x1301) + u8(0) + vec16(sh_exts)
    yield "tls-serverhello-13", record(2, sh, version=0x0303)
    sh12 = u16(0x0303) + bytes(32) + vec8(b"") + u16(0xC02F) + u8(0)
    sh12 += vec16(ext(0xFF01, b"\x00") + ext(11, vec8(b"\x00")) + ext(16, vec16(vec8(b"h2"))) + ext(23, b""))
    yield "tls-serverhello-12", record(2, sh12, version=0x0303)
    hrr = u16(0x0303) + bytes.fromhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C")
    hrr += vec8(b"") + u16(0x1301) + u8(0) + vec16(ext(43, u16(0x0304)) + ext(51, u16(23)))
    yield "tls-hello-retry-request", record(2, hrr, version=0x0303)
    # A TLS 1.2 server flight: ServerHello, Certificate (a fresh self-signed certificate, with SANs, made by
    # openssl here, never captured) and ServerHelloDone, the handshake stream cut into two records inside
    # the certificate. It drives the certificate path: flight walk, X.509 reading and JA4X.
    cert = self_signed_certificate()
    certificate = vec24(vec24(cert))
    stream = hs_message(2, sh12) + hs_message(11, certificate) + hs_message(14, b"")
    cut = len(hs_message(2, sh12)) + 40
    yield "tls-server-flight-certificate", (u8(22) + u16(0x0303) + u16(cut) + stream[:cut]
                                            + u8(22) + u16(0x0303) + u16(len(stream) - cut) + stream[cut:])


def vec24(data):
    return u24(len(data)) + data


def hs_message(handshake_type, body):
    return u8(handshake_type) + u24(len(body)) + body


def self_signed_certificate():
    """DER of a new EC P-256 self-signed certificate named like a camera's (openssl req -x509)."""
    with tempfile.TemporaryDirectory() as work:
        key, pem = os.path.join(work, "key.pem"), os.path.join(work, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", pem, "-days", "3650", "-subj",
                        "/C=CN/O=Example Cameras/CN=NVR-0001", "-addext",
                        "subjectAltName=DNS:nvr.local,IP:192.168.1.20"], check=True, capture_output=True)
        return subprocess.run(["openssl", "x509", "-in", pem, "-outform", "der"], check=True,
                              capture_output=True).stdout


# --- LLDP (IEEE 802.1AB-2016 §8) and CDP ---------------------------------------------------------------

def tlv(ttype, data):
    return u16(ttype << 9 | len(data)) + data


def cdp_tlv(ttype, data):
    return u16(ttype) + u16(len(data) + 4) + data


def internet_checksum(data):
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def lldp_seeds():
    pdu = tlv(1, b"\x04" + bytes.fromhex("001122334455")) + tlv(2, b"\x05" + b"Gi1/0/1") + tlv(3, u16(120))
    pdu += tlv(4, b"Uplink to core") + tlv(5, b"sw-access-1") + tlv(6, b"Cisco IOS 15.2(4)E")
    pdu += tlv(7, u16(0x0014) + u16(0x0004))
    pdu += tlv(8, u8(5) + u8(1) + bytes([192, 168, 1, 2]) + u8(2) + u32(3) + u8(0))
    pdu += tlv(127, bytes.fromhex("0080c2") + b"\x01" + u16(10))
    pdu += tlv(127, bytes.fromhex("00120f") + b"\x04" + u16(1522))
    pdu += tlv(127, bytes.fromhex("0012bb") + b"\x05" + b"HW-2") + tlv(127, bytes.fromhex("0012bb") + b"\x0a" + b"Acme")
    pdu += tlv(0, b"") + bytes(6)
    yield "lldp-switch", pdu
    yield "lldp-minimal", tlv(1, b"\x07" + b"host") + tlv(2, b"\x03" + bytes(6)) + tlv(3, u16(0)) + tlv(0, b"")
    body = cdp_tlv(1, b"Switch01") + cdp_tlv(2, u32(1) + u8(1) + u8(1) + u8(0xCC) + u16(4) + bytes([10, 0, 0, 1]))
    body += cdp_tlv(3, b"GigabitEthernet0/1") + cdp_tlv(4, u32(0x28)) + cdp_tlv(5, b"Cisco IOS Software, 15.0")
    body += cdp_tlv(6, b"cisco WS-C2960") + cdp_tlv(9, b"corp") + cdp_tlv(10, u16(1)) + cdp_tlv(11, b"\x01")
    body += cdp_tlv(0x16, u32(1) + u8(1) + u8(1) + u8(0xCC) + u16(4) + bytes([10, 0, 0, 1]))
    if len(body) % 2:
        body += cdp_tlv(0x99, b"")
    head = u8(2) + u8(180)
    checksum = internet_checksum(head + u16(0) + body)
    yield "cdp-v2", head + u16(checksum) + body


# --- Banners: SSH (RFC 4253 §4.2), FTP (RFC 959 §4.2), Telnet (RFC 854) -------------------------------

def banner_seeds():
    yield "ssh-openssh", b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n"
    yield "ssh-preceding-lines", b"Welcome\r\nauthorised use only\r\nSSH-1.99-dropbear_2022.83\n"
    yield "ftp-multiline", b"220-ProFTPD 1.3.8 Server (Debian)\r\n220-second line\r\n220 ready\r\n"
    yield "ftp-single", b"220 (vsFTPd 3.0.5)\r\n"
    yield "telnet-negotiation", b"\xff\xfd\x18\xff\xfd\x20\xff\xfb\x01\xff\xfa\x18\x01\xff\xf0\r\nlogin: "
    yield "telnet-busybox", b"\xff\xfb\x03\xff\xfb\x01\r\nBusyBox v1.31 built-in shell\r\n(none) login: "


# --- QUIC Initials (RFC 9000 §17.2, RFC 9001 Appendix A) ----------------------------------------------
# The fuzz dispatch opens Initials with the fixed keys of Appendix A's DCID, so A.2 and A.3 decrypt.

RFC9001_A2_CRYPTO = bytes.fromhex(
    "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
    "04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578"
    "616d706c652e636f6dff01000100000a00080006001d00170018001000070005"
    "04616c706e000500050100000000003300260024001d00209370b2c9caa47fba"
    "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400"
    "0d0010000e0403050306030203080408050806002d00020101001c0002400100"
    "3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000"
    "75300901100f088394c8f03e51570806048000ffff")

RFC9001_A2_PACKET = bytes.fromhex(
    "c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11"
    "d242b123dc9bd8bab936b47d92ec356c0bab7df5976d27cd449f63300099f399"
    "1c260ec4c60d17b31f8429157bb35a1282a643a8d2262cad67500cadb8e7378c"
    "8eb7539ec4d4905fed1bee1fc8aafba17c750e2c7ace01e6005f80fcb7df6212"
    "30c83711b39343fa028cea7f7fb5ff89eac2308249a02252155e2347b63d58c5"
    "457afd84d05dfffdb20392844ae812154682e9cf012f9021a6f0be17ddd0c208"
    "4dce25ff9b06cde535d0f920a2db1bf362c23e596d11a4f5a6cf3948838a3aec"
    "4e15daf8500a6ef69ec4e3feb6b1d98e610ac8b7ec3faf6ad760b7bad1db4ba3"
    "485e8a94dc250ae3fdb41ed15fb6a8e5eba0fc3dd60bc8e30c5c4287e53805db"
    "059ae0648db2f64264ed5e39be2e20d82df566da8dd5998ccabdae053060ae6c"
    "7b4378e846d29f37ed7b4ea9ec5d82e7961b7f25a9323851f681d582363aa5f8"
    "9937f5a67258bf63ad6f1a0b1d96dbd4faddfcefc5266ba6611722395c906556"
    "be52afe3f565636ad1b17d508b73d8743eeb524be22b3dcbc2c7468d54119c74"
    "68449a13d8e3b95811a198f3491de3e7fe942b330407abf82a4ed7c1b311663a"
    "c69890f4157015853d91e923037c227a33cdd5ec281ca3f79c44546b9d90ca00"
    "f064c99e3dd97911d39fe9c5d0b23a229a234cb36186c4819e8b9c5927726632"
    "291d6a418211cc2962e20fe47feb3edf330f2c603a9d48c0fcb5699dbfe58964"
    "25c5bac4aee82e57a85aaf4e2513e4f05796b07ba2ee47d80506f8d2c25e50fd"
    "14de71e6c418559302f939b0e1abd576f279c4b2e0feb85c1f28ff18f58891ff"
    "ef132eef2fa09346aee33c28eb130ff28f5b766953334113211996d20011a198"
    "e3fc433f9f2541010ae17c1bf202580f6047472fb36857fe843b19f5984009dd"
    "c324044e847a4f4a0ab34f719595de37252d6235365e9b84392b061085349d73"
    "203a4a13e96f5432ec0fd4a1ee65accdd5e3904df54c1da510b0ff20dcc0c77f"
    "cb2c0e0eb605cb0504db87632cf3d8b4dae6e705769d1de354270123cb11450e"
    "fc60ac47683d7b8d0f811365565fd98c4c8eb936bcab8d069fc33bd801b03ade"
    "a2e1fbc5aa463d08ca19896d2bf59a071b851e6c239052172f296bfb5e724047"
    "90a2181014f3b94a4e97d117b438130368cc39dbb2d198065ae3986547926cd2"
    "162f40a29f0c3c8745c0f50fba3852e566d44575c29d39a03f0cda721984b6f4"
    "40591f355e12d439ff150aab7613499dbd49adabc8676eef023b15b65bfc5ca0"
    "6948109f23f350db82123535eb8a7433bdabcb909271a6ecbcb58b936a88cd4e"
    "8f2e6ff5800175f113253d8fa9ca8885c2f552e657dc603f252e1a8e308f76f0"
    "be79e2fb8f5d5fbbe2e30ecadd220723c8c0aea8078cdfcb3868263ff8f09400"
    "54da48781893a7e49ad5aff4af300cd804a6b6279ab3ff3afb64491c85194aab"
    "760d58a606654f9f4400e8b38591356fbf6425aca26dc85244259ff2b19c41b9"
    "f96f3ca9ec1dde434da7d2d392b905ddf3d1f9af93d1af5950bd493f5aa731b4"
    "056df31bd267b6b90a079831aaf579be0a39013137aac6d404f518cfd4684064"
    "7e78bfe706ca4cf5e9c5453e9f7cfd2b8b4c8d169a44e55c88d4a9a7f9474241"
    "e221af44860018ab0856972e194cd934")

RFC9001_A3_PACKET = bytes.fromhex(
    "cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a"
    "5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3"
    "dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84"
    "022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4"
    "2158407dd074ee")


def quic_seeds():
    yield "quic-rfc9001-a2-client-initial", RFC9001_A2_PACKET
    yield "quic-rfc9001-a3-server-initial", RFC9001_A3_PACKET
    # Plaintext frames for the walker: PING, ACK (largest 5, one extra range), the A.2 CRYPTO frame split in
    # two out of order, CONNECTION_CLOSE (code 0x0a, frame type 0x06, reason "x") and PADDING.
    hello = RFC9001_A2_CRYPTO[4:]
    frames = b"\x01" + bytes([0x02, 5, 0, 1, 0, 0, 1])
    frames += b"\x06" + bytes([0x40 | (100 >> 8), 100 & 0xFF]) + bytes([0x40, len(hello) - 100]) + hello[100:]
    frames += b"\x06\x00" + bytes([0x40, 100]) + hello[:100]
    frames += bytes([0x1C, 0x0A, 0x06, 1]) + b"x" + bytes(8)
    yield "quic-frames-split-crypto", frames


# --- Camera discovery: WS-Discovery 1.1 / ONVIF, Hikvision SADP, Dahua DHIP -------------------------------

WSD_NS = ('xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" '
          'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
          'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
          'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"')


def wsd(action, header_extra, body):
    return ('<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope %s><SOAP-ENV:Header>'
            '<wsa:MessageID>urn:uuid:8e3a1c52-2f41-4d7e-9b3c-1a2b3c4d5e6f</wsa:MessageID>%s'
            '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/%s</wsa:Action></SOAP-ENV:Header>'
            '<SOAP-ENV:Body>%s</SOAP-ENV:Body></SOAP-ENV:Envelope>' % (WSD_NS, header_extra, action, body)).encode()


ONVIF_ENDPOINT = ('<wsa:EndpointReference><wsa:Address>urn:uuid:5f5a69c2-e0ae-504f-829b-00fc3b2b2a9e</wsa:Address>'
                  '</wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>'
                  '<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming '
                  'onvif://www.onvif.org/hardware/DS-2CD2043G2-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2043G2-I '
                  'onvif://www.onvif.org/location/city/hangzhou</d:Scopes>'
                  '<d:XAddrs>http://192.168.1.64/onvif/device_service</d:XAddrs>'
                  '<d:MetadataVersion>10</d:MetadataVersion>')


def discovery_seeds():
    yield "wsd-hello", wsd("Hello", "", "<d:Hello>%s</d:Hello>" % ONVIF_ENDPOINT)
    yield "wsd-probe", wsd("Probe", "", "<d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe>")
    yield "wsd-probe-matches", wsd(
        "ProbeMatches", "<wsa:RelatesTo>urn:uuid:0a6dc791-2be6-4991-9af1-454778a1917a</wsa:RelatesTo>",
        "<d:ProbeMatches><d:ProbeMatch>%s</d:ProbeMatch></d:ProbeMatches>" % ONVIF_ENDPOINT)
    yield "wsd-bye", wsd("Bye", "", "<d:Bye><wsa:EndpointReference><wsa:Address>urn:uuid:5f5a69c2-e0ae-504f-829b-"
                         "00fc3b2b2a9e</wsa:Address></wsa:EndpointReference></d:Bye>")
    yield "sadp-probe", (b'<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>13A888A9-F1B1-4020-AE9F-05607682D23B'
                         b'</Uuid><Types>inquiry</Types></Probe>')
    yield "sadp-probe-match", (
        b'<?xml version="1.0" encoding="utf-8"?><ProbeMatch><Uuid>13A888A9-F1B1-4020-AE9F-05607682D23B</Uuid>'
        b'<Types>inquiry</Types><DeviceType>139</DeviceType><DeviceDescription>DS-2CD2043G2-I</DeviceDescription>'
        b'<DeviceSN>DS-2CD2043G2-I20200101AAWRE12345678</DeviceSN><CommandPort>8000</CommandPort>'
        b'<HttpPort>80</HttpPort><MAC>44-19-b6-aa-bb-cc</MAC><IPv4Address>192.168.1.64</IPv4Address>'
        b'<IPv4SubnetMask>255.255.255.0</IPv4SubnetMask><IPv4Gateway>192.168.1.1</IPv4Gateway>'
        b'<IPv6Address>::</IPv6Address><DHCP>false</DHCP><SoftwareVersion>V5.6.5build 200316</SoftwareVersion>'
        b'<DSPVersion>V7.3 build 200311</DSPVersion><BootTime>2024-01-15 08:30:00</BootTime>'
        b'<Activated>true</Activated><PasswordResetAbility>true</PasswordResetAbility></ProbeMatch>')

    def dhip(body, session=0):
        return (b"\x20\x00\x00\x00DHIP" + struct.pack(">Q", session) + struct.pack("<I", len(body)) + bytes(4)
                + struct.pack("<I", len(body)) + bytes(4) + body)
    yield "dhip-search", dhip(b'{ "method" : "DHDiscover.search", "params" : { "mac" : "", "uni" : 1 } }\n')
    yield "dhip-notify", dhip(
        b'{ "mac" : "3c:ef:8c:41:6c:ce", "method" : "client.notifyDevInfo", "params" : { "deviceInfo" : { '
        b'"DeviceClass" : "IPC", "DeviceType" : "IPC-HDW5421S", "HttpPort" : 80, "IPv4Address" : { '
        b'"DefaultGateway" : "192.168.1.1", "DhcpEnable" : false, "IPAddress" : "192.168.1.108", "SubnetMask" : '
        b'"255.255.255.0" }, "MachineName" : "3C06520PAN00001", "Manufacturer" : "General", "Port" : 37777, '
        b'"SerialNo" : "3C06520PAN00001", "Vendor" : "Dahua", "Version" : "2.800.0000000.25.R" } } }\n')


# --- SNMP v1/v2c (RFC 1157, RFC 3416) and v3 (RFC 3412) ------------------------------------------------

def ber(tag, content):
    n = len(content)
    if n < 0x80:
        return u8(tag) + u8(n) + content
    return u8(tag) + u8(0x82) + u16(n) + content


def ber_int(value):
    return ber(0x02, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


def ber_oid(text):
    arcs = [int(a) for a in text.split(".")]
    out = u8(arcs[0] * 40 + arcs[1])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(chunk)
    return ber(0x06, out)


def snmp(version, community, pdu_tag, bindings, header=None):
    varbinds = ber(0x30, b"".join(ber(0x30, ber_oid(oid) + value) for oid, value in bindings))
    head = header if header is not None else ber_int(0x1234) + ber_int(0) + ber_int(0)
    return ber(0x30, ber_int(version) + ber(0x04, community) + ber(pdu_tag, head + varbinds))


def snmp_seeds():
    yield "snmp-v2c-get", snmp(1, b"public", 0xA0, [("1.3.6.1.2.1.1.1.0", b"\x05\x00"),
                                                    ("1.3.6.1.2.1.1.5.0", b"\x05\x00")])
    yield "snmp-v2c-response", snmp(1, b"public", 0xA2, [
        ("1.3.6.1.2.1.1.1.0", ber(0x04, b"Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE")),
        ("1.3.6.1.2.1.1.2.0", ber_oid("1.3.6.1.4.1.9.1.1208")),
        ("1.3.6.1.2.1.1.5.0", ber(0x04, b"sw-core-1")),
        ("1.3.6.1.2.1.1.3.0", ber(0x43, u32(123456)))])
    trap = ber_oid("1.3.6.1.4.1.8072.3.2.10") + ber(0x40, bytes([192, 168, 1, 20])) + ber_int(6) + ber_int(1) \
        + ber(0x43, u32(500))
    yield "snmp-v1-trap", snmp(0, b"private", 0xA4, [("1.3.6.1.2.1.1.1.0", ber(0x04, b"Linux camera"))], trap)
    global_data = ber(0x30, ber_int(1) + ber_int(65507) + ber(0x04, b"\x04") + ber_int(3))
    yield "snmp-v3-discovery", ber(0x30, ber_int(3) + global_data + ber(0x04, ber(0x30, ber(0x04, b"") + ber_int(0)
                                   + ber_int(0) + ber(0x04, b"") + ber(0x04, b"") + ber(0x04, b""))))


# --- Tuya LAN discovery (docs/protocols/tuya.md, after tinytuya's message_helper.py / udp_helper.py) --------

TUYA_KEY = hashlib.md5(b"yGAdlopoPVldABfn").digest()


def tuya_55aa(command, body):
    head = u32(0x55AA) + u32(0) + u32(command) + u32(len(body) + 8) + body
    return head + u32(zlib.crc32(head) & 0xFFFFFFFF) + u32(0xAA55)


def tuya_seeds():
    # AES via the `cryptography` package (openssl enc has no AEAD mode for the 6699 frame).
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives import padding
    json31 = (b'{"ip":"192.168.1.40","gwId":"bf00000000000000aa01","active":2,"ability":0,"mode":0,'
              b'"encrypt":false,"productKey":"keyjnuy4s3kre7m7","version":"3.1"}')
    yield "tuya-31-plaintext", tuya_55aa(0x13, u32(0) + json31)
    json33 = (b'{"ip":"192.168.1.42","gwId":"bf00000000000000cc03","active":2,"ability":0,"mode":0,'
              b'"encrypt":true,"productKey":"key4fv3xs8twchhy","version":"3.3"}')
    padder = padding.PKCS7(128).padder()
    padded = padder.update(json33) + padder.finalize()
    encryptor = Cipher(algorithms.AES(TUYA_KEY), modes.ECB()).encryptor()
    yield "tuya-33-ecb", tuya_55aa(0x13, u32(0) + encryptor.update(padded) + encryptor.finalize())
    json35 = (b'{"ip":"192.168.1.41","gwId":"bf00000000000000bb02","active":2,"ability":0,"mode":0,'
              b'"encrypt":true,"productKey":"e8dhekwuvrdogter","version":"3.5","token":true}')
    nonce = bytes(range(1, 13))
    plain = u32(0) + json35
    header = u32(0x6699) + u16(0) + u32(0) + u32(0x23) + u32(12 + len(plain) + 16)
    yield "tuya-35-gcm", header + nonce + AESGCM(TUYA_KEY).encrypt(nonce, plain, header[4:]) + u32(0x9966)


def main():
    os.makedirs(ROOT, exist_ok=True)
    for family, seeds in [(DHCP, dhcp_seeds), (DNS, dns_seeds), (HTTP, http_seeds), (TLS, tls_seeds),
                          (LLDP, lldp_seeds), (BANNER, banner_seeds), (QUIC, quic_seeds),
                          (DISCOVERY, discovery_seeds), (SNMP, snmp_seeds), (TUYA, tuya_seeds)]:
        for label, data in seeds():
            with open(os.path.join(ROOT, "%d-%s" % (family, label)), "wb") as out:
                out.write(u8(family) + data)


if __name__ == "__main__":
    main()
