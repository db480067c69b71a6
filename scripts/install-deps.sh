#!/usr/bin/env bash
# Installs the Debian packages Vantage builds and tests with. Idempotent; installs only what
# is missing. Runs apt through sudo when not root.
set -euo pipefail

packages=(
  libsqlite3-dev   # store.sqlite (GRDB links the system libsqlite3)
  pkg-config       # locating system libraries for the .systemLibrary targets
  iproute2         # tests: network namespaces (ip netns)
  procps           # tests and benchmarks: ps, pgrep, sysctl
  iputils-ping     # tests: primes the neighbour caches of the namespace topology
  nftables         # tests: silent hops and packet loss injected on a router namespace
  nsd              # tests: the authoritative DNS server probe.dns is tested against
  python3          # tests: the WHOIS and RDAP fixture servers; benchmarks
  libssl-dev       # probe.tls and probe.http: certificate parsing and verification (OpenSSL)
  openssl          # tests: the local CA chain the nginx fixture serves
  nginx-light      # tests: the HTTP and TLS fixture server
  libnginx-mod-http-echo  # tests: the slow endpoint of the nginx fixture (echo_sleep)
  ca-certificates  # probe.tls and probe.http: the system trust store
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all Debian packages present"
  exit 0
fi

apt=(apt-get -o DPkg::Lock::Timeout=600)
if [ "$(id -u)" -ne 0 ]; then apt=(sudo "${apt[@]}"); fi
echo "install-deps: installing ${missing[*]}"
DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
