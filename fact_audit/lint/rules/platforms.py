"""A merchant reads only its own platform's tools: no Douyin name in a Kuaishou report, and the reverse.

Base texts are shown on every platform (and to `platform: other`), so they name no platform's tools; a text under
`platforms: {kuaishou: …}` or `where: {kuaishou: …}`, or in an item whose `when` pins one platform, may name that
platform's tools only. A bare 罗盘 is ambiguous (Douyin's and 微信小店's both exist) and 视频号小店 is an old name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import LintContext
from ..problem import Problem
from . import problem, shown
from .language import texts

RULE = "platform"
TOOLS: dict[str, tuple[str, ...]] = {
    "douyin": (
        "抖音", "抖店", "巨量千川", "千川", "随心推", "飞鸽", "巨量百应", "精选联盟", "商家体验分", "抖Link",
        "星云计划", "Douyin", "Qianchuan", "Doudian", "Suixintui", "Feige", "Baiying",
    ),
    "kuaishou": (
        "快手", "快分销", "磁力金牛", "磁力聚星", "生意通", "全站推广", "Kuaishou", "Cili Jinniu", "Jinniu", "Juxing",
        "Shengyitong",
    ),
    "channels": (
        "微信", "视频号", "腾讯广告", "ADQ", "优选联盟", "电商罗盘商家版", "小店投放", "公众号", "WeChat", "Tencent",
        "Channels",
    ),
}  # fmt: skip
_ALL = {name: platform for platform, names in TOOLS.items() for name in names}
_NAMES = re.compile("|".join(re.escape(n) for n in sorted(_ALL, key=len, reverse=True)))
_BARE_COMPASS = re.compile(r"(?<!抖音电商)罗盘(?!商家版)")
_PINNED = re.compile(r"merchant\.platform\s*==\s*'(douyin|kuaishou|channels)'")
_EXEMPT = {("description",)}  # the manifest's description cites where the model comes from


def _pinned(data: Any, path: tuple[Any, ...]) -> str | None:
    """The platform an item's `when` pins, for the item that holds `path` (question, recommendation or flag)."""
    node = data
    pinned = None
    for key in path:
        when = node.get("when") if isinstance(node, dict) else None
        if isinstance(when, str) and " or " not in when:
            found = _PINNED.search(when)
            if found and not _negated(when, found.start()):
                pinned = found.group(1)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return pinned


def _negated(when: str, at: int) -> bool:
    """Whether the comparison at `at` sits under a `not` (directly, or inside a `not (…)` still open there)."""
    before = when[:at].rstrip()
    if before.endswith("not"):
        return True
    depth_of_not: list[bool] = []  # one entry per open parenthesis: was it opened right after `not`?
    for index, char in enumerate(before):
        if char == "(":
            depth_of_not.append(before[:index].rstrip().endswith("not"))
        elif char == ")" and depth_of_not:
            depth_of_not.pop()
    return any(depth_of_not)


def scope(data: Any, path: tuple[Any, ...]) -> str | None:
    """Which platform's merchants read the text at `path`: one platform, or None for all of them."""
    for index, key in enumerate(path[:-1]):
        if key in ("platforms", "where") and path[index + 1] in TOOLS:
            return path[index + 1]
    return _pinned(data, path)


def problems_in(text: str, platform: str | None) -> Iterator[str]:
    if "视频号小店" in text:
        yield "视频号小店 is now 微信小店: use the current name"
    if _BARE_COMPASS.search(text):
        yield "write the data tool in full (抖音电商罗盘, or 微信小店's 电商罗盘商家版), not a bare 罗盘"
    for match in _NAMES.finditer(text):
        owner = _ALL[match.group()]
        if owner != platform:
            where = f"a {platform} text" if platform else "a text every platform reads (write a platform variant)"
            yield f"{shown(match.group())} is a {owner} name, in {where}"
            break


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc in ctx.valid_docs():
        if doc.data.get("kind") in ("migration",):
            continue
        for path, text in texts(doc.data, ()):
            if doc.data.get("kind") == "manifest" and path in _EXEMPT:
                continue
            platform = scope(doc.data, path)
            for lang in ("zh", "en"):
                for message in problems_in(text[lang], platform):
                    yield problem(doc, (*path, lang), message, RULE)
