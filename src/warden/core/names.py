"""Names shared by every part, in a module light enough for the command-line parsers."""

AGENT_NAME_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"  # a DNS-1123 label
DEFAULT_AGENT = "ops-warden"  # the agent whose inbox the worker reads unless told otherwise
