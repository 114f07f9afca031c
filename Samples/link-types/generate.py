#!/usr/bin/env python3
"""link-types: one small exchange written under seven link-layer types (see README.md here).

Writes ethernet.pcap, linux-sll.pcap, linux-sll2.pcap, raw-ip.pcap, null.pcap, wifi-radiotap.pcap and
wifi.pcap next to this file. Deterministic: fixed timestamps, no randomness.
Run: python3 Samples/link-types/generate.py [--list]
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from pcapgen import *  # noqa: E402,F401,F403

# Host A: a Raspberry Pi (Wi-Fi station in the 802.11 files, and the capturing host for SLL).
A = "dc:a6:32:4b:1c:0a"             # Raspberry Pi Trading
A_IP = "192.168.7.10"
A_LL = eui64_link_local(A)          # fe80::dea6:32ff:fe4b:1c0a
# Host B: a Dell PC (wired, behind the access point in the 802.11 files).
B = "98:e7:43:6e:02:0b"             # Dell Inc.
B_IP = "192.168.7.20"
B_LL = eui64_link_local(B)          # fe80::9ae7:43ff:fe6e:20b
# The access point (BSSID) in the 802.11 files only.
BSSID = "f0:9f:c2:6a:00:2e"         # Ubiquiti Networks

SN_B = solicited_node(B_LL)


class Pkt:
    """One packet of the exchange, link-independent."""

    def __init__(self, from_a, ethertype, payload, dst_mac, note, null_af=None, qos=False):
        self.from_a = from_a          # sent by A (else by B)
        self.ethertype = ethertype
        self.payload = payload        # ARP body or IP packet
        self.dst_mac = dst_mac        # Ethernet destination (broadcast / multicast / unicast)
        self.note = note
        self.null_af = null_af        # DLT_NULL address family for this packet
        self.qos = qos                # 802.11: QoS Data subtype


EXCHANGE = [
    Pkt(True, ETH_ARP, arp_request(A, A_IP, B_IP), BROADCAST, "ARP request who-has 192.168.7.20 tell 192.168.7.10"),
    Pkt(False, ETH_ARP, arp_reply(B, B_IP, A, A_IP), A, "ARP reply 192.168.7.20 is-at 98:e7:43:6e:02:0b"),
    Pkt(True, ETH_IPV4, ipv4(A_IP, B_IP, IPPROTO_UDP, udp(A_IP, B_IP, 50000, 7777, b"hello from A"), ident=0x1001),
        B, "UDP 192.168.7.10:50000 -> 192.168.7.20:7777 (12 bytes)", null_af=AF_INET, qos=True),
    Pkt(False, ETH_IPV4, ipv4(B_IP, A_IP, IPPROTO_UDP, udp(B_IP, A_IP, 7777, 50000, b"hello from B!"), ident=0x2001,
                              ttl=128),
        A, "UDP 192.168.7.20:7777 -> 192.168.7.10:50000 (13 bytes)", null_af=AF_INET, qos=True),
    Pkt(True, ETH_IPV6, ipv6(A_LL, SN_B, IPPROTO_ICMPV6, ndp_ns(A_LL, SN_B, B_LL, ndp_opt_source_lladdr(A)),
                             hop_limit=255),
        multicast_mac_v6(SN_B), f"ICMPv6 NS {A_LL} -> {SN_B} target {B_LL} (SLLA {A})", null_af=AF_INET6_BSD),
    Pkt(False, ETH_IPV6, ipv6(B_LL, A_LL, IPPROTO_ICMPV6,
                              ndp_na(B_LL, A_LL, B_LL, options=ndp_opt_target_lladdr(B)), hop_limit=255),
        A, f"ICMPv6 NA {B_LL} -> {A_LL} (S,O; TLLA {B})", null_af=AF_INET6_FREEBSD),
    Pkt(True, ETH_IPV6, ipv6(A_LL, B_LL, IPPROTO_UDP, udp(A_LL, B_LL, 50001, 7777, b"hello v6 from A")),
        B, f"UDP [{A_LL}]:50001 -> [{B_LL}]:7777 (15 bytes)", null_af=AF_INET6_DARWIN, qos=True),
    Pkt(False, ETH_IPV6, ipv6(B_LL, A_LL, IPPROTO_UDP, udp(B_LL, A_LL, 7777, 50001, b"hello v6 from B!")),
        A, f"UDP [{B_LL}]:7777 -> [{A_LL}]:50001 (16 bytes)", null_af=AF_INET6_DARWIN, qos=True),
]

GAP_US = 1500
files = {}


def write(name, linktype, frames):
    """frames: list of (index into EXCHANGE, frame bytes, extra note)."""
    rec = Recorder(linktype)
    for i, frame, extra in frames:
        # the same timestamps in every file: exchange packet i is at EPOCH + i * GAP_US
        rec.add(frame, EXCHANGE[i].note + (f"  [{extra}]" if extra else ""), ts_us=EPOCH * 1_000_000 + i * GAP_US)
    path = os.path.join(HERE, name)
    files[name] = (rec.write(path), rec)


# DLT 1: Ethernet II (padded to 60 bytes like a received frame).
write("ethernet.pcap", LINKTYPE_ETHERNET,
      [(i, ethernet(p.dst_mac, A if p.from_a else B, p.ethertype, p.payload), "") for i, p in enumerate(EXCHANGE)])

# DLT 113 / 276: Linux cooked capture on host A ("any" device). A's frames are outgoing (4), B's are to us (0).
write("linux-sll.pcap", LINKTYPE_LINUX_SLL,
      [(i, sll(SLL_OUTGOING if p.from_a else SLL_HOST, A if p.from_a else B, p.ethertype, p.payload),
        "SLL pkttype 4 outgoing" if p.from_a else "SLL pkttype 0 host")
       for i, p in enumerate(EXCHANGE)])
write("linux-sll2.pcap", LINKTYPE_LINUX_SLL2,
      [(i, sll2(SLL_OUTGOING if p.from_a else SLL_HOST, A if p.from_a else B, p.ethertype, p.payload, ifindex=3),
        "SLL2 ifindex 3, pkttype 4 outgoing" if p.from_a else "SLL2 ifindex 3, pkttype 0 host")
       for i, p in enumerate(EXCHANGE)])

# LINKTYPE_RAW 101: bare IP packets, so no ARP.
write("raw-ip.pcap", LINKTYPE_RAW,
      [(i, p.payload, "") for i, p in enumerate(EXCHANGE) if p.ethertype != ETH_ARP])

# DLT_NULL 0: 4-byte little-endian address family; IPv6 appears under each BSD value (24, 28, 30).
write("null.pcap", LINKTYPE_NULL,
      [(i, null_header(p.null_af) + p.payload, f"AF {p.null_af}")
       for i, p in enumerate(EXCHANGE) if p.ethertype != ETH_ARP])

# 802.11 data frames (no FCS). A is a station associated with BSSID; B is on the wired side.
# A -> B: To-DS   (addr1 BSSID, addr2 A, addr3 DA).  B -> A: From-DS (addr1 A, addr2 BSSID, addr3 B).
seq = {"A": 100, "AP": 2000}
wlan_frames = []
for i, p in enumerate(EXCHANGE):
    msdu = llc_snap(p.ethertype, p.payload)
    tid = 0 if p.qos else None
    if p.from_a:
        seq["A"] += 1
        frame = wlan_data(True, False, BSSID, A, p.dst_mac, seq["A"], msdu, qos_tid=tid)
        extra = "To-DS " + ("QoS Data" if p.qos else "Data")
    else:
        seq["AP"] += 1
        frame = wlan_data(False, True, A, BSSID, B, seq["AP"], msdu, qos_tid=tid)
        extra = "From-DS " + ("QoS Data" if p.qos else "Data")
    wlan_frames.append((i, frame, extra))

write("wifi-radiotap.pcap", LINKTYPE_IEEE802_11_RADIOTAP,
      [(i, radiotap(tsft=0x00000012_3456_0000 + i * GAP_US, signal_dbm=-41 if EXCHANGE[i].from_a else -55) + f,
        extra + ", radiotap 24 bytes") for i, f, extra in wlan_frames])
write("wifi.pcap", LINKTYPE_IEEE802_11, wlan_frames)


def main():
    for name, (n, rec) in files.items():
        print(f"{os.path.join(HERE, name)}: {n} packets")
        if "--list" in sys.argv:
            for line in rec.listing():
                print(line)


if __name__ == "__main__":
    main()
