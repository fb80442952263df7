"""Benchmark polon.extract against a naive baseline, in one process, on one core.

    .venv/bin/python bench/extract/run.py [--articles 400] [--seed PATH]

Prints: seed cold (first call, includes loading gazetteers, pymorphy3 and lingua),
seed warm p50/p95, and articles per second over a generated corpus in de/en/ru/uk,
side by side with a naive "capitalised words after a role word" regex extractor.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

NAMES = {
    "lat": ["Ermek Testov", "Aibek Sampleuly", "Nurlan Mockbekov", "Bishal Exampleman", "Rustam Fictionzoda",
            "Daniyar Placeholdov", "Saule Mockbayeva", "Timur Demoev"],
    "cyr": ["Ермек Тестов", "Айбек Примеров", "Нурлан Шаблонов", "Рустам Вымыслов", "Данияр Образцов",
            "Тимур Выдумкин"],
}
COUNTRY = {
    "de": [("kasachische", "Kasachstans"), ("kirgisische", "Kirgisistans"), ("usbekische", "Usbekistans"),
           ("tadschikische", "Tadschikistans"), ("nepalesische", "Nepals")],
    "en": [("Kazakh", "Kazakhstan"), ("Kyrgyz", "Kyrgyzstan"), ("Uzbek", "Uzbekistan"), ("Tajik", "Tajikistan"),
           ("Nepali", "Nepal")],
    "ru": [("казахстанских", "Казахстана"), ("киргизских", "Кыргызстана"), ("узбекских", "Узбекистана"),
           ("таджикских", "Таджикистана"), ("непальских", "Непала")],
    "uk": [("казахстанських", "Казахстану"), ("киргизьких", "Киргизстану"), ("узбецьких", "Узбекистану"),
           ("таджицьких", "Таджикистану"), ("непальських", "Непалу")],
}
NUM = {"de": ["zwei", "drei", "vier", "fünf"], "en": ["two", "three", "four", "five"],
       "ru": ["двух", "трех", "четырех", "пяти"], "uk": ["двох", "трьох", "чотирьох", "п'яти"]}
MONTH = {"de": ["März", "April", "Mai", "Juni"], "en": ["March", "April", "May", "June"],
         "ru": ["марта", "апреля", "мая", "июня"], "uk": ["березня", "квітня", "травня", "червня"]}

TEMPLATES = {
    "de": [
        "Gefangene kehren heim | {author}. {d:02d}.04.2025.\n\nIm Rahmen des Gefangenenaustauschs zwischen der Ukraine "
        "und Russland am {d}. {month} 2025 wurden {num} Staatsbürger {gen} freigelassen, die in der russischen Armee "
        "gekämpft hatten. Der Konsul {gen} in der Ukraine, {name}, traf die Männer in Kyiv. "
        "Der Koordinierungsstab für die Behandlung von Kriegsgefangenen bestätigte den Austausch.\n\n"
        "Kürzlich wurde auch der {adj} Journalist {name2} festgenommen. Kommentar verfassen",
        "Neue Fälle | {author}. {d:02d}.05.2025.\n\nWie bekannt, versucht die Regierung {gen}, die Rekrutierung zu "
        "verschweigen. Zuvor wurde die Freilassung von {num} Bürgern {gen} berichtet. Putin äußerte sich nicht. "
        "Die Botschaft {gen} in der Ukraine kommentierte das Treffen mit dem Botschafter {name} nicht.",
    ],
    "en": [
        "POWs return home | {author}. {d:02d}.04.2025.\n\nUkraine and Russia exchanged prisoners on {d} {month} 2025, "
        "and {num} {adj} citizens who fought in the Russian army were released, the Coordination Headquarters for the "
        "Treatment of Prisoners of War said. The consul of {gen} in Ukraine, {name}, met them in Kyiv.\n\n"
        "Recently, {adj} journalist {name2} was detained. Breaking News and Human Rights Watch reported.",
        "Trial begins | {author}. {d:02d}.05.2025.\n\nA court in Bishkek on {d} {month} sentenced {name}, a citizen of "
        "{gen}, who was recruited in Moscow in 2023. His lawyer {name2} said he would appeal. Read More.",
    ],
    "ru": [
        "Пленные вернулись | {author}. {d:02d}.04.2025.\n\nВ рамках обмена пленными между Украиной и Россией {d} {month} "
        "2025 года были освобождены {num} граждан {gen}, воевавших на стороне российской армии. Посол {gen} в Украине "
        "{name} встретился с ними в Киеве.\n\nРанее был задержан журналист {name2}. Читайте также: Новости Центральной Азии.",
        "Приговор | {author}. {d:02d}.05.2025.\n\nСуд в Бишкеке {d} {month} приговорил гражданина {gen} {name} к пяти "
        "годам. Адвокат {name2} заявил, что защита обжалует приговор. Красный Крест не комментирует.",
    ],
    "uk": [
        "Повернення з полону | {author}. {d:02d}.04.2025.\n\nПід час обміну полоненими між Україною та Росією {d} {month} "
        "2025 року звільнили {num} громадян {gen}, які воювали у складі збройних сил РФ. Тимчасовий повірений у справах "
        "{gen} в Україні {name} зустрівся з ними в Києві.\n\nНещодавно затримали журналіста {name2}. Слава Україні!",
        "Полонені | {author}. {d:02d}.05.2025.\n\nУкраїнські військові {d} {month} взяли в полон {num} громадян {gen}. "
        "Речник штабу {name} розповів, що їх завербували в Москві. Червоний Хрест відвідав полонених.",
    ],
}


def corpus(n: int, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    langs = list(TEMPLATES)
    for i in range(n):
        lang = langs[i % 4]
        script = "lat" if lang in ("de", "en") else "cyr"
        adj, gen = rng.choice(COUNTRY[lang])
        name, name2, author = rng.sample(NAMES[script], 3)
        text = rng.choice(TEMPLATES[lang]).format(
            author=author, d=rng.randint(1, 28), month=rng.choice(MONTH[lang]), num=rng.choice(NUM[lang]),
            adj=adj, gen=gen, name=name, name2=name2,
        )
        out.append((lang, text))
    return out


_NAIVE_ROLE = re.compile(
    r"(?:Konsul|Journalist|Botschafter|consul|journalist|ambassador|lawyer|посол|журналист|адвокат|журналіст|речник)\w*"
    r"[^.]{0,40}?((?:[A-ZА-ЯЁІЇЄ][\w'-]+\s){1,2}[A-ZА-ЯЁІЇЄ][\w'-]+|[A-ZА-ЯЁІЇЄ][\w'-]+\s[A-ZА-ЯЁІЇЄ][\w'-]+)"
)
_NAIVE_CAP = re.compile(r"\b[A-ZА-ЯЁІЇЄ][a-zа-яёіїєäöüß'-]+\s[A-ZА-ЯЁІЇЄ][a-zа-яёіїєäöüß'-]+\b")


def naive(text: str) -> dict[str, list[str]]:
    """Peer baseline: pairs of capitalised words, plus whatever follows a role word."""
    return {"persons": sorted(set(_NAIVE_CAP.findall(text)) | {m.group(1) for m in _NAIVE_ROLE.finditer(text)})}


def timed(fn, arg, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(arg)
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--seed", type=Path, default=REPO.parent / "shared" / "seed" / "000_bf021d4b5e5c8caf.txt")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, honestly

    seed_text = args.seed.read_text(encoding="utf-8") if args.seed.is_file() else corpus(1, random.Random(1))[0][1]
    t = time.perf_counter()
    from polon.extract import extract

    extract(seed_text)
    cold = (time.perf_counter() - t) * 1000

    docs = corpus(args.articles, random.Random(20250422))
    # warm every language once so the throughput figure is steady-state
    for lang in TEMPLATES:
        extract(next(text for lg, text in docs if lg == lang))

    warm = timed(extract, seed_text, args.repeat)
    warm_naive = timed(naive, seed_text, args.repeat)

    t = time.perf_counter()
    for _, text in docs:
        extract(text)
    ours = len(docs) / (time.perf_counter() - t)
    t = time.perf_counter()
    for _, text in docs:
        naive(text)
    peer = len(docs) / (time.perf_counter() - t)

    seed_persons = sorted(p.name for p in extract(seed_text).persons)
    naive_persons = naive(seed_text)["persons"]
    print(f"seed document: {args.seed if args.seed.is_file() else '(generated stand-in)'} ({len(seed_text)} chars)")
    print(f"{'':34}{'polon.extract':>16}{'naive regex':>16}{'ratio':>10}")
    print(f"{'seed cold, ms (incl. imports)':34}{cold:16.1f}{'-':>16}{'':>10}")
    print(f"{'seed warm p50, ms':34}{pct(warm, 50):16.2f}{pct(warm_naive, 50):16.3f}{pct(warm, 50) / pct(warm_naive, 50):9.0f}x")
    print(f"{'seed warm p95, ms':34}{pct(warm, 95):16.2f}{pct(warm_naive, 95):16.3f}{pct(warm, 95) / pct(warm_naive, 95):9.0f}x")
    print(f"{'articles/s, one core':34}{ours:16.0f}{peer:16.0f}{peer / ours:9.0f}x slower")
    print(f"{'persons found on the seed':34}{len(seed_persons):16d}{len(naive_persons):16d}")
    print(f"  polon.extract: {seed_persons}")
    print(f"  naive regex:   {naive_persons[:12]}{' …' if len(naive_persons) > 12 else ''}")
    ok = pct(warm, 50) <= 100 and ours >= 200
    print(f"targets (warm <= 100 ms, >= 200 articles/s): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
