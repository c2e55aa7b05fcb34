"""Safe reading of user files: size cap, encoding diagnosis, YAML 1.2-style scalars, node positions.

Why a custom walk over the composed node tree instead of `yaml.load`: we need the line and column of
every key (lint and answers errors point at them), duplicate keys must be errors (PyYAML keeps the last
silently), aliases must be refusable, and YAML 1.1's surprises (`no` → False, `1:30` → 90) must not
reach a rubric or an answers file. libyaml's C parser and composer build the node tree when present; one
`_Walker` turns it into plain data. Keeping positions (`Document.marks`) is a switch on that walker, not a second
walker: every check and every error's position is taken from the nodes themselves, so a file gets the same
message at the same line whether it is parsed with positions (`score`, lint) or without (the batch fast path).
Each error carries a stable `code` (`InputFileError.CODES`) for callers to branch on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import InputFileError
from .record import Record

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
# The fields of an answers file that are text whatever they look like (`name: 007`, `category: 1e3`), as a CSV cell
# is: read as written (`load_file(text_keys=...)`), so a client lands in one segment however it arrived.
ANSWERS_TEXT_KEYS = ("merchant",)
ALIAS_REFUSED = "YAML anchors and aliases (&, *) are not allowed in this file; write the value out"

try:
    _BaseLoader: type = yaml.CSafeLoader
    WITH_LIBYAML = True
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader
    WITH_LIBYAML = False


class FactLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml parser with YAML 1.2 core-schema scalar resolution.

    libyaml calls back into Python to resolve the tag of every node; PyYAML's general resolver (path resolvers,
    a list walk per scalar) costs more than the rest of our parse, so these three methods do only what we use.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:  # no path resolvers here
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


FactLoader.yaml_implicit_resolvers = {}
for _tag, _regex, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
):
    FactLoader.add_implicit_resolver(_tag, re.compile(_regex), _first)

_STR, _INT, _FLOAT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))
_STR_TAG, _SEQ_TAG, _MAP_TAG = _STR, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_IMPLICIT: dict[str, list[tuple[str, Any]]] = FactLoader.yaml_implicit_resolvers  # first character -> resolvers
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"

Path_ = tuple[Any, ...]


class Document(Record):
    """Parsed data plus the 1-based (line, column) of every key and item, by path."""

    __slots__ = ("data", "file", "marks", "sources")

    def __init__(
        self,
        data: Any,
        file: str,
        marks: dict[Path_, tuple[int, int]] | None = None,
        sources: dict[Path_, str] | None = None,
    ) -> None:
        self.data = data
        self.file = file
        self.marks = {} if marks is None else marks
        self.sources = {} if sources is None else sources  # subtrees that came from another file (rubric overlays)

    def locate(self, path: Path_) -> tuple[str, int | None, int | None]:
        """File, line and column of `path`: the overlay file for a merged-in subtree, else this document's."""
        path = tuple(path)
        file = self.file
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.sources:
                file = self.sources[path[:cut]]
                break
        line, col = self.where(path)
        return file, line, col

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def error(self, path: Path_, message: str, kind: type[InputFileError] | None = None) -> Exception:
        file, line, col = self.locate(path)
        return (kind or InputFileError)(message, file, line, col)

    def graft(self, source: Document, source_path: Path_, path: Path_) -> None:
        """Take the positions (and file) of `source`'s subtree at `source_path` for our subtree at `path`."""
        prefix = tuple(source_path)
        for key, mark in source.marks.items():
            if key[: len(prefix)] == prefix:
                self.marks[(*path, *key[len(prefix) :])] = mark
        self.sources[tuple(path)] = source.file


def decode(data: bytes, file: str, *, accept_gb18030: bool = False) -> str:
    """Bytes to text, explaining the encodings these users really send (GBK from Windows, UTF-16)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(
            "file is UTF-16 encoded; save it as UTF-8 (in Notepad or WPS: Save As → UTF-8)", file, 1, 1, "utf16"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputFileError(
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); is this a binary file?",
                file,
                line,
                col,
                "not-utf8",
            ) from None
        if not accept_gb18030:
            raise InputFileError(
                "file is not UTF-8 but looks like GBK/GB18030 (the Windows Chinese default); "
                "save it as UTF-8 (Notepad or WPS: Save As → encoding UTF-8)",
                file,
                line,
                col,
                "gbk",
            ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputFileError("file contains NUL bytes; it looks binary, not a text file", file, line, code="nul-bytes")
    return text


class StdinName(str):
    """The name `-` on a command line becomes: read from standard input, named `<stdin>` in every message."""


STDIN = StdinName("<stdin>")


def _read_stdin(limit: int) -> bytes:
    import sys

    stream = sys.stdin
    if stream is None:
        raise InputFileError("cannot read standard input: it is closed", STDIN, code="unreadable")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return buffer.read(limit + 1)
        return stream.read(limit + 1).encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        raise InputFileError(f"cannot read standard input: {exc}", STDIN, code="unreadable") from None


def read_text(path: str | Path, *, limit: int = MAX_DOCUMENT_BYTES, accept_gb18030: bool = False) -> str:
    """Read a user's file whole, refusing folders, unreadable files and anything over `limit` bytes. `STDIN` reads
    standard input, under the same limit."""
    name = str(path)
    if isinstance(path, StdinName):
        data = _read_stdin(limit)
        if len(data) > limit:
            raise InputFileError(
                f"input is larger than the {limit // (1024 * 1024)} MB limit for one document", name, code="too-large"
            )
        return decode(data, name, accept_gb18030=accept_gb18030)
    p = Path(path)
    data = read_limited(name, p.is_dir, lambda: p.open("rb"), limit)
    return decode(data, name, accept_gb18030=accept_gb18030)


def read_limited(name: str, is_dir: Callable[[], bool], open_binary: Callable[[], Any], limit: int) -> bytes:
    """A file's bytes, read no further than `limit` + 1, or one `InputFileError` saying why not; shared by local
    files and object-storage URLs (`storage.read_bytes`), so both say the same thing for the same problem."""
    try:
        if is_dir():
            raise InputFileError("is a folder, not a file", name, code="not-a-file")
        with open_binary() as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputFileError("no such file", name, code="not-found") from None
    except PermissionError:
        raise InputFileError("cannot read the file: permission denied", name, code="unreadable") from None
    except IsADirectoryError:
        raise InputFileError("is a folder, not a file", name, code="not-a-file") from None
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror or exc}", name, code="unreadable") from None
    if len(data) > limit:
        raise InputFileError(
            f"file is larger than the {limit // (1024 * 1024)} MB limit for one document", name, code="too-large"
        )
    return data


def parse_yaml(
    text: str, file: str, *, allow_aliases: bool = True, positions: bool = True, text_keys: tuple[str, ...] = ()
) -> Document:
    """Parse one YAML (or JSON) document into plain data with positions; raise `InputFileError` on any problem.

    `positions=False` skips recording where every key is (the same walk and checks, so the same errors at the same
    lines, only faster): for batches, which parse again with positions only when a file's answers are wrong."""
    try:
        node = yaml.compose(text, Loader=FactLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        code = "syntax"
        if "nesting depth" in problem:  # libyaml ≥ 0.2.6 (PyYAML 6.0.4) stops at its own depth limit, deeper than ours
            raise _nesting_error(text, file) from None
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem, code = "tab character: indent YAML with spaces, never tabs", "tab-indent"
        elif exc.context and "expected a single document" in exc.context:
            problem = "more than one YAML document ('---') in the file; only one is allowed"
            code = "multiple-documents"
        raise InputFileError(
            f"invalid YAML: {problem}",
            file,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            code,
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say which, and where, on one line
        position = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise InputFileError(
            f"invalid YAML: the character U+{char:04X} is not allowed in YAML text", file, line, col, code="syntax"
        ) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"invalid YAML: {' '.join(str(exc).split())}", file, code="syntax") from None
    except RecursionError:
        raise InputFileError(f"nesting deeper than {MAX_DEPTH} levels", file, code="too-deep") from None
    doc = Document(None, file)
    if node is not None:
        doc.data = _Walker(file, allow_aliases, doc.marks if positions else None).walk(node, text_keys)
    return doc


def _nesting_error(text: str, file: str) -> InputFileError:
    """Where our own depth limit is first passed, found with PyYAML's pure-Python event parser.

    libyaml refuses very deep nesting itself at a position and in words of its own that change between releases;
    walking the events to our limit gives the same one-line message and position as the node walk does for
    nesting that libyaml accepts."""
    stack: list[list[bool]] = []  # one entry per open collection: [is_mapping, next node is a key]
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.CollectionEndEvent, yaml.StreamEndEvent)):
                if stack and isinstance(event, yaml.CollectionEndEvent):
                    stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            is_key = bool(stack) and stack[-1][0] and stack[-1][1]
            if stack and stack[-1][0]:
                stack[-1][1] = not stack[-1][1]
            if not is_key and len(stack) > MAX_DEPTH:
                mark = event.start_mark
                return InputFileError(
                    f"nesting deeper than {MAX_DEPTH} levels", file, mark.line + 1, mark.column + 1, "too-deep"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([isinstance(event, yaml.MappingStartEvent), True])
    except (yaml.YAMLError, RecursionError):
        pass
    return InputFileError(f"nesting deeper than {MAX_DEPTH} levels", file, code="too-deep")


def json_value_problem(exc: ValueError) -> tuple[str, str]:
    """The message and code for a `ValueError` from `loads_json`."""
    text = str(exc)
    if "digits" in text and "integer" in text:  # Python's own words (int_max_str_digits), not ours to code
        return "a number with thousands of digits", "number-too-large"
    if text.endswith("is not a number"):
        return text, "not-a-number"
    return text, "syntax"


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def load_file(
    path: str | Path,
    *,
    allow_aliases: bool = True,
    limit: int = MAX_DOCUMENT_BYTES,
    positions: bool = True,
    text_keys: tuple[str, ...] = (),
) -> Document:
    """Read and parse a YAML or JSON file (JSON is parsed as YAML 1.2, which keeps positions).

    The values of the mappings under the top-level `text_keys` keep the text they are written with where YAML or
    JSON would read a number or a truth value (`name: 007` is '007', `category: 1e3` is '1e3'): fields that are text
    whatever they look like, as a CSV cell is."""
    text = read_text(path, limit=limit)
    return parse_text(text, str(path), allow_aliases=allow_aliases, positions=positions, text_keys=text_keys)


def parse_text(
    text: str, name: str, *, allow_aliases: bool = True, positions: bool = True, text_keys: tuple[str, ...] = ()
) -> Document:
    """`load_file` on text already read (by a batch client for a worker that cannot see the file): JSON by the
    name's suffix, else YAML; the same data and the same errors at the same places, named `name`."""
    if name.endswith(".json"):
        if not positions:
            fast = _fast_json(text, name, text_keys)
            if fast is not None:
                return fast
        return parse_json(text, name, text_keys=text_keys)
    return parse_yaml(text, name, allow_aliases=allow_aliases, positions=positions, text_keys=text_keys)


def loads_json(text: str, *, refuse_duplicates: bool = True) -> Any:
    """`json.loads` that refuses NaN and infinities (and, unless told not to, duplicate keys) with a ValueError."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise ValueError(f"duplicate key {key!r}")
            out[key] = value
        return out

    def bad_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number")

    return json.loads(text, object_pairs_hook=pairs if refuse_duplicates else None, parse_constant=bad_constant)


def _fast_json(text: str, file: str, text_keys: tuple[str, ...] = ()) -> Document | None:
    """`loads_json` without positions; None sends the caller to the located, slower parse."""
    if _SURROGATE_ESCAPE.search(text):  # rare: `parse_json` says where a lone one is
        return None
    try:
        return Document(keep_json_text(loads_json(text), text, text_keys), file)
    except (ValueError, RecursionError):
        return None


def parse_json(text: str, file: str, *, text_keys: tuple[str, ...] = ()) -> Document:
    """Parse JSON strictly (NaN and lone surrogates refused, syntax errors located), then take positions from the
    YAML parser.

    JSON is YAML 1.2, so the YAML pass gives the same data plus the line of every key, and reports duplicate
    keys with both lines. Should libyaml ever disagree with a valid JSON text, the JSON result is used as is.
    """

    try:
        data = loads_json(text, refuse_duplicates=False)  # duplicates are located by the YAML pass below
    except json.JSONDecodeError as exc:
        raise InputFileError(f"invalid JSON: {exc.msg}", file, exc.lineno, exc.colno, "syntax") from None
    except RecursionError:
        raise InputFileError(f"nesting deeper than {MAX_DEPTH} levels", file, code="too-deep") from None
    except ValueError as exc:
        problem, code = json_value_problem(exc)
        raise InputFileError(f"invalid JSON: {problem}", file, code=code) from None
    refuse_lone_surrogates(text, file)
    try:
        return parse_yaml(text, file, allow_aliases=False, text_keys=text_keys)
    except InputFileError as exc:
        if exc.code in _JSON_REFUSED_BY_YAML:
            raise
        return Document(keep_json_text(data, text, text_keys), file)


def keep_json_text(data: Any, text: str, text_keys: tuple[str, ...]) -> Any:
    """`data` parsed from the JSON `text`, with the numbers and truth values in the mappings under the top-level
    `text_keys` put back as they are written (`1e3`, not 1000.0): the JSON side of `load_file`'s `text_keys`."""
    if not text_keys or not isinstance(data, dict):
        return data
    if not any(isinstance(data.get(key), dict) and any(_not_text(v) for v in data[key].values()) for key in text_keys):
        return data  # the common case: nothing to put back, and no second parse
    written = json.loads(text, parse_int=str, parse_float=str)  # numbers as written; valid JSON, parsed once above
    for key in text_keys:
        fields, as_written = data.get(key), written.get(key)
        if not isinstance(fields, dict) or not isinstance(as_written, dict):
            continue
        for name, value in fields.items():
            if isinstance(value, bool):
                fields[name] = "true" if value else "false"  # JSON has one spelling of each
            elif _not_text(value):
                fields[name] = as_written.get(name, value)
    return data


def _not_text(value: Any) -> bool:
    return isinstance(value, (bool, int, float))


# A \uD800–\uDFFF escape: half of a UTF-16 surrogate pair. JSON lets one stand alone; it is no character, and
# cannot be written out again as UTF-8. Pairs (an emoji escaped by `ensure_ascii`) are one character and pass.
_SURROGATE_ESCAPE = re.compile(r"(\\+)u([dD][89abAB][0-9a-fA-F]{2}|[dD][c-fC-F][0-9a-fA-F]{2})")


def refuse_lone_surrogates(text: str, file: str, line: int | None = None) -> None:
    """Raise `InputFileError` at the first `\\uD800`–`\\uDFFF` escape of the JSON `text` that is not half of a
    pair. `line` is the line of `text` in `file` (a JSON Lines row), else lines are counted from the text's start."""
    if "\\u" not in text:
        return
    awaiting_low = -1  # end of a high surrogate escape waiting for its low half
    for match in _SURROGATE_ESCAPE.finditer(text):
        if len(match.group(1)) % 2 == 0:  # `\\\\uD800`: an escaped backslash, then plain text
            continue
        escape_start = match.end(1) - 1
        high = match.group(2)[1].lower() in "89ab"
        if awaiting_low >= 0:
            if not high and escape_start == awaiting_low:
                awaiting_low = -1
                continue
            break  # the high half before this one stands alone
        if high:
            awaiting_low = match.end()
            continue
        awaiting_low = escape_start + 6  # a low half with no high half before it: report it (below)
        break
    else:
        if awaiting_low < 0:
            return
    at = awaiting_low - 6
    code_point = text[at + 2 : at + 6]
    row = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    raise InputFileError(
        f"invalid JSON: \\u{code_point} is half of a UTF-16 surrogate pair with no other half, not a character",
        file,
        (line if line is not None else 1) + row,
        column,
        "syntax",
    )


# What the YAML pass finds in valid JSON that the JSON parser lets through; anything else it reports is libyaml
# disagreeing with JSON, and the JSON result stands.
_JSON_REFUSED_BY_YAML = frozenset({"duplicate-key", "too-deep", "too-many-values"})


class _Walker:
    """Turns composed nodes into plain Python values under our limits, recording positions into `marks` if given.

    Both modes run this one walk, so they apply the same checks in the same order and raise the same errors: every
    error is located from the nodes (a key's, an item's or the enclosing key's start), never from `marks`, which
    the walk only writes. Without `marks` no paths are built, which is what makes that mode fast.
    """

    __slots__ = ("allow_aliases", "count", "file", "marks", "seen", "verbatim")

    def __init__(self, file: str, allow_aliases: bool, marks: dict[Path_, tuple[int, int]] | None):
        self.file = file
        self.allow_aliases = allow_aliases
        self.marks = marks
        self.seen: set[int] = set()
        self.count = 0
        self.verbatim: set[int] = set()  # scalars read as written, whatever they resolve to (`load_file` text_keys)

    def walk(self, root: yaml.Node, text_keys: tuple[str, ...] = ()) -> Any:
        if text_keys and root.__class__ is yaml.MappingNode:
            for key_node, value_node in root.value:
                if key_node.tag == _STR and key_node.value in text_keys and value_node.__class__ is yaml.MappingNode:
                    self.verbatim.update(
                        id(node)
                        for _, node in value_node.value
                        if node.__class__ is yaml.ScalarNode and node.tag in (_INT, _FLOAT, _BOOL)
                    )
        return self.build(root, 0, (), root, root)

    def build(self, node: yaml.Node, depth: int, path: Path_ | None, at: yaml.Node, outer: yaml.Node) -> Any:
        """`node` as a value. `at` is the node whose start is this value's position (a mapping value's key, else the
        node itself) and `outer` the located node around it, where an alias is reported: the composer gives an
        alias the anchored node, whose position is the anchor's. `path` is None when positions are not kept."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} values (an alias bomb?)", "too-many-values")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
        key = id(node)
        if key in self.seen:
            if not self.allow_aliases:
                raise self.fail(outer, ALIAS_REFUSED, "alias")
        else:
            self.seen.add(key)
        marks = self.marks
        if marks is not None:
            mark = at.start_mark
            marks[path] = (mark.line + 1, mark.column + 1)
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.scalar(node)  # text, the common case, inline
        depth += 1
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise self.unsupported_tag(node)
            if marks is None:
                return [self.build(item, depth, None, item, at) for item in node.value]
            return [self.build(item, depth, (*path, index), item, at) for index, item in enumerate(node.value)]
        if node.tag != _MAP:
            raise self.unsupported_tag(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is yaml.ScalarNode and key_node.tag == _STR:
                name = key_node.value  # a text key, the common case, inline
            else:
                name = self.key(key_node)
            if name in mapping:
                raise self.duplicate(node, key_node, name)
            mapping[name] = self.build(value_node, depth, None if marks is None else (*path, name), key_node, key_node)
        return mapping

    def fail(self, node: yaml.Node, message: str, code: str) -> InputFileError:
        return InputFileError(message, self.file, node.start_mark.line + 1, node.start_mark.column + 1, code)

    def unsupported_tag(self, node: yaml.Node) -> InputFileError:
        return self.fail(node, f"unsupported YAML tag {node.tag}", "tag")

    def key(self, node: yaml.Node) -> Any:
        """A mapping key as data: scalars only; a float, bool or null key keeps its text (`1.0`, `yes`, `~`)."""
        if node.__class__ is not yaml.ScalarNode:
            raise self.fail(node, "a key must be a plain value, not a list or mapping", "bad-key")
        name = self.scalar(node)
        if name is None or isinstance(name, (float, bool)):
            return node.value
        return name

    def duplicate(self, mapping: yaml.MappingNode, key_node: yaml.Node, name: Any) -> InputFileError:
        """The second `name` in `mapping`, naming the line of the first (found again in the nodes, not `marks`)."""
        first = next(k for k, _ in mapping.value if self.key(k) == name)
        return self.fail(
            key_node, f"duplicate key {name!r} (first defined on line {first.start_mark.line + 1})", "duplicate-key"
        )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR or id(node) in self.verbatim:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            if len(value) > 40:
                raise self.fail(node, f"number too large: {value[:20]}…", "number-too-large")
            return int(value, 0) if value[:2] in ("0x", "0o") else int(value, 10)
        if tag == _FLOAT:
            low = value.lower()
            if low.endswith(".inf"):
                return -math.inf if low.startswith("-") else math.inf
            if low == ".nan":
                return math.nan
            if len(value) > 60:
                raise self.fail(node, f"number too long: {value[:20]}…", "number-too-large")
            return float(value)
        raise self.unsupported_tag(node)
