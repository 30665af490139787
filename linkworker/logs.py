"""Logging: a rotating file in the user log folder, and never any personal data.

Log calls name ids, counts and kinds of thing, never names, notes or other record content. Exception
reports keep the type and the stack of file/line/function only: exception messages can carry the
values that failed (a name, an NHS number), so they are never written.
"""

from __future__ import annotations

import logging
import os
import traceback
from types import TracebackType

from linkworker.paths import Paths

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5


def setup_logging(paths: Paths, level: int = logging.INFO) -> logging.Handler:
    import logging.handlers  # here: the window imports this module before it is shown

    paths.ensure()
    handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_linkworker", False)]:
        root.removeHandler(old)
        old.close()
    handler._linkworker = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries must not echo SQL parameters (they hold record content) into the log.
    for noisy in ("sqlalchemy", "alembic", "keyring", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.chmod(paths.log_file, 0o600)
    return handler


def safe_traceback(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """The exception's type and where it happened, without its message or any values."""
    lines = [f"{exc_type.__module__}.{exc_type.__qualname__} (message withheld)"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    cause = exc.__cause__ if exc is not None else None
    if cause is not None:
        lines.append("caused by:")
        lines.append(safe_traceback(type(cause), cause, cause.__traceback__))
    return "\n".join(lines)


def log_bug(logger: logging.Logger, exc: BaseException) -> None:
    logger.error("unexpected error:\n%s", safe_traceback(type(exc), exc, exc.__traceback__))
