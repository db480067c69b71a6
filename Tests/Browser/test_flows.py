"""The web interface driven through headless Chromium against a real `vantage serve`: register,
sign out and in, add a monitor with Test then Save, run a traceroute and watch its hops, create a
webhook channel and press Test, approve an agent and assign a monitor to it, keys, members,
logs, a host over SSH, connections on a map, a phone-width dark page by keyboard, and a public
status page. Every page is screenshotted; no page may log a console error or ask any host but
the server for anything."""
import json
import time
import unittest
import urllib.request
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select

from flow_case import PASSWORD, FlowCase
from harness import requested_urls


class WebInterfaceFlows(FlowCase):
    # The flows, in order (unittest runs them by name) -------------------------------------

    def test_1_register_sign_out_and_in(self):
        self.go("")
        self.wait("h1", "Sign in")
        self.shot("01-sign-in")
        self.click("Register", css="a")
        self.wait("h1", "Register")
        self.type("E-mail", "ada@example.org")
        self.type("User name", "ada")
        self.type("Password", PASSWORD)
        self.shot("02-register")
        self.click("Create account")
        self.wait("h1", "Monitors")
        self.wait("p.count", "No monitors yet")
        cookies = {cookie["name"]: cookie for cookie in self.driver.get_cookies()}
        session = cookies["vantage_session"]
        self.assertTrue(session["httpOnly"])
        self.assertEqual(session["sameSite"], "Strict")
        self.assertIsNone(self.driver.execute_script("return window.localStorage.getItem('token')"))
        self.assertNotIn("vantage_session", self.driver.execute_script("return document.cookie"))
        self.click("Sign out")
        self.wait("h1", "Sign in")
        # first-user registration: with ada registered, the register link is gone.
        link = self.wait("p[data-registration='first-user']")
        self.assertFalse(link.is_displayed())
        self.type("E-mail or user name", "ada")
        self.type("Password", PASSWORD)
        self.click("Sign in", css="button[type=submit]")
        self.wait("h1", "Monitors")
        self.collect()

    def test_2_add_a_monitor_with_test_then_save(self):
        self.go("#/monitors")
        self.click("Add monitor", css="a")
        self.wait("h1", "Add monitor")
        self.type("Name", "Local listener")
        Select(self.field("Kind")).select_by_value("tcp")
        self.type("Target", f"127.0.0.1:{self.listener.port}")
        self.type("Interval (s)", "5")
        self.click("Test")
        outcome = self.wait(".test-outcome", "up")
        self.assertIn("Test:", outcome.text)
        self.shot("03-monitor-form-tested")
        self.click("Save")
        self.wait("h1", "Local listener")
        self.wait(".summary .status-up", timeout=30)
        self.wait(".figure", "Uptime 24h")
        self.wait(".chart canvas")
        self.shot("04-monitor-detail")
        self.go("#/monitors")
        row = self.wait(".monitor-row", "Local listener")
        self.assertIn("127.0.0.1", row.text)
        self.wait(".monitor-row svg.bars")
        self.shot("05-monitor-list")
        # A search the server answers.
        self.type("Search", "nothing matches this")
        self.wait("p.count", "0 monitors")
        self.type("Search", "listener")
        self.wait("p.count", "1 monitor")
        self.collect()

    def test_3_traceroute_hops_appear(self):
        self.go("#/probes")
        self.wait("h1", "Probes")
        Select(self.field("Probe")).select_by_value("traceroute")
        self.click("Options", css="summary")
        method = Select(self.field("Method"))  # a closed set: a choice, not a text box
        self.assertEqual([option.text for option in method.options], ["icmp", "udp", "tcp"])
        self.assertEqual(method.first_selected_option.text, "icmp")
        self.type("Target", "127.0.0.1")
        self.click("Run")
        hop = self.wait("table.hops tbody tr", "127.0.0.1", timeout=60)
        self.assertTrue(hop.text.startswith("1"))
        self.assertIn("France", hop.text, "the hop carries its GeoIP country")
        self.wait(".probe-output .status", timeout=60)
        # The located hop on the offline world map, numbered by hop, with its title.
        place = self.wait(".hop-map svg.world-map g.place")
        self.assertEqual(place.find_element(By.CSS_SELECTOR, "text").text, "1")
        self.assertIn("Paris", place.find_element(By.TAG_NAME, "title").get_attribute("textContent"))
        self.shot("06-traceroute")
        self.wait("table tbody tr", "traceroute")
        self.collect()

    def test_3b_trace_from_this_server_with_export(self):
        self.go("#/traces")
        self.wait("h1", "Traces")
        self.type("Target", "127.0.0.1")
        self.type("Rounds", "2")
        self.click("Trace")
        self.wait(".trace-column table.hops tbody tr", "127.0.0.1", timeout=60)
        self.wait(".trace-column .origin-state .status", timeout=60)
        self.shot("06b-traces")
        link = self.wait("a", "CSV")
        csv = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done(String(e)))",
            link.get_attribute("href"))
        self.assertIn("127.0.0.1", csv)
        self.assertTrue(csv.startswith("origin,hop,host,loss_pct"), csv[:200])
        self.wait("section h2", "History")
        self.wait("table tbody tr", "127.0.0.1")
        self.collect()

    def test_4_webhook_channel_test_reaches_the_receiver(self):
        self.go("#/alerting")
        self.wait("h1", "Alerting")
        self.type("Name", "local hook")
        Select(self.field("Type")).select_by_value("webhook")
        settings = self.field("Settings (JSON)")
        settings.clear()
        settings.send_keys('{"url": "http://127.0.0.1:%d/hook", "secret": "a-long-signing-secret"}' % self.receiver.port)
        self.click("Add channel")
        self.wait("table.channels tbody tr", "local hook")
        self.click("Test")
        self.wait(".test-outcome", "delivered", timeout=30)
        self.shot("07-alerting")
        self.assertTrue(any(item["path"] == "/hook" for item in self.receiver.received), self.receiver.received)
        self.assertNotIn("a-long-signing-secret", self.driver.page_source)
        # A rule that sends the monitors' downs to the channel, and a one-off and a weekly maintenance window.
        self.type("Rule name", "page on down")
        self.assertTrue(self.driver.find_element(By.CSS_SELECTOR, "input[id^=rule-channel-]").is_selected())
        self.click("Add rule")
        self.wait("table.rules tbody tr", "page on down")
        # Edited in place: the same form, saved with PATCH.
        self.click("Edit", css="table.rules button")
        self.wait("form h3", "Edit page on down")
        Select(self.field("Severity")).select_by_value("critical")
        self.click("Save rule")
        self.wait("table.rules tbody tr", "critical")
        self.wait("form h3", "Add a rule")
        self.type("Window name", "database upgrade")
        for label, value in [("Starts", "2030-01-05T02:00"), ("Ends", "2030-01-05T03:00")]:
            self.driver.execute_script("arguments[0].value = arguments[1]", self.field(label), value)
        self.click("Add window")
        self.wait("table.windows tbody tr", "database upgrade")
        # A weekly window: Sundays at 03:30 in Berlin for 45 minutes.
        self.type("Window name", "sunday backups")
        Select(self.field("Repeats")).select_by_value("weekly")
        self.assertFalse(self.driver.find_element(By.NAME, "start").is_displayed(), "a weekly window has no start date")
        self.driver.find_element(By.ID, "window-day-sun").click()
        self.driver.execute_script("arguments[0].value = arguments[1]", self.field("At (local time)"), "03:30")
        self.type("For (minutes)", "45")
        self.type("Time zone", "Europe/Berlin")
        self.click("Add window")
        row = self.wait("table.windows tbody tr", "sunday backups")
        self.assertIn("sun 03:30 Europe/Berlin, for 45 min", row.text)
        self.shot("07b-alert-rules-and-maintenance")
        self.collect()

    def test_5_approve_an_agent(self):
        agent = self.server.agent("browser-edge")
        try:
            self.go("#/agents")
            self.wait("h1", "Agents")
            deadline = time.time() + 60
            while time.time() < deadline and "browser-edge" not in self.driver.find_element(By.TAG_NAME, "main").text:
                time.sleep(1)
                self.driver.refresh()
            self.wait("button", "Approve", timeout=30)
            self.shot("08-agents-pending")
            self.click("Approve")
            self.wait("section", "Approved (1)", timeout=30)
            self.shot("09-agents-approved")
            agent_id = self.wait("table.agents tbody tr code").text
            # Assign a monitor to it: "Runs from" in the monitor's form lists the approved agent.
            self.go("#/monitors/new")
            self.wait("h1", "Add monitor")
            self.type("Name", "From the edge")
            Select(self.field("Kind")).select_by_value("tcp")
            self.type("Target", f"127.0.0.1:{self.listener.port}")
            self.field("agent browser-edge").click()
            self.field("this server").click()  # the agent only
            self.click("Save")
            self.wait("h1", "From the edge")
            monitor_id = self.driver.current_url.rsplit("/", 1)[-1]
            request = urllib.request.Request(f"{self.server.url}/api/v1/monitors/{monitor_id}", headers={"Authorization": f"Bearer {self.admin_token()}"})
            with urllib.request.urlopen(request, timeout=20) as response:
                self.assertEqual(json.loads(response.read())["locations"], [agent_id])
        finally:
            agent.terminate()
            agent.wait(20)
        self.collect()

    def test_6_api_key_shown_once_then_logs_found(self):
        self.go("#/settings")
        self.wait("h1", "Settings")
        self.type("Name", "log shipper")
        self.driver.find_element(By.ID, "scope-ingest").click()
        self.click("Create key")
        secret = self.wait(".secret-value").text
        self.assertTrue(secret.startswith("vk_") or len(secret) > 20, secret)
        type(self).ingest_key = secret  # for the connections flow
        self.wait("table tbody tr", "log shipper")
        self.wait("table tbody tr", "ada")  # the members table
        # Add an existing account by its e-mail address (an administrator made it).
        self.post("/api/v1/users", {"email": "grace@example.org", "username": "grace", "password": PASSWORD},
                  {"Authorization": f"Bearer {self.admin_token()}"}, status=201)
        self.type("Account", "grace@example.org")
        Select(self.field("Role")).select_by_value("viewer")
        self.click("Add member")
        row = self.wait("table tbody tr", "grace")
        self.assertEqual(Select(row.find_element(By.TAG_NAME, "select")).first_selected_option.text, "viewer")
        self.shot("10-settings")
        self.post("/api/v1/logs/ingest", [{"level": "error", "message": "disk almost full on db-1", "source": "db-1"}], {"X-API-Key": secret})
        self.go("#/monitors")
        self.wait("h1", "Monitors")
        self.go("#/settings")
        self.wait("table tbody tr", "log shipper")
        self.assertNotIn(secret, self.driver.page_source, "the key is shown once only")
        self.go("#/logs")
        self.wait("h1", "Logs")
        self.type("Words", "almost full")
        self.click("Search")
        self.wait("table.logs tbody tr", "disk almost full on db-1")
        self.shot("11-logs")
        # Following: a line sent now appears without another search (the live stream's logs topic).
        self.type("Words", "")
        self.click("Search")
        self.wait("table.logs caption", "1 line")
        self.wait("#logs-follow[data-live='true']")  # subscribed to the logs topic
        self.post("/api/v1/logs/ingest", [{"level": "warning", "message": "replica lag 12 s on db-2", "source": "db-2"}], {"X-API-Key": secret})
        self.wait("table.logs tbody tr", "replica lag 12 s on db-2")
        self.collect()

    def test_6b_a_host_over_ssh(self):
        self.go("#/hosts")
        self.wait("h1", "Hosts")
        self.wait("main p", "No host yet")
        # A host over SSH (the fixture sshd): Test connection, Save, then its readings.
        self.type("Name", "ssh-box")
        self.type("Address", "127.0.0.1")
        self.type("Port", str(self.sshd.port))
        self.type("User name", "vssh-password")
        self.type("Password", "fixture-pass")
        self.type("Collect every (s)", "2")
        self.click("Test connection")
        self.wait(".host-test p", "connected and signed in", timeout=30)
        self.assertIn("SHA256:", self.driver.find_element(By.CSS_SELECTOR, ".host-test p").text)
        self.click("Save host")
        self.wait("table tbody tr", "ssh-box")
        self.wait("table tbody tr", "● online", timeout=60)
        self.shot("12-hosts")
        self.click("ssh-box", css="a")
        self.wait("h1", "ssh-box")
        self.wait("dl.facts dt", timeout=60)
        self.wait("section table tbody tr", timeout=60)  # the process list
        # Readings arrive over the live stream: the CPU chart fills without a reload.
        self.wait(".chart canvas", timeout=60)
        self.driver.execute_script("window.scrollTo(0, 0)")
        self.shot("12b-host-detail")
        self.collect()

    def test_6c_connections_on_a_map(self):
        # Two connections to places the test GeoIP database knows: two circles on the map.
        started = int(time.time()) - 60
        records = [{"source": {"address": "10.0.0.5"}, "destination": {"address": address, "port": 443}, "protocol": "tcp",
                    "bytesSent": sent, "bytesReceived": 0, "startedAt": started} for address, sent in [("198.51.100.7", 5000), ("203.0.113.9", 800)]]
        self.post("/api/v1/connections", {"connections": records}, {"X-API-Key": type(self).ingest_key}, status=202)
        self.go("#/connections")
        self.wait("h1", "Connections")
        self.wait("svg.world-map g.place")
        titles = [element.get_attribute("textContent") for element in self.driver.find_elements(By.CSS_SELECTOR, "svg.world-map g.place title")]
        self.assertEqual(len(titles), 2, titles)
        self.assertTrue(any("Tokyo" in title for title in titles) and any("São Paulo" in title for title in titles), titles)
        self.wait("table tbody tr", "198.51.100.7:443")
        self.shot("13-connections")
        self.collect()

    def test_7_phone_width_dark_theme_and_keyboard(self):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        self.driver.set_window_size(390, 844)
        try:
            self.go("#/monitors")
            self.wait(".monitor-row", "Local listener")
            background = self.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            self.assertEqual(background, "rgb(18, 22, 20)", "the dark theme follows the system")
            width = self.driver.execute_script("return document.documentElement.scrollWidth")
            self.assertLessEqual(width, 390, "nothing wider than a phone's screen")
            self.shot("14-phone-dark-monitors")
            # Keyboard: a page takes the focus when it opens; Tab reaches its first control,
            # Enter follows it.
            self.assertEqual(self.driver.switch_to.active_element.get_attribute("id"), "main")
            self.driver.switch_to.active_element.send_keys(Keys.TAB)
            self.assertEqual(self.driver.switch_to.active_element.text, "Add monitor")
            self.driver.switch_to.active_element.send_keys(Keys.ENTER)
            self.wait("h1", "Add monitor")
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
            self.driver.set_window_size(1280, 900)
        self.collect()

    def test_8_public_status_page_signed_out(self):
        self.go("#/status-pages")
        self.wait("h1", "Status pages")
        self.click("New status page")
        self.type("Slug", "acme")
        self.type("Title", "Acme status")
        self.driver.find_element(By.ID, "sp-published").click()
        finder = self.driver.find_element(By.CSS_SELECTOR, "input[aria-label='Find a monitor for group 1']")
        finder.send_keys("listener")
        self.click("Add Local listener")
        self.wait("ul.chosen li", "Local listener")
        self.shot("15-status-page-form")
        self.click("Save page")
        self.wait("table tbody tr", "/status/acme")
        # Signed out: the public page needs no session.
        self.click("Sign out")
        self.wait("h1", "Sign in")
        self.assertNotIn("vantage_session", {cookie["name"] for cookie in self.driver.get_cookies()})
        self.driver.get(f"{self.server.url}/status/acme")
        self.wait("h1", "Acme status")
        self.wait(".status-monitor", "Local listener")
        self.wait(".overall", "operational", timeout=30)
        self.assertNotIn(f"127.0.0.1:{self.listener.port}", self.driver.page_source, "targets are hidden unless chosen")
        self.click("90 days")
        self.wait("button[aria-pressed=true]", "90 days")
        self.shot("16-public-status-page")
        self.collect()
        # An unknown page says so; its one console entry is the API's 404, which is expected.
        self.driver.get(f"{self.server.url}/status/no-such-page")
        self.wait("h1", "No such status page")
        severe = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        self.assertTrue(all("/api/v1/public/status-pages/no-such-page" in message and "404" in message for message in severe), severe)
        self.requests += requested_urls(self.driver)

    def test_9_no_console_errors_and_no_other_host(self):
        self.collect()
        self.maxDiff = None
        self.assertEqual(self.console, [], "console errors")
        hosts = {urlparse(url).netloc for url in self.requests if urlparse(url).scheme in ("http", "https", "ws", "wss")}
        self.assertEqual(hosts, {f"127.0.0.1:{self.server.port}"}, f"requests went to {hosts}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
