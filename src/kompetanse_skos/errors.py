"""The errors a user can fix, each with its own documented exit code."""

from __future__ import annotations

import click

# Exit codes, documented in README.md. 0 is success and 2 is click's, for bad usage.
EXIT_NOT_CONFORMING = 1
EXIT_UNREADABLE = 3
EXIT_UNWRITABLE = 4


class KompetanseError(click.ClickException):
    """A problem the user can fix; click prints "Error: <message>" and exits."""

    exit_code = 1


class LoadError(KompetanseError):
    """A vocabulary or shapes file could not be read."""

    exit_code = EXIT_UNREADABLE


class ProfileError(KompetanseError):
    """A validation profile that does not exist was asked for; bad usage, so click's code."""

    exit_code = 2


class BuildError(KompetanseError):
    """The output folder could not be written."""

    exit_code = EXIT_UNWRITABLE


class QueryError(KompetanseError):
    """A SPARQL query is malformed, or is an update; bad usage, so click's code."""

    exit_code = 2


class PublishError(KompetanseError):
    """The SPARQL store could not be reached, refused the credentials, or refused the data."""

    exit_code = EXIT_UNWRITABLE


class ReleaseError(KompetanseError):
    """A release would break a URI that the previous release published."""

    exit_code = EXIT_NOT_CONFORMING


class LimitError(KompetanseError):
    """The vocabulary is beyond what the tool handles safely: too deep, or control characters."""

    exit_code = EXIT_NOT_CONFORMING
