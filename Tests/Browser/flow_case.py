"""The base of the browser flows: a real `vantage serve` (with a GeoIP City database), a
webhook receiver, a TCP listener, the fixture sshd and headless Chromium, and the helpers the
flows use to drive the page by its labels."""
import json
import unittest
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from harness import ARTIFACTS, Listener, Receiver, Server, SSHServer, browser, requested_urls

PASSWORD = "browser-pass-42"


class FlowCase(unittest.TestCase):
    """The servers, the browser and the helpers the flows share: one server for the whole class,
    so the flows build on each other in name order."""

    @classmethod
    def setUpClass(cls):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        cls.server = Server()
        cls.receiver = Receiver()
        cls.listener = Listener()
        cls.sshd = SSHServer()
        cls.driver = browser()
        cls.requests = []
        cls.console = []

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()
        cls.receiver.stop()
        cls.sshd.stop()

    # Helpers -------------------------------------------------------------------------------

    def wait(self, css, text=None, timeout=20):
        """The first element matching `css` (containing `text`), waited for."""
        def found(driver):
            try:
                for element in driver.find_elements(By.CSS_SELECTOR, css):
                    if text is None or text in element.text:
                        return element
            except StaleElementReferenceException:
                pass  # the page re-rendered while we looked: look again
            return False
        try:
            return WebDriverWait(self.driver, timeout).until(found)
        except TimeoutException:
            self.shot(f"timeout-{css}")
            self.fail(f"no {css!r}{' with ' + repr(text) if text else ''} within {timeout} s; page: {self.driver.find_element(By.TAG_NAME, 'main').text[:500]}")

    def field(self, label):
        """The control labelled `label` in the page (every control has a label)."""
        label_element = self.wait("label", text=label)
        return self.driver.find_element(By.ID, label_element.get_attribute("for"))

    def type(self, label, text):
        control = self.field(label)
        control.clear()
        control.send_keys(text)

    def click(self, text, css="button"):
        self.wait(css, text=text).click()

    def shot(self, name):
        self.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))

    def collect(self):
        """Console messages and requests since the last call, checked at the end."""
        self.requests += requested_urls(self.driver)
        self.console += [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def admin_token(self):
        """A bearer token of ada (the server's administrator), from the API's login."""
        request = urllib.request.Request(f"{self.server.url}/api/v1/auth/login", method="POST",
                                         data=json.dumps({"login": "ada", "password": PASSWORD}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read())["token"]

    def post(self, path, body, headers, status=None):
        """A JSON POST to the server outside the browser (a producer, an administrator's tool);
        the answer's status must be `status` when given, below 300 otherwise."""
        request = urllib.request.Request(f"{self.server.url}{path}", method="POST", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", **headers})
        with urllib.request.urlopen(request, timeout=20) as response:
            if status is None:
                self.assertLess(response.status, 300)
            else:
                self.assertEqual(response.status, status)

    def go(self, hash_route):
        self.driver.get(f"{self.server.url}/{hash_route}")
