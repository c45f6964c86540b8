"""Layers of practice: what an alliance does beyond its text, as an explicit, cited, optional layer.

The North Atlantic Treaty's text creates only a Council and a defence committee (Art. 9). NATO *as practised*
adds an integrated military command, forward-deployed multinational forces on the eastern flank and the
extended nuclear deterrent of the Allies' strategic forces. ``servanda compare`` adds these to the institutional
depth of ``nato.nat@1949`` when the layer is included (the default; ``--text-only`` leaves it out), and labels
every such item "as practised" with its source, so that a reader can see what rests on the text and what on
practice.

Sources (official NATO pages, cited in each item):

* integrated command — NATO, "Military organisation and structures" (Allied Command Operations, SHAPE
  since 1951), https://www.nato.int/cps/en/natohq/topics_49608.htm
* forward presence — NATO, "NATO's military presence in the east of the Alliance" (enhanced Forward Presence
  battlegroups in Estonia, Latvia, Lithuania and Poland since 2017; Bulgaria, Hungary, Romania and Slovakia
  since 2022), https://www.nato.int/cps/en/natohq/topics_136388.htm
* nuclear umbrella — NATO 2022 Strategic Concept, para. 28–29 ("The strategic nuclear forces of the
  Alliance, particularly those of the United States, are the supreme guarantee of the security of the
  Alliance"), https://www.nato.int/strategic-concept/ ; NATO, "NATO's nuclear deterrence policy and forces",
  https://www.nato.int/cps/en/natohq/topics_50068.htm

Example:
    >>> [p.kind for p in practice_of("nato.nat@1949")]
    ['integrated_command', 'forward_deployed_forces', 'nuclear_umbrella']
    >>> practice_of("anzus@1951")
    ()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PracticeItem:
    """One institution that exists in practice, not in the text, with its source."""

    kind: str
    level: int
    description: str
    source: str
    url: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "kind": self.kind,
            "level": self.level,
            "description": self.description,
            "source": self.source,
            "url": self.url,
        }


#: The layers of practice, by instrument id. Levels use the institutional-depth scale (3 = high).
PRACTICE: dict[str, tuple[PracticeItem, ...]] = {
    "nato.nat@1949": (
        PracticeItem(
            "integrated_command",
            3,
            "Integrated military command structure (Allied Command Operations / SHAPE, since 1951; "
            "Allied Command Transformation)",
            "NATO, 'Military organisation and structures'",
            "https://www.nato.int/cps/en/natohq/topics_49608.htm",
        ),
        PracticeItem(
            "forward_deployed_forces",
            3,
            "Forward presence: multinational battlegroups in EST, LVA, LTU, POL (since 2017) and BGR, HUN, "
            "ROU, SVK (since 2022)",
            "NATO, 'NATO's military presence in the east of the Alliance'",
            "https://www.nato.int/cps/en/natohq/topics_136388.htm",
        ),
        PracticeItem(
            "nuclear_umbrella",
            3,
            "Extended nuclear deterrence: the strategic nuclear forces of the Alliance, particularly those "
            "of the United States, are 'the supreme guarantee of the security of the Alliance'",
            "NATO 2022 Strategic Concept, para. 28-29; NATO, 'NATO's nuclear deterrence policy and forces'",
            "https://www.nato.int/cps/en/natohq/topics_50068.htm",
        ),
    ),
}


def practice_of(instrument_id: str) -> tuple[PracticeItem, ...]:
    """The layer of practice recorded for an instrument (empty for most)."""
    return PRACTICE.get(instrument_id, ())


__all__ = ["PRACTICE", "PracticeItem", "practice_of"]
