"""Inputs of a batch: answers files, folders, globs, JSON Lines and CSV exports, each row or file one client.

Expanding inputs yields small picklable `Job`s; a job is parsed into an answers document only in the worker that
scores it, so a bad file or row becomes an error value there and never stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import glob
import heapq
import io
import json
import os
import re
import stat
from collections import deque
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .answers import MERCHANT_KEYS, suggest
from .errors import AnswersError, InputFileError, UsageError
from .storage import is_url
from .yamlio import (
    ANSWERS_TEXT_KEYS,
    MAX_DOCUMENT_BYTES,
    Document,
    decode,
    json_value_problem,
    keep_json_text,
    load_file,
    loads_json,
    refuse_lone_surrogates,
)

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_QUESTION_COLUMN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
# Headings a consultant or a form tool gives the merchant fields (matched without case or spaces).
_MERCHANT_HEADINGS = {
    word.casefold(): f"merchant.{field}"
    for field, words in {
        "name": ("name", "店铺名称", "商家名称", "店铺名", "商家名", "店名", "商家", "店铺", "品牌名", "品牌名称"),
        "platform": ("platform", "平台", "经营平台", "主要平台", "直播平台"),
        "stage": ("stage", "阶段", "经营阶段", "店铺阶段", "发展阶段"),
        "category": ("category", "类目", "主营类目", "品类", "经营类目"),
        "date": ("date", "日期", "填写日期", "数据日期"),
        "consultant": ("consultant", "顾问", "咨询顾问"),
    }.items()
    for word in words
}
_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class Job:
    """One client to score: a file path, an object's URL, or one JSON Lines / CSV row with its line number.

    A `url` job carries only its URL: the worker that scores it reads the object itself (`storage.load_url`), so
    a cluster's workers read object storage directly and never the client's disk."""

    kind: str  # file | url | jsonl | csv | error
    source: str  # file path or URL
    line: int | None = None
    payload: Any = None  # the JSON text of a JSONL row, the {column: cell} of a CSV row, or an error message
    data: str | None = None  # a file's text, read by the client for a Dask worker that cannot see `source`

    @property
    def label(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def expand(
    inputs: list[str],
    *,
    encoding: str | None = None,
    out: str | None = None,
    questions: Collection[str] | None = None,
    form: FormColumns | None = None,
) -> Iterator[Job]:
    """Every client behind `inputs`, in order; unusable inputs become `error` jobs. A batch's own outputs (its
    `out` folder, an earlier batch's) are never inputs: see `_Outputs`. With the rubric's `questions`, a CSV
    column named like a question id that is none of them is one error at the header, not one per row. With a
    `form` (`formmap.FormMap`), CSV headings and cells may be a form tool's question and option texts."""
    seen: set[str] = set()
    outputs = _Outputs(None if is_url(out) else out)
    for raw in inputs:
        if is_url(raw):
            yield from _url_jobs(raw, seen, encoding, questions, form, out)
            continue
        path = Path(raw)
        if path.is_dir():
            runs, linked = _answer_files(path, outputs)
            if not runs:
                yield Job("error", raw, None, _no_answers(str(path), outputs))
            # One folder without links cannot hold a file twice; only then is remembering every file skipped.
            dedupe = linked or len(inputs) > 1
            root, real_root = str(path), os.path.realpath(path) if dedupe else ""
            for name in _in_order(runs):
                rel = name.replace("\0", os.sep)
                file = os.path.join(root, rel)
                if dedupe:
                    key = os.path.realpath(file) if linked and os.path.islink(file) else os.path.join(real_root, rel)
                    if key in seen:
                        continue
                    seen.add(key)
                yield Job("file", file)
        elif path.exists():
            yield from _once(path, seen, encoding, questions, form)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Job("error", raw, None, "no file matches this pattern")
            for match in matches:
                if Path(match).is_file() and not outputs.owns(match):
                    yield from _once(Path(match), seen, encoding, questions, form)
        else:
            yield Job("error", raw, None, "no such file or folder")


def _url_jobs(
    raw: str,
    seen: set[str],
    encoding: str | None,
    questions: Collection[str] | None,
    form: FormColumns | None,
    out: str | None,
) -> Iterator[Job]:
    """The clients behind one URL input (`storage.expand_url`: a glob, a prefix or an object), as local inputs
    give them: answers objects as `url` jobs read by the worker, CSV and JSON Lines objects as rows read here.
    An `--out` URL that is this input is refused before anything is read (exit 2), never an error row."""
    from .storage import expand_url, identity

    if out and is_url(out) and identity(out) == identity(raw):
        raise UsageError("--out names an input of this batch; write the outputs to another location", out)
    urls, problem = expand_url(raw, ANSWER_SUFFIXES, out)
    if problem:
        yield Job("error", raw, None, problem)
    for url in urls:
        if url in seen:
            continue
        seen.add(url)
        suffix = os.path.splitext(url.rsplit("/", 1)[-1])[1].lower()
        if suffix in CSV_SUFFIXES:
            yield from csv_jobs(url, encoding, questions, form)
        elif suffix in JSONL_SUFFIXES:
            yield from jsonl_jobs(url)
        else:
            yield Job("url", url)


def _open_binary(path: Path | str) -> Any:
    """A local file or an object in storage (a URL), opened for reading bytes."""
    if is_url(path):
        from .storage import open_binary

        return open_binary(str(path))
    return Path(path).open("rb")


_SUMMARY = "summary.json"  # what marks a batch's output folder (`_holds_summary`), with its reports/ folder
_REPORTS = "reports"
_SUMMARY_START = b'{\n  "clients": '  # how `batch.run_batch` begins summary.json
_NONBLOCK = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class _Outputs:
    """What batches write, never read back as clients (issue 14): the `--out` folder of this run and any folder
    holding this tool's summary.json (an earlier run's `--out`), with the reports/ folder inside them.

    Found while a folder is listed, such a folder is skipped whole. A folder named on the command line that is
    one is listed (answers may sit beside the outputs, as with `--out .`) without its summary.json and reports/;
    a glob's match is skipped when it is one of those two. A file named on the command line is read as named.
    """

    def __init__(self, out: str | None):
        self.out = _identity(out) if out else None
        self._known: dict[str, bool] = {}

    def holds(self, folder: str) -> bool:
        """Whether `folder` is this run's `--out` or an earlier run's (it holds a batch summary.json)."""
        return (self.out is not None and _identity(folder) == self.out) or _holds_summary(folder)

    def holds_cached(self, folder: str) -> bool:
        """`holds`, remembered: for a glob's matches, many in one folder (a listing asks once per folder)."""
        known = self._known.get(folder)
        if known is None:
            known = self._known[folder] = self.holds(folder)
        return known

    def is_reports(self, folder: str) -> bool:
        parent, name = os.path.split(os.path.abspath(folder))
        return name == _REPORTS and self.holds_cached(parent)

    def owns(self, file: str) -> bool:
        """Whether `file` is a batch's output: the summary.json of an output folder, or a file in its reports/."""
        parent, name = os.path.split(os.path.abspath(file))
        return (name == _SUMMARY and self.holds_cached(parent)) or self.is_reports(parent)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _holds_summary(folder: str) -> bool:
    """Whether `folder` holds a summary.json written by `fact-audit batch`: a regular file (never a FIFO, which
    would block the listing) that begins as the batch writes it. One failed `open` for most folders."""
    try:
        fd = os.open(os.path.join(folder, _SUMMARY), _NONBLOCK)
    except (OSError, ValueError):
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, 512)
    except OSError:
        return False
    finally:
        os.close(fd)
    return head.startswith(_SUMMARY_START) and b'"min_segment"' in head


def _no_answers(folder: str, outputs: _Outputs) -> str:
    if outputs.is_reports(folder):
        return "folder holds the reports of a batch, not answers files"
    return "folder holds no *.yaml, *.yml or *.json answers files"


_RUN = 8192  # names sorted at once; a longer listing is merged from sorted runs, each packed into one string
_PACK = "/"  # separates packed names: no file name holds it; parts of a name's path are joined by NUL


def _answer_files(folder: Path, outputs: _Outputs | None = None) -> tuple[list[str], bool]:
    """Every answers file under `folder`, as sorted runs of names packed into strings (`_in_order` streams them in
    path order), and whether any of them is a link.

    Why not `sorted(folder.rglob(...))`: a consultant's folder can hold 100,000 files and is listed twice (to
    count, then to run). `os.scandir` knows each entry's type without a `stat`, and names are held packed, about
    20 bytes each, never as 100,000 objects at once, so a batch's memory stays flat (issue 8). Parts are joined
    by NUL, which sorts before every other character, so string order is `Path` order. Linked folders are not
    descended into, as `Path.rglob` does not. Batch outputs are left out as `_Outputs` says (two cheap system
    calls per folder).
    """
    outputs = outputs or _Outputs(None)
    runs: list[str] = []
    names: list[str] = []
    linked = False
    if outputs.is_reports(str(folder)):
        return runs, linked
    pending: list[tuple[str, str]] = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        held = outputs.holds(directory)
        if held and prefix:  # an output folder inside the inputs: none of it is answers
            continue
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if held and entry.name in (_SUMMARY, _REPORTS):  # the named folder's own outputs
                        continue
                    try:
                        if entry.is_dir() and not entry.is_symlink():
                            pending.append((entry.path, prefix + entry.name + "\0"))
                        elif os.path.splitext(entry.name)[1].lower() in ANSWER_SUFFIXES and entry.is_file():
                            linked = linked or entry.is_symlink()
                            names.append(prefix + entry.name)
                            if len(names) >= _RUN:
                                runs.append(_PACK.join(sorted(names)))
                                names = []
                    except OSError:
                        continue
        except OSError:  # an unreadable subfolder is skipped, as rglob skips it
            continue
    if names:
        runs.append(_PACK.join(sorted(names)))
    return runs, linked


def _in_order(runs: list[str]) -> Iterator[str]:
    """The names of sorted packed runs, merged into one ordered stream without unpacking any run whole."""
    if len(runs) == 1:
        return _unpack(runs[0])
    return heapq.merge(*map(_unpack, runs))


def _unpack(packed: str) -> Iterator[str]:
    """The names of a packed listing, one at a time (the parts of a name's path still joined by NUL)."""
    start, end = 0, len(packed)
    while start < end:
        stop = packed.find(_PACK, start)
        if stop < 0:
            stop = end
        yield packed[start:stop]
        start = stop + 1


def _once(
    path: Path,
    seen: set[str],
    encoding: str | None,
    questions: Collection[str] | None = None,
    form: FormColumns | None = None,
) -> Iterator[Job]:
    key = str(path.resolve())
    if key in seen:
        return
    seen.add(key)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from csv_jobs(path, encoding, questions, form)
    elif suffix in JSONL_SUFFIXES:
        yield from jsonl_jobs(path)
    else:
        yield Job("file", str(path))


def jsonl_jobs(path: Path | str) -> Iterator[Job]:
    """One job per non-blank line. A line is read up to the limit for one document plus one byte, never whole, and
    the rest of a longer one skipped in small pieces, so no line (a link to /dev/zero's endless one included) takes
    more memory than one document may."""
    name = str(path)
    problem = _device(path)
    if problem:
        yield Job("error", name, None, problem)
        return
    try:
        with _open_binary(path) as handle:
            number = 0
            while True:
                raw = handle.readline(MAX_DOCUMENT_BYTES + 1)
                if not raw:
                    break
                number += 1
                if len(raw) > MAX_DOCUMENT_BYTES:
                    if not raw.endswith(b"\n"):
                        _skip_line(handle)
                    yield Job("error", name, number, _TOO_LONG)
                    continue
                if not raw.strip():
                    continue
                try:
                    text = decode(raw, name)
                except InputFileError as exc:
                    yield Job("error", name, number, exc.message)
                    continue
                yield Job("jsonl", name, number, text)
    except OSError as exc:
        yield Job("error", name, None, f"cannot read the file: {exc.strerror or exc}")


_TOO_LONG = f"line is larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit for one document"
_PIECE = 1 << 20  # what is read at a time of a line over the limit, to find its end


def _skip_line(handle: Any) -> None:
    """Read on to the end of the current line (or file) without holding it: a binary or a `newline=""` text file."""
    ends = b"\n" if isinstance(handle, io.BufferedIOBase) else ("\n", "\r")
    while True:
        piece = handle.readline(_PIECE)
        if not piece or piece.endswith(ends):
            return


def _device(path: Path | str) -> str | None:
    """Why `path` cannot be read as rows when it is a device (a link to /dev/zero or /dev/urandom never ends), or
    None. Pipes are read: they end when their writer does."""
    if is_url(path):
        return None  # an object in storage is never a device
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None  # opening it says what is wrong
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; give the exported file itself"
    return None


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) when the sample decodes as UTF-8, else GB18030 (a superset of GBK)."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4:  # a multi-byte character cut by the sample's end
            return "utf-8"
        return "gb18030"


def csv_jobs(
    path: Path | str,
    encoding: str | None = None,
    questions: Collection[str] | None = None,
    form: FormColumns | None = None,
) -> Iterator[Job]:
    """One job per row of a form-tool export: columns are question ids and `merchant.*` fields, or, with a `form`,
    also the questions' texts (cells then option texts too; see `_form_header`).

    Every row ends as a job or an error job with its line, never silently dropped or merged into another: a line
    is read up to the limit for one document (`_Lines`), a quoted cell that never ends is reported on the line it
    starts on and the lines after it are read again as rows, and a row whose cells do not line up with the header,
    or which holds a NUL or undecodable bytes, is an error."""
    name = str(path)
    problem = _device(path)
    if problem:
        yield Job("error", name, None, problem)
        return
    chosen = encoding or "utf-8"
    try:
        with _open_binary(path) as handle:
            sample = handle.read(_SNIFF_BYTES)
        chosen = encoding or detect_encoding(sample)
        if chosen == "utf-16" and not encoding:
            yield Job("error", name, 1, "file is UTF-16 encoded; export it as UTF-8 (or pass --encoding utf-16)")
            return
        codecs.getincrementaldecoder(chosen)().decode(sample, final=len(sample) < _SNIFF_BYTES)
        csv.field_size_limit(MAX_DOCUMENT_BYTES)
        # Bytes that do not decode further on are kept as lone surrogates (`surrogateescape`), found per line.
        errors = "strict" if chosen.startswith("utf-16") else "surrogateescape"
        with _open_text(path, chosen, errors) as handle:
            yield from _csv_rows(name, _Lines(handle, _encoding_name(chosen)), questions, form)
    except LookupError:
        yield Job("error", name, None, f"unknown encoding {encoding!r} (try utf-8 or gb18030)")
    except UnicodeDecodeError:
        if encoding:
            message = f"cannot decode the file as {encoding}"
        elif chosen.startswith("utf"):
            message = "not UTF-8 throughout (pass --encoding gb18030 for a GBK export)"
        else:
            message = "neither UTF-8 nor GBK/GB18030 text; is it a spreadsheet (.xlsx) rather than a CSV export?"
        yield Job("error", name, None, message)
    except OSError as exc:
        yield Job("error", name, None, f"cannot read the file: {exc.strerror or exc}")


def _open_text(path: Path | str, encoding: str, errors: str) -> Any:
    """A CSV file (or object) opened as text with `newline=""`, as `csv.reader` wants it."""
    if is_url(path):
        return io.TextIOWrapper(_open_binary(path), encoding=encoding, errors=errors, newline="")
    return Path(path).open("r", encoding=encoding, errors=errors, newline="")


def _encoding_name(chosen: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030"}.get(chosen, chosen)


class _LineProblem(Exception):
    """A line that cannot be part of any row (over the limit, undecodable), raised through `csv.reader`."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


_UNDECODED = re.compile("[\udc80-\udcff]")  # what `surrogateescape` makes of a byte that does not decode


class _Lines:
    """The physical lines of a CSV file for `csv.reader`, each read up to the limit for one document plus one
    character, numbered, with the lines of the row being read kept (`row`), so that a row that goes wrong can be
    reported on its first line and the lines after it read again (`replay`). A row is capped at the limit too."""

    def __init__(self, handle: Any, encoding: str):
        self.handle = handle
        self.encoding = encoding
        self.read = 0  # lines read from the file
        self.replay: deque[tuple[int, str | None]] = deque()
        self.row: list[tuple[int, str | None]] = []
        self.size = 0

    def __iter__(self) -> _Lines:
        return self

    def start_row(self) -> None:
        self.row = []
        self.size = 0

    def first(self) -> int:
        return self.row[0][0] if self.row else self.read + 1

    def __next__(self) -> str:
        if self.replay:
            number, text = self.replay.popleft()
        else:
            text = self.handle.readline(MAX_DOCUMENT_BYTES + 1)
            if not text:
                raise StopIteration
            self.read += 1
            number = self.read
            if len(text) > MAX_DOCUMENT_BYTES:
                if not text.endswith(("\n", "\r")):
                    _skip_line(self.handle)
                text = None  # remembered as too long, should it be read again
        self.row.append((number, text))
        if text is None:
            raise _LineProblem(number, _TOO_LONG)
        self.size += len(text)
        if self.size > MAX_DOCUMENT_BYTES:
            raise _LineProblem(number, f"row is larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit")
        if _UNDECODED.search(text):
            raise _LineProblem(number, f"line is not {self.encoding} text like the rest of the file; export it again")
        return text

    def read_again(self) -> None:
        """Put back every line of the row being read but its first: the row was wrong from its first line on."""
        self.replay.extendleft(reversed(self.row[1:]))


def _csv_rows(
    name: str, lines: _Lines, questions: Collection[str] | None = None, form: FormColumns | None = None
) -> Iterator[Job]:
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            break
        except (_LineProblem, csv.Error) as exc:
            first = lines.first()
            if header is None:
                own = isinstance(exc, _LineProblem) and exc.line == first
                yield Job("error", name, first, f"the header: {exc.message if own else _csv_problem(exc, first)}")
                return
            if isinstance(exc, _LineProblem) and exc.line == first:
                yield Job("error", name, first, exc.message)
            else:
                yield Job("error", name, first, _csv_problem(exc, first))
                lines.read_again()
            reader = csv.reader(lines, strict=True)  # a fresh start on the line after
            continue
        first, last = lines.first(), lines.row[-1][0] if lines.row else lines.first()
        if header is None:
            headings = [cell.strip().lstrip("\ufeff") for cell in row]
            if form is None:
                header = [merchant_column(heading) for heading in headings]
                problem = _check_header(header, questions)
            else:
                header, problem = _form_header(name, headings, questions, form)
            if problem:
                yield Job("error", name, first, problem)
                return
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            span = f" (lines {first}–{last}: is a quote in it unbalanced?)" if last > first else ""
            cells = f"{len(row)} cell" + ("" if len(row) == 1 else "s")
            yield Job("error", name, first, f"row has {cells} but the header has {len(header)}{span}")
            continue
        nul = next((index for index, cell in enumerate(row, 1) if "\x00" in cell), None)
        if nul is not None:
            yield Job("error", name, first, f"cell {nul} ({header[nul - 1]}) holds a NUL character; export it again")
            continue
        if form is None:
            yield Job("csv", name, first, dict(zip(header, row, strict=True)))
        else:
            yield Job("csv", name, first, _form_row(header, row, form))
    if header is None:
        yield Job("error", name, None, "the CSV file is empty")


def _csv_problem(exc: Exception, first: int) -> str:
    """The message for a row that `csv.reader` could not read to its end, or that ran into a bad line."""
    if isinstance(exc, _LineProblem):
        return f"a quoted cell opened on this line runs on into line {exc.line}: {exc.message}"
    text = str(exc)
    if "unexpected end of data" in text:
        return 'a quoted cell opened on this line never ends (a missing closing quote ")'
    if "field larger than field limit" in text:
        return f"a cell is larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit"
    return f"invalid CSV: {text}"


def merchant_column(heading: str) -> str:
    """The column a heading stands for: `店铺名称`, `平台`… (or `name`, `platform`…) as its `merchant.*` field."""
    key = re.sub(r"[\s:：]+", "", heading).casefold()
    return _MERCHANT_HEADINGS.get(key, heading)


FORM_IGNORE = "ignore"  # what a form map says of a column to skip
_SKIPPED = "#"  # begins the key of a skipped column in a row's payload: never a question id or merchant field


class FormColumns(Protocol):
    """What CSV reading asks of a form map (`formmap.FormMap`, which imports this module, hence a protocol)."""

    unmapped: dict[str, list[str]]
    questions: Mapping[str, Any]

    def column(self, heading: str) -> str | None: ...

    def cell(self, qid: str, raw: str) -> str: ...


def _form_header(
    name: str, headings: list[str], questions: Collection[str] | None, form: FormColumns
) -> tuple[list[str], str | None]:
    """The header of a form export: each heading as its field, skipped ones (`ignore`, or matching nothing) under
    a key of their own so the columns keep their numbers. Headings that match nothing are normal in an export
    (提交时间, 来源, IP…): they are kept in `form.unmapped` for one warning, and are an error only when no heading
    is a question. A heading shaped like a question id that is none stays one error, as without a form."""
    header: list[str] = []
    unmapped: list[str] = []
    try:
        fields = [form.column(heading) for heading in headings]
    except ValueError as exc:  # formmap.FormError: a text two questions share
        return [], str(exc)
    for index, (heading, field) in enumerate(zip(headings, fields, strict=True), 1):
        if field is None and _QUESTION_COLUMN.match(heading):
            header.append(heading)
        elif field is None or field == FORM_IGNORE:
            if field is None and heading:
                unmapped.append(heading)
            header.append(f"{_SKIPPED}{index}")
        else:
            header.append(field)
    seen: dict[str, int] = {}
    for index, field in enumerate(header, 1):
        if field in seen:
            return header, f"columns {seen[field]} and {index} both answer {field}; keep one (or ignore one in --map)"
        seen[field] = index
    problem = _check_header(header, questions)
    if problem is None and unmapped:
        form.unmapped[name] = unmapped
    elif problem and problem.startswith("no question-id columns") and unmapped:
        listed = ", ".join(unmapped[:10]) + (", …" if len(unmapped) > 10 else "")
        problem = (
            f"no column is a question: the headings ({listed}) are neither question ids (such as goods.sell_through) "
            "nor question texts; make the header with `fact-audit template --format csv`, or map a form tool's "
            "columns with --map (start from `fact-audit template --format map`)"
        )
    return header, problem


def _form_row(header: list[str], row: list[str], form: FormColumns) -> dict[str, str]:
    """A row's payload: option texts as ids (in this process: the map is not shipped to workers), skipped cells
    left out but their columns kept."""
    questions = form.questions
    return {
        field: "" if field.startswith(_SKIPPED) else form.cell(field, cell) if field in questions else cell
        for field, cell in zip(header, row, strict=True)
    }


def _check_header(header: list[str], questions: Collection[str] | None = None) -> str | None:
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1 and h})
        return f"duplicate column(s) {', '.join(dupes)}"
    for column, heading in enumerate(header, 1):
        if heading.startswith("merchant."):
            if heading.split(".", 1)[1] not in MERCHANT_KEYS:
                expected = ", ".join("merchant." + k for k in MERCHANT_KEYS)
                return f"column {column} ({heading}) is not a merchant field; expected {expected}"
        elif questions is not None and _QUESTION_COLUMN.match(heading) and heading not in questions:
            hint = suggest(heading, list(questions))
            return f"column {column} ({heading}) is not a question id of this rubric set{hint}; fix the header"
    if not any(_QUESTION_COLUMN.match(h) for h in header if not h.startswith("merchant.")):
        return (
            "no question-id columns (such as goods.sell_through); "
            "make the header with `fact-audit template --format csv`"
        )
    return None


def _cell(value: str) -> Any:
    """A CSV cell as it would be written in an answers file: lists from JSON or `;`, the rest as text."""
    text = value.strip()
    if text == "":
        return None
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError(f"{text!r} is not a JSON list") from None
        return parsed
    return text


def _multi(value: str) -> list[str]:
    text = value.strip()
    if text.startswith("["):
        return _cell(text)
    return [part.strip() for part in re.split(r"[;；]", text) if part.strip()]


def job_document(job: Job, multi_ids: set[str], positions: bool = True) -> Document:
    """Parse one job into an answers document, raising the tool's own errors. Without `positions` a file is
    parsed faster but its later errors have no line; batches then parse it again to say where."""
    if job.kind == "error":
        raise InputFileError(job.payload, job.source, job.line)
    if job.kind == "file":
        return load_file(job.source, allow_aliases=False, positions=positions, text_keys=ANSWERS_TEXT_KEYS)
    if job.kind == "url":  # read here, in the worker; always with positions (see `storage.load_url`)
        from .storage import load_url

        return load_url(job.source, allow_aliases=False, text_keys=ANSWERS_TEXT_KEYS)
    if job.kind == "jsonl":
        return _jsonl_document(job)
    return _csv_document(job, multi_ids)


def _jsonl_document(job: Job) -> Document:
    """A JSON Lines row as an answers document, its problems located on the row's line (and column where known)."""
    try:
        data = loads_json(job.payload)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"invalid JSON: {exc.msg}", job.source, job.line, exc.colno, "syntax") from None
    except RecursionError:
        raise InputFileError("nesting too deep", job.source, job.line, code="too-deep") from None
    except ValueError as exc:
        problem, code = json_value_problem(exc)
        raise InputFileError(f"invalid JSON: {problem}", job.source, job.line, code=code) from None
    refuse_lone_surrogates(job.payload, job.source, job.line)
    return Document(keep_json_text(data, job.payload, ANSWERS_TEXT_KEYS), job.source, {(): (job.line or 1, 1)})


def _csv_document(job: Job, multi_ids: set[str]) -> Document:
    merchant: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    marks: dict[tuple[Any, ...], tuple[int, int]] = {(): (job.line or 1, 1)}
    for column, (key, value) in enumerate(job.payload.items(), 1):
        if key.startswith("merchant."):
            field = key.split(".", 1)[1]
            merchant[field] = value.strip() or None
            marks[("merchant", field)] = (job.line or 1, column)
        elif _QUESTION_COLUMN.match(key):
            marks[("answers", key)] = (job.line or 1, column)
            try:
                special = value.strip().lower() in ("unknown", "n/a", "na")
                answers[key] = _multi(value) if key in multi_ids and value.strip() and not special else _cell(value)
            except ValueError as exc:
                raise AnswersError(f"{key}: {exc}", job.source, job.line, column) from None
    data = {"format": "fact-audit/answers@1", "merchant": merchant, "answers": answers}
    return Document(data, job.source, marks)


def csv_header(question_ids: list[str]) -> str:
    """The header row of a form export: merchant fields, then every question id (UTF-8 with BOM for Excel/WPS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ["merchant.name", "merchant.platform", "merchant.stage", "merchant.category", "merchant.date", *question_ids]
    )
    return "\ufeff" + buffer.getvalue()
