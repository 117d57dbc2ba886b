"""skillsnet: software for a cross-border network of TVET institutions."""

__version__ = "0.1.0"
