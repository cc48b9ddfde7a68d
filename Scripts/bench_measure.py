#!/usr/bin/env python3
"""Timing harness for Scripts/bench.sh: medians of several runs, ratios from the same run.

  bench_measure.py BINARY DATA_DIR

Environment: RUNS_ONE (one-case runs, default 30), RUNS_BATCH (runs per batch size, default 3),
RUNS_LARGE (runs at the large size, default 1), RUNS_PROMPT (default 20).
Data: DATA_DIR/case.json, DATA_DIR/small.ndjson, DATA_DIR/large.ndjson, DATA_DIR/weights.jq.
Two jq peers for batch: the README's program (a weighted count with the catalogue's weights, checked
against signaal's scores by bench.sh) and the plain `jq -c '{reference, n: (.answers|length)}'`,
about the least any JSON tool does per line.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BINARY, DATA = sys.argv[1], sys.argv[2]
RUNS_ONE = int(os.environ.get("RUNS_ONE", "30"))
RUNS_BATCH = int(os.environ.get("RUNS_BATCH", "3"))
RUNS_LARGE = int(os.environ.get("RUNS_LARGE", "1"))
RUNS_PROMPT = int(os.environ.get("RUNS_PROMPT", "20"))
PLAIN_JQ = "{reference, n: (.answers|length)}"
# A fixed moment, so office hours (and so every route) do not depend on when the bench runs.
AT = "2026-11-25T02:10:00+01:00"
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}


def run(argv, stdin_path=None, cpu=None):
    """Runs argv with stdout to /dev/null; returns (wall seconds, peak RSS in KiB, exit status).
    With a list as `cpu`, appends the run's CPU seconds (user + system) to it."""
    with open(os.devnull, "wb") as sink:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=stdin, stdout=sink, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if stdin_path:
            stdin.close()
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def lines(path):
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def one_case():
    case, program = os.path.join(DATA, "case.json"), os.path.join(DATA, "weights.jq")
    commands = {
        "signaal": [BINARY, "score", "--format", "json", "--at", AT, case],
        "jq": ["jq", "-f", program, case],
        "true": ["/bin/true"],
        "version": [BINARY, "--version"],
    }
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            subprocess.run(
                ["hyperfine", "-N", "--warmup", "5", "--runs", str(RUNS_ONE), "--export-json", export.name, "--style", "none"]
                + [" ".join(argv) for argv in commands.values()],
                check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, **ENV))
            results = json.load(open(export.name))["results"]
        return {name: result["median"] for name, result in zip(commands, results)}, "hyperfine"
    times = {name: [] for name in commands}
    for _ in range(RUNS_ONE):  # interleaved, so a noisy moment hits all three alike
        for name, argv in commands.items():
            times[name].append(run(argv)[0])
    return {name: statistics.median(values) for name, values in times.items()}, "python loop"


def batch(path, runs):
    """signaal with its default jobs (one per core) and with --jobs 1, both jq peers: median wall
    seconds, peak RSS, and the median CPU seconds of the two signaal runs."""
    program = os.path.join(DATA, "weights.jq")
    ours, single, theirs, plain, rss, cpu, single_cpu = [], [], [], [], [], [], []
    for _ in range(runs):  # interleaved, so a noisy moment hits all alike
        wall, peak, status = run([BINARY, "score", "--batch", "--at", AT, path], cpu=cpu)
        if status != 0:
            sys.exit("bench: signaal score --batch exited %d" % status)
        ours.append(wall)
        rss.append(peak)
        single.append(run([BINARY, "score", "--batch", "--jobs", "1", "--at", AT, path], cpu=single_cpu)[0])
        theirs.append(run(["jq", "-c", "-f", program, path])[0])
        plain.append(run(["jq", "-c", PLAIN_JQ, path])[0])
    return (statistics.median(ours), statistics.median(theirs), statistics.median(plain), max(rss),
            statistics.median(single), statistics.median(cpu), statistics.median(single_cpu))


def first_prompt():
    """Milliseconds from starting `signaal triage` (stdin a pipe) to its first byte on stderr."""
    state = tempfile.mkdtemp(prefix="signaal-bench-state-")
    times = []
    try:
        for _ in range(RUNS_PROMPT):
            start = time.perf_counter()
            process = subprocess.Popen([BINARY, "triage"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, env=dict(ENV, XDG_STATE_HOME=state))
            first = os.read(process.stderr.fileno(), 1)
            times.append(time.perf_counter() - start)
            process.kill()
            process.wait()
            if not first:
                sys.exit("bench: signaal triage wrote nothing on stderr")
    finally:
        shutil.rmtree(state, ignore_errors=True)
    return statistics.median(times)


def instructions(argv, stdin_path=os.devnull, env=None):
    """Instructions executed by argv (valgrind --tool=callgrind, all threads), or None without valgrind.
    Unlike wall time this does not depend on what else the machine is doing."""
    if not shutil.which("valgrind"):
        return None
    with open(stdin_path, "rb") as stdin:
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                                stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or ENV)
    for line in result.stderr.decode(errors="replace").splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    return None


def main():
    small, large = os.path.join(DATA, "small.ndjson"), os.path.join(DATA, "large.ndjson")
    n_small, n_large = lines(small), lines(large)
    one, method = one_case()
    s_ours, s_jq, s_plain, s_rss, s_single, s_cpu, s_single_cpu = batch(small, RUNS_BATCH)
    l_ours, l_jq, l_plain, l_rss, l_single, l_cpu, l_single_cpu = batch(large, RUNS_LARGE)
    prompt = first_prompt()
    ms = lambda seconds: "%.1f ms" % (seconds * 1000)
    rate = lambda count, seconds: "%.0f cases/s" % (count / seconds)
    rows = [
        ("1 one case: signaal score --format json", ms(one["signaal"]), "jq %s" % ms(one["jq"]),
         "%.2fx jq" % (one["signaal"] / one["jq"]), "<= 0.25x jq"),
        ("1 start-up: signaal --version", ms(one["version"]), "/bin/true %s" % ms(one["true"]),
         "%.1fx true" % (one["version"] / one["true"]), "<= 3x true"),
    ]
    for count, ours, jq, plain in ((n_small, s_ours, s_jq, s_plain), (n_large, l_ours, l_jq, l_plain)):
        rows.append(("2 batch %d cases: throughput" % count, rate(count, ours),
                     "jq %s; plain jq %s" % (rate(count, jq), rate(count, plain)),
                     "%.2fx jq, %.2fx plain" % (jq / ours, plain / ours), ">= 3.7x jq, >= 1.3x plain"))
    cores = os.cpu_count() or 1
    for count, ours, single, cpu, single_cpu in ((n_small, s_ours, s_single, s_cpu, s_single_cpu),
                                                 (n_large, l_ours, l_single, l_cpu, l_single_cpu)):
        rows.append(("2 batch %d cases: --jobs %d (default) vs 1" % (count, cores), rate(count, ours),
                     "--jobs 1 %s; CPU %.2f s vs %.2f s" % (rate(count, single), cpu, single_cpu),
                     "%.2fx --jobs 1" % (single / ours), ""))
    rows += [
        ("3 peak RSS, batch %d / %d cases" % (n_small, n_large), "%.1f / %.1f MB" % (s_rss / 1024, l_rss / 1024), "",
         "", "<= 20 MB, flat"),
        ("4 triage: start to first byte on stderr", ms(prompt), "", "", "<= 10 ms"),
    ]
    case, program = os.path.join(DATA, "case.json"), os.path.join(DATA, "weights.jq")
    state = tempfile.mkdtemp(prefix="signaal-bench-state-")
    try:
        counts = {
            "true": instructions(["/bin/true"]),
            "version": instructions([BINARY, "--version"]),
            "signaal": instructions([BINARY, "score", "--format", "json", "--at", AT, case]),
            "jq": instructions(["jq", "-f", program, case]),
            # stdin at its end: the first prompt, then the interview stops.
            "prompt": instructions([BINARY, "triage"], env=dict(ENV, XDG_STATE_HOME=state)),
        }
    finally:
        shutil.rmtree(state, ignore_errors=True)
    if all(counts.values()):
        mega = lambda n: "%.1fM instr" % (n / 1e6)
        rows += [
            ("5 instructions: signaal --version", mega(counts["version"]), "/bin/true " + mega(counts["true"]),
             "%.1fx true" % (counts["version"] / counts["true"]), ""),
            ("5 instructions: one case, score --format json", mega(counts["signaal"]), "jq " + mega(counts["jq"]),
             "%.2fx jq" % (counts["signaal"] / counts["jq"]), ""),
            ("5 instructions: triage to first prompt", mega(counts["prompt"]), "", "", ""),
        ]
    print("one case: median of %d runs (%s); batch: median of %d runs at %d, %d at %d; prompt: median of %d"
          % (RUNS_ONE, method, RUNS_BATCH, n_small, RUNS_LARGE, n_large, RUNS_PROMPT))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    header = ("measure", "signaal", "yardstick", "ratio", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
