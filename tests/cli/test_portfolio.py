"""The portfolio page (`batch --format html`, issue 15 item 10): readable colours, the reader's words, dates, a key,
and a size that does not grow with the batch beyond a page of clients.

The page's layout at phone width is checked in a real browser (tests/cli/test_browser.py); the render time of a
20,000-client batch is measured by bench/portfolio.py, never here."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from fact_audit.renderers import PAGE_ROWS, RenderOptions, portfolio
from fact_audit.synthetic import clients

HOSTILE = "<img src=x onerror=alert(1)>#?%"
INDEX_LIMIT = 5_000_000  # bytes: issue 15 item 10
ROW_MARKUP = 200  # bytes a client row may spend besides the merchant's name, category and report's path


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rgb or #rrggbb."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_maths_by_hand() -> None:
    assert round(contrast("#fff", "#000"), 1) == 21.0
    assert round(contrast("#ffffff", "#e3b341"), 2) == 1.95  # the colour issue 15 complained of


class Page(HTMLParser):
    """Classes used, links, and the text of the page (for words that must or must not appear)."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: set[str] = set()
        self.links: list[str] = []
        self.rows = 0
        self.tags: list[str] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        self.classes.update((attributes.get("class") or "").split())
        if tag == "a":
            self.links.append(attributes.get("href") or "")
        if tag == "tr" and not self._in_style:
            self.rows += 1
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def write_clients(folder: Path, bundled, count: int, seed: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index, document in enumerate(clients(bundled, count, seed=seed)):
        if index == 0:
            document["merchant"]["name"] = HOSTILE
        document["merchant"]["date"] = f"2026-{1 + index % 11:02d}-{1 + index % 27:02d}"
        (folder / f"c{index:04d}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def zh_batch(tmp_path_factory, bundled) -> Path:
    base = tmp_path_factory.mktemp("zh")
    folder = write_clients(base / "in", bundled, 24)
    from typer.testing import CliRunner

    from fact_audit.cli import app

    out = base / "out"
    result = CliRunner().invoke(app, ["batch", str(folder), "--out", str(out), "--format", "html", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    return out


def test_every_coloured_cell_passes_wcag_aa(zh_batch: Path) -> None:
    """Read every rule that sets a background and a text colour out of the page's own CSS: each pair is at least
    4.5:1, and every class the page colours a cell with has such a rule."""
    page = parse(zh_batch / "index.html")
    found = re.findall(r"\.(b\d)\{background:(#[0-9a-fA-F]{3,6});color:(#[0-9a-fA-F]{3,6})\}", page.style)
    assert len(found) == 5
    for name, background, text in found:
        assert contrast(background, text) >= 4.5, (name, background, text, contrast(background, text))
    used = {c for c in page.classes if re.fullmatch(r"b\d", c)}
    assert used == {"b1", "b2", "b3", "b4", "b5"} == {name for name, _, _ in found}


def test_words_dates_and_key_are_in_the_readers_language(zh_batch: Path) -> None:
    page = parse(zh_batch / "index.html")
    text = "".join(page.text)
    assert {"起步期", "成长期", "成熟期"} & set(re.findall(r"起步期|成长期|成熟期", text))
    assert re.search(r"抖音|快手|视频号", text)
    for word in ("growth", "starter", "mature", "douyin", "kuaishou", "channels"):
        assert word not in text
    assert "生成日期" in text and "评估日期" in text and re.search(r"2026-\d\d-\d\d 至 2026-\d\d-\d\d", text)
    assert "颜色说明" in text and all(band in text for band in ("0–19 分", "20–39 分", "40–59 分", "60–79 分"))
    assert "有风险提示的客户" in text and "按类目和阶段分组" in text
    assert "script" not in page.tags and "img" not in page.tags  # the hostile name is text
    assert "&lt;img src=x onerror=alert(1)&gt;#?%" in (zh_batch / "index.html").read_text(encoding="utf-8")


def test_rows_link_every_report_and_carry_no_drawing(zh_batch: Path) -> None:
    page = parse(zh_batch / "index.html")
    reports = sorted(p.name for p in (zh_batch / "reports").iterdir())
    assert sorted(Path(unquote(link)).name for link in page.links) == reports
    assert all((zh_batch / unquote(link)).is_file() for link in page.links)  # `#`, `?`, `%` in a name are encoded
    assert page.tags.count("svg") == 1  # the cohort's radar only, none per client
    assert "style=" not in (zh_batch / "index.html").read_text(encoding="utf-8").split("<tbody>\n", 1)[1]


def test_an_english_page_uses_english_words(tmp_path: Path, bundled, cli) -> None:
    folder = write_clients(tmp_path / "in", bundled, 8)
    out = tmp_path / "out"
    assert cli("batch", folder, "--out", out, "--format", "html", "--jobs", "1", "--lang", "en").exit_code == 0
    text = "".join(parse(out / "index.html").text)
    assert re.search(r"Starting out|Growing|Mature", text) and re.search(r"Douyin|Kuaishou|WeChat Channels", text)
    assert "Generated" in text and "What the colours mean" in text and re.search(r"\d{4}-\d\d-\d\d to \d{4}", text)


def test_a_large_batch_lists_its_clients_on_linked_pages(tmp_path: Path, bundled, cli, monkeypatch) -> None:
    """Above the page size the index keeps the cohort view and links to clients-1.html, clients-2.html, …; every
    client is on exactly one page, one link from the index, pages linked previous/next, no script anywhere."""
    import fact_audit.renderers as renderers

    monkeypatch.setattr(renderers, "PAGE_ROWS", 10)
    folder = write_clients(tmp_path / "in", bundled, 25)
    out = tmp_path / "out"
    assert cli("batch", folder, "--out", out, "--format", "html", "--jobs", "1").exit_code == 0
    index = parse(out / "index.html")
    assert index.links == ["clients-1.html", "clients-2.html", "clients-3.html"]
    assert "第 3 页（第 21–25 位客户）" in "".join(index.text)
    linked: list[str] = []
    for number in (1, 2, 3):
        page = parse(out / f"clients-{number}.html")
        assert "script" not in page.tags and "img" not in page.tags
        reports = [link for link in page.links if link.startswith("reports/")]
        assert len(reports) == (5 if number == 3 else 10)
        linked += reports
        others = [link for link in page.links if not link.startswith("reports/")]
        expected = ["index.html"] + ([f"clients-{number - 1}.html"] if number > 1 else [])
        expected += [f"clients-{number + 1}.html"] if number < 3 else []
        assert others == expected * 2  # the same navigation above and below the list
    assert sorted(Path(unquote(link)).name for link in linked) == sorted(p.name for p in (out / "reports").iterdir())
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [Path(unquote(link)).as_posix() for link in linked] == [r["report"] for r in summary["clients_detail"]]


def realistic_rows(bundled, cli, tmp_path: Path) -> list[dict]:
    """summary.json rows of real scored clients (their reports linked), for rendering many rows cheaply."""
    folder = write_clients(tmp_path / "in", bundled, 30, seed=8)
    out = tmp_path / "out"
    assert cli("batch", folder, "--out", out, "--format", "html", "--jobs", "1").exit_code == 0
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["clients_detail"]


def test_the_index_stays_under_5_mb_at_any_size(tmp_path: Path, bundled, cli) -> None:
    """The index holds at most PAGE_ROWS (2,000) rows; 2,000 real rows of ≤ ROW_MARKUP bytes besides name and link
    give an index far under 5 MB, and a larger batch moves its rows to list pages of the same size. So a 20,000-
    client batch (bench/portfolio.py) writes an index of the cohort view and ten links."""
    rows = realistic_rows(bundled, cli, tmp_path)
    names = [(c.id, c.name("zh")) for c in bundled.capabilities]
    page = portfolio("html", names, RenderOptions(lang="zh"))
    assert page is not None
    summary = {"clients": PAGE_ROWS, "errors": 0, "cohort": {}, "segments": [], "generated": "2026-11-30"}
    head = page.head(summary)
    assert page.pages == 0  # 2,000 clients: all on the index
    size = len(head.encode()) + len(page.tail().encode())
    for index in range(PAGE_ROWS):
        row = rows[index % len(rows)]
        markup = page.row(row)
        size += len(markup.encode())
        bare = re.sub(r'<a href="[^"]*">[^<]*</a>', "<a></a>", markup)  # the merchant's own text left out:
        bare = bare.replace(f"<td>{row['category']}<td class=", "<td><td class=", 1)  # its name, link and category
        assert "<a></a>" in bare and "<td><td" in bare and len(bare.encode()) <= ROW_MARKUP, (len(bare), markup)
    assert size < INDEX_LIMIT / 5, size  # 2,000 rows: about half a megabyte
    page.head({**summary, "clients": 20_000})
    assert page.pages == 10 and len(page.head({**summary, "clients": 20_000}).encode()) < 100_000
