"""Closed vocabularies of the instrument format.

Every enumeration an instrument file may use lives here, with a one-line meaning that
``docs/format.md`` and the JSON Schema take from this module. Values are snake_case.

Example:
    >>> Action("consult").describe()
    'hold consultations with the other party or parties'
"""

from __future__ import annotations

from enum import StrEnum


class Described(StrEnum):
    """A string enum whose members carry a documentation sentence."""

    def describe(self) -> str:
        """The sentence documenting this value."""
        return _DESCRIPTIONS.get(type(self).__name__, {}).get(self.value, "")


class Role(Described):
    PARTY = "party"
    GUARANTOR = "guarantor"
    BENEFICIARY = "beneficiary"
    DEPOSITARY = "depositary"


class LegalFormKind(Described):
    TREATY = "treaty"
    CONGRESSIONAL_EXECUTIVE_AGREEMENT = "congressional_executive_agreement"
    SOLE_EXECUTIVE_AGREEMENT = "sole_executive_agreement"
    STATUTE = "statute"
    POLITICAL_DECLARATION = "political_declaration"


class RatificationStatus(Described):
    RATIFIED = "ratified"
    PENDING = "pending"
    SIGNED = "signed"
    NOT_REQUIRED = "not_required"
    PROPOSED = "proposed"


class InstrumentStatus(Described):
    IN_FORCE = "in_force"
    SIGNED = "signed"
    PROPOSED = "proposed"
    TERMINATED = "terminated"
    SUPERSEDED = "superseded"


class Modality(Described):
    OBLIGATION = "obligation"
    PERMISSION = "permission"
    PROHIBITION = "prohibition"
    RIGHT = "right"


class Action(Described):
    CONSULT = "consult"
    INFORM = "inform"
    REPORT_TO_UNSC = "report_to_unsc"
    SEEK_UNSC_ACTION = "seek_unsc_action"
    ASSIST = "assist"
    PROVIDE_MILITARY_ASSISTANCE = "provide_military_assistance"
    PROVIDE_FINANCIAL_ASSISTANCE = "provide_financial_assistance"
    PROVIDE_ECONOMIC_ASSISTANCE = "provide_economic_assistance"
    PROVIDE_INTELLIGENCE = "provide_intelligence"
    IMPOSE_SANCTIONS = "impose_sanctions"
    DEPLOY_FORCES = "deploy_forces"
    STATION_FORCES = "station_forces"
    GRANT_BASING = "grant_basing"
    USE_ARMED_FORCE = "use_armed_force"
    MAINTAIN_CAPACITY = "maintain_capacity"
    REFRAIN_FROM_FORCE = "refrain_from_force"
    REFRAIN_FROM_THREAT_OF_FORCE = "refrain_from_threat_of_force"
    REFRAIN_FROM_ECONOMIC_COERCION = "refrain_from_economic_coercion"
    REFRAIN_FROM_NUCLEAR_USE = "refrain_from_nuclear_use"
    RESPECT_SOVEREIGNTY = "respect_sovereignty"
    RESPECT_BORDERS = "respect_borders"
    NOT_JOIN_CONFLICTING_ALLIANCE = "not_join_conflicting_alliance"
    SETTLE_DISPUTES_PEACEFULLY = "settle_disputes_peacefully"
    MONITOR = "monitor"
    CEASE_FIRE = "cease_fire"
    WITHDRAW_FORCES = "withdraw_forces"
    FUND = "fund"
    RESTORE_SANCTIONS = "restore_sanctions"
    LIFT_SANCTIONS = "lift_sanctions"


class Discretion(Described):
    MANDATORY = "mandatory"
    DEEMS_NECESSARY = "deems_necessary"
    BEST_EFFORTS = "best_efforts"
    INTENT = "intent"
    POLICY = "policy"


class Promptness(Described):
    FORTHWITH = "forthwith"
    IMMEDIATELY = "immediately"
    PROMPTLY = "promptly"
    NONE = "none"


class ConditionKind(Described):
    CONSTITUTIONAL_PROCESSES = "constitutional_processes"
    REQUEST_OF_PARTY = "request_of_party"
    UN_CHARTER_ART_51 = "un_charter_art_51"
    UNSC_AUTHORISATION = "unsc_authorisation"
    APPROPRIATIONS = "appropriations"
    MUTUAL_AGREEMENT = "mutual_agreement"
    PRIOR_CONSULTATION = "prior_consultation"
    NEUTRALITY_RESERVATION = "neutrality_reservation"
    NON_PROVOCATION = "non_provocation"
    OTHER = "other"


class TriggerKind(Described):
    ATTACK = "attack"
    THREAT_OF_ATTACK = "threat_of_attack"
    BREACH = "breach"
    SITUATION = "situation"
    NUCLEAR_AGGRESSION = "nuclear_aggression"


class EventClass(Described):
    ARMED_CLASH = "armed_clash"
    SHELLING = "shelling"
    AIR_STRIKE = "air_strike"
    MISSILE_STRIKE = "missile_strike"
    GROUND_ASSAULT = "ground_assault"
    TERRITORIAL_SEIZURE = "territorial_seizure"
    REMOTE_EXPLOSIVE = "remote_explosive"
    MARITIME_ATTACK = "maritime_attack"
    NUCLEAR_USE = "nuclear_use"
    ATTACK_ON_CIVILIANS = "attack_on_civilians"
    CYBER_ATTACK = "cyber_attack"
    THREAT_OF_FORCE = "threat_of_force"
    NUCLEAR_THREAT = "nuclear_threat"
    FORCE_BUILDUP = "force_buildup"
    CEASEFIRE_VIOLATION = "ceasefire_violation"
    ECONOMIC_COERCION = "economic_coercion"
    OTHER = "other"


#: Named groups of event classes usable wherever an event class is expected.
EVENT_CLASS_GROUPS: dict[str, frozenset[EventClass]] = {
    "armed_attack": frozenset(
        {
            EventClass.ARMED_CLASH,
            EventClass.SHELLING,
            EventClass.AIR_STRIKE,
            EventClass.MISSILE_STRIKE,
            EventClass.GROUND_ASSAULT,
            EventClass.TERRITORIAL_SEIZURE,
            EventClass.REMOTE_EXPLOSIVE,
            EventClass.MARITIME_ATTACK,
            EventClass.NUCLEAR_USE,
        }
    ),
    "threat": frozenset({EventClass.THREAT_OF_FORCE, EventClass.NUCLEAR_THREAT, EventClass.FORCE_BUILDUP}),
    "nuclear": frozenset({EventClass.NUCLEAR_USE, EventClass.NUCLEAR_THREAT}),
}


class EnforcementMechanism(Described):
    SANCTIONS_SNAPBACK = "sanctions_snapback"
    ESCROWED_FUNDS = "escrowed_funds"
    MONITORING_MISSION = "monitoring_mission"
    DISPUTE_SETTLEMENT = "dispute_settlement"
    ARBITRATION = "arbitration"
    SECURITY_COUNCIL_REFERRAL = "security_council_referral"
    SUSPENSION_OF_BENEFITS = "suspension_of_benefits"
    REPORTING = "reporting"


class FundingSource(Described):
    BUDGET_APPROPRIATION = "budget_appropriation"
    IMMOBILISED_ASSETS = "immobilised_assets"
    LOAN = "loan"
    MULTILATERAL_FUND = "multilateral_fund"
    IN_KIND = "in_kind"
    UNSPECIFIED = "unspecified"


class InstitutionKind(Described):
    INTEGRATED_COMMAND = "integrated_command"
    STANDING_ORGANISATION = "standing_organisation"
    BASING_RIGHTS = "basing_rights"
    FORWARD_DEPLOYED_FORCES = "forward_deployed_forces"
    JOINT_PLANNING = "joint_planning"
    COMMON_DEFENCE_POLICY = "common_defence_policy"
    MILITARY_AID_PROGRAMME = "military_aid_programme"
    TRAINING = "training"
    DEFENCE_INDUSTRIAL_COOPERATION = "defence_industrial_cooperation"
    INTELLIGENCE_SHARING = "intelligence_sharing"
    NON_MILITARY_COOPERATION = "non_military_cooperation"


class TimeUnit(Described):
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class Renewal(Described):
    NONE = "none"
    AUTOMATIC = "automatic"
    BY_MUTUAL_AGREEMENT = "by_mutual_agreement"
    UNSPECIFIED = "unspecified"


class LockRequirement(Described):
    SENATE_TWO_THIRDS = "senate_two_thirds"
    ACT_OF_CONGRESS = "act_of_congress"
    PARLIAMENTARY_APPROVAL = "parliamentary_approval"
    PARLIAMENTARY_SUPERMAJORITY = "parliamentary_supermajority"
    UNANIMITY_OF_PARTIES = "unanimity_of_parties"


class ExceptionEffect(Described):
    SUSPEND = "suspend"
    MODIFY = "modify"


#: Party selectors usable in ``bearer``, ``beneficiary``, ``actor``, ``target`` and ``country`` lists.
SELECTORS: dict[str, str] = {
    "$parties": "every party to the instrument (any role)",
    "$guarantors": "every party with the role guarantor",
    "$beneficiaries": "every party with the role beneficiary",
    "$target": "the state attacked in the triggering events (obligations only)",
    "$other_parties": "every party except the state attacked in the triggering events (obligations only)",
}

#: Selectors that depend on the triggering events and so exist only for obligations.
EVENT_SELECTORS = frozenset({"$target", "$other_parties"})

#: Pairs of actions that cannot both be performed by one bearer.
OPPOSED_ACTIONS: frozenset[frozenset[Action]] = frozenset(
    {
        frozenset({Action.USE_ARMED_FORCE, Action.REFRAIN_FROM_FORCE}),
        frozenset({Action.DEPLOY_FORCES, Action.WITHDRAW_FORCES}),
        frozenset({Action.IMPOSE_SANCTIONS, Action.LIFT_SANCTIONS}),
        frozenset({Action.RESTORE_SANCTIONS, Action.LIFT_SANCTIONS}),
    }
)

#: Strength of a discretion level (5: mandatory … 1: policy), for comparing obligations.
DISCRETION_RANK: dict[Discretion, int] = {
    Discretion.MANDATORY: 5,
    Discretion.DEEMS_NECESSARY: 4,
    Discretion.BEST_EFFORTS: 3,
    Discretion.INTENT: 2,
    Discretion.POLICY: 1,
}
#: Action strength of a response obligation (0: not a response to the beneficiary's attack).
ACTION_RANK: dict[Action, int] = {
    Action.USE_ARMED_FORCE: 5,
    Action.DEPLOY_FORCES: 5,
    Action.ASSIST: 4,
    Action.PROVIDE_MILITARY_ASSISTANCE: 3,
    Action.PROVIDE_INTELLIGENCE: 2,
    Action.IMPOSE_SANCTIONS: 2,
    Action.RESTORE_SANCTIONS: 2,
    Action.PROVIDE_FINANCIAL_ASSISTANCE: 2,
    Action.PROVIDE_ECONOMIC_ASSISTANCE: 2,
    Action.FUND: 2,
    Action.CONSULT: 1,
    Action.SEEK_UNSC_ACTION: 1,
    Action.MONITOR: 1,
}
# ``report_to_unsc`` and ``inform`` are duties towards the Security Council or a legislature, not responses
# for the beneficiary, and have no rank.

_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Role": {
        "party": "a state or organisation bound by the instrument",
        "guarantor": "a party that undertakes obligations for the security of a beneficiary",
        "beneficiary": "a party whose security the instrument protects",
        "depositary": "the party that keeps the instrument and receives notices (e.g. of withdrawal)",
    },
    "LegalFormKind": {
        "treaty": "a treaty ratified with legislative consent (e.g. US Art. II advice and consent of two-thirds of the Senate)",
        "congressional_executive_agreement": "an agreement approved by statute in both chambers (US); binding internationally like a treaty",
        "sole_executive_agreement": "an agreement concluded by the executive alone, without a legislative vote",
        "statute": "a domestic statute (e.g. the Taiwan Relations Act); binds the enacting state only",
        "political_declaration": "a memorandum, joint declaration or political commitment; not legally binding",
    },
    "RatificationStatus": {
        "ratified": "every required domestic approval obtained and ratification completed",
        "pending": "signed, domestic approval under way",
        "signed": "signed; no ratification has taken place",
        "not_required": "the legal form needs no ratification (in force on signature)",
        "proposed": "not yet signed",
    },
    "InstrumentStatus": {
        "in_force": "in force today",
        "signed": "signed, not (yet) in force",
        "proposed": "a draft or proposal",
        "terminated": "no longer in force",
        "superseded": "replaced by a later instrument",
    },
    "Modality": {
        "obligation": "the bearer must perform the action (deontic O)",
        "permission": "the bearer may perform the action (deontic P)",
        "prohibition": "the bearer must not perform the action (deontic F)",
        "right": "the bearer may demand the action from another party",
    },
    "Action": {
        "consult": "hold consultations with the other party or parties",
        "inform": "inform or notify (e.g. the legislature, the other parties)",
        "report_to_unsc": "report measures taken to the UN Security Council",
        "seek_unsc_action": "seek immediate UN Security Council action",
        "assist": "assist the attacked party by such action as the clause defines (see `means`)",
        "provide_military_assistance": "provide weapons, equipment, training or other military aid",
        "provide_financial_assistance": "provide money (grants, loans, budget support)",
        "provide_economic_assistance": "provide economic aid or trade measures in support",
        "provide_intelligence": "share intelligence",
        "impose_sanctions": "impose economic or other costs on the aggressor",
        "deploy_forces": "send armed forces to the beneficiary's territory",
        "station_forces": "keep armed forces stationed in peacetime",
        "grant_basing": "grant the use of facilities and areas (bases)",
        "use_armed_force": "use armed force against the attacker",
        "maintain_capacity": "maintain the capacity to resist armed attack",
        "refrain_from_force": "refrain from the use of force",
        "refrain_from_threat_of_force": "refrain from the threat of force",
        "refrain_from_economic_coercion": "refrain from economic coercion",
        "refrain_from_nuclear_use": "not use nuclear weapons against the beneficiary",
        "respect_sovereignty": "respect independence and sovereignty",
        "respect_borders": "respect existing borders",
        "not_join_conflicting_alliance": "not enter into conflicting international engagements",
        "settle_disputes_peacefully": "settle disputes by peaceful means",
        "monitor": "monitor compliance (e.g. a ceasefire)",
        "cease_fire": "cease fire along the agreed line",
        "withdraw_forces": "withdraw armed forces",
        "fund": "fund a programme or commitment",
        "restore_sanctions": "re-impose lifted sanctions (snap-back)",
        "lift_sanctions": "lift or suspend sanctions (e.g. as part of a settlement)",
    },
    "Discretion": {
        "mandatory": '"shall": the bearer has no choice whether to act',
        "deems_necessary": '"such action as it deems necessary": must act, chooses how',
        "best_efforts": '"where possible", "endeavour": must try',
        "intent": '"intend to", "will seek to": a statement of intent, not a duty',
        "policy": '"it is the policy of": a declared policy, not a duty',
    },
    "Promptness": {
        "forthwith": '"forthwith": without delay',
        "immediately": '"immediately"',
        "promptly": '"promptly", "swift"',
        "none": "no promptness stated",
    },
    "ConditionKind": {
        "constitutional_processes": '"in accordance with constitutional processes" or respective laws',
        "request_of_party": "only at the request of a party",
        "un_charter_art_51": "in exercise of the right of self-defence under Art. 51 UN Charter",
        "unsc_authorisation": "subject to a UN Security Council decision",
        "appropriations": "subject to the availability of appropriated funds",
        "mutual_agreement": "as determined by mutual agreement",
        "prior_consultation": "only after consultation",
        "neutrality_reservation": "does not prejudice the specific character of some states' policy (neutrality)",
        "non_provocation": "only if the beneficiary did not provoke the attack",
        "other": "a condition not in this list (explain in `text`)",
    },
    "TriggerKind": {
        "attack": "an armed attack",
        "threat_of_attack": "a threat of armed attack",
        "breach": "a breach of the instrument by a party (e.g. a ceasefire violation)",
        "situation": "a situation or question arising (e.g. a threat to security in the opinion of a party)",
        "nuclear_aggression": "aggression in which nuclear weapons are used, or its threat",
    },
    "EventClass": {
        "armed_clash": "armed clash between organised forces (ACLED Battles/Armed clash; UCDP state-based)",
        "shelling": "shelling, artillery or rocket fire (ACLED Shelling/artillery/missile attack)",
        "air_strike": "air or drone strike (ACLED Air/drone strike)",
        "missile_strike": "missile strike",
        "ground_assault": "ground assault or incursion",
        "territorial_seizure": "seizure of territory (ACLED Non-state actor overtakes territory; CAMEO 192)",
        "remote_explosive": "remote explosive, landmine or IED",
        "maritime_attack": "attack on vessels or at sea",
        "nuclear_use": "use of a nuclear weapon",
        "attack_on_civilians": "violence against civilians (ACLED Violence against civilians; UCDP one-sided)",
        "cyber_attack": "cyber attack",
        "threat_of_force": "explicit threat of force (CAMEO 13)",
        "nuclear_threat": "threat to use nuclear weapons",
        "force_buildup": "military build-up or force posture (CAMEO 15)",
        "ceasefire_violation": "ceasefire violation (CAMEO 196; OSCE SMM)",
        "economic_coercion": "economic coercion",
        "other": "any other event",
    },
    "EnforcementMechanism": {
        "sanctions_snapback": "lifted sanctions return automatically",
        "escrowed_funds": "funds held in escrow are released or forfeited",
        "monitoring_mission": "a monitoring mission verifies compliance",
        "dispute_settlement": "a dispute-settlement procedure",
        "arbitration": "binding arbitration",
        "security_council_referral": "referral to the UN Security Council",
        "suspension_of_benefits": "benefits under the instrument are suspended",
        "reporting": "public reporting of breaches",
    },
    "FundingSource": {
        "budget_appropriation": "the funder's annual budget (subject to appropriation)",
        "immobilised_assets": "immobilised (frozen) assets of the aggressor state or their proceeds",
        "loan": "a loan",
        "multilateral_fund": "a multilateral fund or facility",
        "in_kind": "equipment or services in kind",
        "unspecified": "source not stated",
    },
    "InstitutionKind": {
        "integrated_command": "integrated military command (ATOP intcom)",
        "standing_organisation": "a standing organisation or council (ATOP organ1)",
        "basing_rights": "rights to bases or facilities (ATOP base)",
        "forward_deployed_forces": "guarantor forces stationed on the beneficiary's territory (ATOP base = 3)",
        "joint_planning": "peacetime joint military planning (ATOP milcon = 2)",
        "common_defence_policy": "a common defence policy (ATOP milcon = 3)",
        "military_aid_programme": "a military aid programme (ATOP milaid)",
        "training": "training of forces (ATOP milaid)",
        "defence_industrial_cooperation": "defence-industrial cooperation",
        "intelligence_sharing": "intelligence sharing",
        "non_military_cooperation": "economic, cultural or other non-military cooperation (ATOP nomicoop)",
    },
    "TimeUnit": {
        "hours": "hours (exact, from the trigger instant)",
        "days": "calendar days",
        "weeks": "7 calendar days",
        "months": "calendar months; a day missing in the target month clamps to its last day",
        "years": "calendar years; 29 February clamps to 28 February",
    },
    "Renewal": {
        "none": "no renewal",
        "automatic": "renews automatically unless denounced",
        "by_mutual_agreement": "renews only by agreement of the parties",
        "unspecified": "the text does not say",
    },
    "LockRequirement": {
        "senate_two_thirds": "withdrawal needs the advice and consent of two-thirds of the US Senate",
        "act_of_congress": "withdrawal needs an Act of Congress",
        "parliamentary_approval": "withdrawal needs parliamentary approval",
        "parliamentary_supermajority": "withdrawal needs a parliamentary supermajority",
        "unanimity_of_parties": "withdrawal needs the consent of every party",
    },
    "ExceptionEffect": {
        "suspend": "the obligation is not due while the exception applies",
        "modify": "the obligation is due with the changes given in `modify`",
    },
}
