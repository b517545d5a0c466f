"""The public contract: a short sorted __all__, typing marker, no network, fast import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import dls_proceedings as dp
from dls_proceedings.catalog import DATA_FILE, SOURCE_FILE

from .conftest import ROOT


def test_all_is_sorted_and_complete() -> None:
    assert dp.__all__ == sorted(dp.__all__)
    for name in dp.__all__:
        assert hasattr(dp, name), name
        if not name.startswith("__"):
            assert getattr(dp, name).__doc__, f"{name} has no docstring"


def test_typed_marker_and_data_are_packaged() -> None:
    assert (DATA_FILE.parent.parent / "py.typed").is_file()
    assert DATA_FILE.is_file()
    assert SOURCE_FILE.is_file()


def test_dir_shows_the_public_names_only() -> None:
    assert dir(dp) == sorted(dp.__all__)
    from dls_proceedings import formats

    assert dir(formats) == ["EXPORTERS", "FORMATS", "READABLE"]


# The repository must work alone: nothing reads a folder beside it.
_OUTSIDE = re.compile(r"\.\./" + "shared" + r"|/ \"" + "shared" + r"\"|parent\.parent\.parent")


def _project_files() -> list[str]:
    files = []
    for folder in ("src", "tests", "scripts", "benchmarks", "examples", "tools", ".ci"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "node_modules" not in path.parts and path.suffix != ".pyc":
                files.append(str(path.relative_to(ROOT)))
    return files


def test_no_file_reaches_outside_the_repository() -> None:
    files = _project_files()
    assert len(files) > 50
    outside = [
        name
        for name in files
        if _OUTSIDE.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))
    ]
    assert outside == []


def test_import_loads_no_heavy_optional_modules() -> None:
    code = (
        "import sys, dls_proceedings as dp; dp.load(); "
        "print(sorted(m for m in ('citeproc', 'lxml', 'bibtexparser', 'pylatexenc', 'idutils',"
        " 'dls_proceedings.formats.bibtex', 'dls_proceedings.formats.csl_json',"
        " 'dls_proceedings.formats.toc', 'dls_proceedings.citations.render', 'rispy',"
        " 'dls_proceedings.formats.ris')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_load_works_without_network() -> None:
    # Any attempt to open a socket while loading fails loudly.
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import dls_proceedings as dp\n"
        "print(len(dp.load().papers))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "7"


def test_lazy_exports_resolve_to_their_modules() -> None:
    from dls_proceedings.formats import bibtex, ris, toc

    assert dp.to_bibtex is bibtex.to_bibtex
    assert dp.from_ris is ris.from_ris
    assert dp.from_toc is toc.from_toc
    assert {"bibliography", "from_toc", "to_csl_json"} <= set(dir(dp))


def test_formats_and_citations_never_import_the_bundled_catalog() -> None:
    # A paper knows its volume (Paper.venue): exporters and the renderer need no
    # bundled data; load() is a convenience of the package and the CLI only.
    import ast

    package = Path(dp.__file__).parent
    for folder in ("formats", "citations"):
        for path in sorted((package / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                assert not any(n.endswith("catalog") or ".catalog." in n for n in names), path
