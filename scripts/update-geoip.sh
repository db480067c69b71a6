#!/usr/bin/env bash
# Downloads MaxMind's GeoLite2 City, Country and ASN databases into the directory
# enricher.geoip reads (default ./data/geoip, the default Plugins.json's), as seed 001's
# `update:maxmind` did. A running server picks them up without a restart.
#
#   MAXMIND_ACCOUNT_ID=123456 MAXMIND_LICENSE_KEY=... scripts/update-geoip.sh [DIRECTORY]
#
# A free account and licence key: https://www.maxmind.com/en/geolite2/signup
# (MAXMIND_USER_ID and MAXMIND_API_KEY, the names seed 001 used, work too.)
# GEOIP_EDITIONS chooses the editions (default "GeoLite2-City GeoLite2-Country GeoLite2-ASN");
# MAXMIND_DOWNLOAD_URL the server (default https://download.maxmind.com/geoip/databases).
# Each archive is checked against MaxMind's SHA-256 before its .mmdb replaces the old one by
# rename, so a failed or partial download never leaves a damaged file where the server reads.
set -euo pipefail
account=${MAXMIND_ACCOUNT_ID:-${MAXMIND_USER_ID:-}}
key=${MAXMIND_LICENSE_KEY:-${MAXMIND_API_KEY:-}}
if [ -z "$account" ] || [ -z "$key" ]; then
  echo "update-geoip: set MAXMIND_ACCOUNT_ID and MAXMIND_LICENSE_KEY (a free GeoLite2 account: https://www.maxmind.com/en/geolite2/signup)" >&2
  exit 2
fi
directory=${1:-./data/geoip}
base=${MAXMIND_DOWNLOAD_URL:-https://download.maxmind.com/geoip/databases}
editions=${GEOIP_EDITIONS:-GeoLite2-City GeoLite2-Country GeoLite2-ASN}
mkdir -p "$directory"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The credentials go to curl in a config file, never on its command line (where ps shows them).
(umask 077 && printf 'user = "%s:%s"\n' "$account" "$key" > "$work/curl.conf")

for edition in $editions; do
  case "$edition" in
    GeoLite2-City|GeoLite2-Country|GeoLite2-ASN|GeoIP2-City|GeoIP2-Country|GeoIP2-ISP) ;;
    *) echo "update-geoip: unknown edition '$edition' (allowed: GeoLite2-City GeoLite2-Country GeoLite2-ASN GeoIP2-City GeoIP2-Country GeoIP2-ISP)" >&2; exit 2 ;;
  esac
  echo "update-geoip: downloading $edition"
  curl --fail --silent --show-error --location --config "$work/curl.conf" \
       -o "$work/$edition.tar.gz" "$base/$edition/download?suffix=tar.gz"
  curl --fail --silent --show-error --location --config "$work/curl.conf" \
       -o "$work/$edition.tar.gz.sha256" "$base/$edition/download?suffix=tar.gz.sha256"
  expected=$(awk '{print $1; exit}' "$work/$edition.tar.gz.sha256")
  actual=$(sha256sum "$work/$edition.tar.gz" | awk '{print $1}')
  if [ "$expected" != "$actual" ]; then
    echo "update-geoip: $edition: SHA-256 mismatch (expected $expected, got $actual); $directory/$edition.mmdb is unchanged" >&2
    exit 1
  fi
  mkdir -p "$work/$edition"
  tar -xzf "$work/$edition.tar.gz" -C "$work/$edition"
  found=$(find "$work/$edition" -type f -name "$edition.mmdb" | head -1)
  if [ -z "$found" ]; then
    echo "update-geoip: $edition: the archive has no $edition.mmdb; $directory/$edition.mmdb is unchanged" >&2
    exit 1
  fi
  # Copied beside the target, then renamed over it: the server never sees half a file.
  cp "$found" "$directory/.$edition.mmdb.new"
  mv -f "$directory/.$edition.mmdb.new" "$directory/$edition.mmdb"
  echo "update-geoip: $directory/$edition.mmdb updated"
done
