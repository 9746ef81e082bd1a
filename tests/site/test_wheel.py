"""The wheel's layout: keys that name one segment each, and no text below the legible size."""

from __future__ import annotations

from kompetanse_skos.site.wheel import MIN_FONT, SIZE, WheelItem, draw_wheel, keys_of


def _items(themes: int, children: int, notations: bool = True) -> list[WheelItem]:
    return [
        WheelItem(
            f"Theme {i}",
            "",
            f"t{i}/",
            tuple(
                WheelItem(f"Sub {i}.{j}", "", f"s{i}-{j}/", (), f"{i}.{j}" if notations else "")
                for j in range(1, children + 1)
            ),
            str(i) if notations else "",
        )
        for i in range(1, themes + 1)
    ]


def test_issue_20_no_text_is_smaller_than_the_legible_size() -> None:
    # 12 CSS pixels at 320 pixels wide, whatever the number of segments.
    assert MIN_FONT * 320 / SIZE == 12
    for themes, children in ((1, 0), (5, 3), (12, 8), (60, 5)):
        wheel = draw_wheel(_items(themes, children), WheelItem("A scheme", "", "./"))
        for segment in wheel.segments:
            if segment.lines:
                assert segment.font_size >= MIN_FONT, (themes, children, segment.key)
        assert wheel.center_font >= MIN_FONT


def test_issue_20_keys_are_notations_or_places() -> None:
    assert keys_of(_items(2, 2)) == [("1", ["1.1", "1.2"]), ("2", ["2.1", "2.2"])]
    assert keys_of(_items(2, 1, notations=False)) == [("1", ["1.1"]), ("2", ["2.1"])]
    # Notations that repeat would name two segments: places are used instead.
    twice = [WheelItem("A", "", "a/", (), "1"), WheelItem("B", "", "b/", (), "1")]
    assert keys_of(twice) == [("1", []), ("2", [])]
    wheel = draw_wheel(_items(3, 2), WheelItem("A scheme", "", "./"))
    assert [entry.key for entry in wheel.legend] == ["1", "2", "3"]
    assert [child.key for child in wheel.legend[1].children] == ["2.1", "2.2"]


def test_issue_20_a_long_name_is_left_out_of_the_middle_rather_than_cut() -> None:
    wheel = draw_wheel(_items(2, 1), WheelItem("Word " * 40, "", "./"))
    assert wheel.center_lines == ()
    wheel = draw_wheel(_items(2, 1), WheelItem("Fagkunnskap og ferdigheter", "", "./"))
    assert " ".join(line.text for line in wheel.center_lines) == "Fagkunnskap og ferdigheter"


def test_a_long_name_breaks_after_a_hyphen_in_the_centre() -> None:
    wheel = draw_wheel(_items(2, 1), WheelItem("Miniatur-Thesaurus Wirtschaft", "de", "./"))
    assert [line.text for line in wheel.center_lines] == ["Miniatur-", "Thesaurus", "Wirtschaft"]
    # A hyphen between spaces is no break inside a word.
    wheel = draw_wheel(_items(2, 1), WheelItem("Data - og sikkerhet", "", "./"))
    assert " ".join(line.text for line in wheel.center_lines) == "Data - og sikkerhet"


def test_a_label_that_begins_with_its_key_is_not_keyed_twice() -> None:
    items = [
        WheelItem(
            "B Business", "", "b/", (WheelItem("B.03 Accounting", "", "b3/", (), "B.03"),), "B"
        ),
        WheelItem("Labour", "", "l/", (WheelItem("Wages", "", "w/", (), "L.1"),), "L"),
    ]
    wheel = draw_wheel(items, WheelItem("A scheme", "", "./"))
    assert [(e.shown_key, e.label) for e in wheel.legend] == [("", "B Business"), ("L", "Labour")]
    assert [c.shown_key for c in wheel.legend[0].children] == [""]
    assert [s.title for s in wheel.segments] == [
        "B Business",
        "B.03 Accounting",
        "L Labour",
        "L.1 Wages",
    ]
