using System.Globalization;
using ReplicaSim.Cli;
using ReplicaSim.Metrics;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

public sealed class ExplainTests
{

    [Test]
    public void Explain_NamesTheContainerAndTheRecordOfTheFirstMissingRead()
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "two-replicas-sqlite.json");
        var first = Runner.Run(ScenarioLoader.Load(file)).FirstAnomalies.Single(a => a.Kind == "missing");
        var (code, text, _) = CliRunner.Run("explain", file);
        Assert.That(code, Is.EqualTo(0));
        var line = text.Split('\n').Single(l => l.Contains(">> FIRST MISSING", StringComparison.Ordinal));
        Assert.That(line, Does.Contain($"-> {first.ContainerName} (").And.Contain($"has no row {first.Request.Key} "));
        Assert.That(line, Does.StartWith(first.Request.Invoke.ToString()));
        Assert.That(text, Does.Contain("Why: row " + first.Request.Key + " was written to container-"));
        Assert.That(text.Split('\n'), Has.Length.LessThan(40), "a sensible length");
    }

    [Test]
    public void Explain_EventsBudget_CountsSystemEventsAlone_AndAlwaysTellsTheFaults()
    {
        // The story up to the first error has three system events (two containers start, the failover) and the fault.
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "database-failover.json");
        string Skipped(string text) => text.Split('\n').SingleOrDefault(l => l.Contains("more events not shown", StringComparison.Ordinal))?.Trim() ?? "";
        var (c1, one, _) = CliRunner.Run("explain", file, "--variant", "rds-multi-az", "--events", "1");
        var (c3, three, _) = CliRunner.Run("explain", file, "--variant", "rds-multi-az", "--events", "3", "--requests", "3");
        var (cz, zero, _) = CliRunner.Run("explain", file, "--variant", "rds-multi-az", "--events", "0");
        Assert.Multiple(() =>
        {
            Assert.That((c1, c3, cz), Is.EqualTo((0, 0, 0)));
            Assert.That(Skipped(one), Is.EqualTo("(2 more events not shown)"));
            Assert.That(Skipped(three), Is.Empty, "three requests narrated leave room for the three events");
            Assert.That(three, Does.Contain("database: the primary"));
            Assert.That(zero, Does.Contain("FAULT: "), "a fault is told even with --events 0");
        });
    }

    [Test]
    public void Explain_FollowsOneClient()
    {
        var file = Path.Combine(TestScenario.RepoRoot(), "scenarios", "two-replicas-sqlite.json");
        var (code, text, _) = CliRunner.Run("explain", file, "--client", "17");
        Assert.That(code, Is.EqualTo(0));
        var journeys = text.Split('\n').Where(l => l.Contains("-> load balancer", StringComparison.Ordinal) && !l.Contains(">>", StringComparison.Ordinal)).ToList();
        Assert.That(journeys, Is.Not.Empty);
        Assert.That(journeys.All(l => l.Contains("client 17 ", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void Explain_Faults_NarratesTheLossAndItsCause()
    {
        var (code, text, _) = CliRunner.Run("explain", Path.Combine(TestScenario.RepoRoot(), "scenarios", "container-restart.json"));
        Assert.That(code, Is.EqualTo(0));
        Assert.That(text, Does.Contain(">> FIRST LOST WRITE").And.Contain("container-1 was restarted at 00:05:00.000"));
        Assert.That(text, Does.Contain("its app.db is deleted with it"));
    }

    [Test]
    public void Explain_UnknownClient_IsAUserError()
    {
        var (code, _, _) = CliRunner.Run("explain", Path.Combine(TestScenario.RepoRoot(), "scenarios", "two-replicas-sqlite.json"), "--client", "5000");
        Assert.That(code, Is.EqualTo(1));
    }
}
