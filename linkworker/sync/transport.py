"""Talking to the server over HTTP (httpx), with every failure turned into something to act on.

``Offline``: no answer (no network, server down, timed out): try later, nothing is lost.
``DeviceRevoked``: an administrator removed this laptop: wipe it. ``NotEnrolled``: the server does
not know this laptop's token: connect again. ``Refused``: the server said no, with its reason.
``ServerTrouble``: the server failed or answered nonsense: try later.
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from linkworker.sync.protocol import (
    EnrolRequest,
    EnrolResponse,
    Health,
    Page,
    PushRequest,
    PushResponse,
    read_page,
)

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
M = TypeVar("M", bound=BaseModel)
_JSON = {"Content-Type": "application/json"}


class SyncProblem(Exception):
    """Base: ``message`` is for the person at the laptop."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Offline(SyncProblem):
    pass


class ServerTrouble(SyncProblem):
    pass


class NotEnrolled(SyncProblem):
    pass


class DeviceRevoked(SyncProblem):
    pass


class Refused(SyncProblem):
    def __init__(self, status: int, code: str, message: str, body: dict[str, Any]) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.body = body


class OutOfScope(Refused):
    """Some ops are for records this laptop's team does not hold; nothing was saved."""

    @property
    def op_ids(self) -> list[str]:
        return [str(i) for i in self.body.get("refused", [])]


class Transport:
    """One server, one device token. ``client`` may be any httpx.Client (tests pass the ASGI app's
    or a fault-injecting one)."""

    def __init__(
        self, base_url: str, token: str | None = None, client: httpx.Client | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._client = client or httpx.Client(timeout=TIMEOUT)
        self._own = client is None

    def close(self) -> None:
        if self._own:
            self._client.close()

    def _call(
        self, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any
    ) -> httpx.Response:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._client.request(method, self.base_url + path, headers=headers, **kw)
        except httpx.TimeoutException:
            raise Offline("The server did not answer in time.") from None
        except (httpx.TransportError, OSError):
            raise Offline("The server cannot be reached.") from None
        if response.status_code >= 500:
            raise ServerTrouble(
                f"The server had a problem (HTTP {response.status_code}). It will be tried again."
            )
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                body = {}
            code = str(body.get("code", "refused"))
            message = str(body.get("detail", f"The server refused (HTTP {response.status_code})."))
            if code == "device_revoked":
                raise DeviceRevoked(message)
            if code == "unknown_token":
                raise NotEnrolled(message)
            if code == "out_of_scope":
                raise OutOfScope(response.status_code, code, message, body)
            raise Refused(response.status_code, code, message, body)
        return response

    def health(self) -> Health:
        return self._parse(Health, self._call("GET", "/v1/health"))

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        return self._parse(
            EnrolResponse, self._call("POST", "/v1/enrol", json=request.model_dump())
        )

    def push(self, request: PushRequest) -> PushResponse:
        body = request.model_dump_json()
        return self._parse(
            PushResponse, self._call("POST", "/v1/push", content=body, headers=_JSON)
        )

    def pull(self, cursor: int, count: bool = False, limit: int | None = None) -> Page:
        """A ``PullPage``, read into ``protocol.Page`` (the fast reader)."""
        params: dict[str, Any] = {"cursor": cursor}
        if count:
            params["count"] = "true"
        if limit:
            params["limit"] = limit
        response = self._call("GET", "/v1/pull", params=params)
        try:
            return read_page(response.content)
        except ValueError:
            raise ServerTrouble(
                "The server's answer was not what this version of Linkworker expects."
            ) from None

    @staticmethod
    def _parse(model: type[M], response: httpx.Response) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            raise ServerTrouble(
                "The server's answer was not what this version of Linkworker expects."
            ) from None
