"""The build step that puts the shipped data inside the wheel (see ``sim/resources.py``).

Everything else about the package is in ``pyproject.toml``. The data stays at the top
of the repository; building a wheel copies it to ``sim/_data/`` in the wheel. An
editable install reads it in place, so this step skips it.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: Top-level folder -> the patterns of its files that travel in the wheel, as
#: ``sim/_data/FOLDER/`` (the folders are ``sim.resources.SHIPPED``): the seeds, the
#: scenarios, the sweep specs and the validation record the back-test scores.
DATA = {
    "seeds": ("**/*",),
    "scenarios": ("*.toml",),
    "experiments": ("*.toml", "validation/*.csv"),
}


class BuildWithData(build_py):
    """``build_py`` that also copies the shipped data into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        root = Path(__file__).resolve().parent
        for folder, patterns in DATA.items():
            for source in sorted(p for pattern in patterns for p in (root / folder).glob(pattern)):
                if source.is_file():
                    target = Path(self.build_lib, "sim", "_data", folder)
                    target = target / source.relative_to(root / folder)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithData})
