"""Deterministic, realistic synthetic proceedings volumes for the benchmarks.

``make_volume(n)`` is a validated ``Workshop`` of *n* papers; ``volume_data(n)`` is
the same volume as the plain dict ``Workshop.model_validate`` takes. The shape
follows the bundled volume and large real conferences:

- sessions of 5-20 papers, in page order, with contiguous page ranges (4-14 pages);
- 1-8 authors per paper, about one name in five non-ASCII (accents, ``Ł``, ``ß``,
  Vietnamese and CJK names with no LaTeX spelling), multi-word given names, a few
  particles ("van der"); 1-2 affiliations each, with a country, and the printed
  affiliation line the bundled data keeps;
- titles of 6-16 words with acronyms and inner capitals (``GPUs``, ``TopiQAL``),
  proper nouns (``Monte Carlo``), and in about one title in five a LaTeX special
  (``%``, ``&``, ``$``, ``#``, ``_``, ``~``, ``^``, braces, ``--``, ``<``);
- a DOI on about 85% of papers; citation keys ``family2020word`` made unique the
  way the library does it.

Everything comes from one ``random.Random(seed)``: the same arguments give the
same volume on every machine and Python version.

``csl_items(n, seed)`` is that volume as CSL-JSON with what a citation style
must get right beyond it, which the models cannot hold (scripts/conformance.py
--all-styles renders it with every style): name particles, suffixes, corporate
authors, first authors who share a surname, same-year papers by the same
authors, and titles with rich-text markup and quotes. ``make_volume`` and
``volume_data`` are unchanged by it.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from dls_proceedings import Workshop
from dls_proceedings._text import disambiguate, key_stem

__all__ = ["csl_items", "make_volume", "volume_data"]

_GIVEN = (
    "Alice", "Bita", "Charlene", "Damian", "Hiroaki", "Jeroen", "Maxwell X.", "Nanmiao",
    "Patrick", "Samuel", "Shantanu", "Thorsten", "Valeriu", "Yunsong", "Ana-Lucia",
    "Hamsa Shwetha", "Chris A.", "Mary Jane", "John Paul", "Vikram A.", "Penny X.",
    "Kai", "Laura", "Omar", "Priya", "Rafael", "Sara", "Tomás", "Wei", "Yan",
)  # fmt: skip
_FAMILY = (
    "Akiba", "Cai", "Chaibi", "Codreanu", "Diehl", "Farrell", "Hasheminezhad", "Jansen",
    "Kaiser", "Koyama", "Kurth", "Leroux", "Malaya", "Mattmann", "Mikami", "Murai",
    "Penberthy", "Podareanu", "Qian", "Saletore", "Schulz", "Shirzad", "Suzuki",
    "Varbanescu", "Venkataram", "Wang", "Williams", "Wu", "Yang", "Zhang", "Smith",
    "Johnson", "Garcia", "Brown", "Patel", "Kim", "Nakamura", "Rossi", "Novak",
)  # fmt: skip
# (given, family): accents pylatexenc spells, and characters it cannot (kept UTF-8).
_NON_ASCII = (
    ("Jeroen", "Bédorf"), ("Jürgen", "Müller"), ("Łukasz", "Kowalski"), ("Zoë", "Brontë"),
    ("José María", "García Márquez"), ("Søren", "Sørensen"), ("Björn", "Gößling"),
    ("Ahmet", "Çelik"), ("Jiří", "Dvořák"), ("Slavoj", "Žižek"), ("François", "Lefèvre"),
    ("Đức Anh", "Nguyễn"), ("小明", "王"), ("Ingrid", "Åström"), ("Nuño", "Peña"),
    ("Mária", "Horváthová"), ("Ümit", "Öztürk"), ("Renée", "D'Aubigné"),
)  # fmt: skip
_PARTICLES = (("Jan", "van der Berg"), ("Ludwig", "von Neumann"), ("Ana", "de la Cruz"))
_AFFILIATIONS = (
    ("Preferred Networks, Inc.", "Japan"), ("Lawrence Berkeley National Laboratory", "USA"),
    ("Louisiana State University", "U.S.A."), ("SURFsara", "The Netherlands"),
    ("University of Amsterdam", "The Netherlands"), ("Advanced Micro Devices, Inc.", "USA"),
    ("NASA Jet Propulsion Laboratory", "USA"), ("Leiden University", "Netherlands"),
    ("Intel Corporation", "USA"), ("minds.ai", "USA"), ("ETH Zürich", "Switzerland"),
    ("Technische Universität München", "Germany"), ("Université Paris-Saclay", "France"),
    ("RIKEN Center for Computational Science", "Japan"), ("Tsinghua University", "China"),
    ("Indian Institute of Science", "India"), ("University of São Paulo", "Brazil"),
    ("KAUST", "Saudi Arabia"), ("Seoul National University", "South Korea"),
    ("University of Toronto", "Canada"), ("Universidad de Chile", "Chile"),
)  # fmt: skip
_LEADS = (
    "DeepGalaxy:", "TopiQAL:", "DDL Bench:", "HPX-Learn:", "FlexNet:", "GPUDirect:",
    "Towards", "Scaling", "Accelerating", "Understanding", "Benchmarking", "Optimizing",
)  # fmt: skip
_WORDS = (
    "deep", "learning", "on", "supercomputers", "for", "distributed", "training", "of",
    "neural", "networks", "with", "large", "batch", "scalable", "parallel", "data",
    "model", "inference", "at", "scale", "the", "a", "communication", "efficient",
    "asynchronous", "gradient", "descent", "in", "and", "heterogeneous", "clusters",
    "memory", "time-based", "roofline", "analysis", "performance", "portable",
    "Online-Codistillation", "Wave", "Function", "Ansatz", "galaxy", "mergers", "images",
    "question", "answering", "topic-aware", "benchmarking", "infrastructure",
)  # fmt: skip
_ACRONYMS = (
    "GPU", "GPUs", "LARS", "MPI", "HPC", "CNNs", "LSTM", "TPUv3", "3D", "FP16", "IEEE/ACM",
    "ResNet-50", "BERT", "cuDNN", "PyTorch", "TensorFlow", "I/O", "RDMA",
)  # fmt: skip
_PROPER = ("Monte Carlo", "Vandermonde", "Summit", "Fugaku", "Atlanta")
_SPECIALS = (
    "50%", "R&D", "$O(n)$", "C#", "x_i", "~2x", "a^2", "{braces}", "<10", "speed--accuracy",
    "`quoted'", "a|b", "\\emph", "#1",
)  # fmt: skip


def _title(rng: random.Random) -> str:
    n = rng.randint(6, 16)
    words = [rng.choice(_LEADS)] if rng.random() < 0.4 else []
    while len(words) < n:
        r = rng.random()
        if r < 0.12:
            words.append(rng.choice(_ACRONYMS))
        elif r < 0.15:
            words.append(rng.choice(_PROPER))
        else:
            words.append(rng.choice(_WORDS))
    if rng.random() < 0.2:
        words.insert(rng.randrange(1, len(words) + 1), rng.choice(_SPECIALS))
    title = " ".join(words)
    return title[0].upper() + title[1:]


def _author(rng: random.Random) -> dict[str, Any]:
    r = rng.random()
    if r < 0.2:
        given, family = rng.choice(_NON_ASCII)
    elif r < 0.23:
        given, family = rng.choice(_PARTICLES)
    else:
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
    affs = [rng.choice(_AFFILIATIONS) for _ in range(1 if rng.random() < 0.85 else 2)]
    affs = list(dict.fromkeys(affs))
    return {
        "given": given,
        "family": family,
        "affiliations": [{"name": name, "country": country} for name, country in affs],
        "printed_affiliation": "; ".join(f"{name}, {country}" for name, country in affs),
    }


def volume_data(n_papers: int, seed: int = 0) -> dict[str, Any]:
    """A synthetic volume of *n_papers* papers as ``Workshop.model_validate`` input."""
    if n_papers < 1:
        raise ValueError("a volume needs at least one paper")
    rng = random.Random(seed)
    year = 2020
    papers: list[dict[str, Any]] = []
    page = 1
    for i in range(n_papers):
        authors = [_author(rng) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8)))]
        length = rng.randint(4, 14)
        paper: dict[str, Any] = {
            "key": "",
            "title": _title(rng),
            "authors": authors,
            "pages": {"first": page, "last": page + length - 1},
        }
        if rng.random() < 0.85:
            paper["doi"] = f"10.1109/SYN{seed}.{year}.{i + 1:06d}"
        page += length
        papers.append(paper)
    stems = [key_stem(p["authors"][0]["family"], year, p["title"]) for p in papers]
    for paper, key in zip(papers, disambiguate(stems), strict=True):
        paper["key"] = key
    sessions: list[dict[str, Any]] = []
    start = 0
    while start < n_papers:
        remaining = n_papers - start
        size = remaining if remaining <= 20 else rng.randint(5, min(20, remaining - 5))
        sessions.append(
            {"title": f"Session {len(sessions) + 1}", "papers": papers[start : start + size]}
        )
        start += size
    return {
        "title": f"{year} IEEE/ACM Synthetic Workshop on Deep Learning at Scale (SYN)",
        "short_title": f"SYN {year}",
        "acronym": "SYN",
        "ordinal": 1,
        "date": datetime.date(year, 11, 11).isoformat(),
        "location": {"city": "Atlanta", "region": "Georgia", "country": "USA"},
        "publisher": "IEEE",
        "isbn_print": "978-1-6654-2246-8",
        "isbn_online": "978-1-6654-2245-1",
        "front_matter": [{"title": "Message from the Workshop Chairs", "page": "v"}],
        "author_index_page": page,
        "sessions": sessions,
    }


def make_volume(n_papers: int, seed: int = 0) -> Workshop:
    """A validated synthetic ``Workshop`` of *n_papers* papers (deterministic in *seed*)."""
    return Workshop.model_validate(volume_data(n_papers, seed))


# For csl_items: names and titles the models cannot hold, each used at least once.
_PARTICLE_NAMES: tuple[dict[str, str], ...] = (
    {"family": "Cruz", "given": "Ana", "non-dropping-particle": "de la"},
    {"family": "van der Berg", "given": "Jan"},  # the particle in the family, as often exported
    {"family": "Hoppel", "given": "Karl", "dropping-particle": "von"},
    {"family": "Berg", "given": "Pieter", "non-dropping-particle": "van der"},
    {"family": "Sousa", "given": "Maria", "non-dropping-particle": "de"},
)
_SUFFIX_NAMES: tuple[dict[str, str], ...] = (
    {"family": "Smith", "given": "John", "suffix": "Jr."},
    {"family": "Walker", "given": "Robert", "suffix": "III"},
    {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
)
_CORPORATE = ("IEEE Computer Society", "The Exascale Computing Project", "NVIDIA Corporation")
_SHARED = (  # first authors with one surname and different given names
    {"family": "Wang", "given": "Yunsong"}, {"family": "Wang", "given": "Yan"},
    {"family": "Wang", "given": "Wei"}, {"family": "Kim", "given": "Min-jun"},
    {"family": "Kim", "given": "Jae"},
)  # fmt: skip
_RICH_TITLES = (
    "<i>In situ</i> Training of Neural Networks on Summit",
    "Simulating <i>E. coli</i> Growth with Deep Learning on GPUs",
    "H<sub>2</sub>O Molecular Dynamics at 10<sup>18</sup> FLOPS",
    'Why "Large Batch" Training Generalizes: A Study on Fugaku',
    "The ‘Roofline’ Model Revisited for Deep Learning",
    'Don\'t Stop Training: Asynchronous SGD for <span class="nocase">cuDNN</span> Kernels',
    'Accelerating BERT: "What\'s in a <b>Batch</b>?" on TPUv3 Pods',
)


def csl_items(n_papers: int = 40, seed: int = 7) -> list[dict[str, Any]]:
    """``make_volume(n_papers, seed)`` as CSL-JSON (papers, then the volume), with names
    and titles the models cannot hold, for rendering with every style.

    Drawn from a second ``random.Random`` (the volume's own draws are unchanged):
    name particles (dropping, non-dropping, and one left in the family name),
    suffixes (Jr., III), corporate authors (``literal``: alone, first, in a list),
    first authors who share a surname, same-year papers by the same authors (three
    pairs and one trio with a single author), and titles with rich-text markup
    (``<i>``, ``<b>``, ``<sub>``, ``<sup>``, nocase spans) and quotes. Needs 20 papers.
    """
    import copy

    from dls_proceedings.formats.csl_json import to_csl_json

    if n_papers < 20:
        raise ValueError("csl_items needs at least 20 papers, to use every kind of name")
    items: list[dict[str, Any]] = to_csl_json(make_volume(n_papers, seed))
    papers = items[:-1]
    rng = random.Random(f"csl-items-{seed}")
    order = list(range(len(papers)))
    rng.shuffle(order)
    picks = iter(order)

    def authors(index: int) -> list[dict[str, Any]]:
        listed: list[dict[str, Any]] = papers[index]["author"]
        return listed

    for name in _PARTICLE_NAMES:  # first author of one paper, another author of another
        authors(next(picks))[0] = dict(name)
        other = authors(next(picks))
        other.insert(rng.randrange(len(other) + 1), dict(name))
    for name in _SUFFIX_NAMES:
        authors(next(picks))[0] = dict(name)
    alone, first, listed = (next(picks) for _ in range(3))
    papers[alone]["author"] = [{"literal": _CORPORATE[0]}]
    authors(first)[0] = {"literal": _CORPORATE[1]}
    authors(listed).insert(rng.randrange(1, len(authors(listed)) + 1), {"literal": _CORPORATE[2]})
    for name in _SHARED:
        authors(next(picks))[0] = dict(name)
    for size in (2, 2, 2, 3):  # the same authors, the same year: 2020a, 2020b, ...
        group = [next(picks) for _ in range(size)]
        if size == 3:
            papers[group[0]]["author"] = [dict(rng.choice(_SHARED))]
        for index in group[1:]:
            papers[index]["author"] = copy.deepcopy(papers[group[0]]["author"])
    for title in _RICH_TITLES:
        papers[next(picks)]["title"] = title
    return items
