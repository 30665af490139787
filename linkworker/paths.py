"""Every file location the app uses, in one place.

platformdirs picks the usual per-user folders (``appauthor=False``). When ``LINKWORKER_HOME`` is
set, everything lives under that one folder instead (tests, portable installs, administrators).
Every folder is created private to the user (0700).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

HOME_ENV = "LINKWORKER_HOME"
_APP_DIR_NAME = "Linkworker"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> Paths:
        home = os.environ.get(HOME_ENV)
        if home:
            return cls.under(Path(home))
        dirs = PlatformDirs(_APP_DIR_NAME, appauthor=False)
        return cls(
            data_dir=Path(dirs.user_data_dir),
            config_dir=Path(dirs.user_config_dir),
            cache_dir=Path(dirs.user_cache_dir),
            log_dir=Path(dirs.user_log_dir),
        )

    @classmethod
    def under(cls, root: Path) -> Paths:
        root = root.expanduser().resolve()
        return cls(
            data_dir=root / "data",
            config_dir=root / "config",
            cache_dir=root / "cache",
            log_dir=root / "logs",
        )

    def ensure(self) -> Paths:
        """Create every folder (0700) and return self."""
        for d in (self.data_dir, self.config_dir, self.cache_dir, self.log_dir, self.backup_dir):
            _private_dir(d)
        return self

    @property
    def database(self) -> Path:
        return self.data_dir / "linkworker.db"

    @property
    def key_file(self) -> Path:
        """The recovery copy of the database key, wrapped under the passphrase."""
        return self.data_dir / "linkworker.key"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "linkworker.log"
