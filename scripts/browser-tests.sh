#!/usr/bin/env bash
# The web interface's browser tests: headless Chromium (Debian chromium + chromium-driver)
# driven by Selenium (PyPI, in .build/browser-venv) against a real `vantage serve` on
# loopback. Screenshots go to .build/browser-artifacts (BROWSER_ARTIFACTS to change).
# Needs the built `vantage` (swift build), which scripts/test.sh has done.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
venv=.build/browser-venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c 'import selenium' 2>/dev/null || "$venv/bin/pip" install -q 'selenium>=4.15,<5'
cd Tests/Browser
exec "../../$venv/bin/python" -m unittest -v "${@:-test_flows}"
