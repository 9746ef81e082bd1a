"""The languages the package has words in, and the names of the languages data may come in."""

from __future__ import annotations

# The languages of the package's own texts (the site, the catalogue record), the first the
# default.
LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"


# Names of the languages data may come in, in each interface language.
_LANGUAGE_NAMES: dict[str, tuple[str, str, str]] = {
    "nb": ("bokmål", "bokmål", "Norwegian Bokmål"),
    "nn": ("nynorsk", "nynorsk", "Norwegian Nynorsk"),
    "no": ("norsk", "norsk", "Norwegian"),
    "en": ("engelsk", "engelsk", "English"),
    "se": ("nordsamisk", "nordsamisk", "Northern Sami"),
    "sv": ("svensk", "svensk", "Swedish"),
    "da": ("dansk", "dansk", "Danish"),
    "fi": ("finsk", "finsk", "Finnish"),
    "de": ("tysk", "tysk", "German"),
    "fr": ("fransk", "fransk", "French"),
    "es": ("spansk", "spansk", "Spanish"),
    "": ("uten språkmerke", "utan språkmerke", "no language tag"),
}


def language_name(tag: str, language: str) -> str:
    """Return the name of the language *tag* in the interface *language* (or the tag itself)."""
    names = _LANGUAGE_NAMES.get(primary_subtag(tag))
    return names[LANGUAGES.index(language)] if names else tag


def primary_subtag(tag: str) -> str:
    """Return the language of a tag without region or script: ``en-GB`` is ``en``."""
    return tag.split("-", 1)[0].lower()
