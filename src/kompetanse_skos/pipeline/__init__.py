"""The build: read and check everything, then write it all into place at once."""
