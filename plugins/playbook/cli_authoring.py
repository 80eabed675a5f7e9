"""`playbook init`, `export`, `new`, `messages`, `schema`, `cms` and `serve`: a hub started,
data out of it, files and words into it, the browser editor's configuration, and a site
served."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import reporters
from .hub_config import settings
from .cli_support import (DATA_DIR, DOCS_DIR, HUB, MAX_YAML_BYTES, Output, TODAY,
                          directory_urls, files_read, hub_settings, language_code, load_hub,
                          today_date)


@click.command("export")
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
        reporters.text(result.report, files_read(result),
                       lambda message="", **style: out.echo(message, err=True, **style))
        sys.exit(1)
    if language is not None and language not in pb.hub.languages:
        raise click.BadParameter(f"expected one of the hub's languages "
                                 f"({', '.join(pb.hub.languages)}), found '{language}'",
                                 param_hint="--language")
    if fmt == "json":
        text = export_json(pb, today_date(today), directory_urls(hub))
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


@click.command()
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
        path = new_file(hub / found.data_dir, kind, id, result.playbook, today_date(None))
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    out.echo(f"created {path}", fg="green")
    out.echo("Fill it in, then check it with: playbook validate")


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default=None, help="The hub's name (default: from the folder's).")
@click.option("--language", "languages", multiple=True, metavar="LANG",
              help="A language of the hub, once per language; the first is the default "
                   "(default: en).")
@click.pass_obj
def init(out: Output, folder: Path, name: str | None, languages: tuple[str, ...]) -> None:
    """Start a hub in FOLDER (default: here): mkdocs.yml, a home page, playbook/ with a few
    files of each core kind that name one another, and the schemas editors complete
    fields with. It validates and builds with --strict as it is; edit or replace the
    files. Refuses a folder that has a hub, and overwrites nothing.

        playbook init acme-playbook --name "Acme Sales Playbook" --language en --language ur
    """

    from . import schema as schemas
    from .load import read_hub
    from .starter import StarterError, write

    for code in languages:
        language_code(code, "--language")
    folder_name = folder.resolve().name
    title = name or (folder_name.replace("-", " ").replace("_", " ").title()
                     if folder_name else "Sales Playbook")
    try:
        written = write(folder, title, list(dict.fromkeys(languages)) or ["en"],
                        today_date(None))
    except StarterError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        raise click.FileError(str(folder), exc.strerror or str(exc)) from None
    written += schemas.write(folder / "schemas", read_hub(folder / "playbook", folder))
    editor = folder / ".vscode" / "settings.json"
    if not editor.exists():
        schemas.write_vscode_settings(editor, "schemas", "playbook")
        written.append(editor)
    out.echo(f"created a hub in {folder}/: {len(written)} files", fg="green")
    where = "" if folder == Path(".") else f"cd {folder} && "
    out.echo(f"Next: {where}mkdocs serve   (then open http://127.0.0.1:8000/)")
    out.echo("      playbook new role <id>   (and collateral, play, ...); playbook validate")


@click.command()
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

    import yaml

    from . import catalog
    from .diagnostics import Report
    from .load import load_catalog, read_hub
    from .hub_model import Hub
    from .sources import discover

    language_code(lang, "LANG", example="el")
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


@click.command()
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
        schemas.write_vscode_settings(editor, out_dir.as_posix(), folder)
        out.echo(f"wrote {editor}")


@click.command()
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


@click.command("cms")
@HUB
@DATA_DIR
@DOCS_DIR
@click.option("-o", "--output", default="-", show_default=True,
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="The file to write (such as content/admin/config.yml); - writes to "
                   "standard output.")
@click.pass_obj
def cms(out: Output, hub: Path, data_dir: str | None, docs_dir: str | None,
        output: Path) -> None:
    """Write the browser editor's configuration (Decap CMS's config.yml) for the hub.

    A collection per kind, a widget per field, the hub's teams, collateral types and
    languages as choices, references as relation widgets: what the plugin publishes at
    admin/config.yml when mkdocs.yml sets its `editor` option (whose settings it reads:
    backend, branch, app_id, local_backend, folder). Write it out to edit it by hand, e.g.
    to publish the editor from a hub's own admin/ folder. Exits 1 when the hub has errors.
    """
    from . import editor

    found = hub_settings(hub, data_dir, docs_dir)
    result = load_hub(hub, found, None, out)
    if result.report.errors:
        reporters.text(result.report, files_read(result),
                       lambda message="", **style: out.echo(message, err=True, **style))
        sys.exit(1)
    text = editor.to_yaml(editor.config_of(result.playbook, found))
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    out.echo(f"wrote {output}", err=True, fg="green")
