"""Auth request and response bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s.]{2,}$"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(pattern=EMAIL, max_length=254, examples=["ana@example.com"])
    password: str = Field(min_length=10, max_length=256)


class NewAccount(Credentials):
    """Registration: the password needs 10+ characters besides leading and trailing whitespace, and no
    control characters (10 spaces or 10 NULs are not a password)."""

    @field_validator("password")
    @classmethod
    def strong_enough(cls, value: str) -> str:
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError("the password must not contain control characters")
        if len(value.strip()) < 10:
            raise ValueError("the password needs at least 10 characters that are not spaces")
        return value


class VerifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=20, max_length=200, description="The token from the verification email")


class Accepted(BaseModel):
    detail: str


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
