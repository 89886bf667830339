using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests;

/// <summary>
/// Dependencies point one way: Engine &lt;- Model &lt;- Scenarios; Metrics reads Model; Reporting reads Metrics; Cli uses all.
/// Engine, Model, Scenarios and Metrics form the core library (ReplicaSim.Core/), which both front ends (the CLI and
/// the browser playground) use unchanged: it references no ScottPlot, no System.CommandLine, no console, no file system.
/// </summary>
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

    private static readonly string[] CoreFolders = ["Engine", "Model", "Scenarios", "Metrics"];

    private static IEnumerable<string> Files(string folder) =>
        Directory.GetFiles(Path.Combine(TestScenario.RepoRoot(), CoreFolders.Contains(folder) ? "ReplicaSim.Core" : "Simulator", folder), "*.cs", SearchOption.AllDirectories);

    /// <summary>What the core may not name: the front ends' libraries, the console and the file system.</summary>
    private static readonly string[] ForbiddenInCore =
    [
        "ScottPlot", "System.CommandLine", "System.Console", "System.IO.File", "System.IO.Directory", "System.IO.Path",
        "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.IO.FileStream", "System.IO.StreamReader",
        "System.IO.StreamWriter", "System.IO.FileSystemWatcher", "System.IO.DriveInfo", "System.IO.MemoryMappedFiles",
    ];

    private static bool IsForbiddenInCore(string fullName) =>
        ForbiddenInCore.Any(f => fullName == f || fullName.StartsWith(f + ".", StringComparison.Ordinal));

    [Test]
    public void Core_HoldsEngineModelScenariosMetrics_AndTheToolHasNoCopy()
    {
        var root = TestScenario.RepoRoot();
        foreach (var folder in CoreFolders)
        {
            Assert.That(Directory.Exists(Path.Combine(root, "ReplicaSim.Core", folder)), Is.True, folder);
            Assert.That(Directory.Exists(Path.Combine(root, "Simulator", folder)), Is.False, $"Simulator/{folder} should live in ReplicaSim.Core/");
        }
        Assert.That(typeof(ReplicaSim.Engine.Simulation).Assembly.GetName().Name, Is.EqualTo("ReplicaSim.Core"));
        Assert.That(typeof(ReplicaSim.Metrics.Runner).Assembly.GetName().Name, Is.EqualTo("ReplicaSim.Core"));
        Assert.That(typeof(ReplicaSim.Scenarios.ScenarioLoader).Assembly.GetName().Name, Is.EqualTo("ReplicaSim.Core"));
    }

    /// <summary>The built core assembly: none of its assembly, type or member references is to ScottPlot, System.CommandLine, the console or the file system.</summary>
    [Test]
    public void Core_ReferencesNoScottPlotCommandLineConsoleOrFileSystem()
    {
        var names = CoreReferences(typeof(ReplicaSim.Engine.Simulation).Assembly.Location);
        Assert.That(names.Assemblies, Does.Contain("System.Runtime"), "the reader found the core's references");
        Assert.That(names.Types, Does.Contain("System.String"), "the reader found the core's type references");
        Assert.That(names.Assemblies.Where(a => a.StartsWith("ScottPlot", StringComparison.Ordinal) || a.StartsWith("System.CommandLine", StringComparison.Ordinal) ||
                                                 a == "System.Console" || a.StartsWith("SkiaSharp", StringComparison.Ordinal)), Is.Empty);
        Assert.That(names.Types.Where(IsForbiddenInCore), Is.Empty);
    }

    /// <summary>The check above can fail: the tool's own assembly names the console and the file system.</summary>
    [Test]
    public void Core_ReferenceCheck_CatchesTheToolsConsoleAndFileUse()
    {
        var names = CoreReferences(typeof(ReplicaSim.Cli.CliApp).Assembly.Location);
        Assert.That(names.Types.Where(IsForbiddenInCore), Does.Contain("System.IO.File").And.Contain("System.Console"));
        Assert.That(names.Assemblies, Does.Contain("System.CommandLine").And.Contain("ScottPlot"));
    }

    [Test]
    public void Core_ProjectReferencesNoFrontEndPackage()
    {
        var project = File.ReadAllText(Path.Combine(TestScenario.RepoRoot(), "ReplicaSim.Core", "ReplicaSim.Core.csproj"));
        Assert.That(project, Does.Contain("<PackageReference Include=\"MathNet.Numerics\""), "the check reads package references");
        foreach (var package in new[] { "ScottPlot", "System.CommandLine", "../Simulator/Simulator.csproj" })
        {
            Assert.That(project, Does.Not.Contain($"Include=\"{package}\""));
        }
    }

    [TestCase("Engine")]
    [TestCase("Model")]
    [TestCase("Scenarios")]
    [TestCase("Metrics")]
    public void Core_SourceNamesNoConsoleOrFileSystem(string folder)
    {
        foreach (var file in Files(folder))
        {
            var text = File.ReadAllText(file);
            Assert.That(CoreSourceForbidden().Match(text).Value, Is.Empty, $"{Path.GetFileName(file)} in {folder}/");
        }
    }

    private static (HashSet<string> Assemblies, HashSet<string> Types) CoreReferences(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var assemblies = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToHashSet(StringComparer.Ordinal);
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in md.TypeReferences)
        {
            var t = md.GetTypeReference(h);
            var ns = md.GetString(t.Namespace);
            types.Add(ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name));
        }
        return (assemblies, types);
    }

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

    [GeneratedRegex(@"\bConsole\.|\bFile\.[A-Z]|\bDirectory\.[A-Z]|\bFileStream\b|\bStreamReader\b|\bStreamWriter\b|\bFileInfo\b|\bDirectoryInfo\b|\bSystem\.IO\.Path\b|\bPath\.(Combine|GetFullPath|GetTempPath|GetFileName|GetDirectoryName|Join)\b|\busing ScottPlot|\busing System\.CommandLine")]
    private static partial Regex CoreSourceForbidden();

    [GeneratedRegex(@"\bConsole\.")]
    private static partial Regex ConsoleUse();
}
