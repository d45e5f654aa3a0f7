"""The charts of the gallery by name, apart from the gallery so that the command
line can list them without importing matplotlib (``peacesim run`` never draws
them)."""

KINDS = ("zone", "issues", "paths", "games", "statuses")
