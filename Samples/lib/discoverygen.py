"""Builders for device-identity scenarios (issue 4): vendor discovery payloads, LLDP, SNMP, TR-069, and a
small `Scene` that records Ethernet/IPv4 conversations with pcapgen.

Every builder is a pure function returning bytes. The layouts are the ones netvet's parsers read
(docs/protocols/cameras-and-snmp.md, cwmp.md, discovery-and-dhcp.md, dns-ssdp-http.md); field values in
the scenarios are made up, never copied from a capture. Python 3 standard library only.
"""

import random
import struct
from typing import List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

from pcapgen import (BROADCAST, DNS_A, ETH_ARP, IPPROTO_UDP, LINKTYPE_ETHERNET, Recorder, TcpSession, arp_reply,
                     arp_request, dns_query, dns_response, eth_ip, ethernet, ip4, ipv4, mac, multicast_mac_v4,
                     tls_app_data, tls_client_hello, tls_server_hello, udp)

# ---------------------------------------------------------------------------------------------
# Hikvision SADP (UDP 37020, multicast 239.255.255.250)


def sadp_probe(uuid: str) -> bytes:
    """The inquiry a SADP client multicasts."""
    return (f'<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>{uuid}</Uuid>'
            '<Types>inquiry</Types></Probe>').encode()


def sadp_probe_match(uuid: str, fields: Sequence[Tuple[str, str]]) -> bytes:
    """A device's ProbeMatch: the document element's children in order (DeviceDescription = model,
    SoftwareVersion/DSPVersion = firmware, DeviceSN = serial)."""
    body = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields)
    return (f'<?xml version="1.0" encoding="utf-8"?><ProbeMatch><Uuid>{uuid}</Uuid>'
            f'<Types>inquiry</Types>{body}</ProbeMatch>').encode()


# ---------------------------------------------------------------------------------------------
# Dahua DHIP discovery (UDP 37810, multicast 239.255.255.251)


def dhip(body: str, session: int = 0) -> bytes:
    """32-byte header `20 00 00 00 "DHIP"`, 8-byte session, body length (LE) at 16 and again at 24,
    then the JSON body."""
    data = body.encode()
    return (b"\x20\x00\x00\x00DHIP" + struct.pack(">Q", session) + struct.pack("<I", len(data)) + b"\x00" * 4 +
            struct.pack("<I", len(data)) + b"\x00" * 4 + data)


def dhip_search() -> bytes:
    return dhip('{"method":"DHDiscover.search","params":{"mac":"","uni":1}}')


def dhip_notify(mac_text: str, device_info: Sequence[Tuple[str, str]]) -> bytes:
    """`client.notifyDevInfo` with the deviceInfo members in order (string values only)."""
    members = ",".join(f'"{key}":"{value}"' for key, value in device_info)
    return dhip(f'{{"mac":"{mac_text}","method":"client.notifyDevInfo","params":{{"deviceInfo":{{{members}}}}}}}')


# ---------------------------------------------------------------------------------------------
# WS-Discovery / ONVIF (UDP 3702)

_WSD_NS = ('xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
           'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
           'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
           'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"')


def wsd_probe(message_id: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<s:Envelope {_WSD_NS}><s:Header><a:MessageID>{message_id}</a:MessageID>'
            '<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>'
            '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>'
            '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>').encode()


def wsd_probe_match(relates_to: str, endpoint: str, scopes: Sequence[str], xaddr: str) -> bytes:
    """ProbeMatches with one ProbeMatch; scopes are full `onvif://www.onvif.org/...` URIs (percent-encoded)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<s:Envelope {_WSD_NS}><s:Header><a:RelatesTo>{relates_to}</a:RelatesTo>'
            '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action></s:Header>'
            '<s:Body><d:ProbeMatches><d:ProbeMatch>'
            f'<a:EndpointReference><a:Address>{endpoint}</a:Address></a:EndpointReference>'
            '<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>'
            f'<d:Scopes>{" ".join(scopes)}</d:Scopes><d:XAddrs>{xaddr}</d:XAddrs>'
            '<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>').encode()


# ---------------------------------------------------------------------------------------------
# LLDP (IEEE 802.1AB), EtherType 0x88CC to 01:80:c2:00:00:0e

ETH_LLDP = 0x88CC
LLDP_MULTICAST = "01:80:c2:00:00:0e"


def lldp_tlv(tlv_type: int, value: bytes) -> bytes:
    return struct.pack("!H", (tlv_type << 9) | len(value)) + value


def lldp_frame(chassis_mac: str, port_id: str, system_name: str, system_description: str,
               capabilities: int, enabled: int, port_description: str = "", ttl: int = 120,
               management_ipv4: Optional[str] = None) -> bytes:
    """Chassis ID (MAC subtype 4), Port ID (interface name subtype 5), TTL, optional Port Description,
    System Name, System Description, System Capabilities, optional Management Address (IPv4), End."""
    tlvs = lldp_tlv(1, b"\x04" + mac(chassis_mac)) + lldp_tlv(2, b"\x05" + port_id.encode())
    tlvs += lldp_tlv(3, struct.pack("!H", ttl))
    if port_description:
        tlvs += lldp_tlv(4, port_description.encode())
    tlvs += lldp_tlv(5, system_name.encode()) + lldp_tlv(6, system_description.encode())
    tlvs += lldp_tlv(7, struct.pack("!HH", capabilities, enabled))
    if management_ipv4:
        address = b"\x01" + ip4(management_ipv4)  # IANA address family 1 = IPv4
        tlvs += lldp_tlv(8, bytes([len(address)]) + address + b"\x02" + struct.pack("!I", 1) + b"\x00")
    return tlvs + lldp_tlv(0, b"")


LLDP_CAP_BRIDGE, LLDP_CAP_WLAN_AP, LLDP_CAP_ROUTER = 0x0004, 0x0008, 0x0010

# ---------------------------------------------------------------------------------------------
# SNMP v1/v2c (BER, X.690)


def ber(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = b"\x81" + bytes([n])
    else:
        length = b"\x82" + struct.pack("!H", n)
    return bytes([tag]) + length + value


def ber_int(value: int) -> bytes:
    raw = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    return ber(0x02, raw)


def ber_oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(chunk)
    return ber(0x06, out)


SYS_DESCR, SYS_OBJECT_ID, SYS_NAME = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.5.0"
SNMP_GET, SNMP_RESPONSE = 0xA0, 0xA2


def snmp_message(community: str, pdu: int, request_id: int, bindings: Sequence[Tuple[str, object]],
                 version: int = 1) -> bytes:
    """v2c (version 1) or v1 (0) message; a binding value is None (NULL), str (OCTET STRING) or
    ('oid', dotted) (OBJECT IDENTIFIER)."""
    encoded = b""
    for name, value in bindings:
        if value is None:
            v = b"\x05\x00"
        elif isinstance(value, tuple):
            v = ber_oid(value[1])
        else:
            v = ber(0x04, str(value).encode())
        encoded += ber(0x30, ber_oid(name) + v)
    body = ber_int(request_id) + ber_int(0) + ber_int(0) + ber(0x30, encoded)
    return ber(0x30, ber_int(version) + ber(0x04, community.encode()) + ber(pdu, body))


# ---------------------------------------------------------------------------------------------
# TR-069 (CWMP) Inform, TR-069 Amendment 6 §A.3.3.1


def cwmp_inform(manufacturer: str, oui: str, product_class: str, serial: str, events: Sequence[str],
                parameters: Sequence[Tuple[str, str]], current_time: str = "2024-03-01T09:00:01Z") -> bytes:
    event_xml = "".join(f"<EventStruct><EventCode>{e}</EventCode><CommandKey></CommandKey></EventStruct>"
                        for e in events)
    params = "".join(f'<ParameterValueStruct><Name>{n}</Name><Value xsi:type="xsd:string">{escape(v)}</Value>'
                     '</ParameterValueStruct>' for n, v in parameters)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Header>'
            '<cwmp:ID soap:mustUnderstand="1">1</cwmp:ID></soap:Header><soap:Body><cwmp:Inform>'
            f'<DeviceId><Manufacturer>{escape(manufacturer)}</Manufacturer><OUI>{oui}</OUI>'
            f'<ProductClass>{escape(product_class)}</ProductClass><SerialNumber>{serial}</SerialNumber></DeviceId>'
            f'<Event soapenc:arrayType="cwmp:EventStruct[{len(events)}]">{event_xml}</Event>'
            f'<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>{current_time}</CurrentTime><RetryCount>0</RetryCount>'
            f'<ParameterList soapenc:arrayType="cwmp:ParameterValueStruct[{len(parameters)}]">{params}'
            '</ParameterList></cwmp:Inform></soap:Body></soap:Envelope>').encode()


# ---------------------------------------------------------------------------------------------
# UPnP device description (UPnP Device Architecture 2.0 §2.3)


def upnp_description(device_type: str, friendly_name: str, manufacturer: str, model_name: str,
                     model_number: str, serial: str, udn: str) -> bytes:
    return ('<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0">'
            '<specVersion><major>1</major><minor>0</minor></specVersion><device>'
            f'<deviceType>{device_type}</deviceType><friendlyName>{escape(friendly_name)}</friendlyName>'
            f'<manufacturer>{escape(manufacturer)}</manufacturer><modelName>{escape(model_name)}</modelName>'
            f'<modelNumber>{escape(model_number)}</modelNumber><serialNumber>{serial}</serialNumber>'
            f'<UDN>{udn}</UDN></device></root>').encode()


def ssdp_notify(location: str, server: str, nt: str, usn: str) -> bytes:
    return (f"NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
            f"LOCATION: {location}\r\nNT: {nt}\r\nNTS: ssdp:alive\r\nSERVER: {server}\r\nUSN: {usn}\r\n\r\n").encode()


def http_response(status: str, headers: Sequence[Tuple[str, str]], body: bytes = b"") -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def http_request(method: str, path: str, headers: Sequence[Tuple[str, str]], body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    if body or method == "POST":
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


# ---------------------------------------------------------------------------------------------
# A scene: one Ethernet segment, IPv4 hosts, a recorder


class Scene:
    """Records frames between hosts (name -> (mac, ip)) on one untagged Ethernet segment."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rec = Recorder(LINKTYPE_ETHERNET)
        self.ident = {}

    def next_ident(self, ip: str) -> int:
        self.ident[ip] = (self.ident.get(ip, self.rng.randrange(0x10000)) + 1) & 0xFFFF
        return self.ident[ip]

    def frame(self, src_mac: str, dst_mac, packet: bytes, note: str, gap_us: int = 400) -> None:
        self.rec.add(eth_ip(dst_mac, src_mac, packet), note, gap_us)

    def raw(self, src_mac: str, dst_mac, ethertype: int, payload: bytes, note: str, gap_us: int = 400) -> None:
        self.rec.add(ethernet(dst_mac, src_mac, ethertype, payload), note, gap_us)

    def arp(self, a_mac: str, a_ip: str, b_mac: str, b_ip: str, gap_us: int = 400) -> None:
        self.raw(a_mac, BROADCAST, ETH_ARP, arp_request(a_mac, a_ip, b_ip), f"ARP who-has {b_ip} tell {a_ip}", gap_us)
        self.raw(b_mac, a_mac, ETH_ARP, arp_reply(b_mac, b_ip, a_mac, a_ip), f"ARP {b_ip} is-at {b_mac}")

    def udp(self, smac: str, dmac, sip: str, dip: str, sport: int, dport: int, payload: bytes, note: str,
            ttl: int = 64, gap_us: int = 400) -> None:
        self.frame(smac, dmac, ipv4(sip, dip, IPPROTO_UDP, udp(sip, dip, sport, dport, payload), ttl=ttl,
                                    ident=self.next_ident(sip)), note, gap_us)

    def multicast(self, smac: str, sip: str, group: str, sport: int, dport: int, payload: bytes, note: str,
                  gap_us: int = 400) -> None:
        self.udp(smac, multicast_mac_v4(group), sip, group, sport, dport, payload, note, ttl=1, gap_us=gap_us)

    def dns(self, cmac: str, cip: str, gw_mac: str, gw_ip: str, port: int, txid: int, name: str, answer: str) -> None:
        self.udp(cmac, gw_mac, cip, gw_ip, port, 53, dns_query(txid, name), f"DNS query {name} from {cip}")
        self.udp(gw_mac, cmac, gw_ip, cip, 53, port, dns_response(txid, name, DNS_A, [(DNS_A, 300, ip4(answer))]),
                 f"DNS response {name} A {answer}", gap_us=2500)

    def tcp(self, cmac: str, smac: str, cip: str, sip: str, cport: int, sport: int, label: str,
            build, gap_us: int = 1500, s_ttl: int = 64) -> None:
        """`build(session)` returns the session's packets after the handshake (data and close)."""
        s = TcpSession(cip, sip, cport, sport, self.rng.getrandbits(32), self.rng.getrandbits(32),
                       c_ident=self.next_ident(cip), s_ident=self.rng.randrange(0x10000), ttl_s=s_ttl)
        packets = s.handshake() + build(s)
        for from_client, packet in packets:
            src, dst = (cmac, smac) if from_client else (smac, cmac)
            self.frame(src, dst, packet, f"{label} {'->' if from_client else '<-'}", gap_us)

    def exchange(self, cmac: str, smac: str, cip: str, sip: str, cport: int, sport: int, label: str,
                 request: bytes, response: bytes, s_ttl: int = 64) -> None:
        self.tcp(cmac, smac, cip, sip, cport, sport, label,
                 lambda s: s.exchange(request, response) + s.close(client_first=True), s_ttl=s_ttl)

    def tls(self, cmac: str, smac: str, cip: str, sip: str, cport: int, sport: int, server_name: str,
            s_ttl: int = 50) -> None:
        rng = self.rng
        self.tcp(cmac, smac, cip, sip, cport, sport, f"TLS {cip}:{cport} -> {server_name} {sip}:{sport}",
                 lambda s: (s.send(True, tls_client_hello(rng, server_name), ack=False) +
                            s.send(False, tls_server_hello(rng) + tls_app_data(rng, 600), ack=True) +
                            s.exchange(tls_app_data(rng, 200), tls_app_data(rng, 80)) + s.close(client_first=False)),
                 gap_us=6000, s_ttl=s_ttl)

    def write(self, path: str) -> int:
        return self.rec.write(path)

    def listing(self) -> List[str]:
        return list(self.rec.listing())
