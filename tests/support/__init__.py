"""Real components for tests (hub server, ...), shared by the test packages."""
