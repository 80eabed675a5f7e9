"""Plays (format v1.1): what to do, and say, in one recurring situation of the funnel."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field

from ..model import Entity, Lang, Name, ObjectionItem, Ref, Strict, Text
from ..catalog import N_
from .base import OWNER, Example, Fields, Gap, Kind, PathPart, Setting, _refs


class PlayStep(Strict):
    title: Text = Field(description="What to do.")
    detail: Optional[Text] = Field(None, description="How to do it (Markdown).")
    owner: Optional[Ref] = Field(None, description="The role that does it.")
    collateral: list[Ref] = Field(default_factory=list, description="Collateral ids it uses.")


class Play(Entity):
    """``plays/<id>.yml``: what to do, and say, in one recurring situation of the funnel."""

    title: Text
    summary: Text = Field(description="When and why to run it (Markdown).")
    stages: list[Ref] = Field(min_length=1, description="Lead-type ids: the funnel stages "
                              "it is for (at least one).")
    roles: list[Ref] = Field(min_length=1, description="Role ids that run it (at least one).")
    trigger: Optional[Text] = Field(None, description="The situation that starts the play.")
    steps: list[PlayStep] = Field(min_length=1, description="What to do, in order (at least "
                                  "one step).")
    talk_track: Optional[Text] = Field(None, description="What to say (Markdown).")
    questions: list[Text] = Field(default_factory=list, description="Discovery questions.")
    objections: list[ObjectionItem] = Field(
        default_factory=list, description="Objection ids, or objections written here.")
    exit_criteria: list[Text] = Field(default_factory=list, description="When the play is "
                                      "done and the lead moves on.")
    metrics: list[Ref] = Field(default_factory=list, description="Metric ids it moves.")
    competitors: list[Ref] = Field(default_factory=list,
                                   description="Competitor ids it is meant against.")
    owner: Name = Field(description="Who keeps it current.")
    updated: Optional[dt.date] = None
    review_by: Optional[dt.date] = None
    language: Optional[Lang] = None


def _play(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  When to run this play, and why it works."),
             ("stages", f"[{e.stage}]"), ("roles", f"[{e.role}]"),
             ("steps", f"[{{title: The first thing to do, owner: {e.role}}}, "
              "{title: The next thing to do}]"), ("owner", OWNER)],
            [("trigger", "The situation that starts the play."),
             ("talk_track", "What to say, in Markdown."),
             ("questions", "[What would change if you solved this?]"),
             ("objections", '[{objection: "We have no budget.", response: "Ask what the '
              'problem costs them today."}]'),
             ("exit_criteria", "[The next meeting is booked.]"),
             ("metrics", f"[{e.first('metrics', 'close-rate')}]"),
             ("competitors", f"[{e.first('competitors', 'a-competitor')}]"),
             ("updated", e.today.isoformat()), ("review_by", e.a_year_on),
             ("language", e.pb.default_language)])


RELATIONS = {
    # the plays a role runs, each under the earliest stage it is for
    "plays_of_role_by_stage": lambda pb: lambda role_id, lang=None: pb.by_first_stage(
        pb.referring("plays", "roles").get(role_id, []), lang),
    "plays_by_stage": lambda pb: lambda lang=None: pb.by_first_stage(pb.plays.values(), lang),
}


NO_PLAY = "Stages and roles with no play"
GAPS = (
    Gap("stages_without_plays",
        lambda pb: [lt for lt in pb.funnel if not pb.referring("plays", "lead-types").get(lt.id)],
        NO_PLAY, ("stage or role",), lambda lt: [f"lead-types/{lt.id}"]),
    # (the roles that work leads)
    Gap("roles_without_plays",
        lambda pb: [r for _, roles in pb.teams for r in roles
                    if r.works and not pb.referring("plays", "roles").get(r.id)],
        NO_PLAY, ("stage or role",), lambda r: [f"roles/{r.id}"]),
)


EFFORT = Setting("play", float, Field(
    1.0, gt=0, description="Per play the role runs, to practise it."))


PATH_PART = PathPart(
    rank=6, effort=EFFORT.name, title=N_("The plays you run"),
    body=N_("What to do and say in the situations you will meet: practise each play before "
            "you run it with a customer."),
    task=N_("Practise the play “{play}” with your buddy, from its trigger to its exit criteria"),
    origin=N_("from the plays you run"), about="play")


KIND = Kind("plays", Play, "play", "plays",
    _refs(("stages[]", "lead-types"), ("roles[]", "roles"), ("steps[].owner", "roles"),
           ("steps[].collateral[]", "collateral"),
           ("objections[].collateral[]", "collateral"),
           ("metrics[]", "metrics"), ("competitors[]", "competitors")),
    "play.html.j2", "plays_index.html.j2", "Plays", "play", "Play", "Plays",
    stale_after="stale_after_days", stale_word="play", review_word="play",
    facets=("stage", "role", "language"), example=_play, path_part=PATH_PART, relations=RELATIONS, gaps=GAPS,
    efforts=(EFFORT,), order=80)
