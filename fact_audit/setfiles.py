"""A rubric set's files as parsed documents: where sets live, and reading a manifest and the files it names.

The bottom of the rubric layers (yamlio → setfiles → lint rules → extend → lint → rubric → CLI): everything here
imports only the YAML layer, so the linter and the loader can both use it without importing each other.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PureWindowsPath
from typing import Any

from .errors import InputFileError, RubricError
from .record import Record
from .yamlio import MAX_DOCUMENT_BYTES, Document, decode, parse_json, parse_yaml

MANIFEST = "manifest.yaml"
SHOWN = 80  # characters of a value a message quotes; the rest is cut ('…')
_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
_OPEN |= getattr(os, "O_CLOEXEC", 0)


def shown(value: Any, limit: int = SHOWN) -> str:
    """`repr(value)` cut to a readable length: a message quotes a value from a file, never a whole 700 KB one."""
    if isinstance(value, str) and len(value) > limit:
        quoted = repr(value[:limit])
        return f"{quoted[:-1]}…{quoted[-1]}"
    text = repr(value)
    return text if len(text) <= limit + 2 else text[:limit] + "…"


def bundled_rubrics_dir() -> Path:
    """The rubric set shipped with the package (inside the wheel) or, in a checkout, the repo's rubrics/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rubrics", here.parent / "rubrics"):
        if (candidate / MANIFEST).is_file():
            return candidate
    raise RubricError("the bundled rubric set is missing from this installation", str(here / "rubrics"))


def bundled_examples_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "examples", here.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return here / "examples"


class SetFiles(Record):
    """The parsed documents of one rubric set, before any checking."""

    __slots__ = ("directory", "manifest", "sections", "extra", "problems", "migration")

    def __init__(
        self,
        directory: Path,
        manifest: Document,
        sections: dict[str, Document] | None = None,
        extra: list[Document] | None = None,
        problems: list[Any] | None = None,
        migration: Document | None = None,
    ) -> None:
        self.directory = directory
        self.manifest = manifest
        self.sections = {} if sections is None else sections  # file name -> document
        self.extra = [] if extra is None else extra  # extension manifests, overlays, migration maps (linted too)
        self.problems = [] if problems is None else problems  # found while assembling an extending set
        self.migration = migration


def read_set(directory: str | Path, chain: tuple[str, ...] = (), assemble: Any = None) -> SetFiles:
    """Parse the manifest and every file it names; raises on unreadable or unparsable files only — everything else
    is lint's to report. A manifest with `extends` is handed to `assemble` (`fact_audit.extend.resolve`, which sits
    above the lint rules it uses): this module stays at the bottom, importing only the YAML layer.

    Every file is read through `read_named`: confined to the set's own folder, checked before it is opened."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RubricError("rubric set folder does not exist", str(directory))
    if not os.path.lexists(directory / MANIFEST):
        raise RubricError(f"no {MANIFEST} in this folder; a rubric set needs one", str(directory))
    manifest = _read_manifest(directory)
    if isinstance(manifest.data, dict) and "extends" in manifest.data:
        if assemble is None:
            raise manifest.error(("extends",), "this set extends another; read it with fact_audit.extend", RubricError)
        return assemble(directory, manifest, chain or (str(directory.resolve()),))
    files = SetFiles(directory, manifest)
    migrations = manifest.data.get("migrations") if isinstance(manifest.data, dict) else None
    if isinstance(migrations, str):
        files.migration = read_named(directory, manifest, ("migrations",), migrations, required=False)
        if files.migration is not None:
            files.extra.append(files.migration)
    for name, where in _named_files(manifest.data):
        files.sections[name] = read_named(directory, manifest, where, name)  # type: ignore[assignment]
    return files


def _read_manifest(directory: Path) -> Document:
    """The set's manifest.yaml, under the same rules as the files it names (no manifest line to point at yet)."""
    path = directory / MANIFEST
    try:
        return _load(path, *_confined(directory, MANIFEST))
    except _Refused as refused:
        raise RubricError(f"{MANIFEST} {refused.reason}", str(path), code=refused.code) from None


def read_named(
    directory: Path, manifest: Document, where: tuple[Any, ...], name: str, *, required: bool = True
) -> Document | None:
    """Parse the file `name` that `manifest` names at `where` (`context`, a capability's `file`, an overlay, the
    migration map), after checking it is one of the set's own files: a bare file name (no folder part, no `..`, not
    absolute), and, links resolved, a regular file inside `directory`. A refusal points at the manifest's line and
    quotes only the name written there, never anything of the file it would have read. A missing file raises, or
    gives None when not `required`."""
    try:
        return _load(directory / name, *_confined(directory, name))
    except _Refused as refused:
        if refused.code == "not-found" and not required:
            return None
        file, line, col = manifest.locate(where)
        if refused.code == "not-found":
            raise RubricError(f"file {shown(name)} named here does not exist", file, line, col) from None
        raise RubricError(f"file {shown(name)} named here {refused.reason}", file, line, col, refused.code) from None


class _Refused(Exception):
    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def _bare_name(name: str) -> bool:
    if not name or name in (".", "..") or any(ch in name for ch in "/\\:") or os.sep in name:
        return False
    if os.altsep and os.altsep in name:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name) or PureWindowsPath(name).anchor:
        return False
    return not Path(name).is_absolute()


def _confined(directory: Path, name: str) -> tuple[Path, os.stat_result]:
    """The real path and status of the set's file `name`, or `_Refused` saying why it is not one of the set's own
    files. Reads nothing: only the name, links and the file's type are looked at (a FIFO or device is never opened)."""
    if not _bare_name(name):
        raise _Refused("is not a plain file name: a rubric set names only files in its own folder", "outside-set")
    try:
        root = directory.resolve(strict=True)
        real = (directory / name).resolve(strict=True)
    except FileNotFoundError:
        raise _Refused("does not exist", "not-found") from None
    except (OSError, RuntimeError):  # a link loop (RuntimeError up to Python 3.12), no permission
        raise _Refused("cannot be followed (a link loop, or no permission)", "outside-set") from None
    if root not in real.parents:
        raise _Refused(
            "is a link to a file outside the set's folder; a rubric set reads only its own files", "outside-set"
        )
    try:
        status = os.stat(real)
    except OSError:
        raise _Refused("cannot be read", "unreadable") from None
    if not stat.S_ISREG(status.st_mode):
        raise _Refused("is not a regular file (a folder, device or pipe); a set reads only regular files", "not-a-file")
    return real, status


def _load(path: Path, real: Path, checked: os.stat_result) -> Document:
    """Read and parse the file `_confined` accepted, by its real path: opened without following a link and without
    blocking, and read only if it is still the regular file that was checked (a file swapped for a link, a FIFO or a
    device between the check and the read is refused, not read). Messages name `path`, as the manifest wrote it."""
    name = str(path)
    try:
        fd = os.open(real, _OPEN)
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror or exc}", name, code="unreadable") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):
            raise InputFileError("the file changed while it was being read; try again", name, code="unreadable")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror or exc}", name, code="unreadable") from None
    finally:
        os.close(fd)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputFileError(
            f"file is larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit for one document",
            name,
            code="too-large",
        )
    text = decode(data, name)
    return parse_json(text, name) if name.endswith(".json") else parse_yaml(text, name)


def _named_files(data: Any) -> list[tuple[str, tuple[Any, ...]]]:
    """(file name, where it is named) for the context and each capability, skipping anything malformed."""
    if not isinstance(data, dict):
        return []
    out: list[tuple[str, tuple[Any, ...]]] = []
    if isinstance(data.get("context"), str):
        out.append((data["context"], ("context",)))
    capabilities = data.get("capabilities")
    for index, entry in enumerate(capabilities if isinstance(capabilities, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            out.append((entry["file"], ("capabilities", index, "file")))
    return out


def section_files(data: Any) -> list[str]:
    """Section file names in interview order: the context first, then the capabilities."""
    return [name for name, _ in _named_files(data)]
