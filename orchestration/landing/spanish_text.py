"""Spanish text from Mexican sources: find and repair mis-encoded text ("mojibake").

Two kinds of damage occur in copies of SESNSP files:

* **UTF-8 read as Latin-1/CP1252** ("MÃ©xico", "MichoacÃ¡n"): ftfy detects it
  (:func:`ftfy.badness.is_bad`) and repairs it.
* **Latin-1 read as Mac Roman**, then saved as UTF-8 ("MÈxico", "AÒo", "Michoac·n"):
  ftfy does not see this one (each damaged letter is still one plausible character).
  It is reversed exactly by ``text.encode("mac_roman").decode("latin-1")``
  (:func:`repair_mac_roman`), and :func:`mojibake_in` recognises its marks.

Marks are characters that never occur in Spanish text but are what Spanish letters
become under those misreadings: 'Ã'/'Â' (UTF-8 lead bytes shown as Latin-1), 'È', 'Ì',
'Ò', 'Û', '·', '˙' … (Latin-1 é, í, ñ, ó, á, ú shown as Mac Roman), U+FFFD
(bytes a decoder gave up on) and the C1 control characters.
"""

from __future__ import annotations

import re
import unicodedata

from ftfy.badness import is_bad

MOJIBAKE_MARKS = frozenset(
    "ÃÂ"  # lead bytes of UTF-8 shown as Latin-1 / Windows-1252 ("MÃ©xico")
    "ÈÌÒÛ·˙"  # Latin-1 é í ñ ó á ú shown as Mac Roman ("MÈxico", "AÒo", "Michoac·n")
    "\u00b8\u00d5\u2044\u2039"  # ... and ü Í Ú Ü (cedilla, O tilde, fraction slash, angle quote)
    "ÀÙ"  # grave-accented capitals: not Spanish either
    "\ufffd"  # the replacement character: bytes a decoder gave up on
)
"""Characters that are not Spanish and are what Spanish letters turn into when misread."""
_C1_CONTROLS = re.compile("[\x80-\x9f]")


def mojibake_in(value: str) -> str | None:
    """The first sign that ``value`` is mis-encoded text, or None if it looks clean."""
    for char in value:
        if char in MOJIBAKE_MARKS:
            return f"{char!r} (U+{ord(char):04X})"
    control = _C1_CONTROLS.search(value)
    if control:
        return f"control character U+{ord(control.group()):04X}"
    if is_bad(value):
        return "UTF-8 read as Latin-1/Windows-1252 (ftfy)"
    return None


def repair_mac_roman(text: str) -> str:
    """Undo Latin-1 bytes that were decoded as Mac Roman ("MÈxico" -> "México").

    Raises :class:`UnicodeEncodeError` when ``text`` holds a character Mac Roman cannot
    encode, i.e. text that cannot have been damaged this way.
    """
    return text.encode("mac_roman").decode("latin-1")


def nfc(value: str) -> str:
    """Canonical composition: 'é' as one code point, whatever the source wrote."""
    return unicodedata.normalize("NFC", value)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
