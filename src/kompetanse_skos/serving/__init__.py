"""Serving: SPARQL queries, the local server, and loading into a SPARQL store."""
