"""A rubric set reads only its own files (issue 14, item 3), and lint messages quote values cut short.

Every file a manifest names (`context`, `capabilities[].file`, `overlays`, `migrations`, the manifest itself, and
an `extends` folder) is checked before anything is opened: a bare file name, and, links resolved, a regular file
inside the set's folder. `rubrics lint` and `score --rubrics` each answer a hostile name with one line pointing at
the manifest, and never print anything of the file outside the set. Run as a program in a child process with a
timeout, so that a FIFO that blocked the read fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fact_audit.lint.linter import lint_paths

from ..conftest import MINI, ROOT

ANSWERS = ROOT / "examples" / "growing_brand.yaml"
SECRETS = ("AKIA", "hunter2", "aws_secret")  # what the file outside the set holds; none of it may be printed
CREDS = """kind: overlay
capability: AKIA-SECRET-0123456789
aws_secret_access_key: hunter2-SECRET
"""
EXTENSION = """kind: manifest
extends: fact-8
id: acme-food
version: 1.0.0
name: {{zh: 食品规则集, en: Food rubric set}}
overlays: [{name}]
"""


def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FACT_AUDIT_RUBRICS"}
    return subprocess.run(
        [sys.executable, "-m", "fact_audit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def assert_refused(folder: Path, where: str, words: str) -> None:
    """`rubrics lint` (exit 1) and `score --rubrics` (exit 2) each print one line at `where`, nothing of the secret."""
    lint = run("rubrics", "lint", folder)
    assert lint.returncode == 1, lint.stderr
    assert lint.stdout.count("\n") == 1, lint.stdout
    assert lint.stdout.startswith(f"{where}: ") and words in lint.stdout, lint.stdout
    score = run("score", ANSWERS, "--rubrics", folder)
    assert score.returncode == 2, score.stderr
    assert score.stderr.count("\n") == 1, score.stderr
    assert score.stderr.startswith(f"{where}: ") and words in score.stderr, score.stderr
    for result in (lint, score):
        assert "Traceback" not in result.stderr
        for secret in SECRETS:
            assert secret not in result.stdout + result.stderr


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file with secrets, next to the sets, not in any."""
    folder = tmp_path / "x"
    folder.mkdir()
    creds = folder / "creds.yaml"
    creds.write_text(CREDS, encoding="utf-8")
    return creds


def extension_set(tmp_path: Path, overlay: str) -> Path:
    folder = tmp_path / "sets" / "acme"
    folder.mkdir(parents=True)
    (folder / "manifest.yaml").write_text(EXTENSION.format(name=overlay), encoding="utf-8")
    return folder


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "deep-dotdot", "etc-shadow"])
def test_an_overlay_outside_the_set_is_refused_before_it_is_read(tmp_path: Path, outside: Path, kind: str) -> None:
    name = {
        "absolute": str(outside),
        "dotdot": "../../x/creds.yaml",
        "deep-dotdot": "../../../../../../../../" + str(outside).lstrip("/"),
        "etc-shadow": "/etc/shadow",
    }[kind]
    folder = extension_set(tmp_path, name)
    assert_refused(folder, f"{folder / 'manifest.yaml'}:6:12", "is not a plain file name")


def test_a_link_in_the_set_to_a_file_outside_it_is_refused(tmp_path: Path, outside: Path) -> None:
    folder = extension_set(tmp_path, "goods.yaml")
    (folder / "goods.yaml").symlink_to(outside)
    assert_refused(folder, f"{folder / 'manifest.yaml'}:6:12", "link to a file outside the set's folder")


def test_a_link_to_a_file_inside_the_set_is_still_read(tmp_path: Path) -> None:
    folder = extension_set(tmp_path, "goods.yaml")
    (folder / "overlays").mkdir()
    (folder / "overlays" / "goods.yaml").write_text("kind: overlay\ncapability: goods\n", encoding="utf-8")
    (folder / "goods.yaml").symlink_to(Path("overlays") / "goods.yaml")
    lint = run("rubrics", "lint", folder)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def _special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
        return
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is: endless, never a YAML file
    except PermissionError:
        pytest.skip("creating a device needs root")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_named_as_a_file_is_neither_opened_nor_read(tmp_path: Path, kind: str) -> None:
    folder = extension_set(tmp_path, "goods.yaml")
    _special(folder / "goods.yaml", kind)
    assert_refused(folder, f"{folder / 'manifest.yaml'}:6:12", "is not a regular file")


@pytest.mark.parametrize("kind", ["fifo", "device", "link"])
def test_the_manifest_itself_must_be_a_regular_file_of_the_set(tmp_path: Path, outside: Path, kind: str) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    if kind == "link":
        (folder / "manifest.yaml").symlink_to(outside)
    else:
        _special(folder / "manifest.yaml", kind)
    words = "link to a file outside" if kind == "link" else "is not a regular file"
    assert_refused(folder, str(folder / "manifest.yaml"), words)


@pytest.mark.parametrize(
    ("key", "line", "col"), [("context: context.yaml", 5, 1), ("file: ads.yaml", 8, 15), (None, 32, 1)]
)
def test_every_name_a_plain_set_gives_is_confined(
    tmp_path: Path, outside: Path, key: str | None, line: int, col: int
) -> None:
    """The context, a capability's file and the migration map of a set that extends nothing."""
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    manifest = folder / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    if key is None:
        text += f"migrations: {outside}\n"
    else:
        text = text.replace(key, f"{key.split(':')[0]}: ../x/{outside.name}", 1)
    manifest.write_text(text, encoding="utf-8")
    assert text.splitlines()[line - 1][col - 1 :].startswith(("context: ../x/", "file: ../x/", "migrations: /"))
    assert_refused(folder, f"{manifest}:{line}:{col}", "is not a plain file name")


def test_migrations_of_an_extending_set_are_confined(tmp_path: Path, outside: Path) -> None:
    folder = extension_set(tmp_path, "goods.yaml")
    (folder / "goods.yaml").write_text("kind: overlay\ncapability: goods\n", encoding="utf-8")
    (folder / "migrations.yaml").symlink_to(outside)
    manifest = folder / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "migrations: migrations.yaml\n", encoding="utf-8")
    assert_refused(folder, f"{manifest}:7:1", "link to a file outside the set's folder")


def test_extends_takes_the_bundled_set_or_a_relative_folder_holding_a_manifest(tmp_path: Path, outside: Path) -> None:
    base = tmp_path / "sets" / "base"
    shutil.copytree(MINI, base)
    folder = extension_set(tmp_path, "goods.yaml")
    (folder / "goods.yaml").write_text("kind: overlay\ncapability: goods\n", encoding="utf-8")
    manifest = folder / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("extends: fact-8", "extends: ../base"), encoding="utf-8")
    sibling = run("rubrics", "lint", folder)
    assert sibling.returncode == 0, sibling.stdout + sibling.stderr
    manifest.write_text(text.replace("extends: fact-8", f"extends: {outside.parent}"), encoding="utf-8")
    assert_refused(folder, f"{manifest}:2:1", "a folder path relative to this manifest")
    manifest.write_text(text.replace("extends: fact-8", "extends: ../../x"), encoding="utf-8")
    assert_refused(folder, f"{manifest}:2:1", "not found")
    elsewhere = tmp_path / "y"
    elsewhere.mkdir()
    shutil.move(outside, elsewhere / outside.name)
    (outside.parent / "manifest.yaml").symlink_to(elsewhere / outside.name)  # a "set" whose manifest is a secret
    assert_refused(outside.parent, str(outside.parent / "manifest.yaml"), "link to a file outside")
    assert_refused(folder, str(outside.parent / "manifest.yaml"), "link to a file outside")


# --- messages quote values cut to a readable length ------------------------------------------------------------


def test_shown_cuts_long_values_and_keeps_short_ones() -> None:
    from fact_audit.setfiles import shown

    assert shown("goods") == "'goods'"
    long = shown("x" * 700_000)
    assert long == "'" + "x" * 80 + "…'"
    assert shown(list(range(100_000))).endswith("…") and len(shown(list(range(100_000)))) == 81


def _mini_with(tmp_path: Path, old: str, new: str, file: str = "ads.yaml") -> Path:
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    target = folder / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('when: "ads.buys == true"', 'when: "ads.buys == true' + " and ads.buys == true" * 35_000 + '"', "too long"),
        ('when: "ads.buys == true"', 'when: "ads.buys == true"\n    ? ' + "k" * 700_000 + "\n    : 1", "unknown key"),
        ("type: yesno", "type: " + "yesno" * 140_000, "is not one of"),
    ],
    ids=["expression", "unknown-key", "enum"],
)
def test_a_700_kb_value_is_quoted_cut_short(tmp_path: Path, old: str, new: str, words: str) -> None:
    from fact_audit.lint.linter import MAX_MESSAGE

    folder = _mini_with(tmp_path, old, new)
    problems = [p for p in lint_paths([folder]) if words in p.message]
    assert problems, [str(p)[:200] for p in lint_paths([folder])]
    for problem in lint_paths([folder]):
        assert len(problem.message) <= MAX_MESSAGE, str(problem)[:200]
    lint = run("rubrics", "lint", folder)
    assert max(len(line) for line in lint.stdout.splitlines()) < 600
    score = run("score", ANSWERS, "--rubrics", folder)
    assert score.returncode == 2 and score.stderr.count("\n") == 1 and len(score.stderr) < 600, score.stderr[:300]
