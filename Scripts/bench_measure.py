#!/usr/bin/env python3
"""Timing harness for Scripts/bench.sh: medians of several runs, ratios from the same run.

  bench_measure.py BINARY DATA_DIR

Environment: RUNS_ONE (one-case runs, default 30), RUNS_BATCH (runs per batch size, default 3),
RUNS_LARGE (runs at the large size, default 1), RUNS_JOBS (pairs of --jobs 2 and --jobs 1 at the large
size, default 3), RUNS_PROMPT (default 20), MARKDOWN=1 (the table as
Markdown, for docs/PERFORMANCE.md).
Data: DATA_DIR/case.json, DATA_DIR/small.ndjson, DATA_DIR/large.ndjson, DATA_DIR/weights.jq.
Two jq peers for batch: the README's program (a weighted count with the catalogue's weights, checked
against signaal's scores by bench.sh) and the plain `jq -c '{reference, n: (.answers|length)}'`,
about the least any JSON tool does per line. The batch throughput rows write full records
(`--records full`, the form the earlier figures and targets were measured with); the pipe rows
compare compact records (the batch default) with full ones into `| wc -c`. `--jobs 2` is also
timed against `--jobs 1` beside one competing CPU-bound process (a busy loop), paired; and with
valgrind, the instructions per case of each phase (decode, score and route, write, the rest) come
from callgrind's --toggle-collect (PHASE_SMALL, PHASE_LARGE: the two sizes whose difference is used).

Peak RSS comes from GNU time (`/usr/bin/time -f %M`), not from Python: Linux starts a child's
ru_maxrss at the size of the process that forked it, so wait4() from Python reports Python's
size (about 14 MB for /bin/true); GNU time is a small C program, so its children start near 1 MB.
The RSS row shows /bin/true measured the same way as its floor.
"""
import json
import os
import shutil
import shlex
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
GNU_TIME = "/usr/bin/time"


def has_gnu_time():
    if not os.access(GNU_TIME, os.X_OK):
        return False
    probe = subprocess.run([GNU_TIME, "-f", "%M", "/bin/true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return probe.returncode == 0 and probe.stderr.strip().isdigit()


HAS_GNU_TIME = has_gnu_time()


def run(argv, stdin_path=None, cpu=None, rss=None):
    """Runs argv with stdout to /dev/null; returns (wall seconds, exit status).
    With a list as `cpu`, appends the run's CPU seconds (user + system) to it. With a list as `rss`,
    runs argv under GNU time and appends its peak RSS in KiB (`%M`; see the module docstring)."""
    report = None
    if rss is not None and HAS_GNU_TIME:
        report = tempfile.NamedTemporaryFile(prefix="signaal-bench-time-", suffix=".txt")
        argv = [GNU_TIME, "-f", "%M", "-o", report.name] + argv
    with open(os.devnull, "wb") as sink:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=stdin, stdout=sink, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if stdin_path:
            stdin.close()
    if cpu is not None:
        # GNU time waits for its child, so its rusage includes the child's CPU time.
        cpu.append(usage.ru_utime + usage.ru_stime)
    if report is not None:
        with report:
            rss.append(int(open(report.name).read().split()[-1]))
    return wall, os.waitstatus_to_exitcode(status)


def peak_rss_floor():
    """/bin/true's peak RSS measured as the batch runs are (KiB), or None without GNU time."""
    values = []
    for _ in range(3):
        run(["/bin/true"], rss=values)
    return min(values) if values else None


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
    """signaal (full records) with its default jobs (one per core) and with --jobs 1, compact records
    (the batch default) with --jobs 1, both jq peers: median wall seconds, peak RSS of the two
    full-record forms (KiB, GNU time; None without it), and the median CPU seconds of those two.
    The one-job rows are issue 24's throughput target (>= 12x the jq scorer, >= 2.5x plain jq)."""
    program = os.path.join(DATA, "weights.jq")
    ours, single, compact, theirs, plain, rss, single_rss, cpu, single_cpu = [], [], [], [], [], [], [], [], []
    for _ in range(runs):  # interleaved, so a noisy moment hits all alike
        wall, status = run([BINARY, "score", "--batch", "--records", "full", "--at", AT, path], cpu=cpu, rss=rss)
        if status != 0:
            sys.exit("bench: signaal score --batch exited %d" % status)
        ours.append(wall)
        single.append(run([BINARY, "score", "--batch", "--records", "full", "--jobs", "1", "--at", AT, path],
                          cpu=single_cpu, rss=single_rss)[0])
        compact.append(run([BINARY, "score", "--batch", "--records", "compact", "--jobs", "1", "--at", AT, path])[0])
        theirs.append(run(["jq", "-c", "-f", program, path])[0])
        plain.append(run(["jq", "-c", PLAIN_JQ, path])[0])
    return (statistics.median(ours), statistics.median(theirs), statistics.median(plain),
            max(rss) if rss else None, max(single_rss) if single_rss else None,
            statistics.median(single), statistics.median(cpu), statistics.median(single_cpu),
            statistics.median(compact))


def pipe(path, runs):
    """Compact (the batch default) and full records of `path` into a pipe (`| wc -c`), interleaved:
    median wall seconds of each pipeline and the bytes each wrote."""
    walls = {"compact": [], "full": []}
    size = {}
    for _ in range(runs):
        for form in ("compact", "full"):
            command = "%s score --batch --records %s --at %s %s | wc -c" % (
                shlex.quote(BINARY), form, AT, shlex.quote(path))
            start = time.perf_counter()
            result = subprocess.run(["bash", "-o", "pipefail", "-c", command],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
            walls[form].append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit("bench: %s exited %d" % (command, result.returncode))
            size[form] = int(result.stdout.split()[0])
    return {form: statistics.median(values) for form, values in walls.items()}, size


def competing_load(path, runs):
    """--jobs 2 against --jobs 1 (full records) while one competing CPU-bound process (a shell busy
    loop, one core's worth) runs beside them, paired and interleaved: median wall seconds of each.
    Issue 24: two jobs must never be slower than one under load."""
    busy = subprocess.Popen(["sh", "-c", "while :; do :; done"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        two, one = [], []
        for _ in range(runs):
            for jobs, walls in (("2", two), ("1", one)):
                wall, status = run([BINARY, "score", "--batch", "--records", "full", "--jobs", jobs, "--at", AT, path])
                if status != 0:
                    sys.exit("bench: signaal score --batch --jobs %s exited %d" % (jobs, status))
                walls.append(wall)
    finally:
        busy.kill()
        busy.wait()
    return statistics.median(two), statistics.median(one)


RUNS_JOBS = int(os.environ.get("RUNS_JOBS", "3"))


def jobs_pairs(path, runs):
    """--jobs 2 against --jobs 1, full records, in pairs run one after the other (issue 24's target:
    >= 1.85x at the large size on a quiet machine): the median of the pairs' ratios, the median wall
    seconds and CPU seconds (user + system) of each, and the peak RSS of --jobs 2 (KiB, or None).
    A ratio from one pair does not depend on how busy the machine is over the whole bench; the CPU
    seconds show whether two jobs do more work than one (their hand-off)."""
    two, one, two_cpu, one_cpu, rss, ratios = [], [], [], [], [], []
    for _ in range(runs):
        pair = {}
        for jobs, walls, cpu in (("2", two, two_cpu), ("1", one, one_cpu)):
            wall, status = run([BINARY, "score", "--batch", "--records", "full", "--jobs", jobs, "--at", AT, path],
                               cpu=cpu, rss=rss if jobs == "2" else None)
            if status != 0:
                sys.exit("bench: signaal score --batch --jobs %s exited %d" % (jobs, status))
            walls.append(wall)
            pair[jobs] = wall
        ratios.append(pair["1"] / pair["2"])
    return (statistics.median(ratios), statistics.median(two), statistics.median(one), statistics.median(two_cpu),
            statistics.median(one_cpu), max(rss) if rss else None)


def futex_calls(path):
    """futex(2) calls of one --jobs 2 run with full records (strace -c -f), or None without strace:
    the threads' hand-offs, a count that does not depend on how busy the machine is."""
    if not shutil.which("strace"):
        return None
    with tempfile.NamedTemporaryFile(prefix="signaal-bench-strace-", suffix=".txt") as report:
        with open(os.devnull, "wb") as sink:
            subprocess.run(["strace", "-c", "-f", "-o", report.name, BINARY, "score", "--batch", "--records", "full",
                            "--jobs", "2", "--at", AT, path], stdout=sink, stderr=subprocess.DEVNULL, env=ENV)
        for line in open(report.name):
            fields = line.split()
            if fields and fields[-1] == "futex":
                return int(fields[3])
    return 0


# Instructions per case by phase (callgrind's --toggle-collect counts a function with all it calls):
# the streaming decoder, the engine's scoring and routing pass, the record writer; the rest is
# line splitting, reading, writing and the loop. Steady state: the difference between the first
# PHASE_SMALL and PHASE_LARGE cases, divided by the cases between them (start-up and the first
# cases' fragment building cancel out).
PHASES = [
    ("decode (FastCaseDecoder)", "*FastCaseDecoderC06decodeD0*"),
    ("score and route (Engine.evaluate)", "*EngineV8evaluate7context*"),
    ("write (AssessmentWriter, full record)", "*AssessmentWriterV5write9reference*"),
]
PHASE_SMALL = int(os.environ.get("PHASE_SMALL", "8000"))
PHASE_LARGE = int(os.environ.get("PHASE_LARGE", "16000"))


def phase_instructions(path):
    """{phase: instructions per case} for full records with one job, or None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    folder = tempfile.mkdtemp(prefix="signaal-bench-phases-")
    try:
        files = {}
        for count in (PHASE_SMALL, PHASE_LARGE):
            files[count] = os.path.join(folder, "%d.ndjson" % count)
            with open(path, "rb") as source, open(files[count], "wb") as target:
                for number, line in enumerate(source):
                    if number >= count:
                        break
                    target.write(line)
        result = {}
        for name, toggle in [("total", None)] + PHASES:
            counts = []
            for count in (PHASE_SMALL, PHASE_LARGE):
                argv = [BINARY, "score", "--batch", "--records", "full", "--jobs", "1", "--at", AT, files[count]]
                counts.append(instructions(argv, toggle=toggle))
            if None in counts:
                return None
            result[name] = (counts[1] - counts[0]) / (PHASE_LARGE - PHASE_SMALL)
        result["line split, I/O and the rest"] = result["total"] - sum(result[name] for name, _ in PHASES)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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


def instructions(argv, stdin_path=os.devnull, env=None, toggle=None):
    """Instructions executed by argv (valgrind --tool=callgrind, all threads), or None without valgrind.
    Unlike wall time this does not depend on what else the machine is doing. With `toggle` (a
    function name pattern) only those inside that function and what it calls."""
    if not shutil.which("valgrind"):
        return None
    options = ["--toggle-collect=" + toggle] if toggle else []
    with open(stdin_path, "rb") as stdin:
        result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + options + argv,
                                stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or ENV)
    for line in result.stderr.decode(errors="replace").splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    return None


def main():
    small, large = os.path.join(DATA, "small.ndjson"), os.path.join(DATA, "large.ndjson")
    n_small, n_large = lines(small), lines(large)
    one, method = one_case()
    s_ours, s_jq, s_plain, s_rss, s_single_rss, s_single, s_cpu, s_single_cpu, s_compact = batch(small, RUNS_BATCH)
    l_ours, l_jq, l_plain, l_rss, l_single_rss, l_single, l_cpu, l_single_cpu, l_compact = batch(large, RUNS_LARGE)
    piped, piped_bytes = pipe(small, RUNS_BATCH)
    loaded_two, loaded_one = competing_load(small, RUNS_BATCH)
    pairs = jobs_pairs(large, RUNS_JOBS)
    futexes = futex_calls(small)
    floor = peak_rss_floor()
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
        rows.append(("2 batch %d cases (full records): throughput" % count, rate(count, ours),
                     "jq %s; plain jq %s" % (rate(count, jq), rate(count, plain)),
                     "%.2fx jq, %.2fx plain" % (jq / ours, plain / ours), ">= 3.7x jq, >= 1.3x plain"))
    for count, jq, plain, single, compact in ((n_small, s_jq, s_plain, s_single, s_compact),
                                              (n_large, l_jq, l_plain, l_single, l_compact)):
        target = ">= 12x jq, >= 2.5x plain" if count == n_large else ""
        rows.append(("2 batch %d cases, --jobs 1, full records: throughput" % count, rate(count, single),
                     "jq %s; plain jq %s" % (rate(count, jq), rate(count, plain)),
                     "%.2fx jq, %.2fx plain" % (jq / single, plain / single), target))
        rows.append(("2 batch %d cases, --jobs 1, compact records (the batch default): throughput" % count,
                     rate(count, compact), "jq %s; plain jq %s" % (rate(count, jq), rate(count, plain)),
                     "%.2fx jq, %.2fx plain" % (jq / compact, plain / compact), target))
    cores = os.cpu_count() or 1
    for count, ours, single, cpu, single_cpu in ((n_small, s_ours, s_single, s_cpu, s_single_cpu),
                                                 (n_large, l_ours, l_single, l_cpu, l_single_cpu)):
        rows.append(("2 batch %d cases: --jobs %d (default) vs 1" % (count, cores), rate(count, ours),
                     "--jobs 1 %s; CPU %.2f s vs %.2f s" % (rate(count, single), cpu, single_cpu),
                     "%.2fx --jobs 1" % (single / ours), ">= 1.85x (quiet machine)" if count == n_large else ""))
    ratio, two, one, two_cpu, one_cpu, two_rss = pairs
    rows.append(("2 batch %d cases, full records: --jobs 2 vs --jobs 1, %d pairs" % (n_large, RUNS_JOBS), rate(n_large, two),
                 "--jobs 1 %s; CPU %.2f s vs %.2f s; RSS %s MB" % (
                     rate(n_large, one), two_cpu, one_cpu, "%.1f" % (two_rss / 1024) if two_rss else "?"),
                 "%.2fx --jobs 1 (median of the pairs)" % ratio, ">= 1.85x (quiet machine)"))
    if futexes is not None:
        rows.append(("2 batch %d cases, full records, --jobs 2: futex calls (strace -c -f)" % n_small,
                     "%d" % futexes, "%.1f per 1,000 cases" % (futexes * 1000 / n_small), "", ""))
    rows.append(("2 batch %d cases beside one competing CPU-bound process: --jobs 2 vs 1" % n_small,
                 rate(n_small, loaded_two), "--jobs 1 %s" % rate(n_small, loaded_one),
                 "%.2fx --jobs 1" % (loaded_one / loaded_two), ">= 1.0x (never slower)"))
    mb = lambda kib: "%.1f" % (kib / 1024)
    if floor is not None:
        rows += [
            ("3 peak RSS (GNU time %%M), batch %d / %d cases, --jobs %d" % (n_small, n_large, cores),
             "%s / %s MB" % (mb(s_rss), mb(l_rss)), "/bin/true %s MB" % mb(floor), "", "<= 16 MB, flat"),
            ("3 peak RSS (GNU time %%M), batch %d / %d cases, --jobs 1" % (n_small, n_large),
             "%s / %s MB" % (mb(s_single_rss), mb(l_single_rss)), "/bin/true %s MB" % mb(floor), "", ""),
        ]
    else:
        rows.append(("3 peak RSS", "not measured: no GNU time at %s" % GNU_TIME, "", "", "<= 16 MB, flat"))
    rows.append(("4 triage: start to first byte on stderr", ms(prompt), "", "", "<= 10 ms"))
    rows += [
        ("6 batch %d cases into a pipe (| wc -c): compact vs full" % n_small, "%.2f s" % piped["compact"],
         "full %.2f s" % piped["full"], "%.2fx faster" % (piped["full"] / piped["compact"]), ">= 2.5x faster"),
        ("6 bytes per record: compact vs full", "%.0f B" % (piped_bytes["compact"] / n_small),
         "full %.0f B" % (piped_bytes["full"] / n_small), "%.1fx smaller" % (piped_bytes["full"] / piped_bytes["compact"]),
         "compact <= 1.5 KB"),
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
    phases = phase_instructions(small)
    if phases:
        for name, value in phases.items():
            rows.append(("5 instructions per case, full records, --jobs 1: " + name, "%.1fk instr" % (value / 1000), "", "",
                         "<= 55k" if name == "total" else ""))
    print("one case: median of %d runs (%s); batch: median of %d runs at %d, %d at %d; prompt: median of %d"
          % (RUNS_ONE, method, RUNS_BATCH, n_small, RUNS_LARGE, n_large, RUNS_PROMPT))
    header = ("measure", "signaal", "yardstick", "ratio", "target")
    if os.environ.get("MARKDOWN") == "1":  # for docs/PERFORMANCE.md (bench.sh WRITE_DOCS=1)
        print()
        for row in [header, tuple("---" for _ in header)] + rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
