"""The `factbot` command line: one module per group of commands."""
