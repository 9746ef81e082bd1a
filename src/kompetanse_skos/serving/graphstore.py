"""Load the built vocabulary into a named graph of a SPARQL store (SPARQL 1.1 Graph Store Protocol).

One HTTP PUT replaces the graph as a whole, so publishing twice leaves one copy. Credentials
come from the environment (or the URL's user part) and never appear in any message.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from kompetanse_skos.errors import LoadError, PublishError, QueryError
from kompetanse_skos.project import Project
from kompetanse_skos.vocabulary.base import find_base
from kompetanse_skos.vocabulary.load import load_vocabulary
from kompetanse_skos.vocabulary.model import model_of

USER_VARIABLE = "KOMPETANSE_SKOS_USER"
PASSWORD_VARIABLE = "KOMPETANSE_SKOS_PASSWORD"
TOKEN_VARIABLE = "KOMPETANSE_SKOS_TOKEN"
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Published:
    """What was sent where: the graph, the store's address (masked) and the triple count."""

    graph: str
    endpoint: str
    triples: int
    status: int


@dataclass(frozen=True)
class _Target:
    url: str  # without the user part
    shown: str  # what messages say: the URL with any user part masked
    authorization: str | None
    secrets: tuple[str, ...]


def publish_graph(
    endpoint: str,
    dump: Path,
    graph: str,
    environment: Mapping[str, str] | None = None,
) -> Published:
    """PUT the N-Triples *dump* as the named *graph* of the Graph Store at *endpoint*."""
    target = _target(endpoint, os.environ if environment is None else environment)
    try:
        data = dump.read_bytes()
    except OSError as error:
        raise LoadError(f"{dump}: cannot read the dump: {error.strerror}; build first") from error
    separator = "&" if urlsplit(target.url).query else "?"
    url = f"{target.url}{separator}graph={quote(graph, safe='')}"
    request = urllib.request.Request(url, data=data, method="PUT")
    request.add_header("Content-Type", "application/n-triples")
    if target.authorization:
        request.add_header("Authorization", target.authorization)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status = int(response.status)
    except urllib.error.HTTPError as error:
        raise PublishError(_mask(_refusal(error, target), target)) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        message = f"cannot reach {target.shown}: {reason}"
        raise PublishError(_mask(message, target)) from None
    triples = sum(1 for line in data.splitlines() if line.strip() and not line.startswith(b"#"))
    return Published(graph, target.shown, triples, status)


def default_graph(dump: Path, project: Project) -> str:
    """Return the graph to publish into by default: the URL the vocabulary is published at."""
    base = find_base(model_of(load_vocabulary([dump])), project.base_url).url
    if base is None:
        raise QueryError(f"{dump}: the vocabulary has no base URI; give --graph")
    return base


def _target(endpoint: str, environment: Mapping[str, str]) -> _Target:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(
            f"{mask_url(endpoint)}: not an http(s) URL; give the store's Graph Store "
            "endpoint, such as http://127.0.0.1:7878/store"
        )
    user = parts.username or environment.get(USER_VARIABLE)
    password = parts.password or environment.get(PASSWORD_VARIABLE)
    token = environment.get(TOKEN_VARIABLE)
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    url = urlunsplit((parts.scheme, host, parts.path or "/", parts.query, ""))
    authorization = None
    secrets = [secret for secret in (parts.password, password, token) if secret]
    if token:
        authorization = f"Bearer {token}"
    elif user is not None:
        pair = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        authorization = f"Basic {pair}"
        secrets.append(pair)
    return _Target(url, mask_url(endpoint), authorization, tuple(secrets))


def mask_url(url: str) -> str:
    """Return *url* with any user name and password replaced by ``***``."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def _mask(message: str, target: _Target) -> str:
    for secret in target.secrets:
        message = message.replace(secret, "***")
    return message


def _refusal(error: urllib.error.HTTPError, target: _Target) -> str:
    status = f"HTTP {error.code} {error.reason}"
    if error.code in (401, 403):
        how = (
            f"check {USER_VARIABLE} and {PASSWORD_VARIABLE} (or {TOKEN_VARIABLE})"
            if target.authorization
            else f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} (or {TOKEN_VARIABLE})"
        )
        return f"{target.shown} refused the login ({status}); {how}"
    if error.code in (404, 405):
        return (
            f"{target.shown} is not a Graph Store endpoint that accepts PUT ({status}); give "
            "the store's Graph Store Protocol URL, such as http://127.0.0.1:7878/store"
        )
    try:
        detail = " ".join(error.read(500).decode("utf-8", errors="replace").split())
    except OSError:
        detail = ""
    return f"{target.shown} refused the data ({status})" + (f": {detail}" if detail else "")
