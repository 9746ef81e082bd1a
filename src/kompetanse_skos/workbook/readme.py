"""The workbook's read-me sheet: how to fill it in, in bokmål, nynorsk and English."""

from __future__ import annotations

# One line a row; a line starting with "#" is a heading.
README_LINES = (
    "# Slik fyller du ut arbeidsboka (bokmål)",
    "Arket «Begreper» har ett begrep per rad; et annet begrepssystem har sitt eget ark, oppført "
    "i «Begrepssystemer». «Samlinger» har samlingene. Ikke endre overskriftene i rad 1.",
    "identifier er siste del av begrepets URI (små bokstaver, tall og bindestrek, for eksempel "
    "«datadeling»). Den må være unik. Endre den aldri for et publisert begrep: marker det heller "
    "med deprecated = true og fyll inn replaced-by.",
    "Kolonner som prefLabel@nb, definition@nn og editorialNote@en holder tekst på ett språk "
    "(nb bokmål, nn nynorsk, en engelsk). Flere verdier i én celle skrives på hver sin linje "
    "(Alt+Enter i Excel, Ctrl+Enter i LibreOffice). Det gjelder også broader, related og "
    "mappingkolonnene.",
    "broader er identifieren til det overordnede begrepet (velg fra listen). status velges fra "
    "listen: CURRENT (gjeldende) eller DRAFT (utkast). Lenker utenfor vokabularet skrives som "
    "hele URI-er.",
    "Skriv ikke formler. En tekst som begynner med = er tekst og blir lagret som tekst.",
    "Lever boka tilbake; den leses inn med «kompetanse-skos import», som sier fra om feil med "
    "ark og celle (for eksempel Begreper!C12).",
    "",
    "# Slik fyller du ut arbeidsboka (nynorsk)",
    "Arket «Begreper» har eitt omgrep per rad; eit anna omgrepssystem har sitt eige ark, ført "
    "opp i «Begrepssystemer». «Samlinger» har samlingane. Ikkje endre overskriftene i rad 1.",
    "identifier er siste del av URI-en til omgrepet (små bokstavar, tal og bindestrek, til "
    "dømes «datadeling»). Han må vere unik. Endre han aldri for eit publisert omgrep: merk det "
    "heller med deprecated = true og fyll inn replaced-by.",
    "Kolonnar som prefLabel@nb, definition@nn og editorialNote@en held tekst på eitt språk "
    "(nb bokmål, nn nynorsk, en engelsk). Fleire verdiar i éi celle skriv du på kvar si linje "
    "(Alt+Enter i Excel, Ctrl+Enter i LibreOffice). Det gjeld òg broader, related og "
    "mappingkolonnane.",
    "broader er identifieren til det overordna omgrepet (vel frå lista). status vel du frå "
    "lista: CURRENT (gjeldande) eller DRAFT (utkast). Lenkjer utanfor vokabularet skriv du som "
    "heile URI-ar.",
    "Skriv ikkje formlar. Ein tekst som byrjar med = er tekst og blir lagra som tekst.",
    "Lever boka tilbake; ho blir lesen inn med «kompetanse-skos import», som seier frå om feil "
    "med ark og celle (til dømes Begreper!C12).",
    "",
    "# How to fill in the workbook (English)",
    "The sheet “Begreper” has one concept per row; another concept scheme has a sheet of its "
    "own, listed in “Begrepssystemer”. “Samlinger” holds the collections. Do not change the "
    "headings in row 1.",
    "identifier is the last part of the concept's URI (lower-case letters, digits and hyphens, "
    "for example “datadeling”). It must be unique. Never change it for a published concept: "
    "mark the concept deprecated = true and fill in replaced-by instead.",
    "Columns such as prefLabel@nb, definition@nn and editorialNote@en hold text in one "
    "language (nb Bokmål, nn Nynorsk, en English). Several values in one cell go on a line "
    "each (Alt+Enter in Excel, Ctrl+Enter in LibreOffice); so do broader, related and the "
    "mapping columns.",
    "broader is the identifier of the broader concept (pick it from the list). Pick status "
    "from the list: CURRENT or DRAFT. Links outside the vocabulary are written as full URIs.",
    "Do not write formulas. A text that starts with = is text, and is kept as text.",
    "Give the workbook back; “kompetanse-skos import” reads it and reports any error by sheet "
    "and cell (for example Begreper!C12).",
)
