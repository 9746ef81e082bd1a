"""Write what web servers and crawlers read: content negotiation rules and the sitemap.

Apache's ``.htaccess`` and the nginx snippet send a client that asks for RDF (``Accept:
text/turtle`` and the like) to the resource's RDF file, and everyone else to its page. Both let
any origin read (CORS, without credentials) and answer a browser's preflight ``OPTIONS``, as
browser clients of linked data need.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from kompetanse_skos.rdf.formats import DUMP_FORMATS, is_text
from kompetanse_skos.site.places import Place
from kompetanse_skos.vocabulary.base import Base

# The page a server answers with when it has no page at the address asked for (the default
# language's; it links to the others). Its links work from any address: it has a <base>.
NOT_FOUND_PAGE = "_site/404/index.html"
# The sitemap protocol allows 50,000 URLs in one file; beyond that, an index lists several.
MAX_SITEMAP_URLS = 50_000
_SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
# A URI path that may be written into a server's configuration as it is.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9_~!&()*+,=:@/.-]*")
# What a cross-origin reader may do: read-only methods, and the headers content negotiation uses.
_CORS_METHODS = "GET, HEAD, OPTIONS"
_CORS_HEADERS = "Accept, Accept-Language"


@dataclass(frozen=True)
class SitemapEntry:
    """One page in every language: (language, absolute URL) pairs and the data's own date."""

    urls: tuple[tuple[str, str], ...]
    modified: str | None = None


def htaccess(places: Mapping[str, Place], base: Base) -> str:
    """Return Apache rules (relative to the site's folder, so any sub-path works)."""
    lines = [
        "# Content negotiation for this vocabulary (Apache 2.4: mod_rewrite, mod_mime,",
        "# mod_headers). Browsers get each resource's page; clients that ask for RDF in the",
        "# Accept header get its RDF. The rules are relative to this folder, so the site may",
        f"# be served at any path; it is meant to be served at {base.url or '(any base)'}",
        "Options -MultiViews",
        "DirectoryIndex index.html",
        "# mod_dir would redirect a folder's path to path/ before the rules below could send",
        "# an RDF client to the RDF file: the last rule adds the slash instead.",
        "DirectorySlash Off",
        *(f"AddType {dump.media_type} {dump.suffix}" for dump in DUMP_FORMATS),
        "AddCharset UTF-8 .html "
        + " ".join(dump.suffix for dump in DUMP_FORMATS if is_text(dump.media_type))
        + " .js .css .xml",
        "<IfModule mod_headers.c>",
        "  Header merge Vary Accept",
        "  # Open data: any origin may read (no credentials), and preflights are answered.",
        '  Header always set Access-Control-Allow-Origin "*"',
        f'  Header always set Access-Control-Allow-Methods "{_CORS_METHODS}"',
        f'  Header always set Access-Control-Allow-Headers "{_CORS_HEADERS}"',
        "</IfModule>",
        "# The page for addresses that have none (Apache wants its path from the server's root).",
        f"ErrorDocument 404 {url_path(base.url) if base.url else '/'}{NOT_FOUND_PAGE}",
        "RewriteEngine On",
        "RewriteOptions AllowNoSlash",
        "RewriteCond %{REQUEST_METHOD} =OPTIONS",
        "RewriteRule ^ - [R=204,L]",
    ]
    moved = _moved(places, base)
    if moved:
        lines.append("# Resources whose URI path could not be used as a folder live under _/.")
    for path, place in moved:
        pattern = "^" + re.sub(r"([\\.^$|?*+()\[\]{}])", r"\\\1", path) + "$"
        for dump in DUMP_FORMATS:
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {_accept(dump.media_type)}")
            lines.append(f"RewriteRule {pattern} {place.rdf(dump.suffix)} [L]")
        lines.append(f"RewriteRule {pattern} {place.page()} [L]")
    lines.append("# Every other resource: its RDF beside its folder, when that is asked for.")
    for dump in DUMP_FORMATS:
        lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {_accept(dump.media_type)}")
        lines.append(f"RewriteCond %{{REQUEST_FILENAME}}{dump.suffix} -f")
        lines.append(f"RewriteRule ^(.+)$ $1{dump.suffix} [L]")
    if any(place.folder == "" for place in places.values()):
        for dump in DUMP_FORMATS:
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {_accept(dump.media_type)}")
            lines.append(f"RewriteRule ^$ index{dump.suffix} [L]")
    lines.append("# Everyone else: a folder's page, at the path with its trailing slash.")
    lines.append("RewriteCond %{REQUEST_FILENAME} -d")
    lines.append("RewriteCond %{REQUEST_URI} [^/]$")
    lines.append("RewriteRule ^ %{REQUEST_URI}/ [R=301,L]")
    return "\n".join(lines) + "\n"


def nginx(places: Mapping[str, Place], base: Base) -> str:
    """Return an nginx snippet: a map for the http block and a location for the server."""
    prefix = url_path(base.url) if base.url else "/"
    lines = [
        "# Content negotiation for this vocabulary (nginx). Browsers get each resource's page;",
        "# clients that ask for RDF in the Accept header get its RDF.",
        f"# Serve this folder at the path {prefix} (its files at that path under `root`).",
        "#",
        "# 1. In the http block:",
        "map $http_accept $kompetanse_skos_rdf {",
        '    default "";',
        *(f'    "~*{re.escape(dump.media_type)}" "{dump.suffix}";' for dump in DUMP_FORMATS),
        "}",
        "#",
        "# 2. In the server block:",
        f"location {prefix} {{",
        "    types {",
        "        text/html html;",
        *(f"        {dump.media_type} {dump.suffix[1:]};" for dump in DUMP_FORMATS),
        "        text/css css;",
        "        text/javascript js;",
        "        application/xml xml;",
        "    }",
        "    charset utf-8;",
        "    charset_types text/css text/javascript application/xml "
        + " ".join(dump.media_type for dump in DUMP_FORMATS)
        + ";",
        "    index index.html;",
        "    add_header Vary Accept;",
        "    # Open data: any origin may read (no credentials), and preflights are answered.",
        "    add_header Access-Control-Allow-Origin * always;",
        "    if ($request_method = OPTIONS) {",
        "        add_header Access-Control-Allow-Origin *;",
        f'        add_header Access-Control-Allow-Methods "{_CORS_METHODS}";',
        f'        add_header Access-Control-Allow-Headers "{_CORS_HEADERS}";',
        "        add_header Access-Control-Max-Age 86400;",
        "        return 204;",
        "    }",
        f"    error_page 404 {prefix}{NOT_FOUND_PAGE};",
    ]
    for path, place in _moved(places, base):
        target = prefix + place.folder
        lines.append(f'    location = "{prefix}{path}" {{')
        lines.append(f"        try_files {target}$kompetanse_skos_rdf {target}/index.html =404;")
        lines.append("    }")
    lines += ["    try_files $uri$kompetanse_skos_rdf $uri $uri/ =404;", "}"]
    lines += [
        "#",
        "# 3. Optional, in the server block: the SPARQL endpoint of `kompetanse-skos serve`",
        "# (which answers CORS itself, and refuses SERVICE) at <base>sparql:",
        f"# location = {prefix}sparql {{",
        "#     proxy_pass http://127.0.0.1:8000/sparql;",
        "# }",
    ]
    return "\n".join(lines) + "\n"


def sitemaps(entries: Sequence[SitemapEntry], base: str) -> dict[str, str]:
    """Return ``sitemap.xml`` (an index of numbered files when there are too many URLs)."""
    urls = []
    for entry in entries:
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{language}" href={_attribute(other)}/>'
            for language, other in entry.urls
        )
        modified = f"<lastmod>{entry.modified}</lastmod>" if entry.modified else ""
        # Every language version is a URL of its own, and names all the others.
        urls += [
            f"<url><loc>{_text(url)}</loc>{alternates}{modified}</url>\n" for _, url in entry.urls
        ]
    if len(urls) <= MAX_SITEMAP_URLS:
        return {"sitemap.xml": _urlset(urls)}
    files = {
        f"sitemap-{number + 1}.xml": _urlset(urls[start : start + MAX_SITEMAP_URLS])
        for number, start in enumerate(range(0, len(urls), MAX_SITEMAP_URLS))
    }
    listed = "".join(f"<sitemap><loc>{_text(base + name)}</loc></sitemap>\n" for name in files)
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {_SITEMAP_NS}>\n{listed}'
    return {"sitemap.xml": index + "</sitemapindex>\n", **files}


def _urlset(urls: Sequence[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset {_SITEMAP_NS} xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "".join(urls)
        + "</urlset>\n"
    )


def _text(text: str) -> str:
    """Return *text* escaped as XML character data, as ``xml.sax.saxutils.escape`` does.

    A sitemap of a thesaurus escapes 400,000 URLs; the standard function loops in Python.
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _attribute(value: str) -> str:
    """Return *value* quoted as an XML attribute value, as ``quoteattr`` does, but faster."""
    if '"' in value or "\n" in value or "\r" in value or "\t" in value:
        return quoteattr(value)  # URLs hold none of these: they are percent-encoded
    return f'"{_text(value)}"'


def _moved(places: Mapping[str, Place], base: Base) -> list[tuple[str, Place]]:
    """Return the fallback places of URIs under the base whose path is plain enough to name."""
    moved = []
    for uri, place in places.items():
        if place.fallback and base.uri and uri.startswith(base.uri):
            path = uri[len(base.uri) :]
            if _PLAIN_PATH.fullmatch(path) and not re.search(r"(^|/)\.\.?(/|$)|//", path):
                moved.append((path, place))
    return moved


def _accept(media_type: str) -> str:
    return re.sub(r"([.+])", r"\\\1", media_type)


def url_path(base: str) -> str:
    """Return the path of a URL: "/kompetansemodell/" of "https://psi.norge.no/kompetansemodell/"."""
    after_scheme = base.split("://", 1)[-1]
    return after_scheme[after_scheme.find("/") :] if "/" in after_scheme else "/"
