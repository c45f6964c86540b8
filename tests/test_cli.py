"""The command line as a user meets it: exit codes, JSON output, coded usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import servanda
from servanda.interfaces.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(autouse=True)
def _root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_check_clean_file_exits_0() -> None:
    result = runner.invoke(app, ["check", "tests/diagnostics/fixtures/_valid.yaml"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_check_errors_exit_1_with_code_and_location() -> None:
    result = runner.invoke(app, ["check", "tests/diagnostics/fixtures/E301.yaml"])
    assert result.exit_code == 1
    assert (
        "error[E301]" in result.output and "E301.yaml:" in result.output and "did you mean" in result.output
    )


def test_check_warning_only_exits_0_unless_strict() -> None:
    assert runner.invoke(app, ["check", "tests/diagnostics/fixtures/W402.yaml"]).exit_code == 0
    assert runner.invoke(app, ["check", "--strict", "tests/diagnostics/fixtures/W402.yaml"]).exit_code == 1


def test_check_json_output_is_machine_readable() -> None:
    result = runner.invoke(app, ["check", "--format", "json", "tests/diagnostics/fixtures/E206.yaml"])
    data = json.loads(result.output)
    (diagnostic,) = data["files"][0]["diagnostics"]
    assert (
        diagnostic["code"] == "E206"
        and diagnostic["span"]["line"] == 8
        and diagnostic["hint"] == "did you mean `USA`?"
    )


def test_unknown_path_is_a_usage_error_exit_2() -> None:
    result = runner.invoke(app, ["check", "no/such/file.yaml"])
    assert result.exit_code == 2
    assert "E101" in result.output


def test_show_unknown_id_suggests() -> None:
    result = runner.invoke(app, ["show", "nato.nta"])
    assert result.exit_code == 2 and "nato.nat" in result.output


def test_show_and_library_run() -> None:
    assert runner.invoke(app, ["show", "tests/diagnostics/fixtures/_valid.yaml"]).exit_code == 0
    listing = runner.invoke(app, ["library", "--format", "json"])
    assert listing.exit_code == 0, listing.output
    assert "nato.nat@1949" in {row["id"] for row in json.loads(listing.output)}


def test_evaluate_reports_activation_due_and_reconciled_counts(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "id,date,lon,lat,actor,target,country,event_class,deaths\n"
        "e1,2026-03-01,36.2,49.9,RUS,UKR,UKR,shelling,2\n"
        "e2,2026-03-02,36.2,49.9,RUS,UKR,UKR,not_a_class,2\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "evaluate",
            "tests/diagnostics/fixtures/_valid.yaml",
            "--events",
            str(events),
            "--format",
            "json",
            "--allow-rejected",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["events_file"]["rows"] == 2 and data["events_file"]["rejected"] == 1
    (activation,) = data["activations"]
    assert activation["due"] == "2026-03-02T00:00:00" and activation["evidence"] == ["e1"]


def test_evaluate_exits_1_when_rows_are_rejected_unless_allowed(tmp_path: Path) -> None:
    events = tmp_path / "e.yaml"
    events.write_text(
        "events:\n"
        "  - {id: a, date: 2026-03-01, actor: RUS, target: UKR, country: UKR, event_class: shelling}\n"
        "  - {id: b, date: 2026-03-01, actor: RUS, target: UK, country: UKR, event_class: shelling}\n",
        encoding="utf-8",
    )
    args = ["evaluate", "tests/diagnostics/fixtures/_valid.yaml", "--events", str(events)]
    failed = runner.invoke(app, args)
    assert failed.exit_code == 1 and "1 event row(s) rejected" in failed.output
    assert runner.invoke(app, [*args, "--allow-rejected"]).exit_code == 0


def test_python_api_reports_instead_of_raising() -> None:
    import servanda

    report = servanda.check("no.such.id")
    assert [d.code for d in report.diagnostics] == ["E101"]
    with pytest.raises(servanda.InstrumentError) as caught:
        servanda.load("nato.nta")
    assert caught.value.diagnostics[0].code == "E101" and "nato.nat" in (
        caught.value.diagnostics[0].hint or ""
    )
    result = servanda.evaluate(
        "tests/diagnostics/fixtures/_valid.yaml",
        [
            {"id": "a", "date": "2026-03-01", "target": "UKR", "event_class": "shelling"},
            {"id": "b", "date": "2026-13-01", "target": "UKR", "event_class": "shelling"},
        ],
    )
    assert result.events_rejected == 1 and result.input_diagnostics[0].code == "V901"
    assert len(result.activated("consult")) == 1


def test_imprecise_evidence_is_flagged() -> None:
    import servanda

    result = servanda.evaluate(
        "tests/diagnostics/fixtures/_valid.yaml",
        [
            {
                "id": "m",
                "date": "2026-03-01",
                "date_precision": "month",
                "target": "UKR",
                "event_class": "shelling",
            }
        ],
    )
    assert any("dated to the month" in note for note in result.notes)


# --------------------------------------------------------------------------- newcomer items


def test_version_option() -> None:
    import servanda

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"servanda {servanda.__version__}"


def test_schema_json_format_and_named_output_file(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["schema", "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["type"] == "object"
    out = tmp_path / "schema.json"
    written = runner.invoke(app, ["schema", "-o", str(out)])
    assert written.exit_code == 0 and written.stdout == "" and f"written to {out}" in written.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "object"


def test_schema_to_a_missing_folder_is_a_coded_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "-o", str(tmp_path / "no" / "s.json")])
    assert result.exit_code == 2 and "error[E101]" in result.output


def test_check_strict_says_why_it_fails_on_warnings() -> None:
    result = runner.invoke(app, ["check", "--strict", "tests/diagnostics/fixtures/W402.yaml"])
    assert result.exit_code == 1 and "--strict" in result.stdout and "count as errors" in result.stdout


def test_check_accepts_package_files_and_folders_with_them() -> None:
    package = runner.invoke(app, ["check", "examples/ukraine-2025/package.yaml"])
    assert package.exit_code == 0, package.output
    assert (
        "E109" not in package.output and "ok examples/ukraine-2025/package.yaml (package)" in package.stdout
    )
    folder = runner.invoke(app, ["check", "--format", "json", "examples/ukraine-2025"])
    kinds = {f.get("kind", "instrument") for f in json.loads(folder.stdout)["files"]}
    assert folder.exit_code == 0 and kinds == {"instrument", "package", "scenario"}


def _events(tmp_path: Path) -> Path:
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n  - {id: a, date: 2026-03-01, target: UKR, event_class: shelling, lon: 30.5, lat: 50.4}\n",
        encoding="utf-8",
    )
    return events


def test_evaluate_why_when_everything_activated(tmp_path: Path) -> None:
    args = ["evaluate", "tests/diagnostics/fixtures/_valid.yaml", "--events", str(_events(tmp_path)), "--why"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "every obligation activated" in result.stdout


def test_evaluate_without_activations_says_so_instead_of_an_empty_table(tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text(
        "events:\n  - {id: q, date: 2026-03-01, target: USA, event_class: shelling}\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["evaluate", "tests/diagnostics/fixtures/_valid.yaml", "--events", str(quiet)]
    )
    assert result.exit_code == 0, result.output
    assert "No obligation of Example guarantee activated" in result.stdout and "┃" not in result.stdout


def test_evaluate_csv_and_geojson_formats(tmp_path: Path) -> None:
    base = ["evaluate", "tests/diagnostics/fixtures/_valid.yaml", "--events", str(_events(tmp_path))]
    csv_out = runner.invoke(app, [*base, "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.stdout.splitlines()[1].startswith("consult,art_1,USA,UKR")
    bom = tmp_path / "excel.csv"
    runner.invoke(app, [*base, "--format", "csv", "--bom", "-o", str(bom)])
    assert bom.read_bytes().startswith(b"\xef\xbb\xbfobligation")
    geo = runner.invoke(app, [*base, "--format", "geojson"])
    data = json.loads(geo.stdout)
    assert data["features"][0]["geometry"]["coordinates"] == [30.5, 50.4]


def test_evaluate_json_counts_rejected_rows_once(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(
        "events:\n"
        "  - {id: a, date: 2026-03-01, target: UKR, event_class: shelling}\n"
        "  - {id: b, date: 2026-13-01, target: UKR, event_class: shelling}\n",
        encoding="utf-8",
    )
    args = ["evaluate", "tests/diagnostics/fixtures/_valid.yaml", "--events", str(events), "-f", "json"]
    data = json.loads(runner.invoke(app, [*args, "--allow-rejected"]).stdout)
    assert data["events_rejected"] == data["events_file"]["rejected"] == 1
    assert [d["code"] for d in data["input_diagnostics"]] == ["V901"]


def test_ratify_an_instrument_in_force_says_so() -> None:
    result = runner.invoke(app, ["ratify", "us_jpn.tmcs@1960", "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "already in force (since 1960-06-23)" in result.stdout and "2026-12-01" in result.stdout


# --------------------------------------------------------------------------- last-resort handler


def test_unexpected_exception_is_a_short_bug_report_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from servanda.interfaces.cli import app as app_module
    from servanda.services import core

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "library", broken)
    monkeypatch.setattr(sys, "argv", ["servanda", "library"])
    with pytest.raises(SystemExit) as caught:
        app_module.main()
    assert caught.value.code == 70
    err = capsys.readouterr().err
    assert (
        "servanda library" in err
        and "RuntimeError: boom" in err
        and f"servanda {servanda.__version__}" in err
    )
    assert "in broken" in err and "Traceback" not in err


def test_coded_errors_keep_their_exit_status_through_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from servanda.interfaces.cli import app as app_module

    monkeypatch.setattr(sys, "argv", ["servanda", "show", "nato.nta"])
    with pytest.raises(SystemExit) as caught:
        app_module.main()
    assert caught.value.code == 2 and "E101" in capsys.readouterr().err


# --------------------------------------------------------------------------- fast start

HEAVY = ("scipy", "matplotlib", "polars", "shapely", "duckdb", "pandas", "sklearn", "statsmodels")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["library"], ["library", "--format", "json"]])
def test_fast_commands_import_no_heavy_library(argv: list[str]) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        f"sys.argv = ['servanda', *{argv!r}]\n"
        "from servanda.interfaces.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert "HEAVY []" in done.stderr, done.stderr[-2000:]


def test_import_servanda_is_light() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, servanda\n"
        "assert callable(servanda.load) and callable(servanda.durability)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stderr[-2000:]


def test_durability_help_states_the_enforced_horizon() -> None:
    from servanda.interfaces.cli.commands import ratify
    from servanda.model.periods import MAX_YEARS

    assert ratify.MAX_YEARS == MAX_YEARS


@pytest.mark.parametrize(
    ("argv", "code", "status"),
    [
        (["show", "nato.nta", "-f", "json"], "E101", 2),
        (["check", "no/such/file.yaml", "-f", "json"], "E101", 2),
        (["package", "no/such/package", "-f", "json"], "P801", 2),
        (["ratify", "examples/ukraine-2025", "--as-of", "2026-02-30", "-f", "json"], "R506", 2),
        (["atop", "nato.nat@1949", "--phase", "1", "-f", "json"], "E204", 2),
        (["ratify", "examples/ukraine-2025", "--plot", "x.txt", "-f", "json"], "R506", 2),
        (["evaluate", "nato.nat", "-e", "no/such.csv", "-f", "json", "-o", "/no/such/dir/x.json"], "E101", 2),
        (["compare", "anzus", "-f", "json", "-o", "/no/such/dir/x.json"], "E101", 2),
    ],
)
def test_json_errors_share_one_shape(argv: list[str], code: str, status: int) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == status
    data = json.loads(result.stdout)
    assert data["format"] == "servanda-error/1" and data["exit_code"] == status
    assert data["diagnostics"][0]["code"] == code
    assert set(data["diagnostics"][0]) >= {"code", "message", "file", "span", "hint", "location", "severity"}
    assert f"[{code}]" in result.stderr  # people still read the rendered diagnostic


def test_package_text_reports_rejected_scenario_rows(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "id,date,target,event_class,lon,lat\na,2026-03-01,UKR,shelling,35.1,47.8\nb,2026-13-01,UKR,shelling,1,1\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["package", "examples/ukraine-2025", "-s", str(rows)])
    assert "V901" in result.stderr and "1 scenario row(s) rejected" in result.stderr
