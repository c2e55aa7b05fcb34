"""summary.csv and errors.csv speak the report's language (issue 15 item 8): Chinese headers and words for Excel and
WPS with `--lang zh` (the default), the column ids and English words with `--lang en`; summary.json, the machine
contract, is the same file in both."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from fact_audit.synthetic import clients

ZH_PLATFORMS = {"抖音", "快手", "视频号（微信小店）"}
ZH_STAGES = {"起步期", "成长期", "成熟期"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, bundled) -> Path:
    """Twelve clients, one with a date and a name a spreadsheet would run as a formula, plus one broken file."""
    folder = tmp_path_factory.mktemp("in")
    for index, document in enumerate(clients(bundled, 12, seed=15)):
        if index == 0:
            document["merchant"]["name"] = '=HYPERLINK("http://x")'
            document["merchant"]["date"] = "2026-11-30"
        (folder / f"c{index:02d}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (folder / "zz-broken.yaml").write_text("answers: [\n", encoding="utf-8")
    return folder


def batch(cli, inputs: Path, out: Path, *lang: str) -> Path:
    result = cli("batch", inputs, "--out", out, "--jobs", "1", "--no-reports", *lang)
    assert result.exit_code == 1, result.stderr  # the broken file is one error row
    return out


def read(path: Path) -> tuple[bytes, list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    return raw, list(reader.fieldnames or []), rows


def detail(out: Path) -> list[dict]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["clients_detail"]


def test_a_zh_summary_opens_with_chinese_headers_and_words(cli, inputs: Path, tmp_path: Path, bundled) -> None:
    out = batch(cli, inputs, tmp_path / "zh")  # zh is the default
    raw, header, rows = read(out / "summary.csv")
    assert raw.startswith("\ufeff".encode())  # the BOM that makes Excel and WPS read UTF-8
    names = [c.name("zh") for c in bundled.capabilities]
    assert header[:8] == ["店铺", "来源文件", "平台", "类目", "阶段", "日期", "总分", "等级"]
    assert header[8 : 8 + len(names)] == names
    assert {"覆盖率（%）", "是否答完", "优先行动一", "报告文件", "总分批内百分位", "同类客户数"} <= set(header)
    assert f"{names[0]}批内百分位" in header and f"{names[0]}同类百分位" in header
    assert not [h for h in header if any("a" <= ch.lower() <= "z" for ch in h)], header  # no id, no English
    assert len(rows) == 12
    assert {r["平台"] for r in rows} <= ZH_PLATFORMS and {r["阶段"] for r in rows} <= ZH_STAGES
    assert {r["是否答完"] for r in rows} <= {"是", "否"}
    assert rows[0]["日期"] == "2026-11-30" and rows[0]["店铺"] == '\'=HYPERLINK("http://x")'  # neutralised
    assert rows[0]["等级"].startswith("L") and rows[0]["等级"].split(" ", 1)[1] in {
        lv.name("zh") for lv in bundled.levels
    }
    for row, data in zip(rows, detail(out), strict=True):
        assert float(row["覆盖率（%）"]) == round(100 * data["coverage"], 1)  # 0–100, like the percentile columns
        assert 0 <= float(row["覆盖率（%）"]) <= 100 and row["是否答完"] == ("是" if data["complete"] else "否")


def test_an_en_summary_keeps_the_column_ids_with_english_words(cli, inputs: Path, tmp_path: Path, bundled) -> None:
    out = batch(cli, inputs, tmp_path / "en", "--lang", "en")
    raw, header, rows = read(out / "summary.csv")
    assert raw.startswith("\ufeff".encode())
    ids = [c.id for c in bundled.capabilities]
    assert header[: 8 + len(ids)] == [
        "name",
        "source",
        "platform",
        "category",
        "stage",
        "date",
        "overall",
        "level",
        *ids,
    ]
    assert {"coverage", "complete", "overall_pct", f"{ids[0]}_pct", f"{ids[0]}_segment_pct"} <= set(header)
    assert {r["platform"] for r in rows} <= {"Douyin", "Kuaishou", "WeChat Channels (微信小店)"}
    assert {r["stage"] for r in rows} <= {"Starting out", "Growing", "Mature"}
    assert {r["complete"] for r in rows} <= {"yes", "no"}
    assert all(0 <= float(r["coverage"]) <= 100 for r in rows)


def test_summary_json_is_the_same_file_in_both_languages(cli, inputs: Path, tmp_path: Path) -> None:
    zh = batch(cli, inputs, tmp_path / "zh")
    en = batch(cli, inputs, tmp_path / "en", "--lang", "en")
    assert (zh / "summary.json").read_bytes() == (en / "summary.json").read_bytes()
    row = detail(zh)[0]
    assert row["platform"] in {"douyin", "kuaishou", "channels"} and row["stage"] in {"starter", "growth", "mature"}
    assert row["date"] == "2026-11-30" and isinstance(row["complete"], bool)
    actions = [r["actions"] for r in detail(zh)]  # the first actions by id, not by title
    assert any(actions) and all(len(a) <= 3 for a in actions)
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", rid) for a in actions for rid in a), actions
    assert (zh / "summary.csv").read_bytes() != (en / "summary.csv").read_bytes()


@pytest.mark.parametrize(
    ("lang", "header"), [("zh", ["来源文件", "行号", "问题"]), ("en", ["source", "line", "problem"])]
)
def test_errors_csv_headers_follow_the_language(
    cli, inputs: Path, tmp_path: Path, lang: str, header: list[str]
) -> None:
    out = batch(cli, inputs, tmp_path / lang, "--lang", lang)
    raw, got, rows = read(out / "errors.csv")
    assert raw.startswith("\ufeff".encode()) and got == header
    assert [Path(r[header[0]]).name for r in rows] == ["zz-broken.yaml"] and rows[0][header[1]] == "2"
