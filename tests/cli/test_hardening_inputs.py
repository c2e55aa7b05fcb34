"""Issue 14, inputs: nothing a file holds crashes a command or stops a batch, every CSV row is scored or reported on
its line, no line is read whole, empty documents are refused, and merchant fields are the text as written.

The CLI runs as a program where memory or a crash is what is tested (a traceback, a `MemoryError`), in-process
elsewhere."""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

_SNIFF = 1 << 20  # sources._SNIFF_BYTES

MB = 1024 * 1024
MEMORY_LIMIT = 400 * MB  # `ulimit -v 400000`, as in the issue: a 300 MB line does not fit beside Python


def run(args: list[str], cwd: Path, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a program, under a CPU-time limit and, if given, an address-space limit."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {k: v for k, v in os.environ.items() if k != "FACT_AUDIT_RUBRICS"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "fact_audit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limits,
        timeout=120,
    )


def batch(cli, *inputs: Path, out: Path, fmt: str | None = None):
    args = ["batch", *inputs, "--out", out, "--jobs", "1", "--lang", "en"]  # summary.csv read by its English headers
    return cli(*args, *(["--format", fmt] if fmt else ["--no-reports"]))


def summary_rows(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def error_rows(out: Path) -> list[tuple[str, str, str]]:
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [(row["source"], row["line"], row["problem"]) for row in csv.DictReader(handle)]


GOOD = '{"answers": {"goods.sell_through": 70}}'


# -- 7: a lone surrogate ---------------------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_json_file_is_one_located_line(cli, tmp_path: Path) -> None:
    """Refused where it is read: `\\ud800` is no character and cannot be written out again."""
    file = tmp_path / "s.json"
    file.write_text('{"merchant": {"name": "\\ud800"}, "answers": {"goods.sell_through": 70}}', encoding="utf-8")
    done = run(["score", str(file), "--format", "json"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"{file}:1:24: invalid JSON: \\ud800 is half of a UTF-16 surrogate pair with no other half, not a character"
    )


def test_a_lone_surrogate_in_a_json_lines_row_fails_that_row_only(cli, tmp_path: Path) -> None:
    rows = tmp_path / "s.jsonl"
    rows.write_text(
        '{"merchant": {"name": "a\\udc00"}, "answers": {"goods.sell_through": 70}}\n'
        + '{"merchant": {"name": "\\ud83c\\udf75"}, "answers": {"goods.sell_through": 70}}\n'  # a pair: one emoji
        + GOOD
        + "\n",
        encoding="utf-8",
    )
    single = tmp_path / "s.json"
    single.write_text('{"merchant": {"category": "\\udfff"}, "answers": {}}', encoding="utf-8")
    args = ["batch", str(rows), str(single), "--out", "out", "--no-reports", "--jobs", "2", "--lang", "en"]
    done = run(args, tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert [row["name"] for row in summary_rows(tmp_path / "out")] == ["🍵", ""]
    assert [(Path(source).name, line) for source, line, _ in error_rows(tmp_path / "out")] == [
        ("s.jsonl", "1"),
        ("s.json", "1"),
    ]


@pytest.mark.parametrize(
    ("text", "refused_at"),
    [
        ('"\\ud83c\\udf75"', None),
        ('"\\\\ud800"', None),  # an escaped backslash, then the text `ud800`
        ('"\\u4e2d\\u6587"', None),
        ('"\\ud800"', 2),
        ('"\\\\\\ud800"', 4),
        ('"\\ud800\\ud800"', 2),
        ('"\\ud83c\\udf75\\udf75"', 14),
        ('"\\ud83c x"', 2),
    ],
)
def test_only_lone_halves_are_refused(text: str, refused_at: int | None) -> None:
    from fact_audit.errors import InputFileError
    from fact_audit.yamlio import refuse_lone_surrogates

    if refused_at is None:
        refuse_lone_surrogates(text, "f")
        return
    with pytest.raises(InputFileError) as caught:
        refuse_lone_surrogates(text, "f")
    assert (caught.value.line, caught.value.col, caught.value.code) == (1, refused_at, "syntax")


# -- 11: compare checks a report against the schema ------------------------------------------------------------


def test_compare_refuses_a_report_that_is_not_one(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    done = cli("score", ROOT / "examples" / "growing_brand.yaml", "--format", "json", "--out", good)
    assert done.exit_code == 0
    bare = tmp_path / "bare.json"
    bare.write_text('{"format": "fact-audit/report@1"}', encoding="utf-8")
    result = run(["compare", str(bare), str(good)], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"{bare}:1:1: not a valid fact-audit/report@1 report: 'merchant' is a required property (at the top level)"
    )
    report = json.loads(good.read_text(encoding="utf-8"))
    report["capabilities"][1]["score"] = "x" * 100_000
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(report, indent=2), encoding="utf-8")
    result = run(["compare", str(good), str(wrong)], tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{wrong}:") and line.endswith("is not of type 'number' (at capabilities/1/score)")
    assert len(line) < 300
    assert cli("compare", good, good, "--format", "json").exit_code == 0  # a real report still compares


# -- 12: no line is read whole ---------------------------------------------------------------------------------


def _sparse(path: Path, head: bytes, tail: bytes, size: int = 300 * MB) -> None:
    """`head`, a line of `size` NUL bytes that takes no disk (a hole), then `tail`."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.seek(size, os.SEEK_CUR)
        handle.write(tail)


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_300_mb_line_under_a_400_mb_memory_limit_is_one_failed_row(tmp_path: Path, kind: str) -> None:
    file = tmp_path / f"big.{kind}"
    if kind == "jsonl":
        _sparse(file, GOOD.encode() + b"\n", b"\n" + GOOD.encode() + b"\n")
        long_line = 2
    else:
        _sparse(file, b"merchant.name,goods.sell_through\nA,70\n", b"\nB,80\n")
        long_line = 3
    done = run(["batch", str(file), "--out", "out", "--no-reports", "--jobs", "1"], tmp_path, MEMORY_LIMIT)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
    assert f"{file}:{long_line}: line is larger than the 10 MB limit for one document" in done.stderr
    assert len(summary_rows(tmp_path / "out")) == 2


def test_a_link_to_dev_zero_is_a_failed_input_not_a_dead_batch(tmp_path: Path) -> None:
    for name in ("z.csv", "z.jsonl"):
        (tmp_path / name).symlink_to("/dev/zero")
    (tmp_path / "ok.json").write_text(GOOD, encoding="utf-8")
    for name in ("z.csv", "z.jsonl"):
        done = run(["batch", name, "ok.json", "--out", "out", "--no-reports", "--jobs", "1"], tmp_path, MEMORY_LIMIT)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert f"{name}: is a device, not a file; give the exported file itself" in done.stderr.splitlines()
        assert len(summary_rows(tmp_path / "out")) == 1


# -- 13: every CSV row is scored or reported on its line -------------------------------------------------------

HEADER = "merchant.name,goods.sell_through\n"


def _csv(tmp_path: Path, body: str) -> Path:
    file = tmp_path / "in.csv"
    file.write_text(HEADER + body, encoding="utf-8")
    return file


def test_an_unclosed_quote_loses_no_row(cli, tmp_path: Path) -> None:
    file = _csv(tmp_path, 'A,70\nB,"71\nC,72\nD,73\nE,74\n')
    result = batch(cli, file, out=tmp_path / "out")
    assert result.exit_code == 1
    assert [row["name"] for row in summary_rows(tmp_path / "out")] == ["A", "C", "D", "E"]
    assert error_rows(tmp_path / "out") == [
        (str(file), "3", 'a quoted cell opened on this line never ends (a missing closing quote ")')
    ]


def test_a_cell_over_the_limit_loses_no_row(cli, tmp_path: Path) -> None:
    file = _csv(tmp_path, 'A,70\nB,"' + "x" * (11 * MB) + '"\nC,72\nD,73\nE,74\n')
    result = batch(cli, file, out=tmp_path / "out")
    assert result.exit_code == 1
    assert [row["name"] for row in summary_rows(tmp_path / "out")] == ["A", "C", "D", "E"]
    assert error_rows(tmp_path / "out") == [(str(file), "3", "line is larger than the 10 MB limit for one document")]


def test_a_quoted_cell_over_the_limit_across_lines_loses_no_row(cli, tmp_path: Path) -> None:
    file = _csv(tmp_path, 'A,70\nB,"' + ("x" * MB + "\n") * 11 + '"\nC,72\n')
    result = batch(cli, file, out=tmp_path / "out")
    assert result.exit_code == 1
    names = [row["name"] for row in summary_rows(tmp_path / "out")]
    assert names[0] == "A" and names[-1] == "C"
    assert error_rows(tmp_path / "out")[0][:2] == (str(file), "3")


def test_rows_that_do_not_line_up_with_the_header_are_errors(cli, tmp_path: Path) -> None:
    file = _csv(tmp_path, 'A,70\nB\nC,72,9\nD,"7\n3",extra\n"E\nF",74\n')
    result = batch(cli, file, out=tmp_path / "out")
    assert result.exit_code == 1
    assert [row["name"] for row in summary_rows(tmp_path / "out")] == ["A", "E\nF"]  # a cell may hold a line break
    assert error_rows(tmp_path / "out") == [
        (str(file), "3", "row has 1 cell but the header has 2"),
        (str(file), "4", "row has 3 cells but the header has 2"),
        (str(file), "5", "row has 3 cells but the header has 2 (lines 5–6: is a quote in it unbalanced?)"),
    ]


def test_a_nul_in_a_csv_cell_fails_its_row_and_never_reaches_the_summary(cli, tmp_path: Path) -> None:
    """Refused, not stripped: a NUL in an export is damage, and a stripped cell would be a silently changed one."""
    file = _csv(tmp_path, "A\x00B,70\nC,71\n")
    result = batch(cli, file, out=tmp_path / "out")
    assert result.exit_code == 1
    assert "\x00" not in (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
    assert error_rows(tmp_path / "out") == [
        (str(file), "2", "cell 1 (merchant.name) holds a NUL character; export it again")
    ]


def test_bytes_that_do_not_decode_past_the_sample_fail_their_line_only(cli, tmp_path: Path) -> None:
    file = tmp_path / "in.csv"
    padding = "x" * (_SNIFF + 1)  # past what the encoding is guessed from
    text = "merchant.name,merchant.category,goods.sell_through\nA," + padding + ",70\n"
    file.write_bytes(text.encode() + b"B\xff,c,71\nC,c,72\n")
    result = batch(cli, file, out=tmp_path / "out")
    assert result.exit_code == 1
    assert [row["name"] for row in summary_rows(tmp_path / "out")] == ["A", "C"]
    assert error_rows(tmp_path / "out") == [
        (str(file), "3", "line is not UTF-8 text like the rest of the file; export it again")
    ]


# -- 15: empty documents ---------------------------------------------------------------------------------------

NO_ANSWERS = (
    "no answers: the file answers none of the questions; fill in `answers:` (`fact-audit template` writes them all "
    "out) or run `fact-audit interview`"
)


def test_an_empty_document_is_refused_by_score(cli, tmp_path: Path) -> None:
    file = tmp_path / "e.json"
    file.write_text("{}", encoding="utf-8")
    result = cli("score", file)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{file}:1:1: {NO_ANSWERS}"


def test_empty_documents_are_input_errors_in_a_batch(cli, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text("{}", encoding="utf-8")
    template = cli("template", "--lang", "en")
    (tmp_path / "in" / "b.yaml").write_text(template.stdout, encoding="utf-8")  # a blank template
    (tmp_path / "in" / "c.json").write_text(GOOD, encoding="utf-8")
    rows = tmp_path / "d.jsonl"
    rows.write_text('{"merchant": {"name": "x"}}\n' + GOOD + "\n", encoding="utf-8")
    result = batch(cli, tmp_path / "in", rows, out=tmp_path / "out")
    assert result.exit_code == 1
    assert len(summary_rows(tmp_path / "out")) == 2
    problems = error_rows(tmp_path / "out")
    assert [Path(source).name for source, _, _ in problems] == ["a.json", "b.yaml", "d.jsonl"]
    assert all(problem == NO_ANSWERS for _, _, problem in problems)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["clients"] == 2 and summary["errors"] == 3


def test_an_interview_still_fills_a_blank_template(cli, tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    out.write_text(cli("template", "--lang", "en").stdout, encoding="utf-8")
    result = cli("interview", "--out", out, "--only", "ads", "--lang", "en", input="Shop\n1\n2\n\n3\nq\n")
    assert result.exit_code == 3, result.stdout + result.stderr


# -- 17: merchant fields are the text as written ---------------------------------------------------------------


def test_merchant_fields_are_the_same_text_in_every_format(cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "merchant:\n  name: 007\n  category: 0571\n  consultant: 0x1F\n  date: 1e3\n"
        "answers:\n  goods.sell_through: 70\n",
        encoding="utf-8",
    )
    (tmp_path / "b.csv").write_text(
        "merchant.name,merchant.category,merchant.consultant,merchant.date,goods.sell_through\n007,0571,0x1F,1e3,70\n",
        encoding="utf-8",
    )
    row = (
        '{"merchant": {"name": 7, "category": 1E3, "consultant": true, "date": -0.50}, '
        '"answers": {"goods.sell_through": 70}}'
    )
    (tmp_path / "c.json").write_text(row, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(row + "\n", encoding="utf-8")
    result = batch(cli, *(tmp_path / n for n in ("a.yaml", "b.csv", "c.json", "d.jsonl")), out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert [(r["name"], r["category"]) for r in summary_rows(tmp_path / "out")] == [
        ("007", "0571"),
        ("007", "0571"),
        ("7", "1E3"),
        ("7", "1E3"),
    ]
    for name, merchant in (
        ("a.yaml", {"name": "007", "category": "0571", "consultant": "0x1F", "date": "1e3"}),
        ("c.json", {"name": "7", "category": "1E3", "consultant": "true", "date": "-0.50"}),
    ):
        report = json.loads(cli("score", tmp_path / name, "--format", "json").stdout)
        assert report["merchant"] == merchant
    answers = json.loads(cli("score", tmp_path / "a.yaml", "--format", "json").stdout)
    assert answers["capabilities"]  # answers themselves are still numbers: only merchant fields are text


def test_answers_outside_merchant_still_resolve_as_yaml_1_2() -> None:
    from fact_audit.yamlio import ANSWERS_TEXT_KEYS, parse_yaml

    doc = parse_yaml("merchant: {name: 0x1F}\nanswers: {a: 0x1F, b: 1e3}\n", "f", text_keys=ANSWERS_TEXT_KEYS)
    assert doc.data == {"merchant": {"name": "0x1F"}, "answers": {"a": 31, "b": 1000.0}}


# -- the smaller ones ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["12％", "１２%", "１２％", "１２．０％", " 12 % "])
def test_full_width_percent_and_digits_both_read(written: str, bundled) -> None:
    from fact_audit.answers import normalise

    assert normalise(bundled.questions["goods.sell_through"], written) == 12


def test_a_huge_integer_in_json_lines_is_said_in_our_words(cli, tmp_path: Path) -> None:
    rows = tmp_path / "n.jsonl"
    rows.write_text('{"answers": {"goods.sell_through": ' + "9" * 5000 + "}}\n" + GOOD + "\n", encoding="utf-8")
    result = batch(cli, rows, out=tmp_path / "out")
    assert result.exit_code == 1
    assert error_rows(tmp_path / "out") == [(str(rows), "1", "invalid JSON: a number with thousands of digits")]
    assert "set_int_max_str_digits" not in result.stderr


def test_migrate_keeps_merchant_fields_as_written(cli, tmp_path: Path) -> None:
    from .test_rubric_versions import OLD_ANSWERS, version_two

    v2 = version_two(tmp_path)
    answers = tmp_path / "old.yaml"
    answers.write_text(OLD_ANSWERS.replace("{name: Old Shop,", "{name: 007, category: 0571,"), encoding="utf-8")
    assert cli("migrate", answers, "--rubrics", v2).exit_code == 0
    report = json.loads(cli("score", answers, "--rubrics", v2, "--format", "json").stdout)
    assert (report["merchant"]["name"], report["merchant"]["category"]) == ("007", "0571")
