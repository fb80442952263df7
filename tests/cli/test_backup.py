"""`polon backup DEST` and `polon restore SRC`, as an operator runs them: real processes, on SQLite and (where
the suite runs on PostgreSQL) on PostgreSQL. A backup restored into an empty installation gives the same row
counts, an audit chain that verifies and stored files that verify; a damaged backup is refused, naming the file
and the reason, before anything is written; the audit key is never in the backup."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# The source installation: users, a Kazakh, an Uzbek and a Tajik captive (Cyrillic and Latin spellings), a
# status event, a photograph with its thumbnail (person documents in the file store). A source file is
# ingested afterwards through the command line.
SETUP = r"""
import io, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from PIL import Image
from polon.accounts.services import create_user
from polon.registry.services import add_event, create_person
from polon.registry.services.documents import DocumentInput, add_document
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

admin = create_user(actor=None, username="admin", password="Kökşetau-Steppe-2026!", role="admin")
registrar = create_user(actor=admin, username="registrar", password="Qarağandy-Registrar-2026!", role="registrar")
persons = []
for names, country, number in (
        (["Нурлан Серикович Жумабаев", "Nurlan Zhumabayev", "Nurlan Jumabaev"], "KZ", "DEMO-KZ-4417"),
        (["Ҷамшед Раҳимов", "Jamshed Rahimov"], "TJ", "DEMO-TJ-0093"),
        (["Oybek Xolmatov", "Ойбек Холматов"], "UZ", "DEMO-UZ-2210")):
    persons.append(create_person(
        actor=registrar, category="pow", birth_date="1993-05", power_depended="RU", service_number=number,
        names=[NameInput(text=text) for text in names],
        citizenships=[CitizenshipInput(country=country, provenance="self_declared")]))
add_event(actor=registrar, person_id=persons[0].pk, type="captured", date="2025-03", place="Demo town")
image = io.BytesIO()
Image.new("RGB", (64, 48), (120, 30, 200)).save(image, format="PNG")
add_document(actor=registrar, person_id=persons[1].pk,
             document=DocumentInput(kind="photo", title="Ҷамшед Раҳимов, фото", content=image.getvalue(),
                                    file_name="rahimov.png"))
"""

SOURCE_TEXT = ("Повідомлення (вигадане): військовополонений Нурлан Жумабаев, громадянин Казахстану, "
               "утримується в таборі Demo town з березня 2025 року. Ойбек Холматов — разом з ним.\n")


def _env(data_dir: Path, database: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "POLON_AUDIT_KEY", "POLON_AUDIT_KEYS",
                                                             "POLON_AUDIT_KEY_FILE")}
    return env | {"POLON_DATA_DIR": str(data_dir)} | database


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polon", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _store(data_dir: Path) -> dict[str, str]:
    """Every file of an installation's file store, by path, with its SHA-256."""
    root = data_dir / "files"
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


class Databases:
    """Fresh databases for the installations a test makes: SQLite files in their data directories, or scratch
    PostgreSQL databases dropped at the end."""

    def __init__(self, engine: str):
        self.engine = engine
        self.created: list[str] = []
        url = os.environ.get("DATABASE_URL", "")
        self.base = url.rsplit("/", 1)[0]

    def new(self) -> dict:
        if self.engine == "sqlite":
            return {}
        import psycopg

        name = f"polon_backup_{os.getpid()}_{len(self.created)}"
        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        self.created.append(name)
        return {"DATABASE_URL": f"{self.base}/{name}"}

    def drop(self) -> None:
        if not self.created:
            return
        import psycopg

        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
            for name in self.created:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def databases(request):
    if request.param == "postgresql" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the suite runs on SQLite (set DATABASE_URL=postgresql://… to run it on PostgreSQL)")
    made = Databases(request.param)
    yield made
    made.drop()


@pytest.fixture(scope="module")
def installation(databases, tmp_path_factory):
    """A used installation (its data directory and environment) and one backup of it."""
    root = tmp_path_factory.mktemp(f"backup-{databases.engine}")
    data_dir = root / "source"
    data_dir.mkdir()
    env = _env(data_dir, databases.new())
    setup = subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=600)
    assert setup.returncode == 0, setup.stderr
    document = root / "zhumabayev-report.txt"
    document.write_text(SOURCE_TEXT, encoding="utf-8")
    ingested = _run(env, "--as", "registrar", "ingest", str(document))
    assert ingested.returncode == 0, ingested.stderr
    backup = root / "backups" / "2026-12-06"
    made = _run(env, "--as", "admin", "backup", str(backup), "--json")
    assert made.returncode == 0, made.stderr
    return {"root": root, "data_dir": data_dir, "env": env, "backup": backup, "report": json.loads(made.stdout),
            "databases": databases}


def _target(installation, name: str, *, with_key: bool = True) -> tuple[Path, dict]:
    """An empty installation to restore into; the operator gives it the audit key file, kept apart."""
    data_dir = installation["root"] / name
    data_dir.mkdir()
    if with_key:
        shutil.copy2(installation["data_dir"] / "audit.key", data_dir / "audit.key")
    return data_dir, _env(data_dir, installation["databases"].new())


def test_backup_then_restore_gives_identical_counts_a_verified_chain_and_files(installation):
    backup, report = installation["backup"], installation["report"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert report["manifest_sha256"] == _sha256(backup / "manifest.json")
    # The stored files: the ingested source and the photograph with its thumbnail, each listed with its hash.
    source_store = _store(installation["data_dir"])
    assert len(source_store) >= 3
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert {f"files/{path}": digest for path, digest in source_store.items()}.items() <= listed.items()
    for path, digest in listed.items():
        assert _sha256(backup / path) == digest
    assert manifest["tables"]["registry_person"] == 3
    assert manifest["tables"]["registry_persondocument"] == 1
    assert manifest["tables"]["sources_source"] == 1
    assert manifest["audit_head"]["sequence"] == manifest["tables"]["audit_auditevent"] > 5
    # Personal data: the backup folder is its owner's only.
    assert (backup.stat().st_mode & 0o077) == 0
    # The audit key is in no file of the backup (neither as a file nor inside the database).
    key = (installation["data_dir"] / "audit.key").read_text().strip().encode()
    assert not any(key in path.read_bytes() for path in backup.rglob("*") if path.is_file())
    assert "audit.key" not in {path.name for path in backup.rglob("*")}

    data_dir, env = _target(installation, "restored")
    restored = _run(env, "--as", "admin", "restore", str(backup), "--json")
    assert restored.returncode == 0, restored.stderr + restored.stdout
    result = json.loads(restored.stdout)
    assert result["ok"] is True
    assert result["count_differences"] == {}
    assert result["tables"] == manifest["tables"]
    assert result["audit_head_matches"] is True
    assert result["audit"] == {"ok": True, "checked": manifest["audit_head"]["sequence"], "problem": ""}
    assert result["sources"] == {"checked": 1, "problems": []}
    assert _store(data_dir) == source_store

    # The restored installation works: its chain (with the restore's own event) verifies, its files verify, and
    # it finds a captive by a spelling it was never given.
    verified = _run(env, "--as", "admin", "audit", "verify")
    assert verified.returncode == 0 and verified.stdout.startswith("OK"), verified.stdout + verified.stderr
    assert str(manifest["audit_head"]["sequence"] + 1) in verified.stdout
    assert _run(env, "--as", "admin", "sources", "verify").returncode == 0
    found = _run(env, "--as", "registrar", "search", "Nurlan Shumabajew", "--json")
    assert found.returncode == 0 and "Жумабаев" in found.stdout
    # Both are in the audit logs: the backup in the source's (after the copy, so naming its manifest), the restore
    # in the restored one's.
    source_log = _run(installation["env"], "--as", "admin", "audit", "verify")
    assert source_log.returncode == 0 and str(manifest["audit_head"]["sequence"] + 1) in source_log.stdout


@pytest.mark.parametrize("damage", ["flipped byte in a photograph", "truncated database", "deleted source file",
                                    "source file and manifest changed together"])
def test_a_damaged_backup_is_refused_naming_the_file_and_nothing_is_restored(installation, damage):
    backup = installation["root"] / f"damaged-{damage.replace(' ', '-')}"
    shutil.copytree(installation["backup"], backup)
    manifest = json.loads((backup / "manifest.json").read_text())
    documents = [e for e in manifest["files"] if e["path"].startswith("files/")]
    if damage == "flipped byte in a photograph":
        # The same size, another content: only the SHA-256 tells.
        victim = next(e["path"] for e in documents if (backup / e["path"]).read_bytes().startswith(b"\x89PNG"))
        path = backup / victim
        path.chmod(0o600)
        content = bytearray(path.read_bytes())
        content[len(content) // 2] ^= 0x01
        path.write_bytes(bytes(content))
        reason = "SHA-256 is"
    elif damage == "truncated database":
        victim = manifest["database"]
        path = backup / victim
        path.write_bytes(path.read_bytes()[:4096])
        reason = "bytes, the manifest says"
    elif damage == "deleted source file":
        victim = next(e["path"] for e in documents if b"Demo town" in (backup / e["path"]).read_bytes())
        (backup / victim).unlink()
        reason = "missing"
    else:
        # Whoever rewrites a source and its hash in the manifest still cannot sign the manifest without the key.
        entry = next(e for e in documents if b"Demo town" in (backup / e["path"]).read_bytes())
        path = backup / entry["path"]
        path.chmod(0o600)
        path.write_bytes(path.read_bytes().replace("Жумабаев".encode(), "Жумабеков".encode()))
        entry.update(sha256=_sha256(path), size=path.stat().st_size)
        (backup / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                                              + "\n")
        victim, reason = "manifest.json", "signature does not match"

    data_dir, env = _target(installation, f"target-{damage.replace(' ', '-')}")
    refused = _run(env, "restore", str(backup))
    assert refused.returncode == 2
    assert f"{victim}: " in refused.stderr and reason in refused.stderr, refused.stderr
    assert "nothing was restored" in refused.stderr
    # Nothing was written: no database with data, no stored file.
    assert not (data_dir / "files").exists()
    if installation["databases"].engine == "sqlite":
        assert not (data_dir / "polon.sqlite3").exists()
    else:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as connection:
            assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_restore_refuses_a_target_with_data_unless_forced_and_then_keeps_the_old_data_aside(installation):
    data_dir, env = _target(installation, "occupied")
    setup = subprocess.run([sys.executable, "-c", SETUP.replace("Нурлан Серикович", "Ерлан Болатович")], env=env,
                           capture_output=True, text=True, timeout=600)
    assert setup.returncode == 0, setup.stderr
    before = _store(data_dir)

    refused = _run(env, "restore", str(installation["backup"]))
    assert refused.returncode == 2
    assert "the target is not empty" in refused.stderr and "--force" in refused.stderr
    assert _store(data_dir) == before
    assert "Ерлан" in _run(env, "--as", "registrar", "person", "list").stdout

    forced = _run(env, "restore", "--force", str(installation["backup"]), "--json")
    assert forced.returncode == 0, forced.stderr + forced.stdout
    result = json.loads(forced.stdout)
    assert result["ok"] is True and result["count_differences"] == {}
    listing = _run(env, "--as", "registrar", "person", "list").stdout
    assert "Нурлан" in listing and "Ерлан" not in listing
    if installation["databases"].engine == "sqlite":
        # The replaced database and file store were moved aside, not deleted.
        assert len(result["moved_aside"]) == 2
        assert any(Path(p).name.startswith("polon.sqlite3.before-restore-") for p in result["moved_aside"])
        old_store = next(Path(p) for p in result["moved_aside"] if Path(p).name.startswith("files.before-restore-"))
        assert len(list(p for p in old_store.rglob("*") if p.is_file())) == len(before)


def test_restore_without_the_audit_key_is_refused_before_anything_changes(installation):
    data_dir, env = _target(installation, "keyless", with_key=False)
    refused = _run(env, "restore", str(installation["backup"]))
    assert refused.returncode == 2
    key_id = json.loads((installation["backup"] / "manifest.json").read_text())["audit_key_ids"][0]
    assert key_id in refused.stderr and "POLON_AUDIT_KEY" in refused.stderr
    assert not (data_dir / "audit.key").exists()  # no new, useless key was made
    assert not (data_dir / "files").exists() and not (data_dir / "polon.sqlite3").exists()
    # With the key given by POLON_AUDIT_KEY instead of the file, it restores and verifies.
    key = (installation["data_dir"] / "audit.key").read_text().strip()
    restored = _run(env | {"POLON_AUDIT_KEY": key}, "restore", str(installation["backup"]), "--json")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["audit"]["ok"] is True


def test_backup_refuses_a_destination_in_use_or_inside_the_data_directory_and_a_non_administrator(installation):
    env, data_dir = installation["env"], installation["data_dir"]
    inside = _run(env, "backup", str(data_dir / "backups" / "tonight"))
    assert inside.returncode == 2 and "inside the data directory" in inside.stderr
    assert not (data_dir / "backups").exists()
    used = _run(env, "backup", str(installation["backup"]))
    assert used.returncode == 2 and "not an empty folder" in used.stderr
    registrar = _run(env, "--as", "registrar", "backup", str(installation["root"] / "by-registrar"))
    assert registrar.returncode == 2 and "back up or restore" in registrar.stderr
    assert not (installation["root"] / "by-registrar").exists()


WRITER = r"""
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
django.setup()
from pathlib import Path
from polon.accounts.models import User
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

registrar = User.objects.get(username="registrar")
progress, stop = Path(sys.argv[1]), Path(sys.argv[2])
names = [("Асқар Сейітов", "Askar Seitov", "KZ"), ("Дилшод Каримов", "Dilshod Karimov", "UZ"),
         ("Фирӯз Саидов", "Firuz Saidov", "TJ")]
for n in range(1, 5000):
    if stop.exists():
        break
    cyrillic, latin, country = names[n % 3]
    create_person(actor=registrar, category="pow", service_number=f"DEMO-{country}-{7000 + n}",
                  names=[NameInput(text=cyrillic), NameInput(text=latin)],
                  citizenships=[CitizenshipInput(country=country, provenance="self_declared")])
    progress.write_text(str(n))
"""


def test_a_backup_taken_while_polon_writes_is_one_consistent_state(installation, tmp_path):
    """Online: another process records captives before, during and after the backup; the backup holds some of
    them, and what it holds is one state of the database — counts, audit head and chain agree on restore."""
    import time

    progress, stop = tmp_path / "written", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(progress), str(stop)], env=installation["env"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def written() -> int:
        return int(progress.read_text() or 0) if progress.exists() else 0

    try:
        deadline = time.monotonic() + 120
        while written() < 3 and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert written() >= 3, writer.stderr.read() if writer.poll() is not None else "the writer is too slow"
        backup = installation["root"] / "backups" / "while-writing"
        made = _run(installation["env"], "--as", "admin", "backup", str(backup), "--json")
        assert made.returncode == 0, made.stderr
        in_backup = json.loads(made.stdout)["tables"]["registry_person"]
        while written() + 3 <= in_backup and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # until the writer has recorded one more after the backup's snapshot
    finally:
        stop.write_text("")
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.stderr.read()
    assert 3 + 3 <= in_backup < 3 + written()

    data_dir, env = _target(installation, "restored-while-writing")
    restored = _run(env, "restore", str(backup), "--json")
    assert restored.returncode == 0, restored.stderr + restored.stdout
    result = json.loads(restored.stdout)
    assert result["ok"] is True and result["count_differences"] == {} and result["audit_head_matches"] is True
    assert result["tables"]["registry_person"] == in_backup
    assert result["audit"]["ok"] is True


def test_a_stored_file_missing_from_the_file_store_is_named_by_backup_and_restore(installation):
    """The issue's case: a copy that loses a stored file must say so. A thumbnail of Jamshed Rahimov's photograph
    is gone from an installation's store; its backup warns, naming it, and the restore of that backup reports it
    missing and does not report success."""
    data_dir, env = _target(installation, "lost-thumbnail")
    assert _run(env, "restore", str(installation["backup"])).returncode == 0
    thumbnail = next(p for p in (data_dir / "files").rglob("*") if p.is_file() and p.read_bytes()[:2] == b"\xff\xd8")
    lost = thumbnail.relative_to(data_dir / "files").as_posix()
    thumbnail.unlink()

    backup = installation["root"] / "backups" / "lost-thumbnail"
    made = _run(env, "backup", str(backup), "--json")
    assert made.returncode == 1
    assert json.loads(made.stdout)["missing_stored_files"] == [lost]
    assert lost in made.stderr and "not in the file store" in made.stderr

    target, target_env = _target(installation, "restored-lost-thumbnail")
    restored = _run(target_env, "restore", str(backup), "--json")
    assert restored.returncode == 1
    result = json.loads(restored.stdout)
    assert result["ok"] is False and result["missing_stored_files"] == [lost]
    assert result["audit"]["ok"] is True and result["count_differences"] == {}
