"""Sphinx configuration of the peacesim docs: ``sphinx-build -W docs docs/_build/html``."""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "peacesim"
author = "The peacesim developers"
copyright = "2026, The peacesim developers"
release = metadata.version("peacesim")
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "peacesim_docs",  # docs/_ext: the generated reference; loads napoleon
]
# reStructuredText first: autosummary writes its generated API pages in the first suffix.
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]
templates_path = ["_templates"]

# MyST: $math$, definition lists, ::: fences for directives, anchors on headings.
myst_enable_extensions = ["dollarmath", "deflist", "colon_fence", "attrs_inline"]
myst_heading_anchors = 3

# The teaching notebook (experiments/notebooks/) and its solutions are rendered with
# their outputs: executed at build time (about 10-20 s each; pytest runs them too, with
# nbmake), and an error in either fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
NOTEBOOKS = [
    ROOT / "experiments" / "notebooks" / f"{name}.ipynb"
    for name in ("bargaining-101", "bargaining-101-solutions")
]
for notebook in NOTEBOOKS:
    shutil.copyfile(notebook, DOCS / "tutorials" / notebook.name)  # Sphinx reads only docs/

# The API reference: one page per module, generated from the numpydoc docstrings
# (afresh each build, so that a moved module leaves no stale page behind).
shutil.rmtree(DOCS / "reference" / "api" / "generated", ignore_errors=True)
autosummary_generate = True
autodoc_default_options = {"members": True, "show-inheritance": True, "ignore-module-all": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_class_signature = "separated"
autodoc_inherit_docstrings = False  # Mesa's and pydantic's docstrings are not ours to check
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

html_theme = "pydata_sphinx_theme"
html_title = f"peacesim {release}"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_context = {"default_mode": "light"}
html_show_sourcelink = False


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Skip members that pyabc's transitions get from scikit-learn (its generated
    ``set_*_request`` methods cite scikit-learn's own glossary, not ours to check)."""
    if (getattr(obj, "__module__", None) or "").startswith("sklearn."):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
