"""The site's own words in bokmål, nynorsk and English, and the language rules it follows."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from kompetanse_skos.rdf.languages import LANGUAGES, NORWEGIAN, primary_subtag

# Every text the interface shows, one row per key: (bokmål, nynorsk, English).
STRINGS: dict[str, tuple[str, str, str]] = {
    "skip": ("Hopp til hovedinnholdet", "Hopp til hovudinnhaldet", "Skip to main content"),
    "home": ("Forside", "Framside", "Home"),
    "hierarchy": ("Hierarki", "Hierarki", "Hierarchy"),
    "alphabetical": ("A\u2013Å", "A\u2013Å", "A\u2013Z"),
    "alphabetical_title": ("Alfabetisk register", "Alfabetisk register", "Alphabetical index"),
    "usage": ("Bruk dataene", "Bruk dataa", "Use the data"),
    "main_navigation": ("Hovedmeny", "Hovudmeny", "Main menu"),
    "language": ("Språk", "Språk", "Language"),
    "search_label": ("Søk i begreper", "Søk i omgrep", "Search concepts"),
    "search_button": ("Søk", "Søk", "Search"),
    "search_hint": (
        "Skriv begynnelsen av et ord. Bruk pil ned for å gå til treffene.",
        "Skriv byrjinga av eit ord. Bruk pil ned for å gå til treffa.",
        "Type the first letters of a word. Press the down arrow to move to the results.",
    ),
    "search_results": ("Søkeresultater", "Søkjeresultat", "Search results"),
    "search_none": ("Ingen treff.", "Ingen treff.", "No matches."),
    "search_count": ("{n} treff.", "{n} treff.", "{n} matches."),
    "search_count_one": ("1 treff.", "1 treff.", "1 match."),
    "search_shown": (
        "Viser de {shown} første av {n} treff.",
        "Viser dei {shown} første av {n} treff.",
        "Showing the first {shown} of {n} matches.",
    ),
    "search_matched": ("Treff på", "Treff på", "Matched"),
    "not_translated": ("ikke oversatt", "ikkje omsett", "not translated"),
    "fallback_notice": (
        "Denne teksten finnes ikke på {page}. Den vises på {language}.",
        "Denne teksten finst ikkje på {page}. Han blir vist på {language}.",
        "This text is not available in {page}. It is shown in {language}.",
    ),
    "concept": ("Begrep", "Omgrep", "Concept"),
    "scheme": ("Begrepssystem", "Omgrepssystem", "Concept scheme"),
    "collection": ("Samling", "Samling", "Collection"),
    "schemes": ("Begrepssystemer", "Omgrepssystem", "Concept schemes"),
    "concepts_count": ("{n} begreper", "{n} omgrep", "{n} concepts"),
    "top_concepts": ("Toppbegreper", "Toppomgrep", "Top concepts"),
    "members": ("Medlemmer", "Medlemmer", "Members"),
    "labels": ("Termer", "Termar", "Terms"),
    "pref_label": ("Anbefalt term", "Tilrådd term", "Preferred term"),
    "alt_label": ("Tillatte termer", "Tillatne termar", "Alternative terms"),
    "definition": ("Definisjon", "Definisjon", "Definition"),
    "no_definition": (
        "Ingen definisjon er oppgitt.",
        "Ingen definisjon er oppgitt.",
        "No definition is given.",
    ),
    "note": ("Merknad", "Merknad", "Note"),
    "scopeNote": ("Omfang", "Omfang", "Scope note"),
    "example": ("Eksempel", "Døme", "Example"),
    "historyNote": ("Historikk", "Historikk", "History note"),
    "editorialNote": ("Redaksjonell merknad", "Redaksjonell merknad", "Editorial note"),
    "changeNote": ("Endringsmerknad", "Endringsmerknad", "Change note"),
    "notes": ("Merknader", "Merknader", "Notes"),
    "relations": ("Relasjoner", "Relasjonar", "Relations"),
    "broader": ("Overordnet", "Overordna", "Broader"),
    "narrower": ("Underordnet", "Underordna", "Narrower"),
    "related": ("Se også", "Sjå òg", "Related"),
    "mappings": ("Koblinger til andre vokabularer", "Koplingar til andre vokabular", "Mappings"),
    "exactMatch": ("Samme som", "Same som", "Exact match"),
    "closeMatch": ("Nesten samme som", "Nesten same som", "Close match"),
    "broadMatch": ("Videre begrep", "Vidare omgrep", "Broad match"),
    "narrowMatch": ("Smalere begrep", "Smalare omgrep", "Narrow match"),
    "relatedMatch": ("Beslektet", "I slekt med", "Related match"),
    "about": ("Om begrepet", "Om omgrepet", "About this concept"),
    "notation": ("Nummer", "Nummer", "Notation"),
    "uri": ("URI", "URI", "URI"),
    "in_scheme": ("I begrepssystem", "I omgrepssystem", "In scheme"),
    "in_collection": ("I samling", "I samling", "In collection"),
    "source": ("Kilde", "Kjelde", "Source"),
    "status": ("Status", "Status", "Status"),
    "created": ("Opprettet", "Oppretta", "Created"),
    "modified": ("Endret", "Endra", "Modified"),
    "issued": ("Utgitt", "Utgjeve", "Issued"),
    "version": ("Versjon", "Versjon", "Version"),
    "publisher": ("Utgiver", "Utgjevar", "Publisher"),
    "licence": ("Lisens", "Lisens", "Licence"),
    "see_also": ("Se også", "Sjå òg", "See also"),
    "part_of": ("Del av", "Del av", "Part of"),
    "has_part": ("Har del", "Har del", "Has part"),
    "description": ("Beskrivelse", "Skildring", "Description"),
    "status_DRAFT": ("Utkast", "Utkast", "Draft"),
    "status_CURRENT": ("Gjeldende", "Gjeldande", "Current"),
    "status_DEPRECATED": ("Utgått", "Utgått", "Deprecated"),
    "status_RETIRED": ("Trukket tilbake", "Trekt tilbake", "Retired"),
    "status_PROPOSED": ("Foreslått", "Føreslått", "Proposed"),
    "status_SUBMITTED": ("Innsendt", "Innsend", "Submitted"),
    "draft_notice": (
        "Dette begrepet er ikke fastsatt ennå og kan bli endret.",
        "Dette omgrepet er ikkje fastsett enno og kan bli endra.",
        "This concept has not been confirmed yet and may change.",
    ),
    "draft_banner": (
        "{n} av {total} begreper i dette begrepssystemet er utkast som ikke er fastsatt ennå "
        "og kan bli endret.",
        "{n} av {total} omgrep i dette omgrepssystemet er utkast som ikkje er fastsette enno "
        "og kan bli endra.",
        "{n} of the {total} concepts in this scheme are drafts that have not been confirmed "
        "yet and may change.",
    ),
    "draft_version": (
        "Versjon {version} er en foreløpig versjon og kan bli endret.",
        "Versjon {version} er ein førebels versjon og kan bli endra.",
        "Version {version} is a preliminary version and may change.",
    ),
    "editorial_details": (
        "Redaksjonelle merknader (for redaksjonen)",
        "Redaksjonelle merknader (for redaksjonen)",
        "Editorial notes (for the editors)",
    ),
    "published_by": ("Utgitt av", "Gjeve ut av", "Published by"),
    "contact": (
        "Kontakt og tilbakemelding",
        "Kontakt og tilbakemelding",
        "Contact and feedback",
    ),
    "describes": ("Beskrives i", "Skildra i", "Described in"),
    "related_resources": ("Knyttet til", "Knytt til", "Related to"),
    "breadcrumb": ("Brødsmulesti", "Brødsmulesti", "Breadcrumb"),
    "siblings": ("På samme nivå", "På same nivå", "On the same level"),
    "place_in_hierarchy": ("Plass i hierarkiet", "Plass i hierarkiet", "Place in the hierarchy"),
    "copy_uri": ("Kopier URI", "Kopier URI", "Copy URI"),
    "copy_citation": ("Kopier sitering", "Kopier sitering", "Copy citation"),
    "copied": ("Kopiert", "Kopiert", "Copied"),
    "cite_concept": ("Slik siterer du begrepet", "Slik siterer du omgrepet", "How to cite"),
    "in_scheme_short": ("i", "i", "in"),
    "not_found": ("Fant ikke siden", "Fann ikkje sida", "Page not found"),
    "not_found_text": (
        "Det finnes ingen side på denne adressen. Søk etter begrepet, eller gå til forsiden, "
        "hierarkiet eller det alfabetiske registeret.",
        "Det finst inga side på denne adressa. Søk etter omgrepet, eller gå til framsida, "
        "hierarkiet eller det alfabetiske registeret.",
        "There is no page at this address. Search for the concept, or go to the home page, "
        "the hierarchy or the alphabetical index.",
    ),
    "wheel_legend": (
        "Tallene i hjulet viser til listen.",
        "Tala i hjulet viser til lista.",
        "The numbers in the wheel refer to the list.",
    ),
    "other_files": (
        "Katalogpost og beskrivelser",
        "Katalogpost og skildringar",
        "Catalogue record and descriptions",
    ),
    "file_catalog": (
        "Datasettbeskrivelse (DCAT-AP-NO)",
        "Datasettskildring (DCAT-AP-NO)",
        "Dataset description (DCAT-AP-NO)",
    ),
    "file_skos_ap_no": (
        "Begrepene etter SKOS-AP-NO (for Felles datakatalog)",
        "Omgrepa etter SKOS-AP-NO (for Felles datakatalog)",
        "The concepts as SKOS-AP-NO (for the national data catalogue)",
    ),
    "file_void": (
        "Statistikk og lenker (VoID)",
        "Statistikk og lenker (VoID)",
        "Statistics and links (VoID)",
    ),
    "usage_endpoint": (
        "SPARQL-endepunktet er {endpoint}.",
        "SPARQL-endepunktet er {endpoint}.",
        "The SPARQL endpoint is {endpoint}.",
    ),
    "usage_no_endpoint": (
        "Det er ikke oppgitt noe offentlig SPARQL-endepunkt. Kommandoen «kompetanse-skos serve» "
        "gir et lokalt endepunkt på /sparql.",
        "Det er ikkje oppgitt noko offentleg SPARQL-endepunkt. Kommandoen «kompetanse-skos serve» "
        "gir eit lokalt endepunkt på /sparql.",
        "No public SPARQL endpoint is given. The command “kompetanse-skos serve” gives a local "
        "endpoint at /sparql.",
    ),
    "deprecated": ("Utgått", "Utgått", "Deprecated"),
    "deprecated_notice": (
        "Dette begrepet er utgått og skal ikke brukes i nye data.",
        "Dette omgrepet er utgått og skal ikkje brukast i nye data.",
        "This concept is deprecated and should not be used in new data.",
    ),
    "replaced_by": ("Erstattet av", "Erstatta av", "Replaced by"),
    "changes": ("Endringer", "Endringar", "Changes"),
    "changes_intro": (
        "Endringer fra versjon {old} til versjon {new}.",
        "Endringar frå versjon {old} til versjon {new}.",
        "Changes from version {old} to version {new}.",
    ),
    "changes_none": ("Ingen endringer.", "Ingen endringar.", "No changes."),
    "changes_file": (
        "Endringene i maskinlesbar form",
        "Endringane i maskinlesbar form",
        "The changes in machine-readable form",
    ),
    "change_before": ("Før", "Før", "Before"),
    "change_after": ("Etter", "Etter", "After"),
    "change_added": ("Lagt til", "Lagt til", "Added"),
    "change_removed": ("Fjernet", "Fjerna", "Removed"),
    "change_deprecated": ("Utgått", "Utgått", "Deprecated"),
    "change_undeprecated": ("Tatt i bruk igjen", "Teke i bruk igjen", "No longer deprecated"),
    "change_pref_label": ("Ny foretrukken term", "Ny føretrekt term", "Preferred label changed"),
    "change_alt_label_added": (
        "Alternativ term lagt til",
        "Alternativ term lagd til",
        "Alternative label added",
    ),
    "change_alt_label_removed": (
        "Alternativ term fjernet",
        "Alternativ term fjerna",
        "Alternative label removed",
    ),
    "change_definition": ("Ny definisjon", "Ny definisjon", "Definition changed"),
    "change_moved": ("Flyttet i hierarkiet", "Flytta i hierarkiet", "Moved in the hierarchy"),
    "change_related": ("Endrede relasjoner", "Endra relasjonar", "Related concepts changed"),
    "change_mapping": ("Endrede koblinger", "Endra koplingar", "Mappings changed"),
    "rdf_links": ("Maskinlesbare formater", "Maskinlesbare format", "Machine-readable formats"),
    "rdf_of": ("Dette begrepet som", "Dette omgrepet som", "This concept as"),
    "downloads": (
        "Last ned hele vokabularet",
        "Last ned heile vokabularet",
        "Download the whole vocabulary",
    ),
    "format": ("Format", "Format", "Format"),
    "media_type": ("Medietype", "Medietype", "Media type"),
    "size": ("Størrelse", "Storleik", "Size"),
    "checksums": ("Sjekksummer (SHA-256)", "Sjekksummar (SHA-256)", "Checksums (SHA-256)"),
    "cite": ("Slik siterer du", "Slik siterer du", "How to cite"),
    "wheel": ("Hjulet", "Hjulet", "The wheel"),
    "wheel_desc": (
        (
            "Sektordiagram over {scheme}: {count} hovedtemaer i den indre ringen, hvert med sine "
            "undertemaer i den ytre ringen, merket med nummer. Hver sektor er en lenke til "
            "begrepet. Listen ved siden av viser hva numrene står for."
        ),
        (
            "Sektordiagram over {scheme}: {count} hovudtema i den indre ringen, kvart med sine "
            "undertema i den ytre ringen, merkte med nummer. Kvar sektor er ei lenkje til "
            "omgrepet. Lista ved sida av viser kva numra står for."
        ),
        (
            "Sunburst chart of {scheme}: {count} main themes in the inner ring, each with its "
            "subthemes in the outer ring, marked with numbers. Every segment links to its "
            "concept. The list beside it says what the numbers stand for."
        ),
    ),
    "wheel_list": ("Hjulet som liste", "Hjulet som liste", "The wheel as a list"),
    "whole_tree": ("Hele treet", "Heile treet", "The whole tree"),
    "other_concepts": (
        "Begreper utenfor noe begrepssystem",
        "Omgrep utanfor eit omgrepssystem",
        "Concepts outside any scheme",
    ),
    "letters": ("Bokstaver", "Bokstavar", "Letters"),
    "other_letter": ("Andre tegn", "Andre teikn", "Other characters"),
    "footer_generated": (
        "Laget med kompetanse-skos fra dataene i vokabularet.",
        "Laga med kompetanse-skos frå dataa i vokabularet.",
        "Made with kompetanse-skos from the vocabulary's data.",
    ),
    "usage_intro": (
        (
            "Vokabularet er åpne data. Du kan laste det ned, hente hvert begrep i et maskinlesbart "
            "format, og spørre i det med SPARQL."
        ),
        (
            "Vokabularet er opne data. Du kan laste det ned, hente kvart omgrep i eit "
            "maskinlesbart format, og spørje i det med SPARQL."
        ),
        (
            "The vocabulary is open data. You can download it, fetch each concept in a "
            "machine-readable format, and query it with SPARQL."
        ),
    ),
    "usage_download": ("Last ned", "Last ned", "Download"),
    "usage_download_text": (
        (
            "Hele vokabularet finnes i fire RDF-formater med samme innhold. Sjekksummene lar deg "
            "kontrollere filene med «sha256sum --check SHA256SUMS»."
        ),
        (
            "Heile vokabularet finst i fire RDF-format med same innhald. Sjekksummane lèt deg "
            "kontrollere filene med «sha256sum --check SHA256SUMS»."
        ),
        (
            "The whole vocabulary is available in four RDF formats with the same content. The "
            "checksums let you verify the files with “sha256sum --check SHA256SUMS”."
        ),
    ),
    "usage_per_concept": ("Hvert begrep for seg", "Kvart omgrep for seg", "One concept at a time"),
    "usage_per_concept_text": (
        (
            "Hvert begrep har sin egen side og de samme fire formatene ved siden av siden, for "
            "eksempel:"
        ),
        "Kvart omgrep har si eiga side og dei same fire formata ved sida av sida, til dømes:",
        "Every concept has its own page and the same four formats beside it, for example:",
    ),
    "usage_negotiation": ("Innholdsforhandling", "Innhaldsforhandling", "Content negotiation"),
    "usage_negotiation_text": (
        (
            "Begrepenes URI-er svarer med en nettside til nettlesere og med RDF til programmer som "
            "ber om det i Accept-headeren. Nettstedet har ferdig oppsett for Apache (.htaccess) og "
            "nginx (nginx.conf)."
        ),
        (
            "URI-ane til omgrepa svarar med ei nettside til nettlesarar og med RDF til program som "
            "ber om det i Accept-headeren. Nettstaden har ferdig oppsett for Apache (.htaccess) og "
            "nginx (nginx.conf)."
        ),
        (
            "The concepts' URIs answer browsers with a web page and programs that ask for RDF in "
            "the Accept header with RDF. The site comes with configuration for Apache (.htaccess) "
            "and nginx (nginx.conf)."
        ),
    ),
    "usage_sparql": (
        "Eksempler på SPARQL-spørringer",
        "Døme på SPARQL-spørjingar",
        "Example SPARQL queries",
    ),
    "usage_sparql_text": (
        (
            "Last en av filene inn i en SPARQL-database (for eksempel Oxigraph eller Apache Jena) "
            "og still spørsmål som disse:"
        ),
        (
            "Last ei av filene inn i ein SPARQL-database (til dømes Oxigraph eller Apache Jena) og "
            "still spørsmål som desse:"
        ),
        (
            "Load one of the files into a SPARQL store (for example Oxigraph or Apache Jena) and "
            "ask questions like these:"
        ),
    ),
    "usage_endpoint_text": (
        (
            "Et SPARQL-endepunkt som kjører med «kompetanse-skos serve», svarer bare på "
            "spørringer, ikke på endringer. Det avviser føderte spørringer (SERVICE) med "
            "statuskode 400, slik at ingen kan få tjeneren til å kontakte andre maskiner, med "
            "mindre utgiveren har tillatt den aktuelle verten. Alle opphav kan lese dataene og "
            "endepunktet fra nettleseren (CORS)."
        ),
        (
            "Eit SPARQL-endepunkt som køyrer med «kompetanse-skos serve», svarar berre på "
            "spørjingar, ikkje på endringar. Det avviser fødererte spørjingar (SERVICE) med "
            "statuskode 400, slik at ingen kan få tenaren til å kontakte andre maskiner, med "
            "mindre utgjevaren har tillate den aktuelle verten. Alle opphav kan lese dataa og "
            "endepunktet frå nettlesaren (CORS)."
        ),
        (
            "A SPARQL endpoint run with “kompetanse-skos serve” answers queries only, never "
            "updates. It refuses federated queries (SERVICE) with status 400, so that nobody can "
            "make the server contact other machines, unless the publisher has allowed that host. "
            "Any origin may read the data and the endpoint from a browser (CORS)."
        ),
    ),
    "query_concepts_with_themes": (
        "Begrepene med sine temaer",
        "Omgrepa med tema sine",
        "The concepts with their themes",
    ),
    "query_subthemes_of_a_theme": (
        "Undertemaene til et tema",
        "Undertema til eit tema",
        "The subthemes of a theme",
    ),
    "query_terms_in_a_language": (
        "Alle termer på {language}",
        "Alle termar på {language}",
        "Every term in {language}",
    ),
    "query_drafts": (
        "Begreper som fortsatt er utkast",
        "Omgrep som framleis er utkast",
        "Concepts still marked as drafts",
    ),
    # The comment at the head of each example query, in the page's language.
    "query_concepts_with_themes_comment": (
        "Hvert begrep med sitt tema: toppbegrepet i begrepssystemet som det hører inn under "
        "(et tema er sitt eget tema).",
        "Kvart omgrep med temaet sitt: toppomgrepet i omgrepssystemet som det høyrer inn under "
        "(eit tema er sitt eige tema).",
        "Every concept with its theme: the top concept of its scheme that it falls under (a "
        "theme is its own theme).",
    ),
    "query_subthemes_of_a_theme_comment": (
        "Undertemaene til ett tema: her det første temaet, etter nummer, som har noen. Spør om "
        "et annet tema ved å bytte den indre SELECT-en med VALUES ?theme { <temaets URI> }.",
        "Undertema til eitt tema: her det første temaet, etter nummer, som har nokon. Spør om "
        "eit anna tema ved å byte den indre SELECT-en med VALUES ?theme { <URI-en til temaet> }.",
        "The subthemes of one theme: here the first theme, by notation, that has any. To ask "
        "about another theme, replace the inner SELECT with VALUES ?theme { <the theme's URI> }.",
    ),
    "query_terms_in_a_language_comment": (
        "Alle termer på {language} (språkkode «{tag}»): anbefalte, tillatte og skjulte termer.",
        "Alle termar på {language} (språkkode «{tag}»): tilrådde, tillatne og skjulte termar.",
        "Every label in {language} (language tag “{tag}”): preferred, alternative and hidden "
        "terms.",
    ),
    "query_drafts_comment": (
        "Begreper som fortsatt er merket som utkast (euvoc:status DRAFT), og som eieren ennå "
        "ikke har bekreftet.",
        "Omgrep som framleis er merkte som utkast (euvoc:status DRAFT), og som eigaren enno "
        "ikkje har stadfesta.",
        "Concepts still marked as drafts (euvoc:status DRAFT), which the owner has yet to confirm.",
    ),
    "site_files": ("Filer på nettstedet", "Filer på nettstaden", "Files on this site"),
    "sitemap": (
        "Nettstedskart (sitemap.xml)",
        "Nettstadkart (sitemap.xml)",
        "Sitemap (sitemap.xml)",
    ),
    "vocabulary": ("Vokabular", "Vokabular", "Vocabulary"),
}


_LICENCE = "http://publications.europa.eu/resource/authority/licence/"
# Names of resources that vocabularies point to but seldom describe: the common licences.
KNOWN_NAMES: dict[str, tuple[str, str, str]] = {
    _LICENCE + "NLOD_2_0": (
        "Norsk lisens for offentlige data (NLOD) 2.0",
        "Norsk lisens for offentlege data (NLOD) 2.0",
        "Norwegian Licence for Open Government Data (NLOD) 2.0",
    ),
    "https://data.norge.no/nlod/no/2.0": (
        "Norsk lisens for offentlige data (NLOD) 2.0",
        "Norsk lisens for offentlege data (NLOD) 2.0",
        "Norwegian Licence for Open Government Data (NLOD) 2.0",
    ),
    _LICENCE + "CC_BY_4_0": (
        "Creative Commons Navngivelse 4.0",
        "Creative Commons Namngjeving 4.0",
        "Creative Commons Attribution 4.0",
    ),
    "https://creativecommons.org/licenses/by/4.0/": (
        "Creative Commons Navngivelse 4.0",
        "Creative Commons Namngjeving 4.0",
        "Creative Commons Attribution 4.0",
    ),
    _LICENCE + "CC0": (
        "Creative Commons Zero (CC0)",
        "Creative Commons Zero (CC0)",
        "Creative Commons Zero (CC0)",
    ),
    "http://creativecommons.org/publicdomain/zero/1.0/": (
        "Creative Commons Zero (CC0)",
        "Creative Commons Zero (CC0)",
        "Creative Commons Zero (CC0)",
    ),
}


def known_name(uri: str, language: str) -> str | None:
    """Return the name of a well-known resource (a licence) in *language*, if it is one."""
    names = KNOWN_NAMES.get(uri)
    return names[LANGUAGES.index(language)] if names else None


@functools.cache
def strings(language: str) -> dict[str, str]:
    """Return every interface text in *language* (one shared table: do not change it)."""
    column = LANGUAGES.index(language)
    return {key: row[column] for key, row in STRINGS.items()}


# Alphabetical order. Norwegian and Danish put æ, ø, å after z, Swedish and Finnish å, ä, ö;
# a letter sorted with one of those (ä, ö, ü ...) takes its place, and other accents are
# ignored, as in a dictionary. Any other language ignores every accent. The three letters
# after z sort as the last code points there are.
_LAST = ("\U0010fffd", "\U0010fffe", "\U0010ffff")
_EXPAND = {"ß": "ss", "þ": "th", "đ": "d", "ð": "d", "ł": "l", "œ": "oe", "ŋ": "n"}


@dataclass(frozen=True)
class Collation:
    """How one language sorts and files words: its letters after z, if any."""

    after_z: str = ""  # the letters after z, in order ("æøå")
    same: tuple[tuple[str, str], ...] = ()  # letters sorted as one of them: ("ä", "æ")

    def key(self, text: str) -> tuple[str, str]:
        """Return a sort key that orders *text* by this language's alphabet."""
        folded = text.casefold()
        if folded.isascii():  # most terms: nothing to fold further
            return folded, text
        return "".join(self._letter(char) for char in folded), text

    def initial(self, text: str) -> str:
        """Return the letter *text* is filed under in an index, or "" for any other start.

        A letter after z is filed as itself, any other letter with its accents ignored,
        in any alphabet.
        """
        key = self.key(text.strip())[0]
        if not key:
            return ""
        if key[0] in _LAST:
            return self.after_z[_LAST.index(key[0])].upper()
        return key[0].upper() if key[0].isalpha() else ""

    @functools.cache  # noqa: B019 (a few collations, each for the whole run)
    def _letter(self, char: str) -> str:
        """Return what a (case-folded) character sorts as."""
        own = dict(self.same).get(char, char)
        if own in self.after_z:
            return _LAST[self.after_z.index(own)]
        if own != char:
            return own
        if char in _EXPAND:
            return _EXPAND[char]
        return unicodedata.normalize("NFD", char)[0]


NORWEGIAN_ORDER = Collation("æøå", (("ä", "æ"), ("ö", "ø"), ("ǿ", "ø"), ("ü", "y")))
_SWEDISH_ORDER = Collation("åäö", (("æ", "ä"), ("ø", "ö"), ("ü", "y")))
_PLAIN_ORDER = Collation(same=(("æ", "ae"), ("ø", "o")))
_ORDERS = dict.fromkeys((*NORWEGIAN, "da"), NORWEGIAN_ORDER)
_ORDERS |= {"sv": _SWEDISH_ORDER, "fi": _SWEDISH_ORDER}


def collation(tag: str) -> Collation:
    """Return how the language *tag* sorts and files words."""
    return _ORDERS.get(primary_subtag(tag), _PLAIN_ORDER)
