"""Saving one JSON draft safely when several writers share it (notebook 04's worksheet).

A student may have the worksheet open twice — two browser tabs, a re-opened copy, two kernels —
and every copy autosaves. Three pieces make that safe:

* :func:`atomic_write` — a temporary file in the same folder, ``fsync``, then ``os.replace``: a
  reader (or a crash, even ``kill -9``) sees the old file or the new one, never half of one;
  :func:`remove_leftovers` deletes the temporary files a killed writer left behind.
* :func:`locked` — an exclusive OS lock (``flock`` / ``msvcrt.locking``) on a lock file beside
  the draft, held for read → merge → write, so two processes' saves never interleave. The OS
  releases it when a process dies.
* :func:`merge` — a three-way merge over *fields*. Each save stores a fresh random ``token``; a
  writer remembers the token and the fields of the version it last read or wrote (its *base*). If
  the file on disk carries another token, someone else saved in between, and for every field::

      mine == theirs        → that value
      mine == base          → theirs   (only the other copy changed it)
      theirs == base        → mine     (only this copy changed it)
      otherwise             → conflict: both texts kept (:data:`OTHER_COPY` line between them)

  so edits to different steps merge, and no text either copy saved is ever dropped.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover  (Windows)
    fcntl = None  # type: ignore[assignment]
    import msvcrt

TMP_SUFFIX = ".tmp"
OTHER_COPY = "——— text from another copy of this notebook (saved {time}) ———"


def _write_all(handle, text: str) -> None:
    """Write ``text`` to an open file (a separate function so tests can make the disk full)."""
    handle.write(text)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            _write_all(f, text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporary files of :func:`atomic_write` for ``path`` (call under
    :func:`locked`, when no writer can be mid-save); return what was removed."""
    gone = []
    for tmp in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        try:
            tmp.unlink()
            gone.append(tmp)
        except OSError:
            pass  # read-only folder: harmless, the draft itself is intact
    return gone


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (created beside ``path``) for the block.

    In a folder where the lock file cannot be created (read-only) the block runs unlocked: it
    cannot write there either, and the caller reports that."""
    lock = path.with_name(f".{path.name}.lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)


def why_not_saved(exc: OSError, folder: Path) -> str:
    """A failed write in words a student can act on."""
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"the folder {folder} is read-only (no permission to write there)"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk holding {folder} is full"
    return f"{exc.strerror or exc} ({folder})"


@dataclass
class Merged:
    """Result of :func:`merge`: the merged fields, which of them now hold the other copy's
    value (``taken``) and which hold both texts or a kept-mine choice (``conflicts``)."""

    fields: dict[str, object]
    taken: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def merge(base: Mapping[str, object], mine: Mapping[str, object],
          theirs: Mapping[str, object], both: Callable[[str, object, object], object]) -> Merged:
    """Three-way merge of flat field maps (a missing key is an absent field, ``None``).

    ``both(key, mine, theirs)`` decides a true conflict (both copies changed ``key`` to
    different values); for text it returns both texts, so nothing is lost."""
    out = Merged({})
    for key in list(mine) + [k for k in theirs if k not in mine]:
        b, m, t = base.get(key), mine.get(key), theirs.get(key)
        if m == t or t == b:
            value = m
        elif m == b:
            value = t
            out.taken.append(key)
        else:
            value = both(key, m, t)
            out.conflicts.append(key)
        if value is not None:
            out.fields[key] = value
    return out
