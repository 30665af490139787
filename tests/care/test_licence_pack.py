"""Licence packs: the licensed questions (SWEMWBS, MYCaW) read from the organisation's file,
checked before use, and scored from it.

Every pack here is fictional: placeholder wording and a made-up conversion table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linkworker.care import licence_pack as lp
from linkworker.care.measures import MeasureRefused
from tests.conftest import REPO_ROOT

# A made-up table (not the licensed one): metric = raw + 0.5, and 35 stays 35.
TABLE = {raw: min(raw + 0.5, 35.0) for raw in range(7, 36)}


def swemwbs(items: int = 7, table: dict[int, float] | None = TABLE, method: str = "sum") -> str:
    text = (
        '[[instruments]]\nname = "SWEMWBS"\nlicence_holder = "Millbrook PCN"\n'
        'notice = "Notice from your licence"\nchoices = [\n'
        + "".join(
            f'  {{ value = {v}, label = "Answer {v} wording from your licence" }},\n'
            for v in range(1, 6)
        )
        + "]\n"
    )
    for n in range(1, items + 1):
        text += f'\n[[instruments.items]]\nkey = "item_{n}"\n'
        text += f'text = "Item {n} wording from your licence"\n'
    text += f'\n[instruments.scoring]\nmethod = "{method}"\n'
    if table is not None:
        text += "\n[instruments.scoring.conversion]\n"
        text += "".join(f"{raw} = {metric}\n" for raw, metric in table.items())
    return text


MYCAW = """
[[instruments]]
name = "MYCaW"
licence_holder = "Millbrook PCN"
choices = [
  { value = 0, label = "Answer 0 wording" }, { value = 1, label = "Answer 1 wording" },
  { value = 2, label = "Answer 2 wording" }, { value = 3, label = "Answer 3 wording" },
  { value = 4, label = "Answer 4 wording" }, { value = 5, label = "Answer 5 wording" },
  { value = 6, label = "Answer 6 wording" },
]

[[instruments.items]]
key = "concern_1"
text = "Concern 1 wording from your licence"
own_words = true

[[instruments.items]]
key = "concern_2"
text = "Concern 2 wording from your licence"
own_words = true
optional = true

[[instruments.items]]
key = "wellbeing"
text = "Wellbeing wording from your licence"

[instruments.scoring]
method = "mean"
"""


def write(tmp_path: Path, *parts: str, header: str = "format = 1\n") -> Path:
    path = tmp_path / "licence-pack.toml"
    path.write_text(header + "\n".join(parts), encoding="utf-8")
    return path


@pytest.fixture
def pack(tmp_path: Path) -> lp.LicencePack:
    return lp.load_pack(write(tmp_path, swemwbs(), MYCAW))


def refused(tmp_path: Path, *parts: str, header: str = "format = 1\n") -> str:
    with pytest.raises(lp.LicencePackError) as caught:
        lp.load_pack(write(tmp_path, *parts, header=header))
    return str(caught.value)


# -- reading a good pack --------------------------------------------------------------------------


def test_a_pack_gives_each_instrument_its_items_in_order(pack: lp.LicencePack) -> None:
    assert pack.names == ("SWEMWBS", "MYCaW")
    form = pack.instrument("SWEMWBS")
    assert form.licence_holder == "Millbrook PCN"
    assert form.notice == "Notice from your licence"
    assert [item.key for item in form.items] == [f"item_{n}" for n in range(1, 8)]
    assert form.items[0].text == "Item 1 wording from your licence"
    assert form.raw_range() == (7, 35)
    mycaw = pack.instrument("MYCaW")
    assert [(i.key, i.own_words, i.optional) for i in mycaw.items] == [
        ("concern_1", True, False), ("concern_2", True, True), ("wellbeing", False, False),
    ]  # fmt: skip


def test_items_share_the_instrument_choices_unless_they_have_their_own(tmp_path: Path) -> None:
    own = swemwbs().replace(
        'text = "Item 7 wording from your licence"\n',
        'text = "Item 7 wording from your licence"\n'
        'choices = [{ value = 1, label = "Low" }, { value = 5, label = "High" }]\n',
    )
    form = lp.load_pack(write(tmp_path, own)).instrument("SWEMWBS")
    assert form.items[0].values == (1, 2, 3, 4, 5)
    assert form.items[0].choices[4].label == "Answer 5 wording from your licence"
    assert form.items[6].values == (1, 5)


def test_the_example_in_the_documentation_is_a_pack_that_loads(tmp_path: Path) -> None:
    doc = (REPO_ROOT / "docs" / "licence-pack.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    path = tmp_path / "example.toml"
    path.write_text(example.group(1), encoding="utf-8")
    pack = lp.load_pack(path)
    assert pack.names == ("SWEMWBS", "MYCaW")
    # The example must never carry licensed wording: every question and answer is a placeholder.
    for form in pack.instruments:
        for item in form.items:
            assert "from your licence" in item.text
            assert all("from your licence" in choice.label for choice in item.choices)


# -- scoring --------------------------------------------------------------------------------------


def test_swemwbs_sums_the_answers_and_converts_with_the_pack_table(pack: lp.LicencePack) -> None:
    answers = {f"item_{n}": 3 for n in range(1, 8)}  # raw 21
    assert lp.score(pack, "SWEMWBS", answers) == 21.5
    assert lp.score(pack, "SWEMWBS", dict.fromkeys(answers, 5)) == 35.0
    assert lp.score(pack, "SWEMWBS", dict.fromkeys(answers, "1")) == 7.5  # typed in a form


def test_swemwbs_without_a_table_is_the_raw_score(tmp_path: Path) -> None:
    pack = lp.load_pack(write(tmp_path, swemwbs(table=None)))
    answers = {f"item_{n}": n % 5 + 1 for n in range(1, 8)}
    assert lp.score(pack, "SWEMWBS", answers) == float(sum(answers.values()))


def test_mycaw_is_the_mean_of_the_answered_items(pack: lp.LicencePack) -> None:
    assert lp.score(pack, "MYCaW", {"concern_1": 5, "concern_2": 3, "wellbeing": 4}) == 4.0
    assert lp.score(pack, "MYCaW", {"concern_1": 5, "wellbeing": 2}) == 3.5
    assert lp.score(pack, "MYCaW", {"concern_1": 5, "concern_2": "", "wellbeing": 0}) == 2.5


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"item_2": None}, "Answer every question: \u201cItem 2 wording from your licence\u201d"),
        ({"item_2": ""}, "\u201cItem 2 wording from your licence\u201d has no answer."),
        ({"item_7": 6}, "Answers run from 1 to 5; 6 is outside that: \u201cItem 7 wording"),
        ({"item_1": 0}, "0 is outside that"),
        ({"item_2": 2.5}, "Answer with a whole number from 1 to 5: \u201cItem 2"),
        ({"item_3": True}, "whole number"),
        ({"item_4": "three"}, "whole number"),
        ({"item_8": 3}, "SWEMWBS has no question item_8"),
    ],
)
def test_swemwbs_answers_that_cannot_be_right_are_refused(
    pack: lp.LicencePack, changed: dict[str, object], message: str
) -> None:
    answers: dict[str, object] = {f"item_{n}": 3 for n in range(1, 8)}
    answers.update(changed)
    with pytest.raises(MeasureRefused, match=re.escape(message)):
        lp.score(pack, "SWEMWBS", answers)


def test_mycaw_refuses_a_missing_required_answer_and_values_past_six(pack: lp.LicencePack) -> None:
    with pytest.raises(MeasureRefused, match="\u201cWellbeing wording from your licence\u201d has"):
        lp.score(pack, "MYCaW", {"concern_1": 2})
    with pytest.raises(MeasureRefused, match="Answers run from 0 to 6; 7 is outside that"):
        lp.score(pack, "MYCaW", {"concern_1": 7, "wellbeing": 2})


def test_an_answer_must_be_one_the_item_offers(tmp_path: Path) -> None:
    gap = swemwbs().replace(
        'text = "Item 7 wording from your licence"\n',
        'text = "Item 7 wording from your licence"\n'
        'choices = [{ value = 1, label = "Low" }, { value = 5, label = "High" }]\n',
    )
    pack = lp.load_pack(write(tmp_path, gap))
    answers = {f"item_{n}": 3 for n in range(1, 8)}
    with pytest.raises(MeasureRefused, match="3 is not one of the answers to \u201cItem 7"):
        lp.score(pack, "SWEMWBS", answers)


def test_an_instrument_missing_from_the_pack_is_entered_by_hand(tmp_path: Path) -> None:
    pack = lp.load_pack(write(tmp_path, MYCAW))
    with pytest.raises(
        MeasureRefused, match="no SWEMWBS questions: enter the SWEMWBS score by hand"
    ):
        lp.score(pack, "SWEMWBS", {})


# -- packs that cannot be used --------------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(lp.LicencePackError, match=r"There is no licence pack at .*nowhere\.toml"):
        lp.load_pack(tmp_path / "nowhere.toml")
    with pytest.raises(lp.LicencePackError, match="is a folder"):
        lp.load_pack(tmp_path)


def test_bad_toml_says_where(tmp_path: Path) -> None:
    message = refused(tmp_path, "[[instruments]]\nname = SWEMWBS\n")
    assert "licence-pack.toml is not valid TOML" in message
    assert "line 3" in message


def test_a_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_bytes(b"format = 1\n\xff\xfe\x00binary")
    with pytest.raises(lp.LicencePackError, match="not a text file"):
        lp.load_pack(path)


def test_the_error_is_a_value_error() -> None:
    assert issubclass(lp.LicencePackError, ValueError)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        # what the brief lists: missing items, a value out of range, a table with holes
        ((swemwbs(items=0),), "SWEMWBS has no items: list its questions as [[instruments.items]]."),
        ((swemwbs(items=6),), "SWEMWBS has 7 items; the licence pack lists 6."),
        ((swemwbs().replace("value = 5,", "value = 6,"),),
         "SWEMWBS item 'item_1' offers the answer value 6, but SWEMWBS answers run from 1 to 5."),
        ((MYCAW.replace("value = 6,", "value = 7,"),),
         "MYCaW item 'concern_1' offers the answer value 7, but MYCaW answers run from 0 to 6."),
        ((swemwbs(table={r: m for r, m in TABLE.items() if r not in (12, 13)}),),
         "The SWEMWBS conversion table must give a metric score for every raw score from 7 to 35; "
         "it has none for 12 and 13."),
        ((swemwbs(table={**TABLE, 36: 35.0}),),
         "The SWEMWBS conversion table has raw score 36, but raw scores run from 7 to 35."),
        ((swemwbs(table={**TABLE, 20: 40.0}),),
         "gives 40 for raw score 20, but a SWEMWBS score runs from 7 to 35."),
        ((swemwbs(table={**TABLE, 20: 12.0}),),
         "goes down from raw score 19 (19.5) to 20 (12): check the table against your licence."),
        ((swemwbs(table={**TABLE, 20: "nan"}),),
         "SWEMWBS, scoring, conversion, raw score 20: input should be a finite number."),
        ((swemwbs(method="mean"),),
         'SWEMWBS is scored as the sum of its items: set method = "sum"'),
        ((MYCAW + "\n[instruments.scoring.conversion]\n0 = 0\n",),
         "MYCaW has no conversion table"),
        ((swemwbs().replace('key = "item_2"', 'key = "item_1"'),),
         "SWEMWBS has more than one item with the key item_1."),
        ((swemwbs().replace('key = "item_2"', 'key = "Item 2"'),),
         "SWEMWBS, item 2 (Item 2), key: use lower-case letters"),
        ((swemwbs().replace('text = "Item 3 wording from your licence"', 'text = "  "'),),
         "SWEMWBS, item 3 (item_3), text: write something here."),
        ((swemwbs().replace('licence_holder = "Millbrook PCN"\n', ""),),
         "SWEMWBS: licence_holder is missing."),
        ((swemwbs().replace('key = "item_4"', 'key = "item_4"\ntxt = "typo"'),),
         "SWEMWBS, item 4 (item_4) has no 'txt': check the spelling."),
        ((swemwbs().replace("value = 2,", "value = 2.5,"),),
         "licence-pack.toml cannot be used. SWEMWBS, answer choice 2, value: input should be a "
         "valid integer."),
        ((swemwbs().replace("\n15 = ", "\nfifteen = "),), "'fifteen' is not a raw score"),
        ((swemwbs(), swemwbs()), "The licence pack has SWEMWBS more than once."),
        ((swemwbs().replace('name = "SWEMWBS"', 'name = "WEMWBS"'),),
         "Linkworker takes licence packs for SWEMWBS and MYCaW only, not 'WEMWBS'"),
        ((MYCAW.replace('key = "concern_1"', 'key = "concern_1"\noptional = true')
          .replace('key = "wellbeing"', 'key = "wellbeing"\noptional = true'),),
         "MYCaW needs at least one item that is not optional."),
        ((swemwbs().replace('key = "item_1"', 'key = "item_1"\noptional = true'),),
         "SWEMWBS is scored as a sum, so every item must be answered."),
        ((MYCAW.replace("choices = [", "chioces = ["),),
         "MYCaW has no 'chioces': check the spelling."),
        (("",), "The licence pack has no instruments"),
    ],
)  # fmt: skip
def test_a_pack_that_cannot_be_right_is_refused_saying_what_to_fix(
    tmp_path: Path, parts: tuple[str, ...], message: str
) -> None:
    assert message in refused(tmp_path, *parts)


def test_an_item_without_choices_is_refused(tmp_path: Path) -> None:
    bare = re.sub(r"choices = \[.*?\]\n", "", swemwbs(), flags=re.DOTALL)
    assert "SWEMWBS item 'item_1' has no answer choices" in refused(tmp_path, bare)


def test_the_pack_format_is_checked(tmp_path: Path) -> None:
    assert "format is missing: start the file with format = 1." in refused(
        tmp_path, swemwbs(), header=""
    )
    message = refused(tmp_path, swemwbs(), header="format = 2\n")
    assert "This licence pack is format 2; this version of Linkworker reads format 1" in message


def test_several_problems_are_listed_together(tmp_path: Path) -> None:
    broken = swemwbs().replace('licence_holder = "Millbrook PCN"\n', "")
    broken = broken.replace('text = "Item 2 wording from your licence"\n', "")
    message = refused(tmp_path, broken)
    assert message.startswith("licence-pack.toml cannot be used:\n")
    assert "- SWEMWBS: licence_holder is missing." in message
    assert "- SWEMWBS, item 2 (item_2): text is missing." in message
