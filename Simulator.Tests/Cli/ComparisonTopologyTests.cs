using System.Text.RegularExpressions;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>compare's report.md draws each variant's architecture, as run's report does.</summary>
public sealed partial class ComparisonTopologyTests
{
    [Test]
    public void ComparisonReport_DrawsEachVariantsTopology()
    {
        var file = TestScenario.WriteTemp("""
            { "name": "arch", "duration": "10s", "workload": { "arrivalRate": 10, "clients": 10 },
              "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } },
                            "efs": { "storage": { "kind": "sqlite-shared-file" } },
                            "multi": { "storage": { "kind": "shared", "standby": true } } } }
            """);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, _, err) = CliRunner.Run("compare", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(0), err);
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        var blocks = Mermaid().Matches(report).Select(m => m.Value).ToList();
        var variants = ScenarioLoader.LoadVariants(file);
        // Each variant's own diagram, in order, exactly what run's report.md draws for it.
        Assert.That(blocks, Is.EqualTo(variants.Select(Topology.Mermaid).ToList()));
        Assert.That(blocks[0], Does.Contain("app.db\"]"));
        Assert.That(blocks[1], Does.Contain("network filesystem"));
        Assert.That(blocks[2], Does.Contain("STANDBY"));
        foreach (var v in variants)
        {
            Assert.That(File.ReadAllText(Path.Combine(outDir, v.Variant, "report.md")), Does.Contain(Topology.Mermaid(v)));
        }
    }

    [GeneratedRegex("```mermaid\n.*?```\n", RegexOptions.Singleline)]
    private static partial Regex Mermaid();
}
