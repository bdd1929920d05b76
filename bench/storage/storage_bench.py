#!/usr/bin/env python3
"""Side-by-side storage benchmark: `metrics all` vs the real Prometheus 2.42, figures as ratios.

Called by run.sh (which adds a kill-everything trap); see README.md in this folder.
Steps: dataset (cached) -> build -> encode remote-write requests once -> for each server, one after
the other: start on a free 127.0.0.1 port with a fresh data dir, baseline RSS, ingest, settle, RSS,
stop -> offline import of the same file into blocks (ours: metrics tsdb import; theirs: promtool)
-> table of ours | prometheus | ratio | goal.
"""
import argparse
import json
import os
import re
import resource
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
GOALS = {"ingest": 1.5, "mem": 0.7, "disk": 0.6}
_children = []  # Popen objects of servers still running


def log(msg):
    print("[sbs %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def run(cmd, timeout, **kw):
    """Runs a command with a bound; returns CompletedProcess (stdout+stderr captured as text)."""
    log("$ " + " ".join(cmd))
    try:
        return subprocess.run(cmd, timeout=timeout, text=True, capture_output=True, **kw)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = (e.stderr or b"").decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        return subprocess.CompletedProcess(cmd, 124, out, err + "\nTIMEOUT after %ss" % timeout)








def machine_busy_seconds():
    """CPU seconds all processes spent busy (not idle/iowait) since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v[:8]) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")


def http_get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except Exception as e:  # connection refused while starting, timeouts
        return None, str(e)


def metric_sum(text, name, label_filter=None):
    """Sum of all samples of one metric name in a text exposition (None if absent)."""
    total, seen = 0.0, False
    for line in text.splitlines():
        if not line.startswith(name) or line.startswith("#"):
            continue
        rest = line[len(name):]
        if rest[:1] not in ("{", " "):
            continue
        if label_filter and label_filter not in rest:
            continue
        try:
            total += float(rest.rsplit(" ", 1)[-1] if "}" not in rest else rest.split("}", 1)[1].split()[0])
            seen = True
        except ValueError:
            pass
    return total if seen else None


def du_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def block_dirs_bytes(path):
    """Total file bytes of every block folder (a folder with meta.json) under path."""
    total, blocks = 0, 0
    for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
        d = os.path.join(path, name)
        if os.path.isfile(os.path.join(d, "meta.json")):
            total += du_bytes(d)
            blocks += 1
    return total, blocks


def kill_server(proc, name, term_wait=30):
    if proc.poll() is not None:
        return proc.returncode
    log("stopping %s (pid %d)" % (name, proc.pid))
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=term_wait)
    except subprocess.TimeoutExpired:
        log("%s did not exit %ds after SIGTERM: SIGKILL" % (name, term_wait))
        proc.kill()
        proc.wait(timeout=10)
    if proc in _children:
        _children.remove(proc)
    return proc.returncode


def kill_all(*_):
    for p in list(_children):
        try:
            p.kill()
        except OSError:
            pass
    if _:
        sys.exit(130)


def ensure_dataset(a):
    os.makedirs(os.path.join(a.workdir, "datasets"), exist_ok=True)
    name = "s%d-h%g-i%d-j%d-seed%d.om" % (a.series, a.hours, a.interval, a.jitter_ms, a.seed)
    path = os.path.join(a.workdir, "datasets", name)
    if os.path.exists(path):
        log("dataset cached: %s (%.1f MB)" % (path, os.path.getsize(path) / 1e6))
        return path
    tmp = path + ".tmp%d" % os.getpid()
    cmd = ["python3", os.path.join(SHARED, "gen_dataset.py"), "--series", str(a.series), "--hours", str(a.hours),
           "--interval", str(a.interval), "--seed", str(a.seed), "--jitter-ms", str(a.jitter_ms), "--out", tmp]
    r = run(cmd, timeout=a.step_timeout)
    if r.returncode != 0:
        sys.exit("dataset generation failed: %s" % r.stderr[-2000:])
    os.rename(tmp, path)
    log(r.stderr.strip())
    return path


def build(a):
    if a.skip_build:
        log("--skip-build: using %s and %s as they are" % (a.metrics_bin, a.client_bin))
        return None
    note = None
    r = run(["dotnet", "publish", os.path.join(REPO, "src/Host"), "-c", "Release", "-o", os.path.dirname(a.metrics_bin),
             "--artifacts-path", os.path.join(a.artifacts, "host"), "-nologo", "-v", "q"], timeout=a.step_timeout)
    if r.returncode != 0:
        err = "\n".join(l for l in (r.stdout + r.stderr).splitlines() if "error" in l)[:3000]
        if not os.path.exists(a.metrics_bin):
            sys.exit("building metrics failed:\n" + err)
        note = "building metrics FAILED, measured the previous build at %s:\n%s" % (a.metrics_bin, err)
        log("WARNING: " + note)
    r = run(["dotnet", "publish", os.path.join(REPO, "bench/Metrics.IngestBench"), "-c", "Release", "-o",
             os.path.dirname(a.client_bin), "--artifacts-path", os.path.join(a.artifacts, "client"), "-nologo", "-v", "q"],
            timeout=a.step_timeout)
    if r.returncode != 0:
        sys.exit("building the ingest client failed:\n" + (r.stdout + r.stderr)[-3000:])
    return note


def start_server(kind, a, rundir, pidfile, tag):
    port = free_port()
    data = os.path.join(rundir, "%s-data%s" % (kind, tag))
    os.makedirs(data)
    logf = open(os.path.join(rundir, "%s%s.log" % (kind, tag)), "w")
    if kind == "ours":
        cfg = os.path.join(rundir, "empty.yml")
        with open(cfg, "w") as f:
            f.write("scrape_configs: []\n")
        cmd = [a.metrics_bin, "all", "--web.listen-address", "127.0.0.1:%d" % port,
               "--storage.tsdb.path", data, "--config.file", cfg]
    else:
        cmd = [a.prometheus, "--web.enable-remote-write-receiver", "--config.file=" + os.path.join(SHARED, "prometheus.yml"),
               "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:%d" % port]
    log("starting %s: %s" % (kind, " ".join(cmd)))
    env = dict(os.environ)
    extra = a.ours_env if kind == "ours" else a.prometheus_env
    for kv in extra or []:
        k, _, v = kv.partition("=")
        env[k] = v
    if extra:
        log("%s environment: %s" % (kind, " ".join(extra)))
    proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True, cwd=rundir, env=env)
    _children.append(proc)
    with open(pidfile, "a") as f:
        f.write("%d\n" % proc.pid)
    base = "http://127.0.0.1:%d" % port
    deadline = time.time() + a.ready_timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %s during startup; see %s.log" % (kind, proc.returncode, kind))
        st, _ = http_get(base + "/-/ready", timeout=2)
        if st == 200:
            return proc, base, data
        time.sleep(0.3)
    raise RuntimeError("%s not ready after %ss" % (kind, a.ready_timeout))


def ingest_one(kind, a, rundir, reqs, pidfile, series, tag=""):
    res = {"kind": kind}
    proc, base, data = start_server(kind, a, rundir, pidfile, tag)
    try:
        time.sleep(a.settle)
        res["rss_before_kb"] = status_kb(proc.pid)
        out_json = os.path.join(rundir, "%s-ingest%s.json" % (kind, tag))
        cpu0, child0, busy0 = cpu_seconds(proc.pid), resource.getrusage(resource.RUSAGE_CHILDREN), machine_busy_seconds()
        r = run([a.client_bin, "send", "--requests", reqs, "--url", base + "/api/v1/write",
                 "--timeout-seconds", str(a.ingest_timeout), "--json", out_json],
                timeout=a.ingest_timeout + 120)
        cpu1, child1, busy1 = cpu_seconds(proc.pid), resource.getrusage(resource.RUSAGE_CHILDREN), machine_busy_seconds()
        res["server_cpu_s"] = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        res["client_cpu_s"] = (child1.ru_utime + child1.ru_stime) - (child0.ru_utime + child0.ru_stime)
        # CPU that neither the server nor the client used: other work on the machine (noise).
        res["other_cpu_s"] = max(0.0, (busy1 - busy0) - (res["server_cpu_s"] or 0) - res["client_cpu_s"])
        sys.stderr.write(r.stderr)
        print(r.stdout.rstrip(), file=sys.stderr)
        with open(os.path.join(rundir, "%s-ingest%s.txt" % (kind, tag)), "w") as f:
            f.write(r.stdout + r.stderr)
        if os.path.exists(out_json):
            res.update(json.load(open(out_json)))
        else:
            res["first_error"] = "client failed (rc %s): %s" % (r.returncode, (r.stdout + r.stderr)[-1500:])
        time.sleep(a.settle)
        res["rss_after_kb"] = status_kb(proc.pid)
        res["rss_peak_kb"] = status_kb(proc.pid, "VmHWM")
        res["data_dir_bytes_after"] = du_bytes(data)
        if a.housekeeping > 0:
            # Our store cuts head blocks on a 1-minute timer, Prometheus on append: give both the time
            # to cut and truncate the head, then read again (the steady state a long-running server sits in).
            log("waiting %ss for head compaction (housekeeping) in %s" % (a.housekeeping, kind))
            time.sleep(a.housekeeping)
            res["rss_housekept_kb"] = status_kb(proc.pid)
            res["data_dir_bytes_housekept"] = du_bytes(data)
        res["alive_after"] = proc.poll() is None
        st, text = http_get(base + "/metrics", timeout=10)
        if st == 200:
            if kind == "ours":
                res["server_samples_appended"] = metric_sum(text, "metrics_tsdb_head_samples_appended_total")
                # The counter only appears once something was rejected.
                res["server_samples_rejected"] = metric_sum(text, "metrics_tsdb_samples_rejected_total") or 0
                res["server_head_series"] = metric_sum(text, "metrics_tsdb_head_series")
            else:
                res["server_samples_appended"] = metric_sum(text, "prometheus_tsdb_head_samples_appended_total")
                res["server_samples_rejected"] = sum(x or 0 for x in (
                    metric_sum(text, "prometheus_tsdb_out_of_order_samples_total"),
                    metric_sum(text, "prometheus_tsdb_out_of_bound_samples_total"),
                    metric_sum(text, "prometheus_tsdb_too_old_samples_total")))
                res["server_head_series"] = metric_sum(text, "prometheus_tsdb_head_series")
        st, text = http_get(base + "/api/v1/series?match%5B%5D=up", timeout=30)
        try:
            res["up_series_queryable"] = len(json.loads(text)["data"]) if st == 200 else None
        except (ValueError, KeyError):
            res["up_series_queryable"] = None
    finally:
        res["exit_code"] = kill_server(proc, kind)
    res["series"] = series
    return res


def median_of_runs(runs):
    """One result per field: the median of numeric fields over the runs, the first value of the others."""
    if len(runs) == 1:
        return dict(runs[0])
    out = {}
    for k in runs[0]:
        vals = [r.get(k) for r in runs]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            vals = sorted(vals)
            n = len(vals)
            out[k] = vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
        else:
            out[k] = next((v for v in vals if v not in (None, "")), vals[0])
    out["runs"] = len(runs)
    return out


def disk_ours(a, rundir, dataset):
    out = os.path.join(rundir, "ours-import")
    r = run([a.metrics_bin, "tsdb", "import", "openmetrics", dataset, "--storage.tsdb.path", out], timeout=a.step_timeout)
    with open(os.path.join(rundir, "ours-import.log"), "w") as f:
        f.write(r.stdout + r.stderr)
    if r.returncode != 0:
        txt = (r.stdout + r.stderr)
        if re.search(r"Unrecognized command|unrecognized|Required command was not provided|not a valid", txt, re.I) and "import" in txt:
            return {"status": "import not available", "detail": txt[-800:]}
        return {"status": "import failed (rc %d)" % r.returncode, "detail": txt[-1500:]}
    res = {"status": "ok", "import_output": r.stdout.strip()[-600:]}
    r2 = run([a.metrics_bin, "tsdb", "analyze", out], timeout=a.step_timeout)
    with open(os.path.join(rundir, "ours-analyze.log"), "w") as f:
        f.write(r2.stdout + r2.stderr)
    if r2.returncode != 0:
        res["analyze_error"] = (r2.stdout + r2.stderr)[-800:]
    for key, rx in (("samples", r"^samples:\s*(\d+)"), ("chunk_bytes", r"^chunk bytes:\s*(\d+)"),
                    ("index_bytes", r"^index bytes:\s*(\d+)"), ("bytes_per_sample", r"^bytes/sample:\s*([\d.]+)"),
                    ("series", r"^series:\s*(\d+)")):
        m = re.search(rx, r2.stdout, re.M)
        if m:
            res[key] = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
    res["block_bytes"], res["blocks"] = block_dirs_bytes(out)
    if res.get("samples"):
        res["bytes_per_sample_files"] = res["block_bytes"] / res["samples"]
    return res


def disk_prom(a, rundir, dataset):
    out = os.path.join(rundir, "prom-blocks")
    r = run([a.promtool, "tsdb", "create-blocks-from", "openmetrics", dataset, out], timeout=a.step_timeout)
    with open(os.path.join(rundir, "prom-import.log"), "w") as f:
        f.write(r.stdout + r.stderr)
    if r.returncode != 0:
        return {"status": "promtool failed (rc %d)" % r.returncode, "detail": (r.stdout + r.stderr)[-1500:]}
    r2 = run(["python3", os.path.join(SHARED, "block_stats.py"), out, "--json"], timeout=600)
    st = json.loads(r2.stdout)
    res = {"status": "ok", "samples": st["samples"], "chunk_bytes": st["chunk_bytes"], "index_bytes": st["index_bytes"],
           "bytes_per_sample": st["bytes_per_sample_chunks_index"], "series": st["series_sum"]}
    res["block_bytes"], res["blocks"] = block_dirs_bytes(out)
    if st["samples"]:
        res["bytes_per_sample_files"] = res["block_bytes"] / st["samples"]
    return res


def ratio(o, p):
    if o is None or p is None or p == 0:
        return None
    return o / p


def fmt(v, spec="%.0f"):
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    return spec % v


def table(results, meta):
    o, p = results.get("ours", {}), results.get("prometheus", {})
    do, dp = results.get("disk_ours", {}), results.get("disk_prom", {})
    rows = []

    def add(name, ov, pv, spec, goal=None, better="higher", show_ratio=True):
        r = ratio(ov, pv) if show_ratio and not isinstance(ov, str) and not isinstance(pv, str) else None
        verdict = ""
        if goal is not None and r is not None:
            ok = r >= goal if better == "higher" else r <= goal
            verdict = ("%s %.1fx: %s" % (">=" if better == "higher" else "<=", goal, "PASS" if ok else "FAIL"))
        elif goal is not None:
            verdict = "%s %.1fx: n/a" % (">=" if better == "higher" else "<=", goal)
        rows.append((name, fmt(ov, spec), fmt(pv, spec), "n/a" if r is None else "%.2fx" % r, verdict))

    def mb(kb):
        return None if kb is None else kb / 1024.0

    series = meta["series"]
    add("ingest samples/s (remote write)", o.get("samples_per_sec"), p.get("samples_per_sec"), "%.0f", GOALS["ingest"], "higher")
    def runs(kind):
        lst = results.get(kind + "_runs") or []
        return None if len(lst) < 2 else ", ".join(fmt(r.get("samples_per_sec")) for r in lst)
    if runs("ours") or runs("prometheus"):
        add("  samples/s of each round", runs("ours"), runs("prometheus"), "%s", show_ratio=False)

        def best(kind):
            vals = [r.get("samples_per_sec") for r in results.get(kind + "_runs") or [] if r.get("samples_per_sec")]
            return max(vals) if vals else None
        add("  best round samples/s", best("ours"), best("prometheus"), "%.0f", GOALS["ingest"], "higher")

    def okof(r):
        return None if not r or r.get("requests_sent") is None else "%d/%d" % (r.get("ok") or 0, r["requests_sent"])
    add("  requests 2xx / sent", okof(o), okof(p), "%s", show_ratio=False)
    add("  non-2xx + exceptions", (o.get("non2xx") or 0) + (o.get("exceptions") or 0) if o else None,
        (p.get("non2xx") or 0) + (p.get("exceptions") or 0) if p else None, "%d", show_ratio=False)
    add("  ingest wall time s", o.get("seconds"), p.get("seconds"), "%.1f")

    def cpu_per_msample(r):
        if not r.get("server_cpu_s") or not r.get("samples_ok"):
            return None
        return r["server_cpu_s"] / (r["samples_ok"] / 1e6)
    add("  server CPU s per 1M samples", cpu_per_msample(o), cpu_per_msample(p), "%.2f")
    add("  client CPU s (whole send)", o.get("client_cpu_s"), p.get("client_cpu_s"), "%.1f", show_ratio=False)
    add("  other processes' CPU s (noise)", o.get("other_cpu_s"), p.get("other_cpu_s"), "%.1f", show_ratio=False)

    def per_series(r, key="rss_after_kb", delta=True):
        a_, b_ = r.get(key), r.get("rss_before_kb")
        if a_ is None or (b_ is None and delta):
            return None
        return ((a_ - b_) if delta else a_) * 1024.0 / series
    add("memory bytes/series (RSS after-before)", per_series(o), per_series(p), "%.0f", GOALS["mem"], "lower")
    add("  RSS after / series, bytes", per_series(o, delta=False), per_series(p, delta=False), "%.0f")
    add("  RSS before ingest, MiB", mb(o.get("rss_before_kb")), mb(p.get("rss_before_kb")), "%.1f")
    add("  RSS after ingest, MiB", mb(o.get("rss_after_kb")), mb(p.get("rss_after_kb")), "%.1f")
    add("  peak RSS (VmHWM), MiB", mb(o.get("rss_peak_kb")), mb(p.get("rss_peak_kb")), "%.1f")
    if o.get("rss_housekept_kb") or p.get("rss_housekept_kb"):
        add("memory bytes/series, after housekeeping", per_series(o, "rss_housekept_kb"), per_series(p, "rss_housekept_kb"),
            "%.0f", GOALS["mem"], "lower")
        add("  RSS after housekeeping, MiB", mb(o.get("rss_housekept_kb")), mb(p.get("rss_housekept_kb")), "%.1f")
    mib = lambda r, k: None if not r or r.get(k) is None else r[k] / 1048576.0  # noqa: E731
    add("  data dir right after ingest, MiB", mib(o, "data_dir_bytes_after"), mib(p, "data_dir_bytes_after"), "%.1f")
    add("  data dir after housekeeping, MiB", mib(o, "data_dir_bytes_housekept"), mib(p, "data_dir_bytes_housekept"), "%.1f")
    add("  head series after housekeeping", o.get("server_head_series"), p.get("server_head_series"), "%d")

    def disk(r, key):
        if not r:
            return None
        if r.get("status") != "ok":
            return r.get("status")
        return r.get(key)
    add("disk bytes/sample (chunks+index)", disk(do, "bytes_per_sample"), disk(dp, "bytes_per_sample"), "%.3f", GOALS["disk"], "lower")
    add("  disk bytes/sample (block files)", disk(do, "bytes_per_sample_files"), disk(dp, "bytes_per_sample_files"), "%.3f")
    add("  samples in blocks", disk(do, "samples"), disk(dp, "samples"), "%d")
    add("  blocks", disk(do, "blocks"), disk(dp, "blocks"), "%d")

    hdr = ("metric", "ours", "prometheus", "ratio", "goal (ours/prom)")
    w = [max(len(r[i]) for r in rows + [hdr]) for i in range(5)]
    lines = []
    lines.append("| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(hdr)) + " |")
    lines.append("| " + " | ".join("-" * w[i] for i in range(5)) + " |")
    for r in rows:
        lines.append("| " + " | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) if i < 4 else c.ljust(w[i])
                                       for i, c in enumerate(r)) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--series", type=int, default=10000)
    ap.add_argument("--hours", type=float, default=6)
    ap.add_argument("--interval", type=int, default=15)
    ap.add_argument("--jitter-ms", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--quick", action="store_true", help="shorthand for --series 1000 --hours 2")
    ap.add_argument("--connections", type=int, default=4, help="concurrent connections = remote-write shards")
    ap.add_argument("--samples-per-request", type=int, default=2000)
    ap.add_argument("--settle", type=float, default=5, help="seconds to wait before each RSS reading")
    ap.add_argument("--housekeeping", type=float, default=70,
                    help="then wait this long for head compaction and read RSS again (0: skip)")
    ap.add_argument("--repeat", type=int, default=1, help="ingest rounds (ours, prometheus, ours, ...); medians are reported")
    ap.add_argument("--workdir", default="/tmp/sbs")
    ap.add_argument("--keep", action="store_true", help="keep the run's data dirs, blocks and request file")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-disk", action="store_true")
    ap.add_argument("--only", choices=["ours", "prometheus"], help="ingest into one server only")
    ap.add_argument("--step-timeout", type=int, default=3600, help="bound for generation, builds, imports (s)")
    ap.add_argument("--ingest-timeout", type=int, default=3600)
    ap.add_argument("--ready-timeout", type=int, default=120)
    ap.add_argument("--ours-env", action="append", metavar="KEY=VALUE",
                    help="extra environment for our server, e.g. DOTNET_gcServer=0 (repeatable; default: none)")
    ap.add_argument("--prometheus-env", action="append", metavar="KEY=VALUE", help="extra environment for Prometheus, e.g. GOGC=50")
    ap.add_argument("--prometheus", default="/usr/bin/prometheus")
    ap.add_argument("--promtool", default="/usr/bin/promtool")
    ap.add_argument("--pidfile", default=None, help="(set by run.sh) file to which server pids are appended")
    a = ap.parse_args()
    if a.quick:
        a.series, a.hours = 1000, 2
    a.metrics_bin = os.path.join(a.workdir, "metrics-bin", "metrics")
    a.client_bin = os.path.join(a.workdir, "ingestbench-bin", "ingestbench")
    a.artifacts = os.path.join(a.workdir, "artifacts")

    signal.signal(signal.SIGTERM, kill_all)
    signal.signal(signal.SIGINT, kill_all)
    os.makedirs(a.workdir, exist_ok=True)
    rundir = os.path.join(a.workdir, "run-%s-s%d-h%g" % (time.strftime("%Y%m%d-%H%M%S"), a.series, a.hours))
    os.makedirs(rundir)
    pidfile = a.pidfile or os.path.join(rundir, "pids")
    log("run folder %s" % rundir)

    try:
        dataset = ensure_dataset(a)
        build_note = build(a)
        series = -(-a.series // 100) * 100
        meta = {"series": series, "hours": a.hours, "interval": a.interval, "jitter_ms": a.jitter_ms, "seed": a.seed,
                "dataset": dataset, "dataset_bytes": os.path.getsize(dataset), "connections": a.connections,
                "samples_per_request": a.samples_per_request, "cores": os.cpu_count(), "build_note": build_note,
                "ours_env": a.ours_env, "prometheus_env": a.prometheus_env,
                "metrics_commit": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], text=True,
                                                 capture_output=True).stdout.strip()}
        results = {"meta": meta}

        if not a.skip_ingest:
            reqs = os.path.join(rundir, "requests.bin")
            r = run([a.client_bin, "encode", "--input", dataset, "--out", reqs, "--shards", str(a.connections),
                     "--samples-per-request", str(a.samples_per_request)], timeout=a.step_timeout)
            sys.stderr.write(r.stderr)
            if r.returncode != 0:
                sys.exit("encoding failed")
            meta["encode"] = r.stderr.strip()
            runs = {"ours": [], "prometheus": []}
            for rnd in range(a.repeat):
                for kind in ("ours", "prometheus"):
                    if a.only and a.only != kind:
                        continue
                    tag = "" if a.repeat == 1 else "-%d" % (rnd + 1)
                    try:
                        runs[kind].append(ingest_one(kind, a, rundir, reqs, pidfile, series, tag))
                    except RuntimeError as e:
                        log("ERROR %s: %s" % (kind, e))
                        runs[kind].append({"first_error": str(e)})
            for kind, lst in runs.items():
                if lst:
                    results[kind] = median_of_runs(lst)
                    results[kind + "_runs"] = lst
            if not a.keep:
                os.remove(reqs)

        if not a.skip_disk:
            results["disk_ours"] = disk_ours(a, rundir, dataset)
            results["disk_prom"] = disk_prom(a, rundir, dataset)

        if not a.keep:
            for d in os.listdir(rundir):
                if re.match(r"(ours|prometheus)-data|ours-import$|prom-blocks$", d):
                    subprocess.run(["rm", "-rf", os.path.join(rundir, d)])

        with open(os.path.join(rundir, "results.json"), "w") as f:
            json.dump(results, f, indent=1, default=str)
        t = table(results, meta)
        n_samples = (results.get("disk_prom") or {}).get("samples") or (results.get("ours") or {}).get("samples_total")
        head = ("dataset: %d series x %gh at %ds, jitter %d ms, %s samples, %.2f GB of OpenMetrics text; "
                "%d connections x %d samples/request; %d cores; commit %s"
                % (series, a.hours, a.interval, a.jitter_ms, n_samples, meta["dataset_bytes"] / 1e9,
                   a.connections, a.samples_per_request, meta["cores"], meta["metrics_commit"]))
        notes = []
        for kind, env in (("ours", a.ours_env), ("prometheus", a.prometheus_env)):
            if env:
                notes.append("%s ran with extra environment: %s" % (kind, " ".join(env)))
        if build_note:
            notes.append("NOTE: " + build_note.splitlines()[0])
        for kind in ("ours", "prometheus"):
            r = results.get(kind)
            if not r:
                continue
            if r.get("first_error"):
                notes.append("%s first error: %s" % (kind, r["first_error"]))
            if r.get("alive_after") is False:
                notes.append("%s DIED during the ingest (see %s.log)" % (kind, kind))
            for i, x in enumerate(results.get(kind + "_runs", [])):
                busy = x.get("other_cpu_s") or 0
                if x.get("seconds") and busy > 0.2 * (os.cpu_count() or 1) * x["seconds"]:
                    notes.append("NOISE: during %s round %d other processes used %.0f CPU s in %.0f s of ingest "
                                 "(%.0f%% of the machine): that round's throughput is not trustworthy"
                                 % (kind, i + 1, busy, x["seconds"], 100 * busy / ((os.cpu_count() or 1) * x["seconds"])))
            codes = [x.get("exit_code") for x in results.get(kind + "_runs", [])]
            if any(c not in (0, None) for c in codes):
                notes.append("%s exit code after SIGTERM: %s (see the end of its log%s)"
                             % (kind, ", ".join(str(c) for c in codes), "" if a.repeat == 1 else "s"))
            notes.append("%s server counters: samples appended %s, rejected %s, head series %s; /api/v1/series?match[]=up -> %s"
                         % (kind, fmt(r.get("server_samples_appended")), fmt(r.get("server_samples_rejected")),
                            fmt(r.get("server_head_series")), fmt(r.get("up_series_queryable"), "%d")))
        for k in ("disk_ours", "disk_prom"):
            r = results.get(k) or {}
            if r.get("status") not in (None, "ok"):
                notes.append("%s: %s %s" % (k, r["status"], r.get("detail", "")[-400:].strip()))
        summary = head + "\n\n" + t + "\n\n" + "\n".join(notes) + "\n"
        with open(os.path.join(rundir, "summary.md"), "w") as f:
            f.write(summary)
        print(summary)
        log("details: %s (results.json, summary.md, *.log)" % rundir)
    finally:
        kill_all()


if __name__ == "__main__":
    main()
