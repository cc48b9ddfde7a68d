#!/usr/bin/env python3
"""Deterministic synthetic cases and the equivalent jq program, for Scripts/bench.sh.

  bench_data.py cases N SEED > cases.ndjson   N case lines (format version 1), seeded
  bench_data.py case SEED > case.json         one pretty-printed case
  bench_data.py jq > weights.jq               jq filter: {score, combinations}: the sum of the
                                              catalogue weights of the scored indicators answered yes
                                              and the combination rules that fire (Engine.evaluate)

Offence mix after 001 Figuur 4 (forms of forced crime, n=821): drugs 48 %, money mule 39 %,
katvanger 39 %, theft/burglary/pickpocketing 30 %, forced purchases 27 %, recruiting 22 %. The
shares overlap in the survey (one victim, several forms); here they are normalised to one offence
per case and spread evenly over the catalogue ids of each form. Answers are drawn from the real
indicator ids in Resources/catalog.json.
"""
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

FORMS = [  # (share in %, catalogue offence ids)
    (48, ["drug_running", "drug_dealing", "drug_smuggling", "cannabis"]),
    (39, ["money_mule"]),
    (39, ["katvanger"]),
    (30, ["shoplifting", "burglary", "pickpocketing"]),
    (27, ["fraud"]),
    (22, ["recruiting_others"]),
]

NOTES = [
    "zegt dat hij de schuld moet afbetalen",
    "telefoon ging steeds tijdens het verhoor",
    "says an older friend arranged the train ticket",
    "moeder niet bereikbaar; oom kwam naar het bureau",
    "carried \u20ac 340 in small notes",
    "\"he told me what to say\" (verbatim)",
]


def catalogue():
    with open(os.path.join(ROOT, "Resources", "catalog.json"), encoding="utf-8") as handle:
        return json.load(handle)


def offence_weights(catalog):
    known = {offence["id"] for offence in catalog["offences"]}
    weights = {}
    for share, ids in FORMS:
        for offence in ids:
            if offence not in known:
                sys.exit("bench_data.py: offence %r is not in the catalogue" % offence)
            weights[offence] = weights.get(offence, 0.0) + share / len(ids)
    total = sum(weights.values())
    return sorted(weights), [weights[offence] / total for offence in sorted(weights)]


def make_case(rng, number, indicators, offences, offence_shares):
    answers = {}
    for indicator in rng.sample(indicators, rng.randint(3, 14)):
        answer = rng.choices(["yes", "no", "unknown"], weights=[45, 35, 20])[0]
        if rng.random() < 0.15:
            answers[indicator] = {"answer": answer, "note": rng.choice(NOTES)}
        else:
            answers[indicator] = answer
    context = {
        "age": rng.choice([rng.randint(10, 17), rng.randint(10, 17), "unknown"]),
        "role": rng.choice(["police", "police", "police", "zsm", "zsm", "education", "care", "municipality"]),
        "offence": rng.choices(offences, weights=offence_shares)[0],
        "acuteDanger": rng.choice(["no", "no", "no", "unknown", "yes"]),
        "guardianPresent": rng.choice(["yes", "yes", "no", "unknown"]),
        "registeredInNL": rng.choice(["yes", "yes", "no", "unknown"]),
        "assessedAt": "2026-%02d-%02dT%02d:%02d:00+01:00"
        % (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)),
    }
    case = {"version": 1, "reference": "SYN-2026-%07d" % number, "context": context, "answers": answers}
    return case



def main():
    catalog = catalogue()
    indicators = [indicator["id"] for indicator in catalog["indicators"]]
    offences, shares = offence_weights(catalog)
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "cases":
        count, seed = int(sys.argv[2]), int(sys.argv[3])
        rng = random.Random(seed)
        out = sys.stdout
        lines = []
        for number in range(1, count + 1):
            lines.append(json.dumps(make_case(rng, number, indicators, offences, shares), ensure_ascii=False,
                                    separators=(",", ":")))
            if len(lines) == 10000:
                out.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            out.write("\n".join(lines) + "\n")
    elif command == "case":
        rng = random.Random(int(sys.argv[2]))
        print(json.dumps(make_case(rng, 1, indicators, offences, shares), ensure_ascii=False, indent=2))
    elif command == "jq":
        # Same rule as Engine.level: the weights of scored (non-context) indicators answered yes; an
        # indicator with `countsOnlyWith` counts only beside another scored yes of those families/ids.
        scored = [i for i in catalog["indicators"] if i["kind"] != "context"]
        weights = {i["id"]: i["weight"] for i in scored}
        partners = {
            i["id"]: [p["id"] for p in scored if p["id"] != i["id"]
                      and (p["family"] in i["countsOnlyWith"] or p["id"] in i["countsOnlyWith"])]
            for i in scored if "countsOnlyWith" in i
        }
        # Combination rules (Engine.evaluate): a rule fires when the offence is one of its offences
        # (if it names any), every allYes and at least one anyYes (if any) is answered yes. They
        # lift the level, not the score; the yardstick reports which fired beside the score.
        combinations = [
            {"id": rule["id"], "offences": rule["when"].get("offences"),
             "allYes": rule["when"].get("allYes", []), "anyYes": rule["when"].get("anyYes", [])}
            for rule in catalog.get("combinations", [])
        ]
        table = json.dumps(weights, separators=(",", ":"))
        needs = json.dumps(partners, separators=(",", ":"))
        rules = json.dumps(combinations, separators=(",", ":"))
        print(table + " as $w | " + needs + " as $c | " + rules + " as $k"
              " | [.answers | to_entries[]"
              " | select((.value | if type == \"object\" then .answer else . end) == \"yes\") | .key] as $yes"
              " | .context.offence as $o"
              " | {score: ([$yes[] | . as $id | if $c[$id] then (if any($c[$id][]; . as $p | $yes | index($p)) then $w[$id] else 0 end)"
              " else ($w[$id] // 0) end] | add // 0),"
              " combinations: [$k[] | select((.offences == null or (.offences | index($o)))"
              " and all(.allYes[]; . as $i | $yes | index($i))"
              " and (.anyYes == [] or any(.anyYes[]; . as $i | $yes | index($i)))) | .id]}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
