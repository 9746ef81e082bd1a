"""Issue 7: random valid SKOS vocabularies always validate, build, round-trip and link up.

The run is reproducible (derandomized) and bounded for CI. For a longer run on release day,
raise the number of examples: ``KOMPETANSE_SKOS_EXAMPLES=500 pytest tests/test_properties.py``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

from conftest import ROOT
from kompetanse_skos.pipeline.build import BuildOptions, build
from kompetanse_skos.project import Project
from kompetanse_skos.rdf.languages import primary_subtag
from kompetanse_skos.site.languages import SiteLanguages, read_languages
from kompetanse_skos.site.search import _folds, fold
from kompetanse_skos.vocabulary.read import read_vocabulary
from sites import check_links

EXAMPLES = int(os.environ.get("KOMPETANSE_SKOS_EXAMPLES", "20"))
BASE = "https://example.org/prop/"
LANGUAGES = ("nb", "nn", "en", "se", "de", "en-GB", "")
SYNTAXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld"}

# Any Unicode a label may hold: no surrogates and no control characters (limits.py refuses
# those, as XML cannot carry them), and no unassigned code points.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), min_size=0, max_size=20
)


@st.composite
def vocabularies(draw: st.DrawFn) -> Graph:
    """Draw a valid SKOS vocabulary: schemes, hierarchies deep and wide, labels in any language."""
    graph = Graph()
    schemes = [URIRef(f"{BASE}scheme-{i}") for i in range(draw(st.integers(1, 3)))]
    for index, scheme in enumerate(schemes):
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, DCTERMS.title, Literal(f"{draw(TEXT)} S{index}", lang="en")))
    concepts: list[tuple[URIRef, URIRef]] = []
    for index in range(draw(st.integers(1, 24))):
        concept = URIRef(
            f"{BASE}{draw(st.sampled_from(['c', 'Ø', 'a%20b', 'é', 'Sak', 'sak']))}-{index}"
        )
        scheme = draw(st.sampled_from(schemes))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        # A parent among the earlier concepts of the same scheme, mostly the latest (deep)
        # or any (wide); none makes a top concept.
        candidates = [c for c, s in concepts if s == scheme]
        choice = draw(st.sampled_from(["top", "deep", "wide"])) if candidates else "top"
        if choice == "top":
            graph.add((concept, SKOS.topConceptOf, scheme))
            graph.add((scheme, SKOS.hasTopConcept, concept))
        else:
            parent = candidates[-1] if choice == "deep" else draw(st.sampled_from(candidates))
            graph.add((concept, SKOS.broader, parent))
            if draw(st.booleans()):
                graph.add((parent, SKOS.narrower, concept))
        for language in draw(st.sets(st.sampled_from(LANGUAGES), min_size=1, max_size=4)):
            tag = language or None
            graph.add((concept, SKOS.prefLabel, Literal(f"{draw(TEXT)} {index}", lang=tag)))
            if draw(st.booleans()):
                alt = Literal(f"{draw(TEXT)} {index} alt", lang=tag)
                graph.add((concept, SKOS.altLabel, alt))
            if draw(st.booleans()):
                graph.add((concept, SKOS.definition, Literal(draw(TEXT) + ".", lang=tag)))
        concepts.append((concept, scheme))
    # Related links only across schemes, where no hierarchy can clash with them (S27).
    for (a, scheme_a), (b, scheme_b) in itertools.pairwise(concepts):
        if scheme_a != scheme_b and draw(st.booleans()):
            graph.add((a, SKOS.related, b))
            graph.add((b, SKOS.related, a))
    return graph


def _lower_tags(graph: Graph) -> Graph:
    """Return *graph* with its language tags in lower case.

    Language tags are case-insensitive (RDF 1.1, BCP 47), and the RDF/XML dump writes them in
    lower case ("en-gb"), so only their case may differ between the dumps.
    """
    lowered = Graph()
    for subject, predicate, value in graph:
        if isinstance(value, Literal) and value.language:
            value = Literal(str(value), lang=value.language.lower())
        lowered.add((subject, predicate, value))
    return lowered


def _page_ids(site: Path, languages: SiteLanguages) -> set[tuple[str, str]]:
    """Return (resource URI, language) for every page that describes a resource."""
    found = set()
    for language in languages:
        for page in site.rglob(language.page_name):
            text = page.read_text(encoding="utf-8")
            match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
            if match:
                found.add((str(json.loads(match.group(1)).get("@id")), language.tag))
    return found


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # Shrinking a whole build is slow; a failure is reported as drawn, which is enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
@given(vocabularies())
def test_random_vocabularies_validate_build_and_round_trip(graph: Graph) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "vocab.ttl"
        graph.serialize(source, format="turtle", encoding="utf-8")
        project = Project.from_root(root, root / "out")
        result = build(project, BuildOptions([source], ["skos"]))
        violations = [f for f in result.report.findings if f.severity == "violation"]
        assert violations == [], violations
        assert result.built
        site = root / "out"

        published = read_vocabulary(Project.from_root(ROOT), [source]).graph
        for suffix, syntax in SYNTAXES.items():
            dump = Graph().parse(site / f"{project.name}{suffix}", format=syntax)
            assert isomorphic(_lower_tags(dump), _lower_tags(published)), suffix

        # The site's pages are in the languages of the vocabulary's labels, or ours when its
        # labels have no language tag.
        languages = read_languages(site)
        assert languages is not None
        drawn = {
            primary_subtag(value.language)
            for value in graph.objects()
            if isinstance(value, Literal) and value.language
        }
        assert set(languages.tags) <= (drawn or {"nb", "nn", "en"}), languages.tags
        pages = _page_ids(site, languages)
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            for language in languages.tags:
                assert (str(concept), language) in pages, (concept, language)
        assert check_links(site) == []


@given(st.text(alphabet=st.sampled_from("aAåÅøØæÆeé\u030aöÖ -.1ß"), max_size=12) | st.text())
def test_a_label_s_search_forms_are_its_short_and_long_folds(text: str) -> None:
    assert _folds(text) == tuple(dict.fromkeys((fold(text), fold(text, long=True))))
