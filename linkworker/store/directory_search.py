"""Searching the directory as a link worker types, from the encrypted database, offline.

``search(db, "walk gro", Filters(day="TU", cost="free"))`` gives the services that match, best
first, as plain ``ServiceHit`` rows: name, organisation, a short description, the next session
("Tuesdays 10:00–12:00"), a cost badge, how fresh the record is, and the distance when a point
was given. ``search_directory`` gives the same with what a results list may want to say about
the search itself (a word put right; more matches than shown).

How it works (the index is made by migration 0005, and kept right by triggers):

* Every typed word is matched as the start of a word ("walk gro" finds "Walking group") in the
  service's name, description, organisation, categories and place. Matches are ranked by BM25
  with the name weighted well above the rest (``WEIGHTS``).
* Filters are words of the index too, in columns never searched by what is typed: a day is
  ``0dtu``, free is ``0cfree``, a category is ``0k`` + its id in hex, a distance becomes the map
  squares around the point, and "open on Tuesday at 10:30" is ``0ttu10`` (open in that hour).
  FTS5 intersects them with the typed words before anything is ranked. What words cannot say
  exactly (the minutes, an age, the distance) is checked in SQL on the rows left, from the
  index's own small tables.
* Services whose name holds every word come first, then the others, each by BM25. Each of the
  two ranks at most its first ``RANK_AT_MOST`` matches, in index order (fewer while a word has
  one or two letters, ``RANK_SHORT``): a word that matches thousands of services shows the best
  of a sample, so the list keeps up with every keystroke; the next letter narrows it.
* When the words typed find nothing, a word that starts no word of the index is put right, if
  one or two slips away from words that do ("chior" → "choir"; ``spelling_candidates``), or a
  word run together from two is parted ("foodbank" → "food bank"), and the search is run again
  with them (``SearchResult.spelled_as``).

Bulk writers may hold the index's work to the end of their transaction with
``deferred_indexing``. A sync pull holds it longer: the services its pages touch are listed,
and ``index_waiting`` indexes them after the pull, in transactions of their own (a first sync
of a large directory saves its rows first, then makes them searchable, with progress). The
list is kept in the database, so a laptop that stops in between finishes at its next sync
attempt; every write meanwhile (a service checked, say) joins the list. Any other write is
indexed as it happens.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection

from linkworker.care.directory_query import (
    WEEKDAYS,
    CostLine,
    Filters,
    ScheduleLine,
    checked_on,
    cost_badge,
    has_sessions_on,
    haversine_km,
    is_stale,
    next_session,
    parse_day,
    query_terms,
    spelled_word,
    spelling_candidates,
    summary,
)
from linkworker.store.database import Database
from linkworker.store.directory_details import ConnectionFigures, count_connections

__all__ = [
    "RANK_AT_MOST",
    "RANK_SHORT",
    "Filters",
    "SearchResult",
    "ServiceHit",
    "deferred_indexing",
    "index_waiting",
    "is_index_table",
    "optimise_index",
    "rebuild_index",
    "search",
    "search_directory",
]

INDEX_PREFIX = "dir_search"
# The directory tables whose rows the index is made from (each has insert, update and delete
# triggers named dir_search_<table>_<insert|update|delete>).
WATCHED_TABLES = (
    "dir_service", "dir_organization", "dir_taxonomy_term", "dir_attribute",
    "dir_service_at_location", "dir_location", "dir_address", "dir_accessibility",
    "dir_schedule", "dir_cost_option", "dir_language",
)  # fmt: skip

# BM25 weights, by the index's columns: name, description, organisation, categories, place,
# then the filter columns (languages, access, facets), which never count towards the rank.
WEIGHTS = (10.0, 1.0, 3.0, 4.0, 2.0, 0.0, 0.0, 0.0)
SEARCHED = "{name description organisation categories place}"
RANK_AT_MOST = 1000  # matches ranked at most, in each tier (see _ranked)
# ... and while a word is only one or two letters long (it matches most of the directory, and
# the next letter narrows it): a smaller sample keeps each keystroke quick.
RANK_SHORT = {1: 200, 2: 500}
# Nearest first: the search is tried within each of these distances in turn, until one holds
# enough services (or the distance asked for is reached; 250 km when none was).
RINGS_KM = (0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0)
# Map squares, as migration 0005 makes them: (tag, squares per degree), finest first. When at
# most MAX_SQUARES of a size cover the circle, the index is asked for those first (with words
# typed, only the finest: across one town the larger narrow too little to pay for themselves);
# the distance itself is always checked on what is left.
SQUARES = (("g", 100), ("h", 20))
MAX_SQUARES = 12
KM_PER_DEGREE = 111.19508  # of latitude (a mean Earth radius of 6,371.0088 km)

_BM25 = f"bm25(dir_search, {', '.join(str(w) for w in WEIGHTS)})"


def is_index_table(name: str) -> bool:
    """Whether a table belongs to the search index: derived data, not a SQLModel table."""
    return name == INDEX_PREFIX or name.startswith(INDEX_PREFIX + "_")


@dataclass(frozen=True)
class ServiceHit:
    """One service as the results list shows it (plain data, safe to hand to the GUI thread)."""

    service_id: str
    name: str
    organisation: str | None
    summary: str  # the start of the description
    next_session: str  # "Tuesdays 10:00–12:00", a schedule's own words, or ""
    cost: str  # "Free", "£3.50", "From £2", "Low cost", or "" (the record does not say)
    status: str  # active, inactive, temporarily closed (defunct services are not listed)
    checked_on: dt.date | None  # the later of the assured date and the last modified day
    stale: bool  # not checked in the last 12 months
    distance_km: float | None = None  # to the nearest location, when a point was given
    ours: ConnectionFigures | None = None  # what became of the people we connected with it


@dataclass(frozen=True)
class SearchResult:
    hits: list[ServiceHit]
    spelled_as: str | None = None  # the words searched for instead, when those typed found none
    more: bool = False  # there are more matches than those shown (typing more narrows them)


# ------------------------------------------------------------------------------ the index


@contextmanager
def deferred_indexing(conn: Connection, index_at_end: bool = True) -> Iterator[None]:
    """Index the services a bulk write touches once each, at the end, instead of at each row.

    For an importer, inside its write transaction::

        with db.replicating() as conn, deferred_indexing(conn):
            ...  # thousands of rows

    Meanwhile the triggers only note which services were touched; leaving the block indexes
    them (and any left waiting before), even when the block ends with an error (the caller
    decides whether to commit). With ``index_at_end=False`` (a sync pull's pages) they stay
    listed, and indexing stays held, until ``index_waiting`` does it.
    """
    if not conn.in_transaction():
        raise RuntimeError("deferred_indexing works inside a write transaction")
    sql = conn.exec_driver_sql

    def index_now() -> None:
        if index_at_end:
            _index_listed(conn, None)

    sql("UPDATE dir_search_state SET deferred = 1 WHERE id = 1")
    try:
        yield
    except BaseException:
        with suppress(Exception):  # as far as the connection allows; the error is the news
            index_now()
        raise
    index_now()


INDEX_BATCH = 2_000  # services indexed in one transaction by ``index_waiting``


def index_waiting(
    db: Database,
    progress: Callable[[int, int], None] | None = None,
    batch: int = INDEX_BATCH,
) -> int:
    """Index the services a sync pull left waiting, ``batch`` to a transaction; returns how
    many. ``progress(done, total)`` after each batch. Safe to stop at any point: what is not
    done stays listed. Once the list is empty, every write is indexed as it happens again."""
    total = waiting_for_index(db)
    done = 0
    while True:
        with db.replicating() as conn:
            left = _index_listed(conn, batch)
            done += left[0]
        if progress is not None and (left[0] or total):
            progress(min(done, max(total, done)), max(total, done))
        if left[1] == 0:
            return done


def waiting_for_index(db: Database) -> int:
    """How many services wait to be indexed (after a sync pull, until ``index_waiting``)."""
    with db.reading() as s:
        return int(
            s.connection().exec_driver_sql("SELECT count(*) FROM dir_search_pending").scalar_one()
        )


def _index_listed(conn: Connection, limit: int | None) -> tuple[int, int]:
    """Index (up to ``limit`` of) the listed services in this transaction; indexing is held
    again afterwards while any are left. Returns (indexed, left)."""
    sql = conn.exec_driver_sql
    take = "SELECT service_id FROM dir_search_pending ORDER BY service_id"
    if limit is not None:
        take += f" LIMIT {int(limit)}"
    ids = [row[0] for row in sql(take)]
    sql("UPDATE dir_search_state SET deferred = 0 WHERE id = 1")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = ", ".join("(?)" for _ in chunk)
        sql(f"INSERT INTO dir_search_refresh (service_id) VALUES {rows}", tuple(chunk))
        sql(f"DELETE FROM dir_search_pending WHERE service_id IN ({marks})", tuple(chunk))
    left = int(sql("SELECT count(*) FROM dir_search_pending").scalar_one())
    if left:
        sql("UPDATE dir_search_state SET deferred = 1 WHERE id = 1")
    return len(ids), left


def rebuild_index(db: Database) -> int:
    """Make the whole index again from the directory tables; returns the services indexed."""
    with db.transaction() as s:
        sql = s.connection().exec_driver_sql
        for fts in ("dir_search", "dir_search_spelling"):
            sql(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
        for table in (
            "dir_search_doc",
            "dir_search_card",
            "dir_search_place",
            "dir_search_pending",
        ):
            sql(f"DELETE FROM {table}")
        sql("UPDATE dir_search_state SET deferred = 0 WHERE id = 1")
        sql("INSERT INTO dir_search_refresh (service_id) SELECT id FROM dir_service ORDER BY name")
        return int(sql("SELECT count(*) FROM dir_search_doc").scalar_one())


def optimise_index(db: Database) -> None:
    """Merge the index's segments into one (after a large import, searches get a little
    quicker). Takes a second or two for a hundred thousand services."""
    with db.transaction() as s:
        for fts in ("dir_search", "dir_search_spelling"):
            s.connection().exec_driver_sql(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")


# ------------------------------------------------------------------------------ searching


def search(
    db: Database,
    query: str,
    filters: Filters | None = None,
    limit: int = 50,
    *,
    now: dt.datetime | None = None,
) -> list[ServiceHit]:
    """The services matching what was typed and the filters, best first (see the module's
    docstring). An empty query lists the services the filters allow, by name (by distance
    with ``Filters.by_distance``). ``now`` (local time) settles "next session" and freshness.
    """
    return search_directory(db, query, filters, limit, now=now).hits


def search_directory(
    db: Database,
    query: str,
    filters: Filters | None = None,
    limit: int = 50,
    *,
    now: dt.datetime | None = None,
) -> SearchResult:
    """``search``, with what the results list may say about the search itself."""
    filters = filters or Filters()
    now = now or dt.datetime.now()
    terms: list[tuple[str, ...]] = [(t,) for t in query_terms(query)]
    if limit <= 0:
        return SearchResult([])
    with db.reading() as s:
        raw = s.connection().connection.dbapi_connection
        assert raw is not None
        if not filters.by_distance:
            return _search(raw, terms, filters, limit, now)
        furthest = filters.within_km or RINGS_KM[-1]
        result = SearchResult([])
        for ring in [*(r for r in RINGS_KM if r < furthest), furthest]:
            result = _search(raw, terms, replace(filters, within_km=ring), limit, now)
            if len(result.hits) >= limit:
                break
        return result


def _search(
    raw: Any, terms: list[tuple[str, ...]], filters: Filters, limit: int, now: dt.datetime
) -> SearchResult:
    plan = _plan(raw, filters)
    if plan is None:  # a category that is not in the directory
        return SearchResult([])
    if not terms:
        return SearchResult(_hits(raw, _listed(raw, plan, limit), filters, now))
    docs, more = _ranked(raw, plan, terms, limit)
    spelled = None
    if not docs:
        better = _respelled(raw, terms)
        if better is not None:
            docs, more = _ranked(raw, plan, better[0], limit)
            spelled = better[1] if docs else None
    return SearchResult(_hits(raw, docs, filters, now), spelled, more)


@dataclass
class _Plan:
    """A search's filters as FTS5 expressions (``facets``) and SQL conditions on the candidate
    rows (``checks``, on ``dir_search_doc d``), with their parameters."""

    facets: list[str] = field(default_factory=list)
    squares: str | None = None  # the smallest map squares around the point (FTS5), if few
    area: str | None = None  # the map squares of the finest size that will do, if any
    checks: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    nearest: str | None = None  # SQL: squared km to the service's nearest location
    by_distance: bool = False  # nearest first (there is a point and a distance)
    doc_row: bool = False  # a check reads the candidate's dir_search_doc row ``d``
    # (``{doc}`` in checks and ``nearest`` stands for the candidate's index row number)

    def sql(self, text: str, doc: str) -> str:
        return text.replace("{doc}", doc)


def _phrase(word: str, prefix: bool = True) -> str:
    return f'"{word}"*' if prefix else f'"{word}"'


def _any(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


def _hex_token(tag: str, value: str) -> str:
    return f'"{tag}{value.encode().hex()}"'


_CATEGORY_SQL = """
WITH RECURSIVE chosen(id, depth) AS (
    SELECT id, 0 FROM dir_taxonomy_term
    WHERE deleted_at IS NULL AND (id = :c OR code = :c OR lower(name) = lower(:c))
    UNION
    SELECT t.id, chosen.depth + 1 FROM dir_taxonomy_term t JOIN chosen ON t.parent_id = chosen.id
    WHERE t.deleted_at IS NULL AND chosen.depth < 8
)
SELECT DISTINCT id FROM chosen LIMIT 200
"""


def _squared_km(lat: str, lon: str) -> str:
    """SQL: squared km from the point to (lat, lon), on a flat map around the point (SQLite has
    no trigonometry: the point's scale east to west comes as a parameter). Within 0.1% of the
    great-circle distance up to 10 km, 0.3% up to 25 km; the distance shown is exact."""
    return f"({lat} - :lat) * ({lat} - :lat) * :ky2 + ({lon} - :lon) * ({lon} - :lon) * :kx2"


# Squared km to the nearest of the service's located places (NULL when it has none).
_NEAREST = (
    f"(SELECT min({_squared_km('p.latitude', 'p.longitude')}) FROM dir_search_place p"
    " WHERE p.doc = {doc})"
)
_WITHIN = (
    "EXISTS (SELECT 1 FROM dir_search_place p WHERE p.doc = {doc}"
    f" AND {_squared_km('p.latitude', 'p.longitude')} <= :r2)"
)


def _squares(lat: float, lon: float, km: float) -> list[list[str]]:
    """For each size of map square, finest first: the squares (as index words) covering a
    circle, or an empty list when it would take more than MAX_SQUARES of them."""
    margin = 1.01
    dlat = km * margin / KM_PER_DEGREE
    dlon = km * margin / (KM_PER_DEGREE * max(math.cos(math.radians(min(89.0, abs(lat) + dlat))),
                                              0.01))  # fmt: skip
    lat_lo, lat_hi = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    lon_lo, lon_hi = max(-180.0, lon - dlon), min(180.0, lon + dlon)
    sizes = []
    for tag, per_degree in SQUARES:
        ys = range(int((lat_lo + 90) * per_degree), int((lat_hi + 90) * per_degree) + 1)
        xs = range(int((lon_lo + 180) * per_degree), int((lon_hi + 180) * per_degree) + 1)
        fits = len(ys) * len(xs) <= MAX_SQUARES
        sizes.append([f'"0{tag}{y}x{x}"' for y in ys for x in xs] if fits else [])
    return sizes


def _plan(raw: Any, filters: Filters) -> _Plan | None:
    plan = _Plan(by_distance=filters.by_distance and filters.within_km is not None)
    facets, checks, params = plan.facets, plan.checks, plan.params
    if filters.category is not None:
        ids = [r[0] for r in raw.execute(_CATEGORY_SQL, {"c": filters.category.strip()})]
        if not ids:
            return None
        facets.append("facets : " + _any([_hex_token("0k", i) for i in ids]))
    if filters.day is not None and filters.time is None:  # with a time, see below
        facets.append(f'facets : "0d{filters.day.lower()}"')
    if filters.time is not None:  # the hour in the index, the minutes on dir_search_time
        days = [filters.day] if filters.day is not None else WEEKDAYS
        hour = f"{filters.time.hour}"
        facets.append("facets : " + _any([f'"0t{d.lower()}{hour}"' for d in days]))
        params["hhmm"] = f"{filters.time:%H:%M}"
        on_day = ""
        if filters.day is not None:
            params["day"] = filters.day
            on_day = " AND t.day = :day"
        checks.append(
            "EXISTS (SELECT 1 FROM dir_search_time t WHERE t.doc = {doc}"
            f"{on_day} AND t.opens <= :hhmm AND :hhmm < t.closes)"
        )
    if filters.cost == "free":
        facets.append('facets : "0cfree"')
    elif filters.cost == "low":
        facets.append('facets : ("0cfree" OR "0clow")')
    if filters.age is not None:
        plan.doc_row = True
        params["age"] = filters.age
        checks.append(
            "(d.min_age IS NULL OR d.min_age <= :age) AND (d.max_age IS NULL OR :age <= d.max_age)"
        )
    for feature in filters.accessibility:
        facets.append("access : (" + " AND ".join(map(_phrase, query_terms(feature))) + ")")
    if filters.language is not None:
        words = query_terms(filters.language)
        facets.append("languages : (" + " AND ".join(_phrase(w, len(w) > 3) for w in words) + ")")
    if filters.near is not None:
        lat, lon = filters.near
        rad = math.radians(lat)
        params.update(
            lat=lat, lon=lon, ky2=KM_PER_DEGREE**2, kx2=(KM_PER_DEGREE * math.cos(rad)) ** 2
        )
        plan.nearest = _NEAREST
        if filters.within_km is not None:
            fine, *coarser = _squares(lat, lon, filters.within_km)
            if fine:  # with words typed, only the finest squares pay for themselves
                plan.squares = "facets : " + _any(fine)
            plan.area = next(
                ("facets : " + _any(words) for words in (fine, *coarser) if words), None
            )
            params["r2"] = filters.within_km**2
            checks.append(_WITHIN)
    return plan


def _ranked(
    raw: Any, plan: _Plan, terms: Sequence[tuple[str, ...]], limit: int
) -> tuple[list[int], bool]:
    """The best ``limit`` index rows for the words and filters, and whether there are more.

    Services whose name holds every word come first, by BM25, then those that match elsewhere,
    by BM25. The name weighs most in BM25 anyway, so this is BM25's own order but for rare
    cases, and it keeps the top of the list exact while a word still matches thousands: each
    tier ranks at most RANK_AT_MOST matches. Nearest first, when asked, is one tier.
    """
    words = " AND ".join(_any([_phrase(w) for w in group]) for group in terms)
    anywhere = f"{SEARCHED} : ({words})"
    shortest = min(len(group[0]) for group in terms)
    cap = min(RANK_AT_MOST, RANK_SHORT.get(shortest, RANK_AT_MOST))
    if plan.by_distance:
        return _tier(raw, plan, anywhere, limit, cap)
    named = f"name : ({words})"
    docs, more = _tier(raw, plan, named, limit, cap)
    if len(docs) < limit or not more:  # room for the others, or are there others?
        elsewhere = f"({anywhere}) NOT ({named})"
        rest, others = _tier(raw, plan, elsewhere, limit - len(docs), cap)
        docs, more = docs + rest, more or others
    return docs, more


def _tier(raw: Any, plan: _Plan, words: str, limit: int, cap: int) -> tuple[list[int], bool]:
    # The candidate's dir_search_doc row is read only when a check needs it (it costs more
    # than the check of a distance).
    doc = "d.doc" if plan.doc_row else "dir_search.rowid"
    near = plan.sql(plan.nearest, doc) if plan.by_distance and plan.nearest else "NULL"
    sql = (
        f"SELECT doc FROM (SELECT dir_search.rowid AS doc, {_BM25} AS score, {near} AS near"
        " FROM dir_search"
        + (" JOIN dir_search_doc d ON d.doc = dir_search.rowid" if plan.doc_row else "")
        + " WHERE dir_search MATCH :match"
        + "".join(f" AND {plan.sql(c, doc)}" for c in plan.checks)
        + " LIMIT :cap) ORDER BY "
        + ("near, score" if plan.by_distance else "score")
        + " LIMIT :limit"
    )
    match = " AND ".join(f"({part})" for part in [words, *plan.facets, plan.squares] if part)
    params = {**plan.params, "match": match, "cap": cap, "limit": limit + 1}
    docs = [r[0] for r in raw.execute(sql, params)]
    return docs[:limit], len(docs) > limit or len(docs) >= cap


def _listed(raw: Any, plan: _Plan, limit: int) -> list[int]:
    """Index rows the filters allow, by name (nearest first when there is a point and a
    distance), when nothing was typed.

    When the filters are index words, the index finds the rows and they are sorted. Otherwise
    (no filter, or only checks such as an age or a distance by name) the rows are read in name
    order and checked until there are enough."""
    nearest = plan.sql(plan.nearest or "NULL", "d.doc")
    order = f"{nearest}, d.sort_name" if plan.by_distance else "d.sort_name"
    checks = "".join(f" AND {plan.sql(c, 'd.doc')}" for c in plan.checks)
    # Nearest first needs every service in the area: the index finds them by its squares of any
    # size. By name, the larger squares narrow too little to beat reading in name order.
    squares = plan.area if plan.by_distance else plan.squares
    parts = [*plan.facets, squares] if plan.facets or squares else []
    match = " AND ".join(f"({p})" for p in parts if p) or None
    if match is None:
        sql = f"SELECT d.doc FROM dir_search_doc d WHERE 1{checks} ORDER BY {order} LIMIT :limit"
    else:
        sql = (
            "SELECT d.doc FROM dir_search JOIN dir_search_doc d ON d.doc = dir_search.rowid"
            f" WHERE dir_search MATCH :match{checks} ORDER BY {order} LIMIT :limit"
        )
    params = {**plan.params, "match": match, "limit": limit}
    return [r[0] for r in raw.execute(sql, params)]


def _respelled(
    raw: Any, terms: Sequence[tuple[str, ...]]
) -> tuple[list[tuple[str, ...]], str] | None:
    """The query with each word that starts no word of the index replaced by its likely
    spellings, and the words to show for it; None when there is nothing to put right, or no
    word near enough."""
    changed = False
    out: list[tuple[str, ...]] = []
    shown: list[str] = []
    for group in terms:
        word = group[0]
        if len(group) > 1 or _starts_a_word(raw, word):
            out.append(group)
            shown.append(word)
            continue
        split = _split(raw, word)
        if split is not None:  # "foodbank": "food bank"
            out += [(split[0],), (split[1],)]
            shown.append(" ".join(split))
            changed = True
            continue
        vocabulary: dict[str, int] = {}
        for first in dict.fromkeys(word[:2]):  # a slip in the first letter: the second's words
            low, high = first, chr(ord(first) + 1)
            rows = raw.execute(
                "SELECT term, doc FROM dir_search_words WHERE term >= ? AND term < ?", (low, high)
            )
            vocabulary.update(rows)
        found = spelling_candidates(word, vocabulary.items())
        if not found:
            return None
        out.append(tuple(found))
        shown.append(spelled_word(found[0], vocabulary.items()))
        changed = True
    return (out, " ".join(shown)) if changed else None


def _split(raw: Any, word: str) -> tuple[str, str] | None:
    """A word run together from two ("foodbank", "mensshed"): a whole word of the index, then
    the start of one; the longest first part that works."""
    for cut in range(len(word) - 2, 2, -1):
        first, rest = word[:cut], word[cut:]
        whole = raw.execute("SELECT 1 FROM dir_search_words WHERE term = ?", (first,)).fetchone()
        if whole is not None and _starts_a_word(raw, rest):
            return first, rest
    return None


def _starts_a_word(raw: Any, word: str) -> bool:
    after = word[:-1] + chr(ord(word[-1]) + 1)
    row = raw.execute(
        "SELECT 1 FROM dir_search_words WHERE term >= ? AND term < ? LIMIT 1", (word, after)
    ).fetchone()
    return row is not None


# ------------------------------------------------------------------------------ the rows

_CARDS_SQL = """
SELECT c.doc, d.service_id, c.name, c.organisation, c.description, c.status, c.fees,
       c.assured_date, c.last_modified, c.costs, c.schedules
FROM dir_search_card c JOIN dir_search_doc d ON d.doc = c.doc
WHERE c.doc IN ({marks})
"""
_PLACES_SQL = "SELECT doc, latitude, longitude FROM dir_search_place WHERE doc IN ({marks})"


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _time(value: Any) -> dt.time | None:
    return dt.time.fromisoformat(str(value)) if value else None


def _schedule(fields: list[Any]) -> ScheduleLine:
    freq, interval, byday, bymonthday, opens, closes, words, *days = fields
    start, valid_from, valid_to, until = map(_date, days)
    return ScheduleLine(
        freq, interval, byday, bymonthday, _time(opens), _time(closes), words, start,
        valid_from, valid_to, until,
    )  # fmt: skip


def _our_figures(raw: Any, service_ids: list[str]) -> dict[str, ConnectionFigures]:
    """The connection figures of those of these services anyone here was connected with."""
    if not service_ids:
        return {}
    rows: dict[str, list[tuple[str, str, str]]] = {}
    marks = ",".join("?" * len(service_ids))
    for service_id, person_id, kind, status in raw.execute(
        "SELECT service_id, person_id, kind, status FROM community_connection"
        f" WHERE deleted_at IS NULL AND service_id IN ({marks})",
        service_ids,
    ):
        rows.setdefault(service_id, []).append((person_id, kind, status))
    return {sid: count_connections(found) for sid, found in rows.items()}


def _hits(raw: Any, docs: list[int], filters: Filters, now: dt.datetime) -> list[ServiceHit]:
    """The rows for the results list, in the order of ``docs`` (by distance when asked), from
    the index's cards (``dir_search_card``: one small row per service)."""
    if not docs:
        return []
    marks = ",".join("?" * len(docs))
    cards = {r[0]: r for r in raw.execute(_CARDS_SQL.format(marks=marks), docs)}
    nearest: dict[int, float] = {}
    if filters.near is not None:
        for doc, lat, lon in raw.execute(_PLACES_SQL.format(marks=marks), docs):
            km = haversine_km(filters.near, (lat, lon))
            nearest[doc] = min(km, nearest.get(doc, km))
    today = now.date()
    day = parse_day(filters.day) if filters.day else None
    ours = _our_figures(raw, [cards[doc][1] for doc in docs if doc in cards])
    hits = []
    for doc in docs:
        card = cards.get(doc)
        if card is None:
            continue
        _doc, sid, name, organisation, words, status, fees, assured, modified, costs, times = card
        checked = checked_on(
            _date(assured), dt.datetime.fromisoformat(modified) if modified else None
        )
        schedules = [_schedule(line) for line in json.loads(times)]
        if day is not None and not has_sessions_on(schedules, day, today):
            continue  # its sessions on that day have ended (the index knows no dates)
        options = [CostLine(*option) for option in json.loads(costs)]
        hits.append(ServiceHit(
            sid, name, organisation, summary(words), next_session(schedules, now, day),
            cost_badge(options, fees), status, checked, is_stale(checked, today),
            round(nearest[doc], 2) if doc in nearest else None, ours.get(sid),
        ))  # fmt: skip
    if filters.by_distance:
        hits.sort(key=lambda h: math.inf if h.distance_km is None else h.distance_km)
    return hits
