"""The web interface at 100 and 10,000 monitors, measured in headless Chromium with the
Performance API: bytes transferred for the first load of the monitor list (cache cleared),
time until the list is interactive (the page's 'vantage:monitor-list-interactive' mark, from
navigation start), and search latency (the page's 'vantage:monitor-search' measure, from the
last keystroke to the matching rows on screen), and the filtered listing through the API alone.

    .build/browser-venv/bin/python Benchmarks/WebUI/bench_web.py [--bin .build/release] [--runs 5] [--postgres URL]

With --postgres, the server stores in that PostgreSQL database (store.postgres) instead of
the default Plugins.json's SQLite file; the database should be empty.

Needs the release `vantage` (swift build -c release --product vantage), chromium and
chromium-driver (scripts/install-deps.sh --tests) and Selenium (scripts/browser-tests.sh makes
the virtual environment). Everything runs on loopback."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "Browser"))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import harness  # noqa: E402


def call(url, method="GET", body=None, token=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def import_monitors(server, tenant, start, count):
    path = Path(server.directory) / f"monitors-{start}.ndjson"
    with open(path, "w") as file:
        for index in range(start, start + count):
            file.write(json.dumps({"name": f"service-{index:05d} api", "kind": "tcp", "target": f"127.0.0.1:{20000 + index % 1000}",
                                   "interval": 3600, "tags": ["edge" if index % 10 == 0 else "core", f"team-{index % 7}"]}) + "\n")
    environment = dict(os.environ, VANTAGE_SERVER_DATA_DIRECTORY=server.directory, VANTAGE_JWT_SECRET="browser-tests-jwt-secret-of-enough-length-0123")
    subprocess.run([str(harness.BIN / "vantage"), "monitors", "import", "--config", server.config, "--tenant", tenant, str(path)],
                   check=True, env=environment, cwd=server.directory, stdout=subprocess.DEVNULL)


def wait_for_entry(driver, kind, name, timeout=60):
    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        f"const e = performance.getEntriesByName('{name}', '{kind}'); return e.length ? e[e.length - 1].toJSON() : null"))


def first_load(driver, url):
    """One cold load of the list: (bytes transferred, ms to interactive)."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.get("about:blank")
    driver.get(url)
    mark = wait_for_entry(driver, "mark", "vantage:monitor-list-interactive")
    time.sleep(0.5)  # the bars of the rows in view
    transferred = driver.execute_script("""
        const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
        return entries.reduce((sum, e) => sum + (e.transferSize || 0), 0);""")
    return transferred, mark["startTime"]


def search(driver, text):
    box = driver.find_element(By.CSS_SELECTOR, "input[name=q]")
    driver.execute_script("performance.clearMeasures('vantage:monitor-search')")
    box.clear()
    driver.execute_script("performance.clearMeasures('vantage:monitor-search')")
    box.send_keys(text)
    return wait_for_entry(driver, "measure", "vantage:monitor-search")["duration"]


def api_search(server, token, queries, runs):
    """The filtered listing alone: `GET /api/v1/monitors?q=...&limit=100`, median ms per query."""
    times = []
    for query in queries:
        for _ in range(runs):
            started = time.perf_counter()
            call(f"{server.url}/api/v1/monitors?q={urllib.parse.quote(query)}&limit=100", token=token)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(driver, url, runs, queries):
    loads = [first_load(driver, url) for _ in range(runs)]
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    driver.get(url)
    wait_for_entry(driver, "mark", "vantage:monitor-list-interactive")
    searches = [search(driver, query) for query in queries]
    return {
        "bytes": statistics.median(b for b, _ in loads),
        "interactive_ms": statistics.median(t for _, t in loads),
        "interactive_ms_max": max(t for _, t in loads),
        "search_ms": statistics.median(searches),
        "search_ms_max": max(searches),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL URL: store.postgres instead of store.sqlite")
    arguments = parser.parse_args()
    harness.BIN = Path(arguments.bin)
    config = None
    if arguments.postgres:
        plugins = json.loads((ROOT / "Plugins.json").read_text())
        plugins["plugins"] = [{"plugin": "store.postgres", "config": {"url": arguments.postgres}} if p["plugin"] == "store.sqlite" else p
                              for p in plugins["plugins"]]
        config = Path(tempfile.mkdtemp(prefix="vantage-bench-")) / "Plugins.json"
        config.write_text(json.dumps(plugins))
    server = harness.Server(config)
    driver = harness.browser()
    try:
        answer = call(f"{server.url}/api/v1/auth/register", "POST", {"email": "bench@example.org", "username": "bench", "password": "measure-pass-42"})
        me = call(f"{server.url}/api/v1/auth/me", token=answer["token"])
        tenant = me["tenants"][0]["id"]
        driver.get(f"{server.url}/#/signin")
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=login]"))
        driver.find_element(By.CSS_SELECTOR, "input[name=login]").send_keys("bench")
        driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys("measure-pass-42")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 20).until(lambda d: "Monitors" in d.find_element(By.TAG_NAME, "h1").text)
        url = f"{server.url}/#/monitors"
        queries = ["service-00042", "edge", "team-3 api", "nothing-matches", "service-0"]
        results = {}
        import_monitors(server, tenant, 0, 100)
        results[100] = measure(driver, url, arguments.runs, queries)
        results[100]["api_search_ms"] = api_search(server, answer["token"], queries, arguments.runs)
        import_monitors(server, tenant, 100, 9900)
        results[10000] = measure(driver, url, arguments.runs, queries)
        results[10000]["api_search_ms"] = api_search(server, answer["token"], queries, arguments.runs)
        print(json.dumps(results, indent=2))
        print("\n| monitors | first load (bytes) | interactive (median / max ms) | search (median / max ms) | API search (median ms) |")
        print("|---:|---:|---:|---:|---:|")
        for count, r in results.items():
            print(f"| {count:,} | {r['bytes']:,.0f} | {r['interactive_ms']:.0f} / {r['interactive_ms_max']:.0f} | {r['search_ms']:.0f} / {r['search_ms_max']:.0f} | {r['api_search_ms']:.1f} |")
    finally:
        driver.quit()
        server.stop()


if __name__ == "__main__":
    main()
