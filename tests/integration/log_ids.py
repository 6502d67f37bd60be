#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Print the id of every event stored in a handoff database, one a line, by
# owner row (the log is stored one row per lead, account or visitor, each a
# blob of one or more batches, whose shared strings may be references to the
# dict table: layout in src/store/batch.h).  Decodes the
# blobs with Python's sqlite3, independently of handoff's own decoder, so a
# test can check that every id is stored exactly once.
# usage: log_ids.py DB [--events]
# --events prints "id|type|k=v,..." (the props, sorted) instead of the id.
import sqlite3
import sys


def varint(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def batch_ids(data, pos):
    magic = data[pos:pos + 4]
    assert magic in (b"HOB1", b"HOB2"), "not an event batch"
    # HOB2 entries are tagged: 4*len+1 inline, 4*len+3 inline (an event id),
    # 2*id a dictionary entry
    tagged = magic == b"HOB2"
    pos += 4
    n_strings, pos = varint(data, pos)
    n_events, pos = varint(data, pos)
    strings = [None]
    for _ in range(n_strings):
        tag, pos = varint(data, pos)
        if tagged and tag % 2 == 0:
            strings.append(dictionary[tag // 2])
            continue
        length = tag // 4 if tagged else tag
        strings.append(data[pos:pos + length].decode())
        pos += length
    for _ in range(n_events):
        pos += 8  # ts
        fields = []
        for _ in range(8):  # id, type, lead, account, channel, campaign, n_props, n_traits
            v, pos = varint(data, pos)
            fields.append(v)
        kv = []
        for _ in range(2 * (fields[6] + fields[7])):
            v, pos = varint(data, pos)
            kv.append(strings[v])
        props = sorted(f"{kv[2 * i]}={kv[2 * i + 1]}" for i in range(fields[6]))
        if events:
            yield f"{strings[fields[0]]}|{strings[fields[1]]}|{','.join(props)}", pos
        else:
            yield strings[fields[0]], pos


def blob_ids(data):
    pos = 0
    while pos < len(data):
        for event_id, pos in batch_ids(data, pos):
            yield event_id


events = "--events" in sys.argv[2:]
db = sqlite3.connect(sys.argv[1])
dictionary = dict(db.execute("SELECT id, text FROM dict"))
for (blob,) in db.execute("SELECT data FROM event_owners ORDER BY id"):
    for event_id in blob_ids(blob):
        print(event_id)
