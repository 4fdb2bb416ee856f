"""The exception hierarchy. Every error a user can cause is a `WardenError` with one clear line
and the exit code (`warden.core.vocabulary.ExitCode`) the CLI returns for it:

    WardenError                 2  shown as one line
    ├── ConfigError             2  bad flags, environment or configuration files
    │   ├── CatalogError        2  the routing catalog is missing, unreadable or invalid
    │   └── LlmMisconfigured    2  llm-connect refused the worker itself (401/403/404/405/407)
    ├── HubError                2  the State Hub answered with an error (status kept)
    │   ├── HubAccessDenied     2  401/403: the worker's token is missing or wrong
    │   └── HubUnavailable      3  5xx/429 after retries, or the run's circuit is open
    │       └── HubUnreachable  3  no answer at all: connection refused, DNS, timeouts
    └── LlmError                -  the model's answer is unusable (the brain escalates)
        └── LlmUnavailable      3  connection error, timeout, 5xx/429 after retries, circuit open

`LlmError` never reaches the CLI: the llm brain turns it into an escalation, and
`LlmUnavailable` into a deferral. A `HubError` raised by a write in execute mode becomes the
message's FAILED (or, when unavailable, DEFERRED) result instead.
"""

from warden.core.vocabulary import Dependency, ExitCode


class WardenError(Exception):
    """Base for errors shown to a person as one line."""

    exit_code: ExitCode = ExitCode.CONFIG


class ConfigError(WardenError):
    """Bad flags, environment or configuration files."""


class CatalogError(ConfigError):
    """The routing catalog is missing, unreadable or invalid."""


class HubError(WardenError):
    """The State Hub answered with an error the worker cannot get past by waiting: a request
    it refused (4xx) or an answer that is not the contract's (a URL pointing elsewhere)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class HubAccessDenied(HubError):
    """401 or 403: the token (`WARDEN_HUB_TOKEN`) is missing, wrong or lacks access."""


class HubUnavailable(HubError):
    """The hub is there but not serving: 5xx or 429 after the bounded retries, or the run's
    circuit breaker opened after consecutive failures (then no request was even sent)."""

    exit_code = ExitCode.DEPENDENCY_UNAVAILABLE
    dependency = Dependency.STATE_HUB


class HubUnreachable(HubUnavailable):
    """The hub did not answer at all (connection refused, DNS, timeout after retries)."""


class LlmError(WardenError):
    """llm-connect answered, but with nothing usable as a plan (the model misbehaved, or the
    request for this one message was refused): the brain escalates the message."""


class LlmUnavailable(LlmError):
    """llm-connect is unavailable: connection error, timeout, 5xx or 429 after the bounded
    retries, or the run's circuit breaker is open. The message is deferred, not escalated."""

    exit_code = ExitCode.DEPENDENCY_UNAVAILABLE
    dependency = Dependency.LLM_CONNECT


class LlmMisconfigured(ConfigError):
    """llm-connect refused the worker itself, whatever the message (401, 403, 404, 405, 407):
    LLM_CONNECT_URL points at the wrong place or needs credentials. Stops the run."""
