#!/usr/bin/env bash
# Installs the Debian packages Vantage needs. Idempotent; installs only what is missing.
# Runs apt through sudo when not root.
#   scripts/install-deps.sh          what building and running Vantage needs (scripts/start.sh)
#   scripts/install-deps.sh --tests  that, and the servers and tools the tests start
# Daemons installed for the tests (nsd, nginx, PostgreSQL) are not started by their packages: the tests
# run their own instances on loopback ports, and a developer machine should not find a DNS
# server on port 53 or a web server on port 80 after running the test suite.
set -euo pipefail

packages=(
  libsqlite3-dev   # store.sqlite (GRDB links the system libsqlite3)
  pkg-config       # locating system libraries for the .systemLibrary targets
  libssl-dev       # probe.tls and probe.http: certificate parsing and verification (OpenSSL)
  libpq-dev        # store.postgres: libpq, linked into every build
  libssh2-1-dev    # probe.mtr_ssh and SSH hosts: libssh2, linked into every build
  ca-certificates  # probe.tls and probe.http: the system trust store
  libmaxminddb-dev # enricher.geoip: libmaxminddb, linked into every build
  zlib1g-dev       # the web interface: its files served gzip-compressed
  curl             # scripts/update-geoip.sh: downloads the GeoLite2 databases
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(
    iproute2         # tests: network namespaces (ip netns)
    procps           # tests and benchmarks: ps, pgrep, sysctl
    iputils-ping     # tests: primes the neighbour caches of the namespace topology
    nftables         # tests: silent hops and packet loss injected on a router namespace
    nsd              # tests: the authoritative DNS server probe.dns is tested against
    python3          # tests: the WHOIS, RDAP and SMTP fixture servers; benchmarks
    openssl          # tests: the local CA chain the nginx fixture serves
    nginx-light      # tests: the HTTP and TLS fixture server
    libnginx-mod-http-echo  # tests: the slow endpoint of the nginx fixture (echo_sleep)
    postgresql-15    # tests: the PostgreSQL server store.postgres is tested against (and psql)
    prometheus       # tests: promtool checks a live server's /metrics (the daemon is not started)
    openssh-server   # tests: the private sshd the SSH transport and mtr over SSH are tested against
    openssh-client   # tests and benchmarks: ssh-keygen for the test keys; ssh, the peer of the SSH benchmark
    mtr-tiny         # tests: the mtr that mtr over SSH runs on the remote side
    python3-aiosmtpd # tests: the SMTP server notifier.email is tested against (STARTTLS, TLS, AUTH)
    mmdb-bin         # benchmarks: mmdblookup, the peer of the GeoIP lookup benchmark
    chromium         # tests: the browser the web interface is tested in (headless)
    chromium-driver  # tests: WebDriver for chromium (Selenium from PyPI drives it)
    python3-venv     # tests: mmdb-writer (PyPI, pinned) writes the test GeoIP databases; schemathesis (PyPI, pinned) in a virtual environment under .build
  )
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all Debian packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600)
echo "install-deps: installing ${missing[*]}"

# policy-rc.d answering 101 stops package scripts from starting services; only one we made
# is removed again.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then "${sudo[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
