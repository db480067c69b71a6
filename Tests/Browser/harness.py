"""A real `vantage serve` (and, when asked, a `vantage agent`) for browser tests, and a headless
Chromium driven by Selenium that records its console and every request it makes."""
import http.server
import json
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VANTAGE_BIN_DIR", ROOT / ".build" / "debug"))
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / ".build" / "browser-artifacts"))
AGENT_SECRET = "a-browser-test-agent-secret-0123456789"


# Where the test GeoIP database puts addresses: loopback (the traceroute's hops) and the two
# documentation networks the connections flow ingests. enricher.geoip reads it from the
# server's data directory (geoip/), as it would a MaxMind download.
GEOIP_NETWORKS = [
    ("127.0.0.0/8", "FR", "France", "Paris", 48.8566, 2.3522),
    ("198.51.100.0/24", "JP", "Japan", "Tokyo", 35.6762, 139.6503),
    ("203.0.113.0/24", "BR", "Brazil", "São Paulo", -23.5505, -46.6333),
]


def write_geoip(path):
    """A GeoLite2-City database of GEOIP_NETWORKS, written by PyPI mmdb-writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = {"databaseType": "GeoLite2-City", "networks": [
        {"network": network, "record": {"country": {"iso_code": code, "names": {"en": country}}, "city": {"names": {"en": city}},
                                        "location": {"latitude": latitude, "longitude": longitude}}}
        for network, code, country, city, latitude, longitude in GEOIP_NETWORKS]}
    spec_path = path.parent / "spec.json"
    spec_path.write_text(json.dumps(spec))
    python = subprocess.check_output(["bash", str(ROOT / "Tests/Fixtures/geoip/fixture-python.sh")], text=True).strip()
    subprocess.check_call([python, str(ROOT / "Tests/Fixtures/geoip/write-mmdb.py"), str(spec_path), str(path)])
    spec_path.unlink()


class SSHServer:
    """The tests' private OpenSSH server (Tests/Fixtures/ssh/sshd-server.sh) on a free loopback
    port, with the fixture accounts; vssh-password signs in with "fixture-pass". Stopped when
    this process exits."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="vantage-browser-sshd-")
        self.port = free_port()
        subprocess.check_call(["bash", str(ROOT / "Tests/Fixtures/ssh/sshd-server.sh"), "start", self.directory, str(os.getpid()), str(self.port)],
                              stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.call(["bash", str(ROOT / "Tests/Fixtures/ssh/sshd-server.sh"), "stop", self.directory], stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`vantage serve --config Plugins.json` (the default plugins, or `config`) on a free
    loopback port."""

    def __init__(self, config=None):
        self.config = str(config or ROOT / "Plugins.json")
        self.directory = tempfile.mkdtemp(prefix="vantage-browser-")
        self.log_path = Path(self.directory) / "serve.log"
        write_geoip(Path(self.directory) / "geoip" / "GeoLite2-City.mmdb")
        environment = dict(os.environ,
                           VANTAGE_SERVER_LISTEN="127.0.0.1:0",
                           VANTAGE_SERVER_DATA_DIRECTORY=self.directory,
                           VANTAGE_JWT_SECRET="browser-tests-jwt-secret-of-enough-length-0123",
                           VANTAGE_AGENT_SECRET=AGENT_SECRET)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(BIN / "vantage"), "serve", "--config", self.config],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=environment, cwd=self.directory)
        deadline = time.time() + 60
        while time.time() < deadline:
            match = re.search(r"address=[0-9.]+:(\d+)", self.log_path.read_text())
            if match:
                self.port = int(match.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"vantage serve did not start: {self.log_path.read_text()}")

    def agent(self, name):
        """Starts `vantage agent` that enrolls with this server (pending until approved)."""
        data = tempfile.mkdtemp(prefix="vantage-browser-agent-")
        log = open(Path(data) / "agent.log", "w")
        environment = dict(os.environ, VANTAGE_AGENT_SECRET=AGENT_SECRET)
        return subprocess.Popen([str(BIN / "vantage"), "agent", "--server", self.url, "--data-dir", data,
                                 "--config", str(ROOT / "Plugins.json"), "--name", name],
                                stdout=log, stderr=subprocess.STDOUT, env=environment)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Receiver:
    """A webhook receiver on 127.0.0.1 that keeps what it was sent."""

    def __init__(self):
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                received.append({"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


class Listener:
    """A TCP port that accepts connections, for a monitor that should be up."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
                connection.close()
            except OSError:
                return


def browser():
    """Headless Chromium with its background services off, logging console and network."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                     "--disable-sync", "--disable-extensions", "--metrics-recording-only", "--disable-domain-reliability",
                     "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                     "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(0)
    return driver


def requested_urls(driver):
    """Every URL the page asked for since the last call (from the DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message.get("method") == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls
