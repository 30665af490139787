"""The Directory page's results as a Qt list model, the delegate that draws each result, and the
choices its filter boxes offer (read from the directory itself).

A result is one ``ServiceHit`` from the search: name and cost badge on the first line, the
organisation on the second, the next session (and distance, and a flag when the record has not
been checked for a year) on the third. Screen readers get the same as one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from linkworker.care.directory_query import postcode_district

if TYPE_CHECKING:
    from linkworker.store.database import Database
    from linkworker.store.directory_details import Place, ServiceDetails
    from linkworker.store.directory_search import ServiceHit

Index = QModelIndex | QPersistentModelIndex

# Custom roles.
SERVICE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the service's id
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # the ServiceHit itself

# Access features offered as checkboxes: what the box says, and the words the search looks for
# in the venues' accessibility notes (an induction loop is "a loop" there, not "hearing").
ACCESS_FEATURES: tuple[tuple[str, str], ...] = (
    ("Wheelchair access", "wheelchair"),
    ("Step-free", "step free"),
    ("Accessible toilet", "accessible toilet"),
    ("Hearing loop", "loop"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Directory", text)


def stale_text() -> str:
    return _tr("Not checked for a year")


def distance_text(km: float | None) -> str:
    if km is None:
        return ""
    if km < 0.05:
        return _tr("at the same place")
    if km < 1:
        return _tr("{m} m away").format(m=f"{round(km * 1000, -1):.0f}")
    return _tr("{km} km away").format(km=f"{km:.1f}")


def status_text(status: str) -> str:
    """What a results list says about a service that is not running as usual ("" if it is)."""
    return "" if status in ("", "active") else status[:1].upper() + status[1:]


def hit_lines(hit: ServiceHit) -> tuple[str, str, str]:
    """The three lines of a result, without the cost badge and the stale flag."""
    first = hit.name
    status = status_text(hit.status)
    if status:
        first = f"{first} ({status.lower()})"
    third = " · ".join(
        part for part in (hit.next_session or _tr("No times given"), distance_text(hit.distance_km))
        if part
    )  # fmt: skip
    return first, hit.organisation or "", third


def ours_text(hit: ServiceHit) -> str:
    """What became of the people we connected with the service, in a few words ("" if none)."""
    f = hit.ours
    if f is None or not f.connections:
        return ""
    parts = [_tr("Ours: {n} connected").format(n=f.connections)]
    if f.accepted:
        parts.append(_tr("{n} accepted").format(n=f.accepted))
    if f.attended:
        parts.append(_tr("{n} attended").format(n=f.attended))
    return " · ".join(parts)


def hit_sentence(hit: ServiceHit) -> str:
    """A result as one sentence, for screen readers and tooltips."""
    first, organisation, third = hit_lines(hit)
    parts = [first]
    if organisation:
        parts.append(_tr("run by {organisation}").format(organisation=organisation))
    parts.append(third)
    if hit.cost:
        parts.append(hit.cost)
    if hit.stale:
        parts.append(stale_text().lower())
    ours = ours_text(hit)
    if ours:
        parts.append(ours.replace(" · ", ", "))
    return ", ".join(parts) + "."


class ResultsModel(QAbstractListModel):
    """The services found, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[ServiceHit] = []

    def set_hits(self, hits: list[ServiceHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def row_of(self, service_id: str) -> int | None:
        for row, hit in enumerate(self.hits):
            if hit.service_id == service_id:
                return row
        return None

    def names(self) -> list[str]:
        return [hit.name for hit in self.hits]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return hit_sentence(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.summary or hit_sentence(hit)
        if role == SERVICE_ID_ROLE:
            return hit.service_id
        if role == HIT_ROLE:
            return hit
        return None


class ResultDelegate(QStyledItemDelegate):
    """Draws a result in three lines, in the palette's colours (dark mode follows)."""

    PAD = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        bold, plain = self._fonts(option)
        height = QFontMetrics(bold).height() + 2 * QFontMetrics(plain).height()
        # Narrow: the lines are cut with "…" to the list's width, never scrolled sideways.
        return QSize(QFontMetrics(plain).averageCharWidth() * 20, height + 3 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:  # background, selection and focus, as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        muted_role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        bold, plain = self._fonts(opt)
        bold_m, plain_m = QFontMetrics(bold), QFontMetrics(plain)
        rect: QRect = opt.rect.adjusted(self.PAD * 2, self.PAD, -self.PAD * 2, -self.PAD)
        first, organisation, third = hit_lines(hit)
        painter.save()
        # Line 1: the name, and the cost badge on the right.
        badge_width = 0
        if hit.cost:
            badge_width = bold_m.horizontalAdvance(hit.cost) + 2 * self.PAD
            badge = QRect(rect.right() - badge_width, rect.top(), badge_width, bold_m.height())
            painter.setPen(palette.color(text_role))
            painter.setFont(bold)
            painter.drawRoundedRect(badge.adjusted(0, 0, -1, -1), 4, 4)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, hit.cost)
            badge_width += self.PAD
        painter.setFont(bold)
        painter.setPen(palette.color(text_role))
        line = QRect(rect.left(), rect.top(), rect.width() - badge_width, bold_m.height())
        painter.drawText(
            line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bold_m.elidedText(first, Qt.TextElideMode.ElideRight, line.width()),
        )  # fmt: skip
        # Line 2: the organisation; "Not checked for a year" on the right, in bold.
        top = rect.top() + bold_m.height() + self.PAD // 2
        flag_width = 0
        if hit.stale:
            flag = "⚠ " + stale_text()
            flag_width = bold_m.horizontalAdvance(flag)
            painter.setFont(bold)
            painter.setPen(palette.color(text_role))
            painter.drawText(
                QRect(rect.right() - flag_width, top, flag_width, plain_m.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, flag,
            )  # fmt: skip
            flag_width += self.PAD * 2
        painter.setFont(plain)
        painter.setPen(palette.color(muted_role))
        line = QRect(rect.left(), top, rect.width() - flag_width, plain_m.height())
        painter.drawText(
            line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            plain_m.elidedText(organisation, Qt.TextElideMode.ElideRight, line.width()),
        )  # fmt: skip
        # Line 3: the next session, and the distance; our figures on the right.
        top += plain_m.height()
        ours = ours_text(hit)
        ours_width = 0
        room = rect.width() - plain_m.horizontalAdvance(third) - self.PAD * 3
        if ours and room >= plain_m.horizontalAdvance(ours.split(" · ")[0]):
            # the session first: the figures get what room is left (the details pane has all)
            ours = plain_m.elidedText(ours, Qt.TextElideMode.ElideRight, room)
            ours_width = plain_m.horizontalAdvance(ours)
            painter.setFont(plain)
            painter.setPen(palette.color(muted_role))
            painter.drawText(
                QRect(rect.right() - ours_width, top, ours_width, plain_m.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, ours,
            )  # fmt: skip
            ours_width += self.PAD * 2
        painter.setPen(palette.color(text_role))
        line = QRect(rect.left(), top, rect.width() - ours_width, plain_m.height())
        painter.drawText(
            line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            plain_m.elidedText(third, Qt.TextElideMode.ElideRight, line.width()),
        )  # fmt: skip
        painter.restore()


# ------------------------------------------------------------------------- a service as text


def file_name_for(name: str) -> str:
    """A file name for a service's leaflet: "Tuesday Towpath Stroll.pdf"."""
    cleaned = re.sub(r"[^\w\s'&,.()-]+", " ", name).strip(" .")
    return (re.sub(r"\s+", " ", cleaned) or "Leaflet") + ".pdf"


def details_text(d: ServiceDetails) -> str:
    """The service as plain text, to paste into a letter or a message to the person: what,
    when, where, cost, access, contact, languages, age, how to join, when last checked. (The
    workers' notes and our figures are for us, and are left out.)"""
    lines = [d.name]
    if d.organisation:
        lines.append(_tr("Run by {organisation}").format(organisation=d.organisation))
    if d.alert:
        lines.append(_tr("Please note: {alert}").format(alert=d.alert))
    if d.description:
        lines += ["", d.description]
    lines.append("")

    def add(caption: str, values: list[str]) -> None:
        values = [v for v in values if v]
        if values:
            lines.append(f"{_tr(caption)}: {values[0]}")
            lines.extend(f"    {v}" for v in values[1:])

    add("When", list(d.sessions))
    add("Where", [place_text(p) for p in d.places])
    add("Access", [access_text(p, len(d.places) > 1) for p in d.places])
    add("Cost", [d.cost, *d.cost_details])
    add("Contact", contact_lines(d))
    add("Languages", [", ".join(d.languages)])
    add("Age", [d.age_range])
    add("Who it is for", [d.eligibility or ""])
    add("How to join", [d.how_to_join or ""])
    if d.checked_on is not None:
        when = f"{d.checked_on.day} {d.checked_on:%B %Y}"
        lines.append(_tr("Details last checked: {when}").format(when=when))
    return "\n".join(lines).strip() + "\n"


def contact_lines(d: ServiceDetails) -> list[str]:
    """How to get in touch, a line each: a named contact with their numbers and email
    ("Niamh Lightowler, Walk leader: 0113 496 0117 (Office)"), other numbers, the service's
    email and website."""
    lines: list[str] = []
    numbers: dict[str, list[str]] = {}
    for phone in d.phones:
        text = f"{phone.number} ({phone.label})" if phone.label else phone.number
        numbers.setdefault(phone.contact or "", []).append(text)
    for person in d.contacts:
        head = ", ".join(p for p in (person.name, person.title) if p)
        theirs = numbers.pop(person.name, []) if person.name else []
        reach = "; ".join([*theirs, *([person.email] if person.email else [])])
        if head and reach:
            lines.append(f"{head}: {reach}")
        elif head or reach:
            lines.append(head or reach)
    for name, theirs in numbers.items():
        lines += [f"{name}: {n}" if name else n for n in theirs]
    lines += [d.email or "", d.url or d.organisation_website or ""]
    return list(dict.fromkeys(line for line in lines if line))


def place_text(place: Place) -> str:
    """Where, on one line: "The Lock Café, Lock 7, Canal Side, Millbrook MB1 6YF"."""
    if place.kind == "virtual" or (not place.address_lines and not place.postcode):
        where = place.name or _tr("By phone or online")
        return f"{where} ({place.url})" if place.url else where
    address = place.address
    if place.name and not address.startswith(place.name):
        return f"{place.name}, {address}"
    return address


def access_text(place: Place, named: bool) -> str:
    """A place's access features on one line (named by the place when there are several)."""
    if not place.accessibility:
        return ""
    features = "; ".join(place.access_phrases)
    return f"{place.name}: {features}" if named and place.name else features


# ------------------------------------------------------------------------- the filter choices


@dataclass(frozen=True)
class Venue:
    name: str
    latitude: float
    longitude: float


@dataclass
class DirectoryChoices:
    """What the filter boxes offer, from the directory as it is now."""

    services: int = 0  # services listed (not removed, not defunct)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term id, name)
    languages: list[str] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)
    # Postcode districts ("MB2") of the directory's addresses with coordinates, each at the
    # middle of its places: "near" a person's home when only their postcode is known.
    districts: list[Venue] = field(default_factory=list)

    def district(self, postcode: str | None) -> Venue | None:
        found = postcode_district(postcode)
        return next((d for d in self.districts if d.name == found), None) if found else None


_COUNT_SQL = (
    "SELECT count(*) FROM dir_service"
    " WHERE deleted_at IS NULL AND coalesce(status, '') <> 'defunct'"
)
# Kinds of support: terms linked to a service, and the broader terms above them.
_CATEGORIES_SQL = """
WITH RECURSIVE used(id, depth) AS (
    SELECT DISTINCT a.taxonomy_term_id, 0 FROM dir_attribute a
    JOIN dir_service s ON s.id = a.link_id
    WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL
    UNION
    SELECT t.parent_id, used.depth + 1 FROM dir_taxonomy_term t JOIN used ON t.id = used.id
    WHERE t.parent_id IS NOT NULL AND used.depth < 8
)
SELECT DISTINCT t.id, t.name FROM dir_taxonomy_term t JOIN used ON used.id = t.id
WHERE t.deleted_at IS NULL ORDER BY t.name
"""
_LANGUAGES_SQL = """
SELECT DISTINCT trim(name) FROM dir_language
WHERE deleted_at IS NULL AND service_id IS NOT NULL AND trim(coalesce(name, '')) <> ''
ORDER BY 1
"""
_VENUES_SQL = """
SELECT name, min(latitude), min(longitude) FROM dir_location
WHERE deleted_at IS NULL AND trim(coalesce(name, '')) <> ''
  AND latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180
GROUP BY name ORDER BY name
"""


_ADDRESSES_SQL = """
SELECT a.postal_code, l.latitude, l.longitude FROM dir_address a
JOIN dir_location l ON l.id = a.location_id
WHERE a.deleted_at IS NULL AND l.deleted_at IS NULL AND a.postal_code IS NOT NULL
  AND l.latitude BETWEEN -90 AND 90 AND l.longitude BETWEEN -180 AND 180
"""


def _districts(rows: Iterable[tuple[str, float, float]]) -> list[Venue]:
    places: dict[str, list[tuple[float, float]]] = {}
    for postcode, lat, lon in rows:
        district = postcode_district(postcode)
        if district:
            places.setdefault(district, []).append((float(lat), float(lon)))
    return [
        Venue(d, sum(p[0] for p in ps) / len(ps), sum(p[1] for p in ps) / len(ps))
        for d, ps in sorted(places.items(), key=lambda item: _district_order(item[0]))
    ]


def _district_order(district: str) -> tuple[str, int, str]:
    """MB2 before MB10."""
    m = re.match(r"([A-Z]+)(\d+)(.*)", district)
    return (m[1], int(m[2]), m[3]) if m else (district, 0, "")


def read_choices(db: Database) -> DirectoryChoices:
    """How many services there are, and the kinds of support, languages and venues (with
    coordinates) in the directory, each in alphabetical order."""
    with db.reading() as s:
        sql = s.connection().exec_driver_sql
        services = int(sql(_COUNT_SQL).scalar_one())
        categories = [(str(i), str(n)) for i, n in sql(_CATEGORIES_SQL)]
        languages = [str(n) for (n,) in sql(_LANGUAGES_SQL)]
        venues = [Venue(str(n), float(lat), float(lon)) for n, lat, lon in sql(_VENUES_SQL)]
        districts = _districts(sql(_ADDRESSES_SQL))
    return DirectoryChoices(services, categories, languages, venues, districts)
