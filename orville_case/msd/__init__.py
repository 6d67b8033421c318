"""Companion: moving students between bordering districts to reduce inequality (MSD model, SLSQP).
Depends on core only.
"""
