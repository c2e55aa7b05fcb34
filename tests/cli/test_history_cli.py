"""`fact-audit history` from the command line: files and folders, every format, the user's mistakes as one line and
exit 2, and the HTML page in a real browser at desktop and phone width (issue 16, item 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.unit.test_history import DATES, HOSTILE, dated_documents, dated_files


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A folder with the four dated answers files of one merchant."""
    dated_files(tmp_path / "shop")
    return tmp_path / "shop"


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_every_format_from_a_folder(cli, shop: Path, fmt: str) -> None:
    result = cli("history", shop, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["dates"] == list(DATES)
        assert all(len(c["scores"]) == 4 for c in data["capabilities"])
    elif fmt == "html":
        assert len(re.findall(r'class="point"', out)) == 9 * 4  # the overall and eight capabilities
    else:
        assert all(f"{int(d[5:7])} 月 {int(d[8:])} 日" in out for d in DATES)


def test_files_given_in_any_order_and_written_to_out(cli, shop: Path, tmp_path: Path) -> None:
    files = sorted(shop.iterdir(), reverse=True)
    out = tmp_path / "history.md"
    result = cli("history", *files, "--format", "markdown", "--lang", "en", "--out", out)
    assert result.exit_code == 0, result.stderr
    header = next(line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| Capability"))
    assert header.index("1 Feb 2026") < header.index("1 May 2026") < header.index("10 Nov 2026")


def test_different_merchants_exit_2_with_one_line_unless_forced(cli, shop: Path, tmp_path: Path) -> None:
    other = dated_files(tmp_path / "other", name="另一家店")[2]
    result = cli("history", shop, other)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "另一家店" in lines[0] and "青禾茶研社" in lines[0] and "--force" in lines[0]
    forced = cli("history", shop, other, "--force", "--format", "json")
    assert forced.exit_code == 0, forced.stderr
    assert len(json.loads(forced.stdout)["dates"]) == 5


def test_a_file_without_a_date_exits_2_naming_it(cli, shop: Path, tmp_path: Path) -> None:
    document = dated_documents()[0]
    del document["merchant"]["date"]
    undated = tmp_path / "undated.yaml"
    undated.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = cli("history", shop, undated)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and str(undated) in result.stderr


def test_an_empty_folder_and_an_out_onto_an_input_exit_2(cli, shop: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert cli("history", tmp_path / "empty").exit_code == 2
    target = sorted(shop.iterdir())[0]
    before = target.read_bytes()
    result = cli("history", shop, "--format", "html", "--out", target)
    assert result.exit_code == 2 and target.read_bytes() == before


def test_a_hostile_name_reaches_no_format_raw(cli, tmp_path: Path) -> None:
    dated_files(tmp_path / "shop", name=HOSTILE)
    for fmt in ("table", "markdown", "html"):
        result = cli("history", tmp_path / "shop", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        if fmt != "table":
            assert "<img" not in result.stdout


# -- a real browser --------------------------------------------------------------------------------------------------

# The page measured from outside, as test_browser.py measures the portfolio: a page of the test's own frames the
# history at the given width and writes what it finds into its DOM for --dump-dom. The history itself runs no script.
OVERFLOW_PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="%(src)s" style="width:%(width)dpx;height:900px;border:0"></iframe><script>
document.getElementById('f').addEventListener('load', () => {
  const w = document.getElementById('f').contentWindow, d = w.document;
  const out = {width: w.innerWidth, page: d.documentElement.scrollWidth, charts: 0, points: 0, bad: []};
  for (const el of d.querySelectorAll('main *')) {
    if (el.closest('.scroll')) continue;  // a wide table scrolls inside its own box
    const r = el.getBoundingClientRect();
    const off = r.width && (r.left < -1 || r.right > w.innerWidth + 1);
    if (off) out.bad.push(el.tagName + ': ' + el.textContent.slice(0, 40));
  }
  for (const svg of d.querySelectorAll('section.trend svg')) {
    out.charts += 1;
    out.points += svg.querySelectorAll('circle.point').length;
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      const outside = r.left < box.left - 1 || r.right > box.right + 1;
      if (outside) out.bad.push('label outside its chart: ' + text.textContent);
    }
  }
  document.body.setAttribute('data-layout', JSON.stringify(out));
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def history_page(tmp_path_factory) -> Path:
    """The Chinese HTML history of four dates, of a merchant with a hostile and very long name."""
    from typer.testing import CliRunner

    from fact_audit.cli import app

    folder = tmp_path_factory.mktemp("history-page")
    dated_files(folder / "shop", name=HOSTILE + "青禾茶研社华东区域旗舰直播间" * 4)
    page = folder / "history.html"
    outcome = CliRunner().invoke(app, ["history", str(folder / "shop"), "--format", "html", "--out", str(page)])
    assert outcome.exit_code == 0, outcome.stderr
    return page


@pytest.mark.slow
@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("phone", 390)])
def test_the_page_renders_without_overflow(history_page: Path, tmp_path: Path, label: str, width: int) -> None:
    from tests.cli.test_browser import BROWSER, Tags, chromium, png_pixels, radar_blue

    if BROWSER is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    shot = tmp_path / f"{label}.png"
    result = chromium(tmp_path, f"--window-size={width},1600", f"--screenshot={shot}", history_page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    got_width, _, pixels = png_pixels(shot)
    assert got_width == width
    assert radar_blue(pixels) > 80, "the score lines are not drawn"
    dom = chromium(tmp_path, "--dump-dom", history_page.as_uri())
    tags = Tags()
    tags.feed(dom.stdout)
    assert "svg" in tags.tags and "img" not in tags.tags and "script" not in tags.tags
    probe = tmp_path / "probe.html"
    probe.write_text(OVERFLOW_PROBE % {"src": history_page.as_uri(), "width": width}, encoding="utf-8")
    result = chromium(
        tmp_path, "--allow-file-access-from-files", "--window-size=1400,1000", "--dump-dom", probe.as_uri()
    )
    found = re.search(r'data-layout="([^"]*)"', result.stdout)
    assert found, result.stderr[-2000:]
    layout = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<"))
    assert layout["width"] == width
    assert layout["charts"] == 9 and layout["points"] == 9 * 4
    assert layout["page"] <= width, layout
    assert layout["bad"] == [], layout["bad"][:10]


# -- batch: several dates of one merchant get a history page, linked from the portfolio ------------------------------


def test_a_batch_links_the_history_of_a_merchant_seen_at_several_dates(cli, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    dated_files(inputs)
    examples = Path(__file__).resolve().parents[2] / "examples"
    for name in ("kol_dependent.yaml", "mature_brand.yaml"):
        (inputs / name).write_bytes((examples / name).read_bytes())
    out = tmp_path / "out"
    result = cli("batch", inputs, "--out", out, "--format", "html", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    pages = list((out / "history").iterdir())
    assert len(pages) == 1 and pages[0].name.startswith("青禾茶研社-")
    links = re.findall(r'<a class="hist" href="([^"]+)"', (out / "index.html").read_text(encoding="utf-8"))
    assert links == ["history/" + pages[0].name] * 4  # each of the four rows, and no other client
    alone = cli("history", *sorted(inputs.glob("[a-d]-*.yaml")), "--format", "html")
    assert pages[0].read_text(encoding="utf-8") == alone.stdout  # the page `history` itself makes
    detail = json.loads((out / "summary.json").read_text(encoding="utf-8"))["clients_detail"]
    assert len(detail) == 6 and not any({"trend", "history"} & set(row) for row in detail)


def test_a_batch_without_repeated_dated_merchants_writes_no_history(cli, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    documents = dated_documents()[:2]
    for index, document in enumerate(documents):
        del document["merchant"]["date"]  # the same name twice, but no dates: no order, so no history
        (inputs / f"{index}.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    for fmt in ("html", "markdown"):
        out = tmp_path / f"out-{fmt}"
        assert cli("batch", inputs, "--out", out, "--format", fmt, "--jobs", "1").exit_code == 0
        assert not (out / "history").exists()
    dated_files(tmp_path / "md")
    out = tmp_path / "out-md-dated"
    assert cli("batch", tmp_path / "md", "--out", out, "--format", "markdown", "--jobs", "1").exit_code == 0
    assert not (out / "history").exists()  # a format without a portfolio page links nothing
    out = tmp_path / "out-html-no-reports"
    assert cli("batch", tmp_path / "md", "--out", out, "--format", "html", "--no-reports", "--jobs", "1").exit_code == 0
    assert not (out / "history").exists()  # summaries only


def test_a_hostile_name_seen_twice_gets_a_safe_page_and_link(cli, tmp_path: Path) -> None:
    from urllib.parse import unquote

    dated_files(tmp_path / "in", name=HOSTILE)
    out = tmp_path / "out"
    assert cli("batch", tmp_path / "in", "--out", out, "--format", "html", "--jobs", "1").exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index and "\x1b" not in index
    links = set(re.findall(r'<a class="hist" href="([^"]+)"', index))
    assert len(links) == 1
    page = out / unquote(links.pop())
    assert page.parent == out / "history" and page.is_file()
    assert "<img" not in page.read_text(encoding="utf-8")
