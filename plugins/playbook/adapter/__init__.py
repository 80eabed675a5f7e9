"""The MkDocs adapter: the only package that imports mkdocs.

The core (load, validate, render: :mod:`playbook.pipeline`) knows nothing of MkDocs; this
package runs it at the right events of a build and hands MkDocs what it made:

- :mod:`.options`: the plugin's options in mkdocs.yml;
- :mod:`.plugin`: the plugin, its event handlers only, each a few lines;
- :mod:`.state`: everything one build knows, in one object (a language's nested build gets
  its own);
- :mod:`.pages`: the generated pages as MkDocs files and pages, and their nav section;
- :mod:`.languages`: one site per language;
- :mod:`.theme_search`: the theme's search box, answered by Pagefind;
- :mod:`.page_html`: what is added to a page's HTML (search marks, the bundled Mermaid);
- :mod:`.serve`: `mkdocs serve` updating only what an edit touches;
- :mod:`.timing`: the account of the plugin's own time.
"""

from .plugin import PlaybookPlugin

__all__ = ["PlaybookPlugin"]
