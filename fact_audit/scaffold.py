"""`fact-audit rubrics new DIR`: a set that extends the bundled one, with one worked overlay to copy from."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError
from .fileio import atomic_write_text

MANIFEST = """# yaml-language-server: $schema=rubric.schema.json
# A rubric set built on the bundled one: re-weight capabilities, add/replace/drop questions and recommendations
# and reword questions in overlay files. Check it with: fact-audit rubrics lint {dir}
# When you release a new version that renames or drops questions, add `migrations: migrations.yaml` here with
#   kind: migration
#   steps:
#     - {{from: 1.0.0, to: 1.1.0, questions: {{goods.old_id: goods.new_id, goods.retired: null}},
#        options: {{goods.new_id: {{old_option: new_option}}}}}}
kind: manifest
extends: fact-8
id: {set_id}
version: 1.0.0
name: {{zh: 我的规则集, en: My rubric set}}
weights: {{goods: 1.2}}
overlays: [goods-overlay.yaml]
"""

OVERLAY = """# yaml-language-server: $schema=rubric.schema.json
kind: overlay
capability: goods
# drop_questions: [goods.packaging]
# replace_questions: [ ...a whole question with the same id... ]
# To change only a question's words, name it by id: text, help or option texts, in one language or both; its
# options, bands, weight and platform variants stay the base set's (`fact-audit rubrics diff` shows the change):
# reword_questions:
#   - id: goods.item_margin
#     text: {zh: 直播间在卖的每个商品，你们能把利润算到哪一步？}
#     options:
#       - id: price_only
#         text: {zh: 说不清，只知道进价和售价}
add_questions:
  - id: goods.category_licences
    type: yesno
    weight: 2
    covers: [cost_quality]
    label: {zh: 类目资质, en: category licences}
    text:
      zh: 主营类目需要的资质（如食品经营许可）都在有效期内吗？
      en: Are the licences your main category needs (a food business licence, for example) all valid?
    help:
      zh: 看店铺后台的资质管理页，逐项核对有效期。
      en: Check every licence and its expiry date on the qualification page of the store back office.
    source: "domain.md §3"
add_recommendations:
  - id: goods.r.category_licences
    question: goods.category_licences
    score_below: 1
    level: 2
    impact: 4
    effort: 1
    owner: owner
    title: {zh: 补齐并续期类目资质, en: Complete and renew category licences}
    action:
      zh: 列出类目要求的全部资质和到期日，提前一个月续期，并在后台上传新证。
      en: List every licence the category needs with its expiry date, renew a month ahead and upload the new ones.
    metric: {zh: 过期资质为零, en: Zero expired licences}
"""


def scaffold(directory: Path, set_id: str) -> list[Path]:
    import re

    if not re.fullmatch(r"[a-z][a-z0-9-]*", set_id):
        raise UsageError(f"set id {set_id!r} must be lowercase letters, digits and dashes")
    if directory.exists() and any(directory.iterdir()):
        raise UsageError("folder is not empty; choose a new one", str(directory))
    directory.mkdir(parents=True, exist_ok=True)
    import json

    from .schemas import rubric_schema

    files = {
        "manifest.yaml": MANIFEST.format(dir=directory, set_id=set_id),
        "goods-overlay.yaml": OVERLAY,
        "rubric.schema.json": json.dumps(rubric_schema(), ensure_ascii=False, indent=2) + "\n",
    }
    written = []
    for name, text in files.items():
        atomic_write_text(directory / name, text)
        written.append(directory / name)
    return written
