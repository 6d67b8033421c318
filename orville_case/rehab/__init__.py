"""Companion: school-rehabilitation budget as a 0-1 knapsack (DP, GA, MILP). Depends on core only.
"""
