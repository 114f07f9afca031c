#!/usr/bin/env python3
"""office-lan: a small office on a router-on-a-stick trunk (see README.md in this folder).

Writes capture.pcap next to this file. Deterministic: fixed timestamps from 2024-03-01T09:00:00Z
and a fixed-seed random.Random, so every run writes the same bytes.
Run: python3 Samples/office-lan/generate.py [--list]
"""

import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from pcapgen import *  # noqa: E402,F401,F403

rng = random.Random(0x0FF1CE)

# --- Devices ----------------------------------------------------------------------------------
# VLAN 10 = wired office 10.10.10.0/24, VLAN 20 = wireless 10.10.20.0/24 + fd12:3456:789a:20::/64,
# QinQ S-VLAN 100 / C-VLAN 30 = management 10.10.30.0/24.
V10 = [10]
V20 = [20]
QINQ = [(ETH_8021AD, 100), (ETH_8021Q, 30)]

ROUTER = "f4:bd:9e:4c:20:01"        # Cisco Systems, Inc -- default gateway on every VLAN
ROUTER_V10 = "10.10.10.1"
ROUTER_V20 = "10.10.20.1"
ROUTER_V30 = "10.10.30.1"
ROUTER_LL = eui64_link_local(ROUTER)  # fe80::f6bd:9eff:fe4c:2001
ULA_PREFIX = "fd12:3456:789a:20::"
ROUTER_ULA = "fd12:3456:789a:20::1"

PC1 = "98:e7:43:1a:2b:01"           # Dell Inc.
PC1_IP = "10.10.10.21"
PC2 = "3c:d9:2b:5e:61:02"           # Hewlett Packard
PC2_IP = "10.10.10.22"
PC3 = "10:c5:95:3d:77:03"           # Lenovo
PC3_IP = "10.10.10.23"
PRINTER = "3c:2a:f4:9b:10:50"       # Brother Industries
PRINTER_IP = "10.10.10.50"
RPI = "dc:a6:32:0e:5a:60"           # Raspberry Pi Trading
RPI_IP = "10.10.10.60"

MAC = "f0:18:98:6c:31:a7"           # Apple, Inc. -- MacBook on VLAN 20
MAC_IP = "10.10.20.31"
MAC_LL = "fe80::1c8a:5b2e:9d41:7f03"
MAC_ULA = "fd12:3456:789a:20:1c8a:5b2e:9d41:7f03"
PHONE = "da:a1:19:5c:e2:42"         # locally administered (randomised Wi-Fi MAC), VLAN 20
PHONE_IP = "10.10.20.42"

AP = "74:83:c2:aa:30:02"            # Ubiquiti Networks -- access point, management VLAN via QinQ
AP_IP = "10.10.30.2"

# External servers (documentation ranges) reached through the router.
SRV_PORTAL = "203.0.113.10"
SRV_UPDATES = "198.51.100.20"
SRV_MAIL = "203.0.113.80"
SRV_NEWS = "198.51.100.77"
SRV_V6 = "2001:db8:cafe::443"

rec = Recorder(LINKTYPE_ETHERNET)


def frame_ip(src_mac, dst_mac, packet, vlans, note, gap_us=400):
    return rec.add(eth_ip(dst_mac, src_mac, packet, vlans), note, gap_us)


def frame_arp(src_mac, dst_mac, payload, vlans, note, gap_us=400):
    return rec.add(ethernet(dst_mac, src_mac, ETH_ARP, payload, vlans), note, gap_us)


def run_session(session, cmac, smac, vlans, packets, label, gap_us=2500):
    """Emit (from_client, ip_packet) pairs; the client MAC sends client packets."""
    for from_client, packet in packets:
        src, dst = (cmac, smac) if from_client else (smac, cmac)
        arrow = "->" if from_client else "<-"
        frame_ip(src, dst, packet, vlans, f"{label} {arrow}", gap_us)


def dns_pair(client_mac, client_ip, server_ip, vlans, sport, txid, name, qtype, answers, ttl_s=64):
    frame_ip(client_mac, ROUTER, ipv4(client_ip, server_ip, IPPROTO_UDP,
                                      udp(client_ip, server_ip, sport, 53, dns_query(txid, name, qtype)),
                                      ttl=128 if client_ip.startswith("10.10.10.") else 64,
                                      ident=rng.randrange(0x10000)),
             vlans, f"DNS query {name} {client_ip}:{sport} -> {server_ip}:53")
    frame_ip(ROUTER, client_mac, ipv4(server_ip, client_ip, IPPROTO_UDP,
                                      udp(server_ip, client_ip, 53, sport,
                                          dns_response(txid, name, qtype, answers)),
                                      ttl=ttl_s, ident=rng.randrange(0x10000), df=False),
             vlans, f"DNS response {name} {server_ip}:53 -> {client_ip}:{sport}", gap_us=1800)


def https_session(cmac, cip, cport, sip, name, vlans, ident_base, windows_client=True, exchanges=2):
    s = TcpSession(cip, sip, cport, 443, c_isn=rng.getrandbits(32), s_isn=rng.getrandbits(32),
                   ttl_c=128 if windows_client else 64, ttl_s=53,
                   timestamps=not windows_client, c_ident=ident_base, s_ident=0)
    label = f"TCP {cip}:{cport} {sip}:443" if ":" not in cip else f"TCP [{cip}]:{cport} [{sip}]:443"
    pk = s.handshake()
    pk += s.send(True, tls_client_hello(rng, name), ack=False)
    pk += s.send(False, tls_server_hello(rng) + tls_app_data(rng, 900), ack=True)
    for i in range(exchanges):
        pk += s.exchange(tls_app_data(rng, 180 + 40 * i), tls_app_data(rng, 1200 + 300 * i))
    pk += s.close(client_first=True)
    run_session(s, cmac, ROUTER, vlans, pk, label)


def nbns_query(txid, name):
    """NetBIOS name query (broadcast, recursion desired) with first-level encoded name."""
    raw = name.upper().ljust(15)[:15].encode("ascii") + b"\x00"
    encoded = bytes(c for b in raw for c in (0x41 + (b >> 4), 0x41 + (b & 0x0F)))
    return (txid.to_bytes(2, "big") + bytes.fromhex("0110 0001 0000 0000 0000") + b"\x20" + encoded + b"\x00" +
            bytes.fromhex("0020 0001"))


# --- Group 1: VLAN 10, PC1 resolves the gateway, looks up a name and opens HTTPS ---------------
frame_arp(PC1, BROADCAST, arp_request(PC1, PC1_IP, ROUTER_V10), V10,
          "ARP request who-has 10.10.10.1 tell 10.10.10.21 (VLAN 10)", gap_us=0)
frame_arp(ROUTER, PC1, arp_reply(ROUTER, ROUTER_V10, PC1, PC1_IP), V10,
          "ARP reply 10.10.10.1 is-at f4:bd:9e:4c:20:01 (VLAN 10)")
dns_pair(PC1, PC1_IP, ROUTER_V10, V10, 53001, 0x1A01, "portal.example.com", DNS_A,
         [(DNS_A, 300, ip4(SRV_PORTAL))])
https_session(PC1, PC1_IP, 50101, SRV_PORTAL, "portal.example.com", V10, 0x2201)

# --- Group 2: VLAN 10, PC2 and PC3 -------------------------------------------------------------
rec.pause(1.0)
frame_arp(PC2, BROADCAST, arp_request(PC2, PC2_IP, ROUTER_V10), V10,
          "ARP request who-has 10.10.10.1 tell 10.10.10.22 (VLAN 10)")
frame_arp(ROUTER, PC2, arp_reply(ROUTER, ROUTER_V10, PC2, PC2_IP), V10,
          "ARP reply 10.10.10.1 is-at f4:bd:9e:4c:20:01 (VLAN 10)")
dns_pair(PC2, PC2_IP, ROUTER_V10, V10, 53002, 0x2B02, "updates.example.net", DNS_A,
         [(DNS_A, 120, ip4(SRV_UPDATES))])
https_session(PC2, PC2_IP, 50202, SRV_UPDATES, "updates.example.net", V10, 0x3302)

rec.pause(0.5)
frame_ip(PC3, BROADCAST, ipv4(PC3_IP, "10.10.10.255", IPPROTO_UDP,
                              udp(PC3_IP, "10.10.10.255", 137, 137, nbns_query(0x8A1B, "FILESERVER")),
                              ttl=128, ident=0x4401, df=False),
         V10, "UDP broadcast NetBIOS name query FILESERVER 10.10.10.23:137 -> 10.10.10.255:137")
dns_pair(PC3, PC3_IP, ROUTER_V10, V10, 53003, 0x3C03, "mail.example.org", DNS_A,
         [(DNS_A, 600, ip4(SRV_MAIL))])
https_session(PC3, PC3_IP, 50303, SRV_MAIL, "mail.example.org", V10, 0x4402, exchanges=3)

# --- Group 3: VLAN 10, the printer boots and prints ---------------------------------------------
rec.pause(1.0)
frame_arp(PRINTER, BROADCAST, arp_gratuitous(PRINTER, PRINTER_IP), V10,
          "ARP gratuitous (announcement) 10.10.10.50 from the printer")
frame_arp(PC2, BROADCAST, arp_request(PC2, PC2_IP, PRINTER_IP), V10,
          "ARP request who-has 10.10.10.50 tell 10.10.10.22")
frame_arp(PRINTER, PC2, arp_reply(PRINTER, PRINTER_IP, PC2, PC2_IP), V10,
          "ARP reply 10.10.10.50 is-at 3c:2a:f4:9b:10:50")
job = (b"\x1b%-12345X@PJL JOB NAME=\"Quarterly report\"\r\n@PJL SET COPIES=1\r\n"
       b"@PJL ENTER LANGUAGE=PCL\r\n" + b"\x1bE" + bytes(rng.getrandbits(8) for _ in range(2600)) +
       b"\x1bE\x1b%-12345X@PJL EOJ\r\n\x1b%-12345X")
s = TcpSession(PC2_IP, PRINTER_IP, 50410, 9100, rng.getrandbits(32), rng.getrandbits(32),
               ttl_c=128, ttl_s=64, timestamps=False, c_ident=0x3400, s_ident=0x0100)
pk = s.handshake() + s.send(True, job, ack=True) + s.close(client_first=True)
run_session(s, PC2, PRINTER, V10, pk, "TCP 10.10.10.22:50410 10.10.10.50:9100 (raw print)")

frame_arp(PC1, BROADCAST, arp_request(PC1, PC1_IP, PRINTER_IP), V10,
          "ARP request who-has 10.10.10.50 tell 10.10.10.21")
frame_arp(PRINTER, PC1, arp_reply(PRINTER, PRINTER_IP, PC1, PC1_IP), V10,
          "ARP reply 10.10.10.50 is-at 3c:2a:f4:9b:10:50")
s = TcpSession(PC1_IP, PRINTER_IP, 50120, 80, rng.getrandbits(32), rng.getrandbits(32),
               ttl_c=128, ttl_s=64, timestamps=False, c_ident=0x2300, s_ident=0x0200)
http_req = (b"GET /general/status.html HTTP/1.1\r\nHost: 10.10.10.50\r\n"
            b"User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\nAccept: text/html\r\n"
            b"Connection: close\r\n\r\n")
body = b"<html><head><title>Brother HL-L2350DW</title></head><body>Status: Ready</body></html>\n"
http_resp = (b"HTTP/1.1 200 OK\r\nServer: debut/1.30\r\nContent-Type: text/html\r\nContent-Length: " +
             str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
pk = s.handshake() + s.exchange(http_req, http_resp) + s.close(client_first=False)
run_session(s, PC1, PRINTER, V10, pk, "TCP 10.10.10.21:50120 10.10.10.50:80 (HTTP)")

# --- Group 4: VLAN 10, the Raspberry Pi joins: ARP probe, announcement, mDNS -------------------
rec.pause(1.0)
frame_arp(RPI, BROADCAST, arp_probe(RPI, RPI_IP), V10,
          "ARP probe who-has 10.10.10.60 tell 0.0.0.0 (must not bind)")
rec.pause(0.2)
frame_arp(RPI, BROADCAST, arp_gratuitous(RPI, RPI_IP), V10,
          "ARP gratuitous (announcement) 10.10.10.60 from the Raspberry Pi")
mdns = mdns_announcement([("raspberrypi.local", DNS_A, 120, ip4(RPI_IP))])
frame_ip(RPI, multicast_mac_v4("224.0.0.251"),
         ipv4(RPI_IP, "224.0.0.251", IPPROTO_UDP, udp(RPI_IP, "224.0.0.251", 5353, 5353, mdns), ttl=255,
              ident=0, df=True),
         V10, "UDP multicast mDNS 10.10.10.60:5353 -> 224.0.0.251:5353 (raspberrypi.local)")

# --- Group 5: VLAN 20, the phone with a randomised MAC gets a DHCP lease and browses -------------
rec.pause(1.0)
xid = 0x5EED0042
phone_opts = [(61, b"\x01" + mac(PHONE)), (12, b"Pixel-8"), (60, b"android-dhcp-14"),
              (55, bytes([1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114]))]
server_opts = [(54, ip4(ROUTER_V20)), (51, (86400).to_bytes(4, "big")), (1, ip4("255.255.255.0")),
               (3, ip4(ROUTER_V20)), (6, ip4(ROUTER_V20)), (15, b"office.example")]
frame_ip(PHONE, BROADCAST,
         ipv4("0.0.0.0", "255.255.255.255", IPPROTO_UDP,
              udp("0.0.0.0", "255.255.255.255", 68, 67, dhcp(1, xid, PHONE, DHCP_DISCOVER, phone_opts,
                                                             broadcast=True)), ttl=64, df=False),
         V20, "DHCP Discover 0.0.0.0:68 -> 255.255.255.255:67 (must not bind 0.0.0.0)")
frame_ip(ROUTER, BROADCAST,
         ipv4(ROUTER_V20, "255.255.255.255", IPPROTO_UDP,
              udp(ROUTER_V20, "255.255.255.255", 67, 68,
                  dhcp(2, xid, PHONE, DHCP_OFFER, server_opts, yiaddr=PHONE_IP, siaddr=ROUTER_V20,
                       broadcast=True)), ttl=255, ident=0x0A01, df=False),
         V20, "DHCP Offer 10.10.20.1:67 -> 255.255.255.255:68 (yiaddr 10.10.20.42)", gap_us=3000)
frame_ip(PHONE, BROADCAST,
         ipv4("0.0.0.0", "255.255.255.255", IPPROTO_UDP,
              udp("0.0.0.0", "255.255.255.255", 68, 67,
                  dhcp(1, xid, PHONE, DHCP_REQUEST, [(50, ip4(PHONE_IP)), (54, ip4(ROUTER_V20))] + phone_opts,
                       broadcast=True)), ttl=64, df=False),
         V20, "DHCP Request 0.0.0.0:68 -> 255.255.255.255:67 (requested 10.10.20.42)", gap_us=3000)
frame_ip(ROUTER, BROADCAST,
         ipv4(ROUTER_V20, "255.255.255.255", IPPROTO_UDP,
              udp(ROUTER_V20, "255.255.255.255", 67, 68,
                  dhcp(2, xid, PHONE, DHCP_ACK, server_opts, yiaddr=PHONE_IP, siaddr=ROUTER_V20,
                       broadcast=True)), ttl=255, ident=0x0A02, df=False),
         V20, "DHCP ACK 10.10.20.1:67 -> 255.255.255.255:68 (yiaddr 10.10.20.42)", gap_us=3000)
frame_arp(PHONE, BROADCAST, arp_request(PHONE, PHONE_IP, ROUTER_V20), V20,
          "ARP request who-has 10.10.20.1 tell 10.10.20.42 (VLAN 20)")
frame_arp(ROUTER, PHONE, arp_reply(ROUTER, ROUTER_V20, PHONE, PHONE_IP), V20,
          "ARP reply 10.10.20.1 is-at f4:bd:9e:4c:20:01 (VLAN 20)")
dns_pair(PHONE, PHONE_IP, ROUTER_V20, V20, 41234, 0x4D05, "news.example.com", DNS_A,
         [(DNS_A, 60, ip4(SRV_NEWS))])
https_session(PHONE, PHONE_IP, 43880, SRV_NEWS, "news.example.com", V20, 0x5501, windows_client=False)

# --- Group 6: VLAN 20, the MacBook: ARP, SLAAC with NDP, MLD, IPv6 HTTPS, fragmented ping6, mDNS --
rec.pause(1.0)
frame_arp(MAC, BROADCAST, arp_request(MAC, MAC_IP, ROUTER_V20), V20,
          "ARP request who-has 10.10.20.1 tell 10.10.20.31 (VLAN 20)")
frame_arp(ROUTER, MAC, arp_reply(ROUTER, ROUTER_V20, MAC, MAC_IP), V20,
          "ARP reply 10.10.20.1 is-at f4:bd:9e:4c:20:01 (VLAN 20)")
frame_ip(MAC, multicast_mac_v6("ff02::2"),
         ipv6(MAC_LL, "ff02::2", IPPROTO_ICMPV6, ndp_rs(MAC_LL, options=ndp_opt_source_lladdr(MAC)),
              hop_limit=255),
         V20, "ICMPv6 Router Solicitation fe80::1c8a:5b2e:9d41:7f03 -> ff02::2 (SLLA f0:18:98:6c:31:a7)")
frame_ip(ROUTER, multicast_mac_v6("ff02::1"),
         ipv6(ROUTER_LL, "ff02::1", IPPROTO_ICMPV6,
              ndp_ra(ROUTER_LL, router_lifetime=1800,
                     options=ndp_opt_source_lladdr(ROUTER) + ndp_opt_mtu(1500) +
                     ndp_opt_prefix_info(ULA_PREFIX)), hop_limit=255),
         V20, f"ICMPv6 Router Advertisement {ROUTER_LL} -> ff02::1 (SLLA, MTU 1500, prefix fd12:3456:789a:20::/64)",
         gap_us=20000)
frame_ip(MAC, multicast_mac_v6(solicited_node(MAC_ULA)),
         ipv6("::", solicited_node(MAC_ULA), IPPROTO_ICMPV6, ndp_ns("::", solicited_node(MAC_ULA), MAC_ULA),
              hop_limit=255),
         V20, "ICMPv6 Neighbor Solicitation (DAD) :: -> ff02::1:ff41:7f03 target fd12:...:7f03 (must not bind ::)")
frame_ip(MAC, multicast_mac_v6("ff02::16"),
         ipv6(MAC_LL, "ff02::16", IPPROTO_ICMPV6, mldv2_report(MAC_LL, ["ff02::fb"]), hop_limit=1,
              exts=[ext_hop_by_hop(hbh_option_router_alert(0))]),
         V20, "ICMPv6 MLDv2 report join ff02::fb (Hop-by-Hop header with Router Alert)")
rec.pause(1.0)
frame_ip(MAC, multicast_mac_v6(solicited_node(ROUTER_ULA)),
         ipv6(MAC_ULA, solicited_node(ROUTER_ULA), IPPROTO_ICMPV6,
              ndp_ns(MAC_ULA, solicited_node(ROUTER_ULA), ROUTER_ULA, options=ndp_opt_source_lladdr(MAC)),
              hop_limit=255),
         V20, "ICMPv6 Neighbor Solicitation fd12:...:7f03 -> ff02::1:ff00:1 target fd12:3456:789a:20::1 (SLLA)")
frame_ip(ROUTER, MAC,
         ipv6(ROUTER_ULA, MAC_ULA, IPPROTO_ICMPV6,
              ndp_na(ROUTER_ULA, MAC_ULA, ROUTER_ULA, router=True, solicited=True,
                     options=ndp_opt_target_lladdr(ROUTER)), hop_limit=255),
         V20, "ICMPv6 Neighbor Advertisement fd12:3456:789a:20::1 (R,S,O; TLLA f4:bd:9e:4c:20:01)")
https_session(MAC, MAC_ULA, 61001, SRV_V6, "cdn.example.org", V20, 0, windows_client=False, exchanges=1)
big = ping_data(1600)
for seq, (request, src, dst, smac, dmac) in enumerate([(True, MAC_ULA, ROUTER_ULA, MAC, ROUTER),
                                                        (False, ROUTER_ULA, MAC_ULA, ROUTER, MAC)]):
    message = icmpv6_echo(src, dst, request, 0x7A11, 1, big)
    frags = ipv6_fragments(src, dst, IPPROTO_ICMPV6, message, ident=0x51F0A000 + seq, mtu=1280)
    for i, f in enumerate(frags):
        kind = "request" if request else "reply"
        frame_ip(smac, dmac, f, V20, f"ICMPv6 echo {kind} 1608 bytes, IPv6 fragment {i + 1}/{len(frags)} "
                                     f"(Fragment header)", gap_us=150)
mdns = mdns_announcement([("Office-MacBook.local", DNS_A, 120, ip4(MAC_IP)),
                          ("Office-MacBook.local", DNS_AAAA, 120, ip6(MAC_ULA))])
frame_ip(MAC, multicast_mac_v4("224.0.0.251"),
         ipv4(MAC_IP, "224.0.0.251", IPPROTO_UDP, udp(MAC_IP, "224.0.0.251", 5353, 5353, mdns), ttl=255,
              ident=0x6D01, df=False),
         V20, "UDP multicast mDNS 10.10.20.31:5353 -> 224.0.0.251:5353 (Office-MacBook.local A + AAAA)")
frame_ip(MAC, multicast_mac_v6("ff02::fb"),
         ipv6(MAC_LL, "ff02::fb", IPPROTO_UDP, udp(MAC_LL, "ff02::fb", 5353, 5353, mdns), hop_limit=255),
         V20, "UDP multicast mDNS [fe80::1c8a:5b2e:9d41:7f03]:5353 -> [ff02::fb]:5353")

# --- Group 7: QinQ (S-VLAN 100 / C-VLAN 30), the access point's management traffic -------------
rec.pause(1.0)
frame_arp(AP, BROADCAST, arp_request(AP, AP_IP, ROUTER_V30), QINQ,
          "ARP request who-has 10.10.30.1 tell 10.10.30.2 (QinQ S100/C30)")
frame_arp(ROUTER, AP, arp_reply(ROUTER, ROUTER_V30, AP, AP_IP), QINQ,
          "ARP reply 10.10.30.1 is-at f4:bd:9e:4c:20:01 (QinQ S100/C30)")
for seq in (1, 2):
    frame_ip(AP, ROUTER, ipv4(AP_IP, ROUTER_V30, IPPROTO_ICMP, icmp_echo(True, 0x0AB1, seq, ping_data(56)),
                              ident=0x7000 + seq), QINQ,
             f"ICMP echo request 10.10.30.2 -> 10.10.30.1 seq {seq} (QinQ)", gap_us=200000)
    frame_ip(ROUTER, AP, ipv4(ROUTER_V30, AP_IP, IPPROTO_ICMP, icmp_echo(False, 0x0AB1, seq, ping_data(56)),
                              ttl=255, ident=0x0C00 + seq, df=False), QINQ,
             f"ICMP echo reply 10.10.30.1 -> 10.10.30.2 seq {seq} (QinQ)", gap_us=700)
syslog = b"<30>Mar  1 09:00:12 U6-Lite hostapd: ath1: STA da:a1:19:5c:e2:42 IEEE 802.11: associated"
frame_ip(AP, ROUTER, ipv4(AP_IP, ROUTER_V30, IPPROTO_UDP, udp(AP_IP, ROUTER_V30, 37211, 514, syslog),
                          ident=0x7003), QINQ,
         "UDP syslog 10.10.30.2:37211 -> 10.10.30.1:514 (QinQ)")


def main():
    write_sample(rec, HERE)


if __name__ == "__main__":
    main()
