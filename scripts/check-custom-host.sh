#!/usr/bin/env bash
# Builds the "your own host" package of Examples/CustomHost/README.md from the README's own
# snippets (Package.swift, main.swift, Plugins.json), with the dependency pointed at this
# checkout, then runs it: `plugins`, `config check`, and `serve` until /health answers and a
# first registration succeeds. So the snippet a user copies cannot drift from what builds.
# A full build of the dependencies in a separate package: several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/vantage-custom-host.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# The dependency's identity is the last part of its path: make it `vantage`, as in the README.
mkdir -p "$work/deps" "$work/pkg"
ln -s "$root" "$work/deps/vantage"
python3 - "$root/Examples/CustomHost/README.md" "$work/pkg" "$work/deps/vantage" <<'PY'
import os, re, sys
readme, target, dependency = sys.argv[1:4]
text = open(readme).read()
blocks = re.findall(r"<!-- built: (\S+) -->\n```\w*\n(.*?)```", text, re.S)
assert {name for name, _ in blocks} == {"Package.swift", "Sources/my-vantage/main.swift", "Plugins.json"}, blocks
for name, body in blocks:
    if name == "Package.swift":
        line = '.package(url: "https://github.com/your-org/vantage.git", branch: "main")'
        assert line in body, "the README's dependency line changed: update scripts/check-custom-host.sh"
        body = body.replace(line, '.package(path: "%s")' % dependency)
    path = os.path.join(target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(body)
PY
cd "$work/pkg"
echo "check-custom-host: building the README's package in $work/pkg"
swift build 2>&1 | tail -3
host=.build/debug/my-vantage
"$host" plugins
"$host" config check Plugins.json
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
VANTAGE_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n') "$host" serve --config Plugins.json --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" 2>/dev/null && break
  sleep 0.2
done
python3 - "$port" <<'PY'
import json, sys, urllib.request
body = json.dumps({"email": "admin@example.org", "username": "admin", "password": "custom-host-pass-1"}).encode()
request = urllib.request.Request("http://127.0.0.1:%s/api/v1/auth/register" % sys.argv[1], data=body, headers={"Content-Type": "application/json"})
reply = json.load(urllib.request.urlopen(request))
assert reply["user"]["isAdmin"] is True, reply
print("check-custom-host: the README's host serves; first registration made administrator", reply["user"]["username"])
PY
