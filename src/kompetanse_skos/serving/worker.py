"""Answer SPARQL queries over one dump in a process of its own, for serve to kill if need be.

Run as ``python -m kompetanse_skos.serving.worker DUMP MAX_ROWS READ_FD WRITE_FD [HOST...]``:
it loads the dump, sends ``("ready",)``, then answers each ``(query, accept)`` it receives with
``(status, media type, body, truncated)`` until its input is closed. A query that calls a
SERVICE on any host but the HOSTs given is refused (400) before it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kompetanse_skos.errors import QueryError
from kompetanse_skos.rdf.formats import GRAPH_MEDIA_TYPES, SOLUTION_MEDIA_TYPES, with_charset
from kompetanse_skos.serving.negotiation import best_match
from kompetanse_skos.serving.query import refuse_services, run_query, write_result


def answer_queries(
    data: Path,
    max_rows: int,
    inbox: Connection,
    outbox: Connection,
    allowed_services: Collection[str] = (),
) -> None:
    """Load *data*, then answer every query from *inbox* on *outbox*."""
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.from_extension(data.suffix[1:]))
    refuse_services("ASK {}")  # load the SPARQL parser now, not on the first query
    outbox.send(("ready",))
    while True:
        try:
            text, accept = inbox.recv()
        except (EOFError, OSError):
            return
        try:
            refuse_services(text, allowed_services)
            result = run_query(store, text, "query", max_rows)
            fmt, media_type = result_format(result.kind, accept)
            outbox.send((200, media_type, write_result(result, fmt), result.truncated))
        except QueryError as error:
            outbox.send((400, "text/plain; charset=utf-8", f"{error.message}\n".encode(), False))


def result_format(kind: str, accept: str) -> tuple[str, str]:
    """Choose the results format by the Accept header (default JSON, or Turtle for triples)."""
    offered = GRAPH_MEDIA_TYPES if kind == "graph" else SOLUTION_MEDIA_TYPES
    by_type = {media: fmt for fmt, media in offered.items()}
    if kind != "graph":
        by_type["application/json"] = "json"
        by_type["application/xml"] = "xml"
    chosen = best_match(accept, list(by_type))
    fmt = by_type[chosen] if chosen else next(iter(offered))
    return fmt, with_charset(offered[fmt])


if __name__ == "__main__":
    dump, rows, read_fd, write_fd, *hosts = sys.argv[1:]
    answer_queries(
        Path(dump),
        int(rows),
        Connection(int(read_fd), writable=False),
        Connection(int(write_fd), readable=False),
        frozenset(host.lower() for host in hosts),
    )
