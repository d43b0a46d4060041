"""Production settings pass Django's deployment checks (`manage.py check --deploy`)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Whatever the test run sets for development must not leak into "production".
DROPPED = {"DEBUG", "RAPPORT_TESTING", "RAPPORT_INSECURE", "RAPPORT_SSL_REDIRECT", "DATABASE_URL"}


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
        "RAPPORT_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "crm.example.com",
        **extra,
    }


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = _check(_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_weak_secret_key(tmp_path: Path) -> None:
    result = _check(_production_env(tmp_path, SECRET_KEY="too-short"))
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_settings_are_locked_down(tmp_path: Path) -> None:
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE, "
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'static': s.STORAGES['staticfiles']['BACKEND'], "
        "'jobs_inline': s.HUEY['immediate']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout) == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "ssl_redirect": True,
        "hsts": 31536000,
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "jobs_inline": False,
    }


def test_production_sign_in_protection_is_on(tmp_path: Path) -> None:
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'axes': getattr(s, 'AXES_ENABLED', True), "
        "'limit': s.AXES_FAILURE_LIMIT, 'backend': s.AUTHENTICATION_BACKENDS[0], "
        "'middleware': s.MIDDLEWARE, 'apps': s.INSTALLED_APPS, "
        "'hasher': s.PASSWORD_HASHERS[0], 'frame': s.X_FRAME_OPTIONS, "
        "'script_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    s = json.loads(result.stdout)
    assert s["axes"] is True and s["limit"] == 5
    assert s["backend"] == "axes.backends.AxesStandaloneBackend"  # lockout checked first
    middleware = s["middleware"]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert middleware.index("django_otp.middleware.OTPMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    assert {"django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"} <= set(
        s["apps"]
    )
    assert s["hasher"].endswith("Argon2PasswordHasher")
    assert s["frame"] == "DENY"
    assert s["script_src"] == ["'self'"]
