"""Issue 15 item 6: a form tool's export (question texts as headings, option texts as cells) scores exactly like
the same answers given by id; the form text of `template --format form` round-trips; map files and their errors."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from fact_audit.answers import answers_from_document, normalise
from fact_audit.errors import InputFileError
from fact_audit.formmap import FormMap, load_map
from fact_audit.model import PLATFORMS
from fact_audit.sources import csv_jobs, job_document
from fact_audit.synthetic import clients
from fact_audit.yamlio import Document

from ..conftest import DATA, load_bundled

RUBRIC = load_bundled()
FORMS = DATA / "forms"
MULTI = {q.id for q in RUBRIC.questions.values() if q.type == "multi"}
ASKED = [q for section in RUBRIC.sections() for q in section.questions if q.asked]


def form_blocks(text: str) -> list[tuple[str, list[str]]]:
    """The form text as a form builder's import reads it: after the title and intro, blocks parted by a blank line,
    a numbered question line, then one option a line."""
    blocks = []
    for block in text.split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if line]
        if lines:
            blocks.append((lines[0], lines[1:]))
    return blocks


def form_cell(question, value: Any, options: list[str]) -> str:
    """What the form tool writes in a cell for an answer: the ticked option lines (a checklist's joined by ┋)."""
    if value is None:
        return ""
    if value == "unknown":
        return "不清楚"
    if value == "n/a":
        return "不适用"
    if question.type == "single":
        return options[[o.id for o in question.options].index(value)]
    if question.type == "multi":
        if not value:
            return options[-1]  # 以上都没有
        return "┋".join(options[[o.id for o in question.options].index(item)] for item in value)
    if question.type == "scale":
        return options[value]
    if question.type == "yesno":
        return options[0 if value else 1]
    return str(value)


def id_cell(question, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value) if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_exports(docs: list[dict], form_text: str, by_id: Path, by_form: Path, encoding: str) -> None:
    blocks = form_blocks(form_text)
    assert len(blocks) == 4 + len(ASKED)
    merchant, questions = blocks[:4], blocks[4:]
    with by_id.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["merchant.name", "merchant.platform", "merchant.stage", "merchant.category"] + [q.id for q in ASKED]
        )
        for doc in docs:
            m, a = doc["merchant"], doc["answers"]
            writer.writerow(
                [m["name"], m["platform"], m["stage"], m["category"]] + [id_cell(q, a.get(q.id)) for q in ASKED]
            )
    with by_form.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["序号", "提交答卷时间", "来源", *[line for line, _ in merchant], *[line for line, _ in questions]]
        )
        for number, doc in enumerate(docs, 1):
            m, a = doc["merchant"], doc["answers"]
            platform = merchant[1][1][PLATFORMS.index(m["platform"])]
            stage = merchant[2][1][list(RUBRIC.profiles).index(m["stage"])]
            cells = [form_cell(q, a.get(q.id), options) for q, (_, options) in zip(ASKED, questions, strict=True)]
            writer.writerow(
                [number, "2026/11/30 10:00:00", "手机提交", m["name"], platform, stage, m["category"], *cells]
            )


def outputs(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8-sig") for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_form_export_scores_like_the_same_answers_by_id(cli, tmp_path: Path, encoding: str) -> None:
    form = cli("template", "--format", "form", "--lang", "zh")
    assert form.exit_code == 0, form.stderr
    docs = list(clients(RUBRIC, 6, seed=11))
    folder = tmp_path / "in"
    folder.mkdir()
    export = folder / "export.csv"  # the same path for both runs: reports are named after it
    write_exports(docs, form.stdout, export, tmp_path / "form.csv", encoding)
    by_id = cli("batch", export, "--out", tmp_path / "by-id", "--jobs", "1")
    assert by_id.exit_code == 0, by_id.stderr
    export.write_bytes((tmp_path / "form.csv").read_bytes())
    by_form = cli("batch", export, "--out", tmp_path / "by-form", "--jobs", "1")
    assert by_form.exit_code == 0, by_form.stderr
    first, second = outputs(tmp_path / "by-id"), outputs(tmp_path / "by-form")
    assert len([name for name in first if name.startswith("reports")]) == len(docs)
    assert first == second
    # the tool's own columns are named once, not once per row
    assert by_form.stderr.count("序号、提交答卷时间、来源") == 1 and "--map" in by_form.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_text_maps_back_to_every_question(cli, lang: str) -> None:
    result = cli("template", "--format", "form", "--lang", lang)
    blocks = form_blocks(result.stdout)
    form = FormMap(RUBRIC)
    fields = [form.column(line) for line, _ in blocks]
    merchant = ["merchant.name", "merchant.platform", "merchant.stage", "merchant.category"]
    assert fields == merchant + [q.id for q in ASKED]
    numbering = re.compile(r"^\d+、" if lang == "zh" else r"^\d+\. ")
    assert all(numbering.match(line) for line, _ in blocks)
    for question, (line, options) in zip(ASKED, blocks[4:], strict=True):
        values = [form.cell(question.id, option) for option in options]
        if question.type in ("single", "multi"):
            expected = [o.id for o in question.options] + (["[]"] if question.type == "multi" else [])
        elif question.type == "scale":
            expected = ["0", "1", "2", "3", "4"]
        elif question.type == "yesno":  # 是/否 go to the answers reader as they are, which takes them
            assert [normalise(question, value) for value in values[:2]] == [True, False]
            expected = values[:2]
        else:
            expected = []
        assert values == expected + (["n/a"] if question.allow_na and question.type != "multi" and options else [])
        if question.type == "multi":
            assert line.endswith("（多选）" if lang == "zh" else "(multiple choice)")
        if question.type == "number":
            assert ("填数字" if lang == "zh" else "number") in line


def test_the_zh_form_and_map_hold_no_ids(cli) -> None:
    form = cli("template", "--format", "form", "--lang", "zh").stdout
    assert not [q.id for q in ASKED if q.id in form]
    assert "merchant." not in form and "multiple choice" not in form
    text = cli("template", "--format", "map", "--lang", "zh").stdout
    comments = [  # the tool's own words: not the command line, not the section names (rubric texts)
        line
        for line in text.splitlines()
        if line.lstrip().startswith("#") and "fact-audit" not in line and "══" not in line
    ]
    example = text.split("选项:", 1)[1]  # the example of an option's line is YAML, its ids written in Chinese
    assert [line for line in comments if re.search("[A-Za-z]", line) and line not in example] == []
    assert "columns:" not in text and "options:" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_map_template_is_a_valid_map_that_maps_the_form(cli, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "form.yaml"
    path.write_text(cli("template", "--format", "map", "--lang", lang).stdout, encoding="utf-8")
    form = load_map(path, RUBRIC)
    blocks = form_blocks(cli("template", "--format", "form", "--lang", lang).stdout)
    assert [form.column(line) for line, _ in blocks][4:] == [q.id for q in ASKED]
    assert len(form.columns) == 4 + len(ASKED)  # every column is in the map itself, not only found by its text


def test_map_option_texts_and_ignored_columns(cli, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "店铺叫什么,填写人手机号,售罄率,毛利算到哪一步\n甲店,13800000000,70,只算了进价\n", encoding="utf-8"
    )
    form_map = tmp_path / "form.yaml"
    form_map.write_text(
        "列:\n  店铺叫什么: 店铺名称\n  填写人手机号: 忽略\n  售罄率: goods.sell_through\n"
        "  毛利算到哪一步: goods.item_margin\n"
        "选项:\n  goods.item_margin:\n    只算了进价: price_only\n",
        encoding="utf-8",
    )
    result = cli("batch", export, "--map", form_map, "--out", tmp_path / "out", "--jobs", "1", "--no-reports")
    assert result.exit_code == 0, result.stderr
    assert "没有对上题目" not in result.stderr  # an ignored column is not reported
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in summary["clients_detail"]] == ["甲店"]
    from fact_audit.api import score

    expected = score(
        {"merchant": {"name": "甲店"}, "answers": {"goods.sell_through": 70, "goods.item_margin": "price_only"}}
    )
    assert summary["clients_detail"][0]["overall"] == expected.score


def test_a_bad_map_is_one_error_with_its_place(cli, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("售罄率\n70\n", encoding="utf-8")
    form_map = tmp_path / "form.yaml"
    form_map.write_text("columns:\n  售罄率: goods.sell_thru\n", encoding="utf-8")
    result = cli("batch", export, "--map", form_map, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"{form_map}:2:3: 'goods.sell_thru' is not a question id of this rubric set "
        "(did you mean 'goods.sell_through'?)"
    ]


def test_no_recognised_column_stays_an_error_naming_the_columns(cli, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("提交时间,你们的店开了多久\n2026-11-30,三年\n", encoding="utf-8")
    result = cli("batch", export, "--out", tmp_path / "out", "--jobs", "1", "--no-reports")
    assert result.exit_code == 1
    with (tmp_path / "out" / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        errors = list(csv.reader(handle))[1:]  # source, line, problem (the headings follow --lang)
    assert [(line, problem.split(":")[0]) for _, line, problem in errors] == [("1", "no column is a question")]
    assert "你们的店开了多久" in errors[0][2] and "--map" in errors[0][2]


# ── file-driven cases: tests/data/forms/ ──


def _answers(jobs) -> list[tuple[dict, dict]]:
    out = []
    for job in jobs:
        assert job.kind == "csv", job.payload
        answers = answers_from_document(job_document(job, MULTI), RUBRIC)
        out.append((answers.merchant, answers.values))
    return out


@pytest.mark.parametrize("case", sorted(FORMS.glob("valid/*.csv")), ids=lambda p: p.stem)
def test_a_valid_export_reads_as_its_answers_by_id(case: Path) -> None:
    """Each export beside its `.expect.yaml`: the rows' answers given by id, and the columns listed as unmapped."""
    expect = yaml.safe_load(case.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
    map_file = case.with_suffix(".map.yaml")
    form = load_map(map_file, RUBRIC) if map_file.exists() else FormMap(RUBRIC)
    got = _answers(csv_jobs(case, questions=form.ids, form=form))
    wanted = []
    for row in expect["rows"]:
        doc = {"format": "fact-audit/answers@1", "merchant": row["merchant"], "answers": row["answers"]}
        answers = answers_from_document(Document(doc, "expected"), RUBRIC)
        wanted.append((answers.merchant, answers.values))
    assert got == wanted
    assert form.unmapped.get(str(case), []) == expect.get("unmapped", [])


def _expected_error(path: Path) -> tuple[int, int, str]:
    match = re.match(r"# expect: (\d+):(\d+): (.+)\n", path.read_text(encoding="utf-8"))
    assert match, f"{path.name} lacks its '# expect: line:col: message' first line"
    return int(match.group(1)), int(match.group(2)), match.group(3)


@pytest.mark.parametrize("case", sorted(FORMS.glob("invalid-maps/*.yaml")), ids=lambda p: p.stem)
def test_an_invalid_map_is_one_error_at_its_place(case: Path) -> None:
    line, col, message = _expected_error(case)
    with pytest.raises(InputFileError) as caught:
        load_map(case, RUBRIC)
    assert (caught.value.file, caught.value.line, caught.value.col, caught.value.message) == (
        str(case),
        line,
        col,
        message,
    )


@pytest.mark.parametrize("case", sorted(FORMS.glob("invalid-exports/*.csv")), ids=lambda p: p.stem)
def test_an_invalid_export_is_one_error_at_its_header(case: Path) -> None:
    """An export whose heading is two questions' text (with a map giving both) is refused at line 1, not guessed."""
    expected = case.with_suffix(".expect.txt").read_text(encoding="utf-8").strip()
    map_file = case.with_suffix(".map.yaml")
    form = load_map(map_file, RUBRIC) if map_file.exists() else FormMap(RUBRIC)
    jobs = list(csv_jobs(case, questions=form.ids, form=form))
    assert [(job.kind, job.line, job.payload) for job in jobs] == [("error", 1, expected)]
