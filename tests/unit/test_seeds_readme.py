"""seeds/README.md's coverage table says exactly what the rubric files' `covers:` say."""

from __future__ import annotations

import re

from fact_audit.model import RubricSet

from ..conftest import ROOT

ROW = re.compile(r"^\| (\w+) \| `(\w+)` \| [^|]+ \| (.+) \|$")

# The sub-items domain.md §3 names for each capability (plus the FACT letters): each must be covered.
REQUIRED = {
    "fact": {"field", "alliance", "campaign", "top_kol"},
    "goods": {"product_development", "cost_quality", "selection", "packaging", "supply_chain"},
    "content": {"visuals", "scripts", "live_content", "av_quality", "interaction"},
    "anchor": {"professionalism", "eloquence", "learning", "fan_care", "persona"},
    "service": {"purchase_experience", "compliance"},
    "activity": {"merchant_events", "platform_events", "promotions", "event_choice", "resourcing"},
    "ads": {"precise_targeting", "amplify_live"},
    "data": {"own_data", "peer_data"},
    "private_domain": {"private_traffic", "own_ground"},
}


def _from_rubric(rubric: RubricSet) -> dict[tuple[str, str], list[str]]:
    table: dict[tuple[str, str], list[str]] = {}
    for section in rubric.sections():
        for question in section.questions:
            for slug in question.covers:
                table.setdefault((section.id, slug), []).append(question.id)
    return table


def _from_readme() -> dict[tuple[str, str], list[str]]:
    table = {}
    for line in (ROOT / "seeds" / "README.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            table[(match[1], match[2])] = re.findall(r"`([\w.]+)`", match[3])
    return table


def test_table_matches_the_rubric(bundled: RubricSet) -> None:
    assert _from_readme() == _from_rubric(bundled)


def test_every_source_sub_item_is_covered(bundled: RubricSet) -> None:
    covered = set(_from_rubric(bundled))
    for section, slugs in REQUIRED.items():
        for slug in slugs:
            assert (section, slug) in covered, f"{section}: nothing covers {slug}"
