"""RDF plumbing: namespaces, terms, exact literals, formats, canonical order and writers."""
