"""The exception hierarchy, one module for every part. Every error a person can cause is a
`WardenError` with one clear line; its type chooses the exit code the CLI returns
(`warden.core.vocabulary.ExitCode`) and, in the operator, the Ready condition's reason
(columns: class, exit code, Ready reason, what it means):

    WardenError                     2   -            one line, shown to a person
    ├── ConfigError                 2   -            bad flags, environment or configuration
    │   ├── CatalogError            2   -            the routing catalog is missing or invalid
    │   ├── LlmMisconfigured        2   -            llm-connect refused the worker itself
    │   └── SpecError               2   InvalidSpec  a WardenWorker the operator cannot run
    │       ├── MissingConfig       2   MissingConfig    needed, set nowhere
    │       ├── InvalidConfig       2   InvalidConfig    the operator's ConfigMap value is unusable
    │       └── ImageNotAllowed     2   ImageNotAllowed  no allowedImages pattern matches
    ├── Refused                     -   (below)      the operator will not put a worker in place
    │   ├── InvalidCatalog          -   InvalidCatalog     a broken catalog and no good copy
    │   ├── OwnershipConflict       -   OwnershipConflict  the object belongs to someone else
    │   └── ApplyFailed             -   ApplyFailed        the apiserver refused the object
    ├── KubeApiError                -   -            a Kubernetes API call failed (kopf retries)
    ├── RefusedAction               1   -            the executor's last check refused an action
    ├── HubError                    2   -            the State Hub answered with an error
    │   ├── HubAccessDenied         2   -            401/403: the worker's token is wrong
    │   └── HubUnavailable          3   -            5xx/429 after retries, or circuit open
    │       └── HubUnreachable      3   -            no answer: refused, DNS, timeouts
    └── LlmError                    -   -            the model's answer is unusable
        └── LlmUnavailable          3   -            llm-connect down after retries

`LlmError` never reaches the CLI: the llm brain turns it into an escalation, and
`LlmUnavailable` into a deferral. A `HubError` raised by a write in execute mode becomes the
message's FAILED (or, when unavailable, DEFERRED) result instead, like a `RefusedAction`. The
operator's errors never reach a CLI either: a `SpecError` or a `Refused` becomes Ready=False
with its `reason` and the one line as the message (never a field's value); a `KubeApiError`
makes kopf retry.
"""

from warden.core.vocabulary import Dependency, ExitCode


class WardenError(Exception):
    """Base for errors shown to a person as one line."""

    exit_code: ExitCode = ExitCode.CONFIG


class ConfigError(WardenError):
    """Bad flags, environment or configuration files."""


class CatalogError(ConfigError):
    """The routing catalog is missing, unreadable or invalid."""


class SpecError(ConfigError):
    """A WardenWorker spec the operator cannot run. The message never holds field values."""

    reason = "InvalidSpec"


class MissingConfig(SpecError):
    """Something the worker needs is set neither in the spec nor in the operator's config."""

    reason = "MissingConfig"


class InvalidConfig(SpecError):
    """The operator's ConfigMap holds a value the worker would need, and it is not usable."""

    reason = "InvalidConfig"


class ImageNotAllowed(SpecError):
    """The worker's image matches none of the operator's allowedImages."""

    reason = "ImageNotAllowed"


class Refused(WardenError):
    """The worker's objects cannot be put in place, for a reason retrying will not fix:
    Ready=False with `reason` and the message, until something changes."""

    reason = "Refused"


class InvalidCatalog(Refused):
    """The operator's ConfigMap catalog is broken and the worker has no good copy of it."""

    reason = "InvalidCatalog"


class OwnershipConflict(Refused):
    """An object the operator would own exists and belongs to someone else."""

    reason = "OwnershipConflict"


class ApplyFailed(Refused):
    """The apiserver refused the object itself (invalid, forbidden): the same request cannot
    succeed until the spec or the config changes."""

    reason = "ApplyFailed"


class KubeApiError(WardenError):
    """A Kubernetes API call failed. kopf retries the handler that raised it (409s included).
    `reason` is the apiserver's; `message` its own explanation (the field errors of a 422)."""

    def __init__(self, status: int, reason: str, message: str = "") -> None:
        super().__init__(f"Kubernetes API error {status}: {reason}")
        self.status = status
        self.reason = reason
        self.message = message

    @property
    def refused(self) -> bool:
        """The apiserver refused the request itself (invalid, forbidden): trying the same
        request again cannot succeed. Conflicts, throttling and server errors can."""
        return 400 <= self.status < 500 and self.status not in (401, 404, 409, 429)


class RefusedAction(WardenError):
    """The executor's own last check refused an action (never expected past the guardrails):
    the message's result is FAILED, and the run exits with ACTION_FAILED."""

    exit_code = ExitCode.ACTION_FAILED


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
