#!/bin/sh
# Writes Tests/Fixtures/camera-self-signed.der: a self-made, self-signed EC P-256 certificate named like an
# IP camera's (no captured traffic), used by the X.509/JA4X tests and the TLS audit tests. The committed file
# was made on 2026-12-04 with exactly this command; rerunning it gives a new key, dates and signature, so
# the tests' notBefore/notAfter expectations must then be updated.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" \
    -out "$work/cert.pem" -days 3650 -set_serial 0x1234abcd \
    -subj "/C=CN/O=Example Cameras Co., Ltd./OU=IPC/CN=IPC-A1B2C3" \
    -addext "subjectAltName=DNS:ipc-a1b2c3.local,DNS:camera.example,IP:192.168.1.64,IP:fd00::64,email:admin@example.com,URI:http://192.168.1.64/"
openssl x509 -in "$work/cert.pem" -outform der -out "$root/Tests/Fixtures/camera-self-signed.der"
