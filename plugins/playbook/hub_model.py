"""hub.yml's model: the settings of the whole hub (:class:`playbook.model.HubBase`) and
those each kind brings (:attr:`Kind.settings`: its staleness, a list its references name;
:attr:`Kind.efforts`: the hours of its modules on an onboarding path), made once from the
registry, so that a kind added brings its settings with it."""

from __future__ import annotations

from typing import Any, Iterable

from pydantic import Field, create_model

from .kinds import KINDS, Setting
from .model import HubBase, OnboardingBase, Strict


def _fields(settings: Iterable[Setting]) -> dict[str, Any]:
    return {s.name: (s.annotation, s.field) for s in settings}


OnboardingEffort = create_model(
    "OnboardingEffort", __base__=Strict, __module__=__name__,
    __doc__="Hours given to the generated modules of onboarding paths (optional, in hub.yml).",
    **_fields(s for k in KINDS.values() for s in k.efforts))

OnboardingSettings = create_model(
    "OnboardingSettings", __base__=OnboardingBase, __module__=__name__,
    effort=(OnboardingEffort, Field(default_factory=OnboardingEffort,
                                    description="Hours given to each generated module of a path.")))

Hub = create_model(
    "Hub", __base__=HubBase, __module__=__name__, __doc__=HubBase.__doc__,
    **_fields(s for k in KINDS.values() for s in k.settings),
    onboarding=(OnboardingSettings, Field(
        default_factory=OnboardingSettings,
        description="How onboarding paths are paced: hours per week and per module.")))
Hub.FOLLOWS = {s.name: s.follows for k in KINDS.values() for s in k.settings if s.follows}

__all__ = ["Hub", "OnboardingEffort", "OnboardingSettings"]
