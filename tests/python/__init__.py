# A package, so that this suite's modules (test_items.py, ...) do not clash with other suites'
# modules of the same name when pytest collects several suites in one run.
