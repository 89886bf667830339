using System.Diagnostics;
using System.IO.Compression;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>The program as a .NET tool: library names instead of paths, and the real pack / install / run.</summary>
public sealed class ToolTests
{
    private static string EmptyFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "replicasim-tests", Guid.CreateVersion7().ToString("N"), "elsewhere");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs the command line from <paramref name="folder"/> (restoring the current folder afterwards).</summary>
    private static (int Code, string Out, string Err) RunIn(string folder, params string[] args)
    {
        var saved = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            return CliRunner.Run(args);
        }
        finally
        {
            Directory.SetCurrentDirectory(saved);
        }
    }

    [Test]
    public void LibraryNames_WorkFromAFolderWithoutScenarios()
    {
        var here = EmptyFolder();
        var list = RunIn(here, "list");
        Assert.That(list.Code, Is.EqualTo(0), list.Err);
        Assert.That(list.Out, Does.Contain("lesson.json").And.Contain("question: ").And.Contain("variants: sqlite"));
        foreach (var name in new[] { "lesson", "lesson.json" })
        {
            var v = RunIn(here, "validate", name);
            Assert.That(v.Code, Is.EqualTo(0), v.Err);
        }
        var run = RunIn(here, "run", "two-replicas-sqlite", "--set", "duration=20s", "--out", Path.Combine(here, "out"));
        Assert.That(run.Code, Is.EqualTo(0), run.Err);
        Assert.That(File.ReadAllText(Path.Combine(here, "out", "report.md")), Does.Contain("replicasim run two-replicas-sqlite --seed"));
        var explain = RunIn(here, "explain", "two-replicas-sqlite", "--set", "duration=5s");
        Assert.That(explain.Code, Is.EqualTo(0), explain.Err);
    }

    [Test]
    public void UnknownLibraryName_NamesTheLibraryAndSuggests()
    {
        var (code, _, err) = RunIn(EmptyFolder(), "run", "lesso");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("did you mean lesson?").And.Contain("two-replicas-sqlite"));
    }

    [Test]
    public void LocalScenariosFolder_ComesBeforeTheBuiltInLibrary()
    {
        var here = EmptyFolder();
        Directory.CreateDirectory(Path.Combine(here, "scenarios"));
        File.WriteAllText(Path.Combine(here, "scenarios", "lesson.json"), """{ "name": "my-own-lesson", "description": "A teacher's copy.", "duration": "10s" }""");
        var (code, output, err) = RunIn(here, "list");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("A teacher's copy.").And.Not.Contain("two-replicas-sqlite"));
        var run = RunIn(here, "run", "lesson", "--out", Path.Combine(here, "out"));
        Assert.That(run.Code, Is.EqualTo(0), run.Err);
        Assert.That(run.Out, Does.Contain("my-own-lesson"));
    }

    [Test]
    public void Version_PrintsThePackageVersion()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.Trim(), Does.Match(@"^\d+\.\d+\.\d+$"));
    }

    /// <summary>
    /// What the README tells a user to do: pack, install the tool (into a folder of its own rather than the
    /// machine's global tools), and run <c>replicasim list</c> and a library scenario from an unrelated folder.
    /// </summary>
    [Test]
    public void Pack_InstallAsTool_RunsFromAnotherFolder()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var root = TestScenario.RepoRoot();
        var work = EmptyFolder();
        var feed = Path.Combine(work, "feed");
        var tools = Path.Combine(work, "tools");
        Dotnet(root, "pack", Path.Combine(root, "Simulator", "Simulator.csproj"), "-c", configuration, "--no-build", "-o", feed);
        var package = Directory.GetFiles(feed, "ReplicaSim.*.nupkg").Single();
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.That(names, Does.Contain("tools/net10.0/any/scenarios/lesson.json"));
            Assert.That(names, Does.Contain("tools/net10.0/any/scenarios/scenario.schema.json"));
            using var settings = new StreamReader(zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
            Assert.That(settings.ReadToEnd(), Does.Contain("Command Name=\"replicasim\""));
        }
        // Only the folder the package was written to: the test needs no network.
        var config = Path.Combine(work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);
        Dotnet(work, "tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", feed, "ReplicaSim");
        var exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "replicasim.exe" : "replicasim");
        var list = Exec(exe, work, "list");
        Assert.That(list, Does.Contain("two-replicas-sqlite.json").And.Contain("question:"));
        Assert.That(Exec(exe, work, "--version").Trim(), Does.Match(@"^\d+\.\d+\.\d+$"));
        Exec(exe, work, "run", "two-replicas-sqlite", "--set", "duration=10s", "--out", Path.Combine(work, "out"));
        Assert.That(File.Exists(Path.Combine(work, "out", "summary.json")));
    }

    private static void Dotnet(string folder, params string[] args) => Exec("dotnet", folder, args);

    private static string Exec(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(0), $"{program} {string.Join(' ', args)}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
