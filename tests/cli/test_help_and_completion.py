"""Help in the user's language, readable metavars, examples, `-h`, and shell completion (issue 15, items 18 and 19)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fact_audit.cli import app
from fact_audit.cli.app import TemplateFormat
from fact_audit.cli.help_text import COMMANDS, EXAMPLES, PARAMS, SHARED, WORDS, help_lang, param_key, walk, zh_help
from fact_audit.lint.rules.style import problems_in
from fact_audit.wrapping import CLOSING, display_width

from ..conftest import ROOT

SCRIPT = Path(sys.executable).parent / "fact-audit"
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": "80"}
EN = {"LANG": "en_US.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": "80"}


def _tree() -> list[tuple[str, object]]:
    return list(walk(typer.main.get_command(app)))


PATHS = [path for path, _ in _tree()]


def show_help(path: str, env: dict, flag: str = "--help") -> str:
    result = CliRunner().invoke(app, [*path.split(), flag], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- the catalogue covers everything ------------------------------------------------------------------------------


def test_every_command_and_option_has_chinese_help_and_an_example() -> None:
    """A new command or option fails here until it has its Chinese help (fact_audit/cli/help_text.py)."""
    missing = []
    for path, command in _tree():
        if path not in COMMANDS:
            missing.append(path or "(root)")
        if path not in EXAMPLES:
            missing.append(f"{path or '(root)'}: example")
        missing += [f"{path} {param_key(p)}" for p in command.params if zh_help(path, p) is None]
    assert missing == []


def test_the_catalogue_names_nothing_that_does_not_exist() -> None:
    """An entry left behind by a removed option would hide that the help of its replacement is missing."""
    known = {f"{path} {param_key(p)}" for path, command in _tree() for p in command.params}
    assert sorted(set(PARAMS) - known) == []
    assert sorted(set(COMMANDS) - set(PATHS)) == [] and sorted(set(EXAMPLES) - set(PATHS)) == []


def _chinese_texts():
    yield from COMMANDS.items()
    yield from PARAMS.items()
    yield from SHARED.items()
    yield from ((f"example:{k}", zh) for k, (zh, _en) in EXAMPLES.items())
    yield from ((f"word:{k}", v) for k, v in WORDS.items() if re.search(r"[\u4e00-\u9fff]", v))


@pytest.mark.parametrize(("key", "text"), list(_chinese_texts()), ids=[k for k, _ in _chinese_texts()])
def test_chinese_help_follows_the_house_style(key: str, text: str) -> None:
    filled = text.replace("{choices}", "table、json 或 html")
    assert re.search(r"[\u4e00-\u9fff]", filled), key
    assert list(problems_in(filled)) == [], (key, filled)
    assert "您" not in filled and not re.search(r"[,;:?!()](?=[\u4e00-\u9fff])", filled)


# -- which language ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),  # LC_ALL first
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),  # then LC_MESSAGES
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN", "LC_ALL": "C"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh"),  # an empty variable does not count
    ],
)
def test_the_help_language_follows_the_locale(environ: dict, lang: str) -> None:
    assert help_lang(environ) == lang


@pytest.mark.parametrize("path", PATHS, ids=[p or "root" for p in PATHS])
def test_help_is_chinese_under_a_chinese_locale(path: str) -> None:
    text = show_help(path, ZH)
    assert text.startswith("用法：fact-audit")
    assert COMMANDS[path][:12] in text
    assert text.rstrip().split("\n\n")[-1].strip().startswith("例：fact-audit")  # the last paragraph
    for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[default:", "required]"):
        assert english not in text, (english, text)
    for line in text.splitlines():  # every line fits 80 columns, none starts with closing punctuation
        assert display_width(line) <= 80 or " " not in line.strip(), line
        assert line.strip()[:1] not in CLOSING, line


@pytest.mark.parametrize("path", PATHS, ids=[p or "root" for p in PATHS])
def test_help_is_english_otherwise_with_readable_metavars(path: str) -> None:
    text = show_help(path, EN)
    assert text.startswith("Usage: fact-audit")
    assert text.rstrip().split("\n\n")[-1].strip().startswith("Example: fact-audit")
    assert not re.search(r"[\u4e00-\u9fff]", text.split("Example:")[0]), text
    for unreadable in ("{", "}", "<int", "<str>", "<path>", "<float>", "<directory>", "TEXT", "INTEGER"):
        assert unreadable not in text, (unreadable, text)


def test_switching_language_back_restores_the_english() -> None:
    """`localise` keeps the English aside: a second run in another language is not left half translated."""
    from fact_audit.cli.help_text import localise

    root = typer.main.get_command(app)
    english = {path: (command.help, [p.help for p in command.params]) for path, command in walk(root)}
    localise(root, "zh")
    assert root.help == COMMANDS[""]
    localise(root, "en")
    assert {path: (command.help, [p.help for p in command.params]) for path, command in walk(root)} == english


def test_h_is_help_everywhere() -> None:
    for path in ("", "score", "rubrics", "rubrics diff"):
        assert show_help(path, EN, "-h") == show_help(path, EN, "--help")


def test_the_report_language_stays_lang_whatever_the_locale(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["score", str(ROOT / "examples" / "growing_brand.yaml"), "--format", "markdown"], env=EN
    )
    assert result.exit_code == 0 and "商家自播能力诊断报告" in result.stdout  # the default report language is zh


def test_template_format_lists_every_template_format() -> None:
    for env in (ZH, EN):
        text = show_help("template", env)
        line = next(line for line in text.splitlines() if "--format" in line)
        assert line.split("--format", 1)[1].split()[0] == "[" + "|".join(f.value for f in TemplateFormat) + "]"
    described = " ".join(show_help("template", ZH).split("--format", 1)[1].split("--only")[0].split())
    assert all(f.value in described for f in TemplateFormat), described


def test_usage_names_arguments_as_words() -> None:
    assert "fact-audit compare [OPTIONS] OLD NEW" in show_help("compare", EN)
    assert "fact-audit compare [选项] 旧的 新的" in show_help("compare", ZH)
    assert "fact-audit batch [OPTIONS] INPUTS..." in show_help("batch", EN)
    assert "fact-audit score [OPTIONS] [FILE]" in show_help("score", EN)


# -- shell completion ----------------------------------------------------------------------------------------------


def complete(line: str, **env: str) -> list[str]:
    """What bash completion offers after `line` (Click's protocol: COMP_WORDS and COMP_CWORD)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    environ = {k: v for k, v in os.environ.items() if k not in ("FACT_AUDIT_RUBRICS",)}
    environ.update(_FACT_AUDIT_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword), **env)
    out = subprocess.run([str(SCRIPT)], capture_output=True, text=True, env=environ, check=True, cwd=ROOT)
    return out.stdout.split()


CAPABILITIES = ["goods", "content", "anchor", "service", "activity", "ads", "data", "private_domain"]


def test_only_completes_capability_ids() -> None:
    assert complete("fact-audit template --only ") == CAPABILITIES
    assert complete("fact-audit interview --only go") == ["goods"]


def test_only_completes_the_last_item_of_its_list() -> None:
    offered = complete("fact-audit interview --only goods,a")
    assert offered == ["goods,anchor", "goods,activity", "goods,ads"]


def test_platform_stage_lang_and_capability_arguments_complete() -> None:
    assert complete("fact-audit interview --platform ") == ["douyin", "kuaishou", "channels", "other"]
    assert set(complete("fact-audit score --profile ")) >= {"starter", "growth", "mature"}
    assert complete("fact-audit interview --stage gr") == ["growth"]
    assert complete("fact-audit score --lang ") == ["zh", "en"]
    assert complete("fact-audit rubrics show ") == ["fact", *CAPABILITIES]
    assert "score" in complete("fact-audit sc")


def test_completing_loads_neither_rich_nor_the_scoring() -> None:
    probe = (
        "import sys\nfrom fact_audit.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    environ = dict(os.environ, _FACT_AUDIT_COMPLETE="complete_bash", COMP_WORDS="fact-audit template --only ")
    environ["COMP_CWORD"] = "3"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, cwd=ROOT)
    modules = set(out.stderr.split())
    assert "fact_audit.rubric" in modules  # it did read the set
    assert not modules & {"rich", "fact_audit.scoring", "fact_audit.answers", "fact_audit.renderers.table"}


def test_install_completion_writes_the_script_and_sources_it(tmp_path: Path) -> None:
    environ = dict(os.environ, HOME=str(tmp_path), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    out = subprocess.run(
        [str(SCRIPT), "--install-completion", "bash"], capture_output=True, text=True, env=environ, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    script = tmp_path / ".bash_completions" / "fact-audit.sh"
    assert "_FACT_AUDIT_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_show_completion_prints_the_script() -> None:
    environ = dict(os.environ, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    out = subprocess.run([str(SCRIPT), "--show-completion", "bash"], capture_output=True, text=True, env=environ)
    assert out.returncode == 0 and "complete -o default -F _fact_audit_completion fact-audit" in out.stdout
