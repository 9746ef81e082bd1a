"""The vocabulary: read from files, checked against limits, enriched and modelled."""
