"""The library's version (a leaf module: the lint output and the package read it without importing upward)."""

__version__ = "0.1.0"
