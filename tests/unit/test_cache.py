"""The per-user rubric cache: used when the files are unchanged, rebuilt when they change, never required."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fact_audit import cache

from ..conftest import MINI


def test_cache_hit_miss_and_failure(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FACT_AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FACT_AUDIT_NO_CACHE", raising=False)
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    calls: list[int] = []

    def build() -> dict:
        calls.append(1)
        return {"built": len(calls)}

    assert cache.cached(folder, build) == {"built": 1}
    assert cache.cached(folder, build) == {"built": 1} and len(calls) == 1  # from the cache
    path = folder / "goods.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # size changes
    assert cache.cached(folder, build) == {"built": 2}
    for stale in (tmp_path / "cache").iterdir():
        stale.write_bytes(b"not a pickle")
    assert cache.cached(folder, build) == {"built": 3}  # a broken cache file is rebuilt, not an error
    monkeypatch.setenv("FACT_AUDIT_NO_CACHE", "1")
    assert cache.cached(folder, build) == {"built": 4}


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("FACT_AUDIT_CACHE_DIR", str(blocker / "cache"))  # a folder under a file cannot exist
    assert cache.cached(MINI, lambda: 42) == 42
    assert not os.path.exists(blocker / "cache")


def test_the_bundled_set_survives_a_pickle_round_trip() -> None:
    import pickle

    from fact_audit.rubric import bundled_rubrics_dir, load_rubric_set, load_uncached

    built = load_uncached(bundled_rubrics_dir())
    again = pickle.loads(pickle.dumps(built))
    env = {"ads.buys_paid_traffic": True}
    for qid, question in built.questions.items():
        other = again.questions[qid]
        assert (question.when is None) == (other.when is None)
        if question.when:
            assert question.when.source == other.when.source and question.when(env) == other.when(env)
    assert load_rubric_set().ref == built.ref


def test_a_pickled_set_equals_the_one_it_came_from() -> None:
    """Records compare by field, expressions by source, so a cached set is recognisably the same set."""
    import pickle

    from fact_audit.rubric import bundled_rubrics_dir, load_uncached

    built = load_uncached(bundled_rubrics_dir())
    again = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == built and again is not built
    first = next(iter(again.questions.values()))
    first.weight += 1
    assert again != built  # and a change anywhere is seen
