"""Which mail server to talk to, from an `smtp://` or `smtps://` URL, and the login from the
environment.

`smtp://host[:port]` (port 25) upgrades with STARTTLS whenever the server offers it;
`smtps://host[:port]` (port 465) is TLS from the first byte. The query may say
`starttls=always` (refuse a server that does not offer it) or `starttls=never`, `timeout=`
seconds (30), `cafile=` a CA bundle to trust, and `helo=` the name to greet with. The login
is `PIPELINE_SMTP_USER` (or the URL's user) and `PIPELINE_SMTP_PASSWORD`: a password never
goes in the URL, so it shows in no process list, shell history or message, and no output of
the relay prints it.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, cast, get_args
from urllib.parse import parse_qsl, unquote, urlsplit

from pipeline.delivery.transport import DeliveryError

USER_VARIABLE = "PIPELINE_SMTP_USER"
PASSWORD_VARIABLE = "PIPELINE_SMTP_PASSWORD"
PORTS = {"smtp": 25, "smtps": 465}
QUERY = ("starttls", "timeout", "cafile", "helo")
StartTls = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class SmtpTarget:
    scheme: str
    host: str
    port: int
    starttls: StartTls = "auto"
    timeout: float = 30.0
    cafile: str | None = None
    helo: str = field(default_factory=socket.gethostname)
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def implicit_tls(self) -> bool:
        return self.scheme == "smtps"

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"


def parse(url: str, environ: Mapping[str, str]) -> SmtpTarget:
    """The target of `url`, with the login from `environ`; `DeliveryError` naming the part."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in PORTS or not parts.hostname:
        raise DeliveryError(f"--smtp: {redacted(url)!r} is not an smtp:// or smtps:// URL")
    if parts.password is not None:
        raise DeliveryError(f"--smtp: put the password in {PASSWORD_VARIABLE}, not in the URL")
    query = dict(parse_qsl(parts.query))
    unknown = sorted(set(query) - set(QUERY))
    if unknown:
        raise DeliveryError(f"--smtp: unknown option {unknown[0]!r} (known: {', '.join(QUERY)})")
    user = environ.get(USER_VARIABLE) or (unquote(parts.username) if parts.username else None)
    password = environ.get(PASSWORD_VARIABLE) or None
    if user and not password:
        raise DeliveryError(f"--smtp: a login as {user!r} needs {PASSWORD_VARIABLE}")
    return SmtpTarget(
        scheme=scheme,
        host=parts.hostname,
        port=_port(parts.port, scheme),
        starttls=_starttls(query.get("starttls", "auto")),
        timeout=_timeout(query.get("timeout", "30")),
        cafile=query.get("cafile"),
        helo=query.get("helo") or socket.gethostname(),
        user=user,
        password=password,
    )


def redacted(url: str) -> str:
    """The URL as it may be shown: without a password, if one was typed into it."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()


def _port(port: int | None, scheme: str) -> int:
    return port if port is not None else PORTS[scheme]


def _starttls(value: str) -> StartTls:
    for mode in get_args(StartTls):
        if value == mode:
            return cast(StartTls, mode)
    raise DeliveryError(f"--smtp: starttls={value!r} is not auto, always or never")


def _timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise DeliveryError(f"--smtp: timeout={value!r} is not a number of seconds up to 600")
    return seconds
