"""One module per command (or family of commands); each function returns an exit code."""
