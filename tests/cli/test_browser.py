"""A real browser: Debian's headless Chromium opens a report and a portfolio page from the file alone.

`.ci/run` installs chromium; where it cannot be installed these tests skip and say why.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from fact_audit.synthetic import clients

HOSTILE = "<img src=x onerror=alert(1)>"
ROOT = Path(__file__).resolve().parent.parent.parent
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)"),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    command = [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and raw RGB(A) rows of a non-interlaced 8-bit PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, stride, channels)]


def radar_blue(pixels: list[bytes]) -> int:
    """Pixels of the radar's outline colour #2563eb (37, 99, 235), give or take anti-aliasing."""
    return sum(1 for p in pixels if abs(p[0] - 37) < 30 and abs(p[1] - 99) < 30 and abs(p[2] - 235) < 30)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    import yaml

    folder = tmp_path_factory.mktemp("report")
    document = yaml.safe_load((ROOT / "examples" / "kol_dependent.yaml").read_text(encoding="utf-8"))
    document["merchant"]["name"] = HOSTILE
    answers = folder / "hostile.yaml"
    answers.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    page = folder / "report.html"
    from typer.testing import CliRunner

    from fact_audit.cli import app

    outcome = CliRunner().invoke(app, ["score", str(answers), "--format", "html", "--out", str(page)])
    assert outcome.exit_code == 0, outcome.stderr
    return page


@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("phone", 390)])
def test_report_renders_with_a_visible_radar(hostile_report: Path, tmp_path: Path, label: str, width: int) -> None:
    shot = tmp_path / f"{label}.png"
    result = chromium(tmp_path, f"--window-size={width},1400", f"--screenshot={shot}", hostile_report.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    got_width, _, pixels = png_pixels(shot)
    assert got_width == width
    assert radar_blue(pixels) > 80, "the radar's outline is not visible"


def test_report_prints_to_a_4(hostile_report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    result = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", hostile_report.as_uri())
    assert pdf.exists(), result.stderr[-2000:]
    data = pdf.read_bytes()
    boxes = {
        tuple(round(float(v)) for v in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    }
    assert boxes == {(595, 842)}, boxes  # A4 in points, every page
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 1 <= pages <= 16  # a long report (79 actions) stays a readable handful of pages


def test_no_injected_element_in_the_dom(hostile_report: Path, tmp_path: Path) -> None:
    result = chromium(tmp_path, "--dump-dom", hostile_report.as_uri())
    tags = Tags()
    tags.feed(result.stdout)
    assert "main" in tags.tags and "svg" in tags.tags
    assert "img" not in tags.tags and "script" not in tags.tags
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.stdout


def test_portfolio_page_opens_with_links_and_no_injection(tmp_path: Path, bundled) -> None:
    import json

    from typer.testing import CliRunner

    from fact_audit.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for index, document in enumerate(clients(bundled, 6, seed=9)):
        if index % 2 == 0:
            document["merchant"]["name"] = HOSTILE
        (folder / f"c{index}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    outcome = CliRunner().invoke(app, ["batch", str(folder), "--out", str(out), "--format", "html", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome.stderr
    index = out / "index.html"
    result = chromium(tmp_path, "--dump-dom", index.as_uri())
    tags = Tags()
    tags.feed(result.stdout)
    assert "img" not in tags.tags and "script" not in tags.tags
    assert len(tags.links) == 6 and all((out / unquote(link)).is_file() for link in tags.links)
    shot = tmp_path / "portfolio.png"
    chromium(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", index.as_uri())
    assert radar_blue(png_pixels(shot)[2]) > 20  # the cohort's radar is drawn


# The portfolio at a given width, measured from outside: a page of the test's own frames the index at that width
# (headless Chromium lays a window out no narrower than 500 px) and writes what it finds into its DOM for
# --dump-dom. The portfolio itself runs no script.
LAYOUT_PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="%(src)s" style="width:%(width)dpx;height:900px;border:0"></iframe><script>
document.getElementById('f').addEventListener('load', () => {
  const w = document.getElementById('f').contentWindow, d = w.document;
  const out = {width: w.innerWidth, page: d.documentElement.scrollWidth, tables: 0, columns: 0, bad: []};
  for (const table of d.querySelectorAll('table')) {
    out.tables += 1;
    const box = table.closest('.scroll');
    if (!box) { out.bad.push('no scroll container: ' + table.className); continue; }
    const b = box.getBoundingClientRect();
    if (b.left < -1 || b.right > w.innerWidth + 1) out.bad.push('container off-screen: ' + table.className);
    const cells = table.querySelectorAll('thead th, tbody tr > *');
    for (const cell of cells) {
      const r = cell.getBoundingClientRect();
      const right = r.right - b.left + box.scrollLeft, left = r.left - b.left + box.scrollLeft;
      if (left < -1 || right > box.scrollWidth + 1) out.bad.push('cut off: ' + cell.textContent);
    }
    for (const th of table.querySelectorAll('thead th')) {
      out.columns += 1;
      const lines = th.getBoundingClientRect().height / parseFloat(w.getComputedStyle(th).lineHeight);
      if (lines > 2.5) out.bad.push('header on ' + lines.toFixed(1) + ' lines: ' + th.textContent);
    }
  }
  document.body.setAttribute('data-layout', JSON.stringify(out));
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def portfolio_out(tmp_path_factory, bundled) -> Path:
    """A Chinese portfolio of 14 clients, hostile and very long names among them."""
    import json

    from typer.testing import CliRunner

    from fact_audit.cli import app

    folder = tmp_path_factory.mktemp("portfolio-in")
    for index, document in enumerate(clients(bundled, 14, seed=21)):
        if index == 0:
            document["merchant"]["name"] = HOSTILE
        if index == 1:
            document["merchant"]["name"] = "青禾茶研社华东区域旗舰直播间" * 4
        (folder / f"c{index}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path_factory.mktemp("portfolio-out")
    outcome = CliRunner().invoke(app, ["batch", str(folder), "--out", str(out), "--format", "html", "--jobs", "1"])
    assert outcome.exit_code == 0, outcome.stderr
    return out


@pytest.mark.parametrize("width", [1280, 390])
def test_every_portfolio_column_is_reachable(portfolio_out: Path, tmp_path: Path, width: int) -> None:
    """Issue 15 item 10: at phone width no column is off-screen for good (each table scrolls sideways inside the
    page, the page itself does not), and no header stacks one character a line."""
    import json

    index = portfolio_out / "index.html"
    shot = tmp_path / f"portfolio-{width}.png"
    result = chromium(tmp_path, f"--window-size={width},1600", f"--screenshot={shot}", index.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    assert png_pixels(shot)[0] == width
    probe = tmp_path / "probe.html"
    probe.write_text(LAYOUT_PROBE % {"src": index.as_uri(), "width": width}, encoding="utf-8")
    result = chromium(
        tmp_path, "--allow-file-access-from-files", "--window-size=1400,1000", "--dump-dom", probe.as_uri()
    )
    found = re.search(r'data-layout="([^"]*)"', result.stdout)
    assert found, result.stderr[-2000:]
    layout = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert layout["width"] == width
    assert layout["tables"] >= 3 and layout["columns"] >= 13  # the spread, the segments, the clients
    assert layout["page"] <= width, layout  # nothing makes the page itself wider than the screen
    assert layout["bad"] == []
