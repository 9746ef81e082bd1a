"""Repairs: the defects of a vocabulary that have one safe fix, made in a copy and reported."""
