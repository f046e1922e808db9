"""One settings module per deployment profile; see test/stack/README.md.

Every profile module imports `production` (the right plain-http deployment) or
`base`, and changes ONE thing, so a finding of the probe maps to one cause.
The module docstring's first line is the profile's description in
profiles.json, and the STACK_* names are read by test/stack/stackctl.py.
"""
