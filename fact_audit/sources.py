"""Inputs of a batch: answers files, folders, globs, JSON Lines and CSV exports, each row or file one client.

Expanding inputs yields small picklable `Job`s; a job is parsed into an answers document only in the worker that
scores it, so a bad file or row becomes an error value there and never stops the batch.
"""

from __future__ import annotations

import csv
import glob
import heapq
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AnswersError, InputFileError
from .yamlio import MAX_DOCUMENT_BYTES, Document, decode, load_file, loads_json

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_QUESTION_COLUMN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class Job:
    """One client to score: a file path, or one JSON Lines / CSV row with its line number."""

    kind: str  # file | jsonl | csv | error
    source: str  # file path
    line: int | None = None
    payload: Any = None  # the JSON text of a JSONL row, the {column: cell} of a CSV row, or an error message

    @property
    def label(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


def expand(inputs: list[str], *, encoding: str | None = None) -> Iterator[Job]:
    """Every client behind `inputs`, in order; unusable inputs become `error` jobs."""
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            runs, linked = _answer_files(path)
            if not runs:
                yield Job("error", raw, None, "folder holds no *.yaml, *.yml or *.json answers files")
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
            yield from _once(path, seen, encoding)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Job("error", raw, None, "no file matches this pattern")
            for match in matches:
                if Path(match).is_file():
                    yield from _once(Path(match), seen, encoding)
        else:
            yield Job("error", raw, None, "no such file or folder")


_RUN = 8192  # names sorted at once; a longer listing is merged from sorted runs, each packed into one string
_PACK = "/"  # separates packed names: no file name holds it; parts of a name's path are joined by NUL


def _answer_files(folder: Path) -> tuple[list[str], bool]:
    """Every answers file under `folder`, as sorted runs of names packed into strings (`_in_order` streams them in
    path order), and whether any of them is a link.

    Why not `sorted(folder.rglob(...))`: a consultant's folder can hold 100,000 files and is listed twice (to
    count, then to run). `os.scandir` knows each entry's type without a `stat`, and names are held packed, about
    20 bytes each, never as 100,000 objects at once, so a batch's memory stays flat (issue 8). Parts are joined
    by NUL, which sorts before every other character, so string order is `Path` order. Linked folders are not
    descended into, as `Path.rglob` does not.
    """
    runs: list[str] = []
    names: list[str] = []
    linked = False
    pending: list[tuple[str, str]] = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
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


def _once(path: Path, seen: set[str], encoding: str | None) -> Iterator[Job]:
    key = str(path.resolve())
    if key in seen:
        return
    seen.add(key)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from csv_jobs(path, encoding)
    elif suffix in JSONL_SUFFIXES:
        yield from jsonl_jobs(path)
    else:
        yield Job("file", str(path))


def jsonl_jobs(path: Path) -> Iterator[Job]:
    """One job per non-blank line; read line by line, each line capped like a whole document."""
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if len(raw) > MAX_DOCUMENT_BYTES:
                    yield Job("error", str(path), number, "line is larger than the 10 MB limit for one document")
                    continue
                if not raw.strip():
                    continue
                try:
                    text = decode(raw, str(path))
                except InputFileError as exc:
                    yield Job("error", str(path), number, exc.message)
                    continue
                yield Job("jsonl", str(path), number, text)
    except OSError as exc:
        yield Job("error", str(path), None, f"cannot read the file: {exc.strerror or exc}")


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


def csv_jobs(path: Path, encoding: str | None = None) -> Iterator[Job]:
    """One job per row of a form-tool export: columns are question ids and `merchant.*` fields."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            sample = handle.read(_SNIFF_BYTES)
        chosen = encoding or detect_encoding(sample)
        if chosen == "utf-16" and not encoding:
            yield Job("error", name, 1, "file is UTF-16 encoded; export it as UTF-8 (or pass --encoding utf-16)")
            return
        csv.field_size_limit(MAX_DOCUMENT_BYTES)
        with path.open("r", encoding=chosen, newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except StopIteration:
                yield Job("error", name, None, "the CSV file is empty")
                return
            header = [cell.strip().lstrip("\ufeff") for cell in header]
            problem = _check_header(header)
            if problem:
                yield Job("error", name, 1, problem)
                return
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    yield Job("error", name, line, f"row has {len(row)} cells but the header has {len(header)}")
                    continue
                yield Job("csv", name, line, dict(zip(header, row, strict=False)))
    except UnicodeDecodeError:
        if encoding:
            message = f"cannot decode the file as {encoding}"
        elif chosen.startswith("utf"):
            message = "not UTF-8 throughout (pass --encoding gb18030 for a GBK export)"
        else:
            message = "neither UTF-8 nor GBK/GB18030 text; is it a spreadsheet (.xlsx) rather than a CSV export?"
        yield Job("error", name, None, message)
    except csv.Error as exc:
        yield Job("error", name, None, f"invalid CSV: {exc}")
    except OSError as exc:
        yield Job("error", name, None, f"cannot read the file: {exc.strerror or exc}")


def _check_header(header: list[str]) -> str | None:
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1 and h})
        return f"duplicate column(s) {', '.join(dupes)}"
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
        return load_file(job.source, allow_aliases=False, positions=positions)
    if job.kind == "jsonl":
        return _jsonl_document(job)
    return _csv_document(job, multi_ids)


def _jsonl_document(job: Job) -> Document:
    try:
        data = loads_json(job.payload)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"invalid JSON: {exc.msg}", job.source, job.line, exc.colno) from None
    except RecursionError:
        raise InputFileError("nesting too deep", job.source, job.line) from None
    except ValueError as exc:
        raise InputFileError(f"invalid JSON: {exc}", job.source, job.line) from None
    return Document(data, job.source, {(): (job.line or 1, 1)})


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
