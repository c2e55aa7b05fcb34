"""Command-line conventions: warnings once on stderr, NO_COLOR / FORCE_COLOR, no wrapping off a terminal, `-` for
standard input (issue 15, items 13, 16 and 17)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

SCRIPT = Path(sys.executable).parent / "fact-audit"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
EXAMPLE = ROOT / "examples" / "growing_brand.yaml"
OTHER = ROOT / "examples" / "new_small_shop.yaml"
WARNED = (
    "format: fact-audit/answers@1\nrubric: fact-8@0.9.0\nanswers:\n  ads.buys_paid_traffic: false\n  ads.net_roi: 2\n"
)


def env_with(**values: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.pop("FACT_AUDIT_RUBRICS", None)
    env.update(values)
    return env


def in_terminal(*args: str, **values: str) -> str:
    """What a user sees running the installed command in a pseudo-terminal of 80 columns (stdout and stderr)."""
    pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install -e '.[test]'")
    child = pexpect.spawn(
        str(SCRIPT),
        list(args),
        env=env_with(TERM="xterm", COLUMNS="80", LINES="40", **values),
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 80),
    )
    text = child.read()
    child.close()
    assert child.exitstatus == 0, text
    return text.replace("\r\n", "\n")


def piped(*args: str, stdin: str | None = None, **values: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, text=True, encoding="utf-8", env=env_with(**values)
    )


# -- 13: a warning is printed once, on stderr ----------------------------------------------------------------------


def test_score_table_prints_each_warning_once_on_stderr(cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(WARNED, encoding="utf-8")
    result = cli("score", answers, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "answered against" not in result.stdout and "is ignored" not in result.stdout
    assert result.stderr.count("answered against fact-8@0.9.0") == 1
    assert result.stderr.count("ads.net_roi is ignored") == 1


def test_score_in_a_terminal_shows_each_warning_once(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(WARNED, encoding="utf-8")
    text = in_terminal("score", str(answers), "--lang", "en", NO_COLOR="1")
    assert text.count("answered against fact-8@0.9.0") == 1
    assert text.count("ads.net_roi is ignored") == 1


def test_a_table_written_to_a_file_keeps_its_warnings(cli, tmp_path: Path) -> None:
    answers, out = tmp_path / "a.yaml", tmp_path / "report.txt"
    answers.write_text(WARNED, encoding="utf-8")
    assert cli("score", answers, "--lang", "en", "--out", out).exit_code == 0
    assert "ads.net_roi is ignored" in out.read_text(encoding="utf-8")


# -- 16: NO_COLOR, FORCE_COLOR, and no wrapping off a terminal ----------------------------------------------------


def test_a_terminal_gets_colour_at_its_own_width() -> None:
    text = in_terminal("score", str(EXAMPLE), "--lang", "en")
    assert ANSI.search(text)
    assert max(len(line) for line in ANSI.sub("", text).splitlines()) <= 80


@pytest.mark.parametrize("value", ["1", "0", "false"])
def test_no_color_in_a_terminal_turns_colour_off(value: str) -> None:
    text = in_terminal("score", str(EXAMPLE), "--lang", "en", NO_COLOR=value)
    assert not ANSI.search(text)
    assert "Priority actions" in text


def test_an_empty_no_color_is_not_set() -> None:
    assert ANSI.search(in_terminal("score", str(EXAMPLE), "--lang", "en", NO_COLOR=""))


def test_force_color_colours_piped_output_and_no_color_wins() -> None:
    assert not ANSI.search(piped("score", str(EXAMPLE)).stdout)
    assert not ANSI.search(piped("score", str(EXAMPLE), FORCE_COLOR="").stdout)
    forced = piped("score", str(EXAMPLE), FORCE_COLOR="1")
    assert forced.returncode == 0 and ANSI.search(forced.stdout)
    assert not ANSI.search(piped("score", str(EXAMPLE), FORCE_COLOR="1", NO_COLOR="1").stdout)
    assert ANSI.search(piped("compare", str(OTHER), str(EXAMPLE), FORCE_COLOR="1").stdout)


def test_piped_table_is_not_wrapped(cli) -> None:
    result = cli("score", EXAMPLE, "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) > 100
    # every action's paragraph is one line: the `Because:` line follows its text directly
    for index, line in enumerate(lines):
        if line.startswith("    Because: "):
            assert re.match(r"^ {4}\S", lines[index - 1]) and not lines[index - 1].startswith("    Because")
            assert re.match(r"^ ?\d+\. ", lines[index - 2])


def test_piped_table_has_no_padding_to_its_width() -> None:
    result = piped("score", str(EXAMPLE))
    assert result.returncode == 0
    assert all(len(line) < 2000 and not line.endswith(" ") for line in result.stdout.splitlines())


# -- 17: `-` reads standard input ----------------------------------------------------------------------------------


def test_score_dash_reads_standard_input(cli) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    from_stdin = cli("score", "-", "--format", "json", input=text)
    assert from_stdin.exit_code == 0, from_stdin.stderr
    report = json.loads(from_stdin.stdout)
    assert report["source"] == "<stdin>"
    assert report == json.loads(cli("score", EXAMPLE, "--format", "json").stdout) | {"source": "<stdin>"}


def test_score_dash_names_standard_input_in_messages(cli) -> None:
    warned = cli("score", "-", "--format", "json", input=WARNED)
    assert warned.exit_code == 0
    assert "<stdin>:5: warning: ads.net_roi is ignored" in warned.stderr
    broken = cli("score", "-", input="format: [\n")
    assert broken.exit_code == 2
    assert broken.stderr.startswith("<stdin>:") and len(broken.stderr.splitlines()) == 1


def test_score_dash_from_a_real_pipe() -> None:
    result = piped("score", "-", "--lang", "en", stdin=OTHER.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert "Priority actions" in result.stdout


def test_standard_input_has_the_same_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from fact_audit.errors import InputFileError
    from fact_audit.yamlio import STDIN, read_text

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * (1024 * 1024 + 1))))
    with pytest.raises(InputFileError) as caught:
        read_text(STDIN, limit=1024 * 1024)
    assert caught.value.code == "too-large" and caught.value.file == "<stdin>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("名: 1\n".encode())))
    assert read_text(STDIN, limit=1024 * 1024) == "名: 1\n"


def without_sources(text: str) -> str:
    return re.sub(r'"source": "[^"]*"', '"source": ""', text)


def test_compare_reads_one_side_from_standard_input(cli) -> None:
    expected = cli("compare", OTHER, EXAMPLE, "--format", "json")
    assert expected.exit_code == 0
    for args in (("-", EXAMPLE), (OTHER, "-")):
        stdin = (OTHER if args[0] == "-" else EXAMPLE).read_text(encoding="utf-8")
        result = cli("compare", *args, "--format", "json", input=stdin)
        assert result.exit_code == 0, result.stderr
        assert without_sources(result.stdout) == without_sources(expected.stdout)
        assert '"source": "<stdin>"' in result.stdout


def test_compare_refuses_standard_input_on_both_sides(cli) -> None:
    result = cli("compare", "-", "-", input="")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "standard input" in result.stderr


def test_migrate_refuses_dash_with_one_line(cli) -> None:
    result = cli("migrate", "-", input=WARNED)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
