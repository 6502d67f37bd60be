#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The leads behind a report funnel cell (issue 15, must-have 6):
# `handoff leads --cohort M --reached S [--by D --group G]` and GET /v1/leads
# with cohort, reached, by and group list exactly the journeys the cell
# counts.  On the demo data (3,000 leads) every cell is computed
# independently in Python from the SQLite journeys table (sqlite3: a
# journey's cohort is the UTC month of its first stage's at_ time; it reached
# S when first <= S <= furthest in the funnel order mql, sal, sql, meeting,
# opportunity, customer), checked against `report funnel --json` (all, and
# --by channel with its "(none)" group) and against the lead list: the same
# leads, total = distinct leads, journeys = the cell's count, for every
# cohort x stage of by=all, every channel cell's MQL and SQL, and each
# cohort's MQL->SQL numerator (reached=mql,sql).  The same for report
# dispositions (closed, closed_in, reason, category): journeys closed in
# nurture or disqualified, by closing month and reason, of all months and of
# two single months (the report's from/to); a category's reasons are taken
# from the report, its journeys counted in Python.  And report speed's
# buckets (speed, with reached=sql for the SQL rate's numerator): MQL
# journeys by the wait to the first contact attempt.  And report sla's
# met/breached/open/cancelled counts (sla, sla_status): clocks of
# sla_clocks evaluated in Python at the report's as-of time, business time
# on the demo calendar by zoneinfo.  Bad values: exit 2
# (CLI), 400 (HTTP) naming the parameter.
# Usage: test_leads_funnel_cells.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/handoff-leadcells.XXXXXX") || exit 1
PID=
trap '[ -n "$PID" ] && kill "$PID" 2> /dev/null; wait 2> /dev/null; rm -rf "$T"' EXIT

"$H" demo --dir "$T/demo" --leads 3000 > "$T/demo.log" 2>&1 || {
  echo "FAIL: handoff demo" >&2
  tail "$T/demo.log" >&2
  exit 1
}
DB=$T/demo/handoff.db
# spend for the cost table (report pipeline): three months of one channel,
# one of another; a channel's spend in a month it has no MQLs adds nothing
printf 'channel,month,amount\npaid_search,2026-05,9000\npaid_search,2026-06,7000\npaid_search,2026-09,7000\norganic_search,2026-06,5000\n' \
  > "$T/spend.csv"
"$H" import-spend --db "$DB" "$T/spend.csv" > /dev/null 2>&1 || {
  echo "FAIL: import-spend" >&2
  exit 1
}
PORT=$(python3 "$SRC/tests/integration/serve_client.py" port)
TOKEN=$("$H" token create --db "$DB" --scope read 2> /dev/null)
"$H" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 2>> "$T/serve.log" &
PID=$!
for _ in $(seq 200); do
  curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null && break
  sleep 0.05
done

python3 - "$H" "$DB" "$PORT" "$TOKEN" <<'PY'
import datetime
import json
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo

H, DB, PORT, TOKEN = sys.argv[1:5]
ORDER = ["lead", "mql", "sal", "sql", "meeting", "opportunity", "customer"]
FUNNEL = ["mql", "sal", "sql", "opportunity", "customer"]  # the demo's stage set
failed = 0
checks = 0


def check(what, ok, detail=""):
    global failed, checks
    checks += 1
    if not ok:
        failed += 1
        print(f"FAIL: {what} {detail}")


def month(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m")


# --- the independent count: journeys from SQLite
con = sqlite3.connect(DB)
cols = ", ".join(f"at_{s}" for s in ORDER)
journeys = []
for lead, channel, first, furthest, *at in con.execute(
        f"SELECT lead, channel, first_stage, furthest, {cols} FROM journeys"):
    start = at[ORDER.index(first)]
    reached = {s for s in FUNNEL if ORDER.index(first) <= ORDER.index(s) <= ORDER.index(furthest)}
    journeys.append({"lead": lead, "channel": channel or "(none)", "cohort": month(start),
                     "reached": reached})


def cell(cohort, stages, channel=None):
    js = [j for j in journeys if j["cohort"] == cohort and set(stages) <= j["reached"]
          and (channel is None or j["channel"] == channel)]
    return len(js), sorted({j["lead"] for j in js})


def report(*args):
    out = subprocess.run([H, "report", "funnel", "--db", DB, "--json", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["cohorts"]


def leads_cli(*args):
    p = subprocess.run([H, "leads", "--db", DB, "--json", "--sort", "lead", *args],
                       capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.returncode == 0 else p.stderr)


def leads_http(params):
    url = f"http://127.0.0.1:{PORT}/v1/leads?" + urllib.parse.urlencode({**params, "limit": 1000})
    rq = urllib.request.Request(url, headers={"Authorization": "Bearer " + TOKEN})
    try:
        with urllib.request.urlopen(rq, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def same_list(what, got, n_journeys, leads):
    check(f"{what}: total", got["total"] == len(leads), f"{got['total']} != {len(leads)}")
    check(f"{what}: journeys", got["journeys"] == n_journeys, f"{got['journeys']} != {n_journeys}")
    check(f"{what}: the leads", [l["lead"] for l in got["leads"]] == leads)


# --- by=all: every cohort x stage, and the MQL->SQL numerator
cohorts = report()
check("demo has cohorts", len(cohorts) >= 10, str(len(cohorts)))
for c in cohorts:
    for s in FUNNEL:
        n, leads = cell(c["cohort"], [s])
        check(f"{c['cohort']} {s}: report = Python", c["counts"][s] == n, f"{c['counts'][s]} != {n}")
        rc, got = leads_cli("--cohort", c["cohort"], "--reached", s)
        check(f"{c['cohort']} {s}: leads exit 0", rc == 0, str(got))
        if rc == 0:
            same_list(f"{c['cohort']} {s} (cli)", got, n, leads)
    n, leads = cell(c["cohort"], ["mql", "sql"])
    check(f"{c['cohort']} mql_sql.num = Python", c["rates"]["mql_sql"]["num"] == n)
    code, got = leads_http({"cohort": c["cohort"], "reached": "mql,sql"})
    check(f"{c['cohort']} mql,sql: HTTP 200", code == 200, str(got))
    if code == 200:
        same_list(f"{c['cohort']} mql,sql (http)", got, n, leads)

# --- by channel: each cell's MQL and SQL, on the CLI and over HTTP
by = report("--by", "channel")
check("by channel has a (none) group or several channels", len({c["group"] for c in by}) >= 3)
for c in by:
    for s in ("mql", "sql"):
        n, leads = cell(c["cohort"], [s], c["group"])
        check(f"{c['cohort']}/{c['group']} {s}: report = Python", c["counts"][s] == n)
        rc, got = leads_cli("--cohort", c["cohort"], "--reached", s, "--by", "channel",
                            "--group", c["group"])
        if rc == 0:
            same_list(f"{c['cohort']}/{c['group']} {s} (cli)", got, n, leads)
        else:
            check(f"{c['cohort']}/{c['group']} {s}: leads exit 0", False, got)
c = by[-1]
n, leads = cell(c["cohort"], ["mql"], c["group"])
code, got = leads_http({"cohort": c["cohort"], "reached": "mql", "by": "channel", "group": c["group"]})
check("by channel over HTTP: 200", code == 200, str(got))
if code == 200:
    same_list("by channel (http)", got, n, leads)

# --- dispositions: journeys closed in nurture or disqualified (closed = 1,
# last_stage one of them), the closing month that of at_<last_stage>, by
# reason; against report dispositions (all, and one month's from/to)
disp = []
for lead, last, reason, t_n, t_d in con.execute(
        "SELECT lead, last_stage, reason, at_nurture, at_disqualified FROM journeys "
        "WHERE closed = 1 AND last_stage IN ('nurture', 'disqualified')"):
    disp.append({"lead": lead, "last": last, "reason": reason or "(none)",
                 "month": month(t_n if last == "nurture" else t_d)})


def disp_cell(closed, month_=None, reason=None):
    js = [d for d in disp if d["last"] in closed.split(",") and (month_ is None or d["month"] == month_)
          and (reason is None or d["reason"] == reason)]
    return len(js), sorted({d["lead"] for d in js})


def disp_report(*args):
    out = subprocess.run([H, "report", "dispositions", "--db", DB, "--json", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["groups"][0]


BOTH = "nurture,disqualified"
months = sorted({d["month"] for d in disp})
check("demo has dispositions in several months", len(months) >= 6, str(months))
twice = len(disp) - len({d["lead"] for d in disp})
check("demo has a lead with two dispositions (journeys != leads)", twice > 0, str(twice))
for m in (None, months[-2], months[len(months) // 2]):
    span = []
    if m:
        y, mo = map(int, m.split("-"))
        nxt = f"{y + (mo == 12):04d}-{mo % 12 + 1:02d}"
        span = ["--from", f"{m}-01", "--to", f"{nxt}-01"]
    g = disp_report(*span)
    inm = ["--closed-in", m] if m else []
    n, leads = disp_cell(BOTH, m)
    check(f"dispositions {m}: report total = Python", g["total"] == n, f"{g['total']} != {n}")
    rc, got = leads_cli("--closed", BOTH, *inm)
    if rc == 0:
        same_list(f"dispositions {m} total (cli)", got, n, leads)
    else:
        check(f"dispositions {m}: exit 0", False, got)
    for r in g["reasons"]:
        code = r["reason"] or "(none)"
        for closed, key in ((BOTH, "count"), ("nurture", "nurtured"), ("disqualified", "disqualified")):
            n, leads = disp_cell(closed, m, code)
            check(f"dispositions {m} {code} {key}: report = Python", r[key] == n, f"{r[key]} != {n}")
            rc, got = leads_cli("--closed", closed, "--reason", code, *inm)
            if rc == 0:
                same_list(f"dispositions {m} {code} {key} (cli)", got, n, leads)
            else:
                check(f"dispositions {m} {code}: exit 0", False, got)
    for c in g["categories"]:
        codes = {r["reason"] or "(none)" for r in g["reasons"] if r["category"] == c["category"]}
        js = [d for d in disp if d["reason"] in codes and (m is None or d["month"] == m)]
        params = {"closed": BOTH, "category": c["category"], **({"closed_in": m} if m else {})}
        code_, got = leads_http(params)
        check(f"category {c['category']} {m}: HTTP 200", code_ == 200, str(got))
        if code_ == 200:
            same_list(f"category {c['category']} {m} (http)", got, c["count"],
                      sorted({d["lead"] for d in js}))
            check(f"category {c['category']} {m}: = Python", c["count"] == len(js))

# --- speed to lead: MQL journeys (at_mql set) by the wait from at_mql to
# first_contact_at: <= 5 min, 1 h, 24 h, 7 d, more, never; SQL = furthest
# sql or later; against report speed
BUCKETS = [("<=5m", 5 * 60e3), ("<=1h", 3600e3), ("<=24h", 86400e3), ("<=7d", 7 * 86400e3)]
speed = []
for lead, t_mql, t_contact, furthest in con.execute(
        "SELECT lead, at_mql, first_contact_at, furthest FROM journeys WHERE at_mql IS NOT NULL"):
    if t_contact is None:
        b = "never"
    else:
        b = next((name for name, upper in BUCKETS if t_contact - t_mql <= upper), ">7d")
    speed.append({"lead": lead, "bucket": b,
                  "sql": ORDER.index(furthest) >= ORDER.index("sql")})
rep = json.loads(subprocess.run([H, "report", "speed", "--db", DB, "--json"], check=True,
                                capture_output=True, text=True).stdout)
check("report speed has the six buckets", [b["bucket"] for b in rep["buckets"]] ==
      ["<=5m", "<=1h", "<=24h", "<=7d", ">7d", "never"])
for b in rep["buckets"]:
    js = [x for x in speed if x["bucket"] == b["bucket"]]
    sq = [x for x in js if x["sql"]]
    check(f"speed {b['bucket']}: report = Python", (b["journeys"], b["sql"]["num"]) == (len(js), len(sq)),
          f"{b['journeys']}/{b['sql']['num']} != {len(js)}/{len(sq)}")
    rc, got = leads_cli("--speed", b["bucket"])
    if rc == 0:
        same_list(f"speed {b['bucket']} (cli)", got, len(js), sorted({x["lead"] for x in js}))
    else:
        check(f"speed {b['bucket']}: exit 0", False, got)
    code, got = leads_http({"speed": b["bucket"], "reached": "sql"})
    if code == 200:
        same_list(f"speed {b['bucket']} sql (http)", got, len(sq), sorted({x["lead"] for x in sq}))
    else:
        check(f"speed {b['bucket']} sql: HTTP 200", False, str(got))

# --- report sla: every clock (sla_clocks) evaluated at the report's as-of
# time; business time on the demo calendar (America/New_York, mon-fri
# 08:00-18:00, holidays 2026-12-25 and 2027-01-01) unless raw.  breached:
# used > within; else cancelled: stopped by the journey's close (no
# stop_event); else met when stopped, open when running.  The list counts
# clocks (its "clocks" field).
NY = zoneinfo.ZoneInfo("America/New_York")
HOLIDAYS = {datetime.date(2026, 12, 25), datetime.date(2027, 1, 1)}


def business_ms(a, b):
    if b <= a:
        return 0
    day = datetime.datetime.fromtimestamp(a / 1000, NY).date() - datetime.timedelta(days=1)
    last = datetime.datetime.fromtimestamp(b / 1000, NY).date()
    total = 0
    while day <= last:
        if day.weekday() < 5 and day not in HOLIDAYS:
            lo, hi = (int(datetime.datetime(day.year, day.month, day.day, h, tzinfo=NY)
                          .timestamp() * 1000) for h in (8, 18))
            total += max(0, min(b, hi) - max(a, lo))
        day += datetime.timedelta(days=1)
    return total


rep = json.loads(subprocess.run([H, "report", "sla", "--db", DB, "--json"], check=True,
                                capture_output=True, text=True).stdout)
NOW = round(datetime.datetime.fromisoformat(rep["as_of"].replace("Z", "+00:00")).timestamp() * 1000)
clocks = []
for lead, name, started, stopped, stop_event, within, raw in con.execute(
        "SELECT lead, name, started_at, stopped_at, stop_event, within_ms, raw FROM sla_clocks"):
    end = max(started, stopped if stopped is not None else NOW)
    used = end - started if raw else business_ms(started, end)
    if used > within:
        st = "breached"
    elif stopped is not None and not stop_event:
        st = "cancelled"
    else:
        st = "met" if stopped is not None else "open"
    clocks.append({"lead": lead, "name": name, "status": st})
check("report sla has SLAs", len(rep["slas"]) >= 2, str(len(rep["slas"])))
for s in rep["slas"]:
    for st in ("met", "breached", "open", "cancelled"):
        cs = [c for c in clocks if c["name"] == s["sla"] and c["status"] == st]
        check(f"sla {s['sla']} {st}: report = Python", s[st] == len(cs), f"{s[st]} != {len(cs)}")
        leads = sorted({c["lead"] for c in cs})
        rc, got = leads_cli("--sla", s["sla"], "--sla-status", st)
        if rc == 0:
            check(f"sla {s['sla']} {st} (cli): total", got["total"] == len(leads))
            check(f"sla {s['sla']} {st} (cli): clocks", got.get("clocks") == len(cs),
                  f"{got.get('clocks')} != {len(cs)}")
            check(f"sla {s['sla']} {st} (cli): the leads", [l["lead"] for l in got["leads"]] == leads)
        else:
            check(f"sla {s['sla']} {st}: exit 0", False, got)
        code, got = leads_http({"sla": s["sla"], "sla_status": st})
        check(f"sla {s['sla']} {st} (http)", code == 200 and got["total"] == len(leads)
              and got.get("clocks") == len(cs) and "journeys" not in got, str(got)[:200])
    # met_rate: met over met and breached (open and cancelled clocks left out)
    den = [c for c in clocks if c["name"] == s["sla"] and c["status"] in ("met", "breached")]
    check(f"sla {s['sla']} met_rate: report = Python",
          (s["met_rate"]["num"], s["met_rate"]["den"]) == (s["met"], len(den)), str(s["met_rate"]))
    code, got = leads_http({"sla": s["sla"], "sla_status": "met,breached"})
    check(f"sla {s['sla']} met,breached (http)", code == 200 and got.get("clocks") == len(den)
          and got["total"] == len({c["lead"] for c in den}), str(got)[:200])
rc, got = leads_cli("--sla", "no-such")
check("unknown sla: nobody", rc == 0 and got["total"] == 0 and got["clocks"] == 0, str(got))

# --- the cost table (report pipeline with spend): per channel, the
# marketing-sourced journeys of that channel whose MQL (before the as-of end)
# fell in a month whose spend counts (its first day in [from, to)); SQLs: of
# them, those whose SQL time (a skipped sql: the next stage entered) came
# before the end.  The end: to, or just after the as-of time when it comes
# first.  Counted here from the journeys and spend tables.
AS_OF = con.execute("SELECT value FROM meta WHERE key = 'as_of'").fetchone()[0]
SPEND = {(ch, m) for ch, m in con.execute("SELECT channel, month FROM spend")}
cost_rows = []
for lead, channel, first, furthest, *at in con.execute(
        f"SELECT lead, channel, first_stage, furthest, {cols} FROM journeys"):
    sql = at[ORDER.index("sql")]
    if sql is None and ORDER.index(first) <= ORDER.index("sql") <= ORDER.index(furthest):
        sql = min((t for t in at[ORDER.index("sql"):] if t is not None), default=None)
    cost_rows.append({"lead": lead, "channel": channel, "mql": at[ORDER.index("mql")], "sql": sql})


def ms_of(day):
    return round(datetime.datetime.fromisoformat(day + "T00:00:00+00:00").timestamp() * 1000)


def cost_cohort(frm, to, at, channel, want_sql):
    lo = ms_of(frm) if frm else -2**63
    hi = ms_of(to) if to else 2**63 - 1
    end = hi if hi <= at else at + 1
    js = [j for j in cost_rows if j["channel"] and j["mql"] is not None and j["mql"] < end
          and (channel is None or j["channel"] == channel)
          and (j["channel"], month(j["mql"])) in SPEND
          and lo <= ms_of(month(j["mql"]) + "-01") < hi
          and (not want_sql or (j["sql"] is not None and j["sql"] < end))]
    return len(js), sorted({j["lead"] for j in js})


AT_JUNE = ms_of("2026-06-20")
for frm, to, at in ((None, None, None), ("2026-06-01", "2026-07-01", None),
                    ("2026-06-15", None, None), (None, "2026-09-15", None),
                    ("2026-05-01", None, "2026-06-20")):
    span = (["--from", frm] if frm else []) + (["--to", to] if to else []) + \
        (["--at", at] if at else [])
    pipe = json.loads(subprocess.run([H, "report", "pipeline", "--db", DB, "--json", *span],
                                     check=True, capture_output=True, text=True).stdout)
    sp = pipe["spend"]
    if sp is None:
        check(f"cost {span}: the report has spend", False)
        continue
    when = AT_JUNE if at else AS_OF
    for c in [*sp["channels"], sp["total"]]:
        ch = None if c["channel"] == "all" else c["channel"]
        for kind in ("mql", "sql"):
            n, leads = cost_cohort(frm, to, when, ch, kind == "sql")
            what = f"cost {span} {c['channel']} {kind}"
            check(f"{what}: report = Python", c[kind + "s"] == n, f"{c[kind + 's']} != {n}")
            args = ["--spend-cohort", kind, *span] + (["--by", "channel", "--group", ch] if ch else [])
            rc, got = leads_cli(*args)
            if rc == 0:
                same_list(f"{what} (cli)", got, n, leads)
            else:
                check(f"{what}: exit 0", False, got)
            params = {"spend_cohort": kind, **({"from": frm} if frm else {}), **({"to": to} if to else {}),
                      **({"at": at} if at else {}), **({"by": "channel", "group": ch} if ch else {})}
            code, got = leads_http(params)
            check(f"{what} (http)", code == 200 and got["journeys"] == n and got["total"] == len(leads),
                  str(got)[:200])
    if not frm and not to and not at:
        check("cost: both channels have a cohort", len(sp["channels"]) == 2 and
              all(c["mqls"] > 0 and c["sqls"] > 0 for c in sp["channels"]), str(sp["channels"]))

# --- an unknown group lists nobody; without journey conditions no journeys field
rc, got = leads_cli("--cohort", cohorts[0]["cohort"], "--by", "channel", "--group", "no-such")
check("unknown group: nobody", rc == 0 and got["total"] == 0 and got["journeys"] == 0, str(got))
rc, got = leads_cli("--stage", "mql")
check("no journey condition: no journeys field", rc == 0 and "journeys" not in got)

# --- bad values name the parameter; nothing listed
for args, name in ((["--cohort", "2026-13"], "cohort '2026-13'"),
                   (["--cohort", "2026-Q5"], "cohort '2026-Q5'"),
                   (["--reached", "lead"], "reached 'lead'"),
                   (["--reached", "mql,,sql"], "reached 'mql,,sql'"),
                   (["--by", "channel"], "by and group go together"),
                   (["--group", "web"], "by and group go together"),
                   (["--by", "colour", "--group", "red"], "by 'colour'"),
                   (["--closed", "closed_lost"], "closed 'closed_lost'"),
                   (["--closed", "nurture", "--closed-in", "2026-Q1"], "closed-in '2026-Q1'"),
                   (["--reason", "not_icp"], "go with closed"),
                   (["--speed", "5m"], "speed '5m'"),
                   (["--sla", "accept", "--sla-status", "late"], "sla-status 'late'"),
                   (["--sla-status", "met"], "sla-status goes with sla"),
                   (["--sla", "accept", "--cohort", "all"], "sla counts clocks"),
                   (["--spend-cohort", "customer"], "spend-cohort 'customer'"),
                   (["--spend-cohort", "mql", "--from", "June"], "from 'June'"),
                   (["--from", "2026-06-01"], "from goes with spend-cohort"),
                   (["--spend-cohort", "mql", "--sla", "accept"], "does not go with spend-cohort")):
    rc, err = leads_cli(*args)
    check(f"cli {args}: exit 2 naming it", rc == 2 and name in err, f"{rc} {err}")
for params, name in (({"cohort": "March"}, "cohort 'March'"),
                     ({"reached": "nurture"}, "reached 'nurture'"),
                     ({"by": "rep"}, "by and group go together"),
                     ({"category": "bad_fit"}, "go with closed"),
                     ({"sla": "accept", "sla_status": "due"}, "sla-status 'due'"),
                     ({"spend_cohort": "1"}, "spend-cohort '1'"),
                     ({"spend_cohort": "sql", "to": "2026-06-31"}, "to '2026-06-31'")):
    code, got = leads_http(params)
    check(f"http {params}: 400 naming it", code == 400 and name in got.get("detail", ""), str(got))

print(f"{checks - failed}/{checks} checks passed")
sys.exit(1 if failed else 0)
PY
