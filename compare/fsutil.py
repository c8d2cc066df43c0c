"""Atomic file output: a reader never sees a half-written report, and no run removes another's
temporary files."""

from __future__ import annotations

import os
import re
import socket
import tempfile
from pathlib import Path

# A temporary file names the process that writes it: ".report.json.pid1234@host.k3j9x.tmp".
# Two runs may write into one folder at once; a leftover is removed only once its writer is gone.
_TEMPORARY = re.compile(r"^\..*\.pid(\d+)@([A-Za-z0-9-]*)\.[^.]+\.tmp$")


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file in ``path``'s folder, then rename it over ``path``.

    The rename is atomic on POSIX, so an interrupted run leaves either the old file or the new
    one, never a partial one.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = temporary_prefix(path, os.getpid())
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def temporary_prefix(path: Path, pid: int) -> str:
    """How the temporary files process ``pid`` writes for ``path`` begin (mkstemp adds a
    random part and ".tmp")."""
    return f".{path.name}.pid{pid}@{_host()}."


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files whose writer was killed before it could remove them.

    A temporary of a process still running on this host is another run's file in the making
    and is left alone, and so is one written on another host (a shared folder).
    """
    if not folder.is_dir():
        return
    for leftover in folder.glob(".*.tmp"):
        owner = _TEMPORARY.match(leftover.name)
        if owner is None or (owner.group(2) == _host() and not is_running(int(owner.group(1)))):
            leftover.unlink(missing_ok=True)


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname().split(".")[0])


def is_running(pid: int) -> bool:
    """Whether process ``pid`` exists on this host (a zombie counts until it is reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
