"""Errors raised by the ML runtime.

```
ModelError
 ├── RegistryError (also ValueError)        registry.json is missing a key or has a bad value
 ├── ModelNotFoundError (also FileNotFoundError)
 │    └── ModelDownloadError                 the file was absent and its download failed
 └── ModelIntegrityError                     a file's SHA-256 is not the one the registry pins
```
"""

from __future__ import annotations


class ModelError(Exception):
    """Base class of every error the ML runtime raises on purpose."""


class RegistryError(ModelError, ValueError):
    """The registry file is unreadable or does not follow the schema (the message names the key)."""


class ModelNotFoundError(ModelError, FileNotFoundError):
    """A model, or one of its files, is not available locally and cannot be fetched."""


class ModelDownloadError(ModelNotFoundError):
    """A file was absent locally and downloading it failed (HTTP error, network error)."""


class ModelIntegrityError(ModelError):
    """A model file's SHA-256 differs from the hash pinned in the registry."""

    def __init__(self, path: str, expected: str, actual: str) -> None:
        super().__init__(f"{path}: SHA-256 mismatch: registry pins {expected}, file has {actual}")
        self.path = path
        self.expected = expected
        self.actual = actual
