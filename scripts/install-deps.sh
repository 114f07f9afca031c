#!/usr/bin/env bash
# Installs the Debian 12 packages netvet needs to build and test:
#   libpcap-dev, libssl-dev, pkg-config   build (CPcap/COpenSSL system libraries, pkg-config lookup)
#   tshark (with capinfos), ieee-data     reference tools and the IEEE OUI registry for the tests
#   iproute2, iputils-ping, tcpdump       live-capture tests (interfaces, traffic, reference capture)
#
# Idempotent: when every package is already installed it does nothing (set NETVET_DEPS_FORCE=1 to run
# apt-get anyway). Runs as root; otherwise through sudo if sudo exists. Never prompts: tshark's
# "should non-superusers capture packets?" debconf question is preseeded to "no" before installing.
set -euo pipefail

packages=(libpcap-dev libssl-dev pkg-config tshark ieee-data iproute2 iputils-ping tcpdump)

say() { printf 'install-deps: %s\n' "$*"; }
# Prints a command, then runs it.
run() { printf 'install-deps: + %s\n' "$*"; "$@"; }

if ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get not found: this script supports Debian 12 only; install by hand: ${packages[*]}" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [ "$status" != "install ok installed" ]; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ] && [ "${NETVET_DEPS_FORCE:-0}" != "1" ]; then
    say "all packages already installed: ${packages[*]}"
    exit 0
fi
say "missing: ${missing[*]:-none (forced run)}"

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
        say "not root: using sudo"
    else
        say "must run as root (or have sudo) to install packages" >&2
        exit 1
    fi
fi

run "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update

# A name without a candidate version (typo, wrong release, missing component) must fail here, loudly,
# rather than as a half-finished install.
for package in "${packages[@]}"; do
    candidate=$(apt-cache policy "$package" | sed -n 's/^ *Candidate: *//p')
    if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
        say "package '$package' has no installation candidate in the configured apt sources" >&2
        exit 1
    fi
    say "$package: candidate $candidate"
done

# tshark's postinst asks whether non-superusers may capture; answer "no" so the install never prompts.
say "+ debconf-set-selections <<< 'wireshark-common wireshark-common/install-setuid boolean false'"
echo 'wireshark-common wireshark-common/install-setuid boolean false' | "${as_root[@]}" debconf-set-selections

run "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
say "done"
