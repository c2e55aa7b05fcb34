"""A rubric set's files as parsed documents: where sets live, and reading a manifest and the files it names.

The bottom of the rubric layers (yamlio → setfiles → lint rules → extend → lint → rubric → CLI): everything here
imports only the YAML layer, so the linter and the loader can both use it without importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import RubricError
from .record import Record
from .yamlio import Document, load_file

MANIFEST = "manifest.yaml"


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
    above the lint rules it uses): this module stays at the bottom, importing only the YAML layer."""
    directory = Path(directory)
    manifest_path = directory / MANIFEST
    if not directory.is_dir():
        raise RubricError("rubric set folder does not exist", str(directory))
    if not manifest_path.is_file():
        raise RubricError(f"no {MANIFEST} in this folder; a rubric set needs one", str(directory))
    manifest = load_file(manifest_path)
    if isinstance(manifest.data, dict) and "extends" in manifest.data:
        if assemble is None:
            raise manifest.error(("extends",), "this set extends another; read it with fact_audit.extend", RubricError)
        return assemble(directory, manifest, chain or (str(directory.resolve()),))
    files = SetFiles(directory, manifest)
    migrations = manifest.data.get("migrations") if isinstance(manifest.data, dict) else None
    if isinstance(migrations, str) and (directory / migrations).is_file():
        files.migration = load_file(directory / migrations)
        files.extra.append(files.migration)
    for name, where in _named_files(manifest.data):
        path = directory / name
        if not path.is_file():
            raise manifest.error(where, f"file {name!r} named here does not exist", RubricError)
        files.sections[name] = load_file(path)
    return files


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
