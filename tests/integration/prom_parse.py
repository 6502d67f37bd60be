#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A strict reader of the Prometheus text exposition format 0.0.4, written
# from the format's rules (independent of handoff's code), for the /metrics
# tests.  Checks: every sample belongs to a family declared by one # HELP and
# one # TYPE line before its samples; names and label names are valid; label
# values are quoted with only \\ \" \n escapes; values are numbers (or +Inf,
# -Inf, NaN); no series twice; a counter never negative; a histogram has per
# label set cumulative _bucket series with le ascending, one le="+Inf" equal
# to its _count, and a _sum.
#
# usage: prom_parse.py FILE          exit 1 with the problems, else print the
#                                    samples as JSON {"name{a=\"x\",...}": value}
#        prom_parse.py FILE SERIES   print the value of one series (labels
#                                    sorted by name, as in the JSON keys)
import json
import math
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def parse_labels(text, pos, problems, where):
    """Labels from text[pos] == '{'; returns (dict, position after '}')."""
    labels = {}
    pos += 1
    while True:
        if pos < len(text) and text[pos] == "}":
            return labels, pos + 1
        m = LABEL.match(text, pos)
        if not m:
            problems.append(f"{where}: bad label name at column {pos + 1}")
            return labels, len(text)
        name = m.group(0)
        pos = m.end()
        if text[pos:pos + 2] != '="':
            problems.append(f"{where}: label {name} needs =\"value\"")
            return labels, len(text)
        pos += 2
        value = []
        while pos < len(text) and text[pos] != '"':
            if text[pos] == "\\":
                nxt = text[pos + 1:pos + 2]
                if nxt not in ("\\", '"', "n"):
                    problems.append(f"{where}: bad escape \\{nxt} in label {name}")
                value.append({"n": "\n"}.get(nxt, nxt))
                pos += 2
            else:
                value.append(text[pos])
                pos += 1
        if pos >= len(text):
            problems.append(f"{where}: unterminated value of label {name}")
            return labels, len(text)
        pos += 1
        if name in labels:
            problems.append(f"{where}: label {name} twice")
        labels[name] = "".join(value)
        if pos < len(text) and text[pos] == ",":
            pos += 1


def number(text):
    if text in ("+Inf", "Inf"):
        return math.inf
    if text == "-Inf":
        return -math.inf
    if text == "NaN":
        return math.nan
    return float(text)


def key(name, labels):
    inner = ",".join(f'{k}="{labels[k]}"' for k in sorted(labels))
    return f"{name}{{{inner}}}" if labels else name


def family_of(name, types):
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and types.get(base) in ("histogram", "summary"):
            return base
    return name


def check(text):
    problems, types, helps, samples, series = [], {}, {}, {}, []
    seen_family_samples = set()
    if not text.endswith("\n"):
        problems.append("the exposition must end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = f"line {n}"
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                if not NAME.fullmatch(name):
                    problems.append(f"{where}: bad metric name {name!r}")
                table = helps if parts[1] == "HELP" else types
                if name in table:
                    problems.append(f"{where}: second # {parts[1]} for {name}")
                if name in seen_family_samples:
                    problems.append(f"{where}: # {parts[1]} {name} after its samples")
                if parts[1] == "TYPE":
                    if len(parts) != 4 or parts[3] not in TYPES:
                        problems.append(f"{where}: bad type {line!r}")
                    types[name] = parts[3] if len(parts) == 4 else "untyped"
                else:
                    helps[name] = parts[3] if len(parts) == 4 else ""
            continue
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        m = NAME.match(line)
        if not m:
            problems.append(f"{where}: no metric name")
            continue
        name, pos, labels = m.group(0), m.end(), {}
        if pos < len(line) and line[pos] == "{":
            labels, pos = parse_labels(line, pos, problems, where)
        rest = line[pos:]
        if not rest.startswith(" "):
            problems.append(f"{where}: a space must separate the series and its value")
            continue
        fields = rest.split()
        try:
            value = number(fields[0])
        except (ValueError, IndexError):
            problems.append(f"{where}: bad value {rest!r}")
            continue
        if len(fields) > 2:
            problems.append(f"{where}: junk after the value")
        fam = family_of(name, types)
        if fam not in types:
            problems.append(f"{where}: {name} has no # TYPE before it")
        if fam not in helps:
            problems.append(f"{where}: {name} has no # HELP before it")
        seen_family_samples.add(fam)
        k = key(name, labels)
        if k in samples:
            problems.append(f"{where}: series {k} twice")
        if types.get(fam) == "counter" and value < 0:
            problems.append(f"{where}: counter {k} is negative")
        if types.get(fam) == "histogram" and name == fam:
            problems.append(f"{where}: a histogram's samples are _bucket, _sum, _count")
        samples[k] = value
        series.append((fam, name, labels, value))
    check_histograms(types, series, problems)
    return problems, samples


def check_histograms(types, series, problems):
    for fam in (f for f, t in types.items() if t == "histogram"):
        groups = {}
        for f, name, labels, value in series:
            if f != fam:
                continue
            rest = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
            g = groups.setdefault(rest, {"buckets": [], "sum": None, "count": None})
            if name == fam + "_bucket":
                if "le" not in labels:
                    problems.append(f"{fam}: a bucket without le")
                    continue
                g["buckets"].append((number(labels["le"]), value))
            elif name == fam + "_sum":
                g["sum"] = value
            elif name == fam + "_count":
                g["count"] = value
        for rest, g in groups.items():
            where = f"{fam}{dict(rest)}"
            les = [le for le, _ in g["buckets"]]
            if les != sorted(les) or len(set(les)) != len(les):
                problems.append(f"{where}: le not strictly ascending")
            counts = [c for _, c in g["buckets"]]
            if counts != sorted(counts):
                problems.append(f"{where}: buckets not cumulative")
            if not les or les[-1] != math.inf:
                problems.append(f"{where}: no le=\"+Inf\" bucket last")
            elif g["count"] != counts[-1]:
                problems.append(f"{where}: _count {g['count']} != +Inf bucket {counts[-1]}")
            if g["sum"] is None:
                problems.append(f"{where}: no _sum")


def main():
    text = open(sys.argv[1]).read()
    problems, samples = check(text)
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        sys.exit(1)
    if len(sys.argv) > 2:
        if sys.argv[2] not in samples:
            print(f"no series {sys.argv[2]}", file=sys.stderr)
            sys.exit(1)
        v = samples[sys.argv[2]]
        print(int(v) if v == int(v) else v)
    else:
        print(json.dumps(samples, indent=0, sort_keys=True))


if __name__ == "__main__":
    main()
