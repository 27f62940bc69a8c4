r"""Numbers written the way each language of the centre writes them, for every exhibit's texts.

One formatter for all exhibits, so a figure reads the same on every screen of a language:

    >>> number(1450.5, 1, "fr"), number(1450.5, 1, "nl"), number(1450.5, 1, "en")
    ('1\u202f450,5', '1.450,5', '1,450.5')
    >>> number(0.40, 2, "fr", trim=True)
    '0,4'
    >>> fill("{iron_t:.1f} t at {celsius:.0f} °C", "en", {"iron_t": 3.44, "celsius": 1480})
    '3.4 t at 1,480 °C'

French groups thousands with a narrow no-break space (U+202F), which `acier.kiosk.text.wrap`
never breaks at, so a number always stays on one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def number(value: float, decimals: int, language: str, *, trim: bool = False) -> str:
    """`value` as people write it: 1\u202f450,5 (fr, a narrow no-break space between
    thousands), 1.450,5 (nl), 1,450.5 (en, and any other language). With `trim`, trailing
    zeros after the decimal separator are dropped (0,40 is written 0,4; 2,00 is 2)."""
    s = f"{value:,.{decimals}f}"
    if trim and decimals:
        s = s.rstrip("0").rstrip(".")
    if language == "fr":
        return s.replace(",", "\u202f").replace(".", ",")
    if language == "nl":
        return s.replace(",", "#").replace(".", ",").replace("#", ".")
    return s


_FIXED = re.compile(r",?(?:\.(\d+))?f")


class Number:
    """A number that formats itself the way `language` writes it: a template's `{x:.1f}` (or
    `{x:,.1f}`, `{x:f}`) goes through `number()`; an int without a spec stays as it is (a score
    of 80 is "80"); a float without one is written with the language's decimal comma."""

    __slots__ = ("language", "value")

    def __init__(self, value: float, language: str) -> None:
        self.value, self.language = value, language

    def __format__(self, spec: str) -> str:
        fixed = _FIXED.fullmatch(spec)
        if fixed:
            digits = fixed.group(1)
            return number(self.value, 6 if digits is None else int(digits), self.language)
        text = format(self.value, spec)
        if isinstance(self.value, float) and self.language in ("fr", "nl"):
            text = text.replace(".", ",")
        return text


def fill(template: str, language: str, values: Mapping[str, object]) -> str:
    """`template` (`str.format` style) filled with `values`: the numbers among them are written
    as `language` writes them (see `Number`), anything else (text) goes in as it is."""
    if not values:
        return template
    filled = {
        name: Number(value, language)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }
    return template.format(**filled)
