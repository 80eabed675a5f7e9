"""The kinds of the playbook format as pydantic models: one class per kind.

Each class checks one file on its own (fields, types, required values). Whether the ids a
file names exist, and the rules that span files, are the job of :mod:`playbook.validate`.
A model's id is its file's stem; it is not a field, so it is kept in ``_id``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Iterator, Literal, Optional, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, PrivateAttr,
                      StringConstraints, Tag, ValidationInfo, field_validator,
                      model_validator)

from .text import LANG_PATTERN, LocalizedText

Text = LocalizedText
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ref = Name  # an id naming another entity; whether it exists is checked across files
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

ID_RULE = "lowercase letters, digits and single hyphens, such as 'account-executive'"

DEFAULT_TEAMS = ["sales", "marketing", "enablement", "operations", "customer-success"]
DEFAULT_COLLATERAL_TYPES = [
    "blog-post", "video", "white-paper", "case-study", "product-guide", "deck", "one-pager",
    "email-template", "call-script", "battlecard", "webinar", "infographic", "checklist",
]
DEFAULT_OBJECTION_CATEGORIES = ["price", "timing", "need", "authority", "competitor", "trust",
                                "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False,
                              allow_inf_nan=False)  # (1e400 is infinity: no number of hours)


class Entity(_Strict):
    """Base of every kind that lives one per file under ``playbook/<kind>/``."""

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        # Straight from pydantic's store of private attributes: `self._id` goes through
        # BaseModel.__getattr__, and pages ask for ids hundreds of thousands of times.
        return self.__pydantic_private__["_id"]  # type: ignore[index]


class OnboardingEffort(_Strict):
    """Hours given to the generated modules of onboarding paths (optional, in hub.yml)."""

    responsibility: float = Field(
        1.5, gt=0, description="Per responsibility the role is accountable or responsible for.")
    lead_types: float = Field(1.0, gt=0, description="The module on lead types and handoffs.")
    collateral_item: float = Field(0.5, gt=0, description="Per collateral item to read.")
    kpi: float = Field(0.5, gt=0, description="Per KPI of the role.")
    play: float = Field(1.0, gt=0, description="Per play the role runs, to practise it.")
    objection: float = Field(0.25, gt=0, description="Per objection the role hears, to "
                             "rehearse the answer.")


class OnboardingSettings(_Strict):
    hours_per_week: float = Field(20, gt=0, description="How much onboarding fits in one week.")
    effort: OnboardingEffort = Field(default_factory=OnboardingEffort)


class Hub(_Strict):
    """``hub.yml``: settings of the whole hub."""

    name: Text = Field(description="The hub's name.")
    languages: list[Lang] = Field(
        default_factory=lambda: ["en"], min_length=1,
        description="Language codes; the first is the default.")
    teams: list[Id] = Field(default_factory=lambda: list(DEFAULT_TEAMS), min_length=1,
                            description="Allowed values of a role's team.")
    collateral_types: list[Id] = Field(
        default_factory=lambda: list(DEFAULT_COLLATERAL_TYPES), min_length=1,
        description="Allowed values of a collateral item's type.")
    stale_after_days: int = Field(365, gt=0, description="Collateral and plays not updated "
                                  "or reviewed for longer are stale.")
    stale_after_days_competitors: int = Field(
        90, gt=0, description="Battlecards not updated or reviewed for longer are stale "
        "(claims about a competitor age fast).")
    objection_categories: list[Id] = Field(
        default_factory=lambda: list(DEFAULT_OBJECTION_CATEGORIES), min_length=1,
        description="Allowed values of an objection's category.")
    stale_after_days_objections: int = Field(
        365, gt=0, description="Objections not updated or reviewed for longer are stale "
        "(default: stale_after_days).")
    onboarding: OnboardingSettings = Field(default_factory=OnboardingSettings)

    @model_validator(mode="before")
    @classmethod
    def _objections_age_like_collateral(cls, data: Any) -> Any:
        """stale_after_days_objections defaults to stale_after_days."""
        if isinstance(data, dict) and "stale_after_days_objections" not in data \
                and "stale_after_days" in data:
            data = {**data, "stale_after_days_objections": data["stale_after_days"]}
        return data

    @field_validator("languages")
    @classmethod
    def _each_language_once(cls, codes: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        twice = []
        for code in codes:
            same = seen.get(code.lower())
            seen.setdefault(code.lower(), code)
            if same is not None:
                twice.append(f"'{code}' is listed twice" if code == same else
                             f"'{code}' and '{same}' are the same language (codes do not "
                             "differ by case)")
        if twice:
            raise ValueError("; ".join(twice) + ": list each language once")
        return codes

    @property
    def default_language(self) -> str:
        return self.languages[0]


class Handoff(_Strict):
    to: Ref = Field(description="The role that receives the lead.")
    lead_type: Ref = Field(description="The lead type at which the lead is passed on.")
    when: Optional[Text] = Field(None, description="When the handoff happens.")


class Difference(_Strict):
    role: Ref = Field(description="A similar role.")
    note: Optional[Text] = Field(None, description="How the two differ.")


class Role(Entity):
    """``roles/<id>.yml``: a job in the sales organisation."""

    title: Text
    summary: Text = Field(description="What the role is for (Markdown).")
    team: Ref = Field(description="One of the hub's teams.")
    aka: list[Name] = Field(default_factory=list, description="Other titles for the role.")
    reports_to: Optional[Ref] = Field(None, description="The role this one reports to.")
    focus: Optional[Literal["short-term", "long-term"]] = None
    works: list[Ref] = Field(default_factory=list, description="Lead types it handles.")
    handoffs: list[Handoff] = Field(default_factory=list)
    kpis: list[Ref] = Field(default_factory=list, description="Metric ids.")
    differs_from: list[Difference] = Field(default_factory=list)
    skills: list[Name] = Field(default_factory=list)
    owner: Optional[Name] = Field(None, description="Who maintains this definition.")


class Responsibility(Entity):
    """``responsibilities/<id>.yml``: a duty with its RACI assignment."""

    title: Text
    description: Optional[Text] = None
    area: Optional[Name] = Field(None, description="Grouping, e.g. planning or analytics.")
    accountable: Ref = Field(description="Exactly one role id.")
    responsible: list[Ref] = Field(min_length=1, description="At least one role id.")
    consulted: list[Ref] = Field(default_factory=list)
    informed: list[Ref] = Field(default_factory=list)
    metrics: list[Ref] = Field(default_factory=list)
    collateral: list[Ref] = Field(default_factory=list)


class LeadType(Entity):
    """``lead-types/<id>.yml``: a stage of the funnel."""

    title: Text
    definition: Text
    order: int = Field(description="Position along the funnel; smaller is earlier.")
    temperature: Optional[Literal["cold", "warm", "hot"]] = None
    owner_team: Optional[Ref] = None
    criteria: list[Text] = Field(default_factory=list)
    timeline: Optional[Text] = None
    next: list[Ref] = Field(default_factory=list)


class LeadSource(Entity):
    """``lead-sources/<id>.yml``: where leads come from."""

    title: Text
    description: Optional[Text] = None
    channel: Literal["online", "offline", "referral"]
    produces: list[Ref] = Field(default_factory=list)
    owner_team: Optional[Ref] = None


class Metric(Entity):
    """``metrics/<id>.yml``: a number the team is judged on."""

    title: Text
    definition: Text
    formula: Optional[Name] = None
    unit: Optional[Name] = None
    better: Optional[Literal["higher", "lower"]] = None
    target: Optional[Name] = None


class Collateral(Entity):
    """``collateral/<id>.yml``: an item of the collateral library."""

    title: Text
    summary: Text
    type: Ref
    url: Optional[Name] = None
    file: Optional[Name] = None
    audience: list[Ref] = Field(min_length=1)
    stages: list[Ref] = Field(default_factory=list)
    language: Optional[Lang] = None
    owner: Name
    version: Optional[Name] = None
    updated: Optional[dt.date] = None
    review_by: Optional[dt.date] = None
    tags: list[Name] = Field(default_factory=list)


class Check(_Strict):
    """A knowledge check of an onboarding module: a question and its right answer."""

    question: Text = Field(description="What the reader is asked.")
    choices: list[Text] = Field(min_length=2, max_length=6,
                                description="The answers to choose from, 2 to 6.")
    answer: int = Field(ge=0, description="The right choice: 0 is the first.")
    explanation: Optional[Text] = Field(None, description="Why that answer is right, "
                                        "shown once the reader has answered.")

    @field_validator("answer")
    @classmethod
    def _answer_is_a_choice(cls, answer: int, info: ValidationInfo) -> int:
        choices = info.data.get("choices")
        if choices is not None and answer >= len(choices):
            raise ValueError(f"expected the number of one of the {len(choices)} choices, 0 "
                             f"to {len(choices) - 1} (0 is the first), found {answer}")
        return answer


class OnboardingModule(Entity):
    """``onboarding/<id>.yml``: a module of the onboarding paths."""

    title: Text
    roles: Union[Literal["all"], list[Ref]] = Field(
        description="Role ids whose paths include it, or 'all'.")
    after: list[Ref] = Field(default_factory=list)
    hours: float = Field(gt=0)
    body: Optional[Text] = None
    tasks: list[Text] = Field(default_factory=list)
    collateral: list[Ref] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    plays: list[Ref] = Field(default_factory=list, description="Play ids the module "
                             "practises: each becomes a task.")


class PlayStep(_Strict):
    title: Text = Field(description="What to do.")
    detail: Optional[Text] = Field(None, description="How to do it (Markdown).")
    owner: Optional[Ref] = Field(None, description="The role that does it.")
    collateral: list[Ref] = Field(default_factory=list, description="Collateral ids it uses.")


class InlineObjection(_Strict):
    """An objection written in a play or a battlecard itself (an item of its
    ``objections`` may instead name one of the objection library by id)."""

    objection: Text = Field(description="What the buyer says.")
    response: Text = Field(description="The answer (Markdown).")
    collateral: list[Ref] = Field(default_factory=list,
                                  description="Collateral ids that back the answer.")


#: An item of a play's or a battlecard's ``objections``: an objection id of the library, or
#: one written in place. Told apart by its shape, so that a mistake in either gets one
#: error (the tags are left out of the error's path: UNION_BRANCHES).
ObjectionItem = Annotated[
    Union[Annotated[Ref, Tag("<id>")], Annotated[InlineObjection, Tag("<mapping>")]],
    Discriminator(lambda v: "<mapping>" if isinstance(v, (dict, InlineObjection)) else "<id>")]

#: The branches of unions that pydantic names in an error's path.
UNION_BRANCHES = ("literal['all']", "list[str]", "list[constrained-str]", "<id>", "<mapping>")


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


class Competitor(Entity):
    """``competitors/<id>.yml``: a battlecard, one competitor and how to win against it."""

    title: Text = Field(description="The competitor's name.")
    summary: Text = Field(description="How they position themselves (Markdown).")
    website: Optional[Name] = Field(None, description="An http or https address.")
    strengths: list[Text] = Field(default_factory=list)
    weaknesses: list[Text] = Field(default_factory=list)
    why_we_win: list[Text] = Field(default_factory=list)
    landmines: list[Text] = Field(default_factory=list)
    objections: list[ObjectionItem] = Field(
        default_factory=list, description="Objection ids, or objections written here.")
    proof: list[Ref] = Field(default_factory=list, description="Collateral ids: case "
                             "studies, comparisons.")
    owner: Name = Field(description="Who keeps it current.")
    updated: Optional[dt.date] = None
    review_by: Optional[dt.date] = None


def texts_of(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, LocalizedText]]:
    """Every localized text in a model, with its path (``("handoffs", 0, "when")``)."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from texts_of(item, path + (i,))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts_of(getattr(value, name), path + (name,))
