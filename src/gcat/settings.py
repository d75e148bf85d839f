"""Settings, declared once (name, default, help) and read in a fixed order.

For each setting: an explicit value (a command-line option), then the ``GCAT_<NAME>``
environment variable, then the config file, then the default. The config file is TOML, at the
path in ``GCAT_CONFIG`` or ``gcat.toml`` in the user's config folder; its keys are the setting
names in lower case (``database_url = "..."``).

Nothing is created at import time: :func:`load_settings` builds a :class:`Settings` value.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from gcat.errors import InputError, Problem

__all__ = [
    "MIN_SUPPRESSION_K",
    "MODES",
    "SETTINGS",
    "Setting",
    "Settings",
    "config_path",
    "load_settings",
]


def _default_database_url() -> str:
    from gcat.storage.db import default_database_url

    return default_database_url()


def _default_drafts_dir() -> str:
    from gcat.frameworks.loader import default_drafts_dir

    return str(default_drafts_dir())


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def _language(value: str) -> str:
    from gcat.i18n import resolve_language

    return resolve_language(value)


def _default_classifier_model() -> Path:
    from gcat.classify.store import default_folder

    return default_folder()


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _mode(value: str) -> str:
    value = value.strip().lower()
    if value not in MODES:
        raise ValueError(value)
    return value


def _suppression_k(value: str) -> int:
    number = int(value)
    if number < MIN_SUPPRESSION_K:
        raise ValueError(value)
    return number


def _paths(value: str) -> tuple[Path, ...]:
    return tuple(Path(part.strip()) for part in value.split(",") if part.strip())


def _host_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


MODES = ("local", "server")
MIN_SUPPRESSION_K = 3
"""Small-group suppression can never show a group of fewer Members than this."""


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name, how to read it from text, its default and what it is for."""

    name: str
    help: str
    default: Callable[[], Any]
    parse: Callable[[str], Any] = str
    default_text: str = ""
    """How the docs show the default when it is computed (for example a folder)."""

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return f"GCAT_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "SQLAlchemy URL of the database: SQLite (the default) or PostgreSQL "
        "(postgresql+psycopg://user@host/db).",
        _default_database_url,
        default_text="an SQLite file gcat.sqlite3 in your user data folder",
    ),
    Setting(
        "lang",
        "Default language of the interface and outputs: en, fr or es.",
        lambda: "en",
        _language,
    ),
    Setting(
        "user",
        "Name recorded in the history of changes by the command line (default: your computer "
        "account name). The app never uses it: it asks each officer's name.",
        _default_user,
        default_text="your computer account name",
    ),
    Setting(
        "trusted_hosts",
        "Extra host names (comma-separated) the app answers to besides 127.0.0.1 and localhost "
        "on its port: for a reverse proxy in server mode.",
        tuple,
        _host_list,
        default_text="none",
    ),
    Setting(
        "modules",
        "Domain module files (comma-separated paths) that extend the default framework in the "
        "app, as `--module` does for a command.",
        tuple,
        _paths,
        default_text="none",
    ),
    Setting(
        "evidence_quota_mb",
        "Most megabytes of evidence files one assessment may hold.",
        lambda: 200,
        _positive_int,
    ),
    Setting(
        "drafts_dir",
        "Folder where `gcat framework import` writes draft framework versions, beside the "
        "packaged ones (which are never overwritten).",
        _default_drafts_dir,
        default_text="frameworks in your user data folder",
    ),
    Setting(
        "report_timeout",
        "Most seconds a report or document may take to render before it is stopped.",
        lambda: 60,
        _positive_int,
    ),
    Setting(
        "mode",
        "`local`: one user on this computer, SQLite, 127.0.0.1 only, no login. `server`: "
        "accounts, roles and member isolation on PostgreSQL, for the Secretariat.",
        lambda: "local",
        _mode,
    ),
    Setting(
        "host",
        "Address the server listens on. Local mode only takes a loopback address; server mode "
        "usually listens on 127.0.0.1 behind a reverse proxy, or on 0.0.0.0.",
        lambda: "127.0.0.1",
    ),
    Setting(
        "workers",
        "Worker processes of the server (server mode; local mode always runs one).",
        lambda: 1,
        _positive_int,
    ),
    Setting(
        "secret_key",
        "Secret that signs the session cookies in server mode: at least 32 random characters "
        "(for example from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`). "
        "Server mode refuses to start without one. Keep it out of version control.",
        lambda: "",
        default_text="none (server mode refuses to start)",
    ),
    Setting(
        "session_idle_minutes",
        "Minutes without a request after which a server-mode session ends.",
        lambda: 30,
        _positive_int,
    ),
    Setting(
        "session_max_hours",
        "Hours after which a server-mode session ends however active it is.",
        lambda: 12,
        _positive_int,
    ),
    Setting(
        "login_max_failures",
        "Failed logins for one user name (or 6 times as many from one address) within the "
        "lock-out time after which further logins are refused until it has passed.",
        lambda: 5,
        _positive_int,
    ),
    Setting(
        "login_lockout_minutes",
        "Minutes a user name (or address) stays locked after too many failed logins.",
        lambda: 15,
        _positive_int,
    ),
    Setting(
        "suppression_k",
        "Smallest group of Members the Secretariat's aggregates and benchmark packs show; "
        "smaller groups (and cells that would let them be worked out) are suppressed. Never "
        "below 3.",
        lambda: 5,
        _suppression_k,
    ),
    Setting(
        "forwarded_allow_ips",
        "Addresses of reverse proxies (comma-separated) whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed: the client address in the audit log, and "
        "Secure cookies behind HTTPS.",
        lambda: "127.0.0.1",
    ),
    Setting(
        "classifier_model",
        "Folder of the initiative classifier's model (built there on first use, rebuilt by "
        "gcat classify retrain).",
        _default_classifier_model,
        Path,
        default_text="a folder classifier in your user data folder",
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    """What gcat needs to run (see :data:`SETTINGS` for what each value means)."""

    database_url: str
    lang: str = "en"
    user: str = "local"
    trusted_hosts: tuple[str, ...] = ()
    modules: tuple[Path, ...] = ()
    evidence_quota_mb: int = 200
    drafts_dir: str = ""
    report_timeout: int = 60
    mode: str = "local"
    host: str = "127.0.0.1"
    workers: int = 1
    secret_key: str = ""
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    suppression_k: int = 5
    forwarded_allow_ips: str = "127.0.0.1"
    classifier_model: Path | None = None

    @property
    def server_mode(self) -> bool:
        """Whether this is the multi-user server."""
        return self.mode == "server"

    @property
    def language(self) -> str:
        """The default interface language."""
        return self.lang


def config_path() -> Path:
    """The config file: ``GCAT_CONFIG``, else ``gcat.toml`` in the user's config folder."""
    explicit = os.environ.get("GCAT_CONFIG")
    if explicit:
        return Path(explicit)
    return Path(user_config_dir("gcat", appauthor=False)) / "gcat.toml"


def _read_config(path: Path) -> Mapping[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            [Problem("settings.bad_config", {"reason": str(exc)[:200]}, source=str(path))]
        ) from exc
    known = {setting.name for setting in SETTINGS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(
            [Problem("settings.unknown", {"names": ", ".join(unknown)}, source=str(path))]
        )
    return data


def load_settings(**explicit: Any) -> Settings:
    """Settings from ``explicit`` values, then ``GCAT_*`` variables, the config file, defaults.

    An explicit value of None counts as not given.
    """
    config: Mapping[str, Any] | None = None
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if explicit.get(setting.name) is not None:
            values[setting.name] = explicit[setting.name]
            continue
        raw: Any = os.environ.get(setting.env)
        source = setting.env
        if not raw:
            if config is None:
                config = _read_config(config_path())
            raw = config.get(setting.name)
            source = str(config_path())
        if raw is None or raw == "":
            values[setting.name] = setting.default()
            continue
        try:
            values[setting.name] = setting.parse(str(raw))
        except ValueError as exc:
            raise InputError(
                [
                    Problem(
                        "settings.bad_value",
                        {"value": str(raw)[:80]},
                        field=setting.name,
                        source=source,
                    )
                ]
            ) from exc
    unknown = set(explicit) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    return Settings(**values)
