#!/usr/bin/env python3
"""Agents (issue 19), three measurements against a release `vantage serve` on loopback:

1. load: N simulated agents (default 500) speaking the agent protocol over WebSockets
   (enrol with the shared secret, approved through the API, credential, then one `results`
   frame of one result every 1/RATE s each, default 2/s): server CPU per 1,000 results, p50
   and p99 from a frame's send to its `ack`, the server's RSS.
2. idle: a real `vantage agent` running 100 TCP monitors (60 s interval, a loopback
   listener): its RSS and CPU over a window, beside the server's own idle figures.
3. drain: the same agent's spool filled with 100,000 results while it is stopped, then
   started: results per second until the spool is empty, and the server's count after.

  swift build -c release --product vantage
  pip install websockets
  python3 Benchmarks/agent_bench.py --binary .build/release/vantage [--agents 500] [--seconds 30]
"""
import argparse, asyncio, json, os, sqlite3, subprocess, sys, tempfile, time, uuid

import websockets

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import LISTENER, Server, cpu_seconds, free_port, rss_kib  # noqa: E402

AGENT_SECRET = "agent-benchmark-secret-0123456789"
PLUGINS = [{"plugin": "store.sqlite"}, {"plugin": "probe.tcp"},
           {"plugin": "auth.password", "config": {"bcryptCost": 10}}, {"plugin": "auth.jwt"}, {"plugin": "auth.api_key"}]


def headers(agent_id, credential=None):
    h = {"X-Vantage-Agent-Id": agent_id, "X-Vantage-Agent-Name": "sim-" + agent_id[:8], "X-Vantage-Agent-Version": "bench",
         "X-Vantage-Agent-Plugins": "tcp", "X-Vantage-Agent-Secret": AGENT_SECRET}
    if credential:
        h["Authorization"] = "Bearer " + credential
    return h


def result(sequence, monitor):
    return {"sequence": sequence, "record": {"tenantID": str(uuid.uuid4()), "monitorID": monitor, "kind": "tcp", "target": "x",
                                             "startedAt": time.time() - 978307200, "duration": 0.001,
                                             "result": {"status": "up", "latency": 0.0005, "metrics": {"connect_seconds": 0.0005}, "details": {}}},
            "state": {"status": "up", "consecutiveFailures": 0, "consecutiveSuccesses": sequence}}


async def simulated_agent(url, server, monitor, ready, start, stop, latencies, counts):
    agent_id = str(uuid.uuid4())
    async with websockets.connect(url, additional_headers=headers(agent_id), max_size=4 << 20, open_timeout=60) as ws:
        json.loads(await ws.recv())  # welcome, pending
        ready.append(agent_id)
        while True:  # approval: welcome (approved), credential, assignment
            frame = json.loads(await ws.recv())
            if frame["type"] == "credential":
                await ws.send(json.dumps({"type": "credential.saved"}))
            if frame["type"] == "assign":
                break
        await start.wait()
        epoch, sequence, sent = str(uuid.uuid4()), 0, {}
        interval = 1 / counts["rate"]
        await asyncio.sleep(interval * (hash(agent_id) % 1000) / 1000)

        async def sender():
            nonlocal sequence
            while not stop.is_set():
                sequence += 1
                sent[sequence] = time.perf_counter()
                await ws.send(json.dumps({"type": "results", "epoch": epoch, "results": [result(sequence, monitor)]}))
                await asyncio.sleep(interval)

        task = asyncio.create_task(sender())
        try:
            while not stop.is_set():
                try:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=1))
                except asyncio.TimeoutError:
                    continue
                if frame["type"] == "ack":
                    at = sent.pop(frame["sequence"], None)
                    if at is not None and counts["measuring"]:
                        latencies.append(time.perf_counter() - at)
                        counts["acked"] += 1
        finally:
            task.cancel()


async def load(args, server, monitor):
    url = f"ws://127.0.0.1:{server.port}/api/v1/agents/connect"
    ready, latencies, counts = [], [], {"acked": 0, "measuring": False, "rate": args.rate}
    start, stop = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(simulated_agent(url, server, monitor, ready, start, stop, latencies, counts)) for _ in range(args.agents)]
    while len(ready) < args.agents:
        await asyncio.sleep(0.1)
    loop = asyncio.get_running_loop()
    for agent_id in ready:
        status, reply = await loop.run_in_executor(None, server.call, "PUT", f"/api/v1/agents/{agent_id}/approve", {"labels": ["bench"]})
        assert status == 200, reply
    start.set()
    await asyncio.sleep(5)  # warm-up
    counts["measuring"] = True
    cpu0, t0 = cpu_seconds(server.process.pid), time.perf_counter()
    gen0 = cpu_seconds(os.getpid())
    lags = []

    async def loop_lag():
        # How late the generator's own event loop runs a 10 ms timer: the part of a
        # send->ack time that is the load generator's, not the server's.
        while counts["measuring"]:
            at = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - at - 0.01)

    lag_task = asyncio.create_task(loop_lag())
    await asyncio.sleep(args.seconds)
    counts["measuring"] = False
    await lag_task
    generator = cpu_seconds(os.getpid()) - gen0
    cpu, elapsed, acked = cpu_seconds(server.process.pid) - cpu0, time.perf_counter() - t0, counts["acked"]
    rss = rss_kib(server.process.pid)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")
    print(f"load: {args.agents} agents x {args.rate}/s for {elapsed:.0f} s: {acked / elapsed:.0f} results/s acknowledged, "
          f"server CPU {cpu / max(acked / 1000, 1e-9):.3f} s per 1,000 results ({cpu / elapsed * 100:.0f} % of a core), "
          f"send->ack p50 {q(0.5):.1f} ms p99 {q(0.99):.1f} ms, server RSS {rss / 1024:.0f} MiB")
    lags.sort()
    print(f"load: the generator used {generator / elapsed * 100:.0f} % of a core; its event loop ran a 10 ms timer late by "
          f"p50 {lags[len(lags) // 2] * 1000:.1f} ms, p99 {lags[int(0.99 * len(lags))] * 1000:.1f} ms")


def start_agent(args, server, directory, data):
    config = os.path.join(directory, "agent.json")
    with open(config, "w") as f:
        json.dump({"scheduler": {"jitter": 0.5}, "plugins": [{"plugin": "probe.tcp"}]}, f)
    return subprocess.Popen([args.binary, "agent", "--server", f"http://127.0.0.1:{server.port}", "--data-dir", data, "--config", config,
                             "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "VANTAGE_AGENT_SECRET": AGENT_SECRET})


def wait_for(condition, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def idle_and_drain(args, server, directory):
    target = free_port()
    listener = subprocess.Popen([sys.executable, "-c", LISTENER, str(target)], stdout=subprocess.PIPE, text=True)
    listener.stdout.readline()
    data = os.path.join(directory, "agent-data")
    agent = start_agent(args, server, directory, data)
    wait_for(lambda: os.path.exists(os.path.join(data, "agent.id")))
    agent_id = open(os.path.join(data, "agent.id")).read().strip()
    wait_for(lambda: server.call("GET", f"/api/v1/agents/{agent_id}")[0] == 200)
    status, reply = server.call("PUT", f"/api/v1/agents/{agent_id}/approve", {"labels": ["real"]})
    assert status == 200, reply
    monitors = [server.call("POST", "/api/v1/monitors", {"name": f"real-{i}", "kind": "tcp", "target": f"127.0.0.1:{target}",
                                                        "interval": 60, "timeout": 5, "locations": ["real"]})[1]["id"] for i in range(100)]
    time.sleep(10)
    a_cpu, s_cpu, t0 = cpu_seconds(agent.pid), cpu_seconds(server.process.pid), time.perf_counter()
    time.sleep(args.idle_seconds)
    elapsed = time.perf_counter() - t0
    print(f"idle: agent with 100 monitors: RSS {rss_kib(agent.pid) / 1024:.1f} MiB, CPU {(cpu_seconds(agent.pid) - a_cpu) / elapsed * 100:.2f} % "
          f"over {elapsed:.0f} s; the server meanwhile: RSS {rss_kib(server.process.pid) / 1024:.1f} MiB, "
          f"CPU {(cpu_seconds(server.process.pid) - s_cpu) / elapsed * 100:.2f} %")

    # Drain: stop the agent, fill its spool with 100,000 results, start it again.
    agent.terminate()
    agent.wait(timeout=30)
    db = sqlite3.connect(os.path.join(data, "spool.sqlite"))
    rows = [(time.time(), json.dumps(result(0, monitors[i % len(monitors)])).encode()) for i in range(args.queued)]
    db.executemany("INSERT INTO spool (at, size, payload) VALUES (?, length(?2), ?2)", rows)
    db.commit()
    queued = db.execute("SELECT count(*) FROM spool").fetchone()[0]
    db.close()
    before = stored_count(server, agent_id)
    t0 = time.perf_counter()
    agent = start_agent(args, server, directory, data)
    spool = os.path.join(data, "spool.sqlite")
    drained = wait_for(lambda: sqlite3.connect(spool).execute("SELECT count(*) FROM spool").fetchone()[0] == 0, seconds=600)
    elapsed = time.perf_counter() - t0
    stored = stored_count(server, agent_id) - before
    print(f"drain: {queued} queued results delivered in {elapsed:.1f} s ({queued / elapsed:.0f} results/s, from the agent's start); "
          f"drained={drained}, the server stored {stored} more results of this agent")
    agent.terminate()
    listener.terminate()


def stored_count(server, agent_id):
    db = sqlite3.connect(os.path.join(server.directory, "data", "vantage.sqlite"))
    try:
        return db.execute("SELECT count(*) FROM results WHERE location = ?", (agent_id,)).fetchone()[0]
    finally:
        db.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--rate", type=float, default=2)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--queued", type=int, default=100_000)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--only-load", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        server = Server(args.binary, directory, plugins=PLUGINS, env={"VANTAGE_AGENT_SECRET": AGENT_SECRET},
                        sections={"agents": {"heartbeatSeconds": 15, "offlineAfterSeconds": 60}})
        server.directory = directory
        try:
            server.register()
            status, monitor = server.call("POST", "/api/v1/monitors", {"name": "sim", "kind": "tcp", "target": "127.0.0.1:9",
                                                                       "interval": 60, "timeout": 5, "locations": ["bench"]})
            assert status == 201, monitor
            if not args.skip_load:
                asyncio.run(load(args, server, monitor["id"]))
            if not args.only_load:
                idle_and_drain(args, server, directory)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
