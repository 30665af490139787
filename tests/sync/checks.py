"""What must hold once the network has healed and every laptop has synced.

* every replica equals the server (each record the laptop may see, field by field, and version);
* no acknowledged op is lost: every op a laptop created was applied on the server, and for every
  field it wrote the server's stamp is at least as late as the op (it stands, or a later edit
  that had seen it, or won over it, replaced it);
* no op was applied twice: one applied-op row per (device, device_seq), and no record's version
  counts more changes than ops were made to it;
* every concurrent edit of a guarded field produced exactly one conflict: from the acknowledged
  ops alone (what each had seen: its base version, or its own laptop's earlier edits), the edits
  no other edit had seen must be exactly the field's standing candidates on the server, and the
  field is in conflict (one ``conflict`` row on every laptop) exactly when their values differ.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlmodel import select as sqlselect

from linkworker.care.guarded import guarded_fields
from linkworker.store.capture import _jsonable
from linkworker.store.tables import Conflict, OutboxOp
from linkworker.sync import replica
from linkworker.sync.merge import META_FIELDS, FieldStamp, device_of, expand_stamps
from tests.sync.fleet import Fleet, Laptop, SeenOp

LOCAL_ONLY = {"audit_event"}  # pushed for keeping, never pulled back


def local_rows(lap: Laptop) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    with lap.db.reading() as s:
        for entity, table in replica.synced_tables().items():
            if entity in LOCAL_ONLY:
                continue
            for row in s.execute(select(table)).mappings():
                found[(entity, row["id"])] = {k: _jsonable(v) for k, v in row.items()}
    return found


def replicas_equal_the_server(fleet: Fleet) -> None:
    server = {
        key: rec for key, rec in fleet.server_records().items()
        if rec["scope"] == "org" or (rec["scope"] == "team" and rec["team_id"] == fleet.team_id)
    }  # fmt: skip
    for lap in fleet.laptops:
        mine = local_rows(lap)
        assert set(mine) == set(server), (
            f"laptop {lap.name}: missing {sorted(set(server) - set(mine))[:5]}, "
            f"extra {sorted(set(mine) - set(server))[:5]}"
        )
        for key, rec in server.items():
            row = mine[key]
            assert row["version"] == rec["version"], (lap.name, key)
            for name, value in rec["doc"]["values"].items():
                if name in META_FIELDS:
                    continue
                assert row[name] == value, (lap.name, key, name, row[name], value)
        with lap.db.reading() as s:
            waiting = s.exec(sqlselect(OutboxOp)).first()
        assert waiting is None, f"laptop {lap.name} still has ops waiting"


def nothing_lost_nothing_twice(fleet: Fleet) -> None:
    applied = fleet.applied()
    records = fleet.server_records()
    made: dict[tuple[str, str], int] = defaultdict(int)
    for lap in fleet.laptops:
        for op in lap.created.values():
            row = applied.get((lap.device_id, op.device_seq))
            assert row is not None, f"op {op.device_seq} of laptop {lap.name} never applied"
            assert row["op_id"] == op.op_id
            assert row["status"] != "rejected", row
            made[(op.entity, op.entity_id)] += 1
            rec = records[(op.entity, op.entity_id)]
            doc = rec["doc"]
            common = doc.get("stamp")
            stamps = expand_stamps(
                doc["values"],
                FieldStamp(*common) if common else None,
                {k: FieldStamp(*s) for k, s in doc["stamps"].items()},
            )
            for name in op.payload:
                if name in META_FIELDS:
                    continue
                assert stamps[name].hlc >= op.hlc, (
                    f"{op.entity}.{name}: the edit of {lap.name} at {op.hlc} was lost"
                )
    assert len(applied) == sum(len(lap.created) for lap in fleet.laptops)
    for key, count in made.items():
        assert records[key]["version"] <= count, f"{key}: version counts an op twice"


def conflicts_are_exactly_the_concurrent_guarded_edits(fleet: Fleet) -> int:
    """Returns how many fields the oracle expects in conflict (so a run can report it)."""
    applied = fleet.applied()
    edits: dict[tuple[str, str, str], list[tuple[SeenOp, int, int]]] = defaultdict(list)
    for lap in fleet.laptops:
        for op in lap.created.values():
            version = applied[(lap.device_id, op.device_seq)]["version"]
            for name in guarded_fields(op.entity) & set(op.payload):
                edits[(op.entity, op.entity_id, name)].append((op, version, op.device_seq))
    expected: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(dict)
    records = fleet.server_records()
    for (entity, entity_id, name), writes in edits.items():

        def had_seen(later: tuple[SeenOp, int, int], earlier: tuple[SeenOp, int, int]) -> bool:
            (op_l, _, seq_l), (op_e, version_e, seq_e) = later, earlier
            if device_of(op_l.hlc) == device_of(op_e.hlc):
                return seq_e < seq_l
            return op_l.kind != "put" and version_e <= (op_l.base_version or 0)

        standing = [w for w in writes if not any(had_seen(o, w) for o in writes if o is not w)]
        values = {repr(w[0].payload[name]) for w in standing}
        server_pool = records[(entity, entity_id)]["doc"]["candidates"].get(name, [])
        if len(standing) > 1:
            assert {c["hlc"] for c in server_pool} == {w[0].hlc for w in standing}, (entity, name)
        if len(values) > 1:
            expected[(entity, entity_id)][name] = values
        else:
            pool_values = {repr(c["value"]) for c in server_pool}
            assert len(pool_values) <= 1, f"{entity}.{name} in conflict with no concurrent edits"
    want = {(e, i, n) for (e, i), fields in expected.items() for n in fields}
    for lap in fleet.laptops:
        with lap.db.reading() as s:
            rows = s.exec(sqlselect(Conflict)).all()
        got = [(c.entity, c.entity_id, c.field) for c in rows]
        assert len(got) == len(set(got)), f"laptop {lap.name}: a conflict listed twice"
        assert set(got) == want, f"laptop {lap.name}: conflicts {set(got) ^ want}"
        for c in rows:
            assert {repr(v["value"]) for v in c.candidates} == expected[(c.entity, c.entity_id)][
                c.field
            ]
    return len(want)
