"""`batch --out` hardened (issue 14): nothing is written outside --out, links placed inside it included; a folder
that cannot be used is one line and exit 2; a batch never reads its own outputs back as clients; a report that
cannot be written is recorded against its input, not as an input of its own; report names never start with `-`."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from fact_audit.batch import safe_stem
from fact_audit.sources import expand

from ..conftest import ROOT

EXAMPLES = ROOT / "examples"
NOBODY = 65534


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def answers(folder: Path) -> Path:
    """Two example clients in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("growing_brand.yaml", "mature_brand.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- item 4: links inside --out are never followed -----------------------------------------------------------------


def test_a_reports_link_inside_out_is_refused_and_nothing_is_written_through_it(cli, tmp_path: Path) -> None:
    elsewhere, out = tmp_path / "elsewhere", tmp_path / "out"
    elsewhere.mkdir()
    out.mkdir()
    (out / "reports").symlink_to(elsewhere)
    result = cli("batch", answers(tmp_path / "in"), "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    assert one_line(result).startswith(f"{out / 'reports'}: is a link")
    assert list(elsewhere.iterdir()) == [] and not (out / "summary.csv").exists()


@pytest.mark.parametrize("name", ["summary.csv", "summary.json", "errors.csv", "index.html"])
def test_a_summary_link_inside_out_is_refused(cli, tmp_path: Path, name: str) -> None:
    victim, out = tmp_path / "victim.txt", tmp_path / "out"
    victim.write_text("keep me\n", encoding="utf-8")
    out.mkdir()
    (out / name).symlink_to(victim)
    result = cli("batch", answers(tmp_path / "in"), "--out", out, "--jobs", "1", "--format", "html")
    assert result.exit_code == 2 and "is a link" in one_line(result)
    assert victim.read_text(encoding="utf-8") == "keep me\n" and (out / name).is_symlink()


def test_a_report_link_inside_reports_is_not_followed(cli, tmp_path: Path) -> None:
    """A link planted where one client's report goes: that report is not written (recorded against its input), the
    file the link names is untouched, every other output is written."""
    victim, out = tmp_path / "victim.md", tmp_path / "out"
    victim.write_text("keep me\n", encoding="utf-8")
    folder = answers(tmp_path / "in")
    first = cli("batch", folder, "--out", out, "--jobs", "1", "--lang", "en")
    assert first.exit_code == 0
    report = out / read_csv(out / "summary.csv")[0]["report"]
    report.unlink()
    report.symlink_to(victim)
    result = cli("batch", folder, "--out", out, "--jobs", "1", "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n" and report.is_symlink()
    assert [e["source"] for e in read_csv(out / "errors.csv")] == [str(folder / "growing_brand.yaml")]


# -- item 8: an --out that cannot be used is one line and exit 2 ---------------------------------------------------


@pytest.mark.parametrize("case", ["file-as-parent", "proc", "reports-is-a-file", "out-is-a-file", "dangling-link"])
def test_an_unusable_out_is_one_line_and_exit_2(cli, tmp_path: Path, case: str) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    out = {
        "file-as-parent": tmp_path / "afile" / "sub",
        "proc": Path("/proc/nope"),
        "reports-is-a-file": tmp_path / "out",
        "out-is-a-file": tmp_path / "afile",
        "dangling-link": tmp_path / "link",
    }[case]
    if case == "reports-is-a-file":
        out.mkdir()
        (out / "reports").write_text("x", encoding="utf-8")
    if case == "dangling-link":
        out.symlink_to(tmp_path / "missing")
    result = cli("batch", answers(tmp_path / "in"), "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    line = one_line(result)
    assert line.startswith(str(out)) or line.startswith(str(out / "reports")), line
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="drops privileges from root")
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
def test_a_read_only_parent_as_an_unprivileged_user_is_one_line_and_exit_2() -> None:
    """Root ignores permissions, so the batch runs as nobody, in folders nobody owns."""
    base = Path(tempfile.mkdtemp(prefix="fact-audit-ro-"))
    try:
        os.chown(base, NOBODY, NOBODY)
        folder = answers(base / "in")
        parent = base / "readonly"
        parent.mkdir()
        for path in (folder, *folder.iterdir(), parent):
            os.chown(path, NOBODY, NOBODY)
        parent.chmod(0o555)
        env = {k: v for k, v in os.environ.items() if not k.startswith("FACT_AUDIT_")}
        env.update(FACT_AUDIT_NO_CACHE="1", PYTHONPATH=str(ROOT), HOME=str(base))
        nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        done = subprocess.run(
            [*nobody, sys.executable, "-m", "fact_audit", "batch", "in", "--out", "readonly/sub", "--jobs", "1"],
            cwd=base,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == "readonly/sub: cannot create the folder: Permission denied"
        assert list(parent.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


# -- item 14: a batch never reads its own outputs ------------------------------------------------------------------


def test_a_batch_run_twice_into_a_folder_inside_its_inputs_reads_no_output(cli, tmp_path: Path) -> None:
    folder = answers(tmp_path / "in")
    out = folder / "out"
    for _ in range(2):
        result = cli("batch", folder, "--out", out, "--format", "json", "--jobs", "1")
        assert result.exit_code == 0, result.stderr
        assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["clients"] == 2
        assert read_csv(out / "errors.csv") == []
    # A glob reaching into the outputs skips them too; so does an earlier batch's folder that is not --out now.
    result = cli("batch", f"{folder}/**/*.json", folder, "--out", tmp_path / "again", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "again" / "summary.json").read_text(encoding="utf-8"))["clients"] == 2


def test_out_may_be_the_input_folder_itself(cli, tmp_path: Path) -> None:
    """`batch . --out .`: answers beside the outputs are read; summary.json and reports/ are not."""
    folder = answers(tmp_path / "in")
    for _ in range(2):
        result = cli("batch", folder, "--out", folder, "--format", "json", "--jobs", "1")
        assert result.exit_code == 0, result.stderr
        assert json.loads((folder / "summary.json").read_text(encoding="utf-8"))["clients"] == 2


def test_listing_skips_output_folders_but_keeps_look_alikes(tmp_path: Path) -> None:
    folder = answers(tmp_path / "in")
    (folder / "old" / "reports").mkdir(parents=True)
    (folder / "old" / "summary.json").write_text('{\n  "clients": 1,\n  "errors": 0,\n  "min_segment": 5\n}\n')
    (folder / "old" / "reports" / "x.json").write_text("{}")
    (folder / "other").mkdir()
    (folder / "other" / "summary.json").write_text('{"answers": {}}')  # a client that happens to be named so
    sources = [job.source for job in expand([str(folder)], out=str(tmp_path / "nowhere"))]
    assert sorted(Path(s).relative_to(folder).as_posix() for s in sources) == [
        "growing_brand.yaml",
        "mature_brand.yaml",
        "other/summary.json",
    ]
    named = list(expand([str(folder / "old" / "reports")]))
    assert [job.kind for job in named] == ["error"] and "reports of a batch" in named[0].payload


def test_a_fifo_named_summary_json_does_not_block_the_listing(tmp_path: Path) -> None:
    folder = answers(tmp_path / "in")
    (folder / "sub").mkdir()
    os.mkfifo(folder / "sub" / "summary.json")
    assert len([job for job in expand([str(folder)]) if job.kind == "file"]) == 2


# -- item 16 (second half): an output failure is not an input failure ----------------------------------------------


def test_a_report_that_cannot_be_written_is_recorded_against_its_input(cli, tmp_path: Path) -> None:
    """A folder where one report goes (root-proof: nobody may replace a folder with a file). The client is scored
    and in the summary without a report; errors.csv names the input as the source and the report in the problem."""
    folder = answers(tmp_path / "in")
    out = tmp_path / "out"
    assert cli("batch", folder, "--out", out, "--jobs", "1", "--lang", "en").exit_code == 0
    rows = read_csv(out / "summary.csv")
    blocked = out / rows[0]["report"]
    blocked.unlink()
    blocked.mkdir()
    result = cli("batch", folder, "--out", out, "--jobs", "1", "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "2 client(s) scored, 0 failed, 1 report(s) not written" in result.stderr
    errors = read_csv(out / "errors.csv")
    assert len(errors) == 1 and errors[0]["source"] == rows[0]["source"] == str(folder / "growing_brand.yaml")
    assert errors[0]["problem"].startswith(f"report {rows[0]['report']} not written: ")
    assert str(out) not in errors[0]["source"]
    again = read_csv(out / "summary.csv")
    assert [r["source"] for r in again] == [r["source"] for r in rows] and again[0]["report"] == ""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["clients"] == 2 and summary["errors"] == 0 and summary["reports_failed"] == 1


# -- smaller: report file names never start with `-` ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["-rf", "--help", " - x", "-", "._-x"])
def test_report_names_never_start_with_a_dash(name: str) -> None:
    stem = safe_stem(name, "in/a.yaml")
    assert not stem.startswith(("-", ".", " ")), stem
