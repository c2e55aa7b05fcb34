"""The HTML report: structure, radar geometry, escaping, self-containment."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pytest

from fact_audit.answers import Answers
from fact_audit.renderers import RenderOptions, render
from fact_audit.renderers.html import radar_points
from fact_audit.scoring import score

HOSTILE = "<img src=x onerror=alert(1)>\"'&"


class Collector(HTMLParser):
    """Collects tags, their attributes and the text, with the standard library's parser."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def report(bundled):
    values = {q.id: max(q.answer_space(), key=lambda p: p[1])[0] for q in bundled.questions.values()}
    values["goods.sell_through"] = 10
    values["fact.top_kol_share"] = 70
    answers = Answers(
        "h.yaml",
        {"name": HOSTILE, "platform": "douyin", "stage": "growth", "category": HOSTILE},
        values,
        {"goods.sell_through": HOSTILE},
    )
    return score(bundled, answers)


def parse(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    return collector


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_are_there(report, lang: str) -> None:
    page = render(report, "html", RenderOptions(lang=lang))
    parsed = parse(page)
    classes = " ".join(attrs.get("class") or "" for _, attrs in parsed.tags)
    for needed in ("radar", "bars", "fact", "flags", "actions", "plan", "current", "target"):
        assert needed in classes, needed
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in page
    assert "@page{size:A4" in page and "@media print" in page and "@media (max-width:720px)" in page
    assert ("Microsoft YaHei" in page) and ("PingFang SC" in page) and ("Noto Sans CJK SC" in page)


def test_self_contained_no_script_no_network(report) -> None:
    page = render(report, "html", RenderOptions(lang="en"))
    tags = {tag for tag, _ in parse(page).tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and "url(" not in page and "@import" not in page


def test_hostile_user_text_is_escaped_everywhere(report) -> None:
    page = render(report, "html", RenderOptions(lang="en"))
    parsed = parse(page)
    assert "img" not in {tag for tag, _ in parsed.tags}
    assert HOSTILE in "".join(parsed.text)  # shown as text, exactly as typed
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "onerror=alert(1)>" not in page.replace("&gt;", "")


def _radius_and_centre(polygon_ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    top = polygon_ring[0]
    bottom = polygon_ring[len(polygon_ring) // 2]
    cx, cy = top[0], (top[1] + bottom[1]) / 2
    return cx, cy, cy - top[1]


def test_radar_points_match_the_scores(report) -> None:
    page = render(report, "html", RenderOptions(lang="en"))
    polygons = [attrs for tag, attrs in parse(page).tags if tag == "polygon"]
    outer = [tuple(map(float, p.split(","))) for p in polygons[4]["points"].split()]  # the 100 ring
    cx, cy, radius = _radius_and_centre(outer)
    current = next(a for a in polygons if a.get("class") == "current")
    points = [tuple(map(float, p.split(","))) for p in current["points"].split()]
    scores = [c.score for c in report.capabilities]
    assert len(points) == len(scores) == 8
    for index, ((x, y), expected) in enumerate(zip(points, scores, strict=True)):
        assert math.hypot(x - cx, y - cy) / radius * 100 == pytest.approx(expected, abs=0.1)
        if expected > 1:
            angle = math.atan2(y - cy, x - cx)
            assert angle == pytest.approx(
                -math.pi / 2 + 2 * math.pi * index / 8 - (2 * math.pi if index > 6 else 0), abs=1e-3
            )
    target = next(a for a in polygons if a.get("class") == "target")
    t_points = [tuple(map(float, p.split(","))) for p in target["points"].split()]
    for (x, y), cap in zip(t_points, report.capabilities, strict=True):
        assert math.hypot(x - cx, y - cy) / radius * 100 == pytest.approx(cap.target.min, abs=0.1)


def test_radar_geometry_by_hand() -> None:
    points = radar_points([100, 50, 0, 25], cx=100, cy=100, radius=80)
    assert points == [(100.0, 20.0), (140.0, 100.0), (100.0, 100.0), (80.0, 100.0)]
