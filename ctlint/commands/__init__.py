"""The larger CLI commands, each in its own module (imported only when used)."""
