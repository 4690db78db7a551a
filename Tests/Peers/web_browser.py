#!/usr/bin/env python3
"""Drives the village web app in Debian's headless chromium (selenium + chromium-driver) the way
its users would, and prints what they saw as JSON for the Swift test to check:

- household: logs in, reads the month balance figures, then asks for another unit's page and the
  manager's page (both must be refused);
- manager: reads the next plan, submits a bad reserve (refused next to the field), then sets a
  reserve SoC at the plan's weakest hour and reads the new plan at that time;
- researcher: downloads an export through the form.

Screenshots of every page go to --shots. Usage:
web_browser.py --url URL --accounts FILE --shots DIR --downloads DIR --soc-max PCT --export-from D --export-to D
"""
import argparse
import json
import os
import sys

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,2000", "--lang=en-US"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False,
        "intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(120)
    return driver


def login(driver, url, username, password):
    driver.get(url + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    button = driver.find_element(By.ID, "login")
    button.click()
    wait_for_next_page(driver, button, 60)


def wait_for_next_page(driver, element, seconds):
    """Waits until the page that held `element` has been replaced and the next one has loaded.

    While the next page loads, chromium may answer a question about a node of the old document with
    an inspector error rather than "stale element": that means the old page is gone too.
    """
    def replaced(d):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return d.execute_script("return document.readyState") == "complete"

    WebDriverWait(driver, seconds, ignored_exceptions=(WebDriverException,)).until(replaced)


def shot(driver, shots, name, width=None):
    if width:
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, 900), 6000))
    driver.save_screenshot(os.path.join(shots, name + ".png"))
    if width:
        driver.set_window_size(1280, 2000)


def by_attribute(driver, attribute):
    return {e.get_attribute(attribute): e.get_attribute("textContent") for e in
            driver.find_elements(By.CSS_SELECTOR, "[%s]" % attribute)}


def refusal(driver):
    found = driver.find_elements(By.ID, "message")
    return found[0].get_attribute("data-status") if found else None


def household(args, accounts):
    driver = browser(args.downloads)
    seen = {}
    try:
        user, password = accounts["household"]
        login(driver, args.url, user, password)
        seen["url"] = driver.current_url
        seen["household"] = driver.find_element(By.ID, "household").text
        seen["month"] = driver.find_element(By.ID, "month").text
        seen["figures"] = by_attribute(driver, "data-figure")
        seen["flows"] = by_attribute(driver, "data-flow")
        seen["savings"] = driver.find_element(By.ID, "savings").text
        seen["chart"] = len(driver.find_elements(By.CSS_SELECTOR, "#flows svg path.series"))
        seen["tradesText"] = driver.find_element(By.ID, "trades").text
        shot(driver, args.shots, "household-page", width=1100)
        shot(driver, args.shots, "household-page-phone", width=390)
        driver.get(args.url + "/household?lang=ko")
        seen["koreanHeading"] = driver.find_element(By.CSS_SELECTOR, "#balance h2").text
        seen["koreanFigures"] = by_attribute(driver, "data-figure")
        shot(driver, args.shots, "household-page-ko", width=390)
        driver.get(args.url + "/household?lang=en")
        driver.get(args.url + "/household?household=" + args.other_household)
        seen["otherHousehold"] = refusal(driver)
        seen["otherHouseholdText"] = driver.find_element(By.TAG_NAME, "main").text
        shot(driver, args.shots, "household-other-refused")
        driver.get(args.url + "/manager")
        seen["managerPage"] = refusal(driver)
        driver.get(args.url + "/researcher/export?table=intervals&format=csv&resolution=1h&from=%s&to=%s"
                   % (args.export_from, args.export_to))
        seen["researcherExport"] = refusal(driver)
        driver.get(args.url + "/household")
        button = driver.find_element(By.ID, "logout")
        button.click()
        wait_for_next_page(driver, button, 30)
        driver.get(args.url + "/household")
        seen["afterLogout"] = driver.current_url
    finally:
        driver.quit()
    return seen


def plan_steps(driver):
    return [(row.get_attribute("data-time"), float(row.get_attribute("data-soc")))
            for row in driver.find_elements(By.CSS_SELECTOR, "#plan-steps tbody tr")]


def submit_settings(driver, values):
    for name, value in values.items():
        field = driver.find_element(By.ID, name)
        field.clear()
        field.send_keys(value)
    button = driver.find_element(By.ID, "save-settings")
    button.click()
    # The old page goes first (it may carry a marker of the last submission), then the answer.
    wait_for_next_page(driver, button, 120)
    WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.ID, "settings-saved")
                                     or d.find_elements(By.ID, "settings-refused"))


def manager(args, accounts):
    driver = browser(args.downloads)
    seen = {}
    try:
        user, password = accounts["manager"]
        login(driver, args.url, user, password)
        seen["url"] = driver.current_url
        seen["planError"] = [e.text for e in driver.find_elements(By.ID, "plan-error")]
        before = plan_steps(driver)
        seen["stepsBefore"] = len(before)
        seen["chartSeries"] = len(driver.find_elements(By.CSS_SELECTOR, "#plan svg .series"))
        seen["comparison"] = [e.get_attribute("data-strategy") for e in
                              driver.find_elements(By.CSS_SELECTOR, "#comparison tr[data-strategy]")]
        shot(driver, args.shots, "manager-page", width=1280)
        # The weakest point of the plan at least four hours ahead: a reserve there must change it.
        ahead = before[16:]
        time_of_day, soc_before = min(ahead, key=lambda step: step[1])
        reserve = round(min(soc_before + 30, args.soc_max - 1))
        seen["reserveBy"], seen["socBefore"], seen["reservePct"] = time_of_day, soc_before, reserve
        seen["auditBefore"] = len(driver.find_elements(By.CSS_SELECTOR, ".audit-entry"))

        submit_settings(driver, {"reservePct": "150", "reserveBy": time_of_day})
        seen["badStatus"] = bool(driver.find_elements(By.ID, "settings-refused"))
        errors = driver.find_elements(By.ID, "reservePct-error")
        seen["badFieldError"] = errors[0].text if errors else None
        seen["badFieldNextToInput"] = bool(driver.find_elements(
            By.CSS_SELECTOR, ".field.invalid #reservePct + #reservePct-error"))
        seen["auditAfterBad"] = len(driver.find_elements(By.CSS_SELECTOR, ".audit-entry"))
        shot(driver, args.shots, "manager-settings-refused", width=1280)

        submit_settings(driver, {"reservePct": str(reserve), "reserveBy": time_of_day})
        seen["saved"] = bool(driver.find_elements(By.ID, "settings-saved"))
        seen["planErrorAfter"] = [e.text for e in driver.find_elements(By.ID, "plan-error")]
        after = dict(plan_steps(driver))
        seen["socAfter"] = after.get(time_of_day)
        seen["reserveShown"] = [e.text for e in driver.find_elements(By.ID, "plan-reserve")]
        seen["audit"] = [[c.text for c in row.find_elements(By.TAG_NAME, "td")] for row in
                         driver.find_elements(By.CSS_SELECTOR, ".audit-entry")]
        seen["formReserve"] = driver.find_element(By.ID, "reservePct").get_attribute("value")
        shot(driver, args.shots, "manager-page-after", width=1280)
        driver.get(args.url + "/household?household=101")
        seen["householdPage"] = refusal(driver)
    finally:
        driver.quit()
    return seen


def researcher(args, accounts):
    driver = browser(args.downloads)
    seen = {}
    try:
        user, password = accounts["researcher"]
        login(driver, args.url, user, password)
        seen["url"] = driver.current_url
        Select(driver.find_element(By.ID, "table")).select_by_value("intervals")
        Select(driver.find_element(By.ID, "format")).select_by_value("csv")
        Select(driver.find_element(By.ID, "resolution")).select_by_value("1h")
        driver.find_element(By.ID, "from").send_keys(args.export_from)
        driver.find_element(By.ID, "to").send_keys(args.export_to)
        shot(driver, args.shots, "researcher-page", width=390)
        driver.find_element(By.ID, "download").click()
        expected = os.path.join(args.downloads, "village-%s-intervals.csv" % args.export_from)
        # Chrome writes NAME.crdownload and renames it when done: wait for the final name.
        WebDriverWait(driver, 120, poll_frequency=0.2).until(lambda d: os.path.exists(expected))
        seen["file"] = expected
        driver.get(args.url + "/household?household=101")
        seen["householdPage"] = refusal(driver)
    finally:
        driver.quit()
    return seen


def main():
    parser = argparse.ArgumentParser()
    for name in ("--url", "--accounts", "--shots", "--downloads", "--other-household", "--export-from",
                 "--export-to"):
        parser.add_argument(name, required=True)
    parser.add_argument("--soc-max", type=float, required=True)
    args = parser.parse_args()
    with open(args.accounts) as handle:
        accounts = json.load(handle)
    result = {"household": household(args, accounts), "manager": manager(args, accounts),
              "researcher": researcher(args, accounts)}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
