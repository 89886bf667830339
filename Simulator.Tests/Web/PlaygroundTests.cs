using System.Globalization;
using System.Text.Json.Nodes;
using ReplicaSim.Cli;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Web;

/// <summary>
/// Issue 19: the playground as `replicasim playground` serves it (the files embedded in the tool), in headless
/// Chromium (the system's, through Microsoft.Playwright with its executable path): it loads with no console error and no request outside 127.0.0.1, its summary is the CLI's
/// summary.json byte for byte, replicas 2 -> 3 moves the "not found" share from about 1/2 to about 2/3 on the
/// page, and a click on a container adds a crash.
/// </summary>
[NonParallelizable]
public sealed class PlaygroundTests
{
    private PlaygroundSite? _site;
    private PlaywrightPage? _chromium;
    private string _out = "";
    private double _firstResultSeconds;

    [OneTimeSetUp]
    public void OpenThePage()
    {
        var browser = HeadlessChromium.Find();
        if (browser is null)
        {
            Assert.Ignore("no Chromium found (install Debian's chromium, or set REPLICASIM_CHROMIUM to a Chromium or Chrome executable): the playground's browser tests are skipped");
        }
        Assert.That(PlaygroundSite.Files, Does.ContainKey("index.html").And.ContainKey("worker.js"), "the tool embeds the published playground");
        _out = Directory.CreateTempSubdirectory("replicasim-playground-").FullName;
        _site = PlaygroundSite.Start(0);
        _chromium = PlaywrightPage.Launch(browser!, 1500, 1200);
        var start = TimeProvider.System.GetTimestamp();
        _chromium.Open(_site.Url);
        // The page loads the simulator in its worker and runs the first library scenario.
        _chromium.Evaluate("replicasim.ready");
        _firstResultSeconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds;
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"playground: first result {_firstResultSeconds:F1} s after opening; the page's own counts: simulator loaded {_chromium.Evaluate("replicasim.loadedSeconds")} s, library listed {_chromium.Evaluate("replicasim.librarySeconds")} s, first result shown {_chromium.Evaluate("replicasim.firstResultSeconds")} s"));
    }

    [OneTimeTearDown]
    public void Close()
    {
        _chromium?.Dispose();
        _site?.Dispose();
        if (_out.Length > 0)
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private PlaywrightPage Page => _chromium!;

    /// <summary>summary.json as <c>replicasim run FILE --seed N</c> writes it.</summary>
    private string CliSummary(string file, long seed, string variant)
    {
        var dir = Path.Combine(_out, Path.GetFileNameWithoutExtension(file) + "-" + seed.ToString(CultureInfo.InvariantCulture) + variant);
        string[] pick = variant.Length > 0 ? ["--variant", variant] : [];
        var code = CliApp.Run(["run", file, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", dir, .. pick], TextWriter.Null, TextWriter.Null);
        Assert.That(code, Is.EqualTo(CliApp.Ok));
        return File.ReadAllText(Path.Combine(dir, "summary.json"));
    }

    private static string Js(string text) => JsonValue.Create(text)!.ToJsonString();

    [TestCase("two-replicas-sqlite.json", 7, "")]
    [TestCase("two-replicas-sqlite.json", 99, "")]
    [TestCase("two-replicas-rds.json", 5, "")]
    [TestCase("zone-outage.json", 3, "rds-multi-az")]
    [TestCase("lesson.json", 2024, "sqlite")]
    [TestCase("database-failover.json", 11, "")]
    public void JavaScriptApi_ReturnsTheClisSummaryJson_ByteForByte(string name, long seed, string variant)
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", name);
        if (variant.Length == 0 && ScenarioLoader.LoadVariants(file) is { Count: > 1 } variants)
        {
            variant = variants[^1].Variant;
        }
        var expected = CliSummary(file, seed, variant);
        var text = File.ReadAllText(file);
        var page = Page.Evaluate($"replicasim.runText({Js(text)}, {seed}, {Js(variant)})")!.GetValue<string>();
        Assert.That(page, Is.EqualTo(expected), "the page's summary is summary.json, byte for byte");
        // And as an object, for course pages: the CLI's numbers.
        var total = Page.Evaluate($"replicasim.run({Js(text)}, {seed}, {Js(variant)}).then(s => s.requests.total)")!.GetValue<long>();
        Assert.That(total, Is.EqualTo(JsonNode.Parse(expected)!["requests"]!["total"]!.GetValue<long>()));
    }

    [Test]
    public void JavaScriptApi_ReportsTheLoadersLocatedMessages()
    {
        var errors = Page.Evaluate("replicasim.validate('{\"service\": {\"replicas\": \"two\"}}').then(e => e.map(x => x.text).join('\\n'))")!.GetValue<string>();
        Assert.That(errors, Does.Contain("experiment.json:1").And.Contain("service.replicas"));
        var thrown = Page.Evaluate("replicasim.run('{\"servce\": {}}', 1).then(() => 'no error', e => String(e.message))")!.GetValue<string>();
        Assert.That(thrown, Does.Contain("servce"));
    }

    /// <summary>Opened from a file (double-clicked), the page cannot start its worker; it says so and how to open it.</summary>
    [Test]
    public void Page_OpenedFromAFile_SaysToServeIt()
    {
        var folder = Path.Combine(_out, "from-a-file");
        Directory.CreateDirectory(folder);
        using var http = new HttpClient();
        foreach (var file in new[] { "index.html", "playground.css", "playground.js", "worker.js" })
        {
            File.WriteAllBytes(Path.Combine(folder, file), http.GetByteArrayAsync(_site!.Url + file).GetAwaiter().GetResult());
        }
        using var page = PlaywrightPage.Launch(HeadlessChromium.Find()!, 1200, 800);
        page.Open(new Uri(Path.Combine(folder, "index.html")).AbsoluteUri);
        var start = TimeProvider.System.GetTimestamp();
        string text;
        do
        {
            Thread.Sleep(100);
            text = page.Evaluate("document.getElementById('status').textContent")!.GetValue<string>();
        }
        while (!text.Contains("could not start", StringComparison.Ordinal) && TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(30));
        Assert.That(text, Does.Contain("The simulator could not start").And.Contain("replicasim playground").And.Contain("from a file"));
        Assert.That(page.Evaluate("document.getElementById('status').className")!.GetValue<string>(), Is.EqualTo("error"));
    }

    private double AnswerOf(string run) =>
        double.Parse(Page.Evaluate($"document.querySelector('#results tr[data-run=\"{run}\"] td[data-metric=\"answer\"]').getAttribute('data-value')")!.GetValue<string>(), CultureInfo.InvariantCulture);

    private long RequestsOf(string run) =>
        long.Parse(Page.Evaluate($"document.querySelector('#results tr[data-run=\"{run}\"] td[data-metric=\"answer\"]').getAttribute('data-requests')")!.GetValue<string>(), CultureInfo.InvariantCulture);

    private double Metric(string run, string metric) =>
        double.Parse(Page.Evaluate($"document.querySelector('#results tr[data-run=\"{run}\"] td[data-metric=\"{metric}\"]').getAttribute('data-value')")!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>Picks a library entry ("file|variant") as a student does, from the scenario list.</summary>
    private void Pick(string value) =>
        Page.Evaluate($"(() => {{ const s = document.getElementById('scenario'); s.value = {Js(value)}; s.dispatchEvent(new Event('change')); }})()");

    /// <summary>Sets a knob (a checkbox with "true"/"false") and waits for the run it starts.</summary>
    private void SetKnob(string id, string value)
    {
        var was = Completed();
        Page.Evaluate($"(() => {{ const e = document.getElementById({Js(id)}); if (e.type === 'checkbox') {{ e.checked = {Js(value)} === 'true'; }} else {{ e.value = {Js(value)}; }} e.dispatchEvent(new Event('change')); }})()");
        WaitForRun(was);
    }

    /// <summary>Clicks the first element of report.html's view that matches <paramref name="selector"/>; returns its zone, name or role, or "none".</summary>
    private string ClickInView(string selector) =>
        Page.Evaluate("(() => { const c = document.getElementById('view').contentDocument.querySelector(" + Js(selector) + "); if (!c) { return 'none'; } " +
                      "c.dispatchEvent(new MouseEvent('click', { bubbles: true })); return c.getAttribute('data-zone') || c.getAttribute('data-name') || c.getAttribute('data-role'); })()")!.GetValue<string>();

    private JsonArray Faults() =>
        JsonNode.Parse(Page.Evaluate("JSON.stringify(JSON.parse(document.getElementById('editor').value).faults || [])")!.GetValue<string>())!.AsArray();

    /// <summary>How many runs the page has finished and shown.</summary>
    private int Completed() => Page.Evaluate("replicasim.completedRuns")!.GetValue<int>();

    /// <summary>Waits until the page has finished and shown a run after the <paramref name="previous"/> ones.</summary>
    private void WaitForRun(int previous)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(120))
        {
            if (Completed() > previous)
            {
                return;
            }
            Thread.Sleep(100);
        }
        Assert.Fail("the run did not finish: " + Page.Evaluate("document.getElementById('status').textContent + ' ' + document.getElementById('messages').textContent"));
    }

    /// <summary>
    /// The page as a student uses it, in one sequence: the library's first question, replicas 2 -> 3 (before and
    /// after side by side), a click on a container (a crash, run again), with no console error and no request
    /// outside 127.0.0.1 all along.
    /// </summary>
    [Test]
    public void Page_Replicas2To3MovesNotFoundFromAHalfToTwoThirds_AClickAddsACrash_NoErrorNoOutsideRequest()
    {
        // The page opens on the lesson's first question, two replicas with SQLite each.
        Assert.That(Page.Evaluate("document.getElementById('scenario').value")!.GetValue<string>(), Is.EqualTo("two-replicas-sqlite.json|"));
        Assert.That(Completed(), Is.GreaterThanOrEqualTo(1));
        var was = Completed();
        Assert.That(Page.Evaluate("document.getElementById('k-replicas').value")!.GetValue<string>(), Is.EqualTo("2"));
        Page.Evaluate("(() => { const r = document.getElementById('k-replicas'); r.value = '3'; r.dispatchEvent(new Event('change')); })()");
        WaitForRun(was);
        var before = AnswerOf("before");
        var after = AnswerOf("after");
        // Each share is a proportion of n reads: within 4 standard deviations, sqrt(p(1-p)/n), of (N-1)/N.
        var nBefore = RequestsOf("before");
        var nAfter = RequestsOf("after");
        Assert.That(before, Is.EqualTo(0.5).Within(4 * Math.Sqrt(0.25 / nBefore)), $"2 replicas: {nBefore} reads");
        Assert.That(after, Is.EqualTo(2.0 / 3).Within(4 * Math.Sqrt(2.0 / 9 / nAfter)), $"3 replicas: {nAfter} reads");
        Assert.That(Page.Evaluate("document.getElementById('editor').value.includes('\"replicas\": 3')")!.GetValue<bool>(), Is.True, "the JSON follows the knob");
        Assert.That(Page.Evaluate("location.hash.startsWith('#scenario=')")!.GetValue<bool>(), Is.True, "the experiment is in the link");
        var link = Page.Evaluate("location.href")!.GetValue<string>();
        // report.html's view, before and after on one clock.
        Assert.That(Page.Evaluate("document.getElementById('view').contentDocument.querySelectorAll('.run').length")!.GetValue<int>(), Is.EqualTo(2));
        Page.Evaluate("document.getElementById('view').contentWindow.replicasim.seek(300)");
        // Two frames and a moment for the view's charts to lay themselves out at the new time.
        Page.Evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 500))))");
        var shot = Page.Screenshot();
        var docs = Path.Combine(TestScenario.RepoRoot(), "docs", "playground");
        if (Environment.GetEnvironmentVariable("REPLICASIM_UPDATE_SCREENSHOT") == "1")
        {
            Directory.CreateDirectory(docs);
            File.WriteAllBytes(Path.Combine(docs, "playground.png"), shot);
        }
    
        // A click on a container adds a crash at the replay's time, and the page runs again.

        was = Completed();
        var clicked = Page.Evaluate("""
            (() => {
              const doc = document.getElementById('view').contentDocument;
              const c = doc.querySelector('.container');
              if (!c) { return 'no container'; }
              c.dispatchEvent(new MouseEvent('click', { bubbles: true }));
              return c.getAttribute('data-name');
            })()
            """)!.GetValue<string>();
        Assert.That(clicked, Is.Not.EqualTo("no container"));
        WaitForRun(was);
        Assert.That(Page.Evaluate("document.querySelectorAll('#faults li[data-kind=\"container-crash\"]').length")!.GetValue<int>(), Is.EqualTo(1));
        var faults = JsonNode.Parse(Page.Evaluate("JSON.stringify(JSON.parse(document.getElementById('editor').value).faults)")!.GetValue<string>())!.AsArray();
        Assert.That(faults.Select(f => f!["kind"]!.GetValue<string>()), Does.Contain("container-crash"));
        Assert.That(faults.Single(f => f!["kind"]!.GetValue<string>() == "container-crash")!["at"]!.GetValue<string>(), Is.EqualTo("300s"), "at the replay's time");
        // The crash is in the run: its report lists the fault.
        Assert.That(Page.Evaluate("document.getElementById('view').contentWindow.replicasim.data.runs[1].faults.length")!.GetValue<int>(), Is.GreaterThan(0));

        // A long scenario is shortened on the page, but never before the end of its last fault.
        Page.Evaluate("(() => { const s = document.getElementById('scenario'); s.value = document.querySelector('#scenario option[value^=\"instance-sizes.json|\"]').value; s.dispatchEvent(new Event('change')); })()");
        WaitForRun(was + 1);
        Assert.That(Page.Evaluate("document.getElementById('k-duration').value")!.GetValue<string>(), Is.EqualTo("30m"), "1 h at 150 requests/s, no fault: shortened on the page");
        Assert.That(Page.Evaluate("document.getElementById('note').textContent")!.GetValue<string>(), Does.Contain("from 1h to 30m"));
        // The lesson's comparison: every variant of lesson.json on one seed, side by side. Its zone outage ends at
        // 1 h 50 min, so the page keeps its 2 h.
        was = Completed();
        Page.Evaluate("(() => { const s = document.getElementById('scenario'); s.value = 'lesson.json|sqlite'; s.dispatchEvent(new Event('change')); })()");
        WaitForRun(was);
        Assert.That(Page.Evaluate("document.getElementById('k-duration').value")!.GetValue<string>(), Is.EqualTo("2h"));
        was = Completed();
        Page.Evaluate("document.getElementById('variants').click()");
        WaitForRun(was);
        Assert.That(Page.Evaluate("[...document.querySelectorAll('#results tbody tr')].map(r => r.dataset.run).join(',')")!.GetValue<string>(), Is.EqualTo("sqlite,rds-single-az,rds-multi-az"));
        Assert.That(Page.Evaluate("document.getElementById('view').contentDocument.querySelectorAll('.run').length")!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(double.Parse(Page.Evaluate("document.querySelector('#results tr[data-run=\"rds-multi-az\"] td[data-metric=\"lost\"]').dataset.value")!.GetValue<string>(), CultureInfo.InvariantCulture), Is.Zero);
        TestContext.Progress.WriteLine("playground: the lesson's comparison (3 variants, 2 simulated hours each) ran in " + Page.Evaluate("replicasim.lastComparisonSeconds.toFixed(1)") + " s");

        // Cancel: a long run (the lesson over 2 simulated days) shows progress and stops at once; the next run works.
        was = Completed();
        Page.Evaluate("(() => { const d = document.getElementById('k-duration'); d.value = '2d'; d.dispatchEvent(new Event('change')); })()");
        var start = TimeProvider.System.GetTimestamp();
        while (Page.Evaluate("document.getElementById('progress').value")!.GetValue<double>() <= 0 && TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(100);
        }
        Assert.That(Page.Evaluate("document.getElementById('progress').value")!.GetValue<double>(), Is.GreaterThan(0).And.LessThan(1), "progress while it runs");
        Page.Evaluate("document.getElementById('cancel').click()");
        Assert.That(Page.Evaluate("document.getElementById('status').textContent")!.GetValue<string>(), Is.EqualTo("Cancelled."));
        Assert.That(Completed(), Is.EqualTo(was), "the cancelled run is not shown");
        Page.Evaluate("(() => { const d = document.getElementById('k-duration'); d.value = '2h'; d.dispatchEvent(new Event('change')); })()");
        WaitForRun(was);

        // The zone and the database, clicked: on two-replicas-rds (10 min, one RDS instance in az-a, no standby) a
        // zone outage from 300 s keeps the app down to the end (the zone is back only at 900 s); with Multi-AZ the
        // standby in az-b takes over within the failover time (storage.failoverTime, RDS: 60 s to 120 s).
        was = Completed();
        Pick("two-replicas-rds.json|");
        WaitForRun(was);
        Page.Evaluate("document.getElementById('view').contentWindow.replicasim.seek(300)");
        was = Completed();
        Assert.That(ClickInView(".zone[data-zone=\"az-a\"]"), Is.EqualTo("az-a"));
        WaitForRun(was);
        var zoneFault = Faults().Single(f => f!["kind"]!.GetValue<string>() == "zone-outage")!;
        Assert.That((zoneFault["zone"]!.GetValue<string>(), zoneFault["at"]!.GetValue<string>(), zoneFault["duration"]!.GetValue<string>()), Is.EqualTo(("az-a", "300s", "10m")));
        var singleAz = Metric("after", "downtime");
        Assert.That(singleAz, Is.InRange(0.95 * 300, 300), "single-AZ: down from 300 s to the end at 600 s");
        SetKnob("k-standby", "true");
        Assert.That(Page.Evaluate("JSON.parse(document.getElementById('editor').value).storage.standby")!.GetValue<bool>(), Is.True);
        Assert.That(Metric("before", "downtime"), Is.EqualTo(singleAz), "before is the single-AZ run");
        Assert.That(Metric("after", "downtime"), Is.GreaterThan(0).And.LessThanOrEqualTo(120 + 30), "Multi-AZ: the failover (at most 120 s) plus detection and DNS");
        Page.Evaluate("document.getElementById('view').contentWindow.replicasim.seek(400)");
        was = Completed();
        Assert.That(ClickInView(".store[data-role=\"primary\"]"), Is.Not.EqualTo("none"));
        WaitForRun(was);
        Assert.That(Faults().Select(f => f!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "zone-outage", "database-failure" }));
        Assert.That(Page.Evaluate("document.querySelectorAll('#faults li[data-kind=\"database-failure\"]').length")!.GetValue<int>(), Is.EqualTo(1));

        // The storage kind's options: one read replica, and reads from it. Reads from the writer are never stale;
        // reads from an asynchronous replica that lags the writer can be (or miss a record just created).
        was = Completed();
        Pick("two-replicas-rds.json|");
        WaitForRun(was);
        Assert.That(Page.Evaluate("document.getElementById('k-readFrom').disabled")!.GetValue<bool>(), Is.True, "no readers yet");
        SetKnob("k-readReplicas", "1");
        SetKnob("k-readFrom", "replicas");
        Assert.That(Metric("before", "stale") + Metric("before", "missing"), Is.Zero, "reads from the writer");
        Assert.That(Metric("after", "stale") + Metric("after", "missing"), Is.GreaterThan(0), "reads from a lagging replica: stale, or a new record not there yet");
        // A kind that takes no read replicas drops them, so the change stays a valid scenario.
        SetKnob("k-storage", "sqlite-per-container");
        Assert.That(Page.Evaluate("JSON.stringify(JSON.parse(document.getElementById('editor').value).storage)")!.GetValue<string>(), Does.Not.Contain("readReplicas").And.Not.Contain("readFrom"));
        Assert.That(Metric("after", "missing"), Is.GreaterThan(0), "SQLite in each container again");

        // The link opens the same experiment (three replicas) and runs it: pasted into this tab (only the
        // fragment changes, so the page does not reload) and opened afresh.
        was = Completed();
        Page.Open(link);
        WaitForRun(was);
        Assert.That(Page.Evaluate("document.getElementById('k-replicas').value")!.GetValue<string>(), Is.EqualTo("3"));
        Assert.That(AnswerOf("after"), Is.EqualTo(after), "the same run: the same seed");
        Page.Open("about:blank");
        Page.Open(link);
        Page.Evaluate("replicasim.ready");
        Assert.That(Page.Evaluate("document.getElementById('k-replicas').value")!.GetValue<string>(), Is.EqualTo("3"));
        Assert.That(Page.Evaluate("document.getElementById('note').textContent")!.GetValue<string>(), Does.Contain("from the link"));
        Assert.That(AnswerOf("after"), Is.EqualTo(after), "the same run: the same seed");

        // All along: no console error, no request outside 127.0.0.1.
        Assert.That(Page.Errors, Is.Empty, "console errors or exceptions");
        Assert.That(Page.Requests, Is.Not.Empty);
        Assert.That(Page.Requests.Where(r => r.Contains("/_framework/", StringComparison.Ordinal) && r.EndsWith(".wasm", StringComparison.Ordinal)), Is.Not.Empty,
            "the worker's requests (the simulator's WebAssembly files) are recorded too");
        Assert.That(Page.Requests.Where(r => !r.StartsWith(_site!.Url, StringComparison.Ordinal) && !r.StartsWith("data:", StringComparison.Ordinal) &&
                                             !r.StartsWith("blob:", StringComparison.Ordinal) && r != "about:blank" && r != "about:srcdoc"), Is.Empty);
        }
}
