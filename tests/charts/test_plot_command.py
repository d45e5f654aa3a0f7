"""``peacesim plot``: the file format follows the suffix; bad input is one line and status 2."""

from __future__ import annotations

import pytest

from sim.cli import main

MAGIC = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}


@pytest.mark.parametrize("suffix", MAGIC)
def test_plot_writes_the_format_its_suffix_names(tmp_path, suffix):
    out = tmp_path / f"games{suffix}"
    assert main(["plot", "games", "belarus-2022", "--round", "2", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(MAGIC[suffix])


def test_plot_is_byte_identical_between_runs(tmp_path):
    for name in ("a.svg", "b.svg"):
        assert main(["plot", "statuses", "belarus-2022", "--out", str(tmp_path / name)]) == 0
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zone", "belarus-2022", "--actors", "russia,nobody"], "--actors russia,nobody"),
        (["issues", "belarus-2022", "--issues", "nato,nato"], "--issues nato,nato"),
        (["zone", "belarus-2022", "--round", "9"], "round 9 not run (rounds 1-3)"),
        (["zone", "belarus-2022", "--out", "chart.jpg"], "--out chart.jpg"),
        (["zone", "no-such-scenario"], "no-such-scenario"),
    ],
)
def test_bad_plot_requests_are_one_line_and_status_2(tmp_path, capsys, args, message):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "x.png")]
    assert main(["plot", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
