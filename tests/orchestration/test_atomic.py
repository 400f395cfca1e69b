"""Atomic writes and directory swaps: a file is the old content or all the new content,
a swapped directory is the old tree or the new tree, whatever fails in between."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration import atomic
from orchestration.atomic import (
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    old_path,
    restore_interrupted_swaps,
    stale_temp_paths,
    swap_directory,
)


def test_write_replaces_the_whole_content(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    atomic_write_text(target, "old")
    atomic_write_bytes(target, b"new content", durable=True)
    assert target.read_bytes() == b"new content"
    assert stale_temp_paths(target) == []


def test_a_failure_mid_write_leaves_the_old_content_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "index.json"
    target.write_text("old, complete")

    class Boom(RuntimeError):
        pass

    with pytest.raises(Boom), atomic_path(target) as tmp:
        tmp.write_text("new, but only half of it")
        raise Boom
    assert target.read_text() == "old, complete"
    assert list(tmp_path.iterdir()) == [target]


def test_a_failure_mid_write_of_a_new_file_leaves_it_absent(tmp_path: Path) -> None:
    target = tmp_path / "fresh.parquet"
    with pytest.raises(OSError), atomic_path(target) as tmp:
        tmp.write_bytes(b"PAR1")
        raise OSError("disk full")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_killed_writer_leaves_the_old_content_and_a_findable_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "warehouse.duckdb"
    target.write_bytes(b"old" * 1000)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from pathlib import Path\n"
            "from orchestration.atomic import atomic_path\n"
            "with atomic_path(Path(sys.argv[1]), durable=True) as tmp:\n"
            "    tmp.write_bytes(b'new' * 500)\n"
            "    os._exit(9)  # killed before the rename\n",
            str(target),
        ],
        check=False,
    )
    assert killed.returncode == 9
    assert target.read_bytes() == b"old" * 1000
    [left] = stale_temp_paths(target)
    assert left.read_bytes() == b"new" * 500  # the next writer can find and remove it


def _tree(root: Path, marker: str, files: int = 20) -> Path:
    root.mkdir(parents=True)
    for i in range(files):
        (root / f"page{i:02d}.html").write_text(marker)
    (root / "sub").mkdir()
    (root / "sub" / "deep.html").write_text(marker)
    return root


def _markers(root: Path) -> set[str]:
    return {p.read_text() for p in root.rglob("*.html")}


def test_swap_into_an_empty_place(tmp_path: Path) -> None:
    new = _tree(tmp_path / ".staging" / "docs", "new")
    swap_directory(new, tmp_path / "docs")
    assert _markers(tmp_path / "docs") == {"new"}
    assert not new.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_swap_replaces_the_whole_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = _tree(tmp_path / "report", "v0", files=5)
    for version in range(1, 4):
        staging = tmp_path / f".sites.{version}"
        _tree(staging / "report", f"v{version}", files=3)
        swap_directory(staging / "report", target)
        assert _markers(target) == {f"v{version}"}
        assert sorted(p.name for p in target.iterdir()) == [
            *(f"page{i:02d}.html" for i in range(3)),
            "sub",
        ]
        assert not (staging / "report").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".sites.")) == [
        "report"
    ]


def test_the_exchange_is_one_step(tmp_path: Path) -> None:
    """Where the kernel has renameat2, the target is the old or the new tree at every
    instant: one call swaps both names."""
    old = _tree(tmp_path / "docs", "old")
    new = _tree(tmp_path / ".sites.x" / "docs", "new")
    if not atomic._exchange(new, old):
        pytest.skip(
            "no renameat2(RENAME_EXCHANGE) on this filesystem: the two-rename path is tested"
        )
    assert _markers(old) == {"new"} and _markers(new) == {"old"}


@pytest.mark.parametrize("fail_at", [1, 2])
def test_a_swap_failing_at_any_rename_leaves_the_old_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    """Whichever rename fails (or the process dies there), the site is the old tree once
    the next publish has put back what was parked: never a mix, never missing."""
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = _tree(tmp_path / "quality", "old")
    new = _tree(tmp_path / ".sites.y" / "quality", "new")
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append((src, dst))
        if len(calls) == fail_at:
            raise OSError("killed here")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="killed here"):
        swap_directory(new, target)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    restore_interrupted_swaps(tmp_path, ("quality",))
    assert _markers(target) == {"old"}
    assert _markers(new) == {"new"}  # the staged tree is untouched, for the caller to remove


def test_an_interrupted_two_rename_swap_is_put_back(tmp_path: Path) -> None:
    """Killed between its two renames, a swap leaves the old tree parked: the next
    publish puts it back, so the site is the old tree, not missing."""
    target = _tree(tmp_path / "quality", "old")
    os.replace(target, old_path(target))  # the first rename, then the process died
    assert not target.exists()
    assert restore_interrupted_swaps(tmp_path, ("quality", "docs")) == [old_path(target)]
    assert _markers(target) == {"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quality"]


def test_a_parked_tree_beside_a_complete_swap_is_removed(tmp_path: Path) -> None:
    _tree(tmp_path / "docs", "new")
    parked = _tree(tmp_path / ".docs.old.12345", "old")
    assert restore_interrupted_swaps(tmp_path, ("docs",)) == [parked]
    assert _markers(tmp_path / "docs") == {"new"}
    assert not parked.exists()
