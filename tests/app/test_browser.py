"""The classroom app end to end: ``peacesim app`` served, driven in real headless Chromium.

Debian's Chromium (``apt-get install chromium``), never a browser downloaded by
``playwright install``. Screenshots go to ``out/app-test/``.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "out" / "app-test"
SERVER_START_SECONDS = 180
SLIDER = "Russia: cost of fighting on"
TITLE = "peacesim classroom: istanbul-2022"
#: Console warnings of the app's dependencies, not of its code, by the script that logs them:
#: jupyter-vue falls back to its older way of reading a Vue template's script.
THIRD_PARTY_WARNINGS = ("jupyter-vue/nodeps.js",)
#: Rounds run after the reset: enough for the mediators' text and the zone to show.
ROUNDS_AFTER_RESET = 5

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)
if importlib.util.find_spec("playwright") is None or importlib.util.find_spec("solara") is None:
    if os.environ.get("CI"):  # CI installs the app extra: its absence there is a failure
        raise ImportError("the app extra is not installed: pip install -e '.[app]'")
    pytest.skip("the app extra is not installed (pip install -e '.[app]')", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {SERVER_START_SECONDS} s")


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("app") / "server.log"


@pytest.fixture(scope="module")
def app_url(server_log):
    """``peacesim app`` on a free port, in its own process group, stopped at the end."""
    port = free_port()
    log = server_log.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "app", "istanbul-2022", "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: solara's children stop with it
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_served(url, server)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


@pytest.fixture
def browser_page(app_url):
    """The app's page in headless Chromium, and the list its console errors go to
    (warnings too, but those of a dependency listed in THIRD_PARTY_WARNINGS)."""
    errors: list[str] = []

    def on_console(message) -> None:
        source = message.location.get("url", "")
        if message.type == "error" or (
            message.type == "warning" and not any(s in source for s in THIRD_PARTY_WARNINGS)
        ):
            errors.append(f"{message.type}: {message.text} ({source})")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1800})
        page.on("console", on_console)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(app_url)
        yield page, errors
        browser.close()


def zone_chart(page: Page) -> str:
    """The zone chart's image as the browser has it (a data URL)."""
    image = page.locator(".zone-view img")
    expect(image).to_be_visible(timeout=60_000)
    return image.get_attribute("src")


def test_step_slider_and_reset_in_chromium(browser_page, app_url, server_log):
    page, errors = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    step = page.get_by_role("button", name="Step", exact=True)
    expect(step).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Step: 0")).to_be_visible()
    expect(page).to_have_title(TITLE)
    icon = urllib.request.urlopen(f"{app_url}static/assets/favicon.svg", timeout=10).read()
    assert icon == (ROOT / "sim" / "app" / "assets" / "favicon.svg").read_bytes()
    page.screenshot(path=SHOTS / "01-loaded.png", full_page=True)

    step.click()
    expect(page.get_by_text("Step: 1")).to_be_visible(timeout=60_000)
    first = zone_chart(page)
    step.click()
    expect(page.get_by_text("Step: 2")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Offers on the frontier after round 2")).to_be_visible()
    assert zone_chart(page) != first, "the zone chart did not change after a step"
    page.screenshot(path=SHOTS / "02-two-rounds.png", full_page=True)

    slider = page.get_by_role("slider", name=SLIDER)
    before = float(slider.get_attribute("aria-valuenow"))
    slider.focus()
    slider.press("ArrowRight")
    expect(slider).not_to_have_attribute("aria-valuenow", str(before))
    after = float(slider.get_attribute("aria-valuenow"))
    assert after > before

    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Step: 0")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"war_cost_russia = {after:g}")).to_be_visible(timeout=60_000)
    for n in range(1, ROUNDS_AFTER_RESET + 1):
        step.click()
        expect(page.get_by_text(f"Step: {n}")).to_be_visible(timeout=60_000)
    page.screenshot(path=SHOTS / "03-after-reset.png", full_page=True)
    assert errors == [], errors
    warned = [line for line in server_log.read_text().splitlines() if "Warning" in line]
    assert warned == [], warned  # the teacher's terminal stays clean
