using System.Text.RegularExpressions;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests;

/// <summary>Dependencies point one way: Engine &lt;- Model &lt;- Scenarios; Metrics reads Model; Reporting reads Metrics; Cli uses all.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Forbidden = new()
    {
        ["Engine"] = ["Model", "Scenarios", "Metrics", "Reporting", "Cli", "Benchmarks"],
        ["Model"] = ["Scenarios", "Metrics", "Reporting", "Cli", "Benchmarks"],
        ["Scenarios"] = ["Metrics", "Reporting", "Cli", "Benchmarks"],
        ["Metrics"] = ["Scenarios", "Reporting", "Cli"],
        ["Reporting"] = ["Scenarios", "Cli"],
        ["Benchmarks"] = ["Model", "Scenarios", "Reporting", "Cli"],
    };

    private static IEnumerable<string> Files(string folder) =>
        Directory.GetFiles(Path.Combine(TestScenario.RepoRoot(), "Simulator", folder), "*.cs", SearchOption.AllDirectories);

    [TestCase("Engine")]
    [TestCase("Model")]
    [TestCase("Scenarios")]
    [TestCase("Metrics")]
    [TestCase("Reporting")]
    [TestCase("Benchmarks")]
    public void Folder_DependsOnlyDownwards(string folder)
    {
        foreach (var file in Files(folder))
        {
            var text = File.ReadAllText(file);
            foreach (var other in Forbidden[folder])
            {
                Assert.That(Regex.IsMatch(text, $@"\bReplicaSim\.{other}\b|^using {other}\.|[ (<\[!]{other}\.[A-Z]", RegexOptions.Multiline), Is.False,
                    $"{Path.GetFileName(file)} in {folder}/ refers to {other}/");
            }
        }
    }

    [Test]
    public void ScottPlot_IsUsedOnlyInReporting()
    {
        foreach (var folder in new[] { "Engine", "Model", "Scenarios", "Metrics", "Cli", "Benchmarks" })
        {
            Assert.That(Files(folder).Where(f => File.ReadAllText(f).Contains("ScottPlot", StringComparison.Ordinal)), Is.Empty, folder);
        }
    }

    [Test]
    public void Console_IsUsedOnlyByTheCommandLine()
    {
        foreach (var folder in new[] { "Engine", "Model", "Scenarios", "Metrics", "Reporting", "Benchmarks" })
        {
            Assert.That(Files(folder).Where(f => ConsoleUse().IsMatch(File.ReadAllText(f))), Is.Empty, folder);
        }
    }

    [Test]
    public void EnvironmentVariables_AreReadOnlyByTheCommandLine()
    {
        foreach (var folder in new[] { "Engine", "Model", "Scenarios", "Metrics", "Reporting", "Benchmarks" })
        {
            Assert.That(Files(folder).Where(f => File.ReadAllText(f).Contains("EnvironmentVariable", StringComparison.Ordinal)), Is.Empty, folder);
        }
    }

    [GeneratedRegex(@"\bConsole\.")]
    private static partial Regex ConsoleUse();
}
