#!/usr/bin/env python3
"""camera-network: an NVR, four IP cameras and a gateway on one flat LAN (see README.md here).

Writes capture.pcap next to this file. Deterministic: fixed timestamps from 2024-03-01T09:00:00Z
and a fixed-seed random.Random, so every run writes the same bytes.
Run: python3 Samples/camera-network/generate.py [--list]
"""

import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from pcapgen import *  # noqa: E402,F401,F403

rng = random.Random(0xCA3E7A)

# --- Devices (untagged Ethernet, 192.168.50.0/24) ---------------------------------------------
GW = "24:5a:4c:8e:00:01"            # Ubiquiti Networks -- gateway 192.168.50.1
GW_IP = "192.168.50.1"
NVR = "00:11:32:7d:4e:05"           # Synology Incorporated -- NVR (Surveillance Station)
NVR_IP = "192.168.50.5"
CAM1 = "44:47:cc:31:0a:11"          # Hangzhou Hikvision Digital Technology
CAM1_IP = "192.168.50.11"
CAM2 = "bc:ad:28:52:0b:12"          # Hangzhou Hikvision Digital Technology (another MA-L block)
CAM2_IP = "192.168.50.12"
CAM3 = "3c:ef:8c:63:0c:13"          # Zhejiang Dahua Technology
CAM3_IP = "192.168.50.13"
CAM4 = "ac:cc:8e:74:0d:14"          # Axis Communications AB
CAM4_IP = "192.168.50.14"
ADMIN = "5e:3c:9a:21:7b:c4"         # locally administered (randomised) -- admin laptop
ADMIN_IP = "192.168.50.100"

CAMERAS = [
    (CAM1, CAM1_IP, "/Streaming/Channels/101", "Hikvision"),
    (CAM2, CAM2_IP, "/Streaming/Channels/101", "Hikvision"),
    (CAM3, CAM3_IP, "/cam/realmonitor?channel=1&subtype=0", "Dahua"),
    (CAM4, CAM4_IP, "/axis-media/media.amp?videocodec=h264", "Axis"),
]

# External hosts (documentation ranges), reached through GW.
HIK_CLOUD = "203.0.113.50"
NTP_SERVER = "192.0.2.123"
DAHUA_P2P = "198.51.100.40"
AXIS_CLOUD = "198.51.100.90"
DNS_NAMES = {CAM1_IP: ("device-cloud.example.com", HIK_CLOUD), CAM4_IP: ("dispatch.example.net", AXIS_CLOUD)}

rec = Recorder(LINKTYPE_ETHERNET)
ident = {}


def next_ident(ip):
    ident[ip] = (ident.get(ip, rng.randrange(0x10000)) + 1) & 0xFFFF
    return ident[ip]


def frame_ip(src_mac, dst_mac, packet, note, gap_us=400):
    return rec.add(eth_ip(dst_mac, src_mac, packet), note, gap_us)


def frame_arp(src_mac, dst_mac, payload, note, gap_us=400):
    return rec.add(ethernet(dst_mac, src_mac, ETH_ARP, payload), note, gap_us)


def run_session(cmac, smac, packets, label, gap_us=1500):
    for from_client, packet in packets:
        src, dst = (cmac, smac) if from_client else (smac, cmac)
        frame_ip(src, dst, packet, f"{label} {'->' if from_client else '<-'}", gap_us)


def udp_frame(smac, dmac, sip, dip, sport, dport, payload, note, ttl=64, df=True, gap_us=400):
    frame_ip(smac, dmac, ipv4(sip, dip, IPPROTO_UDP, udp(sip, dip, sport, dport, payload), ttl=ttl,
                              ident=next_ident(sip), df=df), note, gap_us)


def sdp(ip, name):
    return (f"v=0\r\no=- 1709283600 1 IN IP4 {ip}\r\ns={name}\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
            f"a=control:*\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n"
            f"m=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:trackID=2\r\n").encode()


# --- Group 1: address resolution --------------------------------------------------------------
for i, (cam, cam_ip, _, _) in enumerate(CAMERAS):
    frame_arp(cam, BROADCAST, arp_request(cam, cam_ip, GW_IP),
              f"ARP request who-has {GW_IP} tell {cam_ip}", gap_us=0 if i == 0 else 50000)
    frame_arp(GW, cam, arp_reply(GW, GW_IP, cam, cam_ip), f"ARP reply {GW_IP} is-at {GW}")
rec.pause(0.5)
for cam, cam_ip, _, _ in CAMERAS:
    frame_arp(NVR, BROADCAST, arp_request(NVR, NVR_IP, cam_ip), f"ARP request who-has {cam_ip} tell {NVR_IP}")
    frame_arp(cam, NVR, arp_reply(cam, cam_ip, NVR, NVR_IP), f"ARP reply {cam_ip} is-at {cam}")

# --- Group 2: the NVR checks each camera with ICMP echo -----------------------------------------
rec.pause(0.5)
for seq, (cam, cam_ip, _, _) in enumerate(CAMERAS, 1):
    data = ping_data(56)
    frame_ip(NVR, cam, ipv4(NVR_IP, cam_ip, IPPROTO_ICMP, icmp_echo(True, 0x4E56, seq, data),
                            ident=next_ident(NVR_IP)), f"ICMP echo request {NVR_IP} -> {cam_ip} seq {seq}")
    frame_ip(cam, NVR, ipv4(cam_ip, NVR_IP, IPPROTO_ICMP, icmp_echo(False, 0x4E56, seq, data),
                            ident=next_ident(cam_ip)), f"ICMP echo reply {cam_ip} -> {NVR_IP} seq {seq}", 600)

# --- Group 3: ONVIF discovery: IGMP join (the one packet with IPv4 options), WS-Discovery -------
rec.pause(0.5)
frame_ip(NVR, multicast_mac_v4("239.255.255.250"),
         ipv4(NVR_IP, "239.255.255.250", IPPROTO_IGMP, igmpv2_report("239.255.255.250"), ttl=1, tos=0xC0,
              ident=next_ident(NVR_IP), options=ipv4_option_router_alert()),
         "IGMPv2 membership report 239.255.255.250 (IPv4 header with Router Alert option, IHL 6)")
probe_id = "urn:uuid:5f0c1a52-7d3e-4b7a-9c55-1e0d2b3a4c01"
probe = ('<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
         'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
         'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
         'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header>'
         f'<a:MessageID>{probe_id}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>'
         '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>'
         '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>').encode()
udp_frame(NVR, multicast_mac_v4("239.255.255.250"), NVR_IP, "239.255.255.250", 51702, 3702, probe,
          "UDP multicast WS-Discovery Probe 192.168.50.5:51702 -> 239.255.255.250:3702", ttl=1, df=False,
          gap_us=2000)
for n, (cam, cam_ip, _, vendor) in enumerate(CAMERAS):
    match = ('<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
             'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
             'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Header>'
             f'<a:RelatesTo>{probe_id}</a:RelatesTo>'
             '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action></s:Header>'
             '<s:Body><d:ProbeMatches><d:ProbeMatch><d:Types>dn:NetworkVideoTransmitter</d:Types>'
             f'<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/{vendor}-cam{n + 1}'
             f'</d:Scopes><d:XAddrs>http://{cam_ip}/onvif/device_service</d:XAddrs>'
             '</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>').encode()
    udp_frame(cam, NVR, cam_ip, NVR_IP, 3702, 51702, match,
              f"UDP WS-Discovery ProbeMatch {cam_ip}:3702 -> {NVR_IP}:51702", gap_us=15000)

# --- Group 4: RTSP DESCRIBE from the NVR to every camera ----------------------------------------
for n, (cam, cam_ip, path, vendor) in enumerate(CAMERAS):
    rec.pause(0.3)
    url = f"rtsp://{cam_ip}:554{path}"
    s = TcpSession(NVR_IP, cam_ip, 40100 + n, 554, rng.getrandbits(32), rng.getrandbits(32),
                   c_ident=next_ident(NVR_IP), s_ident=rng.randrange(0x10000))
    describe = (f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: SynologySurveillance\r\n"
                f"Accept: application/sdp\r\n\r\n").encode()
    body = sdp(cam_ip, f"{vendor} camera {n + 1}")
    ok = (f"RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: {url}/\r\nContent-Type: application/sdp\r\n"
          f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    pk = s.handshake() + s.exchange(describe, ok) + s.close(client_first=True)
    run_session(NVR, cam, pk, f"TCP {NVR_IP}:{40100 + n} {cam_ip}:554 (RTSP)")

# --- Group 5: cameras phone home through the gateway -------------------------------------------
rec.pause(1.0)
for cam, cam_ip, port, txid in [(CAM1, CAM1_IP, 38001, 0xC101), (CAM4, CAM4_IP, 38004, 0xC104)]:
    name, addr = DNS_NAMES[cam_ip]
    udp_frame(cam, GW, cam_ip, GW_IP, port, 53, dns_query(txid, name), f"DNS query {name} {cam_ip} -> {GW_IP}")
    udp_frame(GW, cam, GW_IP, cam_ip, 53, port, dns_response(txid, name, DNS_A, [(DNS_A, 300, ip4(addr))]),
              f"DNS response {name} A {addr}", gap_us=2200)

for cam, cam_ip, srv, name, cport in [(CAM1, CAM1_IP, HIK_CLOUD, "device-cloud.example.com", 49320),
                                      (CAM4, CAM4_IP, AXIS_CLOUD, "dispatch.example.net", 52144)]:
    s = TcpSession(cam_ip, srv, cport, 443, rng.getrandbits(32), rng.getrandbits(32), ttl_s=49,
                   c_ident=next_ident(cam_ip), s_ident=rng.randrange(0x10000))
    pk = s.handshake()
    pk += s.send(True, tls_client_hello(rng, name), ack=False)
    pk += s.send(False, tls_server_hello(rng) + tls_app_data(rng, 700), ack=True)
    pk += s.exchange(tls_app_data(rng, 300), tls_app_data(rng, 90))
    pk += s.close(client_first=False)
    run_session(cam, GW, pk, f"TCP {cam_ip}:{cport} {srv}:443", gap_us=9000)

# CAM2 synchronises its clock (NTP client mode 3, server mode 4).
NTP_NOW = EPOCH + 2208988800 + 4  # NTP era-0 seconds at the time of the request
ntp_req = bytes([0x23, 0, 6, 0xEC]) + b"\x00" * 36 + NTP_NOW.to_bytes(4, "big") + (0x2A000000).to_bytes(4, "big")
ntp_resp = (bytes([0x24, 2, 6, 0xE9]) + (0x10).to_bytes(4, "big") + (0x20).to_bytes(4, "big") + b"GPS\x00" +
            (NTP_NOW - 16).to_bytes(4, "big") + b"\x00" * 4 +               # reference
            NTP_NOW.to_bytes(4, "big") + (0x2A000000).to_bytes(4, "big") +  # origin (client transmit)
            NTP_NOW.to_bytes(4, "big") + (0x31000000).to_bytes(4, "big") +  # receive
            NTP_NOW.to_bytes(4, "big") + (0x31200000).to_bytes(4, "big"))   # transmit
udp_frame(CAM2, GW, CAM2_IP, NTP_SERVER, 123, 123, ntp_req, f"UDP NTP request {CAM2_IP}:123 -> {NTP_SERVER}:123")
udp_frame(GW, CAM2, NTP_SERVER, CAM2_IP, 123, 123, ntp_resp, f"UDP NTP response {NTP_SERVER}:123 -> {CAM2_IP}:123",
          ttl=54, gap_us=31000)

# CAM3 talks to a P2P relay over UDP, including one datagram too big for the MTU: three IPv4
# fragments, only the first carrying the UDP header.
hello = b"DHP2P\x01\x00\x00" + bytes(rng.getrandbits(8) for _ in range(40))
udp_frame(CAM3, GW, CAM3_IP, DAHUA_P2P, 37800, 8800, hello, f"UDP {CAM3_IP}:37800 -> {DAHUA_P2P}:8800 (hello)",
          df=False)
udp_frame(GW, CAM3, DAHUA_P2P, CAM3_IP, 8800, 37800, b"DHP2P\x02\x00\x00" + bytes(24),
          f"UDP {DAHUA_P2P}:8800 -> {CAM3_IP}:37800 (hello ack)", ttl=50, df=False, gap_us=42000)
snapshot = b"DHP2P\x10\x00\x00" + bytes(rng.getrandbits(8) for _ in range(2992))  # 3000-byte payload
datagram = udp(CAM3_IP, DAHUA_P2P, 37800, 8800, snapshot)
frag_ident = next_ident(CAM3_IP)
frags = ipv4_fragments(CAM3_IP, DAHUA_P2P, IPPROTO_UDP, datagram, mtu=1500, ident=frag_ident)
for i, f in enumerate(frags):
    extra = "carries the UDP header" if i == 0 else "no UDP header"
    frame_ip(CAM3, GW, f, f"IPv4 fragment {i + 1}/{len(frags)} id 0x{frag_ident:04x} "
                          f"offset {(i * 1480)} ({extra}) {CAM3_IP} -> {DAHUA_P2P}", gap_us=120)
udp_frame(GW, CAM3, DAHUA_P2P, CAM3_IP, 8800, 37800, b"DHP2P\x11\x00\x00" + bytes(8),
          f"UDP {DAHUA_P2P}:8800 -> {CAM3_IP}:37800 (snapshot ack)", ttl=50, df=False, gap_us=45000)

# --- Group 6: the admin laptop (randomised MAC) opens the NVR web UI ----------------------------
rec.pause(1.0)
frame_arp(ADMIN, BROADCAST, arp_request(ADMIN, ADMIN_IP, NVR_IP), f"ARP request who-has {NVR_IP} tell {ADMIN_IP}")
frame_arp(NVR, ADMIN, arp_reply(NVR, NVR_IP, ADMIN, ADMIN_IP), f"ARP reply {NVR_IP} is-at {NVR}")
s = TcpSession(ADMIN_IP, NVR_IP, 55012, 5000, rng.getrandbits(32), rng.getrandbits(32),
               c_ident=next_ident(ADMIN_IP), s_ident=next_ident(NVR_IP))
req = (b"GET /webman/index.cgi HTTP/1.1\r\nHost: 192.168.50.5:5000\r\n"
       b"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0\r\n"
       b"Accept: text/html\r\nConnection: keep-alive\r\n\r\n")
page = b"<!DOCTYPE html><html><head><title>NVR - Synology DiskStation</title></head><body></body></html>\n"
resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"UTF-8\"\r\nContent-Length: " +
        str(len(page)).encode() + b"\r\nConnection: keep-alive\r\n\r\n" + page)
pk = s.handshake() + s.exchange(req, resp) + s.close(client_first=True)
run_session(ADMIN, NVR, pk, f"TCP {ADMIN_IP}:55012 {NVR_IP}:5000 (HTTP)")


def main():
    write_sample(rec, HERE)


if __name__ == "__main__":
    main()
