"""The Green Customs Action Plan tracker: plan files, the shipped demonstration plan, the
committee report and its chart. The model and the rules are in :mod:`gcat.core.actionplan`."""
