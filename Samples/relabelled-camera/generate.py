#!/usr/bin/env python3
"""relabelled-camera: an EZVIZ camera (Hikvision) and an Imou camera (Dahua) on a home-office LAN; the
identity must name the maker and keep the brand (see README.md here).

Writes capture.pcap next to this file. Deterministic: fixed timestamps from 2024-03-01T09:00:00Z and a
fixed-seed random.Random, so every run writes the same bytes.
Run: python3 Samples/relabelled-camera/generate.py [--list]
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from discoverygen import Scene, dhip_notify, dhip_search, wsd_probe, wsd_probe_match  # noqa: E402
from pcapgen import write_sample  # noqa: E402

sc = Scene(0x2E1ABE)

# --- Hosts (untagged Ethernet, 192.168.1.0/24) ---------------------------------------------------
GW, GW_IP = "00:18:82:9c:01:01", "192.168.1.1"            # HUAWEI TECHNOLOGIES -- home router, DNS
PC, PC_IP = "6a:1f:b3:40:01:64", "192.168.1.100"          # locally administered -- laptop running ONVIF/DHIP tools
EZVIZ, EZVIZ_IP = "58:8f:cf:2a:01:21", "192.168.1.21"     # Hangzhou Ezviz Software -- EZVIZ CS-C6N
IMOU, IMOU_IP = "90:6a:94:3b:01:22", "192.168.1.22"       # hangzhou huacheng network technology -- Imou Ranger 2

EZVIZ_CLOUD, IMOU_P2P = "203.0.113.91", "198.51.100.92"

# --- 1. Address resolution ---------------------------------------------------------------------
for dev, dev_ip in [(EZVIZ, EZVIZ_IP), (IMOU, IMOU_IP), (PC, PC_IP)]:
    sc.arp(dev, dev_ip, GW, GW_IP, gap_us=20000)

# --- 2. The EZVIZ camera registers with EZVIZ's device-access host -------------------------------
sc.rec.pause(0.3)
sc.dns(EZVIZ, EZVIZ_IP, GW, GW_IP, 42001, 0x8101, "dev.ezvizlife.com", EZVIZ_CLOUD)
sc.tls(EZVIZ, GW, EZVIZ_IP, EZVIZ_CLOUD, 42002, 443, "dev.ezvizlife.com")

# --- 3. ONVIF: the laptop probes, the EZVIZ camera answers with its CS- model --------------------
sc.rec.pause(0.3)
PROBE_ID = "urn:uuid:9d3e1f70-2b6c-4e8a-a1c4-010101010001"
sc.multicast(PC, PC_IP, "239.255.255.250", 52702, 3702, wsd_probe(PROBE_ID), "WS-Discovery Probe to 239.255.255.250:3702")
sc.udp(EZVIZ, PC, EZVIZ_IP, PC_IP, 3702, 52702, wsd_probe_match(
    PROBE_ID, "urn:uuid:51a3c9e2-0000-4000-8000-588fcf2a0121",
    ["onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming",
     "onvif://www.onvif.org/name/EZVIZ", "onvif://www.onvif.org/hardware/CS-C6N-A0-1C2WFR"],
    f"http://{EZVIZ_IP}/onvif/device_service"), f"WS-Discovery ProbeMatch CS-C6N-A0-1C2WFR from {EZVIZ_IP}", gap_us=15000)

# --- 4. DHIP: the laptop searches, the Imou camera answers (Dahua firmware, no Vendor member) -----
sc.rec.pause(0.3)
sc.multicast(PC, PC_IP, "239.255.255.251", 5050, 37810, dhip_search(), "DHIP DHDiscover.search to 239.255.255.251:37810")
sc.multicast(IMOU, IMOU_IP, "239.255.255.251", 37810, 37810, dhip_notify(IMOU, [
    ("DeviceClass", "IPC"), ("DeviceType", "IPC-A22EP"), ("HttpPort", "80"), ("IPv4Address", IMOU_IP),
    ("SerialNo", "6G0A1B2PAZ00000"), ("Version", "2.680.0000000.12.R")]),
    f"DHIP client.notifyDevInfo IPC-A22EP from {IMOU_IP}", gap_us=9000)

# --- 5. The Imou camera reaches its P2P server (www.easy4ipcloud.com:8800, PTCP over UDP) ---------
sc.rec.pause(0.3)
sc.dns(IMOU, IMOU_IP, GW, GW_IP, 42101, 0x8201, "www.easy4ipcloud.com", IMOU_P2P)
ptcp = b"PTCP" + bytes(sc.rng.getrandbits(8) for _ in range(44))
sc.udp(IMOU, GW, IMOU_IP, IMOU_P2P, 42102, 8800, ptcp, f"UDP {IMOU_IP}:42102 -> www.easy4ipcloud.com:8800 (PTCP)")
sc.udp(GW, IMOU, IMOU_P2P, IMOU_IP, 8800, 42102, b"PTCP" + bytes(sc.rng.getrandbits(8) for _ in range(28)),
       "UDP reply from the P2P server (PTCP)", ttl=51, gap_us=38000)


def main():
    write_sample(sc, HERE)


if __name__ == "__main__":
    main()
