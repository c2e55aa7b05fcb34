"""The safe loader: C parser in use, YAML 1.2 scalars, duplicates, aliases, limits and encodings."""

from __future__ import annotations

import math

import pytest
import yaml

from fact_audit.errors import InputFileError
from fact_audit.yamlio import FactLoader, decode, load_file, parse_json, parse_yaml, read_text


def test_libyaml_loader_is_really_used() -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml here")
    assert issubclass(FactLoader, yaml.CSafeLoader), "fell back to the pure-Python parser (3x slower)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", "no"),
        ("a: on", "on"),
        ("a: yes", "yes"),
        ("a: 1:30", "1:30"),
        ("a: true", True),
        ("a: False", False),
        ("a: 012", 12),
        ("a: 0x10", 16),
        ("a: 1e3", 1000.0),
        ("a: 12.5", 12.5),
        ("a: ~", None),
        ("a: 2024-01-02", "2024-01-02"),
        ("a: '12'", "12"),
    ],
)
def test_yaml_12_scalars(text: str, expected: object) -> None:
    assert parse_yaml(text, "f").data == {"a": expected}


def test_special_floats_are_values_the_answers_check_can_refuse() -> None:
    data = parse_yaml("a: .nan\nb: -.inf", "f").data
    assert math.isnan(data["a"]) and data["b"] == -math.inf


def test_positions_are_one_based_lines_and_columns() -> None:
    doc = parse_yaml("top:\n  inner: 1\n  list:\n    - x\n", "f.yaml")
    assert doc.where(("top", "inner")) == (2, 3)
    assert doc.where(("top", "list", 0)) == (4, 7)
    assert doc.where(("top", "nowhere", 5)) == (1, 1)


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(InputFileError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert str(info.value) == "f.yaml:3:1: duplicate key 'a' (first defined on line 1)"


def test_aliases_refused_where_asked_and_allowed_elsewhere() -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    assert parse_yaml(text, "f").data == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(InputFileError, match="anchors and aliases") as info:
        parse_yaml(text, "f", allow_aliases=False)
    assert (info.value.line, info.value.col) == (2, 1)


def test_alias_bomb_is_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(InputFileError, match="alias bomb"):
        parse_yaml("\n".join(lines), "bomb.yaml")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(InputFileError, match="nesting deeper"):
        parse_yaml("a: " + "[" * 200 + "]" * 200, "deep.yaml")


def test_tab_indentation_is_explained() -> None:
    with pytest.raises(InputFileError, match="tab character") as info:
        parse_yaml("a:\n\tb: 1\n", "tabs.yaml")
    assert info.value.line == 2


def test_multiple_documents_refused() -> None:
    with pytest.raises(InputFileError, match="more than one YAML document"):
        parse_yaml("a: 1\n---\nb: 2\n", "f")


def test_gbk_is_explained_not_garbled() -> None:
    data = "商家: 抖音\n".encode("gbk")
    with pytest.raises(InputFileError, match="GBK") as info:
        decode(data, "gbk.yaml")
    assert info.value.line == 1
    assert decode(data, "gbk.csv", accept_gb18030=True) == "商家: 抖音\n"


def test_bom_accepted_and_utf16_explained() -> None:
    assert decode("\ufeffa: 1".encode(), "f") == "a: 1"
    with pytest.raises(InputFileError, match="UTF-16"):
        decode("a: 1".encode("utf-16"), "f")


def test_binary_is_refused() -> None:
    with pytest.raises(InputFileError):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "image.yaml")


def test_size_cap(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 1000)
    with pytest.raises(InputFileError, match="larger than"):
        read_text(big, limit=1024)


def test_folder_and_missing_path(tmp_path) -> None:
    with pytest.raises(InputFileError, match="is a folder"):
        load_file(tmp_path)
    with pytest.raises(InputFileError, match="no such file"):
        load_file(tmp_path / "nope.yaml")


def test_json_keeps_positions_and_refuses_duplicates_and_nan() -> None:
    doc = parse_json('{\n  "a": {\n    "b": 1\n  }\n}', "f.json")
    assert doc.data == {"a": {"b": 1}} and doc.where(("a", "b")) == (3, 5)
    with pytest.raises(InputFileError, match="duplicate key"):
        parse_json('{"a": 1, "a": 2}', "f.json")
    with pytest.raises(InputFileError, match="not a number"):
        parse_json('{"a": NaN}', "f.json")
    with pytest.raises(InputFileError, match="invalid JSON") as info:
        parse_json('{"a": }', "f.json")
    assert info.value.line == 1
