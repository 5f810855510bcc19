#!/usr/bin/env python3
"""Writes src/model/zones.txt: every IANA time zone of the system's tzdata with the POSIX TZ
rule (the TZif footer) that tzdata itself uses for every time after its last listed
transition. Posture places maintenance windows in the coming year only, for which that rule is
what the full database says, except where a zone's future changes follow no rule: such zones
(Africa/Casablanca and Africa/El_Aaiun, whose offset changes around Ramadan) are left out, and
Posture says it cannot place a window in them rather than guess.

    python3 scripts/gen-zones.py [/usr/share/zoneinfo] > src/model/zones.txt
"""
import os
import struct
import subprocess
import sys
import time

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo"
SKIP = {"leapseconds", "leap-seconds.list", "SECURITY", "posixrules", "localtime", "Factory"}


def read(path):
    """The v2+ transitions (time, type's offset and dst flag) and the footer of a TZif file."""
    data = open(path, "rb").read()
    if data[:4] != b"TZif" or data[4] < 0x32:
        return None

    def counts(at):
        return struct.unpack(">6l", data[at + 20:at + 44])

    isut, isstd, leap, times, types, chars = counts(0)
    at = 44 + times * 4 + times + types * 6 + chars + leap * 8 + isstd + isut
    isut, isstd, leap, times, types, chars = counts(at)
    p = at + 44
    instants = struct.unpack(">%dq" % times, data[p:p + 8 * times])
    p += 8 * times
    index = data[p:p + times]
    p += times
    kinds = [struct.unpack(">lBB", data[p + 6 * i:p + 6 * i + 6])[:2] for i in range(types)]
    end = at + 44 + times * 8 + times + types * 6 + chars + leap * 12 + isstd + isut
    footer = data[end:].strip(b"\n").decode()
    return [(t, kinds[i]) for t, i in zip(instants, index)], footer


now = time.time()
zones, left_out = [], []
for directory, _, files in os.walk(root):
    rel = os.path.relpath(directory, root)
    if rel.split("/")[0] in ("posix", "right"):
        continue
    for file in files:
        if file in SKIP or file.endswith((".tab", ".zi")):
            continue
        read_back = read(os.path.join(directory, file))
        if read_back is None:
            continue
        transitions, footer = read_back
        future = {kind for t, kind in transitions if t > now}
        # A footer without a daylight-saving rule, yet several offsets to come: changes no rule states.
        if not footer or ("," not in footer and len(future) > 1):
            left_out.append(os.path.normpath(os.path.join(rel, file)))
            continue
        zones.append((os.path.normpath(os.path.join(rel, file)), footer))

try:
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "tzdata"], capture_output=True, text=True).stdout
except OSError:
    version = "unknown"
print(f"# IANA time zones and their POSIX rules, from tzdata {version} ({root}) by scripts/gen-zones.py.")
print(f"# Left out (future offsets follow no rule): {', '.join(sorted(left_out))}.")
for name, rule in sorted(zones):
    print(f"{name}\t{rule}")
