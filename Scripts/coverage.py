#!/usr/bin/env python3
"""Interview coverage benchmark: drives `signaal triage` in piped mode through every case in
Tests/Fixtures/coverage/cases.json and every bundled scenario, answering each prompt truthfully
from the case's facts, and reports per case:

  (a) the share of the case's true facts (answers "yes") that the interview captured,
  (b) the number of prompts used (every "Question N of M" shown), on an 80x24 screen (COLUMNS=80,
      LINES=24): every page of the checklist is a prompt, and so is `m` (more signals),
  (c) whether the interview's level equals `signaal score` on the full case.

The answering driver does not know the interview's order: it reads each prompt, recognises the
question by its text (the gate texts from Resources/strings/triage.json, the indicator questions
from Resources/catalog.json, checklist items by their labels) and answers from the facts. A prompt
it cannot recognise stops the run with an error.

Usage: Scripts/coverage.py BINARY [--write-readme FILE]
Prints the Markdown table; with --write-readme it replaces the block between
<!-- coverage:start --> and <!-- coverage:end --> in FILE (docs/USAGE.md: Scripts/coverage.sh --write-docs).
"""
import json
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_AT = "2026-11-18T14:00:00+01:00"


def load(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return json.load(handle)


CATALOG = load("Resources/catalog.json")
STRINGS = load("Resources/strings/triage.json")["strings"]
CONTACTS = load("Resources/contacts.json")
QUESTION_TO_ID = {indicator["question"]["en"]: indicator["id"] for indicator in CATALOG["indicators"]}
LABEL_TO_ID = {
    STRINGS["triage.item." + indicator["id"]]["en"]: indicator["id"]
    for indicator in CATALOG["indicators"]
    if "triage.item." + indicator["id"] in STRINGS
}
GATES = {STRINGS["triage.question." + key]["en"]: key for key in
         ["age", "acuteDanger", "guardianPresent", "registeredInNL", "offence", "checklist", "region", "reference",
          "checklist_short"]}
GATES[STRINGS["triage.question.checklist_short"]["en"]] = "checklist"
PROGRESS = r"^Question (\d+) of (?:max\. )?(\d+)(?: · list (\d+)/(\d+))?$"
CHECKLIST_ITEMS = {indicator["id"] for indicator in CATALOG["indicators"] if indicator.get("kind") != "acute"}
OFFENCE_NAMES = {offence["name"]["en"]: offence["id"] for offence in CATALOG["offences"]}


def cases():
    """(id, kind, case) for the written cases, then for the bundled scenarios."""
    for entry in load("Tests/Fixtures/coverage/cases.json")["cases"]:
        yield entry["id"], "written", entry["case"]
    folder = os.path.join(ROOT, "Resources/scenarios")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        scenario = load("Resources/scenarios/" + name)
        answers = {}
        for stage in scenario["stages"]:
            for question in stage["questions"]:
                answers[question["indicator"]] = question["expert"]
        yield scenario["id"], "scenario", {"version": 1, "context": scenario["context"], "answers": answers}


def tri(value):
    return {"yes": "y", "no": "n"}.get(value, "?")


class Driver:
    """Answers one prompt at a time from the facts of a case."""

    def __init__(self, case):
        self.context = case["context"]
        self.answers = case["answers"]
        self.yes = {key for key, value in case["answers"].items() if value == "yes"}
        self.listed = self.yes & CHECKLIST_ITEMS
        # Checklist items seen on the pages so far, and whether `m` was typed.
        self.seen = set()
        self.more = False

    def answer(self, block):
        lines = block.split("\n")
        # The question text is the line after the progress line, up to the first indented line.
        start = max(i for i, line in enumerate(lines) if re.match(PROGRESS, line))
        self.page = re.match(PROGRESS, lines[start]).groups()[2:]
        self.total = int(re.match(PROGRESS, lines[start]).group(2))
        text_lines = []
        for line in lines[start + 1:]:
            if line.startswith(" ") or re.match(r"^\S.*\s{2,}\d+ ", line):
                break
            text_lines.append(line)
        text = " ".join(text_lines).strip()
        self.asked_offence = text in GATES and GATES[text] == "offence"
        if text in GATES:
            return self.gate(GATES[text], lines[start + 1:])
        if text in QUESTION_TO_ID:
            return tri(self.answers.get(QUESTION_TO_ID[text]))
        raise SystemExit("coverage: unrecognised prompt: " + text)

    def gate(self, key, lines):
        context = self.context
        if key == "age":
            age = context.get("age")
            return str(age) if isinstance(age, int) else "?"
        if key in ("acuteDanger", "guardianPresent", "registeredInNL"):
            return tri(context.get(key))
        if key == "offence":
            offence = context.get("offence")
            for line in lines:
                match = re.match(r"^\s*(\d+)\. (.+)$", line)
                if match and OFFENCE_NAMES.get(match.group(2)) == offence:
                    return match.group(1)
            return "?"
        if key == "region":
            region = context.get("region")
            return region if region else "?"
        if key == "reference":
            return ""
        if key == "checklist":
            ticks = []
            for line in lines:
                if re.match(r"^  \S", line):
                    break  # the ticked items and the key line (item lines go on under the family column)
                for number, label in re.findall(r"(?:^|\s|· )(\d+) (.+?)(?=\s+· \d+ |\s*$)", line):
                    # A context item among scored ones carries a trailing * ("telt niet mee").
                    item = LABEL_TO_ID.get(label.strip().rstrip("*"))
                    if item:
                        self.seen.add(item)
                    if item in self.yes:
                        ticks.append(number)
            page, pages = self.page
            last = page is None or page == pages
            # On the last page, facts not on any page so far: `m` shows the families the fit hid
            # (the page stays and is shown again; they follow as more pages).
            if last and not self.more and not self.listed <= self.seen:
                self.more = True
                return "m"
            return ", ".join(ticks)
        raise SystemExit("coverage: no answer for " + key)


def read_prompt(process, buffer):
    """Reads stderr until it ends with a prompt ("\n> "); returns (block, rest) or (None, text)."""
    fd = process.stderr.fileno()
    while not buffer.endswith("\n> "):
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            raise SystemExit("coverage: the interview stopped answering")
        chunk = os.read(fd, 65536)
        if not chunk:
            return None, buffer
        buffer += chunk.decode("utf-8")
    return buffer, ""


def run_case(binary, case, work):
    saved = os.path.join(work, "interview.json")
    if os.path.exists(saved):
        os.remove(saved)
    context = case["context"]
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C", "HOME": work, "XDG_STATE_HOME": work + "/state",
                   "XDG_CONFIG_HOME": work + "/config", "COLUMNS": "80", "LINES": "24"}
    arguments = [binary, "triage", "--lang", "en", "--role", context.get("role", "police"),
                 "--at", context.get("assessedAt") or DEFAULT_AT, "--save", saved]
    process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environment)
    driver = Driver(case)
    prompts = 0
    # The total shown with every prompt after the offence question (issue 21: it never grows).
    totals = []
    after_offence = False
    transcript = ""
    buffer = ""
    while True:
        block, buffer = read_prompt(process, buffer)
        if block is None:
            transcript += buffer
            break
        transcript += block
        reply = driver.answer(block)
        if after_offence:
            totals.append(driver.total)
        if driver.asked_offence:
            after_offence = True
        prompts += 1
        process.stdin.write((reply + "\n").encode())
        process.stdin.flush()
    process.stdin.close()
    process.stdout.read()
    status = process.wait()
    if status != 0:
        raise SystemExit("coverage: triage exited %d:\n%s" % (status, transcript[-2000:]))
    shown = len(re.findall(PROGRESS, transcript, re.M))
    if shown != prompts:
        raise SystemExit("coverage: %d prompts shown, %d answered" % (shown, prompts))
    with open(saved, encoding="utf-8") as handle:
        interviewed = json.load(handle)
    asked = int(re.findall(PROGRESS, transcript, re.M)[-1][0])
    grew = [pair for pair in zip(totals, totals[1:]) if pair[1] > pair[0]]
    if grew or any(total < asked for total in totals):
        raise SystemExit("coverage: the question count is not a stable upper bound after the offence: %s (asked %d)"
                         % (totals, asked))
    return interviewed, prompts


def level(binary, case, work):
    path = os.path.join(work, "level.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(case, handle)
    result = subprocess.run([binary, "score", "--format", "json", path], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "LANG": "C"})
    if result.returncode != 0:
        raise SystemExit("coverage: score failed: " + result.stderr)
    return json.loads(result.stdout)["level"]


def yes_facts(case):
    return {key for key, value in case["answers"].items() if
            (value if isinstance(value, str) else value.get("answer")) == "yes"}


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    readme = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--write-readme" else None
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for case_id, kind, case in cases():
            interviewed, prompts = run_case(binary, case, work)
            facts = yes_facts(case)
            captured = facts & yes_facts(interviewed)
            full_level = level(binary, case, work)
            interview_level = level(binary, interviewed, work)
            context = case["context"]
            rows.append((case_id, kind, context.get("role", "police"), context.get("offence") or "-", len(facts),
                         len(captured), prompts, full_level, interview_level))
    print(render(rows))
    if readme:
        with open(readme, encoding="utf-8") as handle:
            text = handle.read()
        start, end = "<!-- coverage:start -->", "<!-- coverage:end -->"
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        with open(readme, "w", encoding="utf-8") as handle:
            handle.write(before + start + "\n" + render(rows) + "\n" + end + after)
    facts = sum(row[4] for row in rows)
    captured = sum(row[5] for row in rows)
    prompts = [row[6] for row in rows]
    ok = captured * 100 >= 95 * facts and all(row[7] == row[8] for row in rows) and \
        statistics.median(prompts) <= 12 and max(prompts) <= 25
    return 0 if ok else 1


def render(rows):
    """The coverage table (docs/USAGE.md): one row per case, then the totals (the same text the Swift test computes)."""
    lines = ["| case | kind | role | offence | true facts | captured | prompts | level (score) | level (interview) |",
             "|---|---|---|---|---:|---:|---:|---|---|"]
    for row in rows:
        lines.append("| %s | %s | %s | %s | %d | %d | %d | %s | %s%s |" % (
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], "" if row[7] == row[8] else " ✗"))
    facts = sum(row[4] for row in rows)
    captured = sum(row[5] for row in rows)
    prompts = sorted(row[6] for row in rows)
    equal = sum(1 for row in rows if row[7] == row[8])
    median = statistics.median(prompts)
    lines.append("")
    lines.append("%d cases: %d of %d true facts captured (%.1f %%); level equal to `signaal score` in %d of %d; "
                 "prompts median %s, most %d." % (len(rows), captured, facts, 100.0 * captured / max(facts, 1), equal,
                                                   len(rows), ("%g" % median), prompts[-1]))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
