"""A small async Kubernetes API client for what the operator writes itself (the owned objects,
the status, reads of a WardenWorker). kopf handles watching; it has no public client for
arbitrary calls, so this one reuses kopf's login result (kubeconfig or service account)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import ssl
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp

from warden.core.errors import KubeApiError as KubeApiError

logger = logging.getLogger(__name__)

Credentials = Any  # kopf.ConnectionInfo (kopf is imported lazily by the handlers)


def _dumps(body: Any) -> str:
    """Standard JSON only: an apiserver refuses NaN and Infinity, so they never leave here."""
    return json.dumps(body, allow_nan=False, separators=(",", ":"))


def object_path(
    api_version: str, plural: str, namespace: str, name: str | None = None, sub: str = ""
) -> str:
    base = f"/api/{api_version}" if "/" not in api_version else f"/apis/{api_version}"
    path = f"{base}/namespaces/{namespace}/{plural}"
    if name:
        path += f"/{name}"
    if sub:
        path += f"/{sub}"
    return path


class KubeApi:
    """GET, POST and merge-PATCH against the API server kopf logged in to."""

    def __init__(
        self,
        login: Callable[[], Awaitable[Credentials]],
        *,
        timeout: float = 30.0,
    ) -> None:
        self._login = login
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._server = ""

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get(self, path: str) -> dict[str, Any] | None:
        """The object, or None when it does not exist."""
        try:
            return await self._request("GET", path)
        except KubeApiError as exc:
            if exc.status == 404:
                return None
            raise

    async def create(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return await self._request("POST", path, body)

    async def merge_patch(self, path: str, patch: Mapping[str, Any]) -> dict[str, Any]:
        return await self._request(
            "PATCH", path, patch, content_type="application/merge-patch+json"
        )

    async def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        content_type: str = "application/json",
        retry_login: bool = True,
    ) -> dict[str, Any]:
        session = await self._ensure_session()
        headers = {"Content-Type": content_type} if body is not None else {}
        async with session.request(
            method, self._server + path, json=body, headers=headers
        ) as response:
            if response.status == 401 and retry_login:
                await self.close()  # a rotated token: log in again once
                return await self._request(
                    method, path, body, content_type=content_type, retry_login=False
                )
            data: Any = (
                await response.json(content_type=None) if response.content_length != 0 else {}
            )
            if response.status >= 400:
                reason = (
                    str(data.get("reason") or response.reason) if isinstance(data, dict) else ""
                )
                message = str(data.get("message") or "") if isinstance(data, dict) else ""
                raise KubeApiError(response.status, reason or "error", message)
            return data if isinstance(data, dict) else {}

    async def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is not None:
            return self._session
        info = await self._login()
        if info is None:
            raise KubeApiError(401, "no credentials: neither a kubeconfig nor a service account")
        self._server = str(info.server).rstrip("/")
        headers: dict[str, str] = {}
        auth: aiohttp.BasicAuth | None = None
        if info.token:
            headers["Authorization"] = f"{info.scheme or 'Bearer'} {info.token}"
        elif info.username and info.password:
            auth = aiohttp.BasicAuth(info.username, info.password)
        connector = aiohttp.TCPConnector(
            ssl=_ssl_context(info) if self._server.startswith("https") else False
        )
        self._session = aiohttp.ClientSession(
            headers=headers,
            auth=auth,
            connector=connector,
            timeout=self._timeout,
            json_serialize=_dumps,
        )
        return self._session


def _ssl_context(info: Credentials) -> ssl.SSLContext | bool:
    if info.insecure:
        return False
    context = ssl.create_default_context(
        cafile=os.fspath(info.ca_path) if info.ca_path else None,
        cadata=_text(info.ca_data) if info.ca_data else None,
    )
    cert_path, key_path = info.certificate_path, info.private_key_path
    if info.certificate_data or info.private_key_data:
        # ssl only loads client certificates from files: write them to a private temp dir.
        with tempfile.TemporaryDirectory(prefix="warden-") as tmp:
            cert_path = _write(tmp, "cert.pem", info.certificate_data) or cert_path
            key_path = _write(tmp, "key.pem", info.private_key_data) or key_path
            if cert_path:
                context.load_cert_chain(cert_path, key_path)
    elif cert_path:
        context.load_cert_chain(os.fspath(cert_path), os.fspath(key_path) if key_path else None)
    return context


def _write(directory: str, name: str, data: str | bytes | None) -> str | None:
    if not data:
        return None
    path = os.path.join(directory, name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with contextlib.closing(os.fdopen(fd, "wb")) as handle:
        handle.write(data.encode() if isinstance(data, str) else data)
    return path


def _text(data: str | bytes) -> str:
    return data.decode() if isinstance(data, bytes) else data
