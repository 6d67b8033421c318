"""Plumbing shared by every part of the course: errors, paths, solver, progress, the table reader,
tolerances, self-check helpers, figure helpers.
"""
