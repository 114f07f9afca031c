#!/usr/bin/env python3
"""damaged-capture: malformed frames between good ones, in a file cut off mid-record (see README.md).

Writes capture.pcap next to this file. Deterministic (fixed timestamps, no randomness).
Every malformed frame is built to trip exactly one decoder check and is written without Ethernet
padding, so "longer than the frame" means exactly what the README says.
Run: python3 Samples/damaged-capture/generate.py [--list]
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from pcapgen import *  # noqa: E402,F401,F403

CLIENT = "e4:5f:01:2a:7c:31"        # Raspberry Pi Trading
CLIENT_IP = "192.168.1.20"
CLIENT_LL = eui64_link_local(CLIENT)  # fe80::e65f:1ff:fe2a:7c31
SERVER = "9c:7b:ef:40:51:0a"        # Hewlett Packard
SERVER_IP = "192.168.1.10"
SERVER_LL = eui64_link_local(SERVER)  # fe80::9e7b:efff:fe40:510a

rec = Recorder(LINKTYPE_ETHERNET)
ANOMALIES = []  # (frame number, anomaly name, description)


def good(frame, note, gap_us=2000):
    return rec.add(frame, note, gap_us)


def bad(frame, anomaly, note, gap_us=2000):
    n = rec.add(frame, f"MALFORMED {anomaly}: {note}", gap_us)
    ANOMALIES.append((n, anomaly, note))
    return n


def c2s_ipv4(proto, payload, ident, **kw):
    return ipv4(CLIENT_IP, SERVER_IP, proto, payload, ident=ident, **kw)


def eth_c2s(payload, ethertype=ETH_IPV4, vlans=()):
    return ethernet(SERVER, CLIENT, ethertype, payload, vlans, pad=False)


# --- good: ARP and NDP so both hosts are in the inventory -----------------------------------------
good(ethernet(BROADCAST, CLIENT, ETH_ARP, arp_request(CLIENT, CLIENT_IP, SERVER_IP)),
     "ARP request who-has 192.168.1.10 tell 192.168.1.20", gap_us=0)
good(ethernet(CLIENT, SERVER, ETH_ARP, arp_reply(SERVER, SERVER_IP, CLIENT, CLIENT_IP)),
     "ARP reply 192.168.1.10 is-at 9c:7b:ef:40:51:0a")
sn = solicited_node(SERVER_LL)
good(eth_ip(multicast_mac_v6(sn), CLIENT,
            ipv6(CLIENT_LL, sn, IPPROTO_ICMPV6, ndp_ns(CLIENT_LL, sn, SERVER_LL, ndp_opt_source_lladdr(CLIENT)),
                 hop_limit=255)),
     f"ICMPv6 NS {CLIENT_LL} -> {sn} target {SERVER_LL} (SLLA)")
good(eth_ip(CLIENT, SERVER,
            ipv6(SERVER_LL, CLIENT_LL, IPPROTO_ICMPV6,
                 ndp_na(SERVER_LL, CLIENT_LL, SERVER_LL, options=ndp_opt_target_lladdr(SERVER)), hop_limit=255)),
     f"ICMPv6 NA {SERVER_LL} (S,O; TLLA)")

# --- good: TCP connection 192.168.1.20:51515 -> 192.168.1.10:8080, spread through the file -------
s = TcpSession(CLIENT_IP, SERVER_IP, 51515, 8080, 0x1C0FFEE0, 0x5E4F0000, c_ident=0x2000, s_ident=0x6000)
handshake = s.handshake()
request = s.send(True, b"GET /health HTTP/1.1\r\nHost: 192.168.1.10:8080\r\nUser-Agent: curl/8.5.0\r\n"
                       b"Accept: */*\r\n\r\n", ack=False)
response = s.send(False, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n", ack=True)
closing = s.close(client_first=True)
tcp_label = "TCP 192.168.1.20:51515 192.168.1.10:8080"


def tcp_frames(packets, what):
    for from_client, packet in packets:
        src, dst = (CLIENT, SERVER) if from_client else (SERVER, CLIENT)
        good(eth_ip(dst, src, packet), f"{tcp_label} {'->' if from_client else '<-'} {what}")


tcp_frames(handshake, "handshake")

# --- malformed frames, interleaved with the rest of the good TCP connection ------------------------
UDP_PAYLOAD = b"netvet-test!"  # 12 bytes
# 1. Runt: 10 bytes, shorter than an Ethernet header.
bad(ethernet(SERVER, CLIENT, ETH_IPV4, b"", pad=False)[:10], "ethernet.truncated",
    "10-byte frame (destination MAC + 4 bytes of source MAC); an Ethernet header needs 14")

tcp_frames(request, "HTTP request")

# 2. Six stacked VLAN tags (802.1ad 100, then 802.1Q 200..600); the IPv4/UDP inside is fine.
inner = c2s_ipv4(IPPROTO_UDP, udp(CLIENT_IP, SERVER_IP, 40002, 9999, UDP_PAYLOAD), 0x3002)
bad(eth_c2s(inner, vlans=[(ETH_8021AD, 100), (ETH_8021Q, 200), (ETH_8021Q, 300), (ETH_8021Q, 400),
                          (ETH_8021Q, 500), (ETH_8021Q, 600)]),
    "vlan.too_many_tags", "6 stacked tags (88a8/100, 8100/200, /300, /400, /500, /600) before IPv4 UDP "
    "40002->9999; netvet decodes at most 4")

# 3. IPv4 IHL 4 (16 bytes) < the 20-byte minimum.
bad(eth_c2s(c2s_ipv4(IPPROTO_UDP, udp(CLIENT_IP, SERVER_IP, 40003, 9999, UDP_PAYLOAD), 0x3003, ihl=4)),
    "ipv4.hlen_too_small", "IPv4 IHL=4 (16 bytes), total length 40, UDP 40003->9999 behind it")

# 4. IPv4 IHL 15 (60 bytes) but only 36 bytes of IPv4 in the frame (total length 36 as well).
bad(eth_c2s(c2s_ipv4(IPPROTO_UDP, udp(CLIENT_IP, SERVER_IP, 40004, 9999, b"netvet!!"), 0x3004, ihl=15)),
    "ipv4.hlen_too_large", "IPv4 IHL=15 (60 bytes) in a 36-byte packet (total length 36)")

tcp_frames(response[:1], "HTTP response")

# 5. IPv4 total length 1500 but 40 bytes present (record caplen == len: not a snap-length cut).
bad(eth_c2s(c2s_ipv4(IPPROTO_UDP, udp(CLIENT_IP, SERVER_IP, 40005, 9999, UDP_PAYLOAD), 0x3005,
                     total_length=1500)),
    "ipv4.total_length_too_large", "IPv4 total length 1500, only 40 bytes of IPv4 in a 54-byte frame")

# 6. TCP data offset 3 (12 bytes) < 5.
seg = tcp(CLIENT_IP, SERVER_IP, 40006, 8080, 0x01000000, 0, TCP_SYN, window=1024, data_offset=3)
bad(eth_c2s(c2s_ipv4(IPPROTO_TCP, seg, 0x3006)),
    "tcp.data_offset_too_small", "TCP 40006->8080 SYN with data offset 3 (12 bytes)")

# 7. TCP data offset 15 (60 bytes) but the segment is 24 bytes.
seg = tcp(CLIENT_IP, SERVER_IP, 40007, 8080, 0x02000000, 0, TCP_SYN, b"\x00\x00\x00\x00", window=1024,
          data_offset=15)
bad(eth_c2s(c2s_ipv4(IPPROTO_TCP, seg, 0x3007)),
    "tcp.data_offset_too_large", "TCP 40007->8080 SYN with data offset 15 (60 bytes) in a 24-byte segment")

# 8. TCP option with length 0 (MSS kind 2, len 0): option parsing must stop, not loop.
seg = tcp(CLIENT_IP, SERVER_IP, 40008, 8080, 0x03000000, 0, TCP_SYN, window=1024, options=b"\x02\x00\x05\xb4")
bad(eth_c2s(c2s_ipv4(IPPROTO_TCP, seg, 0x3008)),
    "tcp.options_malformed", "TCP 40008->8080 SYN, data offset 6, option kind 2 (MSS) with length 0")

# 9. TCP option running past the header: Timestamps (len 10) in a 4-byte option area.
seg = tcp(CLIENT_IP, SERVER_IP, 40009, 8080, 0x04000000, 0, TCP_SYN, window=1024, options=b"\x08\x0a\x00\x01")
bad(eth_c2s(c2s_ipv4(IPPROTO_TCP, seg, 0x3009)),
    "tcp.options_malformed", "TCP 40009->8080 SYN, data offset 6, Timestamps option (length 10) runs past "
    "the 24-byte header")

tcp_frames(response[1:], "ACK")

# 10. UDP length 4 < 8 (checksum 0 = none).
bad(eth_c2s(c2s_ipv4(IPPROTO_UDP, udp(CLIENT_IP, SERVER_IP, 40010, 9999, UDP_PAYLOAD, length=4), 0x300A)),
    "udp.length_too_small", "UDP 40010->9999 length field 4 (datagram is 20 bytes)")

# 11. UDP length 200 > the 18-byte datagram the IPv4 header delimits.
bad(eth_c2s(c2s_ipv4(IPPROTO_UDP, udp(CLIENT_IP, SERVER_IP, 40011, 9999, b"0123456789", length=200), 0x300B)),
    "udp.length_too_large", "UDP 40011->9999 length field 200, IPv4 payload is 18 bytes")

# 12. IPv6 payload length 400, 16 bytes present.
v6 = ipv6(CLIENT_LL, SERVER_LL, IPPROTO_UDP, udp(CLIENT_LL, SERVER_LL, 40012, 9999, b"netvet!!"), payload_length=400)
bad(eth_c2s(v6, ETH_IPV6),
    "ipv6.payload_length_too_large", "IPv6 payload length 400, 16 bytes (UDP 40012->9999) present")

# 13. IPv6 extension chain of 10 headers: Hop-by-Hop + 9 Destination Options, then UDP.
chain = [ext_hop_by_hop()] + [ext_destination() for _ in range(9)]
v6 = ipv6(CLIENT_LL, SERVER_LL, IPPROTO_UDP, udp(CLIENT_LL, SERVER_LL, 40013, 9999, b"netvet!!"), exts=chain)
bad(eth_c2s(v6, ETH_IPV6),
    "ipv6.extension_chain_too_long", "IPv6 with 10 extension headers (1 Hop-by-Hop + 9 Destination Options, "
    "8 bytes each) before UDP 40013->9999; netvet follows at most 8")

# 14. ARP cut to 20 of its 28 bytes (no padding).
bad(ethernet(BROADCAST, CLIENT, ETH_ARP, arp_request(CLIENT, CLIENT_IP, "192.168.1.1")[:20], pad=False),
    "arp.truncated", "ARP request who-has 192.168.1.1 cut after 20 of 28 bytes (target IP missing)")

# 15. NDP Neighbor Solicitation whose source link-layer address option has length 0.
ns = ndp_ns(CLIENT_LL, sn, SERVER_LL, b"\x01\x00" + mac(CLIENT))
bad(eth_ip(multicast_mac_v6(sn), CLIENT, ipv6(CLIENT_LL, sn, IPPROTO_ICMPV6, ns, hop_limit=255), pad=False),
    "ndp.option_zero_length", "ICMPv6 NS target fe80::9e7b:efff:fe40:510a, option type 1 with length 0 "
    "(checksum valid)")

# 16. ICMP of 2 bytes (type 8 code 0; no checksum, id or sequence).
bad(eth_c2s(c2s_ipv4(IPPROTO_ICMP, b"\x08\x00", 0x3010)),
    "icmp.truncated", "IPv4 protocol 1 with a 2-byte ICMP message (type 8, code 0)")

tcp_frames(closing, "close")

good(ethernet(BROADCAST, SERVER, ETH_ARP, arp_gratuitous(SERVER, SERVER_IP)),
     "ARP gratuitous (announcement) 192.168.1.10")

# --- the cut: a record header for a whole TCP SYN frame, then only 30 bytes, then EOF -------------
late = eth_ip(SERVER, CLIENT, TcpSession(CLIENT_IP, SERVER_IP, 51516, 8080, 0x1C100000, 0,
                                         c_ident=0x2100).handshake()[0][1])
rec.add_cut(late, 30, f"CUT record: header says {len(late)} bytes (TCP SYN 192.168.1.20:51516 -> "
                      f"192.168.1.10:8080), file ends after 30")


def main():
    out = os.path.join(HERE, "capture.pcap")
    n = rec.write(out)
    print(f"{out}: {n} complete packets + 1 cut record")
    if "--list" in sys.argv:
        for line in rec.listing():
            print(line)
        print("anomalies:")
        for frame, name, note in ANOMALIES:
            print(f"  frame {frame:3d}  {name}")


if __name__ == "__main__":
    main()
