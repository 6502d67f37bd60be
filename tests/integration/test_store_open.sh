#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# How commands open the database: readers open read-only and never wait for
# or take the write lock; a mistyped --db never creates a database; the
# schema version is checked (newer refused, older migrated after a backup);
# --durability full|normal; a duplicate id with other content is a conflict.
# Usage: test_store_open.sh HANDOFF_BINARY SOURCE_DIR
set -uo pipefail
H=$1
SRC=$2
T=$(mktemp -d)
holder=
trap '[ -n "$holder" ] && kill "$holder" 2> /dev/null; rm -rf "$T"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dump() { python3 "$SRC/tests/integration/dump_state.py" "$1"; }
sql() { python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
for row in c.execute(sys.argv[2]): print(*row, sep="|")' "$@"; }

"$H" demo-data --leads 120 --out "$T/ev.jsonl" > /dev/null 2>&1
"$H" init --db "$T/a.db" > /dev/null 2>&1
"$H" import --db "$T/a.db" "$T/ev.jsonl" 2> /dev/null
LEAD=$(sql "$T/a.db" "SELECT lead FROM leads ORDER BY lead LIMIT 1")

# 1. Readers never write: the file is byte for byte the same afterwards.
before=$(sha256sum < "$T/a.db")
"$H" report funnel --db "$T/a.db" > /dev/null &&
  "$H" explain "$LEAD" --db "$T/a.db" > /dev/null &&
  "$H" queue --db "$T/a.db" > /dev/null
check "report, explain and queue succeed" test $? -eq 0
check "report, explain and queue leave the file unchanged" test "$(sha256sum < "$T/a.db")" = "$before"

# 2. A reader does not wait for a writer: another process holds the write
# lock (BEGIN IMMEDIATE, an uncommitted insert) while report and explain run.
# Before the fix every command wrote at open and failed after 5 s with
# "database is locked".  The holder lets go after 8 s at the latest.
python3 - "$T/a.db" "$T/locked" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO meta(key, value) VALUES ('held', 1)")
open(sys.argv[2], "w").close()
time.sleep(8)
PY
holder=$!
for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.05; done
"$H" report funnel --db "$T/a.db" > "$T/locked_report.txt" 2> "$T/locked_err.txt"
check "report runs while another process holds the write lock" test $? -eq 0
"$H" explain "$LEAD" --db "$T/a.db" > /dev/null 2>> "$T/locked_err.txt"
check "explain runs while another process holds the write lock" test $? -eq 0
check "no 'database is locked'" bash -c "! grep -q locked '$T/locked_err.txt'"
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null
holder=

# 3. A read-only copy of the file (and its directory) can be reported on.
mkdir "$T/ro"
cp "$T/a.db" "$T/ro/copy.db"
chmod 444 "$T/ro/copy.db"
"$H" report funnel --db "$T/ro/copy.db" > "$T/ro_report.txt" 2> "$T/ro_err.txt"
check "report on a read-only copy succeeds" test $? -eq 0
"$H" report funnel --db "$T/a.db" > "$T/rw_report.txt" 2> /dev/null
check "and prints the same report" cmp -s "$T/ro_report.txt" "$T/rw_report.txt"
# ... also where no -shm can be created beside it (a read-only directory),
# as a user the permissions apply to (root ignores them: then as nobody).
chmod 555 "$T/ro"
chmod 755 "$T"
as_user() {
  if [ "$(id -u)" != 0 ]; then sh -c "$1"; else su nobody -s /bin/sh -c "$1"; fi
}
if [ "$(id -u)" != 0 ] || su nobody -s /bin/sh -c true 2> /dev/null; then
  as_user "'$H' report funnel --db '$T/ro/copy.db'" > "$T/ro2_report.txt" 2> "$T/ro2_err.txt"
  check "report on a read-only copy in a read-only directory succeeds" test $? -eq 0
  check "and prints the same report" cmp -s "$T/ro2_report.txt" "$T/rw_report.txt"
  as_user "'$H' explain '$LEAD' --db '$T/ro/copy.db'" > /dev/null 2>&1
  check "explain on it succeeds" test $? -eq 0
else
  echo "skipped: the read-only directory check (root without a 'nobody' user)"
fi
chmod 700 "$T/ro"

# 4. A mistyped --db creates nothing: "no such database FILE", exit 1.
for cmd in "report funnel" "explain $LEAD" "queue" "rebuild" "accept $LEAD" \
           "import-spend $T/none.csv"; do
  # shellcheck disable=SC2086
  "$H" $cmd --db "$T/typo.db" > /dev/null 2> "$T/typo_err.txt"
  status=$?
  check "'$cmd' on a missing database exits 1" test "$status" -eq 1
  check "'$cmd' says no such database" grep -q "no such database '$T/typo.db'" "$T/typo_err.txt"
  check "'$cmd' creates no file" test ! -e "$T/typo.db"
done
"$H" init --db "$T/new.db" > /dev/null 2>&1
check "init creates a database" test -s "$T/new.db"
"$H" import --db "$T/new2.db" --defs "$SRC/examples/definitions.yaml" "$T/ev.jsonl" 2> /dev/null
check "import creates a database" test -s "$T/new2.db"

# 5. Schema version: this build writes 6.
check "a new database has schema version 6" \
  test "$(sql "$T/a.db" "SELECT value FROM meta WHERE key = 'schema_version'")" = 6
# A newer version is refused, by readers and writers, and nothing changes.
cp "$T/a.db" "$T/newer.db"
sql "$T/newer.db" "UPDATE meta SET value = 7 WHERE key = 'schema_version'"
before=$(sha256sum < "$T/newer.db")
"$H" report funnel --db "$T/newer.db" > /dev/null 2> "$T/newer_err.txt"
check "report refuses a newer schema (exit 1)" test $? -eq 1
"$H" import --db "$T/newer.db" "$T/ev.jsonl" > /dev/null 2>> "$T/newer_err.txt"
check "import refuses a newer schema (exit 1)" test $? -eq 1
check "the refusal names both versions" \
  grep -q "schema version 7, newer than this handoff understands (6)" "$T/newer_err.txt"
check "a refused newer database is left unchanged" test "$(sha256sum < "$T/newer.db")" = "$before"
# An older one (version 1, written before visitor stitching: no visitors
# table, journeys without the employees column) is migrated by the first
# writer, after a backup copy; readers refuse it until then.
# Before version 3 the log was a table of batches: each owner row's blob is
# a valid batch sequence, so the old layout is the same blobs in
# event_batches and none of the version-3 tables.
legacy_log() {
  sql "$1" "CREATE TABLE event_batches(seq INTEGER PRIMARY KEY, n_events INTEGER NOT NULL,
      min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL, data BLOB NOT NULL)"
  sql "$1" "INSERT INTO event_batches(n_events, min_ts, max_ts, data)
      SELECT n_events, 0, 0, data FROM event_owners ORDER BY id"
  local t
  for t in "TABLE event_owners" "TABLE event_ids" "TABLE lead_accounts" "INDEX visitors_lead"; do
    sql "$1" "DROP $t"
  done
}
cp "$T/a.db" "$T/old.db"
legacy_log "$T/old.db"
sql "$T/old.db" "UPDATE meta SET value = 1 WHERE key = 'schema_version'"
sql "$T/old.db" "DROP TABLE visitors"
sql "$T/old.db" "ALTER TABLE journeys DROP COLUMN employees"
old_sum=$(sha256sum < "$T/old.db")
"$H" report funnel --db "$T/old.db" > /dev/null 2> "$T/old_err.txt"
check "a reader refuses an older schema (exit 1) and says how to migrate" \
  grep -q "older than this handoff's (6): run a writing command" "$T/old_err.txt"
"$H" rebuild --db "$T/old.db" 2> "$T/migrate.txt"
check "the first writer migrates it (exit 0)" test $? -eq 0
check "with a note naming the backup copy" \
  grep -q "migrated database '$T/old.db' from schema version 1 to 6; a copy of the old file is at '$T/old.db.schema-v1.bak'" \
  "$T/migrate.txt"
check "the backup is the old file, version 1" \
  test "$(sql "$T/old.db.schema-v1.bak" "SELECT value FROM meta WHERE key = 'schema_version'")" = 1
check "the backup has the old layout (no visitors table)" \
  test "$(sql "$T/old.db.schema-v1.bak" "SELECT count(*) FROM sqlite_master WHERE name = 'visitors'")" = 0
check "the migrated file has version 6" \
  test "$(sql "$T/old.db" "SELECT value FROM meta WHERE key = 'schema_version'")" = 6
check "the migrated file has the visitors table and journeys.employees" \
  test "$(sql "$T/old.db" "SELECT count(*) FROM sqlite_master WHERE name = 'visitors'")$(sql "$T/old.db" "SELECT count(*) FROM pragma_table_info('journeys') WHERE name = 'employees'")" = 11
check "after migration and rebuild the state is the original's" cmp -s <(dump "$T/a.db") <(dump "$T/old.db")
"$H" rebuild --db "$T/old.db" 2> "$T/migrate2.txt"
check "a second open does not migrate again" bash -c "! grep -q migrated '$T/migrate2.txt'"
test "$old_sum" != "" # keep shellcheck quiet about the unused sum on old sqlite
# Version 2 -> 3: the batches become rows by owner, every id kept once, and
# the next import only replays what it touches yet agrees with a rebuild.
cp "$T/a.db" "$T/v2.db"
legacy_log "$T/v2.db"
sql "$T/v2.db" "ALTER TABLE visitors DROP COLUMN link_id"
sql "$T/v2.db" "DROP TABLE tokens"
for ix in $(sql "$T/v2.db" "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'journeys_%'"); do
  sql "$T/v2.db" "DROP INDEX $ix"
done
sql "$T/v2.db" "UPDATE meta SET value = 2 WHERE key = 'schema_version'"
"$H" rebuild --db "$T/v2.db" 2> "$T/migrate3.txt"
check "a version-2 database is migrated by the first writer (exit 0)" test $? -eq 0
check "its note names version 2 to 6" grep -q "from schema version 2 to 6" "$T/migrate3.txt"
check "the old batches table is gone" \
  test "$(sql "$T/v2.db" "SELECT count(*) FROM sqlite_master WHERE name = 'event_batches'")" = 0
check "every event id is stored once, as before" \
  cmp -s <(python3 "$SRC/tests/integration/log_ids.py" "$T/a.db" | sort) \
         <(python3 "$SRC/tests/integration/log_ids.py" "$T/v2.db" | sort)
check "the migrated state is the original's" cmp -s <(dump "$T/a.db") <(dump "$T/v2.db")
check "the migrated file has the tokens table" \
  test "$(sql "$T/v2.db" "SELECT count(*) FROM sqlite_master WHERE name = 'tokens'")" = 1
check "the migrated file has the open-MQL index" \
  test "$(sql "$T/v2.db" "SELECT count(*) FROM sqlite_master WHERE name = 'journeys_open_mql'")" = 1
# Version 3 -> 4 only adds tables: the first writer creates them (after the
# backup copy, as for every migration) and the state is unchanged.
cp "$T/a.db" "$T/v3.db"
sql "$T/v3.db" "UPDATE meta SET value = 3 WHERE key = 'schema_version'"
sql "$T/v3.db" "DROP TABLE idempotency_keys"
sql "$T/v3.db" "DROP TABLE outbox"
"$H" rebuild --db "$T/v3.db" 2> "$T/migrate4.txt"
check "a version-3 database is migrated by the first writer (exit 0)" test $? -eq 0
check "its note names version 3 to 6 and the backup" \
  grep -q "from schema version 3 to 6; a copy of the old file is at '$T/v3.db.schema-v3.bak'" "$T/migrate4.txt"
check "the migrated version-3 file has version 6" \
  test "$(sql "$T/v3.db" "SELECT value FROM meta WHERE key = 'schema_version'")" = 6
check "the version-3 state is kept" cmp -s <(dump "$T/a.db") <(dump "$T/v3.db")
check "the migrated version-3 file has the idempotency_keys table" \
  test "$(sql "$T/v3.db" "SELECT count(*) FROM sqlite_master WHERE name = 'idempotency_keys'")" = 1
check "the migration adds the alert outbox" \
  test "$(sql "$T/v3.db" "SELECT count(*) FROM sqlite_master WHERE name IN ('outbox', 'outbox_pending')")" = 2
# Version 4 -> 5 added the activations' effective time and restatement flag;
# an activation recorded before takes effect when it was recorded.
cp "$T/a.db" "$T/v4.db"
sql "$T/v4.db" "UPDATE meta SET value = 4 WHERE key = 'schema_version'"
sql "$T/v4.db" "ALTER TABLE definition_activations DROP COLUMN effective"
sql "$T/v4.db" "ALTER TABLE definition_activations DROP COLUMN restatement"
"$H" rebuild --db "$T/v4.db" 2> "$T/migrate5.txt"
check "a version-4 database is migrated by the first writer (exit 0)" \
  grep -q "from schema version 4 to 6" "$T/migrate5.txt"
check "the migration adds the activations' effective and restatement columns" \
  test "$(sql "$T/v4.db" "SELECT count(*) FROM pragma_table_info('definition_activations') WHERE name IN ('effective', 'restatement')")" = 2
check "the version-4 state is kept" cmp -s <(dump "$T/a.db") <(dump "$T/v4.db")
# Version 5 -> 6 adds journeys.at_meeting (the optional meeting stage):
# the first writer adds the column and the state is unchanged.
cp "$T/a.db" "$T/v5.db"
sql "$T/v5.db" "UPDATE meta SET value = 5 WHERE key = 'schema_version'"
sql "$T/v5.db" "ALTER TABLE journeys DROP COLUMN at_meeting"
"$H" rebuild --db "$T/v5.db" 2> "$T/migrate6.txt"
check "a version-5 database is migrated by the first writer (exit 0)" test $? -eq 0
check "its note names version 5 to 6" grep -q "from schema version 5 to 6" "$T/migrate6.txt"
check "the migrated version-5 file has journeys.at_meeting" \
  test "$(sql "$T/v5.db" "SELECT count(*) FROM pragma_table_info('journeys') WHERE name = 'at_meeting'")" = 1
check "the version-5 state is kept" cmp -s <(dump "$T/a.db") <(dump "$T/v5.db")

# 6. --durability full|normal on writers; anything else is a usage error.
"$H" import --db "$T/a.db" --durability normal "$T/ev.jsonl" 2> /dev/null
check "import --durability normal is accepted" test $? -eq 0
"$H" rebuild --db "$T/a.db" --durability full 2> /dev/null
check "rebuild --durability full is accepted" test $? -eq 0
"$H" accept "$LEAD" --db "$T/a.db" --durability normal --at 2026-09-01 > /dev/null 2>&1
check "accept --durability normal is accepted" test $? -eq 0
"$H" import --db "$T/a.db" --durability sometimes "$T/ev.jsonl" 2> "$T/dur_err.txt"
check "--durability sometimes is a usage error (exit 2)" test $? -eq 2
check "and says what to write" grep -q "write full or normal" "$T/dur_err.txt"

# 7. A repeated id with other content is a conflict: both are printed (the
# new one with file:line), the stored event is kept, the summary counts it,
# exit 3.  The same id with the same content is a plain duplicate.
cat > "$T/one.jsonl" <<'JSONL'
{"id":"x-1","ts":"2026-03-02T10:00:00Z","type":"page_view","lead":"ana@acme.io","props":{"path":"/pricing"}}
JSONL
cat > "$T/two.jsonl" <<'JSONL'
{"id":"x-1","ts":"2026-03-02T10:00:00Z","type":"page_view","lead":"ana@acme.io","props":{"path":"/pricing"}}
{"id":"x-1","ts":"2026-03-02T10:00:00Z","type":"form_submit","lead":"ana@acme.io","props":{"form":"demo"}}
JSONL
"$H" import --db "$T/c.db" --defs "$SRC/examples/definitions.yaml" "$T/one.jsonl" 2> /dev/null
"$H" import --db "$T/c.db" "$T/two.jsonl" 2> "$T/conflict.txt"
check "a conflict exits 3" test $? -eq 3
check "the conflict names file:line and the id" \
  grep -q "two.jsonl:2: event id 'x-1' is already stored with different content; the stored event is kept" "$T/conflict.txt"
check "the stored event is printed" \
  grep -qF '  stored: {"id":"x-1","ts":"2026-03-02T10:00:00Z","type":"page_view","lead":"ana@acme.io","props":{"path":"/pricing"}}' "$T/conflict.txt"
check "the new one is printed" \
  grep -qF '  new:    {"id":"x-1","ts":"2026-03-02T10:00:00Z","type":"form_submit","lead":"ana@acme.io","props":{"form":"demo"}}' "$T/conflict.txt"
check "only the differing line is a conflict" test "$(grep -c 'already stored' "$T/conflict.txt")" -eq 1
check "the summary counts 2 duplicates and 1 conflict" \
  grep -q "imported 0 new events (2 duplicates skipped, 0 rejected)" "$T/conflict.txt"
check "the summary counts the conflict" \
  grep -q "^1 duplicate ids with different content: the stored events were kept$" "$T/conflict.txt"
check "the stored event is kept: no demo request, ana stays a lead" \
  test "$(sql "$T/c.db" "SELECT stage FROM leads WHERE lead = 'ana@acme.io'")" = lead

echo "test_store_open: $pass passed, $fail failed"
test "$fail" -eq 0
