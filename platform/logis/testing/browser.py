"""Headless Chromium for the browser tests: Selenium over Debian's ``chromium`` and ``chromium-driver``.

One way to start it for every area's journeys. Missing tools skip the test on a
developer's machine and fail it on CI (``CI`` set), where they must be installed.
"""

import os
import shutil

import pytest

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update")


def chromium(window="1280,1000"):
    """A Selenium driver of headless Chromium, in French, ``window`` wide and high; the caller quits it."""
    binary, driver_path = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if binary is None or driver_path is None:
        message = "Chromium absent : installez-le avec « apt-get install -y chromium chromium-driver »"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*FLAGS, f"--window-size={window}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})  # the interface in French
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    return driver
