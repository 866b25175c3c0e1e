"""The SMTP transport: the standard library's `smtplib`, one connection for many messages.

Each message is MAIL FROM, RCPT TO, the relay's claim, DATA. The claim comes last before DATA
because DATA is the point of no return: until the server has the data nothing was sent, and
after it nothing can be taken back. What went wrong is judged by when it did:

- no connection, a timeout or a 4xx before the server said 354 to DATA: refused for now;
- a 5xx before that, or after the data: refused for good, with the server's answer;
- a 4xx after the data: refused for now (the server said it did not take it);
- the connection lost, or no answer, after the data went out: uncertain (it may have been
  taken), which the relay never sends again on its own.

A synchronous client is enough here: the relay paces its sending (a rate per minute) and each
claim is a write to the store between RCPT and DATA, so nothing would run concurrently.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping
from contextlib import suppress

from pipeline.delivery.mail import Mail
from pipeline.delivery.smtp_url import SmtpTarget, parse
from pipeline.delivery.transport import DeliveryError, Outcome, Verdict

NOT_SENT = (OSError, smtplib.SMTPException)  # OSError covers refused connections and timeouts
LEADING_DOT = re.compile(rb"(?m)^\.")
IDLE_SECONDS = 5.0  # a connection quiet for longer is checked before a message is sent on it


class SmtpTransport:
    def __init__(self, url: str, environ: Mapping[str, str] | None = None) -> None:
        self.target: SmtpTarget = parse(url, os.environ if environ is None else environ)
        self.connection: smtplib.SMTP | None = None
        self.used = 0.0  # when the connection last answered (time.monotonic)
        self.context: ssl.SSLContext | None = None

    def __repr__(self) -> str:
        return f"SmtpTransport({self.target})"  # the password is never part of it

    def send(self, mail: Mail, commit: Callable[[], bool]) -> Outcome:
        try:
            smtp = self.connected()
        except NOT_SENT as error:
            why = f"cannot reach {self.target}: {_said(error)}"
            return Outcome(Verdict.TEMPORARY, why, reachable=False)
        try:
            refused = self.envelope(smtp, mail)
        except NOT_SENT as error:
            self.drop()
            return Outcome(Verdict.TEMPORARY, _said(error))
        if refused is not None:
            return refused
        try:
            committed = commit()
        except BaseException:
            self.reset(smtp)
            raise
        if not committed:
            self.reset(smtp)
            return Outcome(Verdict.ABANDONED)
        return self.data(smtp, mail)

    def envelope(self, smtp: smtplib.SMTP, mail: Mail) -> Outcome | None:
        """MAIL FROM and RCPT TO; the server's refusal as an outcome, or None when accepted."""
        for code, answer in (smtp.mail(mail.sender), smtp.rcpt(mail.recipient)):
            if code not in (250, 251):
                self.forget(smtp, code)
                return Outcome(_refused(code), _answer(code, answer))
        return None

    def data(self, smtp: smtplib.SMTP, mail: Mail) -> Outcome:
        try:
            code, answer = smtp.docmd("DATA")
        except NOT_SENT as error:  # no 354: the server has not taken a byte of the message
            self.drop()
            return Outcome(Verdict.TEMPORARY, _said(error), committed=True)
        if code != 354:
            self.forget(smtp, code)
            return Outcome(_refused(code), _answer(code, answer), committed=True)
        try:
            smtp.send(LEADING_DOT.sub(b"..", mail.content).rstrip(b"\r\n") + b"\r\n.\r\n")
            code, answer = smtp.getreply()
        except NOT_SENT as error:
            self.drop()
            lost = f"the connection was lost after the data went out: {_said(error)}"
            return Outcome(Verdict.UNCERTAIN, lost, committed=True)
        self.used = time.monotonic()
        if code == 250:
            return Outcome(Verdict.SENT, _answer(code, answer), committed=True)
        return Outcome(_refused(code), _answer(code, answer), committed=True)

    def connected(self) -> smtplib.SMTP:
        """The open connection; one idle for a while is checked with NOOP first (the server
        may have ended it), so that a message is never charged with a stale connection."""
        if self.connection is not None:
            if time.monotonic() - self.used < IDLE_SECONDS:
                return self.connection
            with suppress(*NOT_SENT):
                if self.connection.noop()[0] == 250:
                    self.used = time.monotonic()
                    return self.connection
            self.drop()
        self.connection = self.connect()
        self.used = time.monotonic()
        return self.connection

    def connect(self) -> smtplib.SMTP:
        target = self.target
        context = self.tls()
        smtp: smtplib.SMTP
        if target.implicit_tls:
            smtp = smtplib.SMTP_SSL(target.host, target.port, local_hostname=target.helo,
                                    timeout=target.timeout, context=context)  # fmt: skip
        else:
            smtp = smtplib.SMTP(target.host, target.port, target.helo, target.timeout)
        try:
            self.secure(smtp, context)
            if target.user and target.password:
                self.log_in(smtp, target.user, target.password)
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            answer = _answer(error.smtp_code, error.smtp_error)
            why = f"refused the login as {target.user!r}: {answer}"
            raise DeliveryError(f"{target} {why}") from None
        except smtplib.SMTPNotSupportedError:
            smtp.close()
            raise DeliveryError(f"{target} offers no login (AUTH) for {target.user!r}") from None
        except ssl.SSLCertVerificationError as error:
            smtp.close()
            why = f"its certificate cannot be trusted ({error.verify_message})"
            raise DeliveryError(f"{target}: {why}; give its CA with ?cafile=") from None
        except BaseException:
            smtp.close()
            raise
        return smtp

    def tls(self) -> ssl.SSLContext:
        """The TLS context, made once (loading the system's CAs takes tens of milliseconds,
        and a relay may reconnect often to a server that closes connections)."""
        if self.context is None:
            self.context = ssl.create_default_context(cafile=self.target.cafile)
        return self.context

    def secure(self, smtp: smtplib.SMTP, context: ssl.SSLContext) -> None:
        """STARTTLS as the URL says; never a password over an unencrypted connection."""
        target = self.target
        smtp.ehlo()
        offered = smtp.has_extn("starttls")
        if not target.implicit_tls and target.starttls != "never" and offered:
            smtp.starttls(context=context)
            smtp.ehlo()
        elif not target.implicit_tls and target.starttls == "always":
            raise DeliveryError(f"{target} does not offer STARTTLS (starttls=always)")
        encrypted = target.implicit_tls or (offered and target.starttls != "never")
        if target.user and not encrypted:
            raise DeliveryError(
                f"{target}: will not send the password over a connection without TLS "
                "(use smtps://, or a server that offers STARTTLS)"
            )

    def forget(self, smtp: smtplib.SMTP, code: int) -> None:
        """After a refusal: RSET, or drop the connection the server is closing (421)."""
        if code == 421:
            self.drop()
        else:
            self.reset(smtp)

    def log_in(self, smtp: smtplib.SMTP, user: str, password: str) -> None:
        """AUTH PLAIN when offered (over TLS, as `secure` makes sure), else smtplib's choice;
        a refusal of the first mechanism is final (smtplib would try the next one)."""
        mechanisms = smtp.esmtp_features.get("auth", "").upper().split()
        if "PLAIN" not in mechanisms:
            smtp.login(user, password)
            return
        smtp.user, smtp.password = user, password
        smtp.auth("PLAIN", smtp.auth_plain)

    def reset(self, smtp: smtplib.SMTP) -> None:
        """Forget the mail in progress (RSET); a connection that cannot is dropped."""
        try:
            smtp.rset()
        except NOT_SENT:
            self.drop()

    def drop(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            with suppress(*NOT_SENT):
                self.connection.quit()
            self.drop()


def _refused(code: int) -> Verdict:
    return Verdict.PERMANENT if 500 <= code < 600 else Verdict.TEMPORARY


def _answer(code: int, answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer
    return f"{code} {' '.join(text.split())}"[:500]


def _said(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _answer(error.smtp_code, error.smtp_error)
    return f"{type(error).__name__}: {error}"[:500] if str(error) else type(error).__name__
