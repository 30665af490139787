"""What must hold once the network has healed and every laptop has synced.

* every replica equals the server (each record the laptop may see, field by field, and version),
  and every reference on every laptop leads to a row it holds (parents before children);
* the organisation's directory, as the last edition loaded names its services, is on every
  laptop, and so is every record a laptop of the team wrote (notes on services, connections, the
  caseload): judged from the edits, not from the scopes the server gave them. Each connection and
  note points at a service the feed brought, and a connection still names the service as it was
  called when the person was connected. A re-import writes only what changed (an unchanged
  record is not sent to every laptop again);
* no acknowledged op is lost: every op a laptop created was applied on the server, and for every
  field it wrote the server's stamp is at least as late as the op (it stands, or a later edit
  that had seen it, or won over it, replaced it); the directory imports' writes count as edits
  too (by the server, each knowing every edit the server held when it was made);
* no op was applied twice: one applied-op row per (device, device_seq), and no record's version
  counts more changes than ops were made to it;
* every field holds the value of its latest write by HLC (last writer wins; a guarded field in
  conflict shows its latest candidate meanwhile), and every concurrent ordinary value that lost is
  kept in the server's history, which holds nothing but values some edit really wrote;
* appended records (contacts and their addenda) stand exactly as written: made by one op, applied
  once, never changed, on the server and on every laptop (the audit trail on the server only); an
  addendum amends a contact of the same person;
* every concurrent edit of a guarded field produced exactly one conflict: from the acknowledged
  ops alone (what each had seen: its base version, or its own laptop's earlier edits), the edits
  no other edit had seen must be exactly the field's standing candidates on the server, and the
  field is in conflict (one ``conflict`` row on every laptop) exactly when their values differ.
  The fields that must be guarded are listed here from DESIGN.md 5, not only taken from the code;
* each laptop's caseload summary (kept by triggers as rows arrive, migration 0006) agrees with
  its referrals, contacts and follow-ups worked out from scratch.

``verify`` runs them all, reading each database once, and returns counts of what the schedule
exercised (ops by kind, conflicts by field, concurrent ordinary edits, addenda...).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlmodel import select as sqlselect

from linkworker.care.guarded import guarded_fields
from linkworker.server.catalogue import entities, entity
from linkworker.store.capture import _jsonable
from linkworker.store.tables import Conflict, OutboxOp
from linkworker.sync import replica
from linkworker.sync.merge import META_FIELDS, FieldStamp, expand_stamps
from tests.support.caseload_truth import summary_drift
from tests.sync import feed
from tests.sync.fleet import PLAN_ROWS, Fleet, Laptop, SeenOp

LOCAL_ONLY = {"audit_event"}  # pushed for keeping, never pulled back
# Fields the server sets itself whatever the laptop sent (a new person joins the recorder's team).
SERVER_SET = {("person", "team_id")}
# DESIGN.md 5: risk/safeguarding, consent, status, key worker, NHS number, date of birth.
MUST_BE_GUARDED = {
    "person": {"risk_flag", "risk_notes", "status", "key_worker_id", "nhs_number", "date_of_birth"},
    "consent": {"given", "kind"},
}
PLAN_ENTITIES = {str(t.__tablename__) for t in PLAN_ROWS} | {"care_plan"}
SERVER = "server"  # the writer of the directory imports, beside the laptops "a", "b", "c"

Records = dict[tuple[str, str], dict[str, Any]]
Rows = dict[tuple[str, str], dict[str, Any]]


@dataclass(frozen=True)
class Write:
    """One op's write of one field, as the server applied it."""

    op: SeenOp
    laptop: str
    version: int  # the record version the server gave this op

    def had_seen(self, earlier: Write) -> bool:
        """Whether this edit was made knowing ``earlier``: its own laptop's earlier edit, or one
        the record's version this edit was based on already held."""
        if self.laptop == earlier.laptop:
            return earlier.op.device_seq < self.op.device_seq
        return self.op.kind != "put" and earlier.version <= (self.op.base_version or 0)


def verify(fleet: Fleet) -> dict[str, int]:
    """Every check below; returns what the schedule exercised, by name."""
    records = fleet.server_records()
    applied = fleet.applied()
    local = {lap.name: local_rows(lap) for lap in fleet.laptops}
    writes = writes_by_field(fleet, applied)
    replicas_equal_the_server(fleet, records, local)
    directory_and_team_records_reach_every_laptop(fleet, local)
    references_hold(fleet)
    connections_and_notes_lead_to_services(fleet, records)
    a_re_import_changes_only_what_changed(fleet)
    caseload_summaries_agree(fleet)
    nothing_lost_nothing_twice(fleet, records, applied)
    every_field_holds_its_latest_write(writes, records)
    lost = losers_are_kept_in_history(fleet, writes, records)
    addenda = appended_records_stand_as_written(fleet, records, local)
    conflicts, concurrent = conflicts_are_exactly_the_concurrent_guarded_edits(
        fleet, writes, records
    )
    return tally(fleet, writes, lost, addenda, conflicts, concurrent)


def local_rows(lap: Laptop) -> Rows:
    found = {}
    tables = {e: t for e, t in replica.synced_tables().items() if e not in LOCAL_ONLY}
    any_rows = " UNION ALL ".join(
        f"SELECT '{e}', EXISTS (SELECT 1 FROM \"{t.name}\")" for e, t in tables.items()
    )
    with lap.db.reading() as s:
        for entity_name, held in s.execute(text(any_rows)).all():
            if not held:  # many kinds (most of the directory's) have no rows: none to read
                continue
            for row in s.execute(select(tables[entity_name])).mappings():
                found[(entity_name, row["id"])] = {k: _jsonable(v) for k, v in row.items()}
    return found


def _visible(fleet: Fleet, records: Records) -> Records:
    return {
        key: rec for key, rec in records.items()
        if rec["scope"] == "org" or (rec["scope"] == "team" and rec["team_id"] == fleet.team_id)
    }  # fmt: skip


def replicas_equal_the_server(fleet: Fleet, records: Records, local: dict[str, Rows]) -> None:
    server = _visible(fleet, records)
    for lap in fleet.laptops:
        mine = local[lap.name]
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


def directory_and_team_records_reach_every_laptop(fleet: Fleet, local: dict[str, Rows]) -> None:
    """DESIGN.md 5: the directory goes to the whole organisation, a person's record (and a
    worker's note) to the team; all the fleet's laptops are one team of one organisation."""
    wanted = {(op.entity, op.entity_id) for imp in fleet.imports for op, _ in imp.writes}
    for lap in fleet.laptops:
        wanted |= {(op.entity, op.entity_id) for op in lap.created.values()}
    wanted = {key for key in wanted if key[0] not in LOCAL_ONLY}
    names = feed.service_names(fleet.imports[-1].edition) if fleet.imports else {}
    for lap in fleet.laptops:
        mine = local[lap.name]
        missing = sorted(wanted - set(mine))
        assert not missing, f"laptop {lap.name} never received {missing[:5]}"
        called = {key[1]: row["name"] for key, row in mine.items() if key[0] == "dir_service"}
        assert called == names, f"laptop {lap.name} has the services {called}, not {names}"


def connections_and_notes_lead_to_services(fleet: Fleet, records: Records) -> None:
    """A team's records pointing into the organisation's directory: at a service the feed
    brought; a connection names the service as it was called in some edition loaded."""
    called: dict[str, set[str]] = defaultdict(set)
    for imp in fleet.imports:
        for service_id, name in feed.service_names(imp.edition).items():
            called[service_id].add(name)
    for (ent, ent_id), rec in records.items():
        if ent not in ("community_connection", "service_note"):
            continue
        values = rec["doc"]["values"]
        service = values["service_id"]
        assert service in called, f"{ent} {ent_id} points at {service!r}, no service of the feed"
        if ent == "community_connection":
            assert values["service_name"] in called[service], (
                f"connection {ent_id} names {values['service_name']!r}; the service was "
                f"called {sorted(called[service])}"
            )


def a_re_import_changes_only_what_changed(fleet: Fleet) -> None:
    """Every field an import wrote over a record already there held another value before."""
    for imp in fleet.imports:
        for op, _ in imp.writes:
            old = imp.before.get((op.entity, op.entity_id))
            if old is None:
                continue
            same = sorted(name for name, value in op.payload.items() if old.get(name) == value)
            assert not same, (
                f"edition {imp.edition} wrote {op.entity} {op.entity_id} {same} again, "
                "unchanged: every laptop must pull it again"
            )


def references_hold(fleet: Fleet) -> None:
    """Pulled pages are written with foreign keys off (a page may hold a child before its
    parent): once all is pulled, every reference must lead to a row the laptop holds."""
    for lap in fleet.laptops:
        with lap.db.reading() as s:
            broken = s.execute(text("PRAGMA foreign_key_check")).all()
        assert not broken, f"laptop {lap.name}: rows pointing at nothing {broken[:5]}"


def caseload_summaries_agree(fleet: Fleet) -> None:
    for lap in fleet.laptops:
        drift = summary_drift(lap.db)
        assert not drift, f"laptop {lap.name}: caseload summary wrong for {list(drift.items())[:3]}"


def nothing_lost_nothing_twice(
    fleet: Fleet, records: Records, applied: dict[tuple[str, int], dict[str, Any]]
) -> None:
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
    for imp in fleet.imports:
        for op, _ in imp.writes:
            made[(op.entity, op.entity_id)] += 1
    for key, count in made.items():
        assert records[key]["version"] <= count, f"{key}: version counts an op twice"


def writes_by_field(
    fleet: Fleet, applied: dict[tuple[str, int], dict[str, Any]]
) -> dict[tuple[str, str, str], list[Write]]:
    """Every field every op wrote, by (entity, entity id, field): the laptops' and the
    directory imports'."""
    writes: dict[tuple[str, str, str], list[Write]] = defaultdict(list)
    for lap in fleet.laptops:
        for op in lap.created.values():
            version = applied[(lap.device_id, op.device_seq)]["version"]
            for name in op.payload:
                if name not in META_FIELDS:
                    writes[(op.entity, op.entity_id, name)].append(Write(op, lap.name, version))
    for imp in fleet.imports:
        for op, version in imp.writes:
            for name in op.payload:
                writes[(op.entity, op.entity_id, name)].append(Write(op, SERVER, version))
    return writes


def every_field_holds_its_latest_write(
    writes: dict[tuple[str, str, str], list[Write]], records: Records
) -> None:
    """An edit made knowing another is later by HLC (a laptop's clock observes every stamp it
    pulls), and of concurrent edits the later HLC wins: so the latest write stands."""
    for (ent, ent_id, name), ws in writes.items():
        if (ent, name) in SERVER_SET:
            continue
        latest = max(ws, key=lambda w: w.op.hlc)
        value = records[(ent, ent_id)]["doc"]["values"][name]
        assert value == latest.op.payload[name], (
            f"{ent}.{name} of {ent_id} is {value!r}, not the latest write "
            f"{latest.op.payload[name]!r} ({latest.laptop} at {latest.op.hlc})"
        )


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def losers_are_kept_in_history(
    fleet: Fleet, writes: dict[tuple[str, str, str], list[Write]], records: Records
) -> Counter[str]:
    """Each value in history was really written (that value, at that stamp), and is not what
    stands; each ordinary value no other edit had seen that does not stand is in history,
    unless an agreeing edit stamped later (whose stamp the field took) was replaced by an edit
    that had seen it: then the value was seen, not dropped unseen (a status set to "declined"
    on two laptops, then changed on one of them), and whether the earlier one is in history
    depends on the order the edits arrived. Returns the concurrent ordinary values that lost,
    by entity."""
    kept: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in fleet.history():
        field_key = (row["entity"], row["entity_id"], row["field"])
        ws = writes.get(field_key, [])
        assert any(
            w.op.hlc == row["hlc"] and _key(w.op.payload[row["field"]]) == _key(row["value"])
            for w in ws
        ), f"history of {field_key} holds {row['value']!r} at {row['hlc']}, which no edit wrote"
        kept[field_key].add(_key(row["value"]))
    lost: Counter[str] = Counter()
    for (ent, ent_id, name), ws in writes.items():
        if name in guarded_fields(ent) or (ent, name) in SERVER_SET:
            continue  # a guarded field's concurrent values stand as candidates instead
        standing = records[(ent, ent_id)]["doc"]["values"][name]
        for w in ws:
            if any(o.had_seen(w) for o in ws if o is not w):
                continue
            value = _key(w.op.payload[name])
            if value == _key(standing):
                continue
            lost[ent] += 1
            assert value in kept[(ent, ent_id, name)] or _seen_in_a_twin(w, name, ws), (
                f"{ent}.{name} of {ent_id}: {w.laptop}'s concurrent value "
                f"{w.op.payload[name]!r} lost, and not kept in history"
            )
    return lost


def _seen_in_a_twin(w: Write, name: str, ws: list[Write]) -> bool:
    """Whether an edit writing the same value, stamped later, was replaced knowingly."""
    return any(
        o.had_seen(twin)
        for twin in ws
        if twin is not w and twin.op.hlc > w.op.hlc
        and _key(twin.op.payload[name]) == _key(w.op.payload[name])
        for o in ws
        if o is not twin
    )  # fmt: skip


def appended_records_stand_as_written(
    fleet: Fleet, records: Records, local: dict[str, Rows]
) -> dict[str, int]:
    """Each appended record was made by one op and is, on the server and on every laptop (the
    audit trail: on the server), exactly what that op wrote, at version 1; no row of an
    append-only kind was made any other way. Returns how many were addenda, and addenda to
    another laptop's contact."""
    appended: dict[tuple[str, str], tuple[SeenOp, str]] = {}
    for lap in fleet.laptops:
        for op in lap.created.values():
            ent = entity(op.entity)
            assert ent is not None
            if not ent.append_only:
                assert op.kind != "append", f"{op.entity} is not append-only"
                continue
            key = (op.entity, op.entity_id)
            assert op.kind == "append", f"{key}: {lap.name} tried to {op.kind} an appended record"
            assert key not in appended, f"{key} appended twice"
            appended[key] = (op, lap.name)
    counts = {"addenda": 0, "addenda_across_laptops": 0}
    for key, (op, by) in appended.items():
        rec = records[key]
        written = {k: v for k, v in op.payload.items() if k not in META_FIELDS}
        assert rec["append_only"] and rec["version"] == 1, (key, rec["version"])
        assert rec["doc"]["values"] == written, f"{key} changed on the server"
        assert not rec["doc"]["candidates"], key
        for lap in fleet.laptops if key[0] not in LOCAL_ONLY else ():
            row = local[lap.name][key]
            assert {k: row[k] for k in written} == written, f"{key} changed on laptop {lap.name}"
            assert row["version"] == 1, (lap.name, key)
        amends = written.get("amends_id")
        if amends is not None:
            counts["addenda"] += 1
            amended = (op.entity, amends)
            assert amended in appended, f"{key} amends {amends}, which no one appended"
            first, first_by = appended[amended]
            assert first.payload["person_id"] == written["person_id"], key
            counts["addenda_across_laptops"] += first_by != by
    kinds = {e.name for e in entities().values() if e.append_only} - LOCAL_ONLY
    for lap in fleet.laptops:
        mine = {k for k in local[lap.name] if k[0] in kinds}
        shared = {k for k in appended if k[0] in kinds}
        assert mine == shared, f"laptop {lap.name}: appended rows {mine ^ shared}"
    return counts


def conflicts_are_exactly_the_concurrent_guarded_edits(
    fleet: Fleet, writes: dict[tuple[str, str, str], list[Write]], records: Records
) -> tuple[Counter[str], Counter[str]]:
    """Returns the fields the oracle expects in conflict, and the fields edited concurrently
    (agreeing or not), counted by ``entity.field``."""
    for ent, names in MUST_BE_GUARDED.items():
        missing = names - guarded_fields(ent)
        assert not missing, f"{ent}: {sorted(missing)} must be guarded (DESIGN.md 5)"
    expected: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(dict)
    concurrent: Counter[str] = Counter()
    for (ent, ent_id, name), ws in writes.items():
        if name not in guarded_fields(ent):
            continue
        standing = [w for w in ws if not any(o.had_seen(w) for o in ws if o is not w)]
        values = {repr(w.op.payload[name]) for w in standing}
        server_pool = records[(ent, ent_id)]["doc"]["candidates"].get(name, [])
        if len(standing) > 1:
            concurrent[f"{ent}.{name}"] += 1
            assert {c["hlc"] for c in server_pool} == {w.op.hlc for w in standing}, (ent, name)
        if len(values) > 1:
            expected[(ent, ent_id)][name] = values
        else:
            pool_values = {repr(c["value"]) for c in server_pool}
            assert len(pool_values) <= 1, f"{ent}.{name} in conflict with no concurrent edits"
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
    return Counter(f"{e}.{n}" for e, _, n in want), concurrent


def tally(
    fleet: Fleet,
    writes: dict[tuple[str, str, str], list[Write]],
    lost: Counter[str],
    addenda: dict[str, int],
    conflicts: Counter[str],
    concurrent: Counter[str],
) -> dict[str, int]:
    """What the schedule exercised: ops by entity and kind, guarded fields in conflict,
    concurrent ordinary values that lost (merged by HLC), plan rows and connections edited on
    two laptops, directory imports and what re-imports changed, and fields a laptop edited
    while a re-import wrote them (neither knowing of the other)."""
    counts: Counter[str] = Counter()
    for lap in fleet.laptops:
        for op in lap.created.values():
            counts[f"op {op.entity} {op.kind}"] += 1
    counts.update({f"conflict {k}": v for k, v in conflicts.items()})
    counts.update({f"concurrent {k}": v for k, v in concurrent.items()})
    counts.update({f"lost {k}": v for k, v in lost.items()})
    counts.update(addenda)
    counts["conflicts"] = sum(conflicts.values())
    counts["refused alterations"] = sum(lap.refused_alterations for lap in fleet.laptops)
    for imp in fleet.imports:
        again = imp.edition > 1
        counts["directory re-imports" if again else "directory imports"] += 1
        for op, _ in imp.writes:
            if again and op.entity == "dir_service":
                counts["services new in a re-import"] += op.kind == "put"
                counts["services renamed by a re-import"] += (
                    op.kind == "patch" and "name" in op.payload
                )
    editors: dict[str, dict[str, set[str]]] = {"plan rows": {}, "connections": {}}
    for (ent, ent_id, _), ws in writes.items():
        group = "plan rows" if ent in PLAN_ENTITIES else "connections"
        if group == "plan rows" or ent == "community_connection":
            by = editors[group].setdefault(ent_id, set())
            by.update(w.laptop for w in ws if w.op.kind != "put")
        imported = [w for w in ws if w.laptop == SERVER and w.op.kind != "put"]
        counts["fields a laptop edited as a re-import wrote them"] += any(
            not w.had_seen(i) and not i.had_seen(w)
            for i in imported for w in ws if w.laptop != SERVER
        )  # fmt: skip
    for group, rows in editors.items():
        counts[f"{group} edited on 2+ laptops"] = sum(len(by) > 1 for by in rows.values())
    return dict(counts)
