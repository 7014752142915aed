"""One exception hierarchy. Every user-facing error carries a stable code and says what to do.

The CLI prints ``error E101: <message>`` without a traceback; scripts can match on the code.
Codes are grouped: E1xx input, E2xx codebook/data files, E3xx models and settings, E4xx store, E5xx usage.
"""

from __future__ import annotations


class DyadsError(Exception):
    """Base class; ``code`` is stable across releases, ``message`` is for people."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InputError(DyadsError):
    """A file or stream that cannot be read as news text."""

    code = "E101"


class EmptyInputError(InputError):
    code = "E102"


class BinaryInputError(InputError):
    code = "E103"


class NotEnglishError(InputError):
    code = "E104"


class MalformedRecordError(InputError):
    """One bad record (a JSONL line, a CSV row); the others are still read."""

    code = "E105"


class BadDateError(InputError):
    code = "E106"


class InputTooLargeError(InputError):
    code = "E107"


class StoreError(DyadsError):
    """The store cannot be opened, read or written."""

    code = "E401"


class StoreVersionError(StoreError):
    """The store's schema is newer than this dyads knows."""

    code = "E402"


class StoreDriverError(StoreError):
    """The PostgreSQL driver is not installed."""

    code = "E403"


class UnknownFormatError(DyadsError):
    code = "E501"


class UsageError(DyadsError):
    code = "E502"


class UnknownValueError(UsageError, ValueError):
    """A name outside a fixed vocabulary (a modality, say): a usage error for the CLI and the web API, and
    still the ``ValueError`` Python callers of the core functions expect."""


class NotFoundError(UsageError):
    """What was asked for (an event, an article) is not in the store."""

    code = "E503"


class AccessDeniedError(UsageError):
    """A writing route of the web API without its token, or on a server that allows no writing."""

    code = "E504"


class CodebookError(DyadsError):
    """A data file of the codebook is wrong; the message names the file and line."""

    code = "E201"

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class ModelNotFoundError(DyadsError):
    code = "E301"


class SettingsError(DyadsError):
    code = "E302"


class GoldFormatError(DyadsError):
    code = "E303"
