"""Validation: SHACL profiles and quality checks, reported as findings."""
