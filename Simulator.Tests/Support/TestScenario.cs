using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Tests.Support;

/// <summary>Builds scenarios from JSON text through the real loader, so tests see what users see.</summary>
internal static class TestScenario
{
    public static string WriteTemp(string json, string name = "test")
    {
        var dir = Path.Combine(Path.GetTempPath(), "replicasim-tests", Guid.CreateVersion7().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    public static Scenario Load(string json, long? seed = null, params string[] sets) =>
        ScenarioLoader.Load(WriteTemp(json), new LoadOptions(seed, sets));

    public static RunSummary Run(string json, long? seed = null, params string[] sets) => Runner.Run(Load(json, seed, sets));

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReplicaSim.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found");
    }

    /// <summary>Two-sided normal quantile used for pass/fail bands: a false alarm about once in 15,000 runs.</summary>
    public const double Z = 3.97;
}
