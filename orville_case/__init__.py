"""ORville optimization course: data, models, methods and figures behind the notebooks.

The notebooks tell the story; this package does the work, so instructors can grade with the same
functions students use. Start with :mod:`orville_case.zoning.data` and
:mod:`orville_case.zoning.tradeoffs`.
"""

__version__ = "0.1.0"
