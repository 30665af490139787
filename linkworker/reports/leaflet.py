"""A one-page leaflet about a community service, printed for the person to take away.

``leaflet_pdf(details, "leaflet.pdf", for_person_name="Sam")`` writes an A4 PDF in plain
English and large type, after the RNIB's clear print guidance: a plain sans-serif face, body
text of 14 pt, bold headings, everything left-aligned, black on white, no italics and nothing
set in capitals. It says what the service is, where and when it runs, what it costs, how to get
there and in, how to get in touch and in which languages; then, in smaller type, when the
details were last checked, and at the foot "Given to you by your link worker on 1 December
2026".

It holds no personal data but the optional "For: Sam" line (a first or preferred name, as the
caller gives it). Printing it is audited by the caller.

It is always one page. When the service says more than a page holds, the leaflet says less
(``plan_leaflet``): the description is cut at a word with "…", and the lists (sessions, access
features, phone numbers) keep their first lines and say there are more, step by step until it
fits. Type is never made smaller than 14 pt to fit, except, as a last resort no real record
reaches, the whole page scaled down rather than spill onto a second.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from linkworker.store.directory_details import ServiceDetails, long_date

__all__ = ["BODY_PT", "HEADING_PT", "Leaflet", "Line", "Section", "leaflet_pdf", "plan_leaflet"]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN: Final = 14 * mm
FOOTER_HEIGHT: Final = 13 * mm  # the "Given to you by…" line and the space above it
LABEL_WIDTH: Final = 40 * mm  # the column of section names
FRAME_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT: Final = PAGE_HEIGHT - 2 * MARGIN - FOOTER_HEIGHT

BODY_PT: Final = 14.0
HEADING_PT: Final = 24.0
FONT: Final = "Helvetica"
BOLD: Final = "Helvetica-Bold"
INK: Final = colors.black
RULE: Final = colors.Color(0.55, 0.55, 0.55)
NOTICE_BACK: Final = colors.Color(1.0, 0.95, 0.75)

LARGE_PT: Final = 16.0  # the body's size when the whole leaflet fits at it


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    item: ParagraphStyle
    first: ParagraphStyle  # the first line of a section (no space above it)
    top: ParagraphStyle  # "For: Sam", "Run by …"
    notice: ParagraphStyle
    small: ParagraphStyle


@cache
def _styles(body_pt: float) -> _Styles:
    """The styles for a body size: 16 pt when everything fits at it, else 14 pt."""
    leading = round(body_pt * 1.27, 1)
    body = ParagraphStyle(
        f"body {body_pt}", fontName=FONT, fontSize=body_pt, leading=leading, textColor=INK,
        alignment=TA_LEFT, splitLongWords=True, spaceBefore=5,
    )  # fmt: skip
    title_pt = HEADING_PT + (body_pt - BODY_PT)
    return _Styles(
        title=ParagraphStyle(
            f"title {body_pt}",
            parent=body,
            fontName=BOLD,
            fontSize=title_pt,
            leading=title_pt * 1.2,
            spaceBefore=0,
            spaceAfter=2,
        ),
        body=body,
        label=ParagraphStyle(f"label {body_pt}", parent=body, fontName=BOLD, spaceBefore=0),
        item=ParagraphStyle(
            f"item {body_pt}",
            parent=body,
            leftIndent=body_pt,
            bulletIndent=0,
            bulletFontName=BOLD,
            bulletFontSize=body_pt,
            spaceBefore=2,
        ),
        first=ParagraphStyle(f"first {body_pt}", parent=body, spaceBefore=0),
        top=ParagraphStyle(f"top {body_pt}", parent=body, spaceBefore=0, spaceAfter=6),
        notice=ParagraphStyle(
            f"notice {body_pt}",
            parent=body,
            fontName=BOLD,
            backColor=NOTICE_BACK,
            borderColor=INK,
            borderWidth=1.5,
            borderPadding=7,
            spaceBefore=12,
            spaceAfter=20,
        ),
        small=ParagraphStyle(
            f"small {body_pt}", parent=body, fontSize=12, leading=16, spaceBefore=10
        ),
    )


FOOTER_PT: Final = 13.0


# ------------------------------------------------------------------------ what it says


@dataclass(frozen=True)
class Line:
    """One paragraph of a section: ``bold`` for what the eye should find first (a place's
    name, a phone number), then ``after`` in ordinary type; ``bullet`` for one of a list. A
    new line in ``text`` starts a new line on the page (an address)."""

    text: str
    bold: bool = False
    bullet: bool = False
    after: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Leaflet:
    """What the leaflet says, already cut to fit one page (``plan_leaflet``)."""

    title: str
    run_by: str  # "Run by Canal Side Walkers", or ""
    for_line: str  # "For: Sam", or ""
    notice: str  # a warning from the record, or that the service is closed; or ""
    sections: tuple[Section, ...]
    checked: str  # the small print: when the details were last checked
    footer: str  # "Given to you by your link worker on 1 December 2026"
    trimmed: int = 0  # how far it was cut to fit (0: not at all)
    body_pt: float = LARGE_PT  # the size of its body text
    height: float = field(default=0.0, compare=False)  # of its content, in points


@dataclass(frozen=True)
class _Cut:
    """How much of each part a leaflet keeps, from the whole (the first) to the least."""

    description: int  # characters
    sessions: int
    places: int
    access: int
    place_notes: bool  # the venue's own description ("A small café by Lock 7")
    costs: int
    phones: int
    contacts: int
    extras: int  # characters of eligibility, how to join, the notice
    one_line: bool  # each place's name and address on one line
    languages: int


_CUTS: Final = (
    # description, sessions, places, access, place notes, costs, phones, contacts, extras,
    # one line, languages
    _Cut(1400, 8, 3, 8, True, 4, 3, 2, 400, False, 16),
    _Cut(900, 8, 3, 6, False, 3, 3, 2, 300, False, 12),
    _Cut(600, 6, 3, 6, False, 3, 2, 1, 220, True, 10),
    _Cut(420, 5, 2, 5, False, 2, 2, 1, 160, True, 8),
    _Cut(280, 4, 2, 4, False, 2, 2, 1, 120, True, 6),
    _Cut(180, 3, 1, 3, False, 1, 1, 1, 90, True, 5),
    _Cut(120, 2, 1, 2, False, 0, 1, 0, 0, True, 4),
)
_NAME_MAX: Final = 90
_LINE_MAX: Final = 160  # characters of any other single line


# Letters outside Windows-1252 that Unicode does not split into a letter and an accent.
_NO_ACCENT: Final = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
                     "Ŧ": "T", "ŧ": "t", "Ŀ": "L", "ŀ": "l"}  # fmt: skip


def _printable(text: str) -> str:
    """The text in characters the PDF's standard fonts have (Windows-1252), spaces tidied:
    letters outside it lose their accents ("ő" → "o", "ł" → "l"). Other scripts are left as
    they are, and show as boxes: the standard fonts do not have them."""
    text = " ".join(text.split())
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            plain = plain or ch
            out.append(plain if plain.isascii() else _NO_ACCENT.get(ch, ch))
    return "".join(out)


def clip(text: str, limit: int) -> str:
    """The text, or its start cut at a word with "…" when longer than ``limit`` characters."""
    text = _printable(text)
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


def _aside(text: str) -> str:
    """Words to go in brackets: "Volunteer walk leader" → "volunteer walk leader" (a word in
    capitals, such as "GP", is left as it is)."""
    words = " ".join(text.split()).rstrip(".")
    if len(words) > 1 and words[0].isupper() and not words[1].isupper():
        words = words[0].lower() + words[1:]
    return words


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _more(items: Sequence[Any], keep: int) -> tuple[Sequence[Any], int]:
    """The first ``keep`` items, and how many are left out."""
    if len(items) <= keep:
        return items, 0
    return items[:keep], len(items) - keep


def _what(d: ServiceDetails, cut: _Cut) -> Section:
    lines: list[Line] = []
    room = cut.description
    paragraphs = [p for p in map(_printable, re.split(r"\n\s*\n", d.description)) if p]
    for i, text in enumerate(paragraphs):  # its paragraphs, as far as there is room
        if lines and room < 40:  # the rest left out: say so on the last one shown
            if not lines[-1].text.endswith("…"):
                lines[-1] = Line(lines[-1].text + " …")
            break
        lines.append(Line(clip(text, max(room, 40))))
        room -= len(text) + (i > 0) * 20  # a new paragraph takes the room of a few words
    who = []
    if d.age_range:
        who.append(f"For {d.age_range[0].lower()}{d.age_range[1:]}.")
    if d.eligibility:
        who.append(_sentence(d.eligibility))
    if who:
        lines.append(Line(clip(" ".join(who), max(cut.extras, 40))))
    if not lines:
        lines.append(Line("Ask your link worker, or get in touch with them (below)."))
    return Section("What it is", tuple(lines))


def _where(d: ServiceDetails, cut: _Cut) -> Section | None:
    places, more = _more(d.places, cut.places)
    lines = []
    for place in places:
        if place.kind == "virtual" and not place.address_lines:
            lines.append(Line(clip(place.name or "By phone or online", _LINE_MAX), bold=True))
            if place.url:
                lines.append(Line(clip(place.url, _LINE_MAX)))
            continue
        address = [*place.address_lines, *([place.postcode] if place.postcode else [])]
        named = bool(place.name) and (not address or place.name != address[0])
        if cut.one_line:
            words = ", ".join(_address_lines(address))
            if named:
                lines.append(Line(clip(place.name, _LINE_MAX), bold=True, after=f", {words}"))
            else:
                lines.append(Line(clip(words, _LINE_MAX)))
            continue
        street = "\n".join(clip(a, _LINE_MAX) for a in _address_lines(address))
        if named:
            lines.append(Line(clip(place.name, _LINE_MAX), bold=True, after=f"\n{street}"))
        elif street:
            lines.append(Line(street))
    if more:
        lines.append(
            Line(f"And {more} other place{'s' if more > 1 else ''}: ask which is nearest.")
        )
    return Section("Where", tuple(lines)) if lines else None


def _address_lines(parts: Sequence[str]) -> list[str]:
    """An address as it goes on an envelope: the street lines, then the town and postcode
    together on the last line ("Millbrook MB1 6YF")."""
    lines = list(parts)
    if len(lines) >= 3:
        lines[-2:] = [f"{lines[-2]} {lines[-1]}"]
    return lines


def _when(d: ServiceDetails, cut: _Cut) -> Section:
    sessions, more = _more(d.sessions, cut.sessions)
    lines = [Line(clip(s, _LINE_MAX)) for s in sessions]
    if more:
        lines.append(Line("And at other times: ask them when."))
    if not lines:
        lines.append(Line("Get in touch to ask when it runs."))
    return Section("When", tuple(lines))


def _cost(d: ServiceDetails, cut: _Cut) -> Section:
    details = [clip(_sentence(c), _LINE_MAX) for c in _more(d.cost_details, cut.costs)[0]]
    lines = []
    if d.cost and details and details[0].startswith(d.cost):
        # "£3.50 a session": the amount in bold leads the record's words.
        lines.append(Line(d.cost, bold=True, after=details.pop(0)[len(d.cost) :]))
    elif d.cost:
        lines.append(Line(d.cost, bold=True))
    lines += [Line(c) for c in details]
    if not lines:
        lines.append(Line("Ask them whether there is any charge."))
    return Section("Cost", tuple(lines))


def _access(d: ServiceDetails, cut: _Cut) -> Section | None:
    lines = []
    places, _ = _more(d.places, cut.places)
    features: list[str] = []
    for place in places:
        if cut.place_notes and place.description:
            lines.append(Line(clip(place.description, _LINE_MAX)))
        features += [f for f in place.access_phrases if f not in features]
    shown, more = _more(features, cut.access)
    lines += [Line(clip(f, _LINE_MAX), bullet=True) for f in shown]
    if more:
        lines.append(Line("And more: ask them about anything you need."))
    return Section("Getting there and access", tuple(lines)) if lines else None


def _contact(d: ServiceDetails, cut: _Cut) -> Section:
    lines = []
    contacts, _ = _more([c for c in d.contacts if c.name], cut.contacts)
    for c in contacts:
        title = f" ({_aside(c.title)})" if c.title else ""
        lines.append(Line(clip(f"Ask for {c.name}{title}", _LINE_MAX)))
    phones, _ = _more(d.phones, cut.phones)
    for p in phones:
        label = f" ({clip(p.label, 70)})" if p.label else ""
        lines.append(Line(p.number, bold=True, after=label))
    email = d.email or next((c.email for c in d.contacts if c.email), None)
    if email:
        lines.append(Line(f"Email: {clip(email, _LINE_MAX)}"))
    website = _website(d.url, d.organisation_website)
    if website:
        lines.append(Line(f"Website: {clip(website, _LINE_MAX)}"))
    if d.how_to_join and cut.extras:
        lines.append(Line(clip(f"How to join: {d.how_to_join}", cut.extras)))
    if not lines:
        lines.append(Line("Your link worker can help you get in touch."))
    return Section("How to get in touch", tuple(lines))


def _website(own: str | None, organisation: str | None) -> str:
    """A web address as a person would type it (no "https://", no "/" at the end): the
    service's own page, unless it is long and the organisation's site is shorter."""

    def shown(url: str | None) -> str:
        text = (url or "").strip()
        for scheme in ("https://", "http://"):
            text = text.removeprefix(scheme)
        return text.removeprefix("www.").rstrip("/") if text.count("/") <= 1 else text

    mine, theirs = shown(own), shown(organisation)
    if mine and (len(mine) <= 45 or not theirs or len(theirs) >= len(mine)):
        return mine
    return theirs


def _languages(d: ServiceDetails, cut: _Cut) -> Section | None:
    if not d.languages:
        return None
    shown, more = _more(d.languages, cut.languages)
    words = ", ".join(shown) + (", and others" if more else "")
    lines = [Line(clip(words, _LINE_MAX * 2))]
    if d.interpretation:
        lines.append(Line(clip(d.interpretation, _LINE_MAX)))
    return Section("Languages", tuple(lines))


def _notice(d: ServiceDetails, cut: _Cut) -> str:
    status = d.status.strip().lower()
    said = {
        "defunct": "This service has closed.",
        "inactive": "This service is not running at the moment.",
        "temporarily closed": "This service is closed for now: ask them when it will open again.",
    }.get(status, "")
    if d.alert:
        said = f"{said} {_sentence(d.alert)}".strip()
    return clip(f"Please note: {said}", max(cut.extras, 90)) if said else ""


def _checked(d: ServiceDetails) -> str:
    ring = "It is a good idea to get in touch before you go, in case anything has changed."
    if d.checked_on is None:
        return f"We do not know when these details were last checked. {ring}"
    return f"These details were last checked on {long_date(d.checked_on)}. {ring}"


def _leaflet(
    d: ServiceDetails,
    cut: _Cut,
    level: int,
    body_pt: float,
    for_name: str | None,
    given_on: dt.date,
) -> Leaflet:
    sections = [
        _what(d, cut), _where(d, cut), _when(d, cut), _cost(d, cut), _access(d, cut),
        _contact(d, cut), _languages(d, cut),
    ]  # fmt: skip
    organisation = (d.organisation or "").strip()
    name = (for_name or "").strip()
    return Leaflet(
        title=clip(d.name, _NAME_MAX),
        run_by=clip(f"Run by {organisation}", _LINE_MAX) if organisation
        and organisation.casefold() != d.name.strip().casefold() else "",
        for_line=f"For: {clip(name, 40)}" if name else "",
        notice=_notice(d, cut),
        sections=tuple(s for s in sections if s is not None),
        checked=_checked(d),
        footer=f"Given to you by your link worker on {long_date(given_on)}",
        trimmed=level,
        body_pt=body_pt,
    )  # fmt: skip


# ------------------------------------------------------------------------ laying it out


def _markup(text: str) -> str:
    return "<br/>".join(escape(part) for part in text.split("\n"))


def _para(line: Line, style: ParagraphStyle) -> Paragraph:
    text = _markup(line.text)
    markup = (f"<b>{text}</b>" if line.bold else text) + _markup(line.after)
    return Paragraph(markup, style, bulletText="•" if line.bullet else None)


def _story(leaflet: Leaflet) -> list[Flowable]:
    st = _styles(leaflet.body_pt)
    story: list[Flowable] = []
    if leaflet.for_line:
        story.append(_para(Line(leaflet.for_line), st.top))
    story.append(_para(Line(leaflet.title), st.title))
    if leaflet.run_by:
        story.append(_para(Line(leaflet.run_by), st.top))
    if leaflet.notice:
        story.append(_para(Line(leaflet.notice), st.notice))
    else:
        story.append(Spacer(1, 6))
    rows = []
    for section in leaflet.sections:
        cell: list[Flowable] = []
        for i, line in enumerate(section.lines):
            style = st.item if line.bullet else st.first if i == 0 else st.body
            cell.append(_para(line, style))
        rows.append([_para(Line(section.heading), st.label), cell])
    table = Table(rows, colWidths=[LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEABOVE", (0, 0), (-1, 0), 1.5, INK),
        ("LINEBELOW", (0, 0), (-1, -1), 0.75, RULE),
    ]))  # fmt: skip
    story.append(table)
    story.append(_para(Line(leaflet.checked), st.small))
    return story


def _height(story: Sequence[Flowable]) -> float:
    """How tall the story stands in the frame (the spaces between flowables counted in full,
    so a little more than the frame will take)."""
    total = 0.0
    for i, flowable in enumerate(story):
        _w, h = flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        total += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if i else 0)
    return total


def plan_leaflet(
    details: ServiceDetails, for_person_name: str | None = None, given_on: dt.date | None = None
) -> Leaflet:
    """What the leaflet will say, and how large: everything in 16 pt type when it fits; else
    everything in 14 pt; else, in 14 pt, the least cut (``_CUTS``, in order) that fits, with
    as much of the description as then fits (down to the next cut's length)."""
    given_on = given_on or dt.date.today()

    def make(level: int, cut: _Cut, body_pt: float) -> Leaflet:
        leaflet = _leaflet(details, cut, level, body_pt, for_person_name, given_on)
        return replace(leaflet, height=_height(_story(leaflet)))

    leaflet = make(0, _CUTS[0], LARGE_PT)
    if leaflet.height <= FRAME_HEIGHT:
        return leaflet
    for level, cut in enumerate(_CUTS):
        leaflet = make(level, cut, BODY_PT)
        if leaflet.height <= FRAME_HEIGHT:
            return leaflet
        floor = _CUTS[level + 1].description if level + 1 < len(_CUTS) else 60
        if len(details.description) <= floor:
            continue
        # The lists as this cut has them, and the longest description that fits beside them.
        best = None
        low, high = floor, min(cut.description, len(details.description)) - 1
        while low <= high:
            middle = (low + high) // 2
            tried = make(level, replace(cut, description=middle), BODY_PT)
            if tried.height <= FRAME_HEIGHT:
                best, low = tried, middle + 1
            else:
                high = middle - 1
        if best is not None:
            return best
    return leaflet  # the least there is: scaled to the page when laid out (leaflet_pdf)


def _footer(text: str) -> Any:
    def draw(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.75)
        y = MARGIN + FOOTER_PT + 4
        canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, FOOTER_PT)
        canvas.drawString(MARGIN, MARGIN, text)
        canvas.restoreState()

    return draw


def leaflet_pdf(
    details: ServiceDetails,
    out_path: str | Path,
    for_person_name: str | None = None,
    given_on: dt.date | None = None,
) -> Path:
    """Write the leaflet for this service to ``out_path`` (an A4 PDF of one page); returns the
    path. ``for_person_name``: the person's first or preferred name, for a "For: …" line at
    the top (nothing else about them is printed). ``given_on``: the date in the footer (today
    by default)."""
    path = Path(out_path)
    leaflet = plan_leaflet(details, for_person_name, given_on)
    frame = Frame(
        MARGIN, MARGIN + FOOTER_HEIGHT, FRAME_WIDTH, FRAME_HEIGHT,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )  # fmt: skip
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        title=_printable(f"{details.name}: a leaflet"),
        author="Your link worker",
        subject="About a community service",
        creator="Linkworker",
        invariant=True,
        pageTemplates=[PageTemplate("leaflet", [frame], onPage=_footer(leaflet.footer))],
    )
    # Always one page: the content is cut to fit (plan_leaflet); were it ever still too tall,
    # it is scaled down to the frame rather than spill onto a second page.
    fitted = KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT, _story(leaflet), mode="shrink")
    doc.build([fitted])
    return path
