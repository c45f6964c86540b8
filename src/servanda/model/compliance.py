"""Compliance records (format ``servanda-compliance/1``): what states did, or were said not to do.

A compliance file lists actions taken by states, each from the instrument vocabulary
(:class:`~servanda.model.vocabulary.Action`), with the state that acted, the state it acted for, the
date and the source that reports it. ``servanda monitor`` matches them against activated obligations
to decide whether an obligation was honoured, breached or is disputed (see ``docs/monitor.md``)::

    format: servanda-compliance/1
    records:
      - actor: USA
        action: consult
        beneficiary: UKR
        date: 2026-03-02
        source: "White House readout, 2 March 2026"
        status: taken          # taken (default) | denied | partial

Example:
    >>> r = ComplianceRecord(actor="USA", action="consult", beneficiary="UKR", date="2026-03-02",
    ...                      source="readout")
    >>> r.status.value, r.action.value
    ('taken', 'consult')
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from servanda.model.codes import PartyCode
from servanda.model.vocabulary import Action, Described

COMPLIANCE_FORMAT = "servanda-compliance/1"

#: Columns of a compliance CSV file (``id``, ``obligation`` and ``note`` are optional).
COMPLIANCE_COLUMNS = (
    "id",
    "actor",
    "action",
    "beneficiary",
    "date",
    "source",
    "status",
    "obligation",
    "note",
)


class ComplianceStatus(Described):
    """What the source says about the action."""

    TAKEN = "taken"
    DENIED = "denied"
    PARTIAL = "partial"


class ComplianceRecord(BaseModel):
    """One action by one state, as one source reports it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str | None = Field(default=None, description="Record id (defaults to its position).")
    actor: PartyCode = Field(description="The state (ISO3) or organisation that acted.")
    action: Action = Field(description="The action, from the instrument vocabulary.")
    beneficiary: PartyCode | None = Field(default=None, description="The state it acted for, if any.")
    date: dt.date = Field(description="When the action was taken (or, when denied, when it was reported).")
    source: str = Field(min_length=1, description="Source citation for the record.")
    status: ComplianceStatus = Field(
        default=ComplianceStatus.TAKEN,
        description="taken (the action was taken), denied (the source says it was not), partial.",
    )
    obligation: str | None = Field(
        default=None, description="Restrict the record to one obligation id (optional)."
    )
    note: str | None = None


class ComplianceFile(BaseModel):
    """A ``servanda-compliance/1`` YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str
    records: list[dict[str, object]] = Field(default_factory=list)
    note: str | None = None
