"""pcapgen: deterministic packet and capture-file builders for netvet's sample scenarios.

Python 3 standard library only. Everything here is a pure function of its arguments: no wall
clock, no global random state, so a generator that uses fixed timestamps and a fixed-seed
``random.Random`` writes byte-identical files on every run.

Layers (all return ``bytes``):

* capture files  -- ``PcapWriter`` (classic libpcap format, microsecond timestamps, any linktype),
                    ``Clock`` (a deterministic packet clock starting at ``EPOCH``)
* link layers    -- ``ethernet`` (with stacked 802.1Q / 802.1ad tags), ``sll`` (Linux cooked v1),
                    ``sll2`` (Linux cooked v2), ``null_header`` (BSD loopback), ``wlan_data``
                    (802.11 data / QoS data with LLC/SNAP), ``radiotap``
* ARP            -- ``arp``, ``arp_request``, ``arp_reply``, ``arp_gratuitous``, ``arp_probe``
* IPv4           -- ``ipv4`` (header checksum, options, fragmentation fields), ``ipv4_fragments``,
                    ``ipv4_option_router_alert``, ``ipv4_option_record_route``
* IPv6           -- ``ipv6`` (extension header chain), ``ext_hop_by_hop``, ``ext_destination``,
                    ``ext_fragment``, ``ipv6_fragments``, ``solicited_node``, ``eui64_link_local``
* transport      -- ``tcp`` (options, checksum), ``tcp_options`` helpers, ``udp`` (checksum),
                    ``icmp_echo``, ``icmpv6``, ``icmpv6_echo``, ``igmpv2_report``, ``mldv2_report``
* NDP            -- ``ndp_rs``, ``ndp_ra``, ``ndp_ns``, ``ndp_na``, ``ndp_opt_*``
* applications   -- ``dhcp`` (BOOTP/DHCP), ``dns_query`` / ``dns_response``, ``tls_client_hello``,
                    ``tls_server_hello``, ``tls_app_data``, ``TcpSession`` (handshake, data, FIN)

Addresses are accepted as text ("10.0.0.1", "fe80::1", "00:11:22:33:44:55") or as bytes.
"""

from __future__ import annotations

import ipaddress
import os
import random
import struct
import sys
from typing import Iterable, List, Optional, Sequence, Tuple, Union

# ---------------------------------------------------------------------------------------------
# Constants

#: 2024-03-01T09:00:00Z, the first timestamp of every sample capture.
EPOCH = 1709283600

LINKTYPE_NULL = 0
LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_IEEE802_11 = 105
LINKTYPE_LINUX_SLL = 113
LINKTYPE_IEEE802_11_RADIOTAP = 127
LINKTYPE_LINUX_SLL2 = 276

ETH_IPV4 = 0x0800
ETH_ARP = 0x0806
ETH_8021Q = 0x8100
ETH_8021AD = 0x88A8
ETH_IPV6 = 0x86DD

IPPROTO_HOPOPTS = 0
IPPROTO_ICMP = 1
IPPROTO_IGMP = 2
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_FRAGMENT = 44
IPPROTO_ICMPV6 = 58
IPPROTO_NONE = 59
IPPROTO_DSTOPTS = 60

TCP_FIN = 0x01
TCP_SYN = 0x02
TCP_RST = 0x04
TCP_PSH = 0x08
TCP_ACK = 0x10
TCP_URG = 0x20

BROADCAST = b"\xff" * 6
ZERO_MAC = b"\x00" * 6

Mac = Union[str, bytes]
Addr = Union[str, bytes]


# ---------------------------------------------------------------------------------------------
# Address helpers

def mac(value: Mac) -> bytes:
    """A 6-byte MAC address from "aa:bb:cc:dd:ee:ff" / "aa-bb-..." text or bytes."""
    if isinstance(value, (bytes, bytearray)):
        if len(value) != 6:
            raise ValueError("MAC must be 6 bytes")
        return bytes(value)
    parts = value.replace("-", ":").split(":")
    if len(parts) != 6:
        raise ValueError(f"bad MAC {value!r}")
    return bytes(int(p, 16) for p in parts)


def mac_text(value: Mac) -> str:
    return ":".join(f"{b:02x}" for b in mac(value))


def is_locally_administered(value: Mac) -> bool:
    return bool(mac(value)[0] & 0x02)


def ip4(value: Addr) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        if len(value) != 4:
            raise ValueError("IPv4 address must be 4 bytes")
        return bytes(value)
    return ipaddress.IPv4Address(value).packed


def ip6(value: Addr) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        if len(value) != 16:
            raise ValueError("IPv6 address must be 16 bytes")
        return bytes(value)
    return ipaddress.IPv6Address(value).packed


def ip_any(value: Addr) -> bytes:
    """4 or 16 bytes, whichever family the text is."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return ipaddress.ip_address(value).packed


def multicast_mac_v4(group: Addr) -> bytes:
    """01:00:5e + low 23 bits of the IPv4 group."""
    g = ip4(group)
    return bytes([0x01, 0x00, 0x5E, g[1] & 0x7F, g[2], g[3]])


def multicast_mac_v6(group: Addr) -> bytes:
    """33:33 + low 32 bits of the IPv6 group."""
    return b"\x33\x33" + ip6(group)[12:]


def solicited_node(address: Addr) -> str:
    """ff02::1:ffXX:XXXX for an IPv6 unicast address."""
    low = ip6(address)[13:]
    return str(ipaddress.IPv6Address(b"\xff\x02" + b"\x00" * 9 + b"\x01\xff" + low))


def eui64_interface_id(hw: Mac) -> bytes:
    m = mac(hw)
    return bytes([m[0] ^ 0x02, m[1], m[2], 0xFF, 0xFE, m[3], m[4], m[5]])


def eui64_address(prefix: str, hw: Mac) -> str:
    """prefix (a /64, e.g. "fe80::" or "fd00:1:2:3::") + modified EUI-64 interface identifier."""
    net = ipaddress.IPv6Address(prefix).packed[:8]
    return str(ipaddress.IPv6Address(net + eui64_interface_id(hw)))


def eui64_link_local(hw: Mac) -> str:
    return eui64_address("fe80::", hw)


# ---------------------------------------------------------------------------------------------
# Checksums

def inet_checksum(data: bytes) -> int:
    """RFC 1071 Internet checksum (ones' complement of the ones' complement sum)."""
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def pseudo_header(src: bytes, dst: bytes, proto: int, length: int) -> bytes:
    if len(src) == 4:
        return src + dst + struct.pack("!BBH", 0, proto, length)
    return src + dst + struct.pack("!IxxxB", length, proto)


def transport_checksum(src: Addr, dst: Addr, proto: int, segment: bytes) -> int:
    s, d = ip_any(src), ip_any(dst)
    return inet_checksum(pseudo_header(s, d, proto, len(segment)) + segment)


# ---------------------------------------------------------------------------------------------
# Capture files

class Clock:
    """A deterministic packet clock in microseconds since the Unix epoch."""

    def __init__(self, start: int = EPOCH, usec: int = 0):
        self.us = start * 1_000_000 + usec

    def tick(self, gap_us: int = 1000) -> int:
        """Advance by gap_us and return the new time."""
        self.us += gap_us
        return self.us

    def now(self) -> int:
        return self.us

    def at(self, seconds_after_epoch: float) -> int:
        """Jump forward to EPOCH + seconds (never backwards) and return it."""
        target = EPOCH * 1_000_000 + int(round(seconds_after_epoch * 1_000_000))
        self.us = max(self.us, target)
        return self.us


class PcapWriter:
    """Classic libpcap file writer (magic 0xa1b2c3d4, v2.4, microsecond timestamps, little-endian).

    Use as a context manager or call close(). ``count`` is the number of complete records written.
    """

    def __init__(self, path: str, linktype: int, snaplen: int = 262144):
        self.path = path
        self.linktype = linktype
        self.snaplen = snaplen
        self.count = 0
        self._f = open(path, "wb")
        self._f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype))

    def write(self, ts_us: int, frame: bytes, orig_len: Optional[int] = None) -> None:
        """One record; orig_len defaults to len(frame) (nothing cut by the snap length)."""
        caplen = len(frame)
        if orig_len is None:
            orig_len = caplen
        sec, usec = divmod(ts_us, 1_000_000)
        self._f.write(struct.pack("<IIII", sec, usec, caplen, orig_len))
        self._f.write(frame)
        self.count += 1

    def write_cut_record(self, ts_us: int, frame: bytes, present: int) -> None:
        """A record header claiming len(frame) bytes followed by only ``present`` of them.

        Call last: the file then ends mid-record, which libpcap reports as a truncated dump file.
        Not counted in ``count`` (readers cannot return it as a packet).
        """
        if not 0 <= present < len(frame):
            raise ValueError("present must be shorter than the frame")
        sec, usec = divmod(ts_us, 1_000_000)
        self._f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)))
        self._f.write(frame[:present])

    def close(self) -> None:
        if not self._f.closed:
            self._f.close()

    def __enter__(self) -> "PcapWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# Link layers

VlanTag = Union[int, Tuple[int, int], Tuple[int, int, int]]


def vlan_tag(tpid: int, vid: int, pcp: int = 0, dei: int = 0) -> bytes:
    """One 4-byte tag: TPID then TCI (PCP:3 DEI:1 VID:12)."""
    return struct.pack("!HH", tpid, (pcp << 13) | (dei << 12) | (vid & 0x0FFF))


def ethernet(dst: Mac, src: Mac, ethertype: int, payload: bytes, vlans: Sequence[VlanTag] = (),
             pad: bool = True) -> bytes:
    """Ethernet II frame without FCS.

    vlans: outermost first. Each entry is a VID (802.1Q, TPID 0x8100), (tpid, vid) or
    (tpid, vid, pcp). QinQ is ``[(ETH_8021AD, svid), (ETH_8021Q, cvid)]``.
    pad: pad to the 60-byte minimum as a receiving NIC would deliver it.
    """
    header = mac(dst) + mac(src)
    for tag in vlans:
        if isinstance(tag, int):
            header += vlan_tag(ETH_8021Q, tag)
        elif len(tag) == 2:
            header += vlan_tag(tag[0], tag[1])
        else:
            header += vlan_tag(tag[0], tag[1], tag[2])
    frame = header + struct.pack("!H", ethertype) + payload
    if pad and len(frame) < 60:
        frame += b"\x00" * (60 - len(frame))
    return frame


def ethertype_of(ip_packet: bytes) -> int:
    return ETH_IPV6 if ip_packet[0] >> 4 == 6 else ETH_IPV4


def eth_ip(dst: Mac, src: Mac, ip_packet: bytes, vlans: Sequence[VlanTag] = (), pad: bool = True) -> bytes:
    """Ethernet frame carrying an IPv4 or IPv6 packet (ethertype from the version nibble)."""
    return ethernet(dst, src, ethertype_of(ip_packet), ip_packet, vlans, pad)


SLL_HOST = 0        # to us
SLL_BROADCAST = 1   # broadcast by somebody else
SLL_MULTICAST = 2   # multicast by somebody else
SLL_OTHERHOST = 3   # to somebody else
SLL_OUTGOING = 4    # sent by us
ARPHRD_ETHER = 1


def sll(packet_type: int, src: Mac, protocol: int, payload: bytes, hatype: int = ARPHRD_ETHER) -> bytes:
    """Linux cooked capture v1 header (16 bytes) + payload. ``src`` is the sender's link address."""
    addr = mac(src)
    return struct.pack("!HHH", packet_type, hatype, len(addr)) + addr.ljust(8, b"\x00") + \
        struct.pack("!H", protocol) + payload


def sll2(packet_type: int, src: Mac, protocol: int, payload: bytes, ifindex: int = 2,
         hatype: int = ARPHRD_ETHER) -> bytes:
    """Linux cooked capture v2 header (20 bytes) + payload."""
    addr = mac(src)
    return struct.pack("!HHIHBB", protocol, 0, ifindex, hatype, packet_type, len(addr)) + \
        addr.ljust(8, b"\x00") + payload


def null_header(family: int) -> bytes:
    """DLT_NULL: the address family as a 4-byte little-endian integer (capturing host's order)."""
    return struct.pack("<I", family)


AF_INET = 2
AF_INET6_BSD = 24       # NetBSD, OpenBSD, BSD/OS
AF_INET6_FREEBSD = 28   # FreeBSD, DragonFly
AF_INET6_DARWIN = 30    # macOS, iOS


def llc_snap(ethertype: int, payload: bytes) -> bytes:
    """802.2 LLC (AA AA 03) + SNAP (OUI 00-00-00, ethertype)."""
    return b"\xaa\xaa\x03\x00\x00\x00" + struct.pack("!H", ethertype) + payload


def wlan_data(to_ds: bool, from_ds: bool, addr1: Mac, addr2: Mac, addr3: Mac, seq: int, payload: bytes,
              qos_tid: Optional[int] = None, addr4: Optional[Mac] = None, duration: int = 0x2C) -> bytes:
    """802.11 data frame (type 2) without FCS; QoS Data (subtype 8) when qos_tid is given.

    To-DS (station -> AP):  addr1 = BSSID, addr2 = SA,    addr3 = DA.
    From-DS (AP -> station): addr1 = DA,    addr2 = BSSID, addr3 = SA.
    ``payload`` is the LLC/SNAP-encapsulated MSDU (see llc_snap).
    """
    subtype = 8 if qos_tid is not None else 0
    fc0 = (subtype << 4) | (2 << 2)  # protocol version 0, type 2 (data)
    fc1 = (0x01 if to_ds else 0) | (0x02 if from_ds else 0)
    header = struct.pack("<BBH", fc0, fc1, duration) + mac(addr1) + mac(addr2) + mac(addr3)
    header += struct.pack("<H", (seq & 0x0FFF) << 4)
    if to_ds and from_ds:
        header += mac(addr4 if addr4 is not None else ZERO_MAC)
    if qos_tid is not None:
        header += struct.pack("<H", qos_tid & 0x0F)
    return header + payload


def radiotap(tsft: int, rate_500kbps: int = 0x6C, freq_mhz: int = 5180, chan_flags: int = 0x0140,
             signal_dbm: int = -48, antenna: int = 0, flags: int = 0x00) -> bytes:
    """Radiotap header (24 bytes): TSFT, Flags, Rate, Channel, dBm antenna signal, Antenna.

    Default: 54 Mb/s (0x6c x 500 kb/s), 5180 MHz (channel 36, OFDM 5 GHz flags), -48 dBm.
    flags 0x00 = no FCS at the end of the frame.
    """
    present = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 11)
    body = struct.pack("<QBBHHbB", tsft, flags, rate_500kbps, freq_mhz, chan_flags, signal_dbm, antenna)
    length = 8 + len(body)
    return struct.pack("<BBHI", 0, 0, length, present) + body


# ---------------------------------------------------------------------------------------------
# ARP

ARP_REQUEST = 1
ARP_REPLY = 2


def arp(op: int, sha: Mac, spa: Addr, tha: Mac, tpa: Addr) -> bytes:
    """Ethernet/IPv4 ARP packet (28 bytes)."""
    return struct.pack("!HHBBH", 1, ETH_IPV4, 6, 4, op) + mac(sha) + ip4(spa) + mac(tha) + ip4(tpa)


def arp_request(sha: Mac, spa: Addr, tpa: Addr) -> bytes:
    return arp(ARP_REQUEST, sha, spa, ZERO_MAC, tpa)


def arp_reply(sha: Mac, spa: Addr, tha: Mac, tpa: Addr) -> bytes:
    return arp(ARP_REPLY, sha, spa, tha, tpa)


def arp_gratuitous(sha: Mac, spa: Addr, reply_form: bool = False) -> bytes:
    """Gratuitous ARP / ARP announcement: sender IP == target IP (RFC 5227 s2.3)."""
    if reply_form:
        return arp(ARP_REPLY, sha, spa, BROADCAST, spa)
    return arp(ARP_REQUEST, sha, spa, ZERO_MAC, spa)


def arp_probe(sha: Mac, tpa: Addr) -> bytes:
    """ARP probe (RFC 5227 s2.1.1): sender IP 0.0.0.0 -- binds nothing."""
    return arp(ARP_REQUEST, sha, "0.0.0.0", ZERO_MAC, tpa)


# ---------------------------------------------------------------------------------------------
# IPv4

def ipv4_option_router_alert() -> bytes:
    """RFC 2113 Router Alert (type 148, length 4, value 0)."""
    return b"\x94\x04\x00\x00"


def ipv4_option_record_route(slots: int = 4, recorded: Sequence[Addr] = ()) -> bytes:
    """RFC 791 Record Route (type 7) with room for ``slots`` addresses."""
    length = 3 + 4 * slots
    pointer = 4 + 4 * len(recorded)
    body = b"".join(ip4(a) for a in recorded).ljust(4 * slots, b"\x00")
    return struct.pack("!BBB", 7, length, pointer) + body


def ipv4(src: Addr, dst: Addr, proto: int, payload: bytes, ttl: int = 64, ident: int = 0, tos: int = 0,
         df: bool = True, mf: bool = False, frag_offset: int = 0, options: bytes = b"",
         total_length: Optional[int] = None, ihl: Optional[int] = None,
         checksum: Optional[int] = None) -> bytes:
    """IPv4 header (+options, padded with EOL to a 4-byte boundary) + payload.

    frag_offset is in 8-byte units. total_length / ihl / checksum override the computed values
    (for malformed samples); the checksum is computed over the header as written otherwise.
    """
    if len(options) % 4:
        options += b"\x00" * (4 - len(options) % 4)
    header_len = 20 + len(options)
    if ihl is None:
        ihl = header_len // 4
    if total_length is None:
        total_length = header_len + len(payload)
    flags = (0x4000 if df else 0) | (0x2000 if mf else 0) | (frag_offset & 0x1FFF)
    header = struct.pack("!BBHHHBBH4s4s", (4 << 4) | (ihl & 0x0F), tos, total_length & 0xFFFF, ident & 0xFFFF,
                         flags, ttl, proto, 0, ip4(src), ip4(dst)) + options
    if checksum is None:
        checksum = inet_checksum(header)
    header = header[:10] + struct.pack("!H", checksum) + header[12:]
    return header + payload


def ipv4_fragments(src: Addr, dst: Addr, proto: int, datagram_payload: bytes, mtu: int = 1500,
                   ident: int = 0, ttl: int = 64, tos: int = 0) -> List[bytes]:
    """Split one IPv4 payload (e.g. a whole UDP datagram, checksum already computed) into fragments.

    Only the first fragment carries the transport header; later ones carry raw continuation bytes.
    """
    chunk = ((mtu - 20) // 8) * 8
    out = []
    offset = 0
    while offset < len(datagram_payload):
        piece = datagram_payload[offset:offset + chunk]
        more = offset + len(piece) < len(datagram_payload)
        out.append(ipv4(src, dst, proto, piece, ttl=ttl, ident=ident, tos=tos, df=False, mf=more,
                        frag_offset=offset // 8))
        offset += len(piece)
    return out


# ---------------------------------------------------------------------------------------------
# IPv6

def _pad_options(options: bytes, fixed: int = 2) -> bytes:
    """Pad an option area so fixed + len is a multiple of 8 (Pad1 or PadN)."""
    rem = (fixed + len(options)) % 8
    if rem == 0:
        return options
    need = 8 - rem
    if need == 1:
        return options + b"\x00"
    return options + bytes([1, need - 2]) + b"\x00" * (need - 2)


def hbh_option_router_alert(value: int = 0) -> bytes:
    """RFC 2711 Router Alert option (type 5): 0 = MLD."""
    return struct.pack("!BBH", 5, 2, value)


class Ext:
    """One IPv6 extension header to be chained by ipv6(): kind is HOPOPTS, DSTOPTS or FRAGMENT."""

    def __init__(self, kind: int, body: bytes):
        self.kind = kind
        self.body = body  # everything after the next-header byte (and, for options, the length byte)


def ext_hop_by_hop(options: bytes = b"") -> Ext:
    return Ext(IPPROTO_HOPOPTS, _pad_options(options))


def ext_destination(options: bytes = b"") -> Ext:
    return Ext(IPPROTO_DSTOPTS, _pad_options(options))


def ext_fragment(offset_bytes: int, more: bool, ident: int) -> Ext:
    """Fragment header: offset in bytes (multiple of 8), M flag, identification."""
    if offset_bytes % 8:
        raise ValueError("fragment offset must be a multiple of 8")
    return Ext(IPPROTO_FRAGMENT, struct.pack("!BHI", 0, (offset_bytes & 0xFFF8) | (1 if more else 0), ident))


def _encode_chain(exts: Sequence[Ext], upper_proto: int) -> Tuple[int, bytes]:
    """(first next-header value, encoded headers) for a chain ending in upper_proto."""
    encoded = b""
    for i, ext in enumerate(exts):
        nxt = exts[i + 1].kind if i + 1 < len(exts) else upper_proto
        if ext.kind == IPPROTO_FRAGMENT:
            encoded += bytes([nxt]) + ext.body
        else:
            total = 2 + len(ext.body)
            if total % 8:
                raise ValueError("options header must be a multiple of 8 bytes")
            encoded += bytes([nxt, total // 8 - 1]) + ext.body
    first = exts[0].kind if exts else upper_proto
    return first, encoded


def ipv6(src: Addr, dst: Addr, upper_proto: int, payload: bytes, hop_limit: int = 64,
         traffic_class: int = 0, flow_label: int = 0, exts: Sequence[Ext] = (),
         payload_length: Optional[int] = None) -> bytes:
    """IPv6 header + extension chain + upper-layer payload (checksum already inside payload)."""
    first, chain = _encode_chain(exts, upper_proto)
    body = chain + payload
    if payload_length is None:
        payload_length = len(body)
    word = (6 << 28) | ((traffic_class & 0xFF) << 20) | (flow_label & 0xFFFFF)
    return struct.pack("!IHBB", word, payload_length & 0xFFFF, first, hop_limit) + ip6(src) + ip6(dst) + body


def ipv6_fragments(src: Addr, dst: Addr, upper_proto: int, upper_payload: bytes, ident: int,
                   mtu: int = 1280, hop_limit: int = 64, pre_exts: Sequence[Ext] = ()) -> List[bytes]:
    """Fragment one upper-layer payload (checksum computed over the whole thing) with Fragment headers."""
    chunk = ((mtu - 40 - 8 - sum(2 + len(e.body) for e in pre_exts)) // 8) * 8
    out = []
    offset = 0
    while offset < len(upper_payload):
        piece = upper_payload[offset:offset + chunk]
        more = offset + len(piece) < len(upper_payload)
        out.append(ipv6(src, dst, upper_proto, piece, hop_limit=hop_limit,
                        exts=list(pre_exts) + [ext_fragment(offset, more, ident)]))
        offset += len(piece)
    return out


# ---------------------------------------------------------------------------------------------
# TCP / UDP

def tcp_opt_eol() -> bytes:
    return b"\x00"


def tcp_opt_nop() -> bytes:
    return b"\x01"


def tcp_opt_mss(mss: int) -> bytes:
    return struct.pack("!BBH", 2, 4, mss)


def tcp_opt_wscale(shift: int) -> bytes:
    return struct.pack("!BBB", 3, 3, shift)


def tcp_opt_sack_permitted() -> bytes:
    return b"\x04\x02"


def tcp_opt_timestamps(tsval: int, tsecr: int) -> bytes:
    return struct.pack("!BBII", 8, 10, tsval & 0xFFFFFFFF, tsecr & 0xFFFFFFFF)


def tcp(src: Addr, dst: Addr, sport: int, dport: int, seq: int, ack: int, flags: int, payload: bytes = b"",
        window: int = 64240, options: bytes = b"", urgent: int = 0, data_offset: Optional[int] = None,
        checksum: Optional[int] = None) -> bytes:
    """TCP segment with options (zero-padded to a 4-byte boundary) and a correct checksum.

    src/dst are the IP addresses for the pseudo-header (IPv4 or IPv6). data_offset / checksum
    override the computed values for malformed samples.
    """
    if len(options) % 4:
        options += b"\x00" * (4 - len(options) % 4)
    if data_offset is None:
        data_offset = (20 + len(options)) // 4
    header = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                         (data_offset & 0x0F) << 4, flags, window, 0, urgent) + options
    segment = header + payload
    if checksum is None:
        checksum = transport_checksum(src, dst, IPPROTO_TCP, segment)
    return segment[:16] + struct.pack("!H", checksum) + segment[18:]


def udp(src: Addr, dst: Addr, sport: int, dport: int, payload: bytes, length: Optional[int] = None,
        checksum: Optional[int] = None) -> bytes:
    """UDP datagram with a correct checksum (0 is sent as 0xffff). length overrides the length field."""
    real = 8 + len(payload)
    if length is None:
        length = real
    datagram = struct.pack("!HHHH", sport, dport, length & 0xFFFF, 0) + payload
    if checksum is None:
        checksum = transport_checksum(src, dst, IPPROTO_UDP, datagram) if length == real else 0
        if checksum == 0 and length == real:
            checksum = 0xFFFF
    return datagram[:6] + struct.pack("!H", checksum) + datagram[8:]


# ---------------------------------------------------------------------------------------------
# ICMP, IGMP

ICMP_ECHO_REPLY = 0
ICMP_ECHO_REQUEST = 8


def icmp_echo(request: bool, ident: int, seq: int, data: bytes = b"") -> bytes:
    body = struct.pack("!BBHHH", ICMP_ECHO_REQUEST if request else ICMP_ECHO_REPLY, 0, 0, ident, seq) + data
    return body[:2] + struct.pack("!H", inet_checksum(body)) + body[4:]


def ping_data(length: int = 48, start: int = 0x08) -> bytes:
    """Classic Unix ping filler: incrementing bytes."""
    return bytes((start + i) & 0xFF for i in range(length))


def igmpv2_report(group: Addr) -> bytes:
    body = struct.pack("!BBH4s", 0x16, 0, 0, ip4(group))
    return body[:2] + struct.pack("!H", inet_checksum(body)) + body[4:]


def icmpv6(src: Addr, dst: Addr, icmp_type: int, code: int, body: bytes) -> bytes:
    """ICMPv6 message with its checksum (pseudo-header with the final destination)."""
    msg = struct.pack("!BBH", icmp_type, code, 0) + body
    return msg[:2] + struct.pack("!H", transport_checksum(src, dst, IPPROTO_ICMPV6, msg)) + msg[4:]


ICMPV6_ECHO_REQUEST = 128
ICMPV6_ECHO_REPLY = 129
ICMPV6_MLDV2_REPORT = 143
NDP_RS = 133
NDP_RA = 134
NDP_NS = 135
NDP_NA = 136


def icmpv6_echo(src: Addr, dst: Addr, request: bool, ident: int, seq: int, data: bytes = b"") -> bytes:
    return icmpv6(src, dst, ICMPV6_ECHO_REQUEST if request else ICMPV6_ECHO_REPLY, 0,
                  struct.pack("!HH", ident, seq) + data)


def mldv2_report(src: Addr, groups: Sequence[Addr], record_type: int = 4) -> bytes:
    """MLDv2 report to ff02::16 (record type 4 = CHANGE_TO_EXCLUDE, i.e. join)."""
    records = b"".join(struct.pack("!BBH", record_type, 0, 0) + ip6(g) for g in groups)
    return icmpv6(src, "ff02::16", ICMPV6_MLDV2_REPORT, 0, struct.pack("!HH", 0, len(groups)) + records)


# NDP options (RFC 4861 s4.6): type, length in units of 8 bytes.

def ndp_opt_source_lladdr(hw: Mac) -> bytes:
    return b"\x01\x01" + mac(hw)


def ndp_opt_target_lladdr(hw: Mac) -> bytes:
    return b"\x02\x01" + mac(hw)


def ndp_opt_prefix_info(prefix: Addr, prefix_len: int = 64, on_link: bool = True, autonomous: bool = True,
                        valid: int = 2592000, preferred: int = 604800) -> bytes:
    flags = (0x80 if on_link else 0) | (0x40 if autonomous else 0)
    return struct.pack("!BBBBIII", 3, 4, prefix_len, flags, valid, preferred, 0) + ip6(prefix)


def ndp_opt_mtu(mtu: int) -> bytes:
    return struct.pack("!BBHI", 5, 1, 0, mtu)


def ndp_rs(src: Addr, dst: Addr = "ff02::2", options: bytes = b"") -> bytes:
    return icmpv6(src, dst, NDP_RS, 0, b"\x00" * 4 + options)


def ndp_ra(src: Addr, dst: Addr = "ff02::1", cur_hop_limit: int = 64, managed: bool = False,
           other: bool = False, router_lifetime: int = 1800, reachable: int = 0, retrans: int = 0,
           options: bytes = b"") -> bytes:
    flags = (0x80 if managed else 0) | (0x40 if other else 0)
    return icmpv6(src, dst, NDP_RA, 0,
                  struct.pack("!BBHII", cur_hop_limit, flags, router_lifetime, reachable, retrans) + options)


def ndp_ns(src: Addr, dst: Addr, target: Addr, options: bytes = b"") -> bytes:
    return icmpv6(src, dst, NDP_NS, 0, b"\x00" * 4 + ip6(target) + options)


def ndp_na(src: Addr, dst: Addr, target: Addr, router: bool = False, solicited: bool = True,
           override: bool = True, options: bytes = b"") -> bytes:
    flags = (0x80 if router else 0) | (0x40 if solicited else 0) | (0x20 if override else 0)
    return icmpv6(src, dst, NDP_NA, 0, struct.pack("!B3x", flags) + ip6(target) + options)


# ---------------------------------------------------------------------------------------------
# DHCP (BOOTP) and DNS payloads

DHCP_DISCOVER, DHCP_OFFER, DHCP_REQUEST, DHCP_DECLINE, DHCP_ACK = 1, 2, 3, 4, 5


def dhcp_option(code: int, value: bytes) -> bytes:
    return bytes([code, len(value)]) + value


def dhcp(op: int, xid: int, chaddr: Mac, msg_type: int, options: Sequence[Tuple[int, bytes]] = (),
         ciaddr: Addr = "0.0.0.0", yiaddr: Addr = "0.0.0.0", siaddr: Addr = "0.0.0.0",
         giaddr: Addr = "0.0.0.0", broadcast: bool = False, secs: int = 0) -> bytes:
    """BOOTP message (op 1 request / 2 reply) with the DHCP magic cookie, option 53 first, END, padded
    to the 300-byte BOOTP minimum."""
    fixed = struct.pack("!BBBBIHH4s4s4s4s", op, 1, 6, 0, xid, secs, 0x8000 if broadcast else 0,
                        ip4(ciaddr), ip4(yiaddr), ip4(siaddr), ip4(giaddr))
    fixed += mac(chaddr).ljust(16, b"\x00") + b"\x00" * 64 + b"\x00" * 128
    opts = b"\x63\x82\x53\x63" + dhcp_option(53, bytes([msg_type]))
    for code, value in options:
        opts += dhcp_option(code, value)
    opts += b"\xff"
    msg = fixed + opts
    if len(msg) < 300:
        msg += b"\x00" * (300 - len(msg))
    return msg


def dns_name(name: str) -> bytes:
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


DNS_A, DNS_PTR, DNS_TXT, DNS_AAAA, DNS_SRV = 1, 12, 16, 28, 33


def dns_query(txid: int, name: str, qtype: int = DNS_A, rd: bool = True) -> bytes:
    flags = 0x0100 if rd else 0
    return struct.pack("!HHHHHH", txid, flags, 1, 0, 0, 0) + dns_name(name) + struct.pack("!HH", qtype, 1)


def dns_rr(name_or_ptr: Union[str, bytes], rtype: int, ttl: int, rdata: bytes, rclass: int = 1) -> bytes:
    owner = name_or_ptr if isinstance(name_or_ptr, bytes) else dns_name(name_or_ptr)
    return owner + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def dns_response(txid: int, name: str, qtype: int, answers: Sequence[Tuple[int, int, bytes]],
                 rcode: int = 0) -> bytes:
    """Response echoing the question; answers are (type, ttl, rdata) owned by the question name
    (compressed pointer to offset 12)."""
    flags = 0x8180 | (rcode & 0xF)
    msg = struct.pack("!HHHHHH", txid, flags, 1, len(answers), 0, 0) + dns_name(name) + struct.pack("!HH", qtype, 1)
    for rtype, ttl, rdata in answers:
        msg += dns_rr(b"\xc0\x0c", rtype, ttl, rdata)
    return msg


def mdns_announcement(records: Sequence[Tuple[str, int, int, bytes]]) -> bytes:
    """Unsolicited mDNS response (id 0, flags 0x8400) with (name, type, ttl, rdata) answers;
    class has the cache-flush bit set."""
    msg = struct.pack("!HHHHHH", 0, 0x8400, 0, len(records), 0, 0)
    for name, rtype, ttl, rdata in records:
        msg += dns_rr(name, rtype, ttl, rdata, rclass=0x8001)
    return msg


# ---------------------------------------------------------------------------------------------
# TLS-looking payloads (well-formed records with opaque random contents)

def _tls_record(content_type: int, body: bytes, version: int = 0x0303) -> bytes:
    return struct.pack("!BHH", content_type, version, len(body)) + body


def tls_client_hello(rng: random.Random, server_name: str) -> bytes:
    sni = server_name.encode("ascii")
    ext_sni = struct.pack("!HHHBH", 0, len(sni) + 5, len(sni) + 3, 0, len(sni)) + sni
    groups = struct.pack("!HHHHH", 10, 8, 6, 0x001D, 0x0017)
    ext_groups = groups
    sigalgs = struct.pack("!HHHHHH", 13, 8, 6, 0x0403, 0x0804, 0x0401)
    alpn_list = b"\x02h2\x08http/1.1"
    ext_alpn = struct.pack("!HHH", 16, len(alpn_list) + 2, len(alpn_list)) + alpn_list
    extensions = ext_sni + ext_groups + sigalgs + ext_alpn
    suites = [0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030]
    body = struct.pack("!H", 0x0303) + bytes(rng.getrandbits(8) for _ in range(32))
    body += b"\x20" + bytes(rng.getrandbits(8) for _ in range(32))
    body += struct.pack("!H", 2 * len(suites)) + b"".join(struct.pack("!H", s) for s in suites)
    body += b"\x01\x00" + struct.pack("!H", len(extensions)) + extensions
    handshake = struct.pack("!B", 1) + len(body).to_bytes(3, "big") + body
    return _tls_record(22, handshake, version=0x0301)


def tls_server_hello(rng: random.Random, cipher: int = 0xC02F) -> bytes:
    body = struct.pack("!H", 0x0303) + bytes(rng.getrandbits(8) for _ in range(32))
    body += b"\x20" + bytes(rng.getrandbits(8) for _ in range(32))
    body += struct.pack("!HBH", cipher, 0, 0)
    handshake = struct.pack("!B", 2) + len(body).to_bytes(3, "big") + body
    return _tls_record(22, handshake)


def tls_app_data(rng: random.Random, length: int) -> bytes:
    return _tls_record(23, bytes(rng.getrandbits(8) for _ in range(length)))


# ---------------------------------------------------------------------------------------------
# TCP sessions

class TcpSession:
    """Builds the IP packets of one TCP connection: 3-way handshake, data, FIN/ACK close.

    Every method returns a list of (from_client: bool, ip_packet: bytes). Sequence and
    acknowledgement numbers, IPv4 identification and TCP timestamps are tracked.
    """

    def __init__(self, client: Addr, server: Addr, cport: int, sport: int, c_isn: int, s_isn: int,
                 mss: int = 1460, c_ident: int = 0x1000, s_ident: int = 0x8000, ttl_c: int = 64, ttl_s: int = 64,
                 timestamps: bool = True, c_window: int = 64240, s_window: int = 65160):
        self.client, self.server = client, server
        self.cport, self.sport = cport, sport
        self.c_seq, self.s_seq = c_isn, s_isn
        self.mss = mss
        self.v6 = ":" in client if isinstance(client, str) else len(client) == 16
        self.ident = {True: c_ident, False: s_ident}
        self.ttl = {True: ttl_c, False: ttl_s}
        self.timestamps = timestamps
        self.ts = {True: 1_000_000, False: 3_500_000}
        self.peer_ts = {True: 0, False: 0}
        self.window = {True: c_window, False: s_window}

    def _packet(self, from_client: bool, flags: int, payload: bytes = b"", options: bytes = b"") -> Tuple[bool, bytes]:
        if from_client:
            src, dst, sp, dp, seq, ack = self.client, self.server, self.cport, self.sport, self.c_seq, self.s_seq
        else:
            src, dst, sp, dp, seq, ack = self.server, self.client, self.sport, self.cport, self.s_seq, self.c_seq
        if not flags & TCP_ACK:
            ack = 0
        if self.timestamps and not options:
            self.ts[from_client] += 7
            options = tcp_opt_nop() + tcp_opt_nop() + tcp_opt_timestamps(self.ts[from_client],
                                                                            self.peer_ts[from_client])
        window = self.window[from_client] if flags & TCP_SYN else min(self.window[from_client] >> 7, 0xFFFF)
        segment = tcp(src, dst, sp, dp, seq, ack, flags, payload, window=window, options=options)
        if self.v6:
            packet = ipv6(src, dst, IPPROTO_TCP, segment, hop_limit=self.ttl[from_client])
        else:
            self.ident[from_client] = (self.ident[from_client] + 1) & 0xFFFF
            packet = ipv4(src, dst, IPPROTO_TCP, segment, ttl=self.ttl[from_client], ident=self.ident[from_client])
        advance = len(payload) + (1 if flags & (TCP_SYN | TCP_FIN) else 0)
        if from_client:
            self.c_seq = (self.c_seq + advance) & 0xFFFFFFFF
        else:
            self.s_seq = (self.s_seq + advance) & 0xFFFFFFFF
        self.peer_ts[not from_client] = self.ts[from_client]
        return (from_client, packet)

    def _syn_options(self, from_client: bool) -> bytes:
        self.ts[from_client] += 7
        opts = tcp_opt_mss(self.mss) + tcp_opt_sack_permitted()
        if self.timestamps:
            opts += tcp_opt_timestamps(self.ts[from_client], self.peer_ts[from_client])
        return opts + tcp_opt_nop() + tcp_opt_wscale(7)

    def handshake(self) -> List[Tuple[bool, bytes]]:
        return [
            self._packet(True, TCP_SYN, options=self._syn_options(True)),
            self._packet(False, TCP_SYN | TCP_ACK, options=self._syn_options(False)),
            self._packet(True, TCP_ACK),
        ]

    def send(self, from_client: bool, data: bytes, segment_size: Optional[int] = None,
             ack: bool = True) -> List[Tuple[bool, bytes]]:
        """data from one side in MSS-sized PSH/ACK segments, then (ack=True) a bare ACK from the peer."""
        size = segment_size or self.mss
        out = []
        for i in range(0, len(data), size):
            out.append(self._packet(from_client, TCP_PSH | TCP_ACK, data[i:i + size]))
        if ack:
            out.append(self._packet(not from_client, TCP_ACK))
        return out

    def exchange(self, request: bytes, response: bytes) -> List[Tuple[bool, bytes]]:
        """Client request (acked by the server's response), server response, client ACK."""
        return self.send(True, request, ack=False) + self.send(False, response, ack=True)

    def close(self, client_first: bool = True) -> List[Tuple[bool, bytes]]:
        """FIN/ACK, FIN/ACK, ACK."""
        a = client_first
        return [
            self._packet(a, TCP_FIN | TCP_ACK),
            self._packet(not a, TCP_FIN | TCP_ACK),
            self._packet(a, TCP_ACK),
        ]


# ---------------------------------------------------------------------------------------------
# Recording frames with notes

class Recorder:
    """Collects (timestamp, frame, note) in capture order and writes them as one pcap.

    ``listing()`` yields one line per frame ("#  +seconds  length  note") for README packet tables.
    """

    def __init__(self, linktype: int, clock: Optional[Clock] = None):
        self.linktype = linktype
        self.clock = clock or Clock()
        self.records: List[Tuple[int, bytes, Optional[int], str]] = []
        self.cut: Optional[Tuple[int, bytes, int, str]] = None

    def add(self, frame: bytes, note: str = "", gap_us: int = 1000, orig_len: Optional[int] = None,
            ts_us: Optional[int] = None) -> int:
        """Append a frame gap_us after the previous one (or at absolute time ts_us, microseconds since
        the Unix epoch); returns its 1-based frame number."""
        if ts_us is not None:
            self.clock.us = ts_us
            ts = ts_us
        else:
            ts = self.clock.tick(gap_us)
        self.records.append((ts, frame, orig_len, note))
        return len(self.records)

    def pause(self, seconds: float) -> None:
        self.clock.tick(int(seconds * 1_000_000))

    def add_cut(self, frame: bytes, present: int, note: str = "", gap_us: int = 1000) -> None:
        """The final record: header for the whole frame, only ``present`` bytes of data."""
        self.cut = (self.clock.tick(gap_us), frame, present, note)

    def write(self, path: str) -> int:
        with PcapWriter(path, self.linktype) as w:
            for ts, frame, orig_len, _ in self.records:
                w.write(ts, frame, orig_len)
            if self.cut is not None:
                ts, frame, present, _ = self.cut
                w.write_cut_record(ts, frame, present)
            return w.count

    def listing(self) -> Iterable[str]:
        start = EPOCH * 1_000_000
        for i, (ts, frame, _, note) in enumerate(self.records, 1):
            yield f"{i:4d}  {(ts - start) / 1e6:10.6f}  {len(frame):5d}  {note}"
        if self.cut is not None:
            ts, frame, present, note = self.cut
            yield f"   -  {(ts - start) / 1e6:10.6f}  {present:5d}/{len(frame)}  {note}"


# ---------------------------------------------------------------------------------------------
# Misc

def hexdump_lines(data: bytes) -> Iterable[str]:
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        yield f"{i:04x}  " + " ".join(f"{b:02x}" for b in chunk)


def write_sample(recorder, directory: str, name: str = "capture.pcap") -> None:
    """The `main` of a one-capture scenario generator: writes `recorder` (a Recorder, or anything with
    `write(path) -> int` and `listing()`) to directory/name and prints the packet count; with `--list`
    on the command line, also every frame's line."""
    out = os.path.join(directory, name)
    n = recorder.write(out)
    print(f"{out}: {n} packets")
    if "--list" in sys.argv:
        for line in recorder.listing():
            print(line)
