// Cohort generator: see `mark-cohort --help`.
print("mark-cohort: not written yet")
