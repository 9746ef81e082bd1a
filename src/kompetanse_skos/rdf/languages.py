"""Languages: the package's own, and what is known of each language data may come in."""

from __future__ import annotations

from typing import NamedTuple

# The languages the package has words in (the site's interface, the catalogue record).
LANGUAGES = ("nb", "nn", "en")


class Language(NamedTuple):
    """What is known of one language: its EU code, and its name in itself and in each of
    the package's languages (bokmål, nynorsk, English)."""

    eu_code: str
    native: str
    nb: str
    nn: str
    en: str


# The languages of Norway and the Nordic countries and the official languages of the EU.
_KNOWN: dict[str, Language] = {
    "nb": Language("NOB", "norsk bokmål", "bokmål", "bokmål", "Norwegian Bokmål"),
    "nn": Language("NNO", "norsk nynorsk", "nynorsk", "nynorsk", "Norwegian Nynorsk"),
    "no": Language("NOR", "norsk", "norsk", "norsk", "Norwegian"),
    "se": Language("SME", "davvisámegiella", "nordsamisk", "nordsamisk", "Northern Sami"),
    "sv": Language("SWE", "svenska", "svensk", "svensk", "Swedish"),
    "da": Language("DAN", "dansk", "dansk", "dansk", "Danish"),
    "fi": Language("FIN", "suomi", "finsk", "finsk", "Finnish"),
    "is": Language("ISL", "íslenska", "islandsk", "islandsk", "Icelandic"),
    "en": Language("ENG", "English", "engelsk", "engelsk", "English"),
    "de": Language("DEU", "Deutsch", "tysk", "tysk", "German"),
    "fr": Language("FRA", "français", "fransk", "fransk", "French"),
    "es": Language("SPA", "español", "spansk", "spansk", "Spanish"),
    "it": Language("ITA", "italiano", "italiensk", "italiensk", "Italian"),
    "pt": Language("POR", "português", "portugisisk", "portugisisk", "Portuguese"),
    "nl": Language("NLD", "Nederlands", "nederlandsk", "nederlandsk", "Dutch"),
    "pl": Language("POL", "polski", "polsk", "polsk", "Polish"),
    "cs": Language("CES", "čeština", "tsjekkisk", "tsjekkisk", "Czech"),
    "sk": Language("SLK", "slovenčina", "slovakisk", "slovakisk", "Slovak"),
    "sl": Language("SLV", "slovenščina", "slovensk", "slovensk", "Slovenian"),
    "hr": Language("HRV", "hrvatski", "kroatisk", "kroatisk", "Croatian"),
    "hu": Language("HUN", "magyar", "ungarsk", "ungarsk", "Hungarian"),
    "ro": Language("RON", "română", "rumensk", "rumensk", "Romanian"),
    "bg": Language("BUL", "български", "bulgarsk", "bulgarsk", "Bulgarian"),
    "el": Language("ELL", "ελληνικά", "gresk", "gresk", "Greek"),
    "et": Language("EST", "eesti", "estisk", "estisk", "Estonian"),
    "lv": Language("LAV", "latviešu", "latvisk", "latvisk", "Latvian"),
    "lt": Language("LIT", "lietuvių", "litauisk", "litauisk", "Lithuanian"),
    "mt": Language("MLT", "Malti", "maltesisk", "maltesisk", "Maltese"),
    "ga": Language("GLE", "Gaeilge", "irsk", "irsk", "Irish"),
}
_UNTAGGED = ("uten språkmerke", "utan språkmerke", "no language tag")
# The languages whose use says that data covers Norway.
NORWEGIAN = frozenset({"nb", "nn", "no"})
# The languages a reader of one understands best after it, where a text is missing in it.
NEAREST = {"nb": ("no", "nn"), "nn": ("no", "nb"), "no": ("nb", "nn")}


def language_name(tag: str, language: str) -> str:
    """Return the name of the language *tag* in the package's *language* (or the tag itself)."""
    if not tag:
        return _UNTAGGED[LANGUAGES.index(language)]
    known = _KNOWN.get(primary_subtag(tag))
    return str(getattr(known, language)) if known else tag


def native_name(tag: str) -> str:
    """Return the name of the language *tag* in itself, as a language switch shows it."""
    known = _KNOWN.get(primary_subtag(tag))
    return known.native[:1].upper() + known.native[1:] if known else tag


def eu_code(tag: str) -> str | None:
    """Return the EU's code of the language *tag* ("NOB" for nb), if it has one here."""
    known = _KNOWN.get(primary_subtag(tag))
    return known.eu_code if known else None


def primary_subtag(tag: str) -> str:
    """Return the language of a tag without region or script: ``en-GB`` is ``en``."""
    return tag.split("-", 1)[0].lower()
