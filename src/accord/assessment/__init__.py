"""Assessment: from an ensemble of warming paths to the verdict.

Metrics (:mod:`~accord.assessment.metrics`), AR6 categories
(:mod:`~accord.assessment.categories`), carbon budgets
(:mod:`~accord.assessment.budgets`), Shapley attribution
(:mod:`~accord.assessment.attribution`) and the verdict
(:mod:`~accord.assessment.verdict`). Pure functions over arrays.
"""

from __future__ import annotations

from accord.assessment.attribution import shapley
from accord.assessment.categories import CATEGORY_NAMES, ar6_category
from accord.assessment.verdict import Avoided, Verdict, assess, avoided

__all__ = ["CATEGORY_NAMES", "Avoided", "Verdict", "ar6_category", "assess", "avoided",
           "shapley"]
