"""papercheck: checks the paperwork schools hand in to a district Education Bureau."""

__version__ = "0.1.0"
