"""Auth request and response bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s.]{2,}$"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(pattern=EMAIL, max_length=254, examples=["ana@example.com"])
    password: str = Field(min_length=10, max_length=256)


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=20, max_length=200)


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str


class DeviceCodeOut(BaseModel):
    device_code: str
    user_code: str = Field(examples=["BDFG-HJKL"])
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int


class DeviceError(BaseModel):
    """RFC 8628 / RFC 6749 error body for the device token endpoint."""

    error: Literal["authorization_pending", "slow_down", "expired_token", "access_denied", "invalid_grant",
                   "unsupported_grant_type"]
    error_description: str = ""
