package io.github.subnetsim.examples;

import static io.github.subnetsim.assertions.OutcallMatchers.agreedBy;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import mockwebserver3.MockWebServer;

import io.github.subnetsim.HttpRequestArgs;
import io.github.subnetsim.OutcallResult;
import io.github.subnetsim.Subnet;
import io.github.subnetsim.Transform;
import io.github.subnetsim.internal.report.HtmlReport;
import io.github.subnetsim.internal.report.OutcallReportListener;
import io.github.subnetsim.junit.SimulatedSubnet;
import io.github.subnetsim.perturb.Perturbation;
import io.github.subnetsim.perturb.Replicas;
import io.github.subnetsim.server.MockServers;
import io.github.subnetsim.transform.Transforms;

/**
 * report.html in a real browser: a run of three tests (one agrees, one diverges and fails, one has a silent and two
 * late replicas) is written by the report listener, loaded in headless Chromium from a file URL, and its DOM checked;
 * a screenshot goes to {@code target/subnet-sim-browser/report.png}. A second test measures a page of 1,000 outcalls.
 */
class HtmlReportBrowserTest {

	static final Path OUT = Path.of("target", "subnet-sim-browser");

	/** The run the report is written from; not run on its own (Surefire skips nested classes). */
	@SimulatedSubnet(seed = 42)
	static class Run {
		@Test
		void agreesWithATransform(Subnet subnet, MockWebServer server) {
			PriceFeedExampleTest.serveExchangeRates(server);
			assertThat(subnet.httpRequest(withPriceOnly(server)), agreedBy(13));
		}

		@Test
		void divergesWithoutATransform(Subnet subnet, MockWebServer server) {
			PriceFeedExampleTest.serveExchangeRates(server);
			assertThat(subnet.httpRequest(plain(server)), agreedBy(13)); // fails: the page must link to it
		}

		@Test
		void oneSilentTwoLate(MockWebServer server) {
			PriceFeedExampleTest.serveExchangeRates(server);
			try (Subnet subnet = silentAndLate()) {
				assertTrue(subnet.httpRequest(withPriceOnly(server)).isReply());
			}
		}
	}

	static HttpRequestArgs plain(MockWebServer server) {
		return HttpRequestArgs.get(server.url("/rates").toString()).maxResponseBytes(2_000L).cycles(100_000_000_000L).build();
	}

	static HttpRequestArgs withPriceOnly(MockWebServer server) {
		return HttpRequestArgs.get(server.url("/rates").toString()).maxResponseBytes(2_000L).cycles(100_000_000_000L)
				.transform(Transform.of("transform", Transforms.compose(Transforms.dropAllHeaders(), Transforms.extractJson("/price")))).build();
	}

	static Subnet silentAndLate() {
		return Subnet.builder().replicas(13).seed(7).perturb(Replicas.of(4), Perturbation.silent())
				.perturb(Replicas.of(11, 12), Perturbation.latency(Duration.ofSeconds(3))).build();
	}

	@Test
	void theReportShowsVerdictsGridsTheThresholdAndTheDiff() throws Exception {
		Chromium browser = Chromium.require();
		Path dir = OUT.resolve("run");
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Run.class))
				.configurationParameter(OutcallReportListener.REPORT_DIR_PROPERTY, dir.toString()).build(), summary);
		assertEquals(1, summary.getSummary().getTotalFailureCount(), "only the diverging test fails");
		Path page = dir.resolve("report.html");
		String dom = browser.dumpDom(page);

		assertEquals("3", text(dom, "count-outcalls"));
		assertEquals("2", text(dom, "count-agreed"));
		assertEquals("1", text(dom, "count-rejected"));
		assertEquals("1", text(dom, "count-failing"));
		assertEquals(3, count(dom, "<div class=\"grid\""), "one grid per outcall");
		assertEquals(39, count(dom, "<span class=\"r "), "13 replica cells per grid");
		// n − f = 13 − 4 = 9: the marker sits at 9/13 of the bar, on every outcall.
		assertEquals(3, count(dom, "<b class=\"thr\" data-threshold=\"9\" style=\"left:69.23%\">"), dom);

		String failing = outcall(dom, "no consensus");
		assertTrue(failing.contains(" open=\""), "a failing outcall is expanded: " + failing);
		assertTrue(failing.contains("<div class=\"diff\">") && failing.contains("header date: "), failing);
		assertTrue(failing.contains("Transforms.compose(Transforms.dropHeaders(\"date\", \"x-request-id\"), Transforms.dropJson(\"/timestamp\"))"),
				"the suggested transform: " + failing);
		Matcher link = Pattern.compile("<nav id=\"failing\">.*?<a href=\"#(t\\d+)\">divergesWithoutATransform\\(Subnet, MockWebServer\\)</a>",
				Pattern.DOTALL).matcher(dom);
		assertTrue(link.find(), "the summary links to the failing test");
		assertTrue(dom.contains("<section class=\"test failed\" id=\"" + link.group(1) + "\""), "the link's target is the failing test");

		String agreed = outcall(dom, "agreed");
		assertTrue(!agreed.contains(" open=\"") && !agreed.contains("class=\"diff\""), "an agreed outcall is one line: " + agreed);
		assertTrue(dom.contains("<span class=\"r silent\" data-group=\"silent\" title=\"4: silent\">4</span>"), "the silent replica is visible");
		String odd = dom.substring(dom.indexOf("<h2>oneSilentTwoLate("));
		assertTrue(odd.contains("<span class=\"r g0 late\" data-group=\"A\" title=\"11: response 200, 3"), "replica 11 is late: " + odd);
		assertTrue(odd.contains("<span class=\"r g0 late\" data-group=\"A\" title=\"12: response 200, 3"), "replica 12 is late: " + odd);

		Path png = OUT.resolve("report.png");
		browser.screenshot(page, png, 1280, 1600);
		assertTrue(Files.size(png) > 10_000, "a screenshot with something in it");
	}

	/**
	 * 1,000 outcalls (the three kinds above, repeated under 250 tests): the page's size and the time until the
	 * browser's load event, written to {@code target/subnet-sim-browser/measure-1000.txt} and quoted in
	 * docs/ci-gate.md.
	 */
	@Test
	void aThousandOutcallsStaySmallAndLoadQuickly() throws Exception {
		Chromium browser = Chromium.require();
		List<HtmlReport.Outcall> outcalls = new ArrayList<>();
		try (MockWebServer server = MockServers.startTls(); Subnet subnet = Subnet.builder().replicas(13).seed(42).build();
				Subnet odd = silentAndLate()) {
			PriceFeedExampleTest.serveExchangeRates(server);
			OutcallResult agreed = subnet.httpRequest(withPriceOnly(server));
			OutcallResult diverged = subnet.httpRequest(plain(server));
			OutcallResult late = odd.httpRequest(withPriceOnly(server));
			for (int i = 0; i < 1_000; i++) {
				int test = i / 4;
				boolean fails = test % 10 == 3;
				OutcallResult r = i % 4 == 3 ? late : fails && i % 4 == 1 ? diverged : agreed;
				HttpRequestArgs args = r == agreed || r == late ? withPriceOnly(server) : plain(server);
				outcalls.add(new HtmlReport.Outcall("[engine:junit-jupiter]/[class:Load]/[method:test" + test + "()]", "test" + test + "()",
						fails ? "FAILED" : "SUCCESSFUL", fails ? "expected agreed by 13" : "", args, r));
			}
		}
		Files.createDirectories(OUT);
		Path page = OUT.resolve("report-1000.html");
		Files.writeString(page, HtmlReport.render(outcalls), StandardCharsets.UTF_8);
		long bytes = Files.size(page);
		// The load event of a frame holding the page, timed by the browser from the frame's start.
		Path probe = OUT.resolve("load-1000.html");
		Files.writeString(probe, "<!DOCTYPE html><html><head><title>-</title></head><body><iframe src=\"report-1000.html\" width=\"1280\" height=\"900\" "
				+ "onload=\"document.title='loaded '+Math.round(performance.now())\"></iframe></body></html>");
		List<Long> millis = new ArrayList<>();
		for (int run = 0; run < 3; run++) {
			Matcher m = Pattern.compile("<title>loaded (\\d+)</title>").matcher(browser.dumpDom(probe));
			assertTrue(m.find(), "the frame loaded");
			millis.add(Long.parseLong(m.group(1)));
		}
		millis.sort(null);
		String line = "1000 outcalls: report.html " + bytes + " bytes (" + bytes / 1024 + " KiB); load event after " + millis + " ms (median "
				+ millis.get(1) + " ms)";
		System.out.println(line);
		Files.writeString(OUT.resolve("measure-1000.txt"), line + "\n");
		assertTrue(bytes < 8_000_000, line);
		assertTrue(millis.get(1) < 20_000, line);
		String dom = browser.dumpDom(page);
		assertEquals(1_000, count(dom, "<div class=\"grid\""));
	}

	private static String text(String dom, String id) {
		Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(dom);
		assertTrue(m.find(), "no element #" + id);
		return m.group(1);
	}

	private static int count(String dom, String needle) {
		int n = 0;
		for (int i = dom.indexOf(needle); i >= 0; i = dom.indexOf(needle, i + needle.length())) {
			n++;
		}
		return n;
	}

	/** The first outcall element with this verdict, up to its end. */
	private static String outcall(String dom, String verdict) {
		int start = dom.indexOf("data-verdict=\"" + verdict + "\"");
		assertTrue(start >= 0, "no outcall with verdict " + verdict);
		start = dom.lastIndexOf("<details", start);
		return dom.substring(start, dom.indexOf("</details>", start));
	}
}
