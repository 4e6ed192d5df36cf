"""Helpers shared by the suites of scripts/bench: starting servers, reading a
process's CPU time and memory from /proc, running clients that print one JSON
report, medians and table cells. Not a suite itself (its name has a dot)."""
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("BENCH_BIN") or os.path.join(ROOT, ".build", "release")
PEERS = os.environ.get("BENCH_PEERS") or os.path.join(ROOT, ".build", "bench-peers")
SMOKE = os.environ.get("BENCH_SMOKE") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS") or (0.3 if SMOKE else 3))
REPS = int(os.environ.get("BENCH_REPS") or (1 if SMOKE else 3))
WORK = os.environ.get("BENCH_WORK") or "/tmp"
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


class Server:
    """A server process started for the suite; its port is read from the line
    "listening on 127.0.0.1:PORT" it prints (on stdout or stderr)."""

    def __init__(self, name, cmd, stream="stdout"):
        self.name = name
        self.cmd = cmd
        log("start", " ".join(cmd))
        out = subprocess.PIPE if stream == "stdout" else subprocess.DEVNULL
        err = subprocess.PIPE if stream == "stderr" else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, text=True)
        src = self.proc.stdout if stream == "stdout" else self.proc.stderr
        self.port = None
        deadline = time.time() + 30
        for line in src:
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
            if time.time() > deadline:
                break
        if self.port is None:
            self.stop()
            raise RuntimeError(f"{name} did not start: {' '.join(cmd)}")
        # Keep draining its output so that it never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda: [None for _ in src], daemon=True).start()

    @property
    def pid(self):
        return self.proc.pid

    def cpu_seconds(self):
        """utime + stime of the whole process (all threads), from /proc/PID/stat."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def memory_kib(self):
        """(VmRSS, VmHWM) in KiB, from /proc/PID/status."""
        values = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    values[k] = int(v.split()[0])
        return values["VmRSS"], values["VmHWM"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def newswired(extra=()):
    """newswired as the suites run it: the test service, no plugins (an empty
    plugin directory), the default worker count (one per core)."""
    empty = os.path.join(WORK, "no-plugins")
    os.makedirs(empty, exist_ok=True)
    return Server("newswired", [os.path.join(BIN, "newswired"), "--listen", "127.0.0.1:0", "--enable-test-service",
                                "--plugin-dir", empty, "--data-dir", os.path.join(WORK, "data"), "--log-level", "notice",
                                *extra], stream="stderr")


def run_json(cmd, server=None):
    """Runs a client that prints one JSON report; adds the server's CPU time over the run."""
    before = server.cpu_seconds() if server else None
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    if server:
        cpu = server.cpu_seconds() - before
        report["server_cpu_seconds"] = cpu
        report["server_cpu_us_per_call"] = cpu * 1e6 / report["count"] if report["count"] else None
    return report


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if v is None:
        return "—"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def ratio(a, b, digits=2):
    if a is None or not b:
        return "—"
    return f"{a / b:.{digits}f}×"
