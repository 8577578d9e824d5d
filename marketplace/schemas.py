"""Schemas shared by every domain: errors and the responses each route documents."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorOut(BaseModel):
    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses (all share :class:`ErrorOut`)."""
    text = {400: "Bad request", 401: "Not signed in or bad token", 402: "Payment required",
            403: "Not allowed", 404: "Not found", 409: "Conflict", 413: "Too large",
            422: "Invalid input", 429: "Rate limited (see Retry-After)"}
    return {code: {"model": ErrorOut, "description": text.get(code, "Error")} for code in codes}


def link(method: str, path: str, *, body: dict[str, str] | None = None, **parameters: str) -> dict[str, Any]:
    """An OpenAPI link to the operation ``method path`` (by ``operationRef``): ``parameters`` and ``body``
    map the target's inputs to runtime expressions such as ``$response.body#/key``."""
    ref = "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.lower()
    out: dict[str, Any] = {"operationRef": ref}
    if parameters:
        out["parameters"] = parameters
    if body:
        out["requestBody"] = body
    return out


def linked(status: int, description: str, **links: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entry for the success ``status`` with its links (what a client can do next)."""
    return {status: {"description": description, "links": links}}


COMMON = errors(413, 429)
AUTHED = errors(401, 413, 429)
