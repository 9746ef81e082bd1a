"""Releases: what changed since the previous one, and the changelog's forms."""
