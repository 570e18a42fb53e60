"""Facts to points: the rubric, the cost model, the hard constraints, the lifecycle gate."""
