"""The one secrets module: the database key, the OS keyring and the passphrase-wrapped key file.

The database key is 32 random bytes. It is kept in two places:

* the OS keyring (through ``keyring``), so a worker's laptop unlocks without typing, when a secure
  backend exists;
* a key file beside the database holding the key wrapped with AES-256-GCM under a key derived from
  the passphrase with Argon2id. This is the recovery copy and the only copy when the keyring is
  missing or not secure. The key is never written anywhere in plaintext.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from linkworker.store.errors import KeyFileDamaged, KeyFileMissing, WeakPassphrase, WrongPassphrase

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12  # AES-GCM
TAG_BYTES = 16  # AES-GCM
PASSPHRASE_MIN = 10
KEYRING_SERVICE = "Linkworker"
KEY_FILE_FORMAT = "linkworker-key"
KEY_FILE_VERSION = 1

# Backends that either store nothing or store secrets in plaintext: never trusted with the key.
_INSECURE_BACKENDS = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",  # guarded by its own passphrase prompt on a terminal
    "keyrings.alt.Gnome.Keyring",
}


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters. 64 MiB, 3 passes: about a quarter of a second on a laptop."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2
    salt: str = ""  # base64

    def derive(self, passphrase: str) -> bytes:
        return hash_secret_raw(
            secret=passphrase.encode("utf-8"),
            salt=_b64d(self.salt),
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )


@dataclass(frozen=True)
class KeyFile:
    database_id: str
    kdf: KdfParams
    nonce: str
    wrapped_key: str

    def _aad(self) -> bytes:
        header = {
            "format": KEY_FILE_FORMAT,
            "version": KEY_FILE_VERSION,
            "database_id": self.database_id,
            "kdf": asdict(self.kdf),
        }
        return json.dumps(header, sort_keys=True).encode()

    def to_json(self) -> str:
        body: dict[str, Any] = {
            "format": KEY_FILE_FORMAT,
            "version": KEY_FILE_VERSION,
            "database_id": self.database_id,
            "kdf": {"name": "argon2id", **asdict(self.kdf)},
            "cipher": "AES-256-GCM",
            "nonce": self.nonce,
            "wrapped_key": self.wrapped_key,
        }
        return json.dumps(body, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, path: Path) -> KeyFile:
        try:
            body = json.loads(text)
            if body.get("format") != KEY_FILE_FORMAT:
                raise ValueError("not a Linkworker key file")
            if body.get("version") != KEY_FILE_VERSION:
                raise ValueError(f"unknown key file version {body.get('version')!r}")
            kdf = dict(body["kdf"])
            if kdf.pop("name", None) != "argon2id":
                raise ValueError("unknown key derivation")
            key_file = cls(
                database_id=str(body["database_id"]),
                kdf=KdfParams(**kdf),
                nonce=str(body["nonce"]),
                wrapped_key=str(body["wrapped_key"]),
            )
            key_file._check_values()
            return key_file
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyFileDamaged(path, str(exc) or type(exc).__name__) from None

    def _check_values(self) -> None:
        """Raise ValueError unless every value has the shape ``wrap`` writes."""
        params = (self.kdf.time_cost, self.kdf.memory_kib, self.kdf.parallelism)
        if not all(isinstance(p, int) and p > 0 for p in params):
            raise ValueError("bad key derivation parameters")
        # A tampered file must not make unlocking eat the machine: cap what it may ask for.
        kdf = self.kdf
        if kdf.time_cost > 20 or kdf.memory_kib > 1024 * 1024 or kdf.parallelism > 16:
            raise ValueError("key derivation parameters out of range")
        if len(_b64d(self.kdf.salt)) < SALT_BYTES:
            raise ValueError("salt too short")
        if len(_b64d(self.nonce)) != NONCE_BYTES:
            raise ValueError("nonce of the wrong size")
        if len(_b64d(self.wrapped_key)) != KEY_BYTES + TAG_BYTES:
            raise ValueError("wrapped key of the wrong size")

    # -- wrapping -------------------------------------------------------------------------------

    @classmethod
    def wrap(
        cls, key: bytes, passphrase: str, database_id: str, kdf: KdfParams | None = None
    ) -> KeyFile:
        check_passphrase(passphrase)
        params = KdfParams(salt=_b64e(secrets.token_bytes(SALT_BYTES))) if kdf is None else kdf
        if not params.salt:
            params = KdfParams(
                params.time_cost,
                params.memory_kib,
                params.parallelism,
                _b64e(secrets.token_bytes(SALT_BYTES)),
            )
        nonce = secrets.token_bytes(NONCE_BYTES)
        draft = cls(database_id, params, _b64e(nonce), "")
        wrapped = AESGCM(params.derive(passphrase)).encrypt(nonce, key, draft._aad())
        return cls(database_id, params, _b64e(nonce), _b64e(wrapped))

    def unwrap(self, passphrase: str) -> bytes:
        try:
            key = AESGCM(self.kdf.derive(passphrase)).decrypt(
                _b64d(self.nonce), _b64d(self.wrapped_key), self._aad()
            )
        except InvalidTag:
            raise WrongPassphrase() from None
        if len(key) != KEY_BYTES:
            raise WrongPassphrase()
        return key


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < PASSPHRASE_MIN:
        raise WeakPassphrase(
            f"Use a passphrase of at least {PASSPHRASE_MIN} characters.",
            "A few unrelated words are easy to remember and hard to guess.",
        )


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_database_id() -> str:
    return secrets.token_hex(8)


def load_key_file(path: Path) -> KeyFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileMissing(path) from None
    except UnicodeDecodeError:
        raise KeyFileDamaged(path, "not text") from None
    return KeyFile.from_json(text, path)


def save_key_file(path: Path, key_file: KeyFile) -> None:
    """Write atomically: a crash leaves either the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key_file.to_json())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# -- the OS keyring ------------------------------------------------------------------------------


_FRIENDLY_NAMES = (
    ("keyring.backends.macOS", "macOS Keychain"),
    ("keyring.backends.Windows", "Windows Credential Manager"),
    ("keyring.backends.SecretService", "Secret Service (GNOME Keyring or KWallet)"),
    ("keyring.backends.libsecret", "Secret Service (GNOME Keyring or KWallet)"),
    ("keyring.backends.kwallet", "KWallet"),
)


@dataclass(frozen=True)
class KeyringStatus:
    secure: bool
    backend: str

    @property
    def friendly_name(self) -> str:
        """The keyring as a person knows it ("macOS Keychain"), else the backend's class."""
        for prefix, name in _FRIENDLY_NAMES:
            if self.backend.startswith(prefix):
                return name
        return self.backend

    def describe(self) -> str:
        if self.secure:
            return f"The database key is kept in this computer's keyring ({self.friendly_name})."
        return (
            "This computer has no secure keyring, so Linkworker works with your passphrase only: "
            "you will type it each time you open the app."
        )


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def keyring_status(backend: keyring.backend.KeyringBackend | None = None) -> KeyringStatus:
    kr = backend or keyring.get_keyring()
    name = _backend_name(kr)
    backends = getattr(kr, "backends", None)  # the chainer: secure if any of its backends is
    if backends is not None:
        secure = any(_is_secure(b) for b in backends)
        return KeyringStatus(secure, name if not secure else _first_secure_name(backends))
    return KeyringStatus(_is_secure(kr), name)


def _first_secure_name(backends: list[keyring.backend.KeyringBackend]) -> str:
    return next(_backend_name(b) for b in backends if _is_secure(b))


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    if _backend_name(backend) in _INSECURE_BACKENDS:
        return False
    try:
        return float(backend.priority) > 0
    except Exception:
        return False


class SecretStore:
    """Named secrets in the OS keyring, used only when the backend is secure.

    Every keyring error is caught: a keyring that is locked, missing or broken means "not there",
    never a crash; the passphrase remains the way in.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()
        self.status = keyring_status(self._backend)

    def get(self, name: str) -> str | None:
        if not self.status.secure:
            return None
        try:
            return self._backend.get_password(KEYRING_SERVICE, name)
        except Exception:
            return None

    def set(self, name: str, value: str) -> bool:
        if not self.status.secure:
            return False
        try:
            self._backend.set_password(KEYRING_SERVICE, name, value)
        except Exception:
            return False
        return True

    def delete(self, name: str) -> None:
        if not self.status.secure:
            return
        try:
            self._backend.delete_password(KEYRING_SERVICE, name)
        except Exception:
            return

    @staticmethod
    def database_key_name(database_id: str) -> str:
        return f"database-key/{database_id}"


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
