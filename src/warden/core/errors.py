"""The exception hierarchy. Every error a user can cause is a `WardenError` with one clear line."""


class WardenError(Exception):
    """Base for errors shown to a person as one line, with exit code 2."""

    exit_code = 2


class ConfigError(WardenError):
    """Bad flags, environment or configuration files."""


class CatalogError(ConfigError):
    """The routing catalog is missing or invalid."""


class HubError(WardenError):
    """The State Hub could not be reached or answered with an error."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class HubUnreachable(HubError):
    """The hub did not answer at all (connection refused, DNS, timeout after retries)."""


class LlmError(WardenError):
    """llm-connect failed, timed out, or returned something unusable."""
