"""Writing output: work in forked children, on every core, into place all at once."""
