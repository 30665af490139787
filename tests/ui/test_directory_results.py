"""How a result reads in the list and to a screen reader (pure text; no window)."""

from __future__ import annotations

import datetime as dt

from linkworker.store.directory_details import ConnectionFigures
from linkworker.store.directory_search import ServiceHit
from linkworker.ui.directory_model import hit_sentence, ours_text


def hit(ours: ConnectionFigures | None = None) -> ServiceHit:
    return ServiceHit(
        "s1", "Walking Netball", "Thornleigh Village Hall", "Netball at walking pace",
        "Tuesdays 11:00–12:00", "£2.50", "active", dt.date(2026, 5, 4), False, None, ours,
    )  # fmt: skip


def test_our_figures_are_said_only_when_we_connected_someone() -> None:
    assert ours_text(hit()) == ""
    assert ours_text(hit(ConnectionFigures(connections=3, accepted=2, attended=1))) == (
        "Ours: 3 connected · 2 accepted · 1 attended"
    )
    assert ours_text(hit(ConnectionFigures(connections=1, referred=1, waiting=1))) == (
        "Ours: 1 connected"
    )


def test_a_result_as_one_sentence() -> None:
    figures = ConnectionFigures(connections=3, accepted=2, attended=1)
    assert hit_sentence(hit(figures)) == (
        "Walking Netball, run by Thornleigh Village Hall, Tuesdays 11:00–12:00, £2.50, "
        "Ours: 3 connected, 2 accepted, 1 attended."
    )
