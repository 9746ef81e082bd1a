"""What the build publishes at its root: dumps, catalogue record, SKOS-AP-NO, VoID."""
