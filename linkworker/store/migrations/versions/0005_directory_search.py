"""Directory search: a full-text index (SQLite FTS5) of the directory's services, kept inside the
encrypted database and kept right by triggers, whichever way rows arrive (the ORM, an import
with Core, or a sync pull with plain SQL).

What is made (every name starts ``dir_search``; none is a SQLModel table, as none is synced):

* ``dir_search``: FTS5, contentless (it keeps no copy of the text, only the index), one row per
  live service. Searched columns: ``name`` (with the alternate name), ``description``,
  ``organisation``, ``categories`` (taxonomy term names linked through ``dir_attribute``) and
  ``place`` (location names, first address lines, towns, postcodes). Filter columns, never
  searched by the words typed: ``languages`` (names and codes), ``access`` (accessibility
  descriptions and details) and ``facets``: machine words for days (``0dtu``), hours open by
  day (``0ttu10``), cost (``0cfree``, ``0clow``), categories (``0k`` + the term id in hex) and
  map squares (``0g``/``0h`` + row and column). They begin with a digit, so that no typed
  word's first letters reach them.
  Prefix indexes for one, two and three letters keep the first keystrokes quick.
* ``dir_search_spelling`` and ``dir_search_words``: the words of names and categories alone, in
  a small index without positions, and FTS5's own list of its words (``fts5vocab``: nothing
  stored), for putting right a word typed wrong.
* ``dir_search_doc``: which service each index row is (a rowid of our own, so that a VACUUM or a
  table rebuild cannot shuffle them), with the name to sort by and the age range.
* ``dir_search_card``: what a results list shows of each indexed service (name, organisation,
  the start of the description, status, fees, freshness dates, and its cost options and
  schedules as JSON), so that fifty results are fifty small rows to read.
* ``dir_search_place``: where each indexed service's locations are (a row per location with
  coordinates), found by the index row, for distances; ``dir_search_time``: when it is open
  (a row per day and opening hours of each schedule), for "open at 10:30 on Tuesday".
  ``dir_search_weekday`` and ``dir_search_hour`` are fixed lists the triggers join with.
* ``dir_search_refresh``: a view that is never read. Inserting a service id into it re-indexes
  that service (an INSTEAD OF trigger): one place holds the work, and each table's triggers only
  say which services a change touches.
* ``dir_search_state`` and ``dir_search_pending``: a bulk writer may ask for indexing to wait to
  the end of its transaction (``linkworker.store.directory_search.deferred_indexing``); the
  services touched meanwhile are listed in ``dir_search_pending`` and indexed once each.

A later migration that rebuilds one of the watched tables (batch mode drops the old table, and
its triggers with it) must create that table's triggers again; a test checks they are all there.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Map squares for "within N km", in two sizes: 1/100 of a degree of latitude by 1/100 of
# longitude (about 1.1 km by 0.7 km in England), and 1/20 (5.6 km by 3.3 km). A search asks
# the index for the dozen squares around the point first. Whole multipliers, so that Python
# finds the same square for the same point (linkworker/store/directory_search.py).
SQUARES = (("g", 100), ("h", 20))


def _plain(expr: str) -> str:
    """Text with apostrophes taken out, so that "Men's" is indexed (and found) as "mens"."""
    return f"replace(replace(replace({expr}, '''', ''), '’', ''), '‘', '')"


def _days(byday: str) -> str:
    """'MO,WE' -> '0dmo 0dwe' (monthly '1TU' and '-1FR' count as Tuesday and Friday)."""
    stripped = f"upper({byday})"
    for ch in (" ", "+", "-", "1", "2", "3", "4", "5"):
        stripped = f"replace({stripped}, '{ch}', '')"
    return f"'0d' || replace({stripped}, ',', ' 0d')"


def _squares(lat: str, lon: str) -> str:
    parts = [
        f"'0{tag}' || CAST(({lat} + 90) * {per_degree} AS INTEGER) || 'x' || "
        f"CAST(({lon} + 180) * {per_degree} AS INTEGER)"
        for tag, per_degree in SQUARES
    ]
    return " || ' ' || ".join(parts)


# A schedule ``sc``'s days as index words (a daily one without days runs every day).
_DAY_WORDS = (
    "CASE WHEN coalesce(trim(sc.byday), '') = ''"
    " THEN CASE WHEN upper(sc.freq) = 'DAILY' THEN '0dmo 0dtu 0dwe 0dth 0dfr 0dsa 0dsu' END"
    f" ELSE {_days('sc.byday')} END"
)
_GBP_AMOUNT = "CASE WHEN coalesce(upper(c.currency), 'GBP') = 'GBP' THEN c.amount END"

# What goes in each column of the index, for the service ``s`` (joined to its ``dir_search_doc``).
DOCUMENT = {
    "name": _plain("concat_ws(' ', s.name, s.alternate_name)"),
    "description": _plain("substr(s.description, 1, 2000)"),  # the start of a long one
    "organisation": _plain(
        "(SELECT concat_ws(' ', o.name, o.alternate_name) FROM dir_organization o"
        " WHERE o.id = s.organization_id AND o.deleted_at IS NULL)"
    ),
    "categories": _plain(
        "(SELECT group_concat(t.name, ' ') FROM dir_attribute a"
        " JOIN dir_taxonomy_term t ON t.id = a.taxonomy_term_id"
        " WHERE a.link_id = s.id AND a.deleted_at IS NULL AND t.deleted_at IS NULL)"
    ),
    "place": _plain(
        "(SELECT group_concat(concat_ws(' ', l.name, (SELECT group_concat(concat_ws(' ',"
        " ad.address_1, ad.city, ad.postal_code, replace(ad.postal_code, ' ', '')), ' ')"
        " FROM dir_address ad WHERE ad.location_id = l.id AND ad.deleted_at IS NULL)), ' ')"
        " FROM dir_service_at_location sal JOIN dir_location l ON l.id = sal.location_id"
        " WHERE sal.service_id = s.id AND sal.deleted_at IS NULL AND l.deleted_at IS NULL)"
    ),
    "languages": (
        "(SELECT group_concat(concat_ws(' ', g.name, g.code), ' ') FROM dir_language g"
        " WHERE g.service_id = s.id AND g.deleted_at IS NULL)"
    ),
    "access": (
        "(SELECT group_concat(concat_ws(' ', ac.description, ac.details), ' ')"
        " FROM dir_service_at_location sal JOIN dir_accessibility ac"
        " ON ac.location_id = sal.location_id"
        " WHERE sal.service_id = s.id AND sal.deleted_at IS NULL AND ac.deleted_at IS NULL)"
    ),
    "facets": "concat_ws(' ', "
    # days: from the service's schedules, and its service-at-location rows' schedules: two
    # lookups by index (with an OR of the two the planner scans every schedule; and as most
    # schedules have no service_at_location_id, ANALYZE makes that index look useless, so it
    # is named, and CROSS JOIN keeps the service-at-location rows as the outer loop)
    f"(SELECT group_concat({_DAY_WORDS}, ' ') FROM dir_schedule sc"
    " WHERE sc.service_id = s.id AND sc.deleted_at IS NULL), "
    f"(SELECT group_concat({_DAY_WORDS}, ' ') FROM dir_service_at_location sal"
    " CROSS JOIN dir_schedule sc INDEXED BY ix_dir_schedule_service_at_location_id"
    " ON sc.service_at_location_id = sal.id"
    " WHERE sal.service_id = s.id AND sal.deleted_at IS NULL AND sc.deleted_at IS NULL"
    " AND sc.service_id IS NOT s.id), "
    # cost: the rules of linkworker.care.directory_query.cost_class, in SQL, in one look at the
    # service's cost options (an aggregate over none gives one row, of NULLs and a count of 0)
    "(SELECT CASE"
    " WHEN max(c.amount = 0 OR lower(trim(c.option)) = 'free') THEN '0cfree'"
    " WHEN count(*) = 0 AND lower(trim(s.fees_description)) LIKE 'free%' THEN '0cfree'"
    f" WHEN min({_GBP_AMOUNT}) IS NOT NULL THEN CASE WHEN min({_GBP_AMOUNT}) <= 5 THEN '0clow' END"
    " WHEN max(lower(c.option) LIKE '%low%cost%') THEN '0clow'"
    " WHEN count(c.amount) = 0 AND lower(s.fees_description) LIKE '%low%cost%' THEN '0clow'"
    " END FROM dir_cost_option c WHERE c.service_id = s.id AND c.deleted_at IS NULL), "
    # categories, by id (hex, so any id is one word)
    "(SELECT group_concat('0k' || hex(a.taxonomy_term_id), ' ') FROM dir_attribute a"
    " JOIN dir_taxonomy_term t ON t.id = a.taxonomy_term_id"
    " WHERE a.link_id = s.id AND a.deleted_at IS NULL AND t.deleted_at IS NULL), "
    # the hours it is open, by day: "0ttu10" (open at some time between 10:00 and 11:00 on a
    # Tuesday; the minutes are checked on dir_search_time when a search asks)
    "(SELECT group_concat('0t' || lower(t.day) || h.h, ' ') FROM dir_search_time t"
    " JOIN dir_search_hour h ON h.starts < t.closes AND t.opens < h.ends WHERE t.doc = d.doc), "
    # map squares of every location with coordinates (dir_search_place, just made)
    f"(SELECT group_concat({_squares('p.latitude', 'p.longitude')}, ' ')"
    " FROM dir_search_place p WHERE p.doc = d.doc))",
}

# What a results list shows of the service ``s``, kept with the index so that showing fifty
# results reads fifty small rows: cost options and schedules as JSON arrays, which
# linkworker.care.directory_query puts into words ("£3.50", "Tuesdays 10:00–12:00").
_SCHEDULE = (
    "json_array(sc.freq, sc.interval, sc.byday, sc.bymonthday, sc.opens_at, sc.closes_at,"
    " sc.description, sc.dtstart, sc.valid_from, sc.valid_to, sc.until)"
)
CARD = {
    "doc": "d.doc",
    "name": "s.name",
    "organisation": (
        "(SELECT o.name FROM dir_organization o"
        " WHERE o.id = s.organization_id AND o.deleted_at IS NULL)"
    ),
    "description": "substr(s.description, 1, 400)",
    "status": "s.status",
    "fees": "s.fees_description",
    "assured_date": "s.assured_date",
    "last_modified": "s.last_modified",
    "costs": (
        "(SELECT json_group_array(json_array(c.amount, c.option, c.currency))"
        " FROM dir_cost_option c WHERE c.service_id = s.id AND c.deleted_at IS NULL)"
    ),
    "schedules": (
        f"(SELECT json_group_array(json(line)) FROM (SELECT {_SCHEDULE} AS line"
        " FROM dir_schedule sc WHERE sc.service_id = s.id AND sc.deleted_at IS NULL"
        f" UNION ALL SELECT {_SCHEDULE} FROM dir_service_at_location sal"
        " CROSS JOIN dir_schedule sc INDEXED BY ix_dir_schedule_service_at_location_id"
        " ON sc.service_at_location_id = sal.id"
        " WHERE sal.service_id = s.id AND sal.deleted_at IS NULL AND sc.deleted_at IS NULL"
        " AND sc.service_id IS NOT s.id))"
    ),
}

_LIVE_SERVICE = "deleted_at IS NULL AND lower(status) <> 'defunct'"
_DOC = "(SELECT doc FROM dir_search_doc WHERE service_id = NEW.service_id)"

# A service's schedules, from the service and from its service-at-location rows.
_SCHEDULES = (
    "SELECT byday, freq, opens_at, closes_at FROM dir_schedule"
    " WHERE service_id = NEW.service_id AND deleted_at IS NULL"
    " UNION ALL SELECT sc.byday, sc.freq, sc.opens_at, sc.closes_at"
    " FROM dir_service_at_location sal"
    " CROSS JOIN dir_schedule sc INDEXED BY ix_dir_schedule_service_at_location_id"
    " ON sc.service_at_location_id = sal.id"
    " WHERE sal.service_id = NEW.service_id AND sal.deleted_at IS NULL AND sc.deleted_at IS NULL"
    " AND sc.service_id IS NOT NEW.service_id"
)

REINDEX = f"""
DELETE FROM dir_search WHERE rowid = {_DOC};
DELETE FROM dir_search_spelling WHERE rowid = {_DOC};
DELETE FROM dir_search_place WHERE doc = {_DOC};
DELETE FROM dir_search_time WHERE doc = {_DOC};
DELETE FROM dir_search_card WHERE doc = {_DOC};
DELETE FROM dir_search_doc WHERE service_id = NEW.service_id AND NOT EXISTS
    (SELECT 1 FROM dir_service WHERE id = NEW.service_id AND {_LIVE_SERVICE});
INSERT INTO dir_search_doc (service_id, sort_name, min_age, max_age)
    SELECT id, lower(trim(name)), minimum_age, maximum_age FROM dir_service
    WHERE id = NEW.service_id AND {_LIVE_SERVICE}
    ON CONFLICT (service_id) DO UPDATE SET sort_name = excluded.sort_name,
        min_age = excluded.min_age, max_age = excluded.max_age;
INSERT OR IGNORE INTO dir_search_place (doc, latitude, longitude)
    SELECT d.doc, l.latitude, l.longitude FROM dir_search_doc d
    JOIN dir_service_at_location sal ON sal.service_id = d.service_id
    JOIN dir_location l ON l.id = sal.location_id
    WHERE d.service_id = NEW.service_id AND sal.deleted_at IS NULL AND l.deleted_at IS NULL
    AND l.latitude BETWEEN -90 AND 90 AND l.longitude BETWEEN -180 AND 180;
INSERT OR IGNORE INTO dir_search_time (doc, day, opens, closes)
    SELECT d.doc, w.code, substr(sc.opens_at, 1, 5), substr(sc.closes_at, 1, 5)
    FROM dir_search_doc d, ({_SCHEDULES}) AS sc JOIN dir_search_weekday w
    ON instr(upper(sc.byday), w.code) > 0
    OR (coalesce(trim(sc.byday), '') = '' AND upper(sc.freq) = 'DAILY')
    WHERE d.service_id = NEW.service_id AND sc.opens_at IS NOT NULL AND sc.closes_at IS NOT NULL;
INSERT INTO dir_search (rowid, {", ".join(DOCUMENT)})
    SELECT d.doc, {", ".join(DOCUMENT.values())}
    FROM dir_service s JOIN dir_search_doc d ON d.service_id = s.id
    WHERE s.id = NEW.service_id;
INSERT INTO dir_search_spelling (rowid, words)
    SELECT d.doc, concat_ws(' ', {DOCUMENT["name"]}, {DOCUMENT["categories"]})
    FROM dir_service s JOIN dir_search_doc d ON d.service_id = s.id
    WHERE s.id = NEW.service_id;
INSERT INTO dir_search_card ({", ".join(CARD)})
    SELECT {", ".join(CARD.values())}
    FROM dir_service s JOIN dir_search_doc d ON d.service_id = s.id
    WHERE s.id = NEW.service_id;
"""

# Each watched table: the columns whose change matters, and the services a row touches
# (``{row}`` is NEW or OLD).
WATCHED = {
    "dir_service": (
        "name, alternate_name, description, organization_id, status, fees_description,"
        " minimum_age, maximum_age, assured_date, last_modified, deleted_at",
        "SELECT {row}.id",
    ),
    "dir_organization": (
        "name, alternate_name, deleted_at",
        "SELECT id FROM dir_service WHERE organization_id = {row}.id",
    ),
    "dir_taxonomy_term": (
        "name, deleted_at",
        "SELECT link_id FROM dir_attribute WHERE taxonomy_term_id = {row}.id",
    ),
    "dir_attribute": ("link_id, taxonomy_term_id, deleted_at", "SELECT {row}.link_id"),
    "dir_service_at_location": ("service_id, location_id, deleted_at", "SELECT {row}.service_id"),
    "dir_location": (
        "name, latitude, longitude, deleted_at",
        "SELECT service_id FROM dir_service_at_location WHERE location_id = {row}.id",
    ),
    "dir_address": (
        "location_id, address_1, city, postal_code, deleted_at",
        "SELECT service_id FROM dir_service_at_location WHERE location_id = {row}.location_id",
    ),
    "dir_accessibility": (
        "location_id, description, details, deleted_at",
        "SELECT service_id FROM dir_service_at_location WHERE location_id = {row}.location_id",
    ),
    "dir_schedule": (
        "service_id, service_at_location_id, freq, interval, byday, bymonthday, opens_at,"
        " closes_at, description, dtstart, valid_from, valid_to, until, deleted_at",
        "SELECT {row}.service_id UNION SELECT service_id FROM dir_service_at_location"
        " WHERE id = {row}.service_at_location_id",
    ),
    "dir_cost_option": (
        "service_id, amount, option, currency, deleted_at",
        "SELECT {row}.service_id",
    ),
    "dir_language": ("service_id, name, code, deleted_at", "SELECT {row}.service_id"),
}


def _table_triggers(table: str) -> list[str]:
    columns, touched = WATCHED[table]
    new, old = touched.format(row="NEW"), touched.format(row="OLD")
    refresh = "INSERT INTO dir_search_refresh (service_id)"
    return [
        f"CREATE TRIGGER dir_search_{table}_insert AFTER INSERT ON {table} BEGIN"
        f" {refresh} {new}; END",
        f"CREATE TRIGGER dir_search_{table}_update AFTER UPDATE OF {columns} ON {table} BEGIN"
        f" {refresh} {new} UNION {old}; END",
        f"CREATE TRIGGER dir_search_{table}_delete AFTER DELETE ON {table} BEGIN"
        f" {refresh} {old}; END",
    ]


def upgrade() -> None:
    # Schedules may hang off a service-at-location row rather than the service: found by index.
    with op.batch_alter_table("dir_schedule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dir_schedule_service_at_location_id"),
            ["service_at_location_id"],
            unique=False,
        )
    statements = [
        f"CREATE VIRTUAL TABLE dir_search USING fts5({', '.join(DOCUMENT)}, content='',"
        " contentless_delete=1, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE dir_search_spelling USING fts5(words, content='',"
        " contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE dir_search_words USING fts5vocab(dir_search_spelling, 'row')",
        "CREATE TABLE dir_search_doc (doc INTEGER PRIMARY KEY, service_id TEXT NOT NULL UNIQUE,"
        " sort_name TEXT NOT NULL, min_age INTEGER, max_age INTEGER)",
        "CREATE TABLE dir_search_card (doc INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " organisation TEXT, description TEXT, status TEXT, fees TEXT, assured_date TEXT,"
        " last_modified TEXT, costs TEXT NOT NULL, schedules TEXT NOT NULL)",
        "CREATE TABLE dir_search_place (doc INTEGER NOT NULL, latitude REAL NOT NULL,"
        " longitude REAL NOT NULL, PRIMARY KEY (doc, latitude, longitude)) WITHOUT ROWID",
        "CREATE TABLE dir_search_time (doc INTEGER NOT NULL, day TEXT NOT NULL,"
        " opens TEXT NOT NULL, closes TEXT NOT NULL,"
        " PRIMARY KEY (doc, day, opens, closes)) WITHOUT ROWID",
        "CREATE TABLE dir_search_weekday (code TEXT PRIMARY KEY) WITHOUT ROWID",
        "INSERT INTO dir_search_weekday (code) VALUES"
        " ('MO'), ('TU'), ('WE'), ('TH'), ('FR'), ('SA'), ('SU')",
        "CREATE TABLE dir_search_hour (h INTEGER PRIMARY KEY, starts TEXT NOT NULL,"
        " ends TEXT NOT NULL)",
        "INSERT INTO dir_search_hour (h, starts, ends) VALUES "
        + ", ".join(f"({h}, '{h:02d}:00', '{h + 1:02d}:00')" for h in range(24)),
        "CREATE INDEX dir_search_doc_sort_name ON dir_search_doc (sort_name)",
        "CREATE TABLE dir_search_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " deferred INTEGER NOT NULL DEFAULT 0)",
        "INSERT INTO dir_search_state (id, deferred) VALUES (1, 0)",
        "CREATE TABLE dir_search_pending (service_id TEXT PRIMARY KEY) WITHOUT ROWID",
        "CREATE VIEW dir_search_refresh (service_id) AS SELECT NULL WHERE 0",
        "CREATE TRIGGER dir_search_refresh_now INSTEAD OF INSERT ON dir_search_refresh"
        " WHEN NEW.service_id IS NOT NULL"
        " AND NOT (SELECT deferred FROM dir_search_state WHERE id = 1)"
        f" BEGIN {REINDEX} END",
        "CREATE TRIGGER dir_search_refresh_later INSTEAD OF INSERT ON dir_search_refresh"
        " WHEN NEW.service_id IS NOT NULL AND (SELECT deferred FROM dir_search_state WHERE id = 1)"
        " BEGIN INSERT OR IGNORE INTO dir_search_pending (service_id) VALUES (NEW.service_id); END",
    ]
    for table in WATCHED:
        statements += _table_triggers(table)
    # The services already on this laptop.
    statements.append(
        "INSERT INTO dir_search_refresh (service_id) SELECT id FROM dir_service ORDER BY name"
    )
    for sql in statements:
        op.execute(sa.text(sql))


def downgrade() -> None:
    for table in reversed(list(WATCHED)):
        for kind in ("delete", "update", "insert"):
            op.execute(sa.text(f"DROP TRIGGER IF EXISTS dir_search_{table}_{kind}"))
    for sql in (
        "DROP TRIGGER IF EXISTS dir_search_refresh_later",
        "DROP TRIGGER IF EXISTS dir_search_refresh_now",
        "DROP VIEW IF EXISTS dir_search_refresh",
        "DROP TABLE IF EXISTS dir_search_pending",
        "DROP TABLE IF EXISTS dir_search_state",
        "DROP TABLE IF EXISTS dir_search_hour",
        "DROP TABLE IF EXISTS dir_search_weekday",
        "DROP TABLE IF EXISTS dir_search_time",
        "DROP TABLE IF EXISTS dir_search_place",
        "DROP TABLE IF EXISTS dir_search_card",
        "DROP TABLE IF EXISTS dir_search_doc",
        "DROP TABLE IF EXISTS dir_search_words",
        "DROP TABLE IF EXISTS dir_search_spelling",
        "DROP TABLE IF EXISTS dir_search",
    ):
        op.execute(sa.text(sql))
    with op.batch_alter_table("dir_schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_schedule_service_at_location_id"))
