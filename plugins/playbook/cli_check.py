"""`playbook validate`, `review` and `audit`: what is wrong, due and missing in a hub."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import reporters
from .review import DEFAULT_WITHIN, ENGLISH
from .cli_support import (DATA_DIR, DOCS_DIR, HUB, MAX_YAML_BYTES, Output, TODAY,
                          files_read, hub_settings, load_hub, override_options, print_table,
                          stop_on_errors, today_date)


@click.command()
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
    options = override_options(hub, found)
    result = load_hub(hub, found, today, out, render_pages=options is not None,
                      options=options)
    report = result.report
    files = files_read(result)
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


@click.command("review")
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

    date = today_date(today)
    result = load_hub(hub, hub_settings(hub, data_dir, docs_dir), today, out)
    stop_on_errors(out, result, 2)
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


@click.command("audit")
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
    from .audit import audit, gaps

    result = load_hub(hub, hub_settings(hub, data_dir, docs_dir), today, out)
    stop_on_errors(out, result, 1)
    pb = result.playbook
    a_today = today_date(today)
    a = audit(pb, a_today)
    out.echo(f"Coverage: collateral per role and funnel stage ({a.gaps} gaps)", bold=True)
    print_table(out, ["role"] + [lt.id for lt in a.stages],
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
    ]
    for gap in gaps():  # (the kinds' gaps; those of one section in one table)
        rows = [gap.row(entity) for entity in a.found[gap.name]]
        if sections[-1][0] == gap.section:
            sections[-1][2].extend(rows)
        else:
            sections.append((gap.section, list(gap.columns), rows))
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
            print_table(out, header, rows)
        else:
            out.echo("none")
