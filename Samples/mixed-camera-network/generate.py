#!/usr/bin/env python3
"""mixed-camera-network: cameras and an NVR from seven makers on one LAN, each named by a different kind
of evidence (see README.md here).

Writes capture.pcap next to this file. Deterministic: fixed timestamps from 2024-03-01T09:00:00Z and a
fixed-seed random.Random, so every run writes the same bytes.
Run: python3 Samples/mixed-camera-network/generate.py [--list]
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from discoverygen import (Scene, dhip_notify, dhip_search, http_request, http_response,  # noqa: E402
                          sadp_probe, sadp_probe_match, ssdp_notify, upnp_description, wsd_probe, wsd_probe_match)
from pcapgen import (DNS_A, DNS_PTR, DNS_SRV, DNS_TXT, dns_name, ip4, mdns_announcement,  # noqa: E402
                     multicast_mac_v4)
import struct  # noqa: E402
from pcapgen import write_sample  # noqa: E402

sc = Scene(0x313C4A)

# --- Hosts (untagged Ethernet, 192.168.60.0/24) -------------------------------------------------
GW, GW_IP = "24:5a:4c:8e:60:01", "192.168.60.1"             # Ubiquiti Networks -- gateway, DNS
ADMIN, ADMIN_IP = "9e:41:27:d3:60:64", "192.168.60.100"       # locally administered -- installer laptop
HIK_CAM, HIK_CAM_IP = "44:47:cc:31:60:11", "192.168.60.11"    # Hangzhou Hikvision -- DS-2CD2043G2-I
HIK_NVR, HIK_NVR_IP = "bc:ad:28:52:60:05", "192.168.60.5"     # Hangzhou Hikvision -- DS-7608NI-K2 NVR
DAHUA, DAHUA_IP = "3c:ef:8c:63:60:12", "192.168.60.12"        # Zhejiang Dahua -- IPC-HFW2431S-S-S2
AXIS, AXIS_IP = "ac:cc:8e:74:60:13", "192.168.60.13"          # Axis Communications -- M3045-V
XM, XM_IP = "02:12:16:5a:60:14", "192.168.60.14"              # locally administered -- Xiongmai white label
REOLINK, REOLINK_IP = "ec:71:db:41:60:15", "192.168.60.15"    # Reolink Innovation -- RLC-810A
ESP, ESP_IP = "08:3a:8d:2c:60:16", "192.168.60.16"            # Espressif -- Wi-Fi camera on Blink's cloud

# External hosts (documentation ranges), reached through GW.
XM_CLOUD, REOLINK_CLOUD, BLINK_CLOUD = "203.0.113.71", "198.51.100.72", "203.0.113.73"

SSDP = "239.255.255.250"
DHIP_GROUP = "239.255.255.251"

# --- 1. Address resolution --------------------------------------------------------------------
cams = [(HIK_CAM, HIK_CAM_IP), (HIK_NVR, HIK_NVR_IP), (DAHUA, DAHUA_IP), (AXIS, AXIS_IP), (XM, XM_IP),
        (REOLINK, REOLINK_IP), (ESP, ESP_IP)]
for cam, cam_ip in cams:
    sc.arp(cam, cam_ip, GW, GW_IP, gap_us=20000)
sc.arp(ADMIN, ADMIN_IP, GW, GW_IP, gap_us=20000)

# --- 2. SADP: the installer's SADP tool asks, the Hikvision camera and NVR answer ---------------
sc.rec.pause(0.3)
SADP_UUID = "4E9A1C2B-7D3E-4B7A-9C55-1E0D2B3A6001"
sc.multicast(ADMIN, ADMIN_IP, SSDP, 37020, 37020, sadp_probe(SADP_UUID), "SADP Probe (inquiry) to 239.255.255.250:37020")
for dev, dev_ip, model, dtype, sw, dsp, http_port in [
        (HIK_CAM, HIK_CAM_IP, "DS-2CD2043G2-I", "138", "V5.7.3build 220112", "V7.3 build 220112", "80"),
        (HIK_NVR, HIK_NVR_IP, "DS-7608NI-K2", "30123", "V4.30.085 build 210421", "V5.0, build 210401", "80")]:
    mac_text = dev.replace(":", "-")
    sc.multicast(dev, dev_ip, SSDP, 37020, 37020, sadp_probe_match(SADP_UUID, [
        ("DeviceType", dtype), ("DeviceDescription", model), ("DeviceSN", model + "20240101AACH000000000"),
        ("CommandPort", "8000"), ("HttpPort", http_port), ("MAC", mac_text), ("IPv4Address", dev_ip),
        ("IPv4SubnetMask", "255.255.255.0"), ("IPv4Gateway", GW_IP), ("DHCP", "false"),
        ("SoftwareVersion", sw), ("DSPVersion", dsp), ("BootTime", "2024-02-28 07:12:40"),
        ("Activated", "true"), ("PasswordResetAbility", "true")]),
        f"SADP ProbeMatch {model} from {dev_ip}", gap_us=12000)

# --- 3. ONVIF WS-Discovery: the installer probes; Hikvision camera and Reolink answer ------------
sc.rec.pause(0.3)
PROBE_ID = "urn:uuid:0c7d5a52-9b1e-4c3a-8d55-60a0b0c0d001"
sc.multicast(ADMIN, ADMIN_IP, SSDP, 51702, 3702, wsd_probe(PROBE_ID), "WS-Discovery Probe to 239.255.255.250:3702")
for dev, dev_ip, name, hardware, endpoint in [
        (HIK_CAM, HIK_CAM_IP, "HIKVISION%20DS-2CD2043G2-I", "DS-2CD2043G2-I", "urn:uuid:3fa1b2c4-0000-4000-8000-4447cc316011"),
        (REOLINK, REOLINK_IP, "Reolink", "RLC-810A", "urn:uuid:2419800c-0000-4000-8000-ec71db416015")]:
    scopes = ["onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming",
              f"onvif://www.onvif.org/name/{name}", f"onvif://www.onvif.org/hardware/{hardware}",
              "onvif://www.onvif.org/location/city/"]
    sc.udp(dev, ADMIN, dev_ip, ADMIN_IP, 3702, 51702,
           wsd_probe_match(PROBE_ID, endpoint, scopes, f"http://{dev_ip}/onvif/device_service"),
           f"WS-Discovery ProbeMatch {hardware} from {dev_ip}", gap_us=15000)

# --- 4. DHIP: the installer's ConfigTool searches; the Dahua camera answers ----------------------
sc.rec.pause(0.3)
sc.multicast(ADMIN, ADMIN_IP, DHIP_GROUP, 5050, 37810, dhip_search(), "DHIP DHDiscover.search to 239.255.255.251:37810")
sc.multicast(DAHUA, DAHUA_IP, DHIP_GROUP, 37810, 37810, dhip_notify(DAHUA, [
    ("DeviceClass", "IPC"), ("DeviceType", "IPC-HFW2431S-S-S2"), ("HttpPort", "80"),
    ("IPv4Address", DAHUA_IP), ("MachineName", "3L01D6EPAZ00000"), ("Manufacturer", "Dahua"),
    ("SerialNo", "3L01D6EPAZ00000"), ("Vendor", "Dahua"), ("Version", "2.800.0000000.26.R")]),
    f"DHIP client.notifyDevInfo IPC-HFW2431S-S-S2 from {DAHUA_IP}", gap_us=9000)

# --- 5. Axis: mDNS announcement (_axis-video._tcp) and SSDP NOTIFY + UPnP description ------------
sc.rec.pause(0.3)
instance = "AXIS M3045-V - ACCC8E746013._axis-video._tcp.local"
host = "axis-accc8e746013.local"
srv = struct.pack("!HHH", 0, 0, 80) + dns_name(host)
txt = b"".join(bytes([len(t)]) + t for t in [b"macaddress=ACCC8E746013"])
sc.multicast(AXIS, AXIS_IP, "224.0.0.251", 5353, 5353, mdns_announcement([
    ("_axis-video._tcp.local", DNS_PTR, 4500, dns_name(instance)),
    (instance, DNS_SRV, 120, srv), (instance, DNS_TXT, 4500, txt),
    (host, DNS_A, 120, ip4(AXIS_IP))]), "mDNS announcement _axis-video._tcp (AXIS M3045-V)")
LOCATION = f"http://{AXIS_IP}:49152/rootdesc1.xml"
UDN = "uuid:Upnp-BasicDevice-1_0-ACCC8E746013"
sc.multicast(AXIS, AXIS_IP, SSDP, 1900, 1900,
             ssdp_notify(LOCATION, "Linux/4.14, UPnP/1.0, Portable SDK for UPnP devices/1.8.4", "upnp:rootdevice",
                         UDN + "::upnp:rootdevice"), "SSDP NOTIFY upnp:rootdevice from the Axis camera", gap_us=3000)
desc = upnp_description("urn:schemas-upnp-org:device:Basic:1", "AXIS M3045-V - ACCC8E746013", "AXIS",
                        "AXIS M3045-V", "M3045-V", "ACCC8E746013", UDN)
sc.exchange(ADMIN, AXIS, ADMIN_IP, AXIS_IP, 50110, 49152, f"HTTP {ADMIN_IP}:50110 {AXIS_IP}:49152 (UPnP description)",
            http_request("GET", "/rootdesc1.xml", [("Host", f"{AXIS_IP}:49152"), ("User-Agent", "curl/8.5.0")]),
            http_response("200 OK", [("Content-Type", 'text/xml; charset="utf-8"')], desc))

# --- 6. The installer opens each web UI / RTSP stream: Server headers ----------------------------
sc.rec.pause(0.3)
page = b"<html><head><title>login</title></head><body></body></html>\n"
for n, (dev, dev_ip, server) in enumerate([(HIK_CAM, HIK_CAM_IP, "App-webs/"), (HIK_NVR, HIK_NVR_IP, "DNVRS-Webs"),
                                            (XM, XM_IP, "uc-httpd 1.0.0")]):
    sc.exchange(ADMIN, dev, ADMIN_IP, dev_ip, 50120 + n, 80, f"HTTP {ADMIN_IP}:{50120 + n} {dev_ip}:80",
                http_request("GET", "/", [("Host", dev_ip), ("User-Agent", "curl/8.5.0")]),
                http_response("200 OK", [("Server", server), ("Content-Type", "text/html")], page))
describe = (f"DESCRIBE rtsp://{DAHUA_IP}:554/cam/realmonitor?channel=1&subtype=0 RTSP/1.0\r\nCSeq: 2\r\n"
            "User-Agent: LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)\r\nAccept: application/sdp\r\n\r\n").encode()
unauthorized = (b"RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nServer: Dahua Rtsp Server\r\n"
                b'WWW-Authenticate: Digest realm="Login to 3L01D6EPAZ00000", nonce="4a2f8d1c6b0e9a73"\r\n\r\n')
sc.exchange(ADMIN, DAHUA, ADMIN_IP, DAHUA_IP, 50130, 554, f"RTSP {ADMIN_IP}:50130 {DAHUA_IP}:554", describe, unauthorized)

# --- 7. Cloud: Xiongmai to XMEye, Reolink to its cloud, the Espressif camera to Blink -------------
sc.rec.pause(0.5)
sc.dns(XM, XM_IP, GW, GW_IP, 40001, 0x6001, "pub-cfg.secu100.net", XM_CLOUD)
reg = b'{"Name":"MSG_DSS_CFG_QUERY_REQ","SerialNumber":"0000000000000000"}'
sc.exchange(XM, GW, XM_IP, XM_CLOUD, 40002, 8086, f"HTTP {XM_IP}:40002 pub-cfg.secu100.net:8086",
            http_request("POST", "/", [("Host", "pub-cfg.secu100.net:8086"), ("Content-Type", "application/json")], reg),
            http_response("200 OK", [("Content-Type", "application/json")], b'{"Ret":100}'), s_ttl=48)
sc.dns(REOLINK, REOLINK_IP, GW, GW_IP, 40011, 0x6011, "p2p.reolink.com", REOLINK_CLOUD)
sc.tls(REOLINK, GW, REOLINK_IP, REOLINK_CLOUD, 40012, 443, "p2p.reolink.com")
sc.dns(ESP, ESP_IP, GW, GW_IP, 40021, 0x6021, "vs-cam.u011.immedia-semi.com", BLINK_CLOUD)
sc.tls(ESP, GW, ESP_IP, BLINK_CLOUD, 40022, 443, "vs-cam.u011.immedia-semi.com")


def main():
    write_sample(sc, HERE)


if __name__ == "__main__":
    main()
