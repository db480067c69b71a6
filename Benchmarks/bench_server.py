"""What the process-level benchmarks share: free ports, a process's RSS and CPU time, a
`vantage serve` under test (`Server`), the loopback TCP listener, and reading counters and
histograms from `/metrics` text. Imported by serve_bench.py, pg_bench.py and web_bench.py."""
import http.client, json, os, re, socket, subprocess, time

TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


SECRET = "benchmark-secret-" + "0123456789" * 4


class Server:
    def __init__(self, binary, directory, server_settings=None, bcrypt_cost=10, plugins=None, scheduler=None, extra_args=(), sections=None,
                 env=None):
        self.port = free_port()
        config = {"server": {"listen": f"127.0.0.1:{self.port}", "dataDirectory": os.path.join(directory, "data"),
                             "rateLimits": [], **(server_settings or {})},
                  "plugins": plugins or [{"plugin": "store.sqlite"}, {"plugin": "probe.tcp"}, {"plugin": "probe.dns"}, {"plugin": "probe.icmp"},
                                         {"plugin": "auth.password", "config": {"bcryptCost": bcrypt_cost, "loginAttemptsPerAccount": 100000,
                                                                                 "loginAttemptsPerAddress": 100000}},
                                         {"plugin": "auth.jwt"}, {"plugin": "auth.api_key"}]}
        if scheduler:
            config["scheduler"] = scheduler
        config.update(sections or {})
        path = os.path.join(directory, "Plugins.json")
        with open(path, "w") as f:
            json.dump(config, f)
        self.started = time.perf_counter()
        self.process = subprocess.Popen([binary, "serve", "--config", path, "--log-level", "warning", *extra_args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env={**os.environ, "VANTAGE_JWT_SECRET": SECRET, **(env or {})})
        self.ready_after = self.wait_healthy()
        self.token = None

    def call(self, method, path, body=None, headers=None):
        c = self.connection()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if self.token and "X-API-Key" not in all_headers:
            all_headers["Authorization"] = f"Bearer {self.token}"
        c.request(method, path, json.dumps(body) if body is not None else None, all_headers)
        response = c.getresponse()
        return response.status, json.loads(response.read() or b"null")

    def register(self):
        status, reply = self.call("POST", "/api/v1/auth/register",
                                  {"email": "bench@example.org", "username": "bench", "password": "load-test-passphrase-1"})
        if status != 201:
            raise RuntimeError(f"register failed: {status} {reply}")
        self.token = reply["token"]

    def login(self):
        status, reply = self.call("POST", "/api/v1/auth/login", {"login": "bench", "password": "load-test-passphrase-1"})
        if status != 200:
            raise RuntimeError(f"login failed: {status} {reply}")
        self.token = reply["token"]

    def tenant(self):
        status, reply = self.call("GET", "/api/v1/auth/me")
        return reply["tenants"][0]["id"]

    def wait_healthy(self):
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.002)
        raise RuntimeError("server did not answer /health")

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def metrics(self):
        c = self.connection()
        c.request("GET", "/metrics", headers={"Authorization": f"Bearer {self.token}"} if self.token else {})
        return c.getresponse().read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


LISTENER = r"""
import socket, sys, threading
# A blocking accept-and-close loop per port: the kernel does the work and the GIL is released
# in accept and close, about 10 µs a connection (asyncio spent several times that and fell
# behind at 5,000 connections/s on this 2-core machine).
def serve(port):
    listener = socket.create_server(("127.0.0.1", port), backlog=4096)
    while True:
        connection, _ = listener.accept()
        connection.close()
for port in sys.argv[1:]:
    threading.Thread(target=serve, args=(int(port),), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
"""


def histogram(text, name):
    buckets = {}
    for le, value in re.findall(name + r'_bucket\{le="([^"]+)"\} ([0-9.e+]+)', text):
        buckets[float("inf") if le == "+Inf" else float(le)] = float(value)
    return buckets


def counter(text, pattern):
    return sum(float(v) for v in re.findall(pattern + r" ([0-9.e+]+)", text))
