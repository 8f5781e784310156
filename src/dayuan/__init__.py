"""Dayuan (大院): a Chinese-first regional news and public-information portal."""

__version__ = "0.1.0"
