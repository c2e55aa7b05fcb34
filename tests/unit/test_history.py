"""`fact_audit.history` and its renderers: one merchant over four dates (issue 16, item 3).

The four answers files are made from examples/growing_brand.yaml: at the earlier dates some capabilities carry the
answers of the weak example shop, fewer at each date, so the scores climb and actions get resolved. Every expected
number is worked out from the per-date reports themselves (`compare.load_report`), never copied from the history.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from fact_audit.compare import load_report, progress
from fact_audit.errors import FactAuditError
from fact_audit.history import build_history, history_files, load_history, point
from fact_audit.renderers import HISTORY_FORMATS, RenderOptions
from fact_audit.renderers.history_common import render_history
from fact_audit.wrapping import display_width

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DATES = ("2026-02-01", "2026-05-01", "2026-08-01", "2026-11-10")
HOSTILE = "<img src=x onerror=alert(1)>\x1b[2J**粗**[点我](javascript:alert(1))|#"


def dated_documents(name: str | None = None) -> list[dict[str, Any]]:
    """Four answers documents of one merchant, oldest first: the first six, four, two and then none of the eight
    capabilities answered as the weak example shop answers them."""
    strong = yaml.safe_load((EXAMPLES / "growing_brand.yaml").read_text(encoding="utf-8"))
    weak = yaml.safe_load((EXAMPLES / "new_small_shop.yaml").read_text(encoding="utf-8"))["answers"]
    capabilities = list(dict.fromkeys(q.split(".")[0] for q in strong["answers"] if not q.startswith("fact.")))
    assert len(capabilities) == 8
    documents = []
    for index, date in enumerate(DATES):
        weak_caps = set(capabilities[: 6 - 2 * index])
        answers = dict(strong["answers"])
        answers.update({q: v for q, v in weak.items() if q.split(".")[0] in weak_caps})
        merchant = {**strong["merchant"], "date": date}
        if name is not None:
            merchant["name"] = name
        documents.append({**strong, "merchant": merchant, "answers": answers})
    return documents


def dated_files(folder: Path, name: str | None = None) -> list[Path]:
    """The four documents as files whose names sort against their dates (the history must order by date)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = ("d-spring.yaml", "c-summer.yaml", "b-autumn.yaml", "a-winter.yaml")
    paths = []
    for file, document in zip(names, dated_documents(name), strict=True):
        path = folder / file
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths  # oldest first


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    return dated_files(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def reports(files, bundled) -> list[dict[str, Any]]:
    return [load_report(path, bundled) for path in files]


@pytest.fixture(scope="module")
def history(files, bundled):
    return load_history(list(reversed(files)), bundled)  # given newest first: the dates decide


def test_the_fixture_really_moves(reports) -> None:
    """Otherwise every assertion below could pass on a flat line."""
    overall = [r["overall"]["score"] for r in reports]
    assert overall == sorted(overall) and overall[0] < overall[-1]
    first = {r["id"] for r in reports[0]["recommendations"]}
    last = {r["id"] for r in reports[-1]["recommendations"]}
    assert first - last, "no action resolved between the first and the last date"


def test_points_are_ordered_by_date_with_every_score(history, reports, files) -> None:
    assert history.dates == list(DATES)
    assert history.sources == [str(f) for f in files]
    assert history.overall["scores"] == [r["overall"]["score"] for r in reports]
    assert [c["id"] for c in history.capabilities] == [c["id"] for c in reports[-1]["capabilities"]]
    for cap in history.capabilities:
        expected = [next(c["score"] for c in r["capabilities"] if c["id"] == cap["id"]) for r in reports]
        assert cap["scores"] == expected
        assert len(cap["levels"]) == len(cap["steps"]) == 4


def test_change_steps_and_progress(history, bundled) -> None:
    level_min = {level.id: level.min for level in bundled.levels}
    for trend in (history.overall, *history.capabilities):
        scores = trend["scores"]
        assert trend["change"] == round(scores[-1] - scores[0], 1)
        assert trend["steps"] == [None, *(round(b - a, 1) for a, b in pairwise(scores))]
        assert trend["progress"] == progress(scores[0], scores[-1], trend["target_score"])
    for cap in history.capabilities:
        assert cap["target_score"] == level_min[cap["target"]["id"]]


def test_actions_resolved_and_still_open(history, reports) -> None:
    first = [r["id"] for r in reports[0]["recommendations"]]
    last = [r["id"] for r in reports[-1]["recommendations"]]
    assert [a["id"] for a in history.resolved] == [rid for rid in first if rid not in last]
    assert [a["id"] for a in history.open] == last
    titles = {r["id"]: r["title"] for report in reports for r in report["recommendations"]}
    for item in (*history.resolved, *history.open):
        assert item["title"] == titles[item["id"]] and set(item["title"]) == {"zh", "en"}
    for item in history.resolved:  # the date from which it never came back
        gone = [i for i, r in enumerate(reports) if item["id"] not in {x["id"] for x in r["recommendations"]}]
        start = min(i for i in gone if all(j in gone for j in range(i, 4)))
        assert item["resolved"] == DATES[start]
    for item in history.open:
        assert item["new"] == (item["id"] not in first)
        assert item["since"] in DATES


def test_a_saved_json_report_counts_as_its_date(files, bundled, tmp_path) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(load_report(files[1], bundled), ensure_ascii=False), encoding="utf-8")
    mixed = load_history([files[0], saved, files[2], files[3]], bundled).to_dict()
    plain = load_history(files, bundled).to_dict()
    mixed.pop("sources"), plain.pop("sources")
    assert mixed == plain


def test_different_merchants_are_refused_unless_forced(files, bundled, tmp_path) -> None:
    other = dated_files(tmp_path / "other", name="另一家店")
    with pytest.raises(FactAuditError) as refused:
        load_history([files[0], other[1]], bundled)
    assert refused.value.code == "history-merchant"
    assert "青禾茶研社" in str(refused.value) and "另一家店" in str(refused.value)
    assert str(other[1]) in str(refused.value) and str(files[0]) in str(refused.value)
    forced = load_history([files[0], other[1]], bundled, force=True)
    assert forced.other_merchants == ["青禾茶研社"] and forced.merchant["name"] == "另一家店"


@pytest.mark.parametrize("date", [None, "", "next spring"])
def test_a_file_without_a_date_is_an_error_naming_it(files, bundled, tmp_path, date) -> None:
    document = dated_documents()[0]
    document["merchant"]["date"] = date
    undated = tmp_path / "undated.yaml"
    undated.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FactAuditError) as refused:
        load_history([files[0], undated], bundled)
    assert refused.value.code == "history-date" and refused.value.file == str(undated)


def test_equal_dates_keep_the_order_given(reports, bundled) -> None:
    points = [point(reports[0], "a"), point(reports[3], "b")]
    points[1]["merchant"]["date"] = points[0]["merchant"]["date"]
    assert build_history(points, bundled).sources == ["a", "b"]
    assert build_history(points[::-1], bundled).sources == ["b", "a"]


def test_a_folder_means_its_answers_files_not_its_subfolders(tmp_path) -> None:
    files = dated_files(tmp_path / "shop")
    (tmp_path / "shop" / "notes.txt").write_text("not answers", encoding="utf-8")
    (tmp_path / "shop" / "old").mkdir()
    (tmp_path / "shop" / "old" / "x.yaml").write_text("merchant: {}\n", encoding="utf-8")
    assert history_files([tmp_path / "shop"]) == sorted(str(f) for f in files)
    assert history_files([files[0], tmp_path / "shop"]) == [str(files[0]), *sorted(str(f) for f in files[1:])]
    (tmp_path / "empty").mkdir()
    with pytest.raises(FactAuditError) as refused:
        history_files([tmp_path / "empty"])
    assert refused.value.file == str(tmp_path / "empty")


# -- every format shows the four points ---------------------------------------------------------------------------


def render(history, fmt: str, lang: str = "zh") -> str:
    return render_history(history, fmt, RenderOptions(lang=lang, width=200))


def test_json_has_four_entries_per_capability(history) -> None:
    data = json.loads(render(history, "json"))
    assert data["format"] == "fact-audit/history@1" and data["dates"] == list(DATES)
    assert len(data["capabilities"]) == 8
    for trend in (data["overall"], *data["capabilities"]):
        assert len(trend["scores"]) == 4 and len(trend["steps"]) == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_has_a_column_per_date(history, lang) -> None:
    text = render(history, "markdown", lang)
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    header, body = rows[0], rows[1:]
    assert len(body) == 9  # the overall and eight capabilities
    assert header.count("|") - 1 == 1 + 4 + 3  # capability, four dates, change, target, progress
    for line, trend in zip(body, (history.overall, *history.capabilities), strict=True):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[1:5] == [f"{s:.1f}" for s in trend["scores"]]
    assert ("2026 年 2 月 1 日" if lang == "zh" else "1 Feb 2026") in header


@pytest.mark.parametrize("width", [200, 80])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_has_a_column_per_date(history, lang, width) -> None:
    text = render_history(history, "table", RenderOptions(lang=lang, width=width))
    assert all(display_width(line) <= width for line in text.splitlines())
    for trend in (history.overall, *history.capabilities):
        name = trend["name"][lang] if "name" in trend else ("综合得分" if lang == "zh" else "Overall score")
        line = next(line for line in text.splitlines() if line.startswith(name))
        numbers = re.findall(r"(?<![\w(（])[+-]?\d+\.\d(?![\d%])", line[len(name) :])
        assert numbers[:4] == [f"{s:.1f}" for s in trend["scores"]], line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_draws_four_points_per_capability(history, lang) -> None:
    page = render(history, "html", lang)
    charts = re.findall(r'<section class="card trend" data-capability="([^"]+)">(.*?)</section>', page, re.S)
    assert [cid for cid, _ in charts] == ["overall", *(c["id"] for c in history.capabilities)]
    for (_, chart), trend in zip(charts, (history.overall, *history.capabilities), strict=True):
        scores = [float(s) for s in re.findall(r'class="point"[^>]*data-score="([^"]+)"', chart)]
        assert scores == trend["scores"]
        line = re.search(r'<polyline class="line" points="([^"]+)"', chart)
        assert line and len(line.group(1).split()) == 4
        assert f'data-target="{trend["target_score"]:g}"' in chart and 'stroke-dasharray="5 4"' in chart
        assert len(re.findall(r'class="date"', chart)) == 4
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")


def test_the_chinese_formats_hold_no_id_or_english(history) -> None:
    ids = {c["id"] for c in history.capabilities} | {a["id"] for a in (*history.resolved, *history.open)}
    for fmt in ("table", "markdown", "html"):
        text = re.sub(r"<style.*?</style>|<[^>]+>", " ", render(history, fmt), flags=re.S).replace("fact-audit", "")
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]+", text))
        assert not words & ids, (fmt, words & ids)
        assert not re.search(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}", text), fmt
        assert "您" not in text and not re.search(r"\d{4}-\d{2}-\d{2}", text), fmt


def test_hostile_names_are_escaped_in_every_format(tmp_path, bundled) -> None:
    hostile = load_history(dated_files(tmp_path, name=HOSTILE), bundled, force=False)
    for fmt in HISTORY_FORMATS:
        text = render(hostile, fmt)
        assert "\x1b" not in text, fmt
        if fmt == "json":
            assert json.loads(text)["merchant"]["name"] == HOSTILE
        elif fmt == "table":  # a terminal shows the name as written, its escape sequence made visible
            assert "<img src=x onerror=alert(1)>\\x1b[2J**粗**[点我]" in text
        else:
            assert "<img" not in text, fmt
    markdown = render(hostile, "markdown")
    assert "\\[点我\\](javascript" in markdown and "\\*\\*粗\\*\\*" in markdown  # a literal, never a link
    assert "&lt;img src=x onerror=alert(1)&gt;" in render(hostile, "html")
