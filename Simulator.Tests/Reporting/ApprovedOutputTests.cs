using System.Globalization;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Reporting;

/// <summary>
/// summary.json, timeline.csv and the printed table of a fixed scenario, compared byte for byte with the
/// approved files in Approved/, under the invariant culture and under de-DE. When the model changes on
/// purpose, the test writes *.received.* beside the approved file; review it and copy it over.
/// </summary>
public sealed class ApprovedOutputTests
{
    private const string Scenario = """
        { "name": "approved", "seed": 42, "duration": "4m", "service": { "replicas": 3 },
          "storage": { "kind": "shared", "standby": true, "failoverTime": "40s", "backupInterval": "1m", "recoveryTime": "20s" },
          "workload": { "arrivalRate": 15, "clients": 60 },
          "faults": [ { "at": "30s", "kind": "container-crash", "replica": 1 }, { "at": "90s", "kind": "database-failure" },
                      { "at": "150s", "kind": "storage-loss" }, { "at": "200s", "kind": "deploy" } ] }
        """;

    [TestCase("")]
    [TestCase("de-DE")]
    public void Outputs_MatchTheApprovedFiles(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            if (culture.Length > 0)
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            }
            var summary = Runner.Run(ScenarioLoader.LoadText(Scenario, "approved"));
            var differ = new[]
            {
                Verify("approved.summary.json", new System.Text.UTF8Encoding(false).GetString(SummaryJson.Write(summary))),
                Verify("approved.timeline.csv", TimelineCsv.Write(summary)),
                Verify("approved.table.txt", SummaryTable.Render(summary)),
            }.Where(d => d is not null).ToList();
            Assert.That(differ, Is.Empty, "differ from the approved files (see the .received files beside them)");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static string? Verify(string name, string received)
    {
        var folder = Path.Combine(TestScenario.RepoRoot(), "Simulator.Tests", "Approved");
        var approved = Path.Combine(folder, name);
        var receivedPath = Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + ".received" + Path.GetExtension(name));
        if (File.Exists(approved) && File.ReadAllText(approved) == received)
        {
            File.Delete(receivedPath);
            return null;
        }
        File.WriteAllText(receivedPath, received);
        return name;
    }
}
