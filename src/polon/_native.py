"""Compiled (mypyc) builds of the pure name libraries, used only while they match the sources.

``tools/build_native.py`` (run by ``make install``) compiles the modules of ``polon.names`` and
``polon.matching`` listed in :data:`COMPILED` with mypyc, and the Cython kernels of
:data:`KERNELS` (hot loops written for C, each with its Python definition beside the code that
calls it), into ``src/polon/_native_build/`` and writes there a manifest of the SHA-256 of every
module of the two packages.  Each package calls :func:`search_path` first thing in its
``__init__`` and puts what it returns in front of its ``__path__``, so its compiled modules
shadow the ``.py`` files, but only if *every* module still hashes as in the manifest: the
compiled modules call one another directly, so one edited file (compiled or not) means none of
them is used.  An edit is never silently ignored; the code just runs interpreted until the next
build.  ``POLON_PURE_PYTHON=1`` turns them off.  The Python code
is the definition and stays importable and tested on its own; the build only makes it faster
(at 1M persons about half off a search's p95 and a quarter off building the index;
bench/matching/README.md).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from functools import cache
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

#: Modules compiled, relative to ``src/polon``.  Left out: errors and judgements (not hot) and
#: translit (it calls PyICU, which has no types to compile against).
COMPILED = (
    "names/normalise.py",
    "names/parse.py",
    "names/script.py",
    "matching/channel.py",
    "matching/evidence.py",
    "matching/index.py",
    "matching/keys.py",
    "matching/phonetic.py",
    "matching/scoring.py",
    "matching/similarity.py",
    "matching/words.py",
)
#: Cython modules (``.pyx`` beside the package's ``.py`` files), importable only from the build.
KERNELS = ("polon.matching._kernels",)
#: mypyc's group, and the module name of its shared library (all compiled modules' code lives in it).
GROUP = "polon_native"
RUNTIME = f"{GROUP}__mypyc"
PACKAGE_ROOT = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_ROOT / "_native_build"
MANIFEST = "manifest.json"
#: The extension file suffix of this interpreter (".cpython-311-x86_64-linux-gnu.so").
ABI = EXTENSION_SUFFIXES[0]
COMPILED_STATUS = "compiled (mypyc)"


#: Packages whose every module is hashed: compiled code checks the types of what it gets from the
#: modules left uncompiled as it was built against them, so an edit to those counts too.
HASHED_PACKAGES = ("names", "matching")


def hashed_sources(root: Path = PACKAGE_ROOT) -> list[str]:
    return sorted(str(p.relative_to(root)) for package in HASHED_PACKAGES
                  for pattern in ("*.py", "*.pyx") for p in (root / package).glob(pattern))


def source_hashes(root: Path = PACKAGE_ROOT) -> dict[str, str]:
    return {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in hashed_sources(root)}


def status(build_dir: Path = BUILD_DIR, root: Path = PACKAGE_ROOT) -> str:
    """Why the compiled modules are or are not used: "compiled" or a reason."""
    if os.environ.get("POLON_PURE_PYTHON", "") not in ("", "0"):
        return "pure Python (POLON_PURE_PYTHON is set)"
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return "pure Python (no native build; run make install)"
    if manifest.get("abi") != ABI:
        return f"pure Python (native build is for {manifest.get('abi')}, this is {ABI})"
    if manifest.get("sources") != source_hashes(root):
        return "pure Python (sources changed since the native build; run make install)"
    kernels = [build_dir / Path(*name.split(".")).with_suffix(ABI) for name in KERNELS]
    if _runtime_library(build_dir) is None or not all(k.is_file() for k in kernels):
        return "pure Python (native build incomplete)"
    return COMPILED_STATUS


@cache
def _decision() -> bool:
    return status() == COMPILED_STATUS


def _runtime_library(build_dir: Path) -> Path | None:
    path = build_dir / f"{RUNTIME}{ABI}"
    return path if path.is_file() else None


def search_path(package: str) -> list[str]:
    """Directories to put in front of ``package``'s ``__path__``: its compiled modules if the
    native build matches the sources, else none."""
    if not _decision():
        return []
    if RUNTIME not in sys.modules:
        # The compiled modules import their shared library by this top-level name; loading it
        # from its file keeps the build directory off sys.path.
        spec = importlib.util.spec_from_file_location(RUNTIME, _runtime_library(BUILD_DIR))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[RUNTIME] = module
        spec.loader.exec_module(module)
    return [str(BUILD_DIR / Path(*package.split(".")))]
