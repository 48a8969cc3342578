"""Why a file was refused, as a code and a sentence a person understands.

The parser child (``knowledge.worker``) raises ``Rejected(code, **params)``; the item keeps the
code and the parameters, and pages show ``reason_message(code, params)`` in the reader's
language. Every library error ends as one of these codes, never as a traceback.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Marks a string for translation (``makemessages`` reads the name) without needing
    Django's settings: the parser child runs without them."""
    return message


REASONS = {
    "empty": gettext_noop("The file is empty."),
    "too_large": gettext_noop(
        "The file is %(size_mb)s MB; files larger than %(limit_mb)s MB are not accepted."
    ),
    "encrypted": gettext_noop(
        "The file is protected by a password. Save an unprotected copy and upload it again."
    ),
    "truncated": gettext_noop(
        "The file is incomplete (it ends before its last part); it was probably not "
        "completely downloaded or copied."
    ),
    "corrupt": gettext_noop("The file is damaged and cannot be read as %(format)s (%(detail)s)."),
    "wrong_type": gettext_noop(
        "This is %(found)s, not a document. Accepted: PDF, Word (DOCX), HTML, Markdown and "
        "plain text."
    ),
    "not_docx": gettext_noop(
        "This is a ZIP archive but not a Word document (no word/document.xml inside)."
    ),
    "old_office": gettext_noop(
        "This is an old-format (.doc, .xls) or password-protected Office file. Save it as "
        "DOCX without a password, or as PDF."
    ),
    "zip_bomb": gettext_noop(
        "The document would expand to %(size_mb)s MB when unpacked (limit %(limit_mb)s MB): "
        "it is either abnormal or built to exhaust the server."
    ),
    "zip_ratio": gettext_noop(
        "A part of the document is compressed %(ratio)s times (at most %(limit)s is normal): "
        "it is either abnormal or built to exhaust the server."
    ),
    "too_many_parts": gettext_noop(
        "The document is made of %(count)s parts; at most %(limit)s are accepted."
    ),
    "xml_bomb": gettext_noop(
        "The document declares XML entities (a construct Word never writes, used by "
        "“XML bomb” attacks); it was not read."
    ),
    "xml_external": gettext_noop(
        "The document refers to external files or addresses inside its XML; it was not read."
    ),
    "decompressed_too_large": gettext_noop(
        "A compressed part of the file expands to more than %(limit_mb)s MB; it is either "
        "abnormal or built to exhaust the server."
    ),
    "binary": gettext_noop(
        "The file contains binary data, not readable text (is it really a text file?)."
    ),
    "too_deep": gettext_noop(
        "The HTML is nested more than %(limit)s levels deep; real documents never are."
    ),
    "no_text": gettext_noop(
        "No text could be extracted (a scanned image? Text recognition is not supported)."
    ),
    "too_many_pages": gettext_noop(
        "The document has %(pages)s pages; at most %(limit)s are accepted."
    ),
    "timeout": gettext_noop(
        "Reading the file took longer than %(seconds)s seconds and was stopped."
    ),
    "memory": gettext_noop(
        "Reading the file needed more than %(limit_mb)s MB of memory and was stopped."
    ),
    "killed": gettext_noop(
        "The parser process was stopped (by the system or an operator) while reading the file."
    ),
    "crashed": gettext_noop(
        "The reader stopped unexpectedly on this file (it is probably malformed)."
    ),
    "unreadable": gettext_noop("The file could not be opened (%(detail)s)."),
    "worker_lost": gettext_noop(
        "Processing was interrupted several times (the worker stopped); the file was given up."
    ),
    "storage_failed": gettext_noop(
        "The document could not be saved (%(detail)s); nothing was kept."
    ),
}


class Rejected(Exception):
    """A file that will not be ingested, with a reason code from ``REASONS``."""

    def __init__(self, code: str, **params):
        if code not in REASONS:
            raise ValueError(f"unknown rejection reason {code!r}")
        self.code = code
        self.params = {k: v for k, v in params.items() if v is not None}
        super().__init__(reason_message(code, self.params, translate=False))


def reason_message(code: str, params: dict | None = None, *, translate: bool = True) -> str:
    """The sentence for ``code``, in the active language (English when ``translate`` is off)."""
    template = REASONS.get(code)
    if template is None:
        return code
    if translate:
        from django.utils.translation import gettext

        template = gettext(template)
        if params and isinstance(params.get("found"), str):
            params = {**params, "found": gettext(params["found"])}
    try:
        return template % (params or {})
    except (KeyError, TypeError, ValueError):
        return template.split("(%(")[0].strip()
