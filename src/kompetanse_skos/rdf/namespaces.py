"""The RDF namespaces the package reads and writes, in one place."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, RDF, RDFS, SH, SKOS, XSD

EUVOC = Namespace("http://publications.europa.eu/ontology/euvoc#")
SKOSNO = Namespace("https://data.norge.no/vocabulary/skosno#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CHECK = Namespace("urn:kompetanse-skos:check:")

# Prefixes for every dump we write, so that Turtle and the JSON-LD context stay readable.
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "euvoc": EUVOC,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "skosno": SKOSNO,
    "vcard": VCARD,
    "xsd": XSD,
}

__all__ = [
    "CHECK",
    "DCAT",
    "DCTERMS",
    "EUVOC",
    "FOAF",
    "ORG",
    "OWL",
    "PREFIXES",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "SKOSNO",
    "VCARD",
    "XSD",
]
