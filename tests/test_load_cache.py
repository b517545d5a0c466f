"""load()'s cache of the validated volume: faster, never different."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from dls_proceedings import catalog
from dls_proceedings.catalog import DATA_FILE
from dls_proceedings.models import Workshop

# Prints whether this process validated the data file (pydantic builds the
# Workshop validator only then) and a dump of what load() returned.
_PROBE = (
    "import json, dls_proceedings as dp\n"
    "from dls_proceedings.models import Workshop\n"
    "wk = dp.load()\n"
    "print(json.dumps({'validated': Workshop.__pydantic_complete__,"
    " 'dump': wk.model_dump(mode='json'), 'papers': [p.key for p in wk.papers]}))\n"
)


def _probe(cache_dir: str) -> dict[str, object]:
    import json

    env = {**os.environ, "DLS_PROCEEDINGS_CACHE_DIR": cache_dir}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


@pytest.fixture
def fresh() -> Workshop:
    """The data file validated now, bypassing every cache."""
    return Workshop.model_validate_json(DATA_FILE.read_bytes())


def test_first_process_validates_and_writes_later_ones_read(tmp_path: Path) -> None:
    first = _probe(str(tmp_path))
    assert first["validated"] is True
    entries = list(tmp_path.glob("dls2020-*.pickle"))
    assert len(entries) == 1
    assert entries[0].stat().st_mode & 0o077 == 0  # private to the user
    second = _probe(str(tmp_path))
    assert second["validated"] is False  # read back, not validated again
    assert second["dump"] == first["dump"]
    assert second["papers"] == first["papers"]


def test_cached_volume_equals_a_freshly_validated_one(tmp_path: Path, fresh: Workshop) -> None:
    _probe(str(tmp_path))
    (entry,) = tmp_path.glob("dls2020-*.pickle")
    restored = pickle.loads(entry.read_bytes())
    assert type(restored) is Workshop
    assert restored == fresh
    assert restored.model_dump() == fresh.model_dump()
    assert restored.model_dump_json() == fresh.model_dump_json()
    # Queries and derived values work on the restored object too.
    assert [p.key for p in restored.papers] == [p.key for p in fresh.papers]
    assert restored.authors() == fresh.authors()
    assert restored.paper("cai2020deepgalaxy") == fresh.paper("cai2020deepgalaxy")
    with pytest.raises(Exception, match="frozen"):
        restored.title = "x"  # type: ignore[misc]


def _entry_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DLS_PROCEEDINGS_CACHE_DIR", str(tmp_path))
    path = catalog.cache_file()
    assert path is not None
    assert path.parent == tmp_path
    return path


def _load_uncached() -> Workshop:
    # load() memoises per process; call the function under the memo.
    return catalog.load.__wrapped__()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"title": "a forged volume"}),
        pickle.dumps("Workshop"),
        # A truncated entry, as a crash while writing would leave without the rename.
        b"\x80\x05\x95\x10\x00",
    ],
    ids=["empty", "garbage", "foreign-dict", "foreign-str", "truncated"],
)
def test_damaged_or_foreign_entry_is_a_miss_and_is_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Workshop, content: bytes
) -> None:
    path = _entry_for(tmp_path, monkeypatch)
    path.write_bytes(content)
    path.chmod(0o600)
    assert _load_uncached() == fresh
    assert pickle.loads(path.read_bytes()) == fresh


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_entry_others_may_write_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Workshop
) -> None:
    path = _entry_for(tmp_path, monkeypatch)
    # A well-formed entry holding a different volume: only trust could make
    # load() return it.
    forged = fresh.model_copy(update={"title": "Forged"})
    path.write_bytes(pickle.dumps(forged))
    path.chmod(0o666)
    assert _load_uncached().title == fresh.title
    path.write_bytes(pickle.dumps(forged))
    path.chmod(0o600)
    assert _load_uncached().title == "Forged"  # the same file, trusted: read back as is


def test_fingerprint_follows_the_data_and_the_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLS_PROCEEDINGS_CACHE_DIR", str(tmp_path))
    data = DATA_FILE.read_bytes()
    assert catalog.cache_file(data) == catalog.cache_file()
    assert catalog.cache_file(data + b" ") != catalog.cache_file(data)
    before = catalog.cache_file()
    monkeypatch.setattr(pydantic, "VERSION", "0.0.0")
    assert catalog.cache_file() != before


def test_empty_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Workshop
) -> None:
    monkeypatch.setenv("DLS_PROCEEDINGS_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert catalog.cache_file() is None
    assert _load_uncached() == fresh
    assert list(tmp_path.iterdir()) == []


def test_unwritable_location_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Workshop
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DLS_PROCEEDINGS_CACHE_DIR", str(blocker / "cache"))
    assert _load_uncached() == fresh
    assert blocker.read_text() == "not a directory"


@pytest.mark.skipif(sys.platform == "win32", reason="XDG paths")
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache/dls_proceedings"),
        ({"HOME": "/home/u"}, "/home/u/.cache/dls_proceedings"),
        ({"XDG_CACHE_HOME": "", "HOME": "/home/u"}, "/home/u/.cache/dls_proceedings"),
    ],
    ids=["xdg", "home", "empty-xdg"],
)
def test_default_location(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    monkeypatch.delenv("DLS_PROCEEDINGS_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = catalog.cache_file()
    assert path is not None
    assert str(path.parent) == expected


def test_suite_runs_with_its_own_cache() -> None:
    # The root conftest points the cache away from the user's home for the run,
    # so this run's first load() validated the data file for real.
    configured = Path(os.environ["DLS_PROCEEDINGS_CACHE_DIR"])
    assert configured.is_dir()
    assert not configured.is_relative_to(Path.home())
    assert catalog.cache_file() == configured / catalog.cache_file().name  # type: ignore[union-attr]
