"""The student release holds no solution text and points Colab/Binder at itself; the site's link
checker finds broken links."""

from __future__ import annotations

import zipfile

import nbformat
import pytest

from orville_case import course, publish
from orville_case.core.errors import OrvilleError

REPO = "https://github.com/example-course/orville-students"


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("rel") / "orville-students"
    archive = publish.student_release(out, REPO)
    return out, archive


def test_release_has_the_student_notebooks_and_no_instructor_material(release):
    out, archive = release
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == \
        sorted(p.name for p in (course.ROOT / "notebooks").glob("*.ipynb"))
    for gone in ("solutions", "tests", "examples", "benchmarks", ".ci"):
        assert not (out / gone).exists(), gone
    assert not list(out.rglob("instructor_*"))
    assert (out / "orville_case" / "zoning" / "data.py").exists()
    assert (out / "data" / "orville" / "zones.csv").exists()
    assert (out / "requirements.lock").exists() and (out / "tasks.py").exists()
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
    assert "orville-students/notebooks/00_welcome.ipynb" in names
    assert not any("/solutions/" in n for n in names)


def test_no_solution_text_is_in_the_release(release):
    """No solution line anywhere in the release (package, notebooks, data, READMEs), and the
    release's notebooks are exactly the generated student notebooks, which tests/test_course.py
    checks line by line against their own solutions."""
    out, _ = release
    assert publish.leaks(out) == []
    for nb in (out / "notebooks").glob("*.ipynb"):
        assert nb.read_bytes() == (course.ROOT / "notebooks" / nb.name).read_bytes().replace(
            b"orville-course/orville-course", b"example-course/orville-students")


def test_leak_finder_finds_a_solution_line_in_the_package_and_in_a_notebook(tmp_path):
    secret = publish.secret_lines()
    assert len(secret) > 100  # the check has something to look for
    line = max(secret, key=len)
    (tmp_path / "orville_case").mkdir()
    (tmp_path / "orville_case" / "models.py").write_text(f"# a reference\n    {line}\n")
    assert [s for _, s in publish.leaks(tmp_path)] == [line]
    (tmp_path / "notebooks").mkdir()
    copy = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(line)])
    nbformat.write(copy, tmp_path / "notebooks" / "09_recap.ipynb")  # a later notebook recaps it
    assert sorted(s for _, s in publish.leaks(tmp_path)) == [line, line]


def test_colab_and_binder_point_at_the_published_copy(release):
    out, _ = release
    first = nbformat.read(out / "notebooks" / "03_two_objectives.ipynb", as_version=4).cells
    setup = next(c for c in first if c.cell_type == "code").source
    assert f'COURSE_REPO = "{REPO}"' in setup
    assert REPO in (out / "orville_case" / "course.py").read_text()
    readme = (out / "README.md").read_text()
    assert "mybinder.org/v2/gh/example-course/orville-students" in readme
    assert "colab.research.google.com/github/example-course/orville-students" in readme
    assert "00_welcome.ipynb" in readme and "solutions" not in readme


def test_release_refuses_an_existing_folder_and_a_bad_url(tmp_path, capsys):
    with pytest.raises(OrvilleError, match="already exists"):
        publish.student_release(tmp_path, REPO)
    assert publish.main(["student-release", str(tmp_path / "new"), "--repo", "not a url"]) == 2
    assert "is not a repository URL" in capsys.readouterr().err


def test_broken_links_finds_missing_local_targets(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ok.html").write_text("<p>ok</p>")
    (tmp_path / "index.html").write_text(
        '<a href="a/ok.html#top">ok</a><a href="https://x.org/y">ext</a><a href="#z">in</a>'
        '<img src="_images/missing.png"><a href="a/gone.html">gone</a>'
        '<img src="data:image/png;base64,AA==">')
    bad = [(p.name, h) for p, h in publish.broken_links(tmp_path)]
    assert bad == [("index.html", "_images/missing.png"), ("index.html", "a/gone.html")]
