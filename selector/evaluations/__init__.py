"""Evaluation results as assessment evidence: readers for the tools' result files and the join
of an assessment's ``evaluations:`` block to them (see :mod:`selector.evaluations.load`)."""
