#!/usr/bin/env python3
"""Delay from an alerting rule turning firing to the webhook receiving it, through `metrics all`.

N rules `vector(time()) > T0 + k*spacing` turn firing one after another; each alert is its own group
(group_by: [alertname]), so each is sent once group_wait after it reaches the alert manager.
For each webhook call: delay = receipt time - alert startsAt (the evaluation that made it fire),
and the excess over group_wait, which the issue's goal bounds at 100 ms.

Usage: python3 firing_delay.py --binary PATH/metrics.dll [--rules 10] [--group-wait 1] [--spacing 2]
Only 127.0.0.1 is used; the run is bounded by T0 + rules*spacing + 60 s.
"""
import argparse, json, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time, urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_rfc3339(text):
    # Go writes up to 9 fractional digits; Python takes 6.
    main, _, frac = text.rstrip("Z").partition(".")
    frac = (frac + "000000")[:6]
    return datetime.fromisoformat(f"{main}.{frac}+00:00").timestamp()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True, help="path to metrics.dll (Release build recommended)")
    ap.add_argument("--rules", type=int, default=10)
    ap.add_argument("--group-wait", type=float, default=1.0)
    ap.add_argument("--spacing", type=float, default=2.0)
    args = ap.parse_args()

    received = []
    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            t = time.time()
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append((t, body))
            self.send_response(200); self.end_headers()
        def log_message(self, *a):
            pass
    hook = HTTPServer(("127.0.0.1", free_port()), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()

    work = tempfile.mkdtemp(prefix="firing-delay-")
    port = free_port()
    t0 = time.time() + 15
    rules = "\n".join(
        f"      - alert: Step{k}\n        expr: vector(time()) > {t0 + k * args.spacing:.3f}" for k in range(args.rules))
    with open(os.path.join(work, "rules.yml"), "w") as f:
        f.write(f"groups:\n  - name: delay\n    interval: 1s\n    rules:\n{rules}\n")
    with open(os.path.join(work, "metrics.yml"), "w") as f:
        f.write("global:\n  evaluation_interval: 1s\nrule_files: [rules.yml]\n")
    with open(os.path.join(work, "alertmanager.yml"), "w") as f:
        f.write(f"route:\n  receiver: hook\n  group_by: [alertname]\n  group_wait: {args.group_wait:g}s\n"
                f"  group_interval: 5m\nreceivers:\n  - name: hook\n    webhook_configs:\n"
                f"      - url: http://127.0.0.1:{hook.server_port}/\n")
    proc = subprocess.Popen(["dotnet", args.binary, "all", "--config.file", os.path.join(work, "metrics.yml"),
                             "--alertmanager.config.file", os.path.join(work, "alertmanager.yml"),
                             "--web.listen-address", f"127.0.0.1:{port}", "--storage.tsdb.path", os.path.join(work, "data")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = t0 + args.rules * args.spacing + 60
        while len(received) < args.rules and time.time() < deadline:
            time.sleep(0.2)
    finally:
        proc.kill(); proc.wait(); hook.shutdown(); shutil.rmtree(work, ignore_errors=True)

    delays = []
    for t, body in received:
        for alert in body["alerts"]:
            d = t - parse_rfc3339(alert["startsAt"])
            delays.append(d)
            print(f"{alert['labels']['alertname']:8} delay {d*1000:8.1f} ms  over group_wait {(d - args.group_wait)*1000:7.1f} ms")
    if len(delays) < args.rules:
        print(f"only {len(delays)} of {args.rules} alerts arrived", file=sys.stderr)
        return 1
    over = [(d - args.group_wait) * 1000 for d in delays]
    print(f"{len(delays)} alerts; delay over group_wait: median {statistics.median(over):.1f} ms, max {max(over):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
