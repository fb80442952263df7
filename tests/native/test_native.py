"""The mypyc build of polon.names / polon.matching: used only while it matches the sources, and
it gives the same results as the interpreted modules."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from polon import _native

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_build(tmp_path, monkeypatch):
    """A copy of the hashed sources and a build directory whose manifest matches them."""
    monkeypatch.delenv("POLON_PURE_PYTHON", raising=False)
    root, build = tmp_path / "polon", tmp_path / "polon" / "_native"
    for rel in _native.hashed_sources():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(_native.PACKAGE_ROOT / rel, root / rel)
    build.mkdir()
    (build / f"{_native.RUNTIME}{_native.ABI}").write_bytes(b"")
    for name in _native.KERNELS:
        kernel = build / Path(*name.split(".")).with_suffix(_native.ABI)
        kernel.parent.mkdir(parents=True, exist_ok=True)
        kernel.write_bytes(b"")
    manifest = {"abi": _native.ABI, "sources": _native.source_hashes(root)}
    (build / _native.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return root, build


def test_a_build_matching_every_source_is_used(fake_build):
    root, build = fake_build
    assert _native.status(build, root) == _native.COMPILED_STATUS


def test_editing_any_module_of_the_two_packages_turns_the_whole_build_off(fake_build):
    root, build = fake_build
    assert {"matching/index.py", "matching/judgements.py", "matching/_kernels.pyx", "names/translit.py"} <= set(
        _native.hashed_sources(root))
    for rel in _native.hashed_sources(root):
        path = root / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert "sources changed" in _native.status(build, root), rel
        path.write_bytes(original)
    assert _native.status(build, root) == _native.COMPILED_STATUS


def test_a_build_for_another_interpreter_or_half_written_is_not_used(fake_build):
    root, build = fake_build
    manifest = json.loads((build / _native.MANIFEST).read_text("utf-8"))
    (build / _native.MANIFEST).write_text(json.dumps({**manifest, "abi": ".cpython-312-x86_64-linux-gnu.so"}))
    assert "native build is for .cpython-312" in _native.status(build, root)
    (build / _native.MANIFEST).write_text(json.dumps(manifest)[:40])  # interrupted write
    assert "no native build" in _native.status(build, root)
    (build / _native.MANIFEST).write_text(json.dumps(manifest))
    (build / f"{_native.RUNTIME}{_native.ABI}").unlink()
    assert "incomplete" in _native.status(build, root)
    (build / f"{_native.RUNTIME}{_native.ABI}").write_bytes(b"")
    assert _native.status(build, root) == _native.COMPILED_STATUS
    (build / "polon" / "matching" / f"_kernels{_native.ABI}").unlink()  # a kernel missing
    assert "incomplete" in _native.status(build, root)


def test_the_environment_switch_turns_it_off(fake_build, monkeypatch):
    root, build = fake_build
    monkeypatch.setenv("POLON_PURE_PYTHON", "1")
    assert _native.status(build, root).startswith("pure Python (POLON_PURE_PYTHON")


def test_the_modules_imported_are_the_build_exactly_when_it_is_current():
    import importlib

    used = _native.status() == _native.COMPILED_STATUS
    if os.environ.get("CI") and not os.environ.get("POLON_PURE_PYTHON"):
        # CI builds it (make test depends on make native): a silent fallback is a failure here
        assert used, _native.status()
    for rel in _native.COMPILED:
        module = importlib.import_module("polon." + rel[:-3].replace("/", "."))
        if used:
            assert Path(module.__file__).is_relative_to(_native.BUILD_DIR), module.__file__
            assert module.__file__.endswith(_native.ABI)
        else:
            assert module.__file__ == str(_native.PACKAGE_ROOT / rel)
    for name in _native.KERNELS:  # importable from the build only
        if used:
            assert importlib.import_module(name).__file__.endswith(_native.ABI)
        else:
            with pytest.raises(ImportError):
                importlib.import_module(name)


# Searches run in a child process: one interpreter cannot hold both the compiled and the
# interpreted modules.  Fictional registry from the russian-names lists, queries in several
# romanisations with a letter dropped, reversed order, Kazakh and Kyrgyz forms and initials.
SEARCHES = r"""
import json, random, sys
sys.path.insert(0, sys.argv[1])
from registry import russian_names_lists
from polon._native import status
from polon.matching import NameIndex
from polon.names import transliterate

rn, rnd = russian_names_lists(), random.Random(7)
ix, names = NameIndex(), []
for n in range(3000):
    g = rnd.choice("mf") + "_"
    name = " ".join([rnd.choice(rn[g + "surname"]), rnd.choice(rn[g + "given"]), rnd.choice(rn[g + "patr"])])
    date = f"19{rnd.randint(60, 99)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}" if n % 2 else None
    ix.add(f"P{n}", [name], date, ["KZ"] if n % 3 == 0 else [])
    names.append(name)
ix.add("KZ1", ["Ахмедьяров Лукпан Тестович"], "1990")
ix.add("KG1", ["Тестбек Борукул уулу"])
queries = ["Lupan Achmedjar", "Akhmediarov Lukpan", "Testbek Boruguluulu", "L. Achmedjarow", "Ахмедьяров"]
for name in names[::100]:
    latin = transliterate(name, rnd.choice(["icao_9303", "german", "french", "bgn_pcgn_ru", "iso9"])).split()
    w = rnd.randrange(len(latin))
    if len(latin[w]) > 4:
        i = rnd.randrange(1, len(latin[w]) - 1)
        latin[w] = latin[w][:i] + latin[w][i + 1:]
    queries.append(" ".join(latin[::-1] if rnd.random() < 0.3 else latin[:2]))
out = {"status": status(), "results": [
    [q, [(m.key, round(m.score, 9), m.band, m.explanation) for m in ix.search(q, limit=5, birth_date="1990" if i % 4 == 0 else None)]]
    for i, q in enumerate(queries)]}
print(json.dumps(out, ensure_ascii=False))
"""


def run_searches(pure: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("POLON_PURE_PYTHON", None)
    if pure:
        env["POLON_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", SEARCHES, str(REPO / "bench" / "matching")], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.skipif(_native.status() != _native.COMPILED_STATUS, reason=f"no current native build: {_native.status()}")
def test_compiled_and_interpreted_searches_agree_exactly():
    compiled, interpreted = run_searches(pure=False), run_searches(pure=True)
    assert compiled["status"] == _native.COMPILED_STATUS
    assert interpreted["status"].startswith("pure Python")
    assert len(compiled["results"]) == 35
    assert sum(bool(hits) for _, hits in compiled["results"]) >= 30  # the queries do find people
    for (q, got), (_, want) in zip(compiled["results"], interpreted["results"], strict=True):
        assert got == want, q
