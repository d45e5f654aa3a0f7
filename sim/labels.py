"""How keys read as titles in tables and charts."""


def pretty(name: str) -> str:
    """A key as a title: ``security_guarantees`` -> ``Security Guarantees``."""
    return name.replace("_", " ").title()
