"""Playbook Hub: a sales playbook kept as YAML, built into a Material for MkDocs site.

The core (load, model, validate, render) imports nothing from MkDocs; only
:mod:`playbook.adapter` does.
"""

from .diagnostics import Issue, Location, PlaybookError, Report, Severity
from .pipeline import Result, run
from .playbook import Playbook
from .render_options import RenderOptions

__version__ = "0.1.0"


def __getattr__(name: str):  # (a page, and the Markdown it uses, loads when asked for)
    if name == "Page":
        from .page import Page

        return Page
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The stages are modules of their own (playbook.load, playbook.validate, playbook.render);
# no function here shadows their names.
__all__ = [
    "Issue", "Location", "Page", "Playbook", "PlaybookError", "RenderOptions", "Report",
    "Result", "Severity", "run", "__version__",
]
