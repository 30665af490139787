"""The trend chart: one measure over time, read aloud in its accessible description and drawn in
the palette's colours (so dark mode works)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from linkworker.ui.trend_chart import TrendChart, nice_ticks, number

ONS4_SERIES = [
    (dt.date(2026, 5, 10), 7.0, "follow-up"),
    (dt.date(2026, 2, 3), 4.0, "baseline"),  # out of order: the chart sorts by date
    (dt.date(2026, 8, 1), 8.0, "discharge"),
]


@pytest.fixture
def chart(qtbot: QtBot) -> TrendChart:
    widget = TrendChart()
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    return widget


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in [
        (QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
        (QPalette.ColorRole.Highlight, "#3a8ee6"), (QPalette.ColorRole.Mid, "#5a5a5a"),
        (QPalette.ColorRole.PlaceholderText, "#a0a0a0"),
    ]:  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


def rendered(widget: TrendChart) -> QImage:
    pixmap = widget.grab()
    assert not pixmap.isNull()
    return pixmap.toImage()


def count_colour(image: QImage, colour: QColor) -> int:
    want = colour.rgb()
    return sum(
        1
        for y in range(0, image.height())
        for x in range(0, image.width())
        if image.pixel(x, y) == want
    )


def test_the_description_reads_every_score_with_its_date(chart: TrendChart) -> None:
    chart.set_series("Life satisfaction", 0, 10, ONS4_SERIES, y_label="Score (0 to 10)")
    assert chart.accessibleName() == "Life satisfaction"
    description = chart.accessibleDescription()
    assert description.startswith(
        "Life satisfaction: baseline 4 on 03/02/2026, follow-up 7 on 10/05/2026, "
        "discharge 8 on 01/08/2026."
    )
    assert "Higher scores are better." in description
    assert "Scale 0 to 10." in description
    assert [p.timepoint for p in chart.points()] == ["baseline", "follow-up", "discharge"]


def test_which_way_is_better_is_said_in_words(chart: TrendChart) -> None:
    chart.set_series("Anxiety", 0, 10, ONS4_SERIES, higher_is_better=False)
    assert chart.caption() == "\u2193 Lower scores are better"
    assert "Lower scores are better." in chart.accessibleDescription()
    chart.set_series("Happiness", 0, 10, ONS4_SERIES)
    assert chart.caption() == "\u2191 Higher scores are better"


def test_scores_are_read_as_people_write_them(chart: TrendChart) -> None:
    chart.set_series("SWEMWBS", 7, 35, [(dt.date(2026, 1, 12), 23.21, "baseline")])
    assert "baseline 23.21 on 12/01/2026" in chart.accessibleDescription()
    assert [number(v) for v in (4.0, 23.21, 3.5, 10 / 3, 0.0)] == ["4", "23.21", "3.5", "3.33", "0"]


def test_the_chart_is_drawn_in_the_palette_line_and_dots_in_highlight(
    qtbot: QtBot, chart: TrendChart
) -> None:
    chart.set_series("Life satisfaction", 0, 10, ONS4_SERIES, y_label="Score (0 to 10)")
    chart.show()
    qtbot.waitExposed(chart)
    image = rendered(chart)
    assert image.width() >= 400 and image.height() >= 200
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    assert count_colour(image, highlight) > 100  # three dots and the line between them


def test_in_a_dark_palette_the_plot_is_dark_and_the_line_still_shows(chart: TrendChart) -> None:
    chart.setPalette(dark_palette())
    chart.set_series("Life satisfaction", 0, 10, ONS4_SERIES)
    image = rendered(chart)
    base = QColor("#1e1e1e")
    assert count_colour(image, base) > image.width() * image.height() // 3
    assert count_colour(image, QColor("#3a8ee6")) > 100
    assert count_colour(image, QColor(Qt.GlobalColor.white)) == 0  # nothing hard-coded light


def test_with_no_scores_it_says_so(chart: TrendChart) -> None:
    chart.set_series("Life satisfaction", 0, 10, [])
    assert chart.empty_text() == "No scores recorded yet"
    assert chart.accessibleDescription() == "Life satisfaction: no scores recorded yet."
    image = rendered(chart)
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    assert count_colour(image, highlight) == 0  # no line, no dots
    centre = QColor(image.pixel(image.width() // 2, image.height() // 4 * 3))
    assert centre == chart.palette().color(QPalette.ColorRole.Base)


def test_a_single_score_is_one_dot_and_no_line(chart: TrendChart) -> None:
    chart.set_series("Life satisfaction", 0, 10, [(dt.date(2026, 2, 3), 4, "baseline")])
    assert chart.accessibleDescription().startswith("Life satisfaction: baseline 4 on 03/02/2026.")
    image = rendered(chart)
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    dot = count_colour(image, highlight)
    assert 10 < dot < 120  # a dot of radius 5, not a line


def test_clearing_goes_back_to_the_empty_state(chart: TrendChart) -> None:
    chart.set_series("Life satisfaction", 0, 10, ONS4_SERIES)
    chart.clear()
    assert chart.points() == []
    assert chart.accessibleDescription() == "Life satisfaction: no scores recorded yet."


def test_scores_outside_the_scale_are_drawn_at_its_edge_and_read_as_they_are(
    chart: TrendChart,
) -> None:
    chart.set_series("Odd", 0, 10, [(dt.date(2026, 2, 3), 12, "baseline")])
    assert "baseline 12 on 03/02/2026" in chart.accessibleDescription()
    rendered(chart)


def test_the_scale_must_rise(chart: TrendChart) -> None:
    with pytest.raises(ValueError, match="scale must rise"):
        chart.set_series("Broken", 10, 0, [])


def test_many_scores_close_together_and_a_small_size_still_draw(chart: TrendChart) -> None:
    start = dt.date(2025, 9, 1)
    many = [(start + dt.timedelta(days=3 * i), float(i % 11), "follow-up") for i in range(30)]
    chart.set_series("Happiness", 0, 10, many, y_label="Score (0 to 10)")
    chart.resize(chart.minimumSizeHint())
    rendered(chart)
    chart.resize(900, 400)
    rendered(chart)


def test_it_has_a_sensible_size_and_can_be_reached_with_tab(chart: TrendChart) -> None:
    hint = chart.sizeHint()
    assert 400 <= hint.width() <= 700 and 200 <= hint.height() <= 360
    assert chart.minimumSizeHint().width() < hint.width()
    assert chart.focusPolicy() == Qt.FocusPolicy.TabFocus
    chart.setFocus()
    rendered(chart)  # with the focus frame


@pytest.mark.parametrize(
    ("low", "high", "most", "ticks"),
    [
        (0, 10, 6, [0, 2, 4, 6, 8, 10]),
        (0, 10, 11, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        (7, 35, 6, [10, 15, 20, 25, 30, 35]),
        (0, 6, 6, [0, 2, 4, 6]),
        (0, 100, 5, [0, 25, 50, 75, 100]),
        (1, 4, 4, [1, 2, 3, 4]),
    ],
)
def test_the_y_axis_has_round_numbers(
    low: float, high: float, most: int, ticks: list[float]
) -> None:
    assert nice_ticks(low, high, most) == ticks
