"""Name and postcode normalisation and the phonetic keys that fuzzy search probes.

Keys are computed when a record is written (directory.indexing) and indexed, so a fuzzy
search is an index probe and never a scan. Two keys per family name, because each covers
the other's blind spot: Metaphone folds spelling of the same sound (Smith/Smyth,
Thompson/Thomson, Kowalski/Cowalski) but is sensitive to the last consonant; Soundex keeps
the first letter but forgives a changed consonant of the same class (Begum/Begun).
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish

MAX_NAME_LENGTH = 100
_NOT_LETTER = re.compile(r"[^a-z]")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})?$")

# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)


def normalise_name(name: str) -> str:
    """Fold accents, case, apostrophes, hyphens and spaces: "O'Brien-Ní Mhaoil" -> "obrienni...".

    Names in scripts with no Latin transliteration here keep their case-folded letters, so
    they still match themselves exactly.
    """
    folded = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    ascii_only = _NOT_LETTER.sub("", folded.encode("ascii", "ignore").decode().lower())
    if ascii_only:
        return ascii_only[:MAX_NAME_LENGTH]
    return "".join(ch for ch in name.casefold() if ch.isalpha())[:MAX_NAME_LENGTH]


# English spellings that both keys treat as different sounds though people do not:
# a silent p between m and s/t (Thompson/Thomson, Sampson/Samson).
_SILENT_P = re.compile(r"mp(?=[st])")


def family_keys(norm: str) -> tuple[str, str]:
    """(metaphone, soundex) of a normalised name; non-Latin names key as themselves."""
    if not norm.isascii() or not norm:
        return norm[:24], norm[:8]
    spoken = _SILENT_P.sub("m", norm)
    return jellyfish.metaphone(spoken)[:24] or norm[:24], jellyfish.soundex(spoken)[:8]


def parse_postcode(text: str) -> tuple[str, str | None]:
    """Return (district, full) for "LS6 2AB" -> ("LS6", "LS62AB"); full is None for "LS6".

    Raises ValueError for anything that is not a UK postcode or postcode district.
    """
    match = _POSTCODE.match(text.strip().upper())
    if match is None:
        raise ValueError(text)
    district, inward = match.group(1), match.group(2)
    return district, (district + inward if inward else None)


def postcode_sector(full: str) -> str:
    """ "LS62AB" -> "LS62": district plus the first inward digit."""
    return full[:-2]
