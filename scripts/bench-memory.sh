#!/usr/bin/env bash
# Peak resident memory of `posture check --format json` divided by the input's size, and the
# time, on: every latest-version AWS managed policy (one process, as scripts/bench.sh runs it);
# a ~20 MB `get-account-authorization-details` made by scripts/make_synthetic_authz.py from
# cloudsplaining's example (tests/corpus/authz/); generated policies of 8,000 to 64,000
# statements; and the hostile shapes of tests/bounded_work.rs at full size. The inputs are
# written to .bench/memory/ once. Prints a Markdown table for the README.
#
# Usage: scripts/bench-memory.sh    (needs GNU time at /usr/bin/time: `apt-get install time`)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "bench-memory: /usr/bin/time (GNU time) is needed" >&2; exit 2; }
cargo build --quiet --release --bin posture
scripts/bench-corpus.sh
out=.bench/memory
mkdir -p "$out"

if [ ! -f "$out/.made" ]; then
  python3 - "$out" <<'EOF'
import json, random, sys
out = sys.argv[1]
random.seed(7)
actions = ["s3:GetObject", "s3:PutObject", "s3:List*", "ec2:Describe*", "iam:PassRole", "iam:GetRole",
           "sqs:SendMessage", "logs:PutLogEvents", "kms:Decrypt", "dynamodb:GetItem", "lambda:InvokeFunction"]
def write(name, statements):
    with open(f"{out}/{name}.json", "w") as f:
        json.dump({"Version": "2012-10-17", "Statement": statements}, f)
def statements(n):
    for i in range(n):
        s = {"Sid": f"S{i}", "Effect": "Deny" if i % 5 == 0 else "Allow", "Action": random.sample(actions, 3),
             "Resource": "*" if i % 7 == 0 else [f"arn:aws:s3:::bucket-{i}/*", f"arn:aws:s3:::bucket-{i}",
                                                 f"arn:aws:iam::123456789012:role/r{i}-*"]}
        if i % 3 == 0:
            s["Condition"] = {"StringNotEquals": {"aws:PrincipalOrgID": [f"o-{i}", "o-x"]},
                              "Bool": {"aws:SecureTransport": "true"}}
        yield s
for n in (8000, 16000, 32000, 64000):
    write(f"statements-{n}", list(statements(n)))
x, a = "x" * 70000, "a" * 60000
write("hostile-long-resources", [
    {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{x}/*"},
    {"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{x}/a"}])
write("hostile-quadratic-search", [
    {"Sid": "Wide", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" + "a" * 6000 + "b*"},
    {"Sid": "Long", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b/{a}"}])
write("hostile-wildcard-runs", [
    {"Sid": "W", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/" + "*?" * 30000},
    {"Sid": "L", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b/{x}"}])
write("hostile-long-action-and-value", [
    {"Effect": "Allow", "Action": ["s3:" + "*a" * 35000 + "b", "*a" * 35000 + ":Get*"], "Resource": "*",
     "Condition": {"StringLike": {"aws:PrincipalTag/team": "*" + "é" * 35000 + "?*"}}}])
resources = [f"arn:aws:s3:::bucket-{i}/p*/?" for i in range(200000)]
write("hostile-many-resources", [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": resources},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}])
values = [f"arn:aws:iam::{i}:role/*-x?" for i in range(200000)]
write("hostile-many-condition-values", [
    {"Effect": e, "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
     "Condition": {"ArnLike": {"aws:PrincipalArn": values}, "StringNotLike": {"aws:userid": values}}}
    for e in ("Allow", "Deny")])
EOF
  python3 scripts/make_synthetic_authz.py tests/corpus/authz/cloudsplaining__examples_files_example.json \
    "$out/authz-x64.json" 64 >/dev/null
  touch "$out/.made"
fi

# row NAME FILE...: input bytes, peak RSS, their ratio, and the time of one run.
row() {
  local name=$1 bytes peak_kb secs
  shift
  bytes=$(cat "$@" | wc -c)
  read -r peak_kb secs < <(/usr/bin/time -f '%M %e' target/release/posture check --format json "$@" 2>&1 >/dev/null | tail -1)
  awk -v n="$name" -v b="$bytes" -v k="$peak_kb" -v s="$secs" \
    'BEGIN { r = b >= 1e6 ? sprintf("%.1f×", k * 1024 / b) : "–"
             printf "| %s | %.1f MB | %.0f MB | %s | %s s |\n", n, b / 1e6, k * 1024 / 1e6, r, s }'
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
echo
echo "| input | size | peak RSS | peak / size (inputs of 1 MB and more) | time |"
echo "|---|---|---|---|---|"
printf '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}' >"$out/tiny.json"
row "one-statement policy (the process's floor: binary and catalogue)" "$out/tiny.json"
row "AWS managed policies, all $(ls .bench/managed-policies | wc -l) in one process" .bench/managed-policies/*.json
[ -f "$out/authz-x64.json" ] && row "get-account-authorization-details (synthetic, x64)" "$out/authz-x64.json"
for n in 8000 16000 32000 64000; do
  row "one policy of $n statements" "$out/statements-$n.json"
done
for f in "$out"/hostile-*.json; do
  row "$(basename "$f" .json)" "$f"
done
