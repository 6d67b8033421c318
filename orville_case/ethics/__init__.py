"""Davis's seven-step worksheet (notebook 04), its submission format, self-checks, and the
instructor's grader and class report.
"""
