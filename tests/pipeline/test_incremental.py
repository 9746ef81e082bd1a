"""Large sites: written by several processes, rebuilt in part after an edit, indexes by letter.

A rebuild takes the files of what an edit did not touch from the previous build. Whatever
the path, the site must be the one a full build in one process makes, byte for byte.
"""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, tree
from kompetanse_skos.errors import BuildError, KompetanseError
from kompetanse_skos.output import resources
from kompetanse_skos.output.folder import Listing
from kompetanse_skos.pipeline.build import BuildOptions, build
from kompetanse_skos.project import Project
from kompetanse_skos.site import indexes
from kompetanse_skos.site.frame import SEARCH_INDEX
from kompetanse_skos.site.render import render_site
from kompetanse_skos.vocabulary.model import model_of
from kompetanse_skos.vocabulary.read import read_vocabulary
from sites import PAGE_NAMES, check_links, read_page

VOCAB = "vocab/fagkunnskap-og-ferdigheter.ttl"
EDITED = "https://psi.norge.no/kompetansemodell/kun-en-gang"
UNRELATED = "https://psi.norge.no/kompetansemodell/universell-utforming"


def _inodes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_ino
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_a_rebuild_after_one_edit_is_a_full_build_and_reuses_the_rest(project: Path) -> None:
    assert run_cli("build", "--root", project).returncode == 0
    before = _inodes(project / "build")
    vocab = project / VOCAB
    text = vocab.read_text(encoding="utf-8")
    assert text.count('"Kun én gang"@nb') == 1
    vocab.write_text(text.replace('"Kun én gang"@nb', '"Kun éin gong, nå endra"@nb'), "utf-8")

    rebuilt = run_cli("build", "--root", project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    fresh = run_cli("build", "--root", project, "--out", project / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert tree(project / "build") == tree(project / "fresh")

    after = _inodes(project / "build")
    edited = "kun-en-gang/" + "index.html"
    unrelated = "universell-utforming/" + "index.html"
    assert "Kun éin gong, nå endra" in (project / "build" / edited).read_text("utf-8")
    assert after[edited] != before[edited], "the edited concept's page was made again"
    assert after[unrelated] == before[unrelated], "an untouched page was taken over"
    reused = [name for name, inode in after.items() if before.get(name) == inode]
    assert len(reused) > len(after) / 2


def test_the_search_index_is_made_again_only_when_what_it_holds_changes(project: Path) -> None:
    """Definitions are not searched: editing one keeps the index; editing a label does not."""
    assert run_cli("build", "--root", project).returncode == 0
    index = project / "build" / SEARCH_INDEX
    first = index.stat().st_ino
    vocab = project / VOCAB
    text = vocab.read_text(encoding="utf-8")
    old, new = (
        "Prinsippet om at offentlige virksomheter",
        "Prinsippet om at de offentlige virksomhetene",
    )
    assert text.count(old) == 1  # in the definition of kun-en-gang
    vocab.write_text(text.replace(old, new), "utf-8")

    assert run_cli("build", "--root", project).returncode == 0
    page = project / "build" / "kun-en-gang" / "index.html"
    assert new in page.read_text("utf-8")
    assert index.stat().st_ino == first, "the search index was taken over"
    index.unlink()  # a file of the index lost by hand: the index is made again
    assert run_cli("build", "--root", project).returncode == 0
    assert index.is_file()

    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace('"Kun én gang"@nb', '"Kun éin gong"@nb'), "utf-8")
    assert run_cli("build", "--root", project).returncode == 0
    assert "Kun \\u00e9in gong" in index.read_text("ascii")
    assert run_cli("build", "--root", project, "--out", project / "fresh").returncode == 0
    assert tree(project / "build") == tree(project / "fresh")


def test_a_damaged_previous_build_is_never_reused(project: Path) -> None:
    assert run_cli("build", "--root", project).returncode == 0
    (project / "build" / resources.MANIFEST).write_text("{not json", encoding="utf-8")
    assert run_cli("build", "--root", project, "--out", project / "fresh").returncode == 0
    assert run_cli("build", "--root", project).returncode == 0
    assert tree(project / "build") == tree(project / "fresh")


def _entries(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """Every file, every other entry (links) and every folder in *folder*, by name."""
    listing = Listing.of(folder)
    return sorted(listing.files), sorted(listing.others), sorted(listing.folders)


def test_a_rebuild_puts_right_what_was_changed_by_hand(project: Path) -> None:
    """The previous build is updated where it lies: it ends as a fresh build would be."""
    assert run_cli("build", "--root", project).returncode == 0
    site = project / "build"
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    (site / "universell-utforming" / "index.html").unlink()  # comes back
    (site / "stray" / "deep").mkdir(parents=True)
    (site / "stray" / "deep" / "page.html").write_text("no build wrote this", "utf-8")
    (site / "linked").symlink_to(project / "vocab")  # the link goes; vocab/ stays
    shutil.rmtree(site / "kun-en-gang")
    (site / "kun-en-gang").symlink_to(elsewhere)  # a folder turned link: never written through

    rebuilt = run_cli("build", "--root", project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run_cli("build", "--root", project, "--out", project / "fresh").returncode == 0
    assert _entries(site) == _entries(project / "fresh")
    assert tree(site) == tree(project / "fresh")
    assert list(elsewhere.iterdir()) == []
    assert (project / VOCAB).is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


def test_an_update_cut_short_is_replaced_whole_by_the_next_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the changed files in can fail half-way; the next build then starts afresh."""
    assert build(Project.from_root(project)).built
    vocab = project / VOCAB
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace('"Kun én gang"@nb', '"Kun éin gong"@nb'), "utf-8")
    moved = []
    replace = os.replace

    def failing(source: str | Path, destination: str | Path) -> None:
        if len(moved) == 3:
            raise OSError(5, "Input/output error")
        moved.append(destination)
        replace(source, destination)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(BuildError, match="Input/output error"):
        build(Project.from_root(project))
    monkeypatch.undo()
    assert len(moved) == 3
    assert not (project / "build" / resources.MANIFEST).exists()
    assert build(Project.from_root(project)).built
    assert build(Project.from_root(project, project / "fresh")).built
    assert tree(project / "build") == tree(project / "fresh")
    left = sorted(path.name for path in project.iterdir())
    assert left == ["build", "fresh", "pyproject.toml", "vocab"]


def _render(folder: Path) -> dict[str, bytes]:
    project = Project.from_root(ROOT)
    folder.mkdir()
    render_site(read_vocabulary(project), folder, project)
    return tree(folder)


def test_writing_in_several_processes_gives_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _render(tmp_path / "alone")
    monkeypatch.setattr(resources, "PARALLEL_FROM", 2)
    monkeypatch.setattr(resources, "CHUNK", 5)
    forked = _render(tmp_path / "forked")
    assert os.cpu_count() and os.cpu_count() > 1, "the machine has one core: nothing forked"
    assert forked == alone


def test_a_large_index_gets_a_page_per_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexes, "SPLIT_FROM", 5)
    site = tmp_path / "site"
    assert build(Project.from_root(ROOT, site)).built
    assert check_links(site) == []
    concepts = model_of(read_vocabulary(Project.from_root(ROOT))).concepts
    for index in ("_site/a-z", "_site/hierarchy"):
        for language, name in PAGE_NAMES.items():
            letters = sorted((site / index).glob(f"letter-*/{name}"))
            assert len(letters) >= 5, (index, language)
            page = read_page(site / index / name)
            linked = {href for tag, href, _ in page.links if tag == "a" and "letter-" in href}
            assert linked == {f"{path.parent.name}/{name}" for path in letters}
    # The letter pages of the A-Z index together link every concept, in every language.
    for language, name in PAGE_NAMES.items():
        found = set()
        for letter in (site / "_site/a-z").glob(f"letter-*/{name}"):
            for tag, href, _ in read_page(letter).links:
                if tag == "a" and href.startswith("../../../") and href.endswith(f"/{name}"):
                    found.add(href)
        base = "https://psi.norge.no/kompetansemodell/"
        assert found >= {f"../../../{uri[len(base) :]}/{name}" for uri in concepts}, language


def test_the_build_lists_exactly_the_files_it_wrote(tmp_path: Path) -> None:
    """The list comes from the writers, not from walking the folder: it must miss none."""
    site = tmp_path / "site"
    result = build(Project.from_root(ROOT, site), BuildOptions(previous=ROOT / VOCAB))
    on_disk = sorted(
        path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()
    )
    assert result.written == on_disk  # each once, in order
    assert any(name.startswith("_site/changes/") for name in on_disk)  # with a changelog


def test_a_build_gives_the_garbage_collector_back_as_it_was(tmp_path: Path) -> None:
    """A build collects seldom and hides what it keeps from the collector: only meanwhile."""
    before = gc.get_threshold()
    build(Project.from_root(ROOT, tmp_path / "site"))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(KompetanseError):
        build(Project.from_root(ROOT, tmp_path / "other"), BuildOptions([broken]))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
