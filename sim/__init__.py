"""peacesim: the Russia-Ukraine peace talks as a negotiation simulation."""
