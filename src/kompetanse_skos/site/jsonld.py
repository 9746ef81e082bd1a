"""Describe a concept or a scheme as JSON-LD for its page, safe to embed in <script>.

The description uses SKOS, and schema.org's DefinedTerm and DefinedTermSet so that search
engines understand it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from kompetanse_skos.rdf.namespaces import DCTERMS, OWL, SKOS
from kompetanse_skos.vocabulary.model import Concept, Label, Model, Scheme

SCHEMA = "https://schema.org/"


def script_json(data: object) -> Markup:
    """Return JSON that is safe inside <script>: "<", ">" and "&" can never end the element."""
    # Without indentation: then Python's fast JSON encoder runs, which matters on 100,000 pages.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    # The JSON above can hold no markup, so it may go into the page as it is.
    return Markup(text)


def concept_jsonld(model: Model, concept: Concept, page_url: str | None) -> dict[str, object]:
    """Return a concept as JSON-LD: SKOS, and schema.org DefinedTerm for search engines."""

    def texts(labels: Sequence[Label]) -> list[dict[str, str]]:
        return [_literal(label) for label in labels]

    def refs(uris: Iterable[str]) -> list[dict[str, str]]:
        return [{"@id": uri} for uri in uris]

    node: dict[str, object] = {
        "@id": concept.uri,
        "@type": ["skos:Concept", "schema:DefinedTerm"],
        "skos:prefLabel": texts(concept.pref_labels),
        "schema:name": texts(concept.pref_labels),
    }
    optional: dict[str, object] = {
        "skos:altLabel": texts(concept.alt_labels),
        "schema:alternateName": texts(concept.alt_labels),
        "skos:definition": texts(concept.definitions),
        "schema:description": texts(concept.definitions),
        "skos:notation": list(concept.notations),
        "schema:termCode": list(concept.notations),
        "skos:broader": refs(concept.broader),
        "skos:narrower": refs(concept.narrower),
        "skos:related": refs(concept.related),
        "skos:inScheme": refs(concept.schemes),
        "dct:isReplacedBy": refs(concept.replaced_by),
        "schema:inDefinedTermSet": [
            {
                "@id": uri,
                "@type": ["skos:ConceptScheme", "schema:DefinedTermSet"],
                "schema:name": texts(model.labels_of(uri)),
            }
            for uri in concept.schemes
        ],
    }
    for kind, labels in concept.notes:
        optional[f"skos:{kind}"] = texts(labels)
    for kind, uris in concept.mappings:
        optional[f"skos:{kind}"] = refs(uris)
    if concept.deprecated:
        optional["owl:deprecated"] = True
    if page_url:
        optional["schema:url"] = page_url
    node.update({key: value for key, value in optional.items() if value not in ([], None)})
    return {"@context": _CONTEXT, **node}


def scheme_jsonld(model: Model, scheme: Scheme, page_url: str | None) -> dict[str, object]:
    """Return a scheme as JSON-LD: SKOS, and schema.org DefinedTermSet."""
    node: dict[str, object] = {
        "@context": _CONTEXT,
        "@id": scheme.uri,
        "@type": ["skos:ConceptScheme", "schema:DefinedTermSet"],
        "dct:title": [_literal(label) for label in scheme.titles],
        "schema:name": [_literal(label) for label in scheme.titles],
    }
    if scheme.descriptions:
        node["dct:description"] = [_literal(label) for label in scheme.descriptions]
        node["schema:description"] = node["dct:description"]
    if scheme.top_concepts:
        node["skos:hasTopConcept"] = [{"@id": uri} for uri in scheme.top_concepts]
    if scheme.version:
        node["schema:version"] = scheme.version
    if page_url:
        node["schema:url"] = page_url
    return node


_CONTEXT = {
    "skos": str(SKOS),
    "schema": SCHEMA,
    "dct": str(DCTERMS),
    "owl": str(OWL),
}


def _literal(label: Label) -> dict[str, str]:
    return (
        {"@value": label.text, "@language": label.language}
        if label.language
        else {"@value": label.text}
    )
