"""Token API router (mounted under /api/v1/tokens/): list, create and revoke API tokens.

Creating a token needs a logged-in browser session, so a leaked token cannot mint new ones;
listing and revoking one's own tokens work with a token too.
"""

import datetime as dt
from typing import Any

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from rapport.api.auth import session_auth
from rapport.core.http import AuthedRequest
from rapport.org.models import ApiToken
from rapport.org.tokens import create_token, get_token, list_own_tokens, revoke_token, token_status

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The public start of the token: rpt_<prefix>_…")
    status: str = Field(description="active, expired or revoked.")
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None = Field(description="Updated at most once a minute.")
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_status(obj: ApiToken) -> str:
        return token_status(obj)


class TokenIn(Schema):
    name: str = Field(description="What will use the token, e.g. “Nightly export”.")
    expires_in_days: int | None = Field(None, description="Lifetime in days (1–366).")
    expires_at: dt.datetime | None = Field(
        None, description="Or an exact expiry time (ISO 8601 with time zone)."
    )


class TokenCreated(Schema):
    token: TokenOut
    plaintext: str = Field(description="The token itself. It is shown only this once.")


@router.get("", response=list[TokenOut], summary="List my API tokens")
@paginate(ordering=("-created_at",))
def list_tokens(request: AuthedRequest) -> Any:
    """Return your own tokens, newest first (never their secret part)."""
    return list_own_tokens(actor=request.user)


@router.post("", response={201: TokenCreated}, auth=[session_auth], summary="Create an API token")
def create_api_token(request: AuthedRequest, payload: TokenIn) -> Any:
    """Create a token for yourself; the answer holds its plaintext, shown only once."""
    token, plaintext = create_token(
        actor=request.user,
        name=payload.name,
        expires_in_days=payload.expires_in_days,
        expires_at=payload.expires_at,
    )
    return Status(201, {"token": token, "plaintext": plaintext})


@router.delete("/{token_id}", response=TokenOut, summary="Revoke an API token")
def revoke_api_token(request: AuthedRequest, token_id: int) -> Any:
    """Revoke one of your tokens (administrators: anyone's within their scope) at once."""
    actor = request.user
    return revoke_token(actor=actor, token=get_token(actor=actor, pk=token_id))
