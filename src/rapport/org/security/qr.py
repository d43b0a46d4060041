"""The authenticator app's set-up: its otpauth:// address as an inline SVG QR code (segno,
no image library), and the secret key in groups of four for typing by hand."""

from __future__ import annotations

import base64

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def svg(data: str) -> SafeString:
    """Return an inline SVG QR code of `data`; segno writes only paths, no text of ours."""
    code = segno.make(data, error="m", micro=False)
    markup = code.svg_inline(scale=5, border=2, dark="#1d273b", light="#ffffff", svgclass="qr-code")
    return mark_safe(markup)  # noqa: S308 - generated markup, `data` is encoded as modules


def readable_secret(device: TOTPDevice) -> str:
    """Return the device's key in base32, grouped by four ("ABCD EFGH …")."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
