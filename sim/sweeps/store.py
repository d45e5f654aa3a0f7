"""A crash-safe Parquet store of sweep results: written as runs finish, resumable.

Layout of a results folder::

    DIR/sweep.json          what was swept (spec, scenario, seeds fingerprint)
    DIR/runs/*.parquet      the runs: one file per finished batch, merged in blocks,
                            and into one block in run_id order when the sweep is done

Every file is written under a temporary name and renamed into place
(``os.replace`` is atomic), so a killed sweep leaves only whole files plus,
at worst, a ``*.tmp`` it never finished; the runs in it are simply redone.
Rows are keyed by ``run_id``; merging writes the block before deleting its
parts, so a crash in between leaves duplicate copies of identical rows,
which loading drops. A file that cannot be read is never used: a sweep
moves it to ``DIR/corrupt/`` and redoes its runs; a report refuses it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

#: Parts merged into one block once this many have accumulated.
MERGE_EVERY = 256
#: Reads of a store that a running sweep keeps merging, before giving up.
LOAD_ATTEMPTS = 5


class StoreError(Exception):
    """A results folder that cannot be used as asked (printed as one line, exit 2)."""


def _json(text: bytes, source: Path) -> Any:
    """JSON the store wrote, or a :class:`StoreError` if it no longer parses."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # edited, truncated, or nested too deep
        raise StoreError(f"{source}: unreadable JSON (edited or damaged?)") from None


class RunStore:
    """The results folder of one sweep."""

    def __init__(self, root: Path, metadata: dict[str, str] | None = None) -> None:
        """`metadata`: key-value metadata of every Parquet file written (provenance)."""
        self.root = Path(root)
        self.metadata = metadata or {}
        self.runs = self.root / "runs"
        self.manifest_path = self.root / "sweep.json"
        self._parts: int | None = None  # part files on disk, counted once then tracked

    # --- the manifest ---------------------------------------------------------

    def open(self, manifest: dict) -> None:
        """Start or resume: a folder already holding a different sweep is refused."""
        text = json.dumps(manifest, indent=2, default=str) + "\n"
        if self.manifest_path.exists():
            if self.manifest_path.read_text(encoding="utf-8") != text:
                raise StoreError(
                    f"{self.root}: holds the results of a different sweep (its spec, scenario "
                    "or seeds changed); choose another --out or delete the folder"
                )
        else:
            self.runs.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.manifest_path, text.encode())

    def manifest(self) -> dict:
        """The manifest :meth:`open` wrote: a dict with the ``spec`` and the ``runs`` and
        ``points`` counts, else a :class:`StoreError` (the file was edited or damaged)."""
        if not self.manifest_path.is_file():
            raise StoreError(f"{self.root}: no sweep.json here; is this a `peacesim sweep` --out?")
        manifest = _json(self.manifest_path.read_bytes(), self.manifest_path)
        if not (
            isinstance(manifest, dict)
            and isinstance(manifest.get("spec"), dict)
            and all(type(manifest.get(k)) is int for k in ("runs", "points"))
        ):
            raise StoreError(f"{self.manifest_path}: not a manifest written by `peacesim sweep`")
        return manifest

    def provenance(self) -> dict | None:
        """The provenance the results files carry (see :func:`sim.sweeps.runner.run_sweep`);
        None if there are none, or they predate it."""
        for path in sorted(self.runs.glob("*.parquet")):
            metadata = pq.read_schema(path).metadata or {}
            if b"peacesim" in metadata:
                return _json(metadata[b"peacesim"], path)
        return None

    # --- runs -----------------------------------------------------------------

    def append(self, rows: list[dict]) -> None:
        """Write finished runs as one new part file."""
        table = pa.Table.from_pylist(rows)
        first = min(r["run_id"] for r in rows)
        name = f"part-{first:09d}-{len(rows)}-{os.getpid()}.parquet"
        self._write(table, self.runs / name)
        if self._parts is None:
            self._parts = sum(1 for _ in self.runs.glob("part-*.parquet"))
        else:
            self._parts += 1
        if self._parts >= MERGE_EVERY:
            self.merge()

    def merge(self) -> None:
        """Merge all part files into one block (parts are deleted only after)."""
        parts = sorted(self.runs.glob("part-*.parquet"))
        if len(parts) >= 2:
            self._merge(parts)
        self._parts = 0

    def compact(self) -> None:
        """Merge every file, blocks and parts, into one block of the runs in `run_id` order.

        Called when a sweep has all its runs: how they were split into files
        (by workers, batches, interruptions) leaves no trace, so the same sweep
        writes the same bytes on any number of workers.
        """
        paths = sorted(self.runs.glob("*.parquet"))
        if paths and [p.name[:6] for p in paths] != ["block-"]:
            self._merge(paths)
        self._parts = 0

    def _merge(self, paths: list[Path]) -> None:
        """Write the runs of `paths` as one block, each run once and in `run_id` order,
        then delete `paths` (a crash in between leaves copies, which loading drops)."""
        table = pa.concat_tables([pq.read_table(p) for p in paths]).sort_by("run_id")
        ids = table.column("run_id").to_numpy()
        table = table.filter(np.r_[True, ids[1:] != ids[:-1]]).combine_chunks()
        block = self.runs / f"block-{ids[0]:09d}-{ids[-1]:09d}-{len(table)}.parquet"
        self._write(table, block)
        for p in paths:
            if p != block:
                p.unlink()

    def load(self, quarantine: bool = False) -> pd.DataFrame:
        """All stored runs, one row per ``run_id``, sorted by it.

        Unreadable files raise :class:`StoreError`. With `quarantine` (the sweep
        itself, resuming) they are moved to ``DIR/corrupt/`` (and reported on
        stderr) so that their runs are redone, and temporary files left by an
        interrupted sweep are reported and removed. Without it (a report, perhaps
        of a sweep still running) temporary files are another process's writes
        in progress: they are left alone, and a part that a merge deletes while
        this reads is looked for again in the merged block.
        """
        if quarantine:
            for leftover in sorted(self.runs.glob("*.tmp")):
                _warn(f"{leftover}: an unfinished write from an interrupted sweep; removed")
                leftover.unlink()
        for _ in range(LOAD_ATTEMPTS - 1):
            try:
                return self._load(quarantine)
            except FileNotFoundError:  # merged into a block while being read: read again
                continue
        return self._load(quarantine)

    def _load(self, quarantine: bool) -> pd.DataFrame:
        tables = []
        for path in sorted(self.runs.glob("*.parquet")):
            try:
                table = pq.read_table(path)
                if "run_id" not in table.column_names:
                    raise ValueError("no run_id column")
            except FileNotFoundError:
                raise
            except (pa.ArrowException, OSError, ValueError) as exc:
                if not quarantine:
                    raise StoreError(
                        f"{path}: unreadable results file ({exc}); run the sweep again "
                        "to set it aside and redo its runs"
                    ) from None
                self._set_aside(path, exc)
                continue
            tables.append(table.to_pandas())
        if not tables:
            return pd.DataFrame({"run_id": pd.Series(dtype="int64")})
        frame = pd.concat(tables, ignore_index=True)
        return frame.drop_duplicates("run_id").sort_values("run_id", ignore_index=True)

    def _set_aside(self, path: Path, exc: Exception) -> None:
        corrupt = self.root / "corrupt"
        corrupt.mkdir(exist_ok=True)
        os.replace(path, corrupt / path.name)
        _warn(f"{path}: unreadable ({exc}); moved to {corrupt}/ and its runs will be redone")

    def _write(self, table: pa.Table, path: Path) -> None:
        """Write `table` with the store's metadata (beside the schema's own, e.g. pandas')."""
        existing = table.schema.metadata or {}
        table = table.replace_schema_metadata({**existing, **self.metadata})
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(table, tmp)
        os.replace(tmp, path)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _warn(message: str) -> None:
    print(f"peacesim: warning: {message}", file=sys.stderr)
