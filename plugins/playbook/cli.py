"""The `playbook` command line: check, scaffold, describe and audit a hub without MkDocs."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from . import __version__, reporters
from .hub_config import HubSettings, settings
from .pipeline import build_date, run
from .render import RenderOptions
from .review import DEFAULT_WITHIN, ENGLISH

HUB = click.argument("hub", default=".", type=click.Path(file_okay=False, path_type=Path))
DATA_DIR = click.option("--data-dir", default=None,
                        help="Folder of the YAML files, relative to HUB (default: the playbook "
                             "plugin's data_dir in HUB/mkdocs.yml, else playbook).")
DOCS_DIR = click.option("--docs-dir", default=None,
                        help="Folder of the hand-written pages, where collateral files live "
                             "(default: docs_dir in HUB/mkdocs.yml, else docs).")
MAX_YAML_BYTES = click.option("--max-yaml-bytes", type=click.IntRange(min=1), default=None,
                              help="Refuse YAML files larger than this (default: the plugin's "
                                   "max_yaml_bytes in mkdocs.yml, else 1,000,000).")
TODAY = click.option("--today", default=None, metavar="YYYY-MM-DD",
                     help="Judge staleness on this date (default: SOURCE_DATE_EPOCH or today).")


class Output:
    """Where the command writes: colours only on a terminal, never with NO_COLOR set."""

    def __init__(self, color: bool | None):
        if color is None and os.environ.get("NO_COLOR"):
            color = False
        self.color = color

    def echo(self, message: str = "", err: bool = False, **style: Any) -> None:
        click.secho(message, err=err, color=self.color, **style)


def _date(today: str | None):
    try:
        return build_date(today)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found '{today}'",
                                 param_hint="--today") from None


def _progress(out: Output):
    """A progress bar on stderr for long loads, when stderr is a terminal."""
    state: dict[str, Any] = {}

    def step(done: int, total: int) -> None:
        if total < 500 or not sys.stderr.isatty():
            return
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label="Reading files",
                                                   file=sys.stderr, color=out.color)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return step


class _Commands(click.Group):
    """The commands, each stopping with a message, never a traceback, when the system
    refuses to read or write (a full disk, a folder where a file goes, no permission)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            what = f" {exc.filename}" if exc.filename else ""
            click.secho(f"error: cannot write or read{what}: {exc.strerror or exc}", err=True,
                        fg="red" if ctx.color is not False else None)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
@click.option("--color/--no-color", default=None,
              help="Force colours on or off (default: on a terminal, unless NO_COLOR is set).")
@click.pass_context
def main(ctx: click.Context, color: bool | None) -> None:
    """Playbook Hub: a sales playbook kept as YAML, published with MkDocs.

    Run a command with --help for its options, e.g. `playbook validate --help`.
    """
    ctx.obj = Output(color)


def hub_settings(hub: Path, data_dir: str | None, docs_dir: str | None,
                 max_yaml_bytes: int | None = None) -> HubSettings:
    """The hub's folders and limits: the options given, else what its mkdocs.yml says, as
    a build would read them."""
    found = settings(hub / "mkdocs.yml")
    if data_dir is not None:
        found.data_dir = data_dir
    if docs_dir is not None:
        found.docs_dir = docs_dir
    if max_yaml_bytes is not None:
        found.max_yaml_bytes = max_yaml_bytes
    if not (hub / found.data_dir).is_dir():
        raise click.UsageError(f"{hub / found.data_dir} is not a folder: run the command in a "
                               "hub (the folder of mkdocs.yml) or pass its path")
    return found


def load_hub(hub: Path, found: HubSettings, today: str | None, out: Output,
             render_pages: bool = False, options: RenderOptions | None = None):
    options = options or RenderOptions()
    options.today = _date(today)
    return run(hub / found.data_dir, hub / found.docs_dir, hub, options,
               render_pages=render_pages, progress=_progress(out),
               max_yaml_bytes=found.max_yaml_bytes)


def _override_options(hub: Path, found: HubSettings) -> RenderOptions | None:
    """How `validate` renders the pages of a hub with template overrides, as its build
    would (None when it has none: the shipped templates render any valid hub, and
    rendering every page of a large hub takes longer than checking it)."""
    from .parallel import workers
    from .templating import has_overrides

    folder = hub / found.templates_dir
    if not has_overrides(folder):
        return None
    return RenderOptions(templates_dir=folder, trust_templates=found.trust_templates,
                         workers=workers(), history=found.history,
                         changes_since=found.changes_since,
                         allowed_hosts=tuple(found.allowed_hosts))


def _files_read(result: Any) -> int:
    """The hub's files a run read: hub.yml and every entity's, broken ones included."""
    pb = result.playbook
    return len(pb.sources) + len(pb.broken) + (1 if pb.hub_source else 0)


@main.command()
@HUB
@DATA_DIR
@DOCS_DIR
@TODAY
@MAX_YAML_BYTES
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="text for people, json for tools, github for annotations in GitHub Actions.")
@click.pass_obj
def validate(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
             today: str | None, max_yaml_bytes: int | None, fmt: str) -> None:
    """Check every file of the hub in HUB (default: here) without building it.

    Runs the same checks as the build. Prints each problem as FILE:LINE:COLUMN: message,
    errors first, then warnings (stale collateral, plays and battlecards, owners written
    like another owner), sorted by file, and a count. Exits 1
    when there is an error. A hub with its own templates (templates/, or the plugin's
    templates_dir) has every page rendered with them too, as the build does, to find
    template errors (each reported once, with the number of pages it breaks).
    """
    found = hub_settings(hub, data_dir, docs_dir, max_yaml_bytes)
    options = _override_options(hub, found)
    result = load_hub(hub, found, today, out, render_pages=options is not None,
                      options=options)
    report = result.report
    files = _files_read(result)
    if fmt == "json":
        click.echo(reporters.to_json(report, files))
    elif fmt == "github":
        text = reporters.github(report)
        if text:
            click.echo(text)
        out.echo(f"{files} files checked: {report.summary()}", err=True)
    else:
        reporters.text(report, files, out.echo)
    sys.exit(1 if report.errors else 0)


def _table(out: Output, header: list[str], rows: list[list[str]], heat: int | None = None) -> None:
    """A plain text table; with ``heat``, columns from that index are counts, 0 in red."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)] if rows else \
        [len(h) for h in header]
    out.echo("  ".join(h.ljust(w) for h, w in zip(header, widths)), bold=True)
    for row in rows:
        cells = []
        for i, (cell, w) in enumerate(zip(row, widths)):
            text = str(cell).rjust(w) if heat is not None and i >= heat else str(cell).ljust(w)
            if heat is not None and i >= heat and str(cell) == "0":
                text = click.style(text, fg="red")
            cells.append(text)
        out.echo("  ".join(cells))


def _stop_on_errors(out: Output, result, code: int) -> None:
    """Exit with ``code`` when the hub has errors, pointing to `playbook validate`."""
    if result.report.errors:
        out.echo(f"The hub has errors ({result.report.summary()}): run `playbook validate`.",
                 err=True, fg="red")
        sys.exit(code)


@main.command("review")
@HUB
@DATA_DIR
@DOCS_DIR
@TODAY
@click.option("--owner", default=None, metavar="NAME",
              help="Only the queues of the owners NAME matches: every word of NAME is a "
                   "word of the owner, case aside ('priya', 'product marketing').")
@click.option("--within", type=click.IntRange(min=0), default=DEFAULT_WITHIN,
              show_default=True, metavar="DAYS",
              help="List what falls due within DAYS days, besides what is overdue.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="text for people, json for tools, github for annotations in GitHub Actions.")
@click.option("--fail-on-overdue", is_flag=True,
              help="Exit 1 when an item (of the owners listed) is overdue.")
@click.pass_obj
def review_command(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
                   today: str | None, owner: str | None, within: int, fmt: str,
                   fail_on_overdue: bool) -> None:
    """List, per owner, what is overdue for review and what falls due soon.

    Collateral, plays and battlecards fall due on the earlier of their review_by and
    their last update plus stale_after_days (stale_after_days_competitors for a
    battlecard); the day after, they are stale. Each line gives the days overdue or left,
    the file and line of the date, and the item. Owners are matched case- and
    space-insensitively. Exits 0, even with overdue items, unless --fail-on-overdue is
    given and one is overdue (then 1); 2 when the hub has errors or an option is wrong.
    The shape of --format json is documented in docs/ci.md.
    """
    from . import review
    from .owners import matches

    date = _date(today)
    result = load_hub(hub, hub_settings(hub, data_dir, docs_dir), today, out)
    _stop_on_errors(out, result, 2)
    pb = result.playbook
    if owner is not None and not any(matches(owner, name)
                                     for name in review.owners(pb)):
        names = review.owners(pb)
        listed = ", ".join(f"'{n}'" for n in names[:10]) + (", ..." if len(names) > 10 else "")
        expected = f"expected a word of one of {listed}" if names else \
            "the hub has no collateral, plays or battlecards"
        raise click.BadParameter(f"no owner of a collateral item, play or battlecard matches "
                                 f"'{owner}': {expected}", param_hint="--owner")
    queues = review.queues(pb, date, within, owner)
    if fmt == "json":
        click.echo(reporters.review_json(pb, queues, date, within))
    elif fmt == "github":
        text = reporters.review_github(pb, queues, date)
        if text:
            click.echo(text)
    else:
        for issue in result.report.warnings:
            if issue.code == "owner-spelling":
                out.echo(issue.format(), err=True, fg="yellow")
        reporters.review_text(pb, queues, date, within, out.echo)
    sys.exit(1 if fail_on_overdue and any(q.overdue for q in queues) else 0)


@main.command("audit")
@HUB
@DATA_DIR
@DOCS_DIR
@TODAY
@click.pass_obj
def audit_command(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
                  today: str | None) -> None:
    """Show where collateral is missing or stale, and who must fix it.

    The same figures as the audit/ page of the built site: collateral per role and funnel
    stage (0 is a gap; roles that work no lead type and no item is meant for are left
    out), the review queue (collateral, plays and battlecards overdue for review or due
    within 30 days, by owner, as `playbook review` lists it), items on no onboarding path,
    roles with no responsibilities, responsibilities with no metrics, lead types nothing
    feeds (no source produces them, no lead type's next leads to them), and the stages
    and roles (those that work leads) with no play. Exits 1 when the hub has errors (run
    `playbook validate` to see them).
    """
    from .audit import audit

    result = load_hub(hub, hub_settings(hub, data_dir, docs_dir), today, out)
    _stop_on_errors(out, result, 1)
    pb = result.playbook
    a_today = _date(today)
    a = audit(pb, a_today)
    out.echo(f"Coverage: collateral per role and funnel stage ({a.gaps} gaps)", bold=True)
    _table(out, ["role"] + [lt.id for lt in a.stages],
           [[str(role.title)] + [str(n) for n in counts] for role, counts in a.coverage],
           heat=1)
    if a.roles_without_collateral:
        out.echo("Left out, as they use no collateral (they work no lead type and no item is "
                 "meant for them): " + ", ".join(r.id for r in a.roles_without_collateral))
    words = pb.words(ENGLISH)
    sections = [
        (f"Review queue: overdue, or due within {a.within} days, by owner",
         ["owner", "status", "item", "why"],
         [[q.owner, i.status(words), f"{i.kind}/{i.entity.id}", i.reason(pb, a_today)]
          for q in a.review for i in q.items]),
        ("Items on no onboarding path", ["item", "owner"],
         [[c.id, c.owner] for c in a.off_paths]),
        ("Roles with no responsibilities", ["role", "owner"],
         [[r.id, r.owner or ""] for r in a.roles_without_responsibilities]),
        ("Responsibilities with no metrics", ["responsibility", "accountable"],
         [[r.id, r.accountable] for r in a.responsibilities_without_metrics]),
        ("Lead types nothing feeds: no source produces them, no lead type leads to them",
         ["lead type"], [[lt.id] for lt in a.unfed_lead_types]),
        ("Stages and roles with no play", ["stage or role"],
         [[f"lead-types/{lt.id}"] for lt in a.stages_without_plays]
         + [[f"roles/{r.id}"] for r in a.roles_without_plays]),
    ]
    ours = dict(a.words_missing)
    if len(pb.hub.languages) > 1 or any(ours.values()):
        sections.append(("Missing translations",
                         ["language", "missing", "of texts", "words of the pages missing"],
                         [[lang, str(missing), str(total), str(len(ours.get(lang, [])))]
                          for lang, missing, total in a.translations]))
    for title, header, rows in sections:
        out.echo("")
        out.echo(f"{title} ({len(rows)})", bold=True)
        if rows:
            _table(out, header, rows)
        else:
            out.echo("none")


@main.command()
@HUB
@DATA_DIR
@DOCS_DIR
@TODAY
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write: OUT/docs and OUT/mkdocs.yml, and OUT/<lang>/docs and "
                   "OUT/mkdocs.<lang>.yml for each other language.")
@click.option("--watch", is_flag=True,
              help="Stay on and write again what changes whenever a file of the hub does "
                   "(its YAML, its pages, mkdocs.yml), for `zensical serve` in OUT.")
@click.pass_obj
def generate(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
             today: str | None, out_dir: Path, watch: bool) -> None:
    """Write the hub as plain files that any Markdown site generator can build.

    A folder per language, as the plugin's build makes a site per language: OUT/docs and
    OUT/mkdocs.yml for the hub's default language, OUT/<lang>/docs and OUT/mkdocs.<lang>.yml
    (site_dir: site/<lang>) for each other one. Each docs folder holds the hand-written
    pages (content/<lang>/ in place of the shared ones), the generated pages as Markdown,
    their assets and data; each mkdocs.yml is the hub's, pointing at them instead of at the
    playbook plugin. Build the default language first (a build empties its site_dir),
    then the others, then index the site for search:

        cd OUT && zensical build && zensical build -f mkdocs.ur.yml && cd -
        playbook index OUT/site

    Only files whose content changes are written again: with --watch, `zensical serve`
    (run in OUT) rebuilds on each edit of the hub.
    """
    done, ok = _generate(out, hub, data_dir, docs_dir, today, out_dir, None, watch)
    if done is not None:
        configs_ = " && ".join(["zensical build"] + [f"zensical build -f {f.config.name}"
                                                     for f in done.folders[1:]])
        out.echo(f"Wrote {len(done.folders)} folders to {out_dir}. Build them in this order, "
                 f"then index the site: (cd {out_dir} && {configs_}) && playbook index "
                 f"{out_dir / 'site'}", fg="green")
    if not watch:
        sys.exit(0 if ok else 1)
    out.echo(f"Watching {hub} for changes (Ctrl+C to stop)")
    try:
        seen = _hub_state(hub, data_dir, docs_dir, out_dir)
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
                                 True)[0] or done
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
              today: str | None, out_dir: Path, previous: Any, watching: bool
              ) -> tuple[Any, bool]:
    """One run of `generate`: the export and whether the hub was valid (None and False,
    the errors printed, when it was not: the last good folders stay). ``previous``: the
    last run's export, while watching."""
    from .export import export_changes
    from .hub_config import markdown_settings
    from .markup import DEFAULT_EXTENSIONS
    from .parallel import workers
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
                            workers=workers(), environments=Environments())
    result = load_hub(hub, found, today, out, render_pages=True, options=options)
    if result.report.errors:
        reporters.text(result.report, len(result.playbook.sources), out.echo)
        if watching:
            out.echo(f"{out_dir} is left as it was; fix the files above and save again.",
                     fg="yellow")
        return None, False
    done, changes = export_changes(hub, result, options, hub / found.docs_dir, out_dir,
                                   _date(today), use_directory_urls=_directory_urls(hub))
    if previous is None:
        for folder in done.folders:
            out.echo(f"{folder.language}: {folder.pages} generated pages and {folder.files} "
                     f"hand-written files in {folder.docs}, {folder.config}")
    else:
        out.echo(f"{len(changes.written)} files written again and {len(changes.removed)} "
                 f"removed in {out_dir} ({time.perf_counter() - started:.1f} s)"
                 + "".join(f"\n  {name}" for name in (changes.written + changes.removed)[:8])
                 + ("\n  ..." if len(changes.written) + len(changes.removed) > 8 else ""))
    return done, True


@main.command("index")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
def index_command(out: Output, site: Path) -> None:
    """Give a site built from `playbook generate`'s folder the plugin's search.

    For a site that Zensical (or MkDocs without the plugin) built: marks each page for
    search and for the browser script as the plugin does, writes a Pagefind index per
    language's site (SITE/pagefind, SITE/<lang>/pagefind) and puts our search worker in
    place of the theme's. Run it after every build.
    """
    from .pagefind import SearchError
    from .site_index import index_site

    try:
        for done in index_site(site):
            out.echo(f"{done.language}: {done.pages} pages in the search index of "
                     f"{done.site} ({done.bundle_bytes / 1e6:.1f} MB, {done.seconds:.1f} s)",
                     fg="green")
    except SearchError as exc:
        out.echo(f"playbook index: {exc}", err=True, fg="red")
        sys.exit(1)


@main.command("export")
@HUB
@DATA_DIR
@DOCS_DIR
@TODAY
@MAX_YAML_BYTES
@click.option("--format", "fmt", type=click.Choice(["json", "raci-csv"]), default="json",
              show_default=True,
              help="json: the whole hub (schemas/export.schema.json); raci-csv: the RACI "
                   "matrix, a row per responsibility and a column per role.")
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="The file to write; - writes to standard output.")
@click.option("--language", default=None, metavar="LANG",
              help="raci-csv only: the language of its titles (default: the hub's first).")
@click.pass_obj
def export_command(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
                   today: str | None, max_yaml_bytes: int | None, fmt: str, output: Path,
                   language: str | None) -> None:
    """Write the hub's data for other tools (a CRM, a BI dashboard, an assistant).

    --format json writes the whole hub in one file: its settings, every entity with all
    its fields, its source file and its relations both ways, computed staleness (judged
    on --today), and every role's onboarding path with its weeks, modules and tasks. The
    build publishes the same file as site/playbook.json, and the RACI matrix as
    site/raci.csv. Exits 1 when the hub has errors (printed, as `playbook validate` does).
    """
    from .data_export import export_json
    from .raci import raci_csv

    if language is not None and fmt == "json":
        raise click.UsageError("--language is for --format raci-csv: the JSON export has "
                               "every text in every language")
    found = hub_settings(hub, data_dir, docs_dir, max_yaml_bytes)
    result = load_hub(hub, found, today, out)
    pb = result.playbook
    if result.report.errors:
        reporters.text(result.report, _files_read(result),
                       lambda message="", **style: out.echo(message, err=True, **style))
        sys.exit(1)
    if language is not None and language not in pb.hub.languages:
        raise click.BadParameter(f"expected one of the hub's languages "
                                 f"({', '.join(pb.hub.languages)}), found '{language}'",
                                 param_hint="--language")
    if fmt == "json":
        text = export_json(pb, _date(today), _directory_urls(hub))
    else:
        text = raci_csv(pb, language)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise click.FileError(str(output), exc.strerror or str(exc)) from None
    out.echo(f"wrote {output}", err=True, fg="green")


def _directory_urls(hub: Path) -> bool:
    """Whether the hub's pages are folders (``roles/x/``), as MkDocs makes them by default."""
    from .hub_config import read

    return read(hub / "mkdocs.yml").get("use_directory_urls") is not False


@main.command()
@click.argument("kind")
@click.argument("id")
@click.option("--hub", "hub", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The hub's folder.")
@DATA_DIR
@DOCS_DIR
@click.pass_obj
def new(out: Output, kind: str, id: str, hub: Path, data_dir: str | None,
        docs_dir: str | None) -> None:
    """Create playbook/KIND/ID.yml with every required field, explained.

    KIND is roles, responsibilities, lead-types, lead-sources, metrics, collateral,
    onboarding, plays or competitors (or role, metric, play, battlecard, ...). Refuses an
    invalid id and an existing file.
    """
    from .scaffold import ScaffoldError, new_file

    found = hub_settings(hub, data_dir, docs_dir)
    result = load_hub(hub, found, None, out)
    try:
        path = new_file(hub / found.data_dir, kind, id, result.playbook, _date(None))
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    out.echo(f"created {path}", fg="green")
    out.echo("Fill it in, then check it with: playbook validate")


@main.command()
@click.argument("lang")
@HUB
@DATA_DIR
@click.option("--missing", is_flag=True,
              help="Only the messages with no word in LANG yet, neither the hub's nor ours.")
@click.pass_obj
def messages(out: Output, lang: str, hub: Path, data_dir: str | None, missing: bool) -> None:
    """Print the words of the generated pages in LANG, as the hub's i18n/LANG.yml.

    Every message of the pages, in English, with its word in LANG: the hub's own (from
    i18n/LANG.yml), else the one the project ships, else empty (English is shown). Save
    it as playbook/i18n/LANG.yml and fill in the empty ones, or keep only the ones you
    change: a hub's word overrides ours, an empty one is ignored.

        playbook messages el --missing > playbook/i18n/el.yml
    """
    import re

    import yaml

    from . import catalog
    from .diagnostics import Report
    from .load import load_catalog, read_hub
    from .model import Hub
    from .sources import discover
    from .text import LANG_PATTERN

    if not re.match(LANG_PATTERN, lang):
        raise click.BadParameter(f"expected a language code such as 'el' or 'pt-BR', "
                                 f"found '{lang}'", param_hint="LANG")
    found = hub_settings(hub, data_dir, None)
    data = hub / found.data_dir
    hub_model = read_hub(data, hub) or Hub(name="Playbook")
    sources, _ = discover(data, hub)
    report = Report()
    catalogs = {}
    for source in sources.catalogs:
        loaded = load_catalog(source, hub_model, report, found.max_yaml_bytes)
        if loaded is not None:
            catalogs[source.id] = loaded[0]
    for issue in report.issues:
        out.echo(issue.format(), err=True)
    words = catalog.words(lang, catalogs)
    table = {m: words.table.get(m, "") for m in catalog.messages()
             if not (missing and words.table.get(m))}
    click.echo(f"# Words of the generated pages in {lang}: {len(table)} messages. An empty "
               "one shows the English message.")
    if table:
        click.echo(yaml.safe_dump(table, allow_unicode=True, sort_keys=False,
                                  width=1_000_000).rstrip())


@main.command()
@click.argument("hub", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--data-dir", default=None, help="The hub's YAML folder (default: as mkdocs.yml "
              "says, or playbook).")
@click.option("--out", "out_dir", default="schemas", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the schemas to.")
@click.option("--vscode/--no-vscode", default=False,
              help="Also write .vscode/settings.json mapping each schema to its files.")
@click.pass_obj
def schema(out: Output, hub: Path, data_dir: str | None, out_dir: Path, vscode: bool) -> None:
    """Write a JSON Schema per kind (roles.schema.json, ...) for editors.

    They come from the models that validate, so an editor with the YAML extension
    completes and checks fields as you type. In a hub (HUB, default the current folder),
    they allow only the teams, collateral types and languages its hub.yml lists. Map them
    to files in .vscode/settings.json (--vscode writes it), or start a file with
    `# yaml-language-server: $schema=../../schemas/roles.schema.json`.
    """
    import json

    from . import schema as schemas
    from .load import read_hub

    folder = data_dir or settings(hub / "mkdocs.yml").data_dir
    hub_model = read_hub(hub / folder, hub) if (hub / folder).is_dir() else None
    if hub_model is not None:
        out.echo(f"for the hub in {hub / folder}: its teams, collateral types and languages")
    written = schemas.write(out_dir, hub_model)
    for path in written:
        out.echo(f"wrote {path}")
    if vscode:
        editor = Path(".vscode/settings.json")
        editor.parent.mkdir(exist_ok=True)
        current = json.loads(editor.read_text()) if editor.is_file() else {}
        current.update(schemas.vscode_settings(out_dir.as_posix(), folder))
        editor.write_text(json.dumps(current, indent=2) + "\n")
        out.echo(f"wrote {editor}")


@main.command()
@click.argument("site", default="site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on; 127.0.0.1 is this machine only.")
@click.pass_obj
def serve(out: Output, site: Path, port: int, host: str) -> None:
    """Serve a built site (SITE, default site/) on this machine, as a static host would.

    For a site copied to a laptop or built with Material's offline plugin: opened from
    disk (file://), the browser lets a page fetch nothing beside it, so search, its
    filters and the home page's role prompt do not work there. Here they all do. This
    serves files only; `mkdocs serve` rebuilds as you edit.
    """
    from .static_site import server

    if not (site / "index.html").is_file():
        raise click.UsageError(f"{site} has no index.html: build the site first "
                               "(mkdocs build), or pass the folder it was built into")
    try:
        running = server(site, host, port)
    except OSError as exc:
        raise click.UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
    address = f"http://{host}:{running.server_address[1]}/"
    out.echo(f"Serving {site}/ on {address} (Ctrl+C to stop)")
    try:
        running.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.server_close()


if __name__ == "__main__":  # python -m playbook.cli
    main()
