"""Sub-command groups of the `reelworld` CLI, one module per group (mounted in api/cli.py)."""
