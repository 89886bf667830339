using System.Diagnostics;
using ReplicaSim.Cli;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>Issue 13, item 6: outputs are all or nothing, locked against a concurrent run, checked before simulating.</summary>
public sealed class OutputStagingTests
{
    private const string Tiny = """{ "duration": "20s", "workload": { "arrivalRate": 5, "clients": 10 } }""";

    private static string TempDir() => Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;

    private static string[] Hidden(string parent) =>
        [.. Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).Select(n => n!)];

    [Test]
    public void Run_WithoutHistory_LeavesNoHistoryOfThePreviousRun()
    {
        var file = TestScenario.WriteTemp(Tiny);
        var outDir = Path.Combine(TempDir(), "out");
        Assert.That(CliRunner.Run("run", file, "--out", outDir, "--history").Code, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(outDir, "history.jsonl")), Is.True);
        Assert.That(CliRunner.Run("run", file, "--out", outDir).Code, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(outDir, "history.jsonl")), Is.False);
        Assert.That(File.Exists(Path.Combine(outDir, "summary.json")), Is.True);
        Assert.That(Hidden(Path.GetDirectoryName(outDir)!), Is.Empty, "no lock, staging or old folder left behind");
        Assert.That(Directory.GetFiles(outDir, "*.partial", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void Run_TargetLockedByAnotherRun_IsRefusedBeforeSimulatingAndLeavesTheTargetAlone()
    {
        var file = TestScenario.WriteTemp(Tiny);
        var outDir = Path.Combine(TempDir(), "out");
        Assert.That(CliRunner.Run("run", file, "--out", outDir).Code, Is.EqualTo(0));
        var before = File.ReadAllBytes(Path.Combine(outDir, "summary.json"));
        using (OutputStaging.Begin(outDir))
        {
            var (code, _, err) = CliRunner.Run("run", file, "--out", outDir, "--seed", "9");
            Assert.That(code, Is.EqualTo(1));
            Assert.That(err, Does.Contain("another replicasim run is writing to"));
        }
        Assert.That(File.ReadAllBytes(Path.Combine(outDir, "summary.json")), Is.EqualTo(before));
        Assert.That(Hidden(Path.GetDirectoryName(outDir)!), Is.Empty);
        Assert.That(CliRunner.Run("run", file, "--out", outDir, "--seed", "9").Code, Is.EqualTo(0), "the lock is released");
    }

    [Test]
    public void Run_OutInAFolderThatCannotBeWritten_SaysSo_NotThatAnotherRunHoldsIt()
    {
        if (!Directory.Exists("/proc/self"))
        {
            Assert.Ignore("needs Linux's /proc, a folder no one can create files in");
        }
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(Tiny), "--out", "/proc/replicasim-out");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("cannot write in /proc").And.Not.Contain("another replicasim run"));
    }

    [Test]
    public void Run_OutIsAFile_IsRefused()
    {
        var target = TestScenario.WriteTemp("not a folder", "target");
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(Tiny), "--out", target);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("is a file"));
    }

    [Test]
    public void Run_OutHoldsSomeoneElsesFiles_IsRefusedAndTheFilesStay()
    {
        var outDir = Path.Combine(TempDir(), "mine");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "thesis.tex"), "precious");
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(Tiny), "--out", outDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("did not write"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "thesis.tex")), Is.EqualTo("precious"));
    }

    [Test]
    public void Compare_AfterRunningOneVariant_ReplacesThatFolder()
    {
        var file = TestScenario.WriteTemp("""
            { "duration": "20s", "workload": { "arrivalRate": 5, "clients": 10 },
              "variants": { "a": {}, "b": { "storage": { "kind": "shared" } } } }
            """);
        var outDir = Path.Combine(TempDir(), "cmp");
        Assert.That(CliRunner.Run("run", file, "--variant", "a", "--out", Path.Combine(outDir, "a")).Code, Is.EqualTo(0));
        var (code, _, err) = CliRunner.Run("compare", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(File.Exists(Path.Combine(outDir, "b", "summary.json")), Is.True);
    }

    [Test]
    public void Begin_AfterAKillBetweenTheRenames_PutsThePreviousOutputBack()
    {
        var parent = TempDir();
        var outDir = Path.Combine(parent, "out");
        var old = Path.Combine(parent, ".out.old-4242");
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, "summary.json"), "{}");
        Directory.CreateDirectory(Path.Combine(parent, ".out.staging-4242"));
        File.WriteAllText(Path.Combine(parent, ".out.staging-4242", "summary.json.partial"), "half");
        using (OutputStaging.Begin(outDir))
        {
            Assert.That(File.ReadAllText(Path.Combine(outDir, "summary.json")), Is.EqualTo("{}"));
            Assert.That(Directory.Exists(old), Is.False);
            Assert.That(Directory.Exists(Path.Combine(parent, ".out.staging-4242")), Is.False);
        }
        Assert.That(Hidden(parent), Is.Empty);
        Assert.That(File.Exists(Path.Combine(outDir, "summary.json")), Is.True, "abandoning keeps the previous output");
    }

    /// <summary>
    /// A run of several variants writes one folder per variant into --out: the folders are swapped in together, and
    /// when nothing is (an interruption, an error) the --out folder that Begin created for them does not stay behind.
    /// </summary>
    [Test]
    public void AGroupOfTargets_IsSwappedInTogether_OrLeavesNoFolderItCreated()
    {
        var outDir = Path.Combine(TempDir(), "out");
        var a = OutputStaging.Begin(Path.Combine(outDir, "a"));
        var b = OutputStaging.Begin(Path.Combine(outDir, "b"));
        a.Dispose();
        b.Dispose();
        Assert.That(Directory.Exists(outDir), Is.False, "nothing written: no empty --out left");

        Directory.CreateDirectory(Path.Combine(outDir, "a"));
        File.WriteAllText(Path.Combine(outDir, "a", "summary.json"), "old");
        using (var c = OutputStaging.Begin(Path.Combine(outDir, "a")))
        using (var d = OutputStaging.Begin(Path.Combine(outDir, "b")))
        {
            File.WriteAllText(Path.Combine(c.Folder, "summary.json"), "new a");
            File.WriteAllText(Path.Combine(d.Folder, "summary.json"), "new b");
            OutputStaging.CommitAll([c, d]);
            Assert.That(c.Committed && d.Committed, Is.True);
        }
        Assert.That(File.ReadAllText(Path.Combine(outDir, "a", "summary.json")), Is.EqualTo("new a"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "b", "summary.json")), Is.EqualTo("new b"));
        Assert.That(Hidden(outDir), Is.Empty, "no old output, staging folder or lock left");
    }

    [Test]
    public void Compare_WritesEverythingOrNothing()
    {
        var file = TestScenario.WriteTemp("""
            { "duration": "20s", "workload": { "arrivalRate": 5, "clients": 10 },
              "variants": { "a": {}, "b": { "storage": { "kind": "shared" } } } }
            """);
        var outDir = Path.Combine(TempDir(), "cmp");
        Assert.That(CliRunner.Run("compare", file, "--out", outDir).Code, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(outDir, "comparison.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(outDir, "a", "report.md")), Is.True);
        Assert.That(Hidden(Path.GetDirectoryName(outDir)!), Is.Empty);
    }

    [TestCase("run", "summary.json")]
    [TestCase("compare", "comparison.json")]
    public void CtrlC_StopsWithOneLineAndExit130AndKeepsThePreviousOutput(string command, string mainFile)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX signals");
        }
        const string variants = """, "variants": { "a": {}, "b": { "storage": { "kind": "shared" } } } }""";
        var parent = TempDir();
        var outDir = Path.Combine(parent, "out");
        var small = TestScenario.WriteTemp(Tiny.TrimEnd()[..^1] + variants);
        var first = command == "run" ? CliRunner.Run(command, small, "--out", outDir, "--variant", "a") : CliRunner.Run(command, small, "--out", outDir);
        Assert.That(first.Code, Is.EqualTo(0), first.Err);
        var before = File.ReadAllBytes(Path.Combine(outDir, mainFile));
        // About 30 million requests per variant: far longer than it takes to interrupt it.
        var big = TestScenario.WriteTemp("""{ "duration": "7d", "workload": { "arrivalRate": 50 }""" + variants);
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "replicasim.dll");
        List<string> args = command == "run" ? [dll, "run", big, "--out", outDir, "--variant", "a", "--history"] : [dll, "compare", big, "--out", outDir];
        var start = new ProcessStartInfo("dotnet", args)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        // Wait (up to about two minutes) until the run has checked --out and started simulating.
        for (var i = 0; i < 2400 && !Directory.GetDirectories(parent, ".out.staging-*").Any() && !process.HasExited; i++)
        {
            Thread.Sleep(50);
        }
        Assert.That(process.HasExited, Is.False, "the run is still going when interrupted");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "stops promptly");
        Assert.That(process.ExitCode, Is.EqualTo(130));
        // A long run may have printed progress lines before it was interrupted; the interruption itself is one line.
        var lines = err.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("progress", StringComparison.Ordinal)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), err.Result);
        Assert.That(lines[0], Does.StartWith("interrupted: stopped; nothing was written").And.Contain("keeps its previous output"));
        Assert.That(output.Result, Is.Empty);
        Assert.That(File.ReadAllBytes(Path.Combine(outDir, mainFile)), Is.EqualTo(before));
        Assert.That(File.Exists(Path.Combine(outDir, "history.jsonl")), Is.False);
        Assert.That(Hidden(parent), Is.Empty, "no staging folder, lock or partial file left");
        Assert.That(Directory.GetFiles(parent, "*.partial", SearchOption.AllDirectories), Is.Empty);
    }
}
