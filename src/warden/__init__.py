"""ops-warden: an autonomous, guarded coordination worker and the operator that schedules it."""

__version__ = "0.1.0"
