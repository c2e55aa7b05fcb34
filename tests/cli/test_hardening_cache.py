"""Issue 14, item 1: loading the rubric cache is never a way to run another user's code, and the cache stays small.

Unpickling runs whatever the file says, so the cache is used only when its folder and the file belong to the user
running the tool and nobody else may write them (as ssh treats its keys). Each case plants a pickle whose loading
would create a marker file; the marker must never appear. The "victim" is root (the test process, or the CLI run as
a program), or nobody (a child that imports what it needs and then drops to uid 65534), the "attacker" the other."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from fact_audit import cache

from ..conftest import MINI, ROOT

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="planting files as another user needs root"
)
NOBODY = 65534
EXAMPLE = ROOT / "examples" / "growing_brand.yaml"


class Payload:
    """Pickled, it is a call of os.system: loading it creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


def _name(directory: Path) -> str:
    """The file name the cache uses for the set in `directory` (an attacker can work it out too)."""
    key = cache._key(directory)
    assert key is not None
    return f"rubric-{zlib.crc32(key.encode()):08x}.pickle"


def _plant(folder: Path, directory: Path, marker: Path, owner: int | None = None, mode: int = 0o644) -> Path:
    path = folder / _name(directory)
    path.write_bytes(pickle.dumps(Payload(marker)))
    path.chmod(mode)
    if owner is not None:
        os.chown(path, owner, owner)
    return path


def _sets(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("rubric-"))


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder nobody may enter (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="fact-audit-cache-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def counted(monkeypatch):
    monkeypatch.delenv("FACT_AUDIT_NO_CACHE", raising=False)
    calls: list[int] = []

    def build() -> dict:
        calls.append(1)
        return {"built": len(calls)}

    return build, calls


# -- root runs the tool; the folder or the file belongs to someone else, or anyone may write it -------------------


@pytest.mark.parametrize("case", ["folder of another user", "folder anyone may write", "sticky folder like /tmp"])
def test_root_never_loads_nor_writes_a_folder_others_control(case, tmp_path: Path, monkeypatch, counted) -> None:
    build, calls = counted
    folder, marker = tmp_path / "cache", tmp_path / "ran"
    folder.mkdir()
    if case == "folder of another user":
        folder.chmod(0o755)
        os.chown(folder, NOBODY, NOBODY)
        owner = NOBODY
    else:
        folder.chmod(0o777 if case == "folder anyone may write" else 0o1777)
        owner = None  # even a file of root's own: whoever may write the folder may have swapped it in
    _plant(folder, MINI, marker, owner)
    before = _sets(folder)
    monkeypatch.setenv("FACT_AUDIT_CACHE_DIR", str(folder))
    assert cache.cached(MINI, build) == {"built": 1}
    assert cache.cached(MINI, build) == {"built": 2}  # no cache at all: the slow way every time
    assert not marker.exists()
    assert _sets(folder) == before and len(calls) == 2  # nothing written there either
    assert stat.S_IMODE(folder.stat().st_mode) in (0o755, 0o777, 0o1777)  # a named folder is left as it is


@pytest.mark.parametrize("kind", ["file of another user", "file anyone may write", "link", "fifo"])
def test_in_our_folder_only_a_regular_file_of_ours_is_read(kind, tmp_path: Path, monkeypatch, counted) -> None:
    build, calls = counted
    folder, marker = tmp_path / "cache", tmp_path / "ran"
    folder.mkdir(mode=0o700)
    if kind == "link":  # an entry can only be made by us, but a link is not followed anyway
        elsewhere = _plant(tmp_path, MINI, marker, mode=0o600)
        (folder / elsewhere.name).symlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(folder / _name(MINI), 0o600)  # must not block the run
    else:
        _plant(folder, MINI, marker, NOBODY if kind == "file of another user" else None, 0o600 | 0o022)
    monkeypatch.setenv("FACT_AUDIT_CACHE_DIR", str(folder))
    assert cache.cached(MINI, build) == {"built": 1}
    assert not marker.exists()
    written = (folder / _name(MINI)).lstat()  # replaced by a file of our own, which the next run uses
    assert stat.S_ISREG(written.st_mode) and written.st_uid == 0 and stat.S_IMODE(written.st_mode) == 0o600
    assert cache.cached(MINI, build) == {"built": 1} and len(calls) == 1
    if kind == "link":
        assert elsewhere.read_bytes() == pickle.dumps(Payload(marker))  # the link's target was not replaced


def test_the_cli_as_root_ignores_a_pickle_planted_by_another_user(tmp_path: Path) -> None:
    """The issue's case: a cache folder another user can write, and root runs `fact-audit score`."""
    from fact_audit.rubric import bundled_rubrics_dir

    folder, marker = tmp_path / "cache", tmp_path / "ran"
    folder.mkdir()
    os.chown(folder, NOBODY, NOBODY)
    _plant(folder, bundled_rubrics_dir(), marker, NOBODY)
    env = {**os.environ, "FACT_AUDIT_CACHE_DIR": str(folder)}
    env.pop("FACT_AUDIT_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-m", "fact_audit", "score", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr  # scored (1: findings)
    assert json.loads(done.stdout)["format"].startswith("fact-audit/report")
    assert not marker.exists()


def test_our_own_old_folder_open_to_others_is_closed_and_emptied_unread(tmp_path: Path, monkeypatch, counted) -> None:
    """An older version made ~/.cache/fact-audit with the umask (0775 under umask 002): the tool's own folder is
    closed to others (0700) and its sets deleted without being read, then the cache works again. A folder named by
    FACT_AUDIT_CACHE_DIR is never changed (see above): it may be meant to be shared."""
    build, calls = counted
    folder, marker = tmp_path / "xdg" / "fact-audit", tmp_path / "ran"
    folder.mkdir(parents=True)
    folder.chmod(0o775)
    _plant(folder, MINI, marker, mode=0o600)
    monkeypatch.delenv("FACT_AUDIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cached(MINI, build) == {"built": 1}
    assert not marker.exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert cache.cached(MINI, build) == {"built": 1} and len(calls) == 1


def test_a_linked_folder_of_our_own_is_used(tmp_path: Path, monkeypatch, counted) -> None:
    """What is checked is the folder itself (the opened descriptor), so a link to a private folder is fine."""
    build, _ = counted
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.setenv("FACT_AUDIT_CACHE_DIR", str(tmp_path / "link"))
    assert cache.cached(MINI, build) == cache.cached(MINI, build) == {"built": 1}
    assert _sets(tmp_path / "real") == [_name(MINI)]


# -- nobody runs the tool -------------------------------------------------------------------------------------------

_AS_NOBODY = """
import json, os, pickle, sys, time, zlib
from pathlib import Path
import fact_audit.cache as cache, fact_audit.fileio  # all imported before dropping: root's Python is not ours
os.setgroups([]); os.setresgid(65534, 65534, 65534); os.setresuid(65534, 65534, 65534)
os.umask(int(sys.argv[2], 8))
calls = []
def build():
    calls.append(1)
    return {"built": True}
assert cache.cached(Path(sys.argv[1]), build) == {"built": True}
print(len(calls))
"""


def _run_as_nobody(home: Path, folder: Path, umask: str = "022") -> int:
    """How many times a child running as nobody had to build the set (0: from the cache)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACT_AUDIT_", "XDG_"))}
    env.update(HOME=str(home), FACT_AUDIT_CACHE_DIR=str(folder))
    done = subprocess.run(
        [sys.executable, "-c", _AS_NOBODY, str(MINI), umask],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.parametrize("case", ["folder of root", "our folder open to the group", "file of root"])
def test_nobody_never_loads_a_pickle_another_user_could_write(case, shared: Path) -> None:
    home, folder, marker = shared / "home", shared / "cache", shared / "home" / "ran"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    folder.mkdir()
    folder.chmod({"folder of root": 0o755, "our folder open to the group": 0o775, "file of root": 0o700}[case])
    planted = _plant(folder, MINI, marker, NOBODY if case == "our folder open to the group" else None)
    if case != "folder of root":
        os.chown(folder, NOBODY, NOBODY)
    before = _sets(folder)
    assert _run_as_nobody(home, folder) == 1
    assert not marker.exists()
    if case == "file of root":  # our folder: the set is written again, as ours
        info = planted.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (NOBODY, 0o600)
        assert _run_as_nobody(home, folder) == 0
    else:
        assert _sets(folder) == before


def test_nobody_gets_a_private_cache_and_uses_it(shared: Path) -> None:
    home = shared / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    folder = home / ".cache" / "fact-audit"
    assert _run_as_nobody(home, folder, umask="000") == 1  # even with no umask at all
    info, (name,) = folder.stat(), _sets(folder)
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (NOBODY, 0o700)
    info = (folder / name).stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (NOBODY, 0o600)
    assert _run_as_nobody(home, folder) == 0  # the speed path: the second run loads the set from the cache


# -- pruning --------------------------------------------------------------------------------------------------------


def test_the_cache_keeps_only_the_most_recently_used_sets(tmp_path: Path, monkeypatch, counted) -> None:
    build, calls = counted
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACT_AUDIT_CACHE_DIR", str(folder))
    sets = []
    for i in range(cache.KEEP + 3):  # one set per install path, as the issue saw
        sets.append(tmp_path / f"set{i}")
        shutil.copytree(MINI, sets[-1])
        cache.cached(sets[-1], build)
        assert len(_sets(folder)) <= cache.KEEP
    assert _sets(folder) == sorted(_name(s) for s in sets[-cache.KEEP :])

    now = time.time()  # make the kept ones old, the first kept the oldest; then use it again
    for age, directory in enumerate(reversed(sets[-cache.KEEP :]), start=1):
        os.utime(folder / _name(directory), (now - 10_000 * age, now - 10_000 * age))
    oldest, next_oldest = sets[-cache.KEEP], sets[-cache.KEEP + 1]
    built = len(calls)
    cache.cached(oldest, build)
    assert len(calls) == built  # a hit
    stale = folder / ".fa-0123abcd.tmp"  # left by a writer killed with SIGKILL
    stale.write_bytes(b"half")
    os.utime(stale, (now - 86_400, now - 86_400))
    shutil.copytree(MINI, tmp_path / "new")
    cache.cached(tmp_path / "new", build)
    left = _sets(folder)
    assert len(left) == cache.KEEP and _name(oldest) in left and _name(next_oldest) not in left
    assert not stale.exists()
