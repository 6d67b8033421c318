"""The ORville zoning case: data, plans and metrics, Pyomo models, the exact biobjective frontier,
figures, explorers and the self-checks of notebooks 01-03.
"""
