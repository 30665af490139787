"""Looking for secrets and personal data in every file a test's Linkworker left behind."""

from __future__ import annotations

from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


def every_file(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def files_containing(root: Path, *needles: bytes) -> list[tuple[str, bytes]]:
    """Each (file relative to root, needle) where the needle's bytes appear in the file."""
    assert needles and all(needles), "give at least one non-empty needle"
    hits = []
    for path in every_file(root):
        data = path.read_bytes()
        hits.extend((str(path.relative_to(root)), n) for n in needles if n in data)
    return hits


def header(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER))
