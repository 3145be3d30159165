"""Words of the Latin alphabets for the drafter's regular expressions: month and weekday names
(dates to the answer finders, never names to the subject finder) and capital letters."""

from __future__ import annotations

MONTHS = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
WEEKDAYS = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Capital letters of the Latin alphabets, for a character class: "Émile", "Łódź" and "São
# Paulo" are names too.
UPPER = "A-Z" + "".join(chr(code) for code in range(0xC0, 0x250) if chr(code).isupper())
