"""stackctl: builds, starts, stops and describes the wagtail-probe test stack.

Standard library only, so both the host's python3 and the Docker image can run
it (`python3 -m stackctl --help` from test/stack/). test/stack/up.sh installs
the prerequisites and the virtualenv, then hands over to `stackctl up`.
"""
