using System.Text.RegularExpressions;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Reporting;

/// <summary>
/// "What happened" of a run with hundreds of faults (a year of random crashes): one line per kind of fault, the
/// notable moments, and what was left out, instead of a line for every fault, window and loss.
/// </summary>
public sealed partial class LongRunNarrativeTests
{
    // About 70 crashes of two SQLite containers, each destroying the crashed container's app.db, and two zone outages.
    private const string ManyFaults = """
        { "name": "many", "seed": 21, "duration": "6h", "zones": ["az-a", "az-b"], "service": { "replicas": 2 },
          "storage": { "kind": "sqlite-per-container" }, "workload": { "arrivalRate": 5, "clients": 100 },
          "faults": [ { "every": { "exponential": { "mean": "5m" } }, "kind": "container-crash" },
                      { "at": "2h", "kind": "zone-outage", "zone": "az-a", "duration": "20m" },
                      { "at": "4h", "kind": "zone-outage", "zone": "az-b", "duration": "20m" } ] }
        """;

    [GeneratedRegex(@"^(?<kind>[a-z-]+), (?:once|(?<n>[\d,]+) times)")]
    private static partial Regex KindLine();

    [Test]
    public void ManyFaults_AreToldByKind_WithTheNotableMoments_InBoundedLines()
    {
        var s = TestScenario.Run(ManyFaults);
        Assume.That(s.Incidents.Count, Is.GreaterThan(Narrative.MaxTold), "the run must have more faults than are told one by one");
        var lines = Narrative.Of(s);
        var kinds = s.Incidents.Select(i => i.Kind).Distinct().ToList();
        Assert.Multiple(() =>
        {
            // The opening lines, the overview, a line per kind, at most the notable moments with their faults, what was
            // left out, and the closing line on lost writes.
            Assert.That(lines, Has.Count.LessThanOrEqualTo(3 + 1 + kinds.Count + 3 + 5 + 3 + 3 + 3 + 17 + kinds.Count + 1 + 2));
            Assert.That(lines, Has.Some.StartsWith($"Too much happened to tell each on a line of its own ({s.Incidents.Count} faults, "));
            foreach (var kind in kinds)
            {
                var line = lines.Single(l => KindLine().Match(l) is { Success: true } m && m.Groups["kind"].Value == kind);
                var n = s.Incidents.Count(i => i.Kind == kind);
                Assert.That(line, Does.StartWith(n == 1 ? $"{kind}, once" : $"{kind}, {n:N0} times"), "each kind's count of faults");
            }
            // Each kind's destroyed writes add up to every loss attributed to one of its faults.
            var crashLine = lines.Single(l => l.StartsWith("container-crash, ", StringComparison.Ordinal));
            var crashes = s.Incidents.Where(i => i.Kind == "container-crash").Select(i => i.Index).ToHashSet();
            var destroyed = s.LostEvents.Where(e => crashes.Contains(e.FaultIndex)).ToList();
            Assert.That(destroyed, Is.Not.Empty, "crashes of SQLite containers destroy acknowledged writes");
            Assert.That(crashLine, Does.Contain($"{destroyed.Select(e => e.FaultIndex).Distinct().Count():N0} of them destroyed acknowledged writes " +
                                                $"({destroyed.Sum(e => e.Writes):N0} writes in all)"));
            // Each crash either let answers come back, or the next fault came first, or the run ended first.
            var crashList = s.Incidents.Where(i => i.Kind == "container-crash").ToList();
            var cut = crashList.Count(i => !i.Recovered && i.NextFaultCutShort);
            Assert.That(crashLine, cut == 0 ? Does.Not.Contain("the next fault came") : Does.Contain($"the next fault came before answers were back after {cut:N0} of them"));
            // The first fault of each kind and the first anomalies are told; the rest are counted.
            foreach (var kind in kinds)
            {
                var first = s.Incidents.First(i => i.Kind == kind);
                Assert.That(lines, Has.Some.StartsWith($"Fault at {first.Start}: {first.Label}:"), $"the first {kind}");
            }
            foreach (var a in s.FirstAnomalies)
            {
                Assert.That(lines, Has.Some.Contains($"a request arriving at {a.Request.Invoke} (answered at {a.Request.Complete})"));
            }
            var toldFaults = lines.Count(l => l.StartsWith("Fault at ", StringComparison.Ordinal));
            var left = lines.Single(l => l.StartsWith("Not listed above: ", StringComparison.Ordinal));
            Assert.That(left, Does.Contain($"{s.Incidents.Count - toldFaults:N0} faults"), "the faults not told one by one");
            // The largest loss is told.
            var largest = s.LostByCause.MaxBy(l => l.Writes);
            Assert.That(lines, Has.Some.StartsWith($"At {largest.At}, {largest.Writes:N0} acknowledged write(s) were lost"));
            Assert.That(lines[^1], Does.StartWith("In all, "), "the closing line on lost writes stays last");
        });
    }

    [Test]
    public void ManyFaults_TheLessonTableNamesThreeAndCountsTheRest()
    {
        var s = TestScenario.Run(ManyFaults);
        var faults = s.LostEvents.Where(e => e.FaultIndex >= 0).Select(e => e.FaultIndex).Distinct().Count();
        Assume.That(faults, Is.GreaterThan(3));
        var cell = LessonTable.AfterDataLoss(s);
        Assert.That(cell, Does.EndWith($" and {faults - 3} more"));
        Assert.That(cell.Split(" at ").Length - 1, Is.EqualTo(3), "three faults named");
    }

    [Test]
    public void CoarseBuckets_SayAnswersCouldNotBeCompared_NotThatTheyDidNotRecover()
    {
        // Four days at 5 requests/s: the timeline's buckets are longer than the five-minute recovery window, and a
        // crash followed by another within a bucket or two leaves nothing to compare, however many requests came between.
        var s = TestScenario.Run("""
            { "name": "coarse", "seed": 8, "duration": "4d", "service": { "replicas": 3 }, "storage": { "kind": "rds" },
              "workload": { "arrivalRate": 5, "clients": 200 },
              "faults": [ { "every": { "exponential": { "mean": "40m" } }, "kind": "container-crash" } ] }
            """);
        Assume.That(s.Timeline.Bucket, Is.GreaterThanOrEqualTo(RunCollector.RecoveryWindow));
        var unjudged = s.Incidents.Count(i => Narrative.Unjudged(i, s.Timeline.Bucket));
        Assume.That(unjudged, Is.GreaterThan(1));
        var lines = Narrative.Of(s);
        Assert.Multiple(() =>
        {
            var crashLine = lines.Single(l => l.StartsWith("container-crash, ", StringComparison.Ordinal));
            Assert.That(crashLine, Does.Contain($"answers could not be compared after {unjudged:N0} of them (this run counts requests in {Format.Span(s.Timeline.Bucket.TotalSeconds)} buckets"));
            Assert.That(lines.Where(l => l.StartsWith("Fault at ", StringComparison.Ordinal)), Has.None.Contains("too few requests to compare"));
        });
    }

    [Test]
    public void AShortenedRun_SaysWhichFaultsDidNotCome_AndTheAvailabilityAnswerNamesTheLostWrites()
    {
        // The database fails about once a month: in ten minutes it does not, and a crash of a SQLite container loses writes.
        var s = TestScenario.Run("""
            { "name": "short", "seed": 3, "duration": "10m", "service": { "replicas": 2 }, "storage": { "kind": "sqlite-per-container" },
              "answer": { "metric": "availability" },
              "faults": [ { "at": "5m", "kind": "container-crash", "replica": 1 },
                          { "every": { "exponential": { "mean": "30d" } }, "kind": "database-failure" } ] }
            """);
        Assume.That(s.Incidents.Select(i => i.Kind), Is.EqualTo(new[] { "container-crash" }));
        Assume.That(s.WritesLost, Is.GreaterThan(0));
        Assert.Multiple(() =>
        {
            Assert.That(Narrative.Of(s), Has.Some.EqualTo("The scenario's database-failure did not happen within this run's 10 min 00 s."));
            Assert.That(Answer.Of(s)!.Sentence, Does.EndWith($"; {s.WritesLost:N0} of {s.WritesAcknowledged:N0} acknowledged writes were lost."));
        });
    }

    [Test]
    public void TheLostWritesAnswer_SaysHowLongTheAppWasDown()
    {
        // A single-AZ database fails: no write is lost, and the app is down until the instance is back.
        var s = TestScenario.Run("""
            { "name": "down", "seed": 3, "duration": "30m", "service": { "replicas": 2 }, "storage": { "kind": "rds" },
              "answer": { "metric": "writesLost" },
              "faults": [ { "at": "5m", "kind": "database-failure" } ] }
            """);
        Assume.That(s.Downtime, Is.Not.Empty);
        Assert.That(Answer.Of(s)!.Sentence, Does.EndWith($"; the app was down (no request succeeded) for {Format.Span(s.DowntimeSeconds)} in {s.Downtime.Count} window(s)."));
    }

    [Test]
    public void AFewFaults_AreStillToldOneByOne()
    {
        var s = TestScenario.Run(ManyFaults.Replace("\"5m\" } }", "\"3h\" } }", StringComparison.Ordinal));
        var lines = Narrative.Of(s);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Count(l => l.StartsWith("Fault at ", StringComparison.Ordinal)), Is.EqualTo(s.Incidents.Count));
            Assert.That(lines, Has.None.Contains("Too much happened"));
        });
    }

    [Test]
    public void ManyWindows_WithoutAFault_AreCountedOnALineOfTheirOwn()
    {
        // A shared SQLite file on a network volume under load: writers time out on its lock in stretches, no fault at all.
        var s = TestScenario.Run("""
            { "name": "busy", "seed": 22, "duration": "2h", "service": { "replicas": 4, "workers": 8 },
              "storage": { "kind": "sqlite-shared-file", "busyTimeout": "1s" },
              "workload": { "arrivalRate": 75, "clients": 500, "mix": { "create": 0.3, "readOwn": 0.3, "readAny": 0.2, "update": 0.2 } } }
            """);
        var windows = s.Downtime.Count + s.Degraded.Count;
        Assume.That(s.Incidents, Is.Empty);
        Assume.That(windows, Is.GreaterThan(Narrative.MaxTold), "the run must have more windows than are told one by one");
        var lines = Narrative.Of(s);
        Assert.Multiple(() =>
        {
            var header = lines.Single(l => l.StartsWith("Too much happened", StringComparison.Ordinal));
            Assert.That(header, Does.Not.Contain("each kind of fault"), "there was no fault to group by");
            var own = lines.Single(l => l.StartsWith("Not tied to any fault: ", StringComparison.Ordinal));
            if (s.Degraded.Count > 0)
            {
                Assert.That(own, Does.Contain($"the app was degraded in {s.Degraded.Count:N0} window"));
            }
            if (s.Downtime.Count > 0)
            {
                Assert.That(own, Does.Contain($"the app was down in {s.Downtime.Count:N0} window"));
            }
        });
    }
}
