"""The browse site in a real browser, as a person would use it: headless Chromium (Debian's
`chromium`) opens the site from file://, the test types into the search box and clicks with the
mouse, and asserts on the DOM and on the console (no errors).

`.ci/run` installs Chromium where it is missing and sets BAOKAN_BROWSER_REQUIRED=1 when it is
there, so in CI a missing or broken browser fails these tests; elsewhere they skip, saying why.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from baokan.browse.site import SiteOptions, build_site
from baokan.devtools.chromium import BrowserError, Chromium, Tab, find_chromium
from baokan.recordio import iter_records
from records_factory import make_records

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"
REQUIRED = os.environ.get("BAOKAN_BROWSER_REQUIRED", "") not in ("", "0")

if find_chromium() is None:
    reason = (
        "headless Chromium is not installed (Debian package `chromium`; .ci/run installs it with apt-get "
        "where the machine allows, and could not here)"
    )
    if REQUIRED:
        pytest.fail(f"BAOKAN_BROWSER_REQUIRED is set but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        chromium = Chromium()
    except BrowserError as exc:
        if REQUIRED:
            raise
        pytest.skip(f"Chromium is installed but does not start here: {exc}")
    with chromium:
        yield chromium


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(BUNDLED, out)
    return out


@pytest.fixture
def tab(browser: Chromium) -> Any:
    browser.errors.clear()
    page = browser.new_tab(width=1280, height=900)
    yield page
    browser.call("Target.closeTarget", targetId=page.call("Target.getTargetInfo")["targetInfo"]["targetId"])


def open_index(tab: Tab, site: Path) -> None:
    tab.navigate((site / "index.html").as_uri())
    tab.wait_for("document.body.dataset.loaded === 'true'")


def shown_ids(tab: Tab) -> list[str]:
    return tab.evaluate("[...document.querySelectorAll('#article-list tr')].map(tr => tr.dataset.id)")


def search(tab: Tab, text: str) -> None:
    tab.evaluate("(() => { const i = document.getElementById('search'); i.value = ''; i.focus(); })()")
    tab.type_text("#search", text)
    tab.wait_for(f"document.body.dataset.searched === {orjson.dumps(text).decode()}")


def records() -> list[dict[str, Any]]:
    return sorted((r.data for r in iter_records(BUNDLED)), key=lambda r: r["source"]["line_start"])


def matching(term: str) -> list[str]:
    """Ids of the bundled articles whose fields or body hold `term`, in list order."""
    out = []
    for r in records():
        fields = [r["title"] or "", r["kicker"] or "", r["subtitle"] or "", r["byline"] or "", r["text"]]
        fields += [a["name"] for a in r["authors"]] + [c["text"] for c in r["captions"]] + r["flags"]
        fields += [r["source"]["publication"], r["id"]]
        if any(term.lower() in f.lower() for f in fields):
            out.append(r["id"])
    return out


def test_index_lists_the_articles_and_search_filters_them(tab: Tab, browser: Chromium, bundled_site: Path) -> None:
    open_index(tab, bundled_site)
    assert tab.evaluate("document.getElementById('count').textContent") == "5 articles"
    assert shown_ids(tab) == [r["id"] for r in records()]
    assert tab.evaluate("document.querySelectorAll('svg.plot').length") == 6
    png = tab.screenshot(full_page=True)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000

    # a word of one title
    search(tab, "交口县")
    expected = matching("交口县")
    assert len(expected) >= 1 and shown_ids(tab) == expected
    assert tab.evaluate("document.getElementById('count').textContent") == f"{len(expected)} of 5 articles match"

    # a word only in bodies: found by reading the body shards
    body_only = "链长制"
    assert not any(body_only in (r["title"] or "") for r in records())
    search(tab, body_only)
    expected = matching(body_only)
    assert expected and shown_ids(tab) == expected

    # nothing matches
    search(tab, "没有这个词语")
    assert shown_ids(tab) == []
    assert tab.evaluate("document.getElementById('count').textContent") == "0 of 5 articles match"

    # the flag filter, chosen as a person picks from the list
    tab.evaluate("(() => { const i = document.getElementById('search'); i.value = ''; "
                 "i.dispatchEvent(new Event('input')); })()")  # fmt: skip
    tab.wait_for("document.querySelectorAll('#article-list tr').length === 5")
    tab.evaluate("(() => { const s = document.getElementById('flag-filter'); s.value = 'no_title'; "
                 "s.dispatchEvent(new Event('change')); })()")  # fmt: skip
    assert shown_ids(tab) == [r["id"] for r in records() if "no_title" in r["flags"]]
    assert browser.errors == []


def test_clicking_an_article_opens_its_page_with_its_lines_highlighted(
    tab: Tab, browser: Chromium, bundled_site: Path, tmp_path: Path
) -> None:
    open_index(tab, bundled_site)
    target = records()[2]
    tab.click_and_wait_load(f"#article-list tr[data-id='{target['id']}'] a")
    assert tab.evaluate("location.pathname").endswith("/pages/0000/000000.html")
    start, end = target["source"]["line_start"], target["source"]["line_end"]
    highlighted = tab.wait_for("[...document.querySelectorAll('#lines > p.hl')].map(e => e.id)")
    assert highlighted == [f"L{n}" for n in range(start, end + 1)]
    assert tab.evaluate("document.querySelector('.art-item.selected').dataset.id") == target["id"]
    # its body, loaded from the shard on demand
    body = tab.wait_for("document.getElementById('body').dataset.id && document.getElementById('body').textContent")
    assert target["title"] in body and target["paragraphs"][0][:20] in body
    tab.screenshot(tmp_path / "page.png")

    # another article from the page's own list
    other = records()[0]
    tab.click(f".art-item[data-id='{other['id']}']")
    highlighted = tab.evaluate("[...document.querySelectorAll('#lines > p.hl')].map(e => e.id)")
    start, end = other["source"]["line_start"], other["source"]["line_end"]
    assert highlighted == [f"L{n}" for n in range(start, end + 1)]
    assert tab.evaluate("location.hash") == f"#a={other['id']}"

    # clicking one of an article's lines selects that article
    last = records()[-1]
    tab.click(f"#L{last['source']['line_start'] + 2}")
    assert tab.evaluate("document.querySelector('.art-item.selected').dataset.id") == last["id"]
    # the fragment line belongs to no article and is marked as such
    assert tab.evaluate("document.getElementById('L1').className") == "f f-orphan_byline"
    assert browser.errors == []


def test_a_large_list_loads_in_chunks(tab: Tab, browser: Chromium, tmp_path: Path) -> None:
    from click.testing import CliRunner

    import baokan.cli.publish  # noqa: F401
    from baokan.cli.group import cli

    rows = make_records(2500)
    articles = tmp_path / "a.jsonl"
    articles.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = CliRunner().invoke(
        cli, ["publish", str(articles), "--name", "big", "--version", "1.0.0", "--out", str(tmp_path / "out"), "-q"]
    )
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    build_site(tmp_path / "out" / "big" / "1.0.0", site, SiteOptions(list_chunk_rows=300, body_shard_bytes=50_000))
    assert len(list((site / "data").glob("list-*.js"))) == 9
    open_index(tab, site)
    assert tab.evaluate("document.getElementById('count').textContent") == "2500 articles"
    assert len(shown_ids(tab)) == 100
    tab.click("#more")
    assert len(shown_ids(tab)) == 200
    search(tab, "编号1463。")  # the second paragraph of article 209 (1463 = 209 * 7), in its body only
    expected = [r["id"] for r in rows if "编号1463。" in r["text"]]
    assert len(expected) == 1 and shown_ids(tab) == expected
    assert browser.errors == []


def test_clicking_a_region_of_a_pdf_page_selects_its_article(tab: Tab, browser: Chromium, tmp_path: Path) -> None:
    release = REPO / "data" / "releases" / "lvliang-daily-pdf" / "1.0.0"
    site = tmp_path / "site"
    build_site(release, site)
    tab.navigate((site / "pages" / "0000" / "000000.html").as_uri())
    tab.wait_for("document.querySelectorAll('#geometry rect.r').length > 0")
    ids = tab.evaluate("JSON.parse(document.getElementById('page-data').textContent).articles.map(a => a[0])")
    last = len(ids) - 1
    tab.click(f"#geometry rect.r[data-idx='{last}']")
    assert tab.evaluate("document.querySelector('.art-item.selected').dataset.id") == ids[last]
    marked = tab.evaluate("[...document.querySelectorAll('#geometry rect.r.hl')].map(r => r.dataset.idx)")
    assert marked and set(marked) == {str(last)}
    assert tab.evaluate("document.querySelectorAll('#lines > p.hl').length") > 0
    assert browser.errors == []
