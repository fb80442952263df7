"""Compile polon.names and polon.matching with mypyc, and their Cython kernels, into
src/polon/_native_build/ (see polon/_native.py).

    python tools/build_native.py [--force | --check]

Builds only if the build in place does not match the sources (``--force``: always); writes the
manifest last, so an interrupted build is never used.  ``--check`` only reports.  Needs mypy and
Cython (dev dependencies) and a C compiler.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from polon import _native  # noqa: E402

#: mypy flags for the build: the untyped extensions the modules import (PyICU, iuliia) are
#: treated as Any instead of failing the build.
MYPY_FLAGS = ["--ignore-missing-imports"]


def build() -> None:
    from Cython.Build import cythonize
    from mypyc.build import mypycify
    from setuptools import Extension, setup

    hashes = _native.source_hashes()  # before compiling: a file edited meanwhile shows as stale
    with tempfile.TemporaryDirectory(prefix="polon-native-") as tmp:
        staged = Path(tmp) / "lib"
        os.chdir(SRC)  # mypy names modules from their paths: polon/matching/index.py -> polon.matching.index
        # mypy's cache goes with the other intermediates, not into src/
        flags = [*MYPY_FLAGS, "--cache-dir", str(Path(tmp) / "mypy")]
        modules = mypycify([*flags, *(f"polon/{rel}" for rel in _native.COMPILED)], opt_level="3",
                           group_name=_native.GROUP, target_dir=str(Path(tmp) / "c"))
        kernels = [Extension(name, [f"{name.replace('.', '/')}.pyx"]) for name in _native.KERNELS]
        modules += cythonize(kernels, build_dir=str(Path(tmp) / "cy"), quiet=True)
        # One compiler per core: mypyc's shared library (most of the time) beside the Cython kernels.
        setup(name="polon-native", ext_modules=modules, script_name="build_native.py",
              script_args=["--quiet", "build_ext", "--parallel", str(os.cpu_count() or 1),
                           "--build-lib", str(staged), "--build-temp", str(Path(tmp) / "o")])
        shutil.rmtree(_native.BUILD_DIR, ignore_errors=True)
        shutil.copytree(staged, _native.BUILD_DIR)
    manifest = {"abi": _native.ABI, "sources": hashes}
    (_native.BUILD_DIR / _native.MANIFEST).write_text(json.dumps(manifest, indent=1), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="rebuild even if the build is up to date")
    mode.add_argument("--check", action="store_true", help="only say whether the build is in use")
    args = parser.parse_args()
    os.environ.pop("POLON_PURE_PYTHON", None)  # the question is whether the build is usable
    if args.force or (not args.check and _native.status() != _native.COMPILED_STATUS):
        build()
    state = _native.status()
    print(f"polon.names / polon.matching: {state}")
    return 0 if state == _native.COMPILED_STATUS else 1


if __name__ == "__main__":
    sys.exit(main())
