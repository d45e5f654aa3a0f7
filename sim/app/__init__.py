"""The classroom app: the talks live in the browser, on Mesa's SolaraViz.

- :mod:`~sim.app.controls`   what a teacher can change, as scenario overrides
- :mod:`~sim.app.classroom`  :class:`ClassroomModel`, the model built from those controls
- :mod:`~sim.app.views`      the live views, each a component reading the run's tables
- :mod:`~sim.app.page`       the page ``solara run`` serves (``peacesim app``)

Needs the optional ``app`` dependencies (``pip install -e '.[app]'``).
"""
