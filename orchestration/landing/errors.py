"""Errors of the landing step."""


class LandingError(Exception):
    """A raw file that cannot be landed as its layout says.

    The message always starts with the release's file name and names the row and
    column (or the cell, for spreadsheets) where the problem is.
    """
