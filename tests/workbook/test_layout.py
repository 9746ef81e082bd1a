"""The workbook's layout agrees with the profiles, and identifiers are judged as documented."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from conftest import ROOT
from kompetanse_skos.workbook.layout import STATUS_BASE, STATUSES, is_safe_identifier

EUVOC_STATUS = URIRef("http://publications.europa.eu/ontology/euvoc#status")


def test_the_status_list_is_what_the_kompetanse_profile_accepts() -> None:
    shapes = Graph().parse(ROOT / "shapes" / "kompetanse.ttl")
    lists = [
        {str(item) for item in Collection(shapes, values)}
        for prop in shapes.subjects(SH.path, EUVOC_STATUS)
        for values in shapes.objects(prop, SH["in"])
    ]
    assert lists == [{STATUS_BASE + code for code in STATUSES}]


@pytest.mark.parametrize(
    "identifier", ["datadeling", "kun-en-gang", "ord/hørselshjelpemidler", "v1.2", "a_b"]
)
def test_safe_identifiers(identifier: str) -> None:
    assert is_safe_identifier(identifier)


@pytest.mark.parametrize(
    "identifier", ["deling av data", "a?b", "a#b", "50%", "..", "a/../b", "/a", "a/", ""]
)
def test_unsafe_identifiers(identifier: str) -> None:
    assert not is_safe_identifier(identifier)
