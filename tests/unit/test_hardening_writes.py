"""Issue 14, items 2, 16 and 18: what `atomic_open` does with devices, FIFOs and links, long names and permissions.

Atomic replacement is for regular files: a character device or FIFO is written through and stays what it was, any
other special file is refused; a link is followed to the file it points to and stays a link. The temp file's name
is short whatever the target's. A new file gets 0666 less the umask; a replaced one keeps its mode (and owner).
No test touches the machine's own /dev: the devices are private nodes made with mknod (the tests run as root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from fact_audit.fileio import OutputError, atomic_open, atomic_write_bytes, atomic_write_text

from ..cli.test_rubric_versions import OLD_ANSWERS, version_two
from ..conftest import ROOT

ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod and chown need root")
EXAMPLE = ROOT / "examples" / "growing_brand.yaml"


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _device(path: Path, major: int, minor: int) -> Path:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    os.chmod(path, 0o666)  # mknod's mode passes through the umask
    return path


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


# -- item 2: devices and FIFOs are written through, never replaced ---------------------------------------------------


def test_a_character_device_stays_a_device_and_receives_the_bytes(tmp_path: Path) -> None:
    """A pseudo-terminal of our own (a character device) whose other end we hold: what reaches it can be read
    back. (Not a mknod'd copy of it: in a container that node would name the host's terminal of that number.)"""
    master, slave = os.openpty()
    try:
        terminal = Path(os.ttyname(slave))
        before = os.lstat(terminal)
        atomic_write_text(terminal, "written through\n")
        after = os.lstat(terminal)
        assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
        assert os.read(master, 100).replace(b"\r\n", b"\n") == b"written through\n"
    finally:
        os.close(master)
        os.close(slave)


@ROOT_ONLY
def test_a_null_device_is_not_replaced_by_a_file(tmp_path: Path) -> None:
    null = _device(tmp_path / "null", 1, 3)
    for _ in range(2):
        atomic_write_bytes(null, b"report\n")
        with atomic_open(null) as handle:
            handle.write("report\n")
    info = os.lstat(null)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3) and stat.S_IMODE(info.st_mode) == 0o666
    assert _left(tmp_path) == ["null"]


@ROOT_ONLY
def test_a_full_device_is_an_output_error(tmp_path: Path) -> None:
    full = _device(tmp_path / "full", 1, 7)
    with pytest.raises(OutputError, match="No space left on device") as caught:
        atomic_write_bytes(full, b"x" * 100_000)
    assert caught.value.file == str(full)
    assert stat.S_ISCHR(os.lstat(full).st_mode) and _left(tmp_path) == ["full"]


def test_a_fifo_receives_the_bytes(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)  # a replaced FIFO would leave it waiting forever
    reader.start()
    data = "一行\n".encode() * 50_000  # more than a pipe holds: the writer waits for the reader, nothing is lost
    atomic_write_bytes(fifo, data)
    reader.join(timeout=30)
    assert received == [data]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _left(tmp_path) == ["pipe"]


@ROOT_ONLY
def test_a_block_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    block = tmp_path / "disk"
    os.mknod(block, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    with pytest.raises(OutputError, match="this is a block device, not a regular file") as caught:
        atomic_write_bytes(block, b"report\n")
    assert caught.value.code == "special-file"
    assert stat.S_ISBLK(os.lstat(block).st_mode) and _left(tmp_path) == ["disk"]


def test_a_socket_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(OutputError, match="this is a socket") as caught:
            atomic_write_text(path, "report\n")
    assert caught.value.code == "special-file" and stat.S_ISSOCK(os.lstat(path).st_mode)


def _score_out(out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fact_audit", "score", str(EXAMPLE), "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


@ROOT_ONLY
def test_score_out_to_a_device_end_to_end(tmp_path: Path) -> None:
    null = _device(tmp_path / "null", 1, 3)
    done = _score_out(null)
    assert done.returncode == 0, done.stderr
    info = os.lstat(null)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3) and stat.S_IMODE(info.st_mode) == 0o666
    full = _device(tmp_path / "full", 1, 7)
    done = _score_out(full)
    assert done.returncode == 2
    assert done.stderr == f"{full}: cannot write the file: No space left on device\n"
    block = tmp_path / "disk"
    os.mknod(block, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    done = _score_out(block)
    assert done.returncode == 2
    assert done.stderr == f"{block}: this is a block device, not a regular file; refusing to write to it\n"
    assert _left(tmp_path) == ["disk", "full", "null"]


# -- item 2: links are followed, and stay links ----------------------------------------------------------------------


def test_a_link_keeps_pointing_at_the_file_that_changes(tmp_path: Path) -> None:
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    real = real_folder / "report.md"
    real.write_text("old\n", encoding="utf-8")
    absolute, relative = link_folder / "abs.md", link_folder / "rel.md"
    absolute.symlink_to(real)
    relative.symlink_to(Path("..") / "real" / "report.md")
    atomic_write_text(absolute, "first\n")
    assert real.read_text(encoding="utf-8") == "first\n"
    with atomic_open(relative) as handle:
        handle.write("second\n")
    assert real.read_text(encoding="utf-8") == "second\n"
    assert absolute.is_symlink() and os.readlink(absolute) == str(real)
    assert relative.is_symlink() and os.readlink(relative) == "../real/report.md"
    assert _left(real_folder) == ["report.md"] and _left(link_folder) == ["abs.md", "rel.md"]


def test_a_link_to_a_link_updates_the_last_file(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    (tmp_path / "one.yaml").symlink_to("real.yaml")
    (tmp_path / "two.yaml").symlink_to("one.yaml")
    atomic_write_text(tmp_path / "two.yaml", "new\n")
    assert real.read_text(encoding="utf-8") == "new\n"
    assert os.readlink(tmp_path / "two.yaml") == "one.yaml" and os.readlink(tmp_path / "one.yaml") == "real.yaml"
    assert _left(tmp_path) == ["one.yaml", "real.yaml", "two.yaml"]


def test_a_dangling_link_a_link_to_a_folder_and_a_folder_are_errors(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(OutputError, match=r"the link points to nothing \(.*nowhere.md\)") as caught:
        atomic_write_text(dangling, "x")
    assert caught.value.code == "dangling-link" and caught.value.file == str(dangling)
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder").symlink_to("folder")
    for path in (tmp_path / "folder", tmp_path / "to-folder"):
        with pytest.raises(OutputError, match="this is a folder, not a file") as caught:
            atomic_write_text(path, "x")
        assert caught.value.code == "is-a-folder"
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    with pytest.raises(OutputError, match="cannot write the file: Too many levels of symbolic links"):
        atomic_write_text(loop, "x")
    assert _left(tmp_path) == ["dangling.md", "folder", "loop", "to-folder"]
    assert _left(tmp_path / "folder") == []


def test_a_failed_write_through_a_link_leaves_no_temp_file(tmp_path: Path) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "a.json"
    real.write_text("old\n", encoding="utf-8")
    (tmp_path / "a.json").symlink_to(real)
    with pytest.raises(ValueError, match="half-way"), atomic_open(tmp_path / "a.json") as handle:
        handle.write("new" * 10_000)
        raise ValueError("half-way")
    assert real.read_text(encoding="utf-8") == "old\n"
    assert _left(real_folder) == ["a.json"] and _left(tmp_path) == ["a.json", "real"]


def test_migrate_of_a_linked_answers_file_updates_the_file_and_keeps_link_and_mode(cli, tmp_path: Path) -> None:
    v2 = version_two(tmp_path)
    store = tmp_path / "store"
    store.mkdir()
    real = store / "old.yaml"
    real.write_text(OLD_ANSWERS, encoding="utf-8")
    real.chmod(0o644)
    link = tmp_path / "old.yaml"
    link.symlink_to(real)
    result = cli("migrate", link, "--rubrics", v2)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert yaml.safe_load(real.read_text(encoding="utf-8"))["rubric"] == "mini@0.2.0"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644  # item 18: not 0600
    assert _left(store) == ["old.yaml"]


# -- item 16: short temp names ---------------------------------------------------------------------------------------


LONG = "🍵" * 60 + ".md"  # 243 bytes: a name the file system takes, but not with ".NAME.xxxxxxxx.tmp" around it


def test_a_long_name_that_fits_is_written(tmp_path: Path) -> None:
    assert len(LONG.encode()) == 243
    target = tmp_path / LONG
    atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    atomic_write_text(target, "again\n")  # and replaced
    assert target.read_text(encoding="utf-8") == "again\n" and _left(tmp_path) == [LONG]


def test_the_temp_name_is_short_and_fixed_whatever_the_target(tmp_path: Path) -> None:
    seen: list[str] = []
    for name in ("a", LONG, "x" * 255):
        with pytest.raises(ValueError), atomic_open(tmp_path / name):
            seen += [p.name for p in tmp_path.iterdir()]
            raise ValueError
    assert len(seen) == 3 and all(len(n) == 16 and n.startswith(".fa-") and n.endswith(".tmp") for n in seen), seen
    assert _left(tmp_path) == []


# -- item 18: permissions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mask", "want"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o000, 0o666)])
def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path, mask: int, want: int) -> None:
    with _umask(mask):
        atomic_write_text(tmp_path / "new.md", "x")
        with atomic_open(tmp_path / "new.csv", "wb") as handle:
            handle.write(b"x")
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == want
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == want


def test_a_new_file_can_ask_for_fewer_bits(tmp_path: Path) -> None:
    with _umask(0o022):
        atomic_write_bytes(tmp_path / "cache.pickle", b"x", new_mode=0o600)
    assert stat.S_IMODE((tmp_path / "cache.pickle").stat().st_mode) == 0o600


@pytest.mark.parametrize("mask", [0o022, 0o077])
@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o640, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mask: int, mode: int) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    with _umask(mask):
        atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == mode


@ROOT_ONLY
def test_a_replaced_file_keeps_its_owner_when_root_writes_it(tmp_path: Path) -> None:
    target = tmp_path / "portfolio.html"
    target.write_text("old\n", encoding="utf-8")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    atomic_write_text(target, "new\n")
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)


@ROOT_ONLY
def test_an_unprivileged_writer_gets_the_umask_not_0600() -> None:
    """The same as a user who is not root, in a child with privileges dropped (in a folder of /tmp: pytest's own
    are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="fact-audit-perms-"))
    try:
        _unprivileged_writes(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unprivileged_writes(folder: Path) -> None:
    os.chown(folder, 65534, 65534)
    (folder / "kept.md").write_text("old\n", encoding="utf-8")
    os.chown(folder / "kept.md", 65534, 65534)
    (folder / "kept.md").chmod(0o664)
    script = (
        "import os, sys; os.umask(0o022); from fact_audit.fileio import atomic_write_text as w; "
        "w(sys.argv[1] + '/new.md', 'x'); w(sys.argv[1] + '/kept.md', 'new')"
    )
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", script, str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((folder / "new.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((folder / "kept.md").stat().st_mode) == 0o664
    assert (folder / "kept.md").read_text(encoding="utf-8") == "new"
