"""Playbook Hub: a sales playbook kept as YAML, built into a Material for MkDocs site.

The core (load, model, validate, render) imports nothing from MkDocs; only
:mod:`playbook.mkdocs_plugin` does.
"""

from .diagnostics import Issue, Location, PlaybookError, Report, Severity
from .load import load
from .pipeline import Result, run
from .playbook import Playbook
from .render import Page, RenderOptions, render
from .validate import validate

__version__ = "0.1.0"

__all__ = [
    "Issue", "Location", "Page", "Playbook", "PlaybookError", "RenderOptions", "Report",
    "Result", "Severity", "load", "render", "run", "validate", "__version__",
]
