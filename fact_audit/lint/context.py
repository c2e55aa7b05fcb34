"""What lint rules look at: the parsed documents of a set, and which of them passed the schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..setfiles import SetFiles, section_files
from ..yamlio import Document

Path_ = tuple[Any, ...]


@dataclass
class LintContext:
    docs: list[Document]
    manifest: Document | None = None
    complete: bool = False  # True when the whole set is here, so cross-file references must resolve
    valid: set[str] = field(default_factory=set)  # files that passed the schema
    order: list[str] = field(default_factory=list)  # section files in interview order (context first)
    section_docs: list[Document] | None = None

    @classmethod
    def for_set(cls, files: SetFiles) -> LintContext:
        names = [name for name in section_files(files.manifest.data) if name in files.sections]
        docs = [files.manifest, *(files.sections[name] for name in names), *files.extra]
        ctx = cls(docs, files.manifest, True, order=[files.sections[n].file for n in names])
        ctx.section_docs = [files.sections[n] for n in names]
        return ctx

    @classmethod
    def for_files(cls, docs: list[Document]) -> LintContext:
        manifest = next((d for d in docs if isinstance(d.data, dict) and d.data.get("kind") == "manifest"), None)
        sections = [d.file for d in docs if d is not manifest]
        return cls(docs, manifest, False, order=sections)

    def resolvable(self) -> bool:
        """Cross-file references must resolve only when the whole set is here and every file passed the schema."""
        return self.complete and all(doc.file in self.valid for doc in self.docs)

    def valid_docs(self, kind: str | None = None) -> Iterator[Document]:
        for doc in self.docs:
            if doc.file in self.valid and (kind is None or doc.data.get("kind") == kind):
                yield doc

    def sections(self) -> Iterator[Document]:
        """Valid capability and context documents in interview order."""
        if self.section_docs is not None:
            for doc in self.section_docs:
                if doc.file in self.valid and doc.data.get("kind") in ("capability", "context"):
                    yield doc
            return
        by_file = {d.file: d for d in self.docs}
        for name in self.order:
            doc = by_file.get(name)
            if doc is not None and doc.file in self.valid and doc.data.get("kind") in ("capability", "context"):
                yield doc

    def questions(self) -> Iterator[tuple[Document, Path_, dict[str, Any]]]:
        for doc in self.sections():
            for index, question in enumerate(doc.data["questions"]):
                yield doc, ("questions", index), question

    def recommendations(self) -> Iterator[tuple[Document, Path_, dict[str, Any]]]:
        for doc in self.sections():
            for index, rec in enumerate(doc.data.get("recommendations") or []):
                yield doc, ("recommendations", index), rec

    def manifest_data(self) -> dict[str, Any] | None:
        if self.manifest is not None and self.manifest.file in self.valid:
            return self.manifest.data
        return None
