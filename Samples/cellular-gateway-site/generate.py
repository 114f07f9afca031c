#!/usr/bin/env python3
"""cellular-gateway-site: a roadside cabinet with 4G/5G gateways from four makers (see README.md here).

Writes capture.pcap next to this file. Deterministic: fixed timestamps from 2024-03-01T09:00:00Z and a
fixed-seed random.Random, so every run writes the same bytes.
Run: python3 Samples/cellular-gateway-site/generate.py [--list]
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))

from discoverygen import (ETH_LLDP, LLDP_CAP_BRIDGE, LLDP_CAP_ROUTER, LLDP_CAP_WLAN_AP, LLDP_MULTICAST,  # noqa: E402
                          SNMP_GET, SNMP_RESPONSE, SYS_DESCR, SYS_NAME, SYS_OBJECT_ID, Scene, cwmp_inform,
                          http_request, http_response, lldp_frame, snmp_message, ssdp_notify, upnp_description)
from pcapgen import write_sample  # noqa: E402

sc = Scene(0x5C3117)

# --- Hosts (untagged Ethernet, 10.40.8.0/24, the cabinet's management LAN) -----------------------
HUAWEI, HUAWEI_IP = "00:18:82:5b:08:01", "10.40.8.1"      # HUAWEI TECHNOLOGIES -- 5G CPE (H122-373), the gateway
TELTONIKA, TELTONIKA_IP = "00:1e:42:3a:08:02", "10.40.8.2"  # Teltonika -- RUTX11 (LTE router for the signals VLAN)
ZTE, ZTE_IP = "00:15:eb:6c:08:03", "10.40.8.3"            # zte corporation -- MC801A 5G CPE (backup uplink)
QMOD, QMOD_IP = "34:87:3d:7d:08:04", "10.40.8.4"          # Quectel Wireless Solutions -- Netgear LM1200 modem
NMS, NMS_IP = "00:11:32:4e:08:20", "10.40.8.20"           # Synology -- management box: ACS + SNMP poller

ACS_URL_PORT = 7547
RMS_CLOUD = "198.51.100.81"

# --- 1. Address resolution ---------------------------------------------------------------------
for dev, dev_ip in [(TELTONIKA, TELTONIKA_IP), (ZTE, ZTE_IP), (QMOD, QMOD_IP), (NMS, NMS_IP)]:
    sc.arp(dev, dev_ip, HUAWEI, HUAWEI_IP, gap_us=20000)
sc.arp(HUAWEI, HUAWEI_IP, NMS, NMS_IP, gap_us=20000)

# --- 2. LLDP: the Teltonika RUTX11 announces itself on its LAN port ------------------------------
sc.rec.pause(0.3)
sc.raw(TELTONIKA, LLDP_MULTICAST, ETH_LLDP, lldp_frame(
    TELTONIKA, "eth0", "Teltonika-RUTX11.com", "Teltonika RUTX11 RUTX_R_00.07.06.10 Linux 5.4.259 armv7l",
    LLDP_CAP_BRIDGE | LLDP_CAP_WLAN_AP | LLDP_CAP_ROUTER, LLDP_CAP_BRIDGE | LLDP_CAP_ROUTER, port_description="LAN1",
    management_ipv4=TELTONIKA_IP), "LLDP from the Teltonika RUTX11")

# --- 3. TR-069: the Huawei 5G CPE informs the site ACS ------------------------------------------
sc.rec.pause(0.3)
inform = cwmp_inform("Huawei Technologies Co., Ltd", "001882", "H122-373", "DF8A4B2C00000000",
                     ["1 BOOT", "4 VALUE CHANGE"], [
                         ("InternetGatewayDevice.DeviceInfo.ModelName", "H122-373"),
                         ("InternetGatewayDevice.DeviceInfo.HardwareVersion", "WL1H122M"),
                         ("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "12.0.2.5(H501SP2C983)"),
                         ("InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
                          f"http://{HUAWEI_IP}:7547/tr069")])
sc.exchange(HUAWEI, NMS, HUAWEI_IP, NMS_IP, 49210, ACS_URL_PORT, f"HTTP {HUAWEI_IP}:49210 {NMS_IP}:7547 (CWMP Inform)",
            http_request("POST", "/acs", [("Host", f"{NMS_IP}:{ACS_URL_PORT}"), ("SOAPAction", ""), ("Content-Type", 'text/xml; charset="utf-8"')], inform),
            http_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")],
                          b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
                          b'<soap:Body><cwmp:InformResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><MaxEnvelopes>1'
                          b'</MaxEnvelopes></cwmp:InformResponse></soap:Body></soap:Envelope>'))
# ... and announces its Internet Gateway Device over SSDP.
sc.multicast(HUAWEI, HUAWEI_IP, "239.255.255.250", 1900, 1900,
             ssdp_notify(f"http://{HUAWEI_IP}:37215/desc/root.xml", "Linux UPnP/1.0 Huawei-ATP-IGD",
                         "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
                         "uuid:00e0fc37-2626-2828-2600-001882" + "5b0801::urn:schemas-upnp-org:device:InternetGatewayDevice:1"),
             "SSDP NOTIFY InternetGatewayDevice from the Huawei CPE", gap_us=5000)

# --- 4. SNMP: the NMS polls the ZTE CPE's system group ------------------------------------------
sc.rec.pause(0.3)
sc.udp(NMS, ZTE, NMS_IP, ZTE_IP, 50161, 161, snmp_message("cabinet-ro", SNMP_GET, 0x2D01,
                                                          [(SYS_DESCR, None), (SYS_OBJECT_ID, None), (SYS_NAME, None)]),
       f"SNMPv2c get-request sysDescr/sysObjectID/sysName {NMS_IP} -> {ZTE_IP}")
sc.udp(ZTE, NMS, ZTE_IP, NMS_IP, 161, 50161, snmp_message("cabinet-ro", SNMP_RESPONSE, 0x2D01, [
    (SYS_DESCR, "ZTE MC801A 5G Indoor CPE, software BD_MC801AV1.0.0B12"),
    (SYS_OBJECT_ID, ("oid", "1.3.6.1.4.1.3902.1082.801")), (SYS_NAME, "cabinet-backup")]),
    f"SNMPv2c get-response from {ZTE_IP}", gap_us=3000)

# --- 5. The Quectel-MAC modem: its UPnP description names the product maker ----------------------
sc.rec.pause(0.3)
UDN = "uuid:4d696e69-0000-4000-8000-34873d7d0804"
sc.multicast(QMOD, QMOD_IP, "239.255.255.250", 1900, 1900,
             ssdp_notify(f"http://{QMOD_IP}:5000/rootDesc.xml", "Linux/3.18 UPnP/1.1 MiniUPnPd/2.1", "upnp:rootdevice",
                         UDN + "::upnp:rootdevice"), "SSDP NOTIFY upnp:rootdevice from the LM1200", gap_us=5000)
desc = upnp_description("urn:schemas-upnp-org:device:InternetGatewayDevice:1", "NETGEAR LM1200", "NETGEAR",
                        "LM1200", "LM1200", "5A1B2C3D00000", UDN)
sc.exchange(NMS, QMOD, NMS_IP, QMOD_IP, 50500, 5000, f"HTTP {NMS_IP}:50500 {QMOD_IP}:5000 (UPnP description)",
            http_request("GET", "/rootDesc.xml", [("Host", f"{QMOD_IP}:5000"), ("User-Agent", "inventory/1.0")]),
            http_response("200 OK", [("Content-Type", 'text/xml; charset="utf-8"')], desc))

# --- 6. The Teltonika router keeps its RMS session (TLS to rms.teltonika-networks.com:15009) ------
sc.rec.pause(0.5)
sc.dns(TELTONIKA, TELTONIKA_IP, HUAWEI, HUAWEI_IP, 41001, 0x7101, "rms.teltonika-networks.com", RMS_CLOUD)
sc.tls(TELTONIKA, HUAWEI, TELTONIKA_IP, RMS_CLOUD, 41002, 15009, "rms.teltonika-networks.com")


def main():
    write_sample(sc, HERE)


if __name__ == "__main__":
    main()
