"""Every resource gets its own safe place in the site, and links between places are relative."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from kompetanse_skos.errors import BuildError
from kompetanse_skos.site import hosting
from kompetanse_skos.site.languages import site_languages
from kompetanse_skos.site.places import (
    FALLBACK_FOLDER,
    Place,
    assign_places,
    depth_apart,
    folder_for,
    link_down,
    relative_url,
    root_prefix,
    safe_relative,
    write_file,
)

BASE = "https://psi.norge.no/kompetansemodell/"

NB, NN, EN = site_languages(("nb", "nn", "en"))


@pytest.mark.parametrize(
    ("uri", "folder"),
    [
        (BASE, ""),
        (BASE + "styring-og-strategi", "styring-og-strategi"),
        (BASE + "tema/arbeid", "tema/arbeid"),
        (BASE + "tema/arbeid/", "tema/arbeid"),
        (BASE + "%C3%B8konomi", "økonomi"),
        (BASE + "økonomi", "økonomi"),
        (BASE + "a%20b", "a b"),
        (BASE + "v1.0", "v1.0"),
    ],
)
def test_a_uri_under_the_base_gets_the_folder_of_its_path(uri: str, folder: str) -> None:
    assert folder_for(uri, BASE) == folder


@pytest.mark.parametrize(
    "uri",
    [
        BASE + "../escape",
        BASE + "a/../../escape",
        BASE + "./a",
        BASE + "a//b",
        BASE + "a%2Fb",
        BASE + "a%2fb",
        BASE + "%2e%2e",
        BASE + "a%5Cb",
        BASE + "a%00b",
        BASE + "%FF",
        BASE + ".hidden",
        BASE + "ends-with-dot.",
        BASE + "CON",
        BASE + "con.txt",
        BASE + "Lpt1",
        BASE + "aux/x",
        BASE + "x.ttl",
        BASE + "x.JSONLD",
        BASE + "x/index.html",
        BASE + "index.en.html",
        BASE + "sitemap.xml",
        BASE + "_site",
        BASE + "_/abc",
        BASE + "a%0Ab",
        BASE + "a%E2%80%AEb",  # right-to-left override
        BASE + "a:b",
        BASE + "a%3Cb",
        BASE + "a%25b",
        BASE + "x" * 101,
        BASE + "/".join(["abcdefghij"] * 20),
        BASE + "q?x=1",
        BASE + "f#frag",
        "https://elsewhere.example/kompetansemodell/x",
        "http://psi.norge.no/kompetansemodell/x",
        "urn:uuid:1234",
        "file:///etc/passwd",
    ],
)
def test_an_unsafe_or_foreign_uri_gets_no_folder_of_its_own(uri: str) -> None:
    assert folder_for(uri, BASE) is None


def test_without_a_base_everything_falls_back() -> None:
    places = assign_places([BASE + "a"], None)
    assert places[BASE + "a"].fallback
    assert places[BASE + "a"].folder.startswith(FALLBACK_FOLDER + "/")


def test_places_differing_only_in_case_or_unicode_form_never_share_a_folder() -> None:
    uris = [
        BASE + "Sak",
        BASE + "sak",
        BASE + "SAK",
        BASE + "økonomi",
        BASE + "%C3%B8konomi",
        BASE + "Økonomi",
        BASE + "kaf\u00e9",
        BASE + "kafe\u0301",
    ]
    places = assign_places(uris, BASE)
    keys = {unicodedata.normalize("NFC", p.folder).casefold() for p in places.values()}
    assert len(keys) == len(uris)
    # The first in sorted order keeps the readable folder; the others fall back.
    assert places[BASE + "SAK"].folder == "SAK"
    assert places[BASE + "Sak"].fallback and places[BASE + "sak"].fallback
    assert sum(not p.fallback for p in places.values()) == 3


def test_a_resource_never_takes_the_name_of_a_file_the_build_writes() -> None:
    reserved = ["kompetansemodell.ttl", "catalog.ttl", "SHA256SUMS", "index.html"]
    uris = [BASE + name for name in ("kompetansemodell", "Catalog", "sha256sums", "index", "ok")]
    places = assign_places(uris, BASE, reserved)
    assert [places[uri].fallback for uri in uris] == [True, True, True, True, False]
    assert places[BASE + "ok"].folder == "ok"


def test_fallback_folders_are_stable_and_unique() -> None:
    uris = [f"urn:example:{n}" for n in range(500)]
    first = assign_places(uris, BASE)
    again = assign_places(reversed(uris), BASE)
    assert first == again
    assert len({p.folder for p in first.values()}) == 500
    assert all(p.folder.startswith("_/") and p.fallback for p in first.values())


def test_a_place_names_its_pages_and_rdf_files() -> None:
    place = Place(BASE + "tema/arbeid", "tema/arbeid")
    assert place.page(NB) == "tema/arbeid/index.html"
    assert place.page(NN) == "tema/arbeid/index.nn.html"
    assert place.page(EN) == "tema/arbeid/index.en.html"
    assert place.rdf(".ttl") == "tema/arbeid.ttl"
    home = Place(BASE, "")
    assert home.page(NB) == "index.html"
    assert home.rdf(".jsonld") == "index.jsonld"


@pytest.mark.parametrize(
    ("source", "target", "fragment", "link"),
    [
        ("index.html", "a/index.html", "", "a/index.html"),
        ("a/index.html", "index.en.html", "", "../index.en.html"),
        ("a/index.html", "a/index.nn.html", "", "index.nn.html"),
        ("a/b/index.html", "a/c/index.html", "", "../c/index.html"),
        ("a/index.html", "a.ttl", "", "../a.ttl"),
        ("_/x/index.html", "økonomi/index.html", "", "../../%C3%B8konomi/index.html"),
        ("index.html", "a b/index.html", "top", "a%20b/index.html#top"),
        ("x/index.html", "_site/a-z/index.html", "letter-ae", "../_site/a-z/index.html#letter-ae"),
    ],
)
def test_links_are_relative_and_percent_encoded(
    source: str, target: str, fragment: str, link: str
) -> None:
    assert relative_url(source, target, fragment) == link


def test_root_prefix_climbs_to_the_root() -> None:
    assert root_prefix("index.html") == ""
    assert root_prefix("a/b/index.nn.html") == "../../"


def test_nothing_is_written_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    for bad in ("../x", "a/../../x", "/etc/passwd", str(tmp_path / "x"), "a/./b", "..", "a\x00"):
        with pytest.raises(BuildError):
            safe_relative(bad)
        with pytest.raises(BuildError):
            write_file(root, bad, b"x")
    assert safe_relative("a/b.ttl") == "a/b.ttl"
    assert not any(tmp_path.rglob("x"))


def test_a_file_is_never_written_twice(tmp_path: Path) -> None:
    write_file(tmp_path, "a/index.html", b"first")
    with pytest.raises(BuildError, match="two outputs"):
        write_file(tmp_path, "a/index.html", b"second")
    assert (tmp_path / "a" / "index.html").read_bytes() == b"first"


def test_random_hostile_uris_get_safe_unique_places(tmp_path: Path) -> None:
    pieces = [
        "a",
        "B",
        "ø",
        "o\u0308",
        "..",
        ".",
        "",
        "%2F",
        "%2e",
        "%C3%B8",
        "%ZZ",
        "CON",
        "x.ttl",
    ]
    pieces += ["\u202e", "%0A", " ", "_", "index.html", "é" * 60, "?", "#", "%25", "\\"]
    rng = random.Random(3)
    uris = {
        BASE + "/".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(3000)
    }
    places = assign_places(uris, BASE, ["vocabulary.ttl"])
    keys = [unicodedata.normalize("NFC", p.folder).casefold() for p in places.values()]
    assert len(set(keys)) == len(keys)
    root = tmp_path.resolve()
    for place in places.values():
        for relative in (place.page(NB), place.page(EN), place.rdf(".jsonld")):
            target = (root / safe_relative(relative)).resolve()
            assert root in target.parents
        if place.folder and not place.fallback:
            segments = place.folder.split("/")
            assert all(s and s not in (".", "..") and not s.startswith(".") for s in segments)


@pytest.mark.parametrize(
    "folder, target, depth",
    [
        ("", "a/b/index.html", 0),
        ("Y1", "Y2/index.en.html", 1),
        ("Y1", "index.html", 1),
        ("a/b", "c/d/index.html", 2),
        ("_site/a-z/letter-a", "index.html", 3),
        ("a/b", "a/c/index.html", None),  # inside the same top folder: not by depth alone
        ("a", "a/b/index.html", None),
        ("_site/a-z", "_site/static/site.css", None),
    ],
)
def test_a_link_that_depends_on_depth_alone_is_the_one_relative_url_makes(
    folder: str, target: str, depth: int | None
) -> None:
    top = target.partition("/")[0] if "/" in target else ""
    assert depth_apart(folder, top) == depth
    if depth is not None:
        source = f"{folder}/index.html" if folder else "index.html"
        assert relative_url(source, target) == "../" * depth + target


@pytest.mark.parametrize(
    "source",
    ["index.html", "a/index.nn.html", "_site/a-z/b/index.en.html", "x y/æ/index.html"],
)
@pytest.mark.parametrize(
    "target", ["index.html", "Y1/index.nn.html", "a b/ø?#/index.html", "_/0f3/index.html"]
)
def test_a_link_down_from_the_root_is_the_relative_url(source: str, target: str) -> None:
    folder = source.rpartition("/")[0]
    depth = depth_apart(folder, target.partition("/")[0] if "/" in target else "")
    assert depth is not None  # the two share no folder
    assert link_down(depth, target) == relative_url(source, target)


@pytest.mark.parametrize(
    "text", ["https://example.org/a?b=1&c=<2>", "plain", "x\"y'z", "tab\there\nnew\rline", ""]
)
def test_the_sitemap_escapes_as_the_standard_library_does(text: str) -> None:
    assert hosting._text(text) == escape(text)
    assert hosting._attribute(text) == quoteattr(text)
