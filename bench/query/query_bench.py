#!/usr/bin/env python3
"""Side-by-side PromQL range-query benchmark: `metrics all` vs the real Prometheus 2.42.

Called by run.sh (which adds a kill-everything trap); see README.md in this folder.
Steps: dataset (cached in /tmp/sbs/datasets, shared with bench/storage) -> Release build ->
Prometheus blocks (promtool, cached per dataset) and our blocks (metrics tsdb import, redone
for every build) -> for each server, one after the other: copy the blocks into a fresh data
dir, start it on a free 127.0.0.1 port, run /work/shared/bench/run_queries.py, read its
peak RSS (VmHWM), stop it -> compare_results.py -> a table of ours | prometheus | ratio.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from procstats import cpu_seconds, free_port, status_kb  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = "/work/shared/bench"
GOAL_SPEED = 0.5  # our total median <= 0.5 x Prometheus's
_children = []


def log(msg):
    print("[qb %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def run(cmd, timeout, **kw):
    log("$ " + " ".join(cmd))
    try:
        return subprocess.run(cmd, timeout=timeout, text=True, capture_output=True, **kw)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", "TIMEOUT after %ss" % timeout)








def http_status(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except Exception:  # refused while starting, HTTP errors, timeouts
        return None


def ensure_dataset(a):
    folder = os.path.join(a.cache, "datasets")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "s%d-h%g-i%d-j%d-seed%d.om" % (a.series, a.hours, a.interval, a.jitter_ms, a.seed))
    if os.path.exists(path):
        log("dataset cached: %s (%.0f MB)" % (path, os.path.getsize(path) / 1e6))
        return path
    tmp = path + ".tmp%d" % os.getpid()
    r = run(["python3", os.path.join(SHARED, "gen_dataset.py"), "--series", str(a.series), "--hours", str(a.hours),
             "--interval", str(a.interval), "--seed", str(a.seed), "--jitter-ms", str(a.jitter_ms), "--out", tmp],
            timeout=3600)
    if r.returncode != 0:
        sys.exit("dataset generation failed: %s" % r.stderr[-2000:])
    os.rename(tmp, path)
    return path


def build(a):
    if a.skip_build:
        log("--skip-build: using %s as it is" % a.metrics_bin)
        return
    # ReadyToRun: precompiled like a deployed binary, so the first queries do not run unoptimised JIT code.
    r2r = [] if a.no_ready_to_run else ["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"]
    r = run(["dotnet", "publish", os.path.join(REPO, "src/Host"), "-c", "Release"] + r2r + ["-o", os.path.dirname(a.metrics_bin),
             "--artifacts-path", os.path.join("/tmp/qb", "artifacts"), "-nologo", "-v", "q"], timeout=1800,
            env=dict(os.environ, METRICS_REPO_ROOT=REPO))
    if r.returncode != 0:
        sys.exit("building metrics failed:\n" + (r.stdout + r.stderr)[-3000:])


def blocks_prom(a, dataset):
    out = os.path.join(a.cache, "query-blocks", os.path.basename(dataset) + ".prom")
    if os.path.isdir(out):
        log("prometheus blocks cached: %s" % out)
        return out
    tmp = out + ".tmp%d" % os.getpid()
    r = run([a.promtool, "tsdb", "create-blocks-from", "openmetrics", dataset, tmp], timeout=3600)
    if r.returncode != 0:
        sys.exit("promtool failed: " + (r.stdout + r.stderr)[-2000:])
    os.rename(tmp, out)
    return out


def blocks_ours(a, dataset):
    # Redone every run: the block format may change with the code under test.
    out = os.path.join(a.workdir, "ours-blocks")
    shutil.rmtree(out, ignore_errors=True)
    r = run([a.metrics_bin, "tsdb", "import", "openmetrics", dataset, "--storage.tsdb.path", out], timeout=3600)
    if r.returncode != 0:
        sys.exit("metrics tsdb import failed: " + (r.stdout + r.stderr)[-2000:])
    log(r.stdout.strip())
    return out


def start_server(kind, a, blocks, pidfile):
    data = os.path.join(a.workdir, kind + "-data")
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(blocks, data)
    port = free_port()
    logf = open(os.path.join(a.workdir, kind + ".log"), "w")
    if kind == "ours":
        cfg = os.path.join(a.workdir, "no-scrape.yml")
        with open(cfg, "w") as f:
            f.write("scrape_configs: []\n")
        cmd = [a.metrics_bin, "all", "--config.file", cfg, "--storage.tsdb.path", data,
               "--storage.tsdb.retention.time", "10y", "--web.listen-address", "127.0.0.1:%d" % port]
    else:
        cmd = [a.prometheus, "--config.file=" + os.path.join(SHARED, "prometheus.yml"), "--storage.tsdb.path=" + data,
               "--storage.tsdb.retention.time=10y", "--web.listen-address=127.0.0.1:%d" % port]
    log("starting %s: %s" % (kind, " ".join(cmd)))
    proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True, cwd=a.workdir)
    _children.append(proc)
    with open(pidfile, "a") as f:
        f.write("%d\n" % proc.pid)
    base = "http://127.0.0.1:%d" % port
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s during startup; see %s.log" % (kind, proc.returncode, kind))
        if http_status(base + "/-/ready") == 200:
            return proc, base
        time.sleep(0.3)
    raise RuntimeError("%s not ready after 120s" % kind)


def stop(proc, kind):
    if proc.poll() is None:
        log("stopping %s (pid %d)" % (kind, proc.pid))
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    if proc in _children:
        _children.remove(proc)


def measure(kind, a, blocks, pidfile):
    proc, base = start_server(kind, a, blocks, pidfile)
    res = {"kind": kind}
    try:
        time.sleep(a.settle)
        res["rss_start_kb"] = status_kb(proc.pid, "VmRSS")
        out = os.path.join(a.workdir, "results-" + kind)
        shutil.rmtree(out, ignore_errors=True)
        cpu0 = cpu_seconds(proc.pid)
        r = run(["python3", os.path.join(SHARED, "run_queries.py"), "--url", base, "--out", out, "--queries", a.queries,
                 "--step", str(a.step), "--repeat", str(a.repeat), "--end", str(1704067200 + int(a.hours * 3600))],
                timeout=a.query_timeout)
        cpu1 = cpu_seconds(proc.pid)
        with open(os.path.join(a.workdir, "run-" + kind + ".txt"), "w") as f:
            f.write(r.stdout + r.stderr)
        print(r.stdout, file=sys.stderr)
        if r.returncode != 0:
            res["error"] = (r.stdout + r.stderr)[-1500:]
        res["rss_peak_kb"] = status_kb(proc.pid, "VmHWM")
        res["rss_end_kb"] = status_kb(proc.pid, "VmRSS")
        res["server_cpu_s"] = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        res["out"] = out
        summary = os.path.join(out, "summary.json")
        if os.path.exists(summary):
            queries = json.load(open(summary))["queries"]
            res["queries"] = {q["name"]: q["median_ms"] for q in queries}
            res["total_median_ms"] = sum(q["median_ms"] for q in queries)
        res["alive_after"] = proc.poll() is None
    finally:
        stop(proc, kind)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--series", type=int, default=10000)
    ap.add_argument("--hours", type=float, default=6)
    ap.add_argument("--interval", type=int, default=15)
    ap.add_argument("--jitter-ms", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--step", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--queries", default=os.path.join(SHARED, "queries.txt"))
    ap.add_argument("--cache", default="/tmp/sbs", help="datasets and Prometheus blocks are cached here")
    ap.add_argument("--workdir", default=None, help="run folder (default /tmp/qb/sSERIES)")
    ap.add_argument("--metrics-bin", default="/tmp/qb/bin/metrics")
    ap.add_argument("--prometheus", default=shutil.which("prometheus") or "/usr/bin/prometheus")
    ap.add_argument("--promtool", default=shutil.which("promtool") or "/usr/bin/promtool")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--no-ready-to-run", action="store_true", help="plain Release publish, JIT only")
    ap.add_argument("--only", choices=["ours", "prometheus"], help="measure one server only (no comparison)")
    ap.add_argument("--settle", type=float, default=3, help="seconds between ready and the first query")
    ap.add_argument("--query-timeout", type=int, default=3600)
    ap.add_argument("--pidfile", required=True)
    a = ap.parse_args()
    a.workdir = a.workdir or "/tmp/qb/s%d" % a.series
    os.makedirs(a.workdir, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    dataset = ensure_dataset(a)
    build(a)
    results = {"series": a.series, "hours": a.hours, "step": a.step, "repeat": a.repeat,
               "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    kinds = [a.only] if a.only else ["prometheus", "ours"]
    for kind in kinds:
        blocks = blocks_prom(a, dataset) if kind == "prometheus" else blocks_ours(a, dataset)
        results[kind] = measure(kind, a, blocks, a.pidfile)
    if not a.only:
        r = run(["python3", os.path.join(SHARED, "compare_results.py"), results["prometheus"]["out"], results["ours"]["out"]],
                timeout=600)
        results["compare_rc"] = r.returncode
        results["compare_output"] = r.stdout[-6000:]
        print(r.stdout, file=sys.stderr)
    with open(os.path.join(a.workdir, "query-bench.json"), "w") as f:
        json.dump(results, f, indent=1)
    print_table(results, kinds)


def print_table(results, kinds):
    o, p = results.get("ours", {}), results.get("prometheus", {})

    def cell(r, k, scale=1.0, spec="%.0f"):
        v = r.get(k)
        return "n/a" if v is None else spec % (v * scale)

    def ratio(k):
        if o.get(k) is None or not p.get(k):
            return "n/a"
        return "%.2fx" % (o[k] / p[k])

    print("%d series x %gh, step %ds, median of %d runs per query" % (results["series"], results["hours"], results["step"], results["repeat"]))
    print("%-28s %12s %12s %8s" % ("", "ours", "prometheus", "ratio"))
    print("%-28s %12s %12s %8s" % ("total median ms", cell(o, "total_median_ms", spec="%.1f"), cell(p, "total_median_ms", spec="%.1f"), ratio("total_median_ms")))
    print("%-28s %12s %12s %8s" % ("peak RSS MiB (VmHWM)", cell(o, "rss_peak_kb", 1 / 1024), cell(p, "rss_peak_kb", 1 / 1024), ratio("rss_peak_kb")))
    print("%-28s %12s %12s %8s" % ("RSS before queries MiB", cell(o, "rss_start_kb", 1 / 1024), cell(p, "rss_start_kb", 1 / 1024), ratio("rss_start_kb")))
    print("%-28s %12s %12s %8s" % ("server CPU s (all runs)", cell(o, "server_cpu_s", spec="%.1f"), cell(p, "server_cpu_s", spec="%.1f"), ratio("server_cpu_s")))
    if "ours" in kinds and "prometheus" in kinds and o.get("total_median_ms") and p.get("total_median_ms"):
        r = o["total_median_ms"] / p["total_median_ms"]
        print("goal: total median <= %.1fx Prometheus's: %s; peak RSS <= Prometheus's: %s" % (
            GOAL_SPEED, "PASS" if r <= GOAL_SPEED else "FAIL",
            "PASS" if (o.get("rss_peak_kb") or 1e18) <= (p.get("rss_peak_kb") or 0) else "FAIL"))
        last = (results.get("compare_output") or "").strip().splitlines()[-1:] or ["n/a"]
        print("compare_results.py: %s (Prometheus 2.42's rate differs at series starts, see README)" % last[0])
        print("%-28s %10s %10s %7s" % ("per query median ms", "ours", "prom", "ratio"))
        for name, pm in p.get("queries", {}).items():
            om = o.get("queries", {}).get(name)
            print("  %-26s %10s %10.1f %7s" % (name, "n/a" if om is None else "%.1f" % om, pm,
                                              "n/a" if om is None or not pm else "%.2f" % (om / pm)))


if __name__ == "__main__":
    main()
