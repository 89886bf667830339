using System.Globalization;
using ReplicaSim.Model;
using ReplicaSim.Metrics;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>explain on the database options: the first stale read is told with the copy that served it and how far behind it was.</summary>
public sealed class ExplainDatabaseTests
{
    [Test]
    public void Explain_ReadReplica_NarratesTheFirstStaleReadWithTheReplicaAndItsLag()
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "read-replica-lag.json");
        var scenario = ScenarioLoader.Load(file, new LoadOptions(null, ["storage.readFrom=replicas"]));
        var first = Runner.Run(scenario).FirstAnomalies.Single(a => a.Kind == "stale").Request;
        Assert.That(first.Source, Is.EqualTo(ReadSource.Replica));
        Assert.That(first.SourceUs, Is.GreaterThan(0));
        var (code, text, _) = CliRunner.Run("explain", file, "--set", "storage.readFrom=replicas");
        Assert.That(code, Is.EqualTo(0));
        var lines = text.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains(">> FIRST STALE", StringComparison.Ordinal));
        Assert.That(at, Is.GreaterThanOrEqualTo(0), text);
        var zone = scenario.Zones[first.SourceZone];
        var behind = Math.Round(first.SourceUs / 1000.0, 1).ToString("0.#", CultureInfo.InvariantCulture);
        Assert.That(lines[at], Does.Contain($"-> the replica in {zone} returns version {first.Version} of row {first.Key}"));
        Assert.That(lines[at + 1], Does.Contain($"Why: the read was served by the replica in {zone}, which was {behind} ms behind the writer: version {first.ExpectedVersion} had not reached it yet."));
    }

    /// <summary>
    /// The first anomaly explain tells is the first by arrival, as report.md's (at the zone outage a request sent to the
    /// dead container finishes before an earlier one that waited on the database), and a followed client's lost writes
    /// are told too.
    /// </summary>
    [Test]
    public void Explain_TellsTheFirstAnomalyByArrival_AndAFollowedClientsLostWrites()
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "zone-outage.json");
        var scenario = ScenarioLoader.LoadVariants(file).Single(v => v.Variant == "rds-multi-az");
        var first = Runner.Run(scenario).FirstAnomalies.Single(a => a.Kind == "error").Request;
        var (code, text, _) = CliRunner.Run("explain", file, "--variant", "rds-multi-az");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(text, Does.Contain($"{first.Invoke} >> FIRST ERROR: client {first.Client} "), text);

        var lesson = Path.Combine(TestScenario.RepoRoot(), "scenarios", "lesson.json");
        (code, text, _) = CliRunner.Run("explain", lesson, "--variant", "sqlite", "--client", "160");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(text, Does.Contain(">> FIRST LOST WRITE FOR THIS CLIENT: ").And.Contain("acknowledged to client 160,"), text);
    }
}
