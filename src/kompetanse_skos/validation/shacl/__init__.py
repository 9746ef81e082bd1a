"""The fast SHACL engine: shapes compiled to SPARQL, with pySHACL as reference."""
