"""One YAML walker, two modes: parsing with positions (`score`, lint) and without (the batch fast path) must give
the same data, or the same error with the same message, position and code, for every file of the test corpora."""

from __future__ import annotations

import math
import pickle
from pathlib import Path
from typing import Any

import pytest

from fact_audit.errors import InputFileError
from fact_audit.yamlio import decode, load_file, parse_json, parse_yaml

from ..conftest import DATA

CORPUS = sorted([*(DATA / "hostile").iterdir(), *(DATA / "answers" / "invalid").iterdir()])


def outcome(path: Path, *, positions: bool, allow_aliases: bool) -> tuple[Any, ...]:
    try:
        doc = load_file(path, allow_aliases=allow_aliases, positions=positions)
    except InputFileError as exc:
        return ("error", exc.message, exc.file, exc.line, exc.col, exc.code)
    if not positions:
        assert doc.marks == {}
    return ("data", comparable(doc.data))


def comparable(value: Any) -> Any:
    """Data with NaN made equal to itself and types kept apart (True is not 1, 1 is not 1.0)."""
    if isinstance(value, dict):
        return ("dict", [(comparable(k), comparable(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [comparable(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def test_corpus_is_there() -> None:
    assert len(CORPUS) >= 90


@pytest.mark.parametrize("allow_aliases", [False, True], ids=["answers", "rubric"])
@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS])
def test_positions_on_and_off_agree(path: Path, allow_aliases: bool) -> None:
    with_positions = outcome(path, positions=True, allow_aliases=allow_aliases)
    without = outcome(path, positions=False, allow_aliases=allow_aliases)
    assert with_positions == without
    if with_positions[0] == "error":
        assert with_positions[-1] in InputFileError.CODES


def test_an_alias_is_located_at_its_key_or_the_list_around_it() -> None:
    # the composer gives an alias the anchored node itself, so the anchor's position is not the alias's
    for positions in (True, False):
        with pytest.raises(InputFileError) as info:
            parse_yaml("a: &x 1\nb:\n  c: *x\n", "f", allow_aliases=False, positions=positions)
        assert (info.value.line, info.value.col, info.value.code) == (3, 3, "alias")
        with pytest.raises(InputFileError) as info:
            parse_yaml("a: &x 1\nb: [2, *x]\n", "f", allow_aliases=False, positions=positions)
        assert (info.value.line, info.value.col) == (2, 1)


def test_duplicate_key_names_the_first_line_without_positions_too() -> None:
    text = "a: 1\nb:\n  x: 1\n  y: 2\n  'x': 3\n"
    for positions in (True, False):
        with pytest.raises(InputFileError) as info:
            parse_yaml(text, "f.yaml", positions=positions)
        assert str(info.value) == "f.yaml:5:3: duplicate key 'x' (first defined on line 3)"
        assert info.value.code == "duplicate-key"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: [\n", "syntax"),
        ("a:\n\tb: 1\n", "tab-indent"),
        ("a: 1\n---\nb: 2\n", "multiple-documents"),
        ("a: " + "[" * 100 + "]" * 100, "too-deep"),
        ("a: &x 1\nb: *x\n", "alias"),
        ("a: 1\na: 2\n", "duplicate-key"),
        ("[a]: 1\n", "bad-key"),
        ("a: !!python/object x\n", "tag"),
        ("a: " + "9" * 50, "number-too-large"),
    ],
)
def test_errors_carry_a_stable_code(text: str, code: str) -> None:
    with pytest.raises(InputFileError) as info:
        parse_yaml(text, "f", allow_aliases=False)
    assert info.value.code == code
    assert code in InputFileError.CODES


def test_encoding_codes_and_pickling_keeps_the_code() -> None:
    for data, code in [
        ("a: 1".encode("utf-16"), "utf16"),
        ("商家: 抖音\n".encode("gbk"), "gbk"),
        (b"\x89PNG\xff\xfe\x00", "not-utf8"),
        (b"a: \x00", "nul-bytes"),
    ]:
        with pytest.raises(InputFileError) as info:
            decode(data, "f")
        assert info.value.code == code
        copy = pickle.loads(pickle.dumps(info.value))
        assert (copy.code, str(copy)) == (code, str(info.value))
    assert InputFileError("plain").code == "input"


def test_parse_json_branches_on_codes_not_words() -> None:
    with pytest.raises(InputFileError) as info:
        parse_json('{"a": 1,\n "a": 2}', "f.json")
    assert (info.value.code, info.value.line) == ("duplicate-key", 2)
    assert "first defined on line 1" in info.value.message
    with pytest.raises(InputFileError) as info:
        parse_json('{"a": NaN}', "f.json")
    assert info.value.code == "not-a-number"
    # a problem only libyaml's reading has (a 50-digit integer) leaves the JSON result standing
    big = 10**49
    assert parse_json(f'{{"a": {big}}}', "f.json").data == {"a": big}
