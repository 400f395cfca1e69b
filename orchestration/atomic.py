"""Atomic file and directory replacement: the one place that writes a temp file and
``os.replace``-s it, fsyncs, and swaps directories.

* ``atomic_path(path)`` -- a context manager yielding a temp path beside ``path``
  (``.<name>.<pid>.tmp``); whatever is written there replaces ``path`` in one rename when
  the block ends, and is removed if it raises. A reader sees the old content or the new,
  never part of it.
* ``atomic_write_bytes`` / ``atomic_write_text`` -- the same for content in memory.
* ``fsync_path`` / ``fsync_dir`` -- flush a file's bytes, or a directory's entries (a
  rename is durable only once its directory is synced).
* ``swap_directory(new, target)`` -- put the tree ``new`` at ``target``: one
  ``renameat2(RENAME_EXCHANGE)`` where the kernel has it, so ``target`` holds the old tree
  or the new one at every instant, never a mix; elsewhere two renames, the old tree kept
  as ``.<name>.old.<pid>`` until the new one is in place (``restore_interrupted_swaps``
  puts it back if the process died in between).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TMP_SUFFIX = ".tmp"
OLD_MARK = ".old."


def temp_path(path: Path) -> Path:
    """The temp file beside ``path`` an atomic write of this process goes through."""
    return path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")


def stale_temp_paths(path: Path) -> list[Path]:
    """Temp files of atomic writes to ``path`` that a killed process left behind."""
    return sorted(path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"))


def fsync_path(path: Path) -> None:
    """Flush ``path`` (a file or a directory) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make the renames and new entries in directory ``path`` durable."""
    fsync_path(path)


@contextmanager
def atomic_path(path: Path, *, durable: bool = False) -> Iterator[Path]:
    """Yield a temp path beside ``path``; when the block ends, it replaces ``path``.

    An exception in the block leaves ``path`` as it was and removes the temp file.
    ``durable``: fsync the file before the rename and the directory after it.
    """
    tmp = temp_path(path)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        if durable:
            fsync_path(tmp)
        os.replace(tmp, path)
        if durable:
            fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace ``path`` with ``data``: a reader sees the old bytes or all the new ones."""
    with atomic_path(path, durable=durable) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(
    path: Path, text: str, *, encoding: str = "utf-8", durable: bool = False
) -> None:
    """Replace ``path`` with ``text``: a reader sees the old text or all the new text."""
    atomic_write_bytes(path, text.encode(encoding), durable=durable)


# --------------------------------------------------------------------------- directories

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step (Linux ``renameat2``); False where unsupported."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def old_path(target: Path) -> Path:
    """Where ``swap_directory`` parks the tree it replaces until the new one is in."""
    return target.with_name(f".{target.name}{OLD_MARK}{os.getpid()}")


def swap_directory(new: Path, target: Path) -> None:
    """Put the directory ``new`` at ``target``, then remove the tree it replaced.

    At every instant ``target`` is the old tree or the new one (an atomic exchange), or,
    on a filesystem without one, absent for the moment between two renames with the old
    tree parked at ``old_path(target)`` (see ``restore_interrupted_swaps``).
    """
    if not target.exists():
        os.replace(new, target)
        fsync_dir(target.parent)
        return
    if _exchange(new, target):
        fsync_dir(target.parent)
        shutil.rmtree(new, ignore_errors=True)  # now the old tree
        return
    old = old_path(target)
    os.replace(target, old)
    os.replace(new, target)
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def restore_interrupted_swaps(parent: Path, names: tuple[str, ...]) -> list[Path]:
    """Old trees a killed ``swap_directory`` left parked: put each back where its target
    is missing, remove the rest. Returns what was found."""
    found = []
    for name in names:
        for parked in sorted(parent.glob(f".{name}{OLD_MARK}*")):
            found.append(parked)
            target = parent / name
            if not target.exists():
                os.replace(parked, target)
            else:
                shutil.rmtree(parked, ignore_errors=True)
    return found
