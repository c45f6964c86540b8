"""What makes two obligations incompatible for one bearer.

Example:
    >>> # opposed(assist, refrain_from_assisting) -> True
"""

from __future__ import annotations

from servanda.model.instrument import Obligation
from servanda.model.vocabulary import OPPOSED_ACTIONS, Modality


def opposed(a: Obligation, b: Obligation) -> bool:
    """True when one bearer cannot comply with both (same action forbidden/required, or opposed actions)."""
    required = {Modality.OBLIGATION}
    if a.action == b.action:
        return {a.modality, b.modality} == {Modality.OBLIGATION, Modality.PROHIBITION}
    if frozenset({a.action, b.action}) in OPPOSED_ACTIONS:
        return a.modality in required and b.modality in required
    return False
