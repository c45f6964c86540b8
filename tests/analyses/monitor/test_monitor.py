"""``servanda monitor``: each lifecycle state and rule, conduct breaches of the Budapest Memorandum,
enforcement consequences, counterfactual labelling, outputs, and bad compliance files."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from servanda.analyses.monitor import RULES, load_compliance
from servanda.interfaces.cli.app import app
from servanda.services import ServiceError
from servanda.services.monitor import monitor

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "monitor"
BUDAPEST_EVENTS = FIXTURES / "budapest_events.csv"
BREACH_EVENTS = FIXTURES / "serious_breach.csv"
PACKAGE = ROOT / "examples" / "ukraine-2025"
USA = PACKAGE / "usa.yaml"
runner = CliRunner()


def _compliance(tmp_path: Path, records: str) -> Path:
    path = tmp_path / "records.yaml"
    path.write_text("format: servanda-compliance/1\nrecords:\n" + records, encoding="utf-8")
    return path


def _row(out: object, obligation: str, bearer: str) -> dict[str, object]:
    frame = out.frame()  # type: ignore[attr-defined]
    found = frame.filter((pl.col("obligation") == obligation) & (pl.col("bearer") == bearer))
    assert found.height == 1, (obligation, bearer, found)
    return found.row(0, named=True)


# --------------------------------------------------------------------------- triggered duties


def test_honoured_pending_breached_and_disputed(tmp_path: Path) -> None:
    records = _compliance(
        tmp_path,
        """  - {id: us, actor: USA, action: consult, beneficiary: UKR, date: 2026-03-01, source: readout}
  - {id: fr1, actor: FRA, action: consult, beneficiary: UKR, date: 2026-03-01, source: Paris}
  - {id: fr2, actor: FRA, action: consult, beneficiary: UKR, date: 2026-03-02, source: Kyiv, status: denied}
  - {id: gb, actor: GBR, action: impose_sanctions, date: 2026-04-10, source: late notice}
""",
    )
    out = monitor(PACKAGE, events=[BREACH_EVENTS], compliance=records, end="2026-04-15")
    honoured = _row(out, "consult_on_attack", "USA")
    assert (honoured["state"], honoured["rule"], honoured["records"]) == ("honoured", "H1", "us")
    assert honoured["triggered_on"] == "2026-03-01" and honoured["due"] == "2026-03-02T00:00:00"
    assert honoured["evidence"] == "syn-2026-001"
    disputed = _row(out, "consult_on_attack", "FRA")
    assert (disputed["state"], disputed["rule"]) == ("disputed", "D1")
    assert "Paris" in str(disputed["reason"]) and "Kyiv" in str(disputed["reason"])
    breached = _row(out, "consult_on_attack", "DEU")
    assert (breached["state"], breached["rule"], breached["state_from"]) == ("breached", "B1", "2026-03-02")
    late = [
        r
        for r in out.rows
        if r.instrument.startswith("ukraine2025.gbr") and r.obligation == "reimpose_sanctions"
    ]
    assert (late[0].state, late[0].rule) == ("breached", "B2")
    # "assist" has no deadline: pending for Germany, honoured by the UK's (qualifying) sanctions
    assert _row(out, "assist", "DEU")["rule"] == "P2"
    assert _row(out, "assist", "GBR")["rule"] == "H1"


def test_pending_until_the_deadline_passes() -> None:
    before = monitor(USA, events=[BREACH_EVENTS], end="2026-03-20")
    row = _row(before, "reimpose_sanctions", "USA")
    assert (row["state"], row["rule"], row["due"]) == ("pending", "P1", "2026-04-02T00:00:00")
    after = monitor(USA, events=[BREACH_EVENTS], end="2026-04-02")
    assert _row(after, "reimpose_sanctions", "USA")["rule"] == "B1"


def test_denied_and_partial_records_breach_at_the_deadline(tmp_path: Path) -> None:
    records = _compliance(
        tmp_path,
        """  - {actor: USA, action: restore_sanctions, date: 2026-03-10, source: press, status: denied}
  - {actor: USA, action: provide_military_assistance, beneficiary: UKR, date: 2026-03-10, source: DoD, status: partial}
""",
    )
    out = monitor(USA, events=[BREACH_EVENTS], compliance=records, end="2026-05-01")
    assert _row(out, "reimpose_sanctions", "USA")["rule"] == "B3"
    assert _row(out, "surge_military_assistance", "USA")["rule"] == "B4"


def test_qualifying_action_needs_same_bearer_and_beneficiary(tmp_path: Path) -> None:
    records = _compliance(
        tmp_path,
        """  - {actor: GBR, action: consult, beneficiary: UKR, date: 2026-03-01, source: other bearer}
  - {actor: USA, action: consult, beneficiary: POL, date: 2026-03-01, source: other beneficiary}
""",
    )
    out = monitor(USA, events=[BREACH_EVENTS], compliance=records, end="2026-04-15")
    assert _row(out, "consult_on_attack", "USA")["rule"] == "B1"


# --------------------------------------------------------------------------- standing duties by conduct


def test_budapest_memorandum_breached_by_2014_and_2022_events() -> None:
    out = monitor("budapest.memorandum", events=[BUDAPEST_EVENTS])
    force = _row(out, "refrain_from_force", "RUS")
    assert (force["state"], force["rule"], force["first_breach"]) == ("breached", "C1", "2014-02-27")
    assert force["breach_count"] == 4
    assert force["breach_evidence"] == "syn-2014-001;syn-2014-003;syn-2022-001;syn-2022-002"
    threat = _row(out, "refrain_from_threat_of_force", "RUS")
    assert (threat["state"], threat["first_breach"]) == ("breached", "2014-03-01")
    # the other guarantors kept their duties; the Ukrainian clash is not conduct by a guarantor
    assert _row(out, "refrain_from_force", "USA")["rule"] == "C2"
    assert _row(out, "refrain_from_force", "GBR")["state"] == "honoured"
    # a nuclear duty is not breached by conventional force
    assert _row(out, "rus_no_nuclear_use_against_ukraine", "RUS")["state"] == "honoured"


def test_standing_duty_claimed_kept_against_events_is_disputed(tmp_path: Path) -> None:
    records = _compliance(
        tmp_path,
        "  - {actor: RUS, action: refrain_from_force, beneficiary: UKR, date: 2014-03-04, source: MFA}\n",
    )
    out = monitor("budapest.memorandum", events=[BUDAPEST_EVENTS], compliance=records)
    assert _row(out, "refrain_from_force", "RUS")["rule"] == "D2"
    denied = _compliance(
        tmp_path,
        "  - {actor: USA, action: refrain_from_force, beneficiary: UKR, date: 2014-03-04, source: x, status: denied}\n",
    )
    out = monitor("budapest.memorandum", events=[BUDAPEST_EVENTS], compliance=denied)
    assert _row(out, "refrain_from_force", "USA")["rule"] == "D3"


def test_untestable_standing_duties_are_reported_as_such() -> None:
    out = monitor(USA, events=[BREACH_EVENTS])
    row = _row(out, "lead_monitoring", "USA")
    assert (row["state"], row["rule"]) == ("standing", "N1")
    assert "not testable from events" in str(row["rule_text"])


# --------------------------------------------------------------------------- enforcement


def test_serious_breach_sets_off_snapback_and_escrow_release() -> None:
    out = monitor(USA, events=[BREACH_EVENTS])
    fired = {c.enforcement: c for c in out.lifecycle.consequences}
    assert {"sanctions_snapback", "escrow_release", "verification"} <= set(fired)
    snap = fired["sanctions_snapback"]
    assert (snap.mechanism, snap.against, snap.on) == ("sanctions_snapback", ["RUS"], date(2026, 3, 3))
    assert snap.evidence == ["syn-2026-001", "syn-2026-002"]
    assert out.to_json()["consequences"][0]["instrument"] == "ukraine2025.usa@2025-12"


def test_conduct_breach_links_the_consequence_against_the_bearer(tmp_path: Path) -> None:
    instrument = tmp_path / "ceasefire.yaml"
    instrument.write_text(
        """format: servanda/1
id: test.ceasefire@2026
title: Test ceasefire
status: in_force
signed: 2026-01-01
in_force: 2026-01-01
sources: [{id: s, citation: test}]
parties:
  - {state: RUS, roles: [party]}
  - {state: UKR, roles: [party, beneficiary]}
  - {state: USA, roles: [guarantor]}
legal_form: {kind: political_declaration, ratification: not_required}
term: {length: unspecified, renewal: unspecified, withdrawal: {allowed: false}}
clauses:
  - id: art_1
    label: Article 1
    text: The Russian Federation shall hold fire; a violation restores sanctions.
    sources: [{ref: s}]
    triggers:
      - id: violation
        kind: breach
        match: {all: [{actor: [RUS]}, {event_class: [armed_attack]}]}
    obligations:
      - {id: hold_fire, modality: obligation, bearer: [RUS], beneficiary: [UKR], action: cease_fire, discretion: mandatory, standing: true}
    enforcement:
      - {id: snapback, mechanism: sanctions_snapback, by: [USA], against: [RUS], activated_by: violation}
""",
        encoding="utf-8",
    )
    out = monitor(instrument, events=[BREACH_EVENTS])
    row = _row(out, "hold_fire", "RUS")
    assert (row["state"], row["rule"], row["consequences"]) == ("breached", "C1", "snapback")
    assert out.lifecycle.consequences[0].breaches == ["hold_fire/RUS"]


# --------------------------------------------------------------------------- counterfactual and outputs


def test_counterfactual_is_labelled_in_every_output(tmp_path: Path) -> None:
    out = monitor("budapest.memorandum", events=[BUDAPEST_EVENTS], as_if_in_force="2022-02-24")
    data = out.to_json()
    assert data["counterfactual"] is True and data["counterfactual_note"].startswith("COUNTERFACTUAL")
    # only the 2022 events count: the first breach moves from 2014 to 2022
    assert _row(out, "refrain_from_force", "RUS")["first_breach"] == "2022-02-24"
    rows = list(csv.DictReader(io.StringIO(out.to_csv())))
    assert rows and all(r["counterfactual"] == "true" and r["counterfactual_note"] for r in rows)
    series = list(csv.DictReader(io.StringIO(out.series_csv())))
    assert series and all(r["counterfactual"] == "true" for r in series)
    series_file, plot = tmp_path / "s.csv", tmp_path / "p.svg"
    result = runner.invoke(
        app,
        [
            "monitor",
            "budapest.memorandum",
            "--events",
            str(BUDAPEST_EVENTS),
            "--as-if-in-force",
            "2022-02-24",
            "--series",
            str(series_file),
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("COUNTERFACTUAL") >= 2
    assert "COUNTERFACTUAL" in plot.read_text(encoding="utf-8")
    assert "counterfactual_note" in series_file.read_text(encoding="utf-8").splitlines()[0]
    plain = monitor("budapest.memorandum", events=[BUDAPEST_EVENTS])
    assert plain.to_json()["counterfactual"] is False and "COUNTERFACTUAL" not in plain.to_csv()


def test_json_and_csv_outputs_reconcile() -> None:
    result = runner.invoke(app, ["monitor", str(PACKAGE), "--events", str(BREACH_EVENTS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "servanda-monitor/1" and data["package"] is True
    ingest = data["ingest"][0]
    assert (ingest["rows_read"], ingest["accepted"], ingest["rejected"]) == (3, 3, 0)
    assert sum(data["counts"].values()) == len(data["activations"])
    assert all(a["rule_text"] == RULES[a["rule"]] for a in data["activations"])
    result = runner.invoke(app, ["monitor", str(PACKAGE), "--events", str(BREACH_EVENTS), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(data["activations"])


def test_daily_series_counts_states_per_day() -> None:
    out = monitor(USA, events=[BREACH_EVENTS], start="2026-02-28", end="2026-04-05")
    series = out.daily_series()
    assert series["date"].min() == date(2026, 2, 28) and series["date"].max() == date(2026, 4, 5)
    day = series.filter(pl.col("date") == date(2026, 3, 3)).row(0, named=True)
    assert day["triggered"] == 2  # reimpose_sanctions and surge_military_assistance for USA
    last = series.filter(pl.col("date") == date(2026, 4, 5)).row(0, named=True)
    breached = sum(1 for r in out.rows if r.state == "breached")
    assert last["breached"] == breached
    first = series.filter(pl.col("date") == date(2026, 2, 28)).row(0, named=True)
    assert first["pending"] == 0 and first["breached"] == 0


def test_text_output_groups_by_obligation_and_reports_counts() -> None:
    result = runner.invoke(app, ["monitor", str(USA), "--events", str(BREACH_EVENTS)])
    assert result.exit_code == 0, result.output
    assert "3 rows read = 3 accepted + 0 rejected" in result.output
    assert "sanctions_snapback" in result.output and "consequence" in result.output


# --------------------------------------------------------------------------- bad input


def test_bad_compliance_files_give_coded_located_diagnostics(tmp_path: Path) -> None:
    bad = _compliance(
        tmp_path,
        """  - {actor: USA, action: consult, date: 2026-03-01, source: ok}
  - {actor: USA, action: consultt, date: 2026-03-01, source: typo}
  - {actor: XXX, action: consult, date: 2026-03-01, source: bad state}
  - {actor: USA, action: consult, date: 2026-02-30, source: bad date}
  - {actor: USA, action: consult, date: 2026-03-01}
  - {actor: USA, action: consult, date: 2026-03-01, source: s, status: maybe}
""",
    )
    load = load_compliance(bad)
    assert (load.read, load.accepted, load.rejected) == (6, 1, 5) and load.reconciles
    codes = [d.code for d in load.diagnostics]
    assert codes == ["V942", "V941", "V941", "V941", "V941"]
    assert load.diagnostics[0].hint == "did you mean `consult`?"
    assert load.diagnostics[0].location.endswith(":4:26")
    assert "source" in load.diagnostics[3].message
    result = runner.invoke(
        app, ["monitor", str(USA), "--events", str(BREACH_EVENTS), "--compliance", str(bad)]
    )
    assert result.exit_code == 1 and "V942" in result.output
    result = runner.invoke(
        app,
        ["monitor", str(USA), "--events", str(BREACH_EVENTS), "--compliance", str(bad), "--allow-rejected"],
    )
    assert result.exit_code == 0


def test_unreadable_compliance_files(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("format: servanda/1\nrecords: []\n", encoding="utf-8")
    assert load_compliance(wrong).diagnostics[0].code == "V940"
    assert load_compliance(tmp_path / "missing.yaml").diagnostics[0].code == "V940"
    with pytest.raises(ServiceError) as caught:
        monitor(USA, events=[BREACH_EVENTS], compliance=wrong)
    assert caught.value.exit_code == 2 and caught.value.diagnostics[0].code == "V940"


def test_compliance_csv(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        "actor,action,beneficiary,date,source,status\n"
        "USA,consult,UKR,2026-03-01,readout,taken\n"
        "USA,consult,UKR,01/03/2026,bad date,taken\n",
        encoding="utf-8",
    )
    load = load_compliance(path)
    assert (load.read, load.accepted, load.rejected) == (2, 1, 1)
    assert load.diagnostics[0].code == "V941" and load.diagnostics[0].location.endswith(":3:1")
    out = monitor(USA, events=[BREACH_EVENTS], compliance=path)
    assert _row(out, "consult_on_attack", "USA")["state"] == "honoured"
    header_only = tmp_path / "bad.csv"
    header_only.write_text("who,what\n", encoding="utf-8")
    assert load_compliance(header_only).diagnostics[0].code == "V940"


def test_usage_errors() -> None:
    for kwargs, code in [
        ({}, "V943"),
        ({"events": [BREACH_EVENTS], "store": "x.duckdb"}, "V943"),
        ({"events": [BREACH_EVENTS], "start": "2026-05-01", "end": "2026-04-01"}, "V945"),
        ({"events": [BREACH_EVENTS], "as_if_in_force": "2026-13-01"}, "E205"),
    ]:
        with pytest.raises(ServiceError) as caught:
            monitor(USA, **kwargs)  # type: ignore[arg-type]
        assert caught.value.diagnostics[0].code == code and caught.value.exit_code == 2
    result = runner.invoke(app, ["monitor", str(USA)])
    assert result.exit_code == 2 and "V943" in result.output


@pytest.mark.shared
def test_budapest_on_real_ucdp_rows(shared_dir: Path) -> None:
    """Real UCDP GED rows (cp1252, mixed date formats) read through the adapter: every row accounted for,
    Russia's duty to refrain from force breached from the full-scale invasion, with UCDP ids as evidence."""
    events = shared_dir / "data" / "events" / "ucdp_ged_ukraine_2014-01_2023-02_mixeddates.csv"
    result = runner.invoke(
        app, ["monitor", "budapest.memorandum", "--events", str(events), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ingest = data["ingest"][0]
    assert ingest["rows_read"] == 3883 == ingest["accepted"] + ingest["rejected"]
    force = [
        a for a in data["activations"] if a["obligation"] == "refrain_from_force" and a["bearer"] == "RUS"
    ]
    assert force[0]["state"] == "breached" and force[0]["first_breach"] == "2022-02-24"
    assert force[0]["breach_count"] > 800 and force[0]["breach_evidence"][0] == "447229"  # UCDP GED ids


def test_action_on_the_due_instant_is_on_time(tmp_path: Path) -> None:
    records = _compliance(
        tmp_path, "  - {actor: USA, action: consult, beneficiary: UKR, date: 2026-03-02, source: s}\n"
    )
    out = monitor(USA, events=[BREACH_EVENTS], compliance=records)
    assert _row(out, "consult_on_attack", "USA")["rule"] == "H1"  # due 2026-03-02T00:00, inclusive
    late = _compliance(
        tmp_path, "  - {actor: USA, action: consult, beneficiary: UKR, date: 2026-03-03, source: s}\n"
    )
    assert (
        _row(monitor(USA, events=[BREACH_EVENTS], compliance=late), "consult_on_attack", "USA")["rule"]
        == "B2"
    )
