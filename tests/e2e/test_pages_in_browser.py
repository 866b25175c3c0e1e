"""The HTML pages in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver`) renders the report and a dossier, and every key text and every chart must
be visible on screen. Each page's screenshot is saved and its path printed.

Selenium drives Chromium through Debian's chromedriver, built from the same source as the
browser, so the two always match and nothing is downloaded; `is_displayed()` is WebDriver's
own visibility check (rendered, not hidden, not zero-sized). `.ci/run` installs the packages
when missing and sets PIPELINE_REQUIRE_BROWSER=1, so there a missing browser fails the run.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.story import END, TARO
from tests.e2e.cli_support import at_clock, make_demo, run

pytestmark = pytest.mark.browser
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1000,1400",
)

REPORT_TEXTS = ("音信不通と回復のレポート", "連絡継続の日数ごとの回復率", "ミライテック", "担当別")
DOSSIER_TEXTS = ("求職者記録", "山田 太郎", "送信ボックスに記録された", "最終調整", "検証済み")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    missing = [str(p) for p in (CHROMIUM, DRIVER) if not p.exists()]
    if missing:
        why = f"{', '.join(missing)} missing: apt-get install -y chromium chromium-driver"
        if os.environ.get("PIPELINE_REQUIRE_BROWSER") == "1":
            pytest.fail(why)
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, year_db: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    demo, _ = make_demo(folder)
    made = {"report": folder / "report.html", "dossier": folder / "dossier.html"}
    session = at_clock(END)
    report = ["--db", str(year_db), "--lang", "ja", "report", "--html", str(made["report"])]
    assert run(report, session).exit_code == 0
    dossier = ["--db", str(demo), "--lang", "ja", "audit", "dossier", TARO, "--html"]
    assert run([*dossier, str(made["dossier"])], at_clock(END)).exit_code == 0
    return made


def visible_text(driver: object, text: str) -> bool:
    from selenium.webdriver.common.by import By

    xpath = f"//body//*[contains(text(), {text!r})]"
    found = driver.find_elements(By.XPATH, xpath)  # type: ignore[attr-defined]
    return bool(found) and all(element.is_displayed() for element in found)


def screenshot(driver: object, name: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    shot = driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    path = folder / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    with capsys.disabled():
        print(f"\nscreenshot of the {name} page: {path}")
    return path


def charts(driver: object) -> list[object]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, "figure.chart svg"))  # type: ignore[attr-defined]


def test_the_report_page_shows_its_key_texts_and_every_chart(
    browser: object, pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    browser.get(pages["report"].as_uri())  # type: ignore[attr-defined]
    for text in (
        "音信不通と回復のレポート",
        "連絡継続の日数ごとの回復率",
        "株式会社ミライテック",
        "担当別",
    ):
        assert visible_text(browser, text), text
    drawn = charts(browser)
    assert len(drawn) == 3
    for chart in drawn:
        size = chart.size  # type: ignore[attr-defined]
        assert chart.is_displayed() and size["width"] > 300 and size["height"] > 100  # type: ignore[attr-defined]
    path = screenshot(browser, "report", pages["report"].parent, capsys)
    assert path.stat().st_size > 10_000


def test_the_dossier_page_shows_the_story_the_messages_and_the_chain(
    browser: object, pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    browser.get(pages["dossier"].as_uri())  # type: ignore[attr-defined]
    for text in (
        "求職者記録",
        "山田 太郎",
        "送信ボックスに記録されたメッセージ",
        "最終調整",
        "検証済み",
    ):
        assert visible_text(browser, text), text
    assert charts(browser) == []
    path = screenshot(browser, "dossier", pages["dossier"].parent, capsys)
    assert path.stat().st_size > 10_000
    assert shutil.which("chromium") or CHROMIUM.exists()
