"""`playbook generate` (the hub without the plugin, for Zensical) and `playbook index`
(its search)."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from . import reporters
from .hub_config import HubSettings, settings
from .render_options import RenderOptions
from .cli_support import (DATA_DIR, DOCS_DIR, HUB, Output, TODAY, directory_urls,
                          hub_settings, load_hub, today_date)


@click.command()
@HUB
@DATA_DIR
@DOCS_DIR
@TODAY
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write: OUT/docs and OUT/mkdocs.yml, and OUT/<lang>/docs and "
                   "OUT/<lang>/mkdocs.yml for each other language.")
@click.option("--for", "builder", type=click.Choice(["zensical", "mkdocs"]),
              default="zensical", show_default=True,
              help="What builds the folders: Zensical resolves a link in a page's HTML "
                   "against the page's Markdown file, MkDocs (without the plugin) leaves "
                   "it as the built page's; the generated pages' links are written for "
                   "the one named.")
@click.option("--watch", is_flag=True,
              help="Stay on and write again what changes whenever a file of the hub does "
                   "(its YAML, its pages, mkdocs.yml), for `zensical serve` in OUT.")
@click.pass_obj
def generate(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
             today: str | None, out_dir: Path, builder: str, watch: bool) -> None:
    """Write the hub as plain files that any Markdown site generator can build.

    A folder per language, as the plugin's build makes a site per language: OUT/docs and
    OUT/mkdocs.yml for the hub's default language, OUT/<lang>/docs and OUT/<lang>/mkdocs.yml
    for each other one, a project of its own (so Zensical keeps a cache per language).
    Each docs folder holds the hand-written pages (content/<lang>/ in place of the shared
    ones), the generated pages as Markdown, their assets and data; each mkdocs.yml is the
    hub's, pointing at them instead of at the playbook plugin. Build each, then index the
    site, which moves each other language's site (OUT/<lang>/site) to OUT/site/<lang>:

        cd OUT && zensical build && zensical build -f ur/mkdocs.yml && cd -
        playbook index OUT/site

    Only files whose content changes are written again: with --watch, `zensical serve`
    (run in OUT) rebuilds on each edit of the hub.
    """
    # (the files as this run reads them: an edit saved while it runs, or just after it says
    # it is watching, is one the loop sees)
    seen = _hub_state(hub, data_dir, docs_dir, out_dir) if watch else {}
    done, ok = _generate(out, hub, data_dir, docs_dir, today, out_dir, None, watch, builder)
    if done is not None:
        configs_ = " && ".join(["zensical build"] + [
            f"zensical build -f {f.config.relative_to(out_dir).as_posix()}"
            for f in done.folders[1:]])
        out.echo(f"Wrote {len(done.folders)} folders to {out_dir}. Build them, then index "
                 f"the site: (cd {out_dir} && {configs_}) && playbook index "
                 f"{out_dir / 'site'}", fg="green")
    if not watch:
        sys.exit(0 if ok else 1)
    out.echo(f"Watching {hub} for changes (Ctrl+C to stop)")
    try:
        while True:
            time.sleep(WATCH_SECONDS)
            now = _hub_state(hub, data_dir, docs_dir, out_dir)
            if now == seen:
                continue
            while True:  # until the editor (or git) has written everything
                time.sleep(WATCH_SECONDS)
                settled = _hub_state(hub, data_dir, docs_dir, out_dir)
                if settled == now:
                    break
                now = settled
            seen = now
            try:
                done = _generate(out, hub, data_dir, docs_dir, today, out_dir, done,
                                 True, builder)[0] or done
            except OSError as exc:  # a file gone mid-copy (an editor's swap file), say
                out.echo(f"error: {exc}; {out_dir} may be part-written: save again",
                         err=True, fg="red")
    except KeyboardInterrupt:
        out.echo("Stopped watching.")


#: How often `generate --watch` looks at the hub's files (MkDocs' watcher polls as often).
WATCH_SECONDS = 0.5


def _hub_state(hub: Path, data_dir: str | None, docs_dir: str | None,
               out_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file `generate` reads, with its time and size (OUT left out)."""
    found = settings(hub / "mkdocs.yml")
    folders = {hub / (data_dir or found.data_dir), hub / (docs_dir or found.docs_dir),
               hub / found.templates_dir}
    skip = out_dir.resolve()
    state: dict[str, tuple[int, int]] = {}
    for path in [hub / "mkdocs.yml"] + [p for folder in folders for p in _walk(folder, skip)]:
        with contextlib.suppress(OSError):
            stat = path.stat()
            state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def _walk(folder: Path, skip: Path) -> list[Path]:
    """The files below ``folder``, through links (as `generate` copies them), each folder
    once, ``skip`` left out."""
    found, visited = [], set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        try:
            stat = os.stat(top)
        except OSError:
            dirs[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in visited or Path(top).resolve() == skip:
            dirs[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        found.extend(Path(top) / name for name in files)
    return found


def _check_out(hub: Path, found: HubSettings, out_dir: Path) -> None:
    """``--out`` must be a folder of its own: not the hub (its mkdocs.yml would be
    overwritten), not inside its sources (a site written into playbook/ or templates/), and
    holding none of them; a folder of the hub beside them (build/export) is fine."""
    out = out_dir.resolve()
    sources = {"the hub itself (its mkdocs.yml)": hub,
               f"the hub's docs folder {found.docs_dir}/": hub / found.docs_dir,
               f"the hub's data folder {found.data_dir}/": hub / found.data_dir,
               f"the hub's templates {found.templates_dir}/": hub / found.templates_dir}
    for what, folder in sources.items():
        folder = folder.resolve()
        if out == folder or (folder in out.parents and folder != hub.resolve()):
            where = "is" if out == folder else "is inside"
            raise click.UsageError(f"--out {out_dir} {where} {what}: choose a folder outside "
                                   "the hub's sources (build/export, say)")
        if out in folder.parents:
            raise click.UsageError(f"--out {out_dir} holds {what}, which generate would "
                                   "write over: choose a folder of its own (build/export, say)")


def _generate(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
              today: str | None, out_dir: Path, previous: Any, watching: bool,
              builder: str = "zensical") -> tuple[Any, bool]:
    """One run of `generate`: the export and whether the hub was valid (None and False,
    the errors printed, when it was not: the last good folders stay). ``previous``: the
    last run's export, while watching."""
    from . import template_cache
    from .export_sync import export_changes
    from .hub_config import markdown_settings
    from .markup import DEFAULT_EXTENSIONS
    from .parallel import workers
    from .render_cache import RenderCache
    from .templating import Environments

    started = time.perf_counter()
    try:
        found = hub_settings(hub, data_dir, docs_dir)
    except click.UsageError as exc:
        if not watching:
            raise
        out.echo(f"error: {exc.format_message()}", err=True, fg="red")
        return None, False
    _check_out(hub, found, out_dir)
    names, configs = markdown_settings(hub / "mkdocs.yml")
    options = RenderOptions(markdown_extensions=list(dict.fromkeys(names + DEFAULT_EXTENSIONS)),
                            markdown_configs=configs, allowed_hosts=tuple(found.allowed_hosts),
                            templates_dir=hub / found.templates_dir,
                            trust_templates=found.trust_templates,
                            workers=workers(), environments=Environments(),
                            offline=found.offline,
                            offline_max_file_mb=found.offline_max_file_mb,
                            links_from_source=builder == "zensical",
                            editor={} if found.editor is not None else None,
                            # (the pages a run renders, and the templates it compiles, kept
                            # in the hub's .cache for the next, as `mkdocs build` keeps its)
                            kept=RenderCache.of(hub, "generated") if found.build_cache
                            else None)
    template_cache.keep_for(hub if found.build_cache else None)
    result = load_hub(hub, found, today, out, render_pages=True, options=options,
                      until_exit=not watching)
    if result.report.errors:
        reporters.text(result.report, len(result.playbook.sources), out.echo)
        if watching:
            out.echo(f"{out_dir} is left as it was; fix the files above and save again.",
                     fg="yellow")
        return None, False
    if found.editor is not None:
        from . import editor

        options.editor = editor.config_of(result.playbook, found)
    done, changes = export_changes(hub, result, options, hub / found.docs_dir, out_dir,
                                   today_date(today), use_directory_urls=directory_urls(hub))
    template_cache.save_kept()
    rendered, reused = options.kept.totals if options.kept is not None else (0, 0)
    if previous is None:
        for folder in done.folders:
            out.echo(f"{folder.language}: {folder.pages} generated pages and {folder.files} "
                     f"hand-written files in {folder.docs}, {folder.config}")
        if reused:
            out.echo(f"{rendered:,} pages rendered, {reused:,} as the last run made them")
    else:
        out.echo(f"{len(changes.written)} files written again and {len(changes.removed)} "
                 f"removed in {out_dir} ({time.perf_counter() - started:.1f} s)"
                 + "".join(f"\n  {name}" for name in (changes.written + changes.removed)[:8])
                 + ("\n  ..." if len(changes.written) + len(changes.removed) > 8 else ""))
    return done, True


@click.command("index")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
def index_command(out: Output, site: Path) -> None:
    """Give a site built from `playbook generate`'s folder the plugin's search.

    For a site that Zensical (or MkDocs without the plugin) built: moves each other
    language's site, built in its own folder (OUT/<lang>/site), into its place in SITE
    (SITE/<lang>), then marks each page for search and for the browser script as the plugin
    does, writes a Pagefind index per language's site (SITE/pagefind, SITE/<lang>/pagefind)
    and puts our search worker in place of the theme's. Run it after every build.
    """
    from .pagefind import SearchError
    from .site_index import index_site, place_languages

    try:
        moved, missing = place_languages(site.resolve())
        for lang in moved:
            out.echo(f"{lang}: its site moved into {site / lang}")
        for done in index_site(site):
            out.echo(f"{done.language}: {done.pages} pages in the search index of "
                     f"{done.site} ({done.bundle_bytes / 1e6:.1f} MB, {done.seconds:.1f} s)",
                     fg="green")
    except (SearchError, OSError) as exc:
        out.echo(f"playbook index: {exc}", err=True, fg="red")
        sys.exit(1)
    if missing:
        out.echo(f"playbook index: no site built for {', '.join(missing)}: build "
                 + ", ".join(f"{lang}/mkdocs.yml" for lang in missing)
                 + f" in the folder `playbook generate` wrote ({site.resolve().parent}), "
                 "then run index again", err=True, fg="red")
        sys.exit(1)
