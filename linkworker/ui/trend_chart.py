"""``TrendChart``: one outcome measure over time, drawn with QPainter in the palette's colours.

    chart = TrendChart()
    chart.set_series("Life satisfaction", 0, 10,
                     [(date(2026, 2, 3), 4, "baseline"), (date(2026, 5, 10), 7, "follow-up")],
                     higher_is_better=True, y_label="Score (0-10)")

Dates run along the bottom on a time scale, each point labelled with its timepoint and value. The
chart says in words which way is better (never colour alone), and its accessible description
reads every value with its date, so a screen reader hears what a sighted user sees.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

from PySide6.QtCore import QDate, QLocale, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QWidget

MARGIN = 8  # around the whole chart
GAP = 4  # between rows of text and the plot
DOT = 4.0  # radius of a point
TICK_SPACING = 24  # the least height between two numbers on the y axis
PAD = DOT + 4  # between the ends of the scale and the edges of the plot


@dataclass(frozen=True)
class Point:
    when: dt.date
    value: float
    timepoint: str


def number(value: float) -> str:
    """A score as people write it: 4, 23.21, 3.5 (never 4.0 or 3.3333333)."""
    if math.isclose(value, round(value)):
        return str(round(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def uk_date(when: dt.date) -> str:
    return f"{when:%d/%m/%Y}"


def nice_ticks(low: float, high: float, most: int) -> list[float]:
    """Round numbers from low to high, at most ``most`` of them (at least the two ends)."""
    if not high > low:
        return [low]
    most = max(most, 2)
    span = high - low
    power = 10.0 ** math.floor(math.log10(span / most))
    for scale in (power / 10, power, power * 10, power * 100):
        steps = (1.0, 2.0, 2.5, 5.0) if scale >= 10 else (1.0, 2.0, 5.0)
        for multiple in steps:
            step = multiple * scale
            first = math.ceil(low / step - 1e-9)
            last = math.floor(high / step + 1e-9)
            if 2 <= last - first + 1 <= most:
                return [round(k * step, 10) for k in range(first, last + 1)]
    return [low, high]


class TrendChart(QWidget):
    """A line with dots for one measure: dates along x, scores up y, in palette colours only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._y_min = 0.0
        self._y_max = 1.0
        self._points: list[Point] = []
        self._higher_is_better = True
        self._y_label = ""
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can reach it with Tab
        self._describe()

    # -- the data ---------------------------------------------------------------------------------

    def set_series(
        self,
        title: str,
        y_min: float,
        y_max: float,
        points: list[tuple[dt.date, float, str]],
        higher_is_better: bool = True,
        y_label: str = "",
    ) -> None:
        """Show one measure: its scale (y_min to y_max) and its scores as (date, value, timepoint),
        where the timepoint is "baseline", "follow-up", "discharge" or a label of its own."""
        if not y_max > y_min:
            raise ValueError(f"The scale must rise: {y_min} to {y_max}.")
        self._title = title
        self._y_min = float(y_min)
        self._y_max = float(y_max)
        self._points = sorted(
            (Point(when, float(value), timepoint) for when, value, timepoint in points),
            key=lambda p: p.when,
        )
        self._higher_is_better = higher_is_better
        self._y_label = y_label
        self._describe()
        self.update()

    def clear(self) -> None:
        self._points = []
        self._describe()
        self.update()

    def points(self) -> list[Point]:
        return list(self._points)

    def sizeHint(self) -> QSize:
        """About 420 x 220 at the usual font size, growing with a larger font."""
        fm = self.fontMetrics()
        return QSize(max(420, fm.averageCharWidth() * 60), max(220, fm.height() * 14))

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(max(260, fm.averageCharWidth() * 36), max(160, fm.height() * 10))

    # -- words ------------------------------------------------------------------------------------

    def timepoint_label(self, timepoint: str) -> str:
        """The timepoint as shown beside its dot: Baseline, Follow-up, Discharge."""
        known = {
            "baseline": self.tr("Baseline"),
            "follow-up": self.tr("Follow-up"),
            "discharge": self.tr("Discharge"),
        }
        return known.get(timepoint, timepoint)

    def _spoken_timepoint(self, timepoint: str) -> str:
        known = {
            "baseline": self.tr("baseline"),
            "follow-up": self.tr("follow-up"),
            "discharge": self.tr("discharge"),
        }
        return known.get(timepoint, timepoint)

    def caption(self) -> str:
        if self._higher_is_better:
            return self.tr("\u2191 Higher scores are better")
        return self.tr("\u2193 Lower scores are better")

    def empty_text(self) -> str:
        return self.tr("No scores recorded yet")

    def _describe(self) -> None:
        title = self._title or self.tr("Trend chart")
        self.setAccessibleName(title)
        if not self._points:
            description = self.tr("{title}: no scores recorded yet.").format(title=title)
        else:
            readings = [
                self.tr("{timepoint} {value} on {date}").format(
                    timepoint=self._spoken_timepoint(p.timepoint),
                    value=number(p.value),
                    date=uk_date(p.when),
                )
                for p in self._points
            ]
            description = self.tr("{title}: {readings}. {direction} Scale {low} to {high}.").format(
                title=title,
                readings=", ".join(readings),
                direction=self._direction_sentence(),
                low=number(self._y_min),
                high=number(self._y_max),
            )
        self.setAccessibleDescription(description)

    def _direction_sentence(self) -> str:
        if self._higher_is_better:
            return self.tr("Higher scores are better.")
        return self.tr("Lower scores are better.")

    # -- drawing ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        # Softer than the title but still readable (WCAG AA): the text colour, a little faded.
        muted = _mix(text, palette.color(QPalette.ColorRole.Window), 0.75)
        base_font = QFont(self.font())
        small = QFont(base_font)
        if base_font.pointSizeF() > 0:
            small.setPointSizeF(base_font.pointSizeF() * 0.9)
        elif base_font.pixelSize() > 0:
            small.setPixelSize(max(8, round(base_font.pixelSize() * 0.9)))
        bold = QFont(base_font)
        bold.setBold(True)
        fm_bold, fm_small = QFontMetrics(bold), QFontMetrics(small)

        area = self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        top = area.top()
        # Row 1: the title.
        painter.setFont(bold)
        painter.setPen(text)
        title_rect = QRect(area.left(), top, area.width(), fm_bold.height())
        title = fm_bold.elidedText(self._title, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        top = title_rect.bottom() + 1 + GAP // 2
        # Row 2: what the numbers are (left) and which way is better (right).
        painter.setFont(small)
        painter.setPen(muted)
        row = QRect(area.left(), top, area.width(), fm_small.height())
        caption = self.caption()
        caption_width = fm_small.horizontalAdvance(caption)
        painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, caption)
        if self._y_label:
            room = max(0, area.width() - caption_width - 12)
            label = fm_small.elidedText(self._y_label, Qt.TextElideMode.ElideRight, room)
            painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        top = row.bottom() + 1 + GAP

        if not self._points:
            self._paint_empty(painter, QRect(area.left(), top, area.width(), area.bottom() - top))
            return

        # The y axis numbers decide the left edge of the plot; the dates take the bottom row.
        date_height = fm_small.height() + GAP
        plot_top = top + GAP // 2
        plot_bottom = area.bottom() - date_height
        most = max(2, int((plot_bottom - plot_top - 2 * PAD) // TICK_SPACING) + 1)
        ticks = nice_ticks(self._y_min, self._y_max, most)
        tick_width = max(fm_small.horizontalAdvance(number(t)) for t in ticks)
        plot = QRectF(
            area.left() + tick_width + GAP * 2,
            plot_top,
            area.width() - tick_width - GAP * 2,
            max(10, plot_bottom - plot_top),
        )
        self._paint_frame(painter, plot, ticks, small)
        positions = self._positions(plot, fm_small)
        self._paint_dates(painter, plot, positions, small)
        self._paint_line(painter, positions)
        self._paint_labels(painter, plot, positions, small)
        if self.hasFocus():
            self._paint_focus(painter)

    def _paint_empty(self, painter: QPainter, box: QRect) -> None:
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        frame = QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(frame, 4, 4)
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(_mix(text, palette.color(QPalette.ColorRole.Base), 0.75))
        painter.setFont(self.font())
        painter.drawText(
            box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text()
        )
        if self.hasFocus():
            self._paint_focus(painter)

    def _y(self, plot: QRectF, value: float) -> float:
        """Height of a value: the scale's ends sit PAD inside the plot, so no dot is cut."""
        clamped = min(max(value, self._y_min), self._y_max)
        share = (clamped - self._y_min) / (self._y_max - self._y_min)
        return plot.bottom() - PAD - share * (plot.height() - 2 * PAD)

    def _paint_frame(
        self, painter: QPainter, plot: QRectF, ticks: list[float], font: QFont
    ) -> None:
        palette = self.palette()
        mid = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(plot)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        grid = QColor(mid)
        grid.setAlphaF(0.6)
        painter.setFont(font)
        fm = QFontMetrics(font)
        for tick in ticks:
            y = round(self._y(plot, tick)) + 0.5
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            label = number(tick)
            box = QRectF(plot.left() - GAP * 2 - 200, y - fm.height() / 2, 200, fm.height())
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
        # The axes: left and bottom.
        painter.setPen(QPen(mid, 1))
        left, bottom = round(plot.left()) + 0.5, round(plot.bottom()) + 0.5
        painter.drawLine(QPointF(left, plot.top()), QPointF(left, bottom))
        painter.drawLine(QPointF(left, bottom), QPointF(plot.right(), bottom))

    def _positions(self, plot: QRectF, fm: QFontMetrics) -> list[QPointF]:
        """Where each point goes: by date, inset so the end labels stay inside the plot."""
        widest = max(fm.horizontalAdvance(self._point_label(p)) for p in self._points) + 2 * GAP
        inset = min(plot.width() / 3, max(widest / 2, fm.horizontalAdvance("00/00/0000") / 2) + GAP)
        first, last = self._points[0].when, self._points[-1].when
        days = (last - first).days
        out: list[QPointF] = []
        for p in self._points:
            if days == 0:
                x = plot.center().x()
            else:
                share = (p.when - first).days / days
                x = plot.left() + inset + share * (plot.width() - 2 * inset)
            out.append(QPointF(x, self._y(plot, p.value)))
        return out

    def _paint_dates(
        self, painter: QPainter, plot: QRectF, positions: list[QPointF], font: QFont
    ) -> None:
        """Each point's date under the axis; by month ("Mar 2026") if they would not fit."""
        fm = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        locale = QLocale()
        formats = [
            [uk_date(p.when) for p in self._points],
            [locale.toString(QDate(p.when.year, p.when.month, p.when.day), "MMM yyyy")
             for p in self._points],
        ]  # fmt: skip
        for labels in formats:
            boxes = self._date_boxes(plot, positions, labels, fm)
            if all(box is not None for box in boxes) or labels is formats[-1]:
                break
        for box, label in zip(boxes, labels, strict=True):
            if box is not None:
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        mid = self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(mid, 1))
        for pos in positions:  # a small tick on the axis under each point
            x = round(pos.x()) + 0.5
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))

    def _date_boxes(
        self, plot: QRectF, positions: list[QPointF], labels: list[str], fm: QFontMetrics
    ) -> list[QRectF | None]:
        """A box for each label that fits beside the ones before it; None where one would clash
        or repeat the label before it."""
        boxes: list[QRectF | None] = []
        shown: list[tuple[QRectF, str]] = []
        for pos, label in zip(positions, labels, strict=True):
            width = fm.horizontalAdvance(label) + GAP
            left = min(max(pos.x() - width / 2, plot.left()), self.width() - MARGIN - width)
            box = QRectF(left, plot.bottom() + GAP, width, fm.height())
            clash = bool(shown) and (
                shown[-1][0].right() + GAP > box.left() or shown[-1][1] == label
            )
            if clash:
                boxes.append(None)
            else:
                boxes.append(box)
                shown.append((box, label))
        return boxes

    def _paint_line(self, painter: QPainter, positions: list[QPointF]) -> None:
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        if len(positions) > 1:
            pen = QPen(accent, 2)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(positions))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1.5))
        painter.setBrush(accent)
        for pos in positions:
            painter.drawEllipse(pos, DOT + 1, DOT + 1)

    def _point_label(self, point: Point) -> str:
        return self.tr("{timepoint}: {value}").format(
            timepoint=self.timepoint_label(point.timepoint), value=number(point.value)
        )

    def _paint_labels(
        self, painter: QPainter, plot: QRectF, positions: list[QPointF], font: QFont
    ) -> None:
        """Each point's timepoint and value beside its dot, in the free-est place around it:
        never over another label or dot, over as little of the line as can be (on a patch of
        the plot's colour, so the line never runs through the words). A label is left out only
        if every place clashes; the accessible description still has it."""
        palette = self.palette()
        fm = QFontMetrics(font)
        painter.setFont(font)
        taken = [_dot_box(pos) for pos in positions]
        line = _line_samples(positions)
        room = plot.adjusted(1, 1, -1, -1)
        patch = QColor(palette.color(QPalette.ColorRole.Base))
        patch.setAlphaF(0.85)
        for point, pos in zip(self._points, positions, strict=True):
            label = self._point_label(point)
            box = _best_place(pos, fm.horizontalAdvance(label) + 6, fm.height(), room, taken, line)
            if box is None:
                continue
            taken.append(box)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(patch)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_focus(self, painter: QPainter) -> None:
        option = QStyleOptionFocusRect()
        option.initFrom(self)
        option.rect = self.rect().adjusted(1, 1, -1, -1)
        option.backgroundColor = self.palette().color(QPalette.ColorRole.Window)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self)


def _dot_box(pos: QPointF) -> QRectF:
    r = DOT + 1
    return QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r)


def _line_samples(positions: list[QPointF], every: float = 2.0) -> list[QPointF]:
    """Points along the line between the dots, close enough that a label box on the line holds
    one of them."""
    samples: list[QPointF] = []
    for start, end in itertools.pairwise(positions):
        length = math.hypot(end.x() - start.x(), end.y() - start.y())
        steps = max(1, int(length / every))
        for k in range(steps + 1):
            t = k / steps
            samples.append(
                QPointF(
                    start.x() + t * (end.x() - start.x()), start.y() + t * (end.y() - start.y())
                )
            )
    return samples


def _best_place(
    pos: QPointF,
    width: float,
    height: float,
    room: QRectF,
    taken: list[QRectF],
    line: list[QPointF],
) -> QRectF | None:
    """Where a label by the dot at ``pos`` covers least of the line, inside ``room`` and clear
    of ``taken``; above the dot when several are as good. None if no place is clear."""
    gap = DOT + 3
    x, y = pos.x(), pos.y()
    tops = (y - gap - height, y + gap)  # above, below
    lefts = (x - width / 2, x - width + DOT, x - DOT)  # centred, to the left, to the right
    candidates = [QRectF(left, top, width, height) for top in tops for left in lefts]
    candidates += [
        QRectF(x + gap + 2, y - height / 2, width, height),  # right
        QRectF(x - gap - 2 - width, y - height / 2, width, height),  # left
    ]
    best: tuple[int, int] | None = None
    chosen: QRectF | None = None
    for order, box in enumerate(candidates):
        # Slide back inside the plot sideways where the label would stick out.
        shift = max(0.0, room.left() - box.left()) - max(0.0, box.right() - room.right())
        box = box.translated(shift, 0)
        if not room.contains(box) or any(box.intersects(other) for other in taken):
            continue
        covered = sum(1 for sample in line if box.contains(sample))
        if best is None or (covered, order) < best:
            best, chosen = (covered, order), box
    return chosen


def _mix(colour: QColor, background: QColor, share: float) -> QColor:
    """``share`` of ``colour`` over ``background``: both from the palette, so dark mode follows."""
    return QColor.fromRgbF(
        colour.redF() * share + background.redF() * (1 - share),
        colour.greenF() * share + background.greenF() * (1 - share),
        colour.blueF() * share + background.blueF() * (1 - share),
    )
