#!/usr/bin/env python3
"""Side-by-side alert ingestion: `metrics alertmanager run` vs prometheus-alertmanager 0.25.

Both servers get the same pre-encoded POST /api/v2/alerts batches from N concurrent clients; we report
alerts accepted per second, check every alert is queryable afterwards, and read each server's peak RSS
(VmHWM). Servers run on 127.0.0.1 and are killed by pid at the end, whatever happens.
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

CONFIG = """route:
  receiver: sink
  group_by: [alertname, job]
  group_wait: 30s
  group_interval: 5m
  routes:
    - matchers: ['severity="page"']
      receiver: pager
inhibit_rules:
  - source_matchers: [severity=page]
    target_matchers: [severity=warn]
    equal: [instance]
receivers:
  - name: sink
  - name: pager
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_batches(total, batch):
    """Distinct alerts (one per instance), encoded once before any clock starts."""
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    bodies = []
    for start in range(0, total, batch):
        alerts = []
        for i in range(start, min(start + batch, total)):
            alerts.append({
                "labels": {"alertname": f"Alert{i % 50}", "job": f"job{i % 10}", "instance": f"host-{i}:9100",
                           "severity": "page" if i % 20 == 0 else "warn"},
                "annotations": {"summary": f"instance host-{i} is in trouble", "runbook": "https://runbooks.example/x"},
                "startsAt": now,
                "generatorURL": f"http://prometheus.example/graph?g0.expr=up%7Binstance%3D%22host-{i}%22%7D",
            })
        bodies.append(json.dumps(alerts).encode())
    return bodies


def peak_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_ready(port, proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/-/ready")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server not ready in time")


def load(port, bodies, clients):
    """Sends every body once, spread over `clients` keep-alive connections; returns (seconds, errors)."""
    errors = []
    lock = threading.Lock()
    next_index = [0]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(bodies):
                return
            conn.request("POST", "/api/v2/alerts", bodies[i], {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                with lock:
                    errors.append(r.status)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, errors


def count_alerts(port):
    """How many alerts GET /api/v2/alerts lists, and how long it took; (-1, t) when it did not answer within 300 s."""
    t0 = time.perf_counter()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        c.request("GET", "/api/v2/alerts")
        return len(json.loads(c.getresponse().read())), time.perf_counter() - t0
    except (OSError, ValueError):
        return -1, time.perf_counter() - t0


def run_server(name, argv, port, bodies, clients, total, log_path):
    with open(log_path, "w") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(port, proc)
        warm = bodies[:2]
        load(port, warm, 1)                       # JIT / first-request warm-up, same for both
        seconds, errors = load(port, bodies, clients)
        rss_after_load = peak_rss_kb(proc.pid) / 1024
        stored, query_seconds = count_alerts(port)
        result = {"server": name, "seconds": seconds, "alerts_per_s": total / seconds, "errors": len(errors),
                  "alerts_queryable": stored, "query_seconds": query_seconds, "peak_rss_mb_after_load": rss_after_load,
                  "peak_rss_mb": peak_rss_kb(proc.pid) / 1024}
        print(json.dumps(result), file=sys.stderr, flush=True)
        return result
    finally:
        proc.kill()
        proc.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--alerts", type=int, default=50_000, help="distinct alerts in total (default 50000)")
    ap.add_argument("--batch", type=int, default=250, help="alerts per POST, 100-500 (default 250)")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs of each server (default 3); medians are reported")
    ap.add_argument("--workdir", default="/tmp/ambench")
    ap.add_argument("--skip-build", action="store_true")
    a = ap.parse_args()
    if not 100 <= a.batch <= 500:
        sys.exit("--batch must be within 100-500")
    os.makedirs(a.workdir, exist_ok=True)
    binary = os.path.join(a.workdir, "metrics-bin", "metrics.dll")
    if not a.skip_build:
        # ReadyToRun: precompiled as it would be deployed (as bench/query does), so the first batches do not
        # run unoptimised JIT code.
        subprocess.run(["dotnet", "publish", os.path.join(REPO, "src", "Host"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                        "-p:PublishReadyToRun=true", "-o", os.path.dirname(binary),
                        "--artifacts-path", os.path.join(a.workdir, "artifacts")], check=True, stdout=subprocess.DEVNULL)
    run = os.path.join(a.workdir, time.strftime("run-%Y%m%d-%H%M%S"))
    os.makedirs(run)
    cfg = os.path.join(run, "alertmanager.yml")
    with open(cfg, "w") as f:
        f.write(CONFIG)
    bodies = build_batches(a.alerts, a.batch)
    results = []
    # Rounds alternate the two servers, so a change in machine load hits both alike; each round starts fresh processes.
    for round_no in range(1, a.rounds + 1):
        port = free_port()
        results.append(dict(round=round_no, **run_server(
            "metrics", ["dotnet", binary, "alertmanager", "run", "--config.file", cfg, "--storage.path",
                        os.path.join(run, f"ours-{round_no}"), "--web.listen-address", f"127.0.0.1:{port}"],
            port, bodies, a.clients, a.alerts, os.path.join(run, f"metrics-{round_no}.log"))))
        port = free_port()
        results.append(dict(round=round_no, **run_server(
            "alertmanager-0.25", ["prometheus-alertmanager", "--config.file", cfg, "--storage.path",
                                  os.path.join(run, f"real-{round_no}"), "--web.listen-address", f"127.0.0.1:{port}",
                                  "--cluster.listen-address="],
            port, bodies, a.clients, a.alerts, os.path.join(run, f"alertmanager-{round_no}.log"))))
    lines = [f"alerts={a.alerts} batch={a.batch} clients={a.clients} rounds={a.rounds}", "",
             "| round | server | alerts/s | seconds | errors | GET /api/v2/alerts lists | GET seconds | peak RSS MB after load | peak RSS MB incl. GET |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['round']} | {r['server']} | {r['alerts_per_s']:.0f} | {r['seconds']:.2f} | {r['errors']} | {r['alerts_queryable']} | "
                     f"{r['query_seconds']:.1f} | {r['peak_rss_mb_after_load']:.0f} | {r['peak_rss_mb']:.0f} |")
    ours = [r for r in results if r["server"] == "metrics"]
    real = [r for r in results if r["server"] != "metrics"]
    rate = lambda rs: statistics.median(r["alerts_per_s"] for r in rs)
    rss = lambda rs: statistics.median(r["peak_rss_mb_after_load"] for r in rs)
    per_round = [o["alerts_per_s"] / r["alerts_per_s"] for o, r in zip(ours, real)]
    lines.append("")
    lines.append(f"median alerts/s: ours {rate(ours):.0f}, real {rate(real):.0f} ({rate(ours) / rate(real):.2f}x); "
                 f"per-round ratios {', '.join(f'{x:.2f}x' for x in per_round)}")
    lines.append(f"median peak RSS after load: ours {rss(ours):.0f} MB, real {rss(real):.0f} MB ({rss(ours) / rss(real):.2f}x)")
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(run, "summary.md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(run, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    for round_no in range(1, a.rounds + 1):
        shutil.rmtree(os.path.join(run, f"ours-{round_no}"), ignore_errors=True)
        shutil.rmtree(os.path.join(run, f"real-{round_no}"), ignore_errors=True)


if __name__ == "__main__":
    main()
