"""Directory search over the encrypted database: found as you type, ranked, filtered, and kept
right by triggers whichever way rows arrive (Core, the ORM, a sync pull, a bulk import).

Rows are written with SQLAlchemy Core (as an importer or a sync pull writes them), except where a
test is about the ORM.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, delete, update

from linkworker.care.directory_query import CostLine, cost_class
from linkworker.care.hlc import HybridLogicalClock
from linkworker.paths import Paths
from linkworker.store import directory_search as ds
from linkworker.store import keys, migrate
from linkworker.store.database import Database
from linkworker.store.directory_search import Filters, index_waiting, search, search_directory
from linkworker.store.engine import open_engine
from linkworker.store.tables import (
    DirAccessibility,
    DirAddress,
    DirAttribute,
    DirCostOption,
    DirLanguage,
    DirLocation,
    DirOrganization,
    DirSchedule,
    DirService,
    DirServiceAtLocation,
    DirTaxonomyTerm,
    new_id,
)
from linkworker.sync import replica
from linkworker.sync.protocol import Change, PullPage
from tests.store.test_migrations import next_revision, the_key
from tests.support.files import files_containing

NOW = dt.datetime(2027, 3, 1, 9, 0)  # a Monday morning
TOWN = (53.7000, -1.8000)  # the fictional town's centre


def row(model: Any, **values: Any) -> dict[str, Any]:
    """Every column of a new row, with the model's defaults, as the ORM would write it."""
    values.setdefault("id", new_id())
    return model(**values).model_dump()


def insert(db: Database, model: Any, *rows: dict[str, Any]) -> None:
    table: Table = model.__table__
    with db.transaction() as s:
        s.execute(table.insert(), list(rows))


def change(db: Database, model: Any, ident: str, **values: Any) -> None:
    table: Table = model.__table__
    with db.transaction() as s:
        s.execute(update(table).where(table.c.id == ident).values(**values))


class Directory:
    """A small directory written with Core, a row at a time, parents first."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def organisation(self, name: str) -> str:
        r = row(DirOrganization, name=name)
        insert(self.db, DirOrganization, r)
        return str(r["id"])

    def term(self, name: str, parent: str | None = None) -> str:
        r = row(DirTaxonomyTerm, name=name, parent_id=parent)
        insert(self.db, DirTaxonomyTerm, r)
        return str(r["id"])

    def place(
        self,
        name: str = "Community Centre",
        address: str = "1 Mill Lane",
        postcode: str = "MB1 2AB",
        at: tuple[float, float] | None = TOWN,
        access: Sequence[str] = (),
    ) -> str:
        lat, lon = at if at else (None, None)
        loc = row(DirLocation, name=name, latitude=lat, longitude=lon)
        insert(self.db, DirLocation, loc)
        insert(self.db, DirAddress, row(DirAddress, location_id=loc["id"], address_1=address,
                                        city="Millbrook", postal_code=postcode))  # fmt: skip
        for text in access:
            insert(self.db, DirAccessibility, row(DirAccessibility, location_id=loc["id"],
                                                  description=text))  # fmt: skip
        return str(loc["id"])

    def service(
        self,
        name: str,
        description: str | None = None,
        *,
        organisation: str | None = None,
        terms: Sequence[str] = (),
        places: Sequence[str] = (),
        days: Sequence[tuple[str, str, str]] = (),  # (byday, opens, closes)
        costs: Sequence[CostLine] = (),
        languages: Sequence[tuple[str, str]] = (),
        **fields: Any,
    ) -> str:
        s = row(DirService, name=name, description=description, organization_id=organisation,
                **fields)  # fmt: skip
        sid = str(s["id"])
        insert(self.db, DirService, s)
        for term in terms:
            link = row(DirAttribute, link_id=sid, link_type="service", link_entity="service",
                       taxonomy_term_id=term)  # fmt: skip
            insert(self.db, DirAttribute, link)
        for place in places:
            insert(self.db, DirServiceAtLocation,
                   row(DirServiceAtLocation, service_id=sid, location_id=place))  # fmt: skip
        for byday, opens, closes in days:
            insert(self.db, DirSchedule, row(
                DirSchedule, service_id=sid, freq="WEEKLY", byday=byday,
                opens_at=dt.time.fromisoformat(opens), closes_at=dt.time.fromisoformat(closes),
            ))  # fmt: skip
        for cost in costs:
            option = row(DirCostOption, service_id=sid, amount=cost.amount, option=cost.option,
                         currency=cost.currency or "GBP")  # fmt: skip
            insert(self.db, DirCostOption, option)
        for lang, code in languages:
            insert(self.db, DirLanguage, row(DirLanguage, service_id=sid, name=lang, code=code))
        return sid


def names(hits: Sequence[ds.ServiceHit]) -> list[str]:
    return [h.name for h in hits]


def found(db: Database, query: str, filters: Filters | None = None) -> set[str]:
    return set(names(search(db, query, filters, now=NOW)))


@pytest.fixture
def directory(db: Database) -> Directory:
    return Directory(db)


# ------------------------------------------------------------------------------ typing


def test_each_keystroke_finds_services_by_the_start_of_their_words(
    db: Database, directory: Directory
) -> None:
    directory.service("Walking group", "A gentle walk by the canal.")
    directory.service("Wool and Wellbeing", "Knitting and a natter.")
    directory.service("Grow Your Own", "Allotment for beginners.")

    assert found(db, "w") == {"Walking group", "Wool and Wellbeing"}
    assert found(db, "wa") == {"Walking group"}
    assert found(db, "walk gro") == {"Walking group"}
    assert found(db, "walking group") == {"Walking group"}
    assert found(db, "gro") == {"Walking group", "Grow Your Own"}
    assert found(db, "WALK, gro!") == {"Walking group"}
    assert found(db, "zebra") == set()


def test_apostrophes_and_accents_do_not_get_in_the_way(db: Database, directory: Directory) -> None:
    directory.service("Men's Shed", "Make and mend.")
    directory.service("Carers’ Café", "Time out for carers.")
    assert found(db, "men's") == {"Men's Shed"}
    assert found(db, "mens sh") == {"Men's Shed"}
    assert found(db, "carers cafe") == {"Carers’ Café"}
    assert found(db, "café") == {"Carers’ Café"}


def test_a_match_in_the_name_ranks_above_a_match_in_the_description(
    db: Database, directory: Directory
) -> None:
    directory.service("Canal Side Coffee Morning", "Tea, cake and a chat; a short walk after.")
    directory.service("Riverside Walk", "Every week, about an hour.")
    directory.service("Book Club", "We walk to the library together and walk back.")
    assert names(search(db, "walk", now=NOW))[0] == "Riverside Walk"


def test_the_organisation_categories_and_place_are_searched(
    db: Database, directory: Directory
) -> None:
    trust = directory.organisation("Millbrook Community Trust")
    walking = directory.term("Physical activity")
    hall = directory.place("St Mark's Church Hall", "12 Canal Road", "MB3 4XY")
    directory.service("Tuesday Club", organisation=trust, terms=[walking], places=[hall])
    directory.service("Other")

    for query in ("trust", "physical act", "st marks", "canal road", "mb3 4xy", "mb34xy", "millb"):
        assert found(db, query) == {"Tuesday Club"}, query


# ------------------------------------------------------------------------------ keeping right


def test_a_removed_service_is_no_longer_found(db: Database, directory: Directory) -> None:
    gone = directory.service("Walking group")
    directory.service("Walking football")
    change(db, DirService, gone, deleted_at=dt.datetime.now(dt.UTC))
    assert found(db, "walking") == {"Walking football"}

    change(db, DirService, gone, deleted_at=None)  # put back
    assert found(db, "walking") == {"Walking group", "Walking football"}

    with db.transaction() as s:  # gone for good (as a sync pull removes it)
        s.execute(delete(DirService.__table__).where(DirService.__table__.c.id == gone))  # type: ignore[attr-defined]
    assert found(db, "walking") == {"Walking football"}


def test_a_defunct_service_is_not_listed(db: Database, directory: Directory) -> None:
    directory.service("Walking group", status="defunct")
    directory.service("Walking netball", status="temporarily closed")
    [hit] = search(db, "walking", now=NOW)
    assert (hit.name, hit.status) == ("Walking netball", "temporarily closed")


def test_a_renamed_service_is_found_by_its_new_name_only(
    db: Database, directory: Directory
) -> None:
    sid = directory.service("Knit and Natter")
    change(db, DirService, sid, name="Craft Corner")
    assert found(db, "knit") == set()
    assert found(db, "craft") == {"Craft Corner"}


def test_changes_to_related_records_reach_the_services_index(
    db: Database, directory: Directory
) -> None:
    org = directory.organisation("Age Friendly Millbrook")
    term = directory.term("Befriending")
    hall = directory.place("Library", "1 High Street", "MB1 1AA")
    sid = directory.service("Phone Friends", organisation=org, terms=[term], places=[hall])

    change(db, DirOrganization, org, name="Good Neighbours")
    assert found(db, "age friendly") == set()
    assert found(db, "neighbours") == {"Phone Friends"}

    change(db, DirTaxonomyTerm, term, name="Loneliness")
    assert found(db, "befriend") == set()
    assert found(db, "loneliness") == {"Phone Friends"}

    change(db, DirLocation, hall, name="Town Hall")
    assert found(db, "library") == set()
    assert found(db, "town hall") == {"Phone Friends"}

    address = DirAddress.__table__  # type: ignore[attr-defined]
    with db.transaction() as s:
        s.execute(
            update(address).where(address.c.location_id == hall).values(postal_code="MB9 9ZZ")
        )
    assert found(db, "mb9") == {"Phone Friends"}

    attribute = DirAttribute.__table__  # type: ignore[attr-defined]
    with db.transaction() as s:
        s.execute(update(attribute).where(attribute.c.link_id == sid).values(
            deleted_at=dt.datetime.now(dt.UTC)))  # fmt: skip
    assert found(db, "loneliness") == set()

    sal = DirServiceAtLocation.__table__  # type: ignore[attr-defined]
    with db.transaction() as s:
        s.execute(delete(sal).where(sal.c.service_id == sid))
    assert found(db, "town hall") == set()
    assert found(db, "phone friends") == {"Phone Friends"}


def test_edits_through_the_orm_are_indexed(db: Database, directory: Directory) -> None:
    sid = directory.service("Chair Yoga")
    assert found(db, "", Filters(day="TH")) == set()
    with db.transaction() as s:
        s.add(DirSchedule(service_id=sid, freq="WEEKLY", byday="TH",
                          opens_at=dt.time(14), closes_at=dt.time(15)))  # fmt: skip
    assert found(db, "", Filters(day="TH")) == {"Chair Yoga"}
    with db.transaction() as s:
        service = s.get(DirService, sid)
        assert service is not None
        service.name = "Seated Yoga"
    assert found(db, "seated") == {"Seated Yoga"}
    assert found(db, "chair") == set()


def _pulled(entity: str, ident: str, values: dict[str, Any], seq: int) -> Change:
    stamp = HybridLogicalClock("server").now().pack()
    return Change(seq=seq, entity=entity, entity_id=ident, version=1, values=values,
                  stamp=(stamp, 1))  # fmt: skip


def test_records_pulled_by_sync_are_searchable(db: Database) -> None:
    """Through replica.apply_page itself (INSERT ... ON CONFLICT DO UPDATE, and DELETE for
    records that leave the laptop), then indexed after the pull as ``sync_once`` does; here a
    service arrives a page before its organisation."""
    db.ensure_device_state()
    org, sid, term, link = new_id(), new_id(), new_id(), new_id()
    service = {"name": "Singing for the Brain", "status": "active", "organization_id": org,
               "description": "Songs for people living with dementia."}  # fmt: skip
    pulled(db, PullPage(changes=[
        _pulled("dir_service", sid, service, 1),
        _pulled("dir_taxonomy_term", term, {"name": "Choirs and arts"}, 2),
        _pulled("dir_attribute", link, {"link_id": sid, "link_entity": "service",
                                         "taxonomy_term_id": term}, 3),
    ], cursor=3, more=True))  # fmt: skip
    assert found(db, "singing") == {"Singing for the Brain"}
    assert found(db, "choirs") == {"Singing for the Brain"}
    assert found(db, "alzheimer") == set()

    pulled(db, PullPage(changes=[
        _pulled("dir_organization", org, {"name": "Alzheimer's Society Millbrook"}, 4),
    ], cursor=4, more=False))  # fmt: skip
    assert found(db, "alzheimers soc") == {"Singing for the Brain"}

    renamed = {**service, "name": "Sing and Remember"}
    pulled(db, PullPage(changes=[_pulled("dir_service", sid, renamed, 5)],
                                    cursor=5, more=False))  # fmt: skip
    assert found(db, "singing") == set()
    assert found(db, "sing rem") == {"Sing and Remember"}

    tombstone = {**renamed, "deleted_at": "2027-03-01T10:00:00+00:00"}
    pulled(db, PullPage(changes=[_pulled("dir_service", sid, tombstone, 6)],
                                    cursor=6, more=False))  # fmt: skip
    assert found(db, "sing") == set()

    back = _pulled("dir_service", sid, {**renamed, "deleted_at": None}, 7)
    pulled(db, PullPage(changes=[back], cursor=7, more=False))
    assert found(db, "sing") == {"Sing and Remember"}
    removed = Change(seq=8, entity="dir_service", entity_id=sid, removed=True)
    pulled(db, PullPage(changes=[removed], cursor=8, more=False))
    assert found(db, "sing") == set()


def pulled(db: Database, page: PullPage) -> None:
    replica.apply_page(db, page)
    index_waiting(db)


def test_a_bulk_write_can_index_each_service_once_at_the_end(db: Database) -> None:
    sid = new_id()
    with db.replicating() as conn, ds.deferred_indexing(conn):
        service, option = DirService.__table__, DirCostOption.__table__  # type: ignore[attr-defined]
        conn.execute(service.insert(), [row(DirService, id=sid, name="Food bank")])
        conn.execute(option.insert(), [row(DirCostOption, service_id=sid, amount=0.0)])
        waiting = conn.exec_driver_sql("SELECT service_id FROM dir_search_pending").all()
        assert waiting == [(sid,)]
        assert conn.exec_driver_sql("SELECT count(*) FROM dir_search_doc").scalar() == 0
    assert found(db, "food", Filters(cost="free")) == {"Food bank"}
    with db.reading() as s:
        sql = s.connection().exec_driver_sql
        assert sql("SELECT count(*) FROM dir_search_pending").scalar() == 0
        assert sql("SELECT deferred FROM dir_search_state").scalar() == 0


def test_a_bulk_write_that_fails_part_way_still_leaves_the_index_right(db: Database) -> None:
    service = DirService.__table__  # type: ignore[attr-defined]
    with db.replicating() as conn, suppress(ValueError), ds.deferred_indexing(conn):
        conn.execute(service.insert(), [row(DirService, name="Lunch club")])
        raise ValueError("the importer stopped here, and committed what it had")
    assert found(db, "lunch") == {"Lunch club"}
    with (
        db.engine.connect() as conn,
        pytest.raises(RuntimeError, match="write transaction"),
        ds.deferred_indexing(conn),
    ):
        pass  # not in a transaction: refused


def test_rebuilding_the_index_gives_the_same_answers(db: Database, directory: Directory) -> None:
    hall = directory.place("Library")
    directory.service("Digital Drop-in", "Help with phones and tablets.", places=[hall])
    directory.service("Debt Advice", "Free and confidential.")
    before = [search(db, q, now=NOW) for q in ("digital", "library", "free", "")]
    assert ds.rebuild_index(db) == 2
    ds.optimise_index(db)
    assert [search(db, q, now=NOW) for q in ("digital", "library", "free", "")] == before


def test_every_watched_table_has_its_triggers(db: Database) -> None:
    """A migration that rebuilds one of these tables drops its triggers: this notices."""
    with db.reading() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
        )
        triggers = {(name, table) for name, table in rows}
    for table in ds.WATCHED_TABLES:
        for kind in ("insert", "update", "delete"):
            assert (f"dir_search_{table}_{kind}", table) in triggers
    assert ("dir_search_refresh_now", "dir_search_refresh") in triggers


REBUILD_SERVICE = '''
    """Rebuild dir_service (batch mode), keeping its search triggers: the recipe for later
    migrations that rebuild a directory table."""

    import sqlalchemy as sa
    from alembic import op

    revision = "NEXT"
    down_revision = "HEAD"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        conn = op.get_bind()
        kept = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dir_service'"
        ).scalars().all()
        with op.batch_alter_table("dir_service", recreate="always") as batch:
            batch.alter_column("url", type_=sa.Text())
        for sql in kept:
            conn.exec_driver_sql(sql)


    def downgrade() -> None:
        pass
'''


def test_a_later_migration_may_rebuild_a_directory_table(
    db: Database, directory: Directory, paths: Paths, tmp_path: Path
) -> None:
    sid = directory.service("Walking group")
    db.close()
    scripts = tmp_path / "migrations-rebuild"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "next_rebuild.py").write_text(next_revision(REBUILD_SERVICE))
    engine = open_engine(paths.database, the_key(paths))
    try:
        migrate.upgrade(engine, paths.database, paths.backup_dir, script_location=scripts)
        rebuilt = Database(engine, paths.database)
        test_every_watched_table_has_its_triggers(rebuilt)
        assert found(rebuilt, "walking") == {"Walking group"}
        change(rebuilt, DirService, sid, name="Rambling group")
        assert found(rebuilt, "walking") == set()
        assert found(rebuilt, "rambling") == {"Rambling group"}
    finally:
        engine.dispose()


def test_an_upgraded_database_indexes_the_directory_it_already_holds(
    paths: Paths, tmp_path: Path
) -> None:
    """Migration 0005 on a laptop that already has a directory: every service is indexed."""
    before = tmp_path / "migrations-0004"
    shutil.copytree(migrate.MIGRATIONS, before, ignore=shutil.ignore_patterns("__pycache__"))
    for later in (before / "versions").glob("*.py"):
        if later.name >= "0005":  # 0005 and every migration after it
            later.unlink()
    paths.ensure()
    engine = open_engine(paths.database, keys.new_database_key())
    try:
        migrate.upgrade(engine, paths.database, paths.backup_dir, script_location=before)
        assert migrate.current_revision(engine) == "0004"
        service = DirService.__table__  # type: ignore[attr-defined]
        with engine.begin() as conn:
            kept, gone = row(DirService, name="Knit and Natter"), row(DirService, name="Gone")
            conn.execute(service.insert(), [kept, {**gone, "deleted_at": dt.datetime.now(dt.UTC)}])
        migrate.upgrade(engine, paths.database, paths.backup_dir)
        upgraded = Database(engine, paths.database)
        assert found(upgraded, "knit") == {"Knit and Natter"}
        assert found(upgraded, "") == {"Knit and Natter"}
    finally:
        engine.dispose()


def test_the_index_is_encrypted_with_the_database(
    db: Database, directory: Directory, tmp_path: Path
) -> None:
    directory.service("Zanzibarian Drumming Circle", "Quixotically rhythmic.")
    assert found(db, "zanzib") == {"Zanzibarian Drumming Circle"}
    needles = (b"zanzibarian", b"Zanzibarian", b"quixotically")
    assert files_containing(tmp_path, *needles) == []
    db.close()
    assert files_containing(tmp_path, *needles) == []


# ------------------------------------------------------------------------------ filters


def test_category_by_id_code_or_name_with_narrower_terms(
    db: Database, directory: Directory
) -> None:
    active = directory.term("Physical activity")
    walking = directory.term("Walking", parent=active)
    arts = directory.term("Choirs and arts")
    directory.service("Health Walk", terms=[walking])
    directory.service("Chair Exercise", terms=[active])
    directory.service("Community Choir", terms=[arts])

    assert found(db, "", Filters(category=walking)) == {"Health Walk"}
    assert found(db, "", Filters(category="walking")) == {"Health Walk"}
    assert found(db, "", Filters(category=active)) == {"Health Walk", "Chair Exercise"}
    assert found(db, "", Filters(category="Physical Activity")) == {"Health Walk", "Chair Exercise"}
    assert found(db, "health", Filters(category=arts)) == set()
    assert found(db, "", Filters(category="no such category")) == set()


def test_day_and_time_of_day(db: Database, directory: Directory) -> None:
    directory.service("Morning Walk", days=[("TU,TH", "10:00", "12:00")])
    directory.service("Evening Choir", days=[("TU", "19:00", "21:00")])
    directory.service("Monthly Lunch", days=[("1WE", "12:00", "14:00")])
    directory.service("No Schedule")

    assert found(db, "", Filters(day="TU")) == {"Morning Walk", "Evening Choir"}
    assert found(db, "", Filters(day="Thursday")) == {"Morning Walk"}
    assert found(db, "", Filters(day="WE")) == {"Monthly Lunch"}
    assert found(db, "", Filters(day="TU", time=dt.time(10, 0))) == {"Morning Walk"}
    assert found(db, "", Filters(day="TU", time=dt.time(11, 59))) == {"Morning Walk"}
    assert found(db, "", Filters(day="TU", time=dt.time(12, 0))) == set()  # closed by then
    assert found(db, "", Filters(day="TU", time=dt.time(19, 30))) == {"Evening Choir"}
    assert found(db, "", Filters(day="TH", time=dt.time(19, 30))) == set()
    assert found(db, "", Filters(time=dt.time(13, 0))) == {"Monthly Lunch"}
    assert found(db, "walk", Filters(day="MO")) == set()

    late = directory.service("Late Starter", days=[("TU", "10:45", "11:15")])
    assert found(db, "", Filters(day="TU", time=dt.time(10, 30))) == {"Morning Walk"}
    assert found(db, "", Filters(day="TU", time=dt.time(11, 0))) == {"Morning Walk",
                                                                      "Late Starter"}  # fmt: skip
    every_day = row(DirSchedule, service_id=late, freq="DAILY", opens_at=dt.time(7),
                    closes_at=dt.time(8))  # fmt: skip
    insert(db, DirSchedule, every_day)
    assert found(db, "", Filters(day="SU", time=dt.time(7, 30))) == {"Late Starter"}
    assert found(db, "", Filters(day="SU")) == {"Late Starter"}


def test_schedules_of_a_service_at_a_location_count(db: Database, directory: Directory) -> None:
    sid = directory.service("Drop-in")
    hall = directory.place()
    sal = row(DirServiceAtLocation, service_id=sid, location_id=hall)
    insert(db, DirServiceAtLocation, sal)
    friday = row(DirSchedule, service_at_location_id=sal["id"], freq="WEEKLY", byday="FR",
                 opens_at=dt.time(9), closes_at=dt.time(11))  # fmt: skip
    insert(db, DirSchedule, friday)
    assert found(db, "", Filters(day="FR", time=dt.time(10))) == {"Drop-in"}
    [hit] = search(db, "drop", now=NOW)
    assert hit.next_session == "Fridays 09:00–11:00"


COST_CASES: list[tuple[str, list[CostLine], str | None]] = [
    ("Nothing said", [], None),
    ("Free option", [CostLine(option="Free", amount=None)], None),
    ("Nought pounds", [CostLine(amount=0.0)], None),
    ("Free text", [], "Free of charge"),
    ("Free text but priced", [CostLine(amount=8.0)], "Free for carers"),
    ("Three fifty", [CostLine(amount=3.5)], None),
    ("Exactly five", [CostLine(amount=5.0)], None),
    ("Six pounds", [CostLine(amount=6.0)], None),
    ("Two prices", [CostLine(amount=12.0), CostLine(amount=4.0)], None),
    ("Euros", [CostLine(amount=2.0, currency="EUR")], None),
    ("Low cost words", [CostLine(option="Low cost")], None),
    ("Low cost fees", [], "Low-cost lunches"),
    ("Donations", [], "Donations welcome"),
]


def test_free_and_low_cost_follow_the_rules_of_cost_class(
    db: Database, directory: Directory
) -> None:
    for name, options, fees in COST_CASES:
        directory.service(name, costs=options, fees_description=fees)
    free = {n for n, o, f in COST_CASES if cost_class(o, f) == "free"}
    low = {n for n, o, f in COST_CASES if cost_class(o, f) in ("free", "low")}
    assert free == {"Free option", "Nought pounds", "Free text"}
    assert low == free | {"Three fifty", "Exactly five", "Two prices", "Low cost words",
                          "Low cost fees"}  # fmt: skip
    assert found(db, "", Filters(cost="free")) == free
    assert found(db, "", Filters(cost="low")) == low
    badges = {h.name: h.cost for h in search(db, "", limit=100, now=NOW)}
    assert badges == {
        "Nothing said": "", "Free option": "Free", "Nought pounds": "Free", "Free text": "Free",
        "Free text but priced": "£8", "Three fifty": "£3.50", "Exactly five": "£5",
        "Six pounds": "£6", "Two prices": "From £4", "Euros": "", "Low cost words": "Low cost",
        "Low cost fees": "Low cost", "Donations": "",
    }  # fmt: skip


def test_age(db: Database, directory: Directory) -> None:
    directory.service("Youth Club", minimum_age=11, maximum_age=18)
    directory.service("Over Sixties Lunch", minimum_age=60)
    directory.service("Everyone Welcome")
    assert found(db, "", Filters(age=15)) == {"Youth Club", "Everyone Welcome"}
    assert found(db, "", Filters(age=18)) == {"Youth Club", "Everyone Welcome"}
    assert found(db, "", Filters(age=72)) == {"Over Sixties Lunch", "Everyone Welcome"}
    assert found(db, "lunch", Filters(age=40)) == set()


def test_accessibility_and_language(db: Database, directory: Directory) -> None:
    ramp = directory.place(access=["Wheelchair accessible entrance", "Hearing loop at reception"])
    steps = directory.place(access=["Three steps at the door"])
    directory.service("Advice Café", places=[ramp], languages=[("Polish", "pl"), ("English", "en")])
    directory.service("Upstairs Club", places=[steps], languages=[("English", "en")])

    assert found(db, "", Filters(accessibility=("wheelchair",))) == {"Advice Café"}
    assert found(db, "", Filters(accessibility="hearing loop")) == {"Advice Café"}
    assert found(db, "", Filters(accessibility=("wheelchair", "lift"))) == set()
    assert found(db, "", Filters(language="Polish")) == {"Advice Café"}
    assert found(db, "", Filters(language="pl")) == {"Advice Café"}
    assert found(db, "", Filters(language="english")) == {"Advice Café", "Upstairs Club"}
    assert found(db, "club", Filters(language="Urdu")) == set()


def test_distance_from_a_point(db: Database, directory: Directory) -> None:
    lat, lon = TOWN
    near = directory.place("Town Centre Hub", at=(lat + 0.005, lon))  # about 0.56 km north
    mid = directory.place("Edge of Town", at=(lat, lon + 0.05))  # about 3.29 km east
    far = directory.place("Next Town", at=(lat + 0.2, lon))  # about 22 km north
    directory.service("Walk A", places=[far])
    directory.service("Walk B", places=[near, far])
    directory.service("Walk C", places=[mid])
    directory.service("Walk Online", places=[directory.place(at=None)])

    assert found(db, "walk", Filters(near=TOWN, within_km=1)) == {"Walk B"}
    assert found(db, "walk", Filters(near=TOWN, within_km=5)) == {"Walk B", "Walk C"}
    assert found(db, "", Filters(near=TOWN, within_km=30)) == {"Walk A", "Walk B", "Walk C"}

    nearest = search(db, "walk", Filters(near=TOWN, by_distance=True), now=NOW)
    assert names(nearest) == ["Walk B", "Walk C", "Walk A"]
    assert [h.distance_km for h in nearest] == pytest.approx([0.56, 3.29, 22.24], abs=0.01)
    listed = search(db, "", Filters(near=TOWN, within_km=30, by_distance=True), now=NOW)
    assert names(listed) == ["Walk B", "Walk C", "Walk A"]

    by_name = search(db, "walk", Filters(near=TOWN), now=NOW)  # distance shown, not filtered
    assert {h.name: h.distance_km for h in by_name}["Walk Online"] is None
    assert len(by_name) == 4


def test_an_empty_query_lists_by_name(db: Database, directory: Directory) -> None:
    for name in ("Zumba Gold", "art club", "Bowls", "Allotments"):
        directory.service(name, days=[("SA", "10:00", "12:00")] if name != "Bowls" else [])
    assert names(search(db, "", now=NOW)) == ["Allotments", "art club", "Bowls", "Zumba Gold"]
    assert names(search(db, "", Filters(day="SA"), now=NOW)) == [
        "Allotments", "art club", "Zumba Gold",
    ]  # fmt: skip
    assert names(search(db, "  ", limit=2, now=NOW)) == ["Allotments", "art club"]


# ------------------------------------------------------------------------------ the hits


def test_a_hit_says_what_where_when_and_how_fresh(db: Database, directory: Directory) -> None:
    org = directory.organisation("Canal Trust")
    long_text = "A friendly, gentle walk along the towpath. " * 8
    directory.service(
        "Towpath Walk", long_text, organisation=org, days=[("TU", "10:00", "12:00")],
        costs=[CostLine(amount=0.0)], assured_date=dt.date(2026, 9, 1),
    )  # fmt: skip
    directory.service(
        "Old Record", last_modified=dt.datetime(2025, 12, 1, 10, tzinfo=dt.UTC),
        costs=[CostLine(amount=3.5)],
    )  # fmt: skip
    walk = search(db, "towpath", Filters(near=TOWN), now=NOW)[0]
    assert walk.organisation == "Canal Trust"
    assert walk.summary.startswith("A friendly, gentle walk") and walk.summary.endswith("…")
    assert len(walk.summary) <= 160
    assert walk.next_session == "Tuesdays 10:00–12:00"
    assert walk.cost == "Free"
    assert (walk.checked_on, walk.stale) == (dt.date(2026, 9, 1), False)
    assert walk.distance_km is None  # no location with coordinates
    old = search(db, "old record", now=NOW)[0]
    assert (old.checked_on, old.stale, old.cost) == (dt.date(2025, 12, 1), True, "£3.50")
    assert old.next_session == "" and old.organisation is None


def test_what_a_hit_shows_follows_every_edit(db: Database, directory: Directory) -> None:
    """The results list reads the index's own copy (``dir_search_card``): it must keep up."""
    org = directory.organisation("Canal Trust")
    sid = directory.service(
        "Towpath Walk", organisation=org, days=[("TU", "10:00", "12:00")],
        costs=[CostLine(amount=2.0)], assured_date=dt.date(2025, 1, 1),
    )  # fmt: skip

    def hit() -> ds.ServiceHit:
        return search(db, "towpath", now=NOW)[0]

    assert (hit().next_session, hit().cost, hit().stale) == ("Tuesdays 10:00–12:00", "£2", True)
    schedule, option = DirSchedule.__table__, DirCostOption.__table__  # type: ignore[attr-defined]
    with db.transaction() as s:
        s.execute(update(schedule).where(schedule.c.service_id == sid).values(
            opens_at=dt.time(13), closes_at=dt.time(15)))  # fmt: skip
        s.execute(update(option).where(option.c.service_id == sid).values(amount=0.0))
    change(db, DirService, sid, assured_date=dt.date(2027, 2, 1), description="By the canal.")
    change(db, DirOrganization, org, name="Waterways Trust")
    after = hit()
    assert after.next_session == "Tuesdays 13:00–15:00"
    assert (after.cost, after.stale, after.checked_on) == ("Free", False, dt.date(2027, 2, 1))
    assert (after.summary, after.organisation) == ("By the canal.", "Waterways Trust")


# ------------------------------------------------------------------------------ typing slips


def test_a_short_word_typed_wrong_is_put_right(db: Database, directory: Directory) -> None:
    directory.service("Community Choir", "Sing for fun.")
    directory.service("Walking Group", "A gentle walk.")
    for typed, meant, name in (
        ("chior", "choir", "Community Choir"),
        ("wlak", "walking", "Walking Group"),
        ("walkign", "walking", "Walking Group"),
        ("comunity ch", "community ch", "Community Choir"),
    ):
        result = search_directory(db, typed, now=NOW)
        assert names(result.hits) == [name], typed
        assert result.spelled_as == meant, typed

    exact = search_directory(db, "choir", now=NOW)
    assert exact.spelled_as is None
    assert search_directory(db, "xylophone", now=NOW).hits == []
    # Words that are all in the index but not together are not "put right".
    assert search_directory(db, "choir walk", now=NOW).hits == []


def test_names_first_and_a_vague_query_ranks_a_sample(
    db: Database, directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory.service("Coffee and Chat", "Walk in, no need to book.")
    for i in range(4):
        directory.service(f"Walk {i}", "A walk, a walk, a walk, and another walk.")
    result = search_directory(db, "walk", limit=5, now=NOW)
    assert names(result.hits)[-1] == "Coffee and Chat"  # named services first
    assert not result.more
    assert search_directory(db, "walk", limit=4, now=NOW).more

    monkeypatch.setattr(ds, "RANK_AT_MOST", 2)  # each tier ranks two matches at most
    sample = search_directory(db, "wa", limit=3, now=NOW)
    assert len(sample.hits) == 3 and sample.more
    assert set(names(search(db, "walk 3", now=NOW))) == {"Walk 3"}


def test_a_search_for_a_day_shows_that_days_session(db: Database, directory: Directory) -> None:
    directory.service("Knit and Natter", days=[("MO", "10:00", "12:00"), ("TH", "14:00", "16:00")])
    monday = dt.datetime(2026, 11, 30, 8, 0)
    (hit,) = search(db, "knit", now=monday)
    assert hit.next_session == "Mondays 10:00–12:00 and other times"
    (hit,) = search(db, "knit", Filters(day="Thursday"), now=monday)
    assert hit.next_session == "Thursdays 14:00–16:00"


def test_each_result_carries_what_became_of_the_people_we_connected(
    db: Database, directory: Directory
) -> None:
    from linkworker.care.person import NewPerson
    from linkworker.store import edits
    from linkworker.store.directory_actions import connect_person
    from linkworker.store.people import add_person

    walk = directory.service("Health Walk")
    directory.service("Health Choir")
    ann = add_person(db, NewPerson(given_name="Ann", family_name="Hale"))
    bob = add_person(db, NewPerson(given_name="Bob", family_name="Okafor"))
    day = dt.date(2026, 11, 2)
    connect_person(db, ann, walk, "referral", day)
    gone = connect_person(db, bob, walk, "signpost", day)
    edits.set_field(db, "community_connection", gone, "status", "attended")

    hits = {hit.name: hit for hit in search(db, "health")}
    walked = hits["Health Walk"].ours
    assert walked is not None
    assert (walked.connections, walked.referred, walked.accepted, walked.attended) == (2, 1, 1, 1)
    assert hits["Health Choir"].ours is None


def test_a_day_whose_sessions_have_ended_finds_nothing(db: Database, directory: Directory) -> None:
    """The Tuesday group stopped in January (its schedule ends then); the Thursday one goes on."""
    sid = directory.service("Chair Yoga")
    with db.transaction() as s:
        s.add(
            DirSchedule(
                service_id=sid,
                freq="WEEKLY",
                byday="TU",
                opens_at=dt.time(10),
                closes_at=dt.time(11),
                valid_to=dt.date(2026, 1, 31),
            )
        )
        s.add(DirSchedule(service_id=sid, freq="WEEKLY", byday="TH", opens_at=dt.time(14),
                          closes_at=dt.time(15)))  # fmt: skip
    now = dt.datetime(2026, 11, 30, 9, 0)
    assert [h.name for h in search(db, "", Filters(day="TU"), now=now)] == []
    assert [h.name for h in search(db, "", Filters(day="TH"), now=now)] == ["Chair Yoga"]
    assert [h.name for h in search(db, "", Filters(day="TU"), now=now.replace(year=2025))] == [
        "Chair Yoga"
    ]  # before it ended


def test_words_run_together_are_parted(db: Database, directory: Directory) -> None:
    directory.service("Millbrook Food Bank")
    directory.service("Men's Shed")
    result = search_directory(db, "foodbank")
    assert [h.name for h in result.hits] == ["Millbrook Food Bank"]
    assert result.spelled_as == "food bank"
    assert [h.name for h in search_directory(db, "mensshed").hits] == ["Men's Shed"]
    assert search_directory(db, "foodbanx").hits == []
