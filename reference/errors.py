"""The one error reference data loading raises: it names the file and the record."""


class ReferenceDataError(Exception):
    """A reference data file is missing, malformed or refers to something unknown."""
