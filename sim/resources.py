"""The data shipped with peacesim: the seeds, the scenarios and the sweep specs.

They live at the top of the repository (``seeds/``, ``scenarios/``, ``experiments/``).
A wheel carries copies of them inside the package, under ``sim/_data/`` (the build
step in ``setup.py`` copies them there), so an installed peacesim runs from any
folder and on any machine, a Dask worker's included. They are found with
:mod:`importlib.resources` relative to the ``sim`` package, never relative to the
current folder: inside it when installed from a wheel, beside it in a source
checkout or an editable install.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The top-level folders whose data files travel in the wheel (``setup.py`` copies
#: ``seeds/`` whole, and the ``*.toml`` files of the other two).
SHIPPED = ("seeds", "scenarios", "experiments")


def data_folder(name: str) -> Path:
    """The shipped folder `name` (one of :data:`SHIPPED`).

    ``sim/_data/NAME`` of an installed wheel, else ``NAME/`` beside the ``sim``
    package (a checkout). pip installs wheels unpacked, so the package is a
    folder on disk and the result a real path.
    """
    if name not in SHIPPED:
        raise ValueError(f"no shipped folder {name!r}; expected one of {SHIPPED}")
    package = Path(str(resources.files("sim")))
    packaged = package / "_data" / name
    return packaged if packaged.is_dir() else package.parent / name


def find_shipped(name: str | Path, folder: str, relative_to: Path = Path()) -> Path:
    """A TOML file given by path or by bare name: `name` relative to `relative_to`,
    then as given, then ``NAME.toml`` of the shipped `folder`; `name` itself if none
    exists (the caller reports it)."""
    for candidate in (relative_to / name, Path(name), data_folder(folder) / f"{name}.toml"):
        if candidate.is_file():
            return candidate
    return Path(name)
