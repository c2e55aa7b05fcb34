"""Inputs and outputs in object storage: `fsspec` URLs (`s3://…`, `gcs://…`, `abfs://…`, `memory://…`) beside paths.

A platform-scale batch keeps its answers and wants its reports where the cluster keeps data, so the workers read
and write object storage directly instead of the client's disk (issue 17). fsspec is optional (the `cloud` extra)
and imported only when a URL is given; a local path never comes here and keeps every local rule of `fileio` and
`batch` (links, devices, modes). What this module promises for URLs:

- Reading (`read_bytes`, `load_url`): one object, size-checked against the limit local files have
  (`yamlio.MAX_DOCUMENT_BYTES`) and refused with the same message, named by its URL in every error.
- Listing (`expand_url`): a glob pattern, a "folder" (a prefix: every object under it with an answers file's
  suffix, as a local folder is listed) or one object, in sorted order.
- Writing (`write_bytes`): each file as one whole object, never over an input, never through a local link.

Errors are the tool's own: `UsageError` (exit 2, one line) when fsspec or the protocol's package is missing or the
protocol is unknown, `InputFileError` for an input, `OutputError` for an output.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any, BinaryIO

from .errors import UsageError
from .fileio import OutputError

EXTRA = "pip install 'fact-audit[cloud]'"
# A scheme of two characters or more (so `C://` stays a Windows drive), optionally chained (`simplecache::s3://`).
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+(?:::[A-Za-z][A-Za-z0-9+.\-]+)*://")
_MAGIC = re.compile(r"[*?\[]")


def is_url(text: str | os.PathLike[str] | None) -> bool:
    """Whether `text` is a URL for fsspec (`scheme://…`) rather than a local path; a `pathlib.Path` never is."""
    return isinstance(text, str) and bool(_URL.match(text))


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec file system behind `url` and the path inside it, or a one-line `UsageError` naming the extra
    (fsspec missing), the protocol's package (`Install s3fs…`) or the unknown protocol."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise UsageError(f"a URL input or --out needs fsspec: {EXTRA}", url) from None
    try:
        return url_to_fs(url)
    except ImportError as exc:
        raise UsageError(
            f"this protocol's package is missing ({exc}); install it beside the extra: {EXTRA}", url
        ) from None
    except ValueError as exc:  # "Protocol not known: xyz", or a URL its file system cannot parse
        raise UsageError(f"cannot use this URL: {exc}", url) from None


def join(base: str, *names: str) -> str:
    """`base`/`name`…, for a URL or a local path alike (a URL keeps its `//`, which `Path` would fold)."""
    if is_url(base):
        return "/".join([base.rstrip("/"), *names])
    from pathlib import Path

    return str(Path(base, *names))


def identity(url: str) -> tuple[str, str]:
    """What makes two URLs the same object or prefix: the file system's protocol and the path inside it."""
    fs, path = filesystem(url)
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol, path.rstrip("/") or "/"


# -- reading -----------------------------------------------------------------------------------------------------


def read_bytes(url: str, limit: int | None = None) -> bytes:
    """The object's bytes, at most `limit` (the limit of one local document by default, read from where the local
    reader keeps it) or `InputFileError` with the message a local file gets."""
    from .yamlio import MAX_DOCUMENT_BYTES, read_limited

    fs, path = filesystem(url)
    limit = MAX_DOCUMENT_BYTES if limit is None else limit
    return read_limited(url, lambda: fs.isdir(path), lambda: fs.open(path, "rb"), limit)


def load_url(url: str, *, allow_aliases: bool = True, text_keys: tuple[str, ...] = ()) -> Any:
    """An answers file in object storage parsed as `yamlio.load_file` parses a local one, always with positions:
    a batch does not read a URL twice to say where a problem is, so the first reading must say it."""
    from .yamlio import decode, parse_json, parse_yaml

    text = decode(read_bytes(url), url)
    if url.endswith(".json"):
        return parse_json(text, url, text_keys=text_keys)
    return parse_yaml(text, url, allow_aliases=allow_aliases, text_keys=text_keys)


def open_binary(url: str) -> Any:
    """A binary file object over the object (CSV and JSON Lines exports, read row by row like local files)."""
    fs, path = filesystem(url)
    return fs.open(path, "rb")


# -- listing -----------------------------------------------------------------------------------------------------

_SUMMARY = "summary.json"
_REPORTS = "reports"
_SUMMARY_START = b'{\n  "clients": '  # how `batch.run_batch` begins summary.json (as `sources._holds_summary`)


def expand_url(url: str, suffixes: Iterable[str], out: str | None = None) -> tuple[list[str], str | None]:
    """The object URLs behind `url` in sorted order, and why there are none (or None).

    A glob pattern gives its matching objects, whatever their suffix (as a local glob does); a prefix gives every
    object under it with one of `suffixes` (as a local folder does); an object is itself. A batch's own outputs
    are left out as locally (`sources._Outputs`): the summary.json of a folder holding a batch's summary, and its
    reports/. URLs are rebuilt from the text given, so `memory://b/in` lists as `memory://b/in/a.yaml`."""
    fs, path = filesystem(url)
    wanted = tuple(suffix.lower() for suffix in suffixes)
    try:
        if _MAGIC.search(path):
            found = {name: info for name, info in fs.glob(path, detail=True).items() if info.get("type") == "file"}
            if not found:
                return [], "no file matches this pattern"
            base_url, base = _fixed_part(url), _fixed_part(path)
        else:
            info = fs.info(path)
            if info.get("type") != "directory":
                return [url], None
            listed = fs.find(path, detail=True)
            found = {name: item for name, item in listed.items() if name.lower().endswith(wanted)}
            base_url, base = url.rstrip("/") + "/", path.rstrip("/") + "/"
    except FileNotFoundError:
        return [], "no such file or folder"
    except OSError as exc:
        return [], f"cannot list this location: {exc.strerror or exc}"
    outputs = _Outputs(fs, out)
    urls = [_rebuilt(fs, name, base, base_url) for name in sorted(found) if not outputs.owns(name, found)]
    if not urls and not _MAGIC.search(path):
        return [], "folder holds no *.yaml, *.yml or *.json answers files"
    return urls, None


def _fixed_part(text: str) -> str:
    """What a glob pattern begins with before its first wildcard, up to the last `/` there."""
    head = text[: _MAGIC.search(text).start()]  # type: ignore[union-attr]
    return head[: head.rfind("/") + 1]


def _rebuilt(fs: Any, name: str, base: str, base_url: str) -> str:
    """The URL of a listed object, written as the user wrote the prefix it was found under."""
    if name.startswith(base):
        return base_url + name[len(base) :]
    stripped = base.lstrip("/")
    if name.lstrip("/").startswith(stripped):
        return base_url + name.lstrip("/")[len(stripped) :]
    return fs.unstrip_protocol(name)


class _Outputs:
    """Which listed objects are a batch's outputs: a summary.json beside which a batch wrote its summary (or in this
    run's `--out`), and everything under such a folder's reports/."""

    def __init__(self, fs: Any, out: str | None):
        self.fs = fs
        self.out = None
        if out and is_url(out):
            out_fs, out_path = filesystem(out)
            if out_fs.protocol == fs.protocol:
                self.out = out_path.rstrip("/")
        self._known: dict[str, bool] = {}

    def holds(self, folder: str, listed: dict[str, Any]) -> bool:
        known = self._known.get(folder)
        if known is None:
            summary = f"{folder}/{_SUMMARY}"
            known = folder == self.out or (summary in listed and self._begins_as_summary(summary))
            self._known[folder] = known
        return known

    def _begins_as_summary(self, key: str) -> bool:
        try:
            with self.fs.open(key, "rb") as handle:
                head = handle.read(512)
        except OSError:
            return False
        return head.startswith(_SUMMARY_START) and b'"min_segment"' in head

    def owns(self, name: str, listed: dict[str, Any]) -> bool:
        parent, base = name.rsplit("/", 1) if "/" in name else ("", name)
        if base == _SUMMARY and self.holds(parent, listed):
            return True
        parts = parent.split("/")
        return any(part == _REPORTS and self.holds("/".join(parts[:index]), listed) for index, part in enumerate(parts))


# -- writing -----------------------------------------------------------------------------------------------------


def write_bytes(url: str, data: bytes | BinaryIO) -> None:
    """Write `data` (bytes, or a binary file read from its start in pieces) as the whole object `url`, or raise
    `OutputError` naming it.

    How: the bytes go to a temporary key beside the target (`.fa-XXXXXXXX.tmp`, `open(…, "wb")`), which is then
    moved over the target with the file system's `mv` (a rename on local and memory file systems; a server-side
    copy and delete on object stores, where an object becomes visible only whole either way). A file system whose
    `mv` is not implemented gets a direct `open(target, "wb")` write instead. On the local file system (`file://`)
    the target and its folder must not be links, as batch outputs never follow one; object stores have none."""
    fs, path = filesystem(url)
    parent = path.rsplit("/", 1)[0] if "/" in path.rstrip("/") else ""
    temp = f"{parent}/.fa-{os.urandom(4).hex()}.tmp"
    try:
        _refuse_local_links(fs, path, parent, url)
        if parent and _is_local(fs):
            fs.makedirs(parent, exist_ok=True)
        _put(fs, temp, data)
        try:
            fs.mv(temp, path)
        except NotImplementedError:
            _remove(fs, temp)
            _put(fs, path, data)
    except OutputError:
        raise
    except OSError as exc:
        _remove(fs, temp)
        raise OutputError(f"cannot write the file: {exc.strerror or exc}", url) from None


def _put(fs: Any, key: str, data: bytes | BinaryIO) -> None:
    """`data` written to `key` through `open(…, "wb")`; a file is copied in pieces, never read whole."""
    with fs.open(key, "wb") as handle:
        if isinstance(data, bytes):
            handle.write(data)
            return
        data.seek(0)
        while piece := data.read(_PIECE):
            handle.write(piece)


_PIECE = 1 << 20  # what an upload reads of a staged file at a time: summary.csv of a large batch is large


def write_text(url: str, text: str, encoding: str = "utf-8") -> None:
    write_bytes(url, text.encode(encoding))


def upload_folder(folder: str, url: str, last: Iterable[str] = ()) -> None:
    """Every file under the local `folder` (a batch's staged summaries and pages) written to `url`, keeping the
    relative names; `last` names files written after all others (summary.csv lists what is already there)."""
    late = list(last)
    names: list[str] = []
    for root, _dirs, files in os.walk(folder):
        for file in files:
            names.append(os.path.relpath(os.path.join(root, file), folder))
    ordered = sorted(name for name in names if name not in late) + [name for name in late if name in names]
    for name in ordered:
        with open(os.path.join(folder, name), "rb") as handle:
            write_bytes(join(url, *name.split(os.sep)), handle)


def check_out(url: str, inputs: Iterable[str] = ()) -> None:
    """A URL `--out` before any worker starts: not an input, not an object (a file), and writable — a probe key
    is written and deleted — or one `OutputError`/`UsageError` saying why not."""
    here = identity(url)
    for raw in inputs:
        if is_url(raw) and identity(raw) == here:
            raise UsageError("--out names an input of this batch; write the outputs to another location", url)
    fs, path = filesystem(url)
    try:
        if fs.isfile(path):
            raise OutputError("--out must be a folder, and this is a file", url, code="not-a-folder")
    except OSError as exc:
        raise OutputError(f"cannot reach this location: {exc.strerror or exc}", url) from None
    probe = f"{path.rstrip('/')}/.fa-probe-{os.urandom(4).hex()}"
    try:
        if _is_local(fs):
            fs.makedirs(path, exist_ok=True)
        _refuse_local_links(fs, probe, path.rstrip("/"), url)
        fs.pipe_file(probe, b"")
        fs.rm_file(probe)
    except OutputError:
        raise
    except OSError as exc:
        _remove(fs, probe)
        raise OutputError(f"cannot write to this location: {exc.strerror or exc}", url) from None


def refuse_input(url: str, inputs: Iterable[str]) -> None:
    """An output URL that is one of the objects the batch reads is refused (`outputs.refuse_overwriting_inputs`'
    rule: an output never replaces what the command reads)."""
    here = identity(url)
    if any(is_url(raw) and identity(raw) == here for raw in inputs):
        raise UsageError("this output names a file the batch reads; write it to another location", url)


def _is_local(fs: Any) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return "file" in protocol


def _refuse_local_links(fs: Any, path: str, parent: str, url: str) -> None:
    """`file://` only: the target and its folder are no links, as `batch.check_target` and `check_folder` say."""
    if not _is_local(fs):
        return
    for item in (parent, path):
        if item and os.path.islink(item):
            raise OutputError(
                "is a link; a batch writes only inside --out and never through a link: remove it",
                url,
                code="outside-out",
            )


def _remove(fs: Any, key: str) -> None:
    try:
        if fs.exists(key):
            fs.rm_file(key)
    except (OSError, NotImplementedError):
        pass
