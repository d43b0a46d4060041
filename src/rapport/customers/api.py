"""Companies API router (mounted under /api/v1/customers/)."""

from ninja import Router

router = Router(tags=["companies"])
