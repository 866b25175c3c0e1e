"""The `pipeline` command: parse, call the application, print."""
