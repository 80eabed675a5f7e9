"""The RACI matrix as CSV, for spreadsheets and BI tools: a row per responsibility, a
column per role, the letters of the responsibilities page (``A``, ``R``, ``A/R``, ...)."""

from __future__ import annotations

import csv
import io

from .catalog import N_
from .playbook import Playbook

#: Spreadsheet programs read a CSV file's letters right (Kannada, Urdu, ...) when it
#: starts with a byte order mark.
BOM = "\ufeff"


def raci_rows(pb: Playbook, lang: str | None = None) -> list[list[str]]:
    """The matrix in ``lang`` (the default language when None): a header of role titles,
    then a row per responsibility, both in the order of the responsibilities page."""
    lang = lang or pb.default_language
    default = pb.default_language
    roles = pb.raci_roles
    header = [pb.words(lang)(N_("Responsibility"))] + [r.title.get(lang, default) for r in roles]
    return [header] + [
        [resp.title.get(lang, default)] + [pb.raci_letters(resp, role.id) for role in roles]
        for _, resps in pb.responsibilities_by_area for resp in resps]


#: A cell a spreadsheet program would read as a formula (`=HYPERLINK(...)`, `+1`, `-1`,
#: `@SUM(...)`) or one starting with a tab or a carriage return: hub text comes by pull
#: request, and a manager opening the file would run it. Such a cell gets a leading `'`,
#: the usual rule (OWASP's), which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet program reads as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def raci_csv(pb: Playbook, lang: str | None = None) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [cell(value) for value in row] for row in raci_rows(pb, lang))
    return BOM + out.getvalue()
