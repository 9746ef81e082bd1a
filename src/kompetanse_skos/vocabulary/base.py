"""Where the vocabulary's URIs live and where its build is published, worked out once."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from kompetanse_skos.vocabulary.model import Model


@dataclass(frozen=True)
class Base:
    """The vocabulary's base URI, and the URL its build folder is published at.

    *uri* decides each resource's place in the site (``BASE/a`` is the folder ``a``); *url*
    is what every published link starts with: the sitemap, canonical links, the server
    configuration, VoID and the catalogue record. They differ only when the ``base-url``
    setting names another place than the URIs do.
    """

    uri: str | None
    url: str | None


def find_base(model: Model, url: str | None = None) -> Base:
    """Return the base of *model*'s URIs, and *url* (the setting) or that base as its URL."""
    uri = derive_base([*model.schemes, *model.concepts])
    return Base(uri, url.rstrip("/") + "/" if url else uri)


def derive_base(uris: Iterable[str]) -> str | None:
    """Return the longest common prefix ending in "/" of the HTTP(S) *uris*, if any."""
    web = sorted(uri for uri in uris if is_web(uri))
    if not web:
        return None
    prefix = posixpath.commonprefix([web[0], web[-1]])
    for stop in "?#":
        if stop in prefix:
            prefix = prefix[: prefix.index(stop)]
    base = prefix[: prefix.rfind("/") + 1]
    parts = urlsplit(base)
    if not parts.netloc or not base.startswith(f"{parts.scheme}://{parts.netloc}/"):
        return None
    return base


def is_web(uri: str) -> bool:
    """Whether *uri*'s scheme is http or https, as ``urlsplit`` finds it in an IRI.

    Not ``urlsplit`` itself: it took a second of every large build, called once for each of
    a thesaurus's URIs, again and again.
    """
    scheme, colon, _ = uri.partition(":")
    return bool(colon) and scheme.lower() in ("http", "https")
