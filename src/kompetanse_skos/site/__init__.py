"""The static site: pages in every language, indexes, search, wheel and server rules."""
