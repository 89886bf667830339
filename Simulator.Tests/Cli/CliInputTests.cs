using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>Issue 13 item 1 and issue 18 item 8: command-line inputs a student trips on get a plain, located answer.</summary>
public sealed class CliInputTests
{
    private const string Tiny = """{ "duration": "10s", "workload": { "arrivalRate": 5, "clients": 10 } }""";

    private static string TempDir() => Path.GetDirectoryName(TestScenario.WriteTemp("{}"))!;

    private static void AssertNoInternalError(string err)
    {
        Assert.That(err, Does.Not.Contain("failed unexpectedly").And.Not.Contain("   at ").And.Not.Contain("System."));
    }

    [Test]
    public void Seed_NotANumber_SaysItWantsAWholeNumber()
    {
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(Tiny), "--seed", "abc");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--seed wants a whole number").And.Contain("\"abc\""));
        AssertNoInternalError(err);
    }

    // SPEC.md: exit code 2 is bad command-line usage: a value the option itself rules out, whatever the scenario.
    [TestCase("sweep", "--param", "service.replicas=1,2", "--seeds", "0")]
    [TestCase("sweep", "--param", "service.replicas=1,2", "--jobs", "0")]
    [TestCase("sweep", "--param", "service.replicas=1,2", "--shard", "3/2")]
    [TestCase("sweep", "--param", "service.replicas")]
    [TestCase("run", "--set", "service.replicas")]
    [TestCase("run", "--set", "=3")]
    [TestCase("compare", "--set", "service.replicas")]
    [TestCase("explain", "--requests", "-1")]
    [TestCase("bench", "--customers", "0")]
    public void OptionValueItRulesOut_IsBadUsage_ExitTwo_NothingWritten(string command, params string[] rest)
    {
        var outDir = Path.Combine(TempDir(), "usage");
        string[] args = command == "bench" ? [command, .. rest] : [command, TestScenario.WriteTemp(Tiny), .. rest, .. command == "explain" ? [] : new[] { "--out", outDir }];
        var (code, _, err) = CliRunner.Run(args);
        Assert.That(code, Is.EqualTo(2), err);
        Assert.That(err, Does.StartWith("error: --").And.Contain("--help"));
        AssertNoInternalError(err);
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [TestCase("sweep", "--param", "service.replicas=1,2")]
    [TestCase("assess")]
    public void ShardOutOfRange_IsBadUsage_EvenBeforeTheFileIsRead(string command, params string[] rest)
    {
        var (code, _, err) = CliRunner.Run([command, Path.Combine(TempDir(), "no-such-file.json"), .. rest, "--shard", "3/2"]);
        Assert.That(code, Is.EqualTo(2), err);
        Assert.That(err, Does.StartWith("error: --shard"));
    }

    [Test]
    public void Run_ReportsReproduceCommand_SurvivesAShell()
    {
        // A --set with JSON in it (quotes, braces, brackets) must come back from a POSIX shell as the same words.
        var outDir = Path.Combine(TempDir(), "repro");
        const string faults = """faults=[{"at":"5s","kind":"container-crash"}]""";
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(Tiny), "--set", faults, "--set", "description=it's mine", "--out", outDir);
        Assert.That(code, Is.EqualTo(0), err);
        var report = File.ReadAllText(Path.Combine(outDir, "report.md"));
        var command = System.Text.RegularExpressions.Regex.Match(report, "Reproduce with `(replicasim run [^`]*)`").Groups[1].Value;
        Assert.That(command, Is.Not.Empty);
        if (!File.Exists("/bin/sh"))
        {
            Assert.Ignore("no /bin/sh to split the command");
        }
        var shell = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add("set -- " + command + "; for w in \"$@\"; do printf '%s\\n' \"$w\"; done");
        using var p = System.Diagnostics.Process.Start(shell)!;
        var words = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        Assert.That(words, Does.Contain(faults).And.Contain("description=it's mine"));
        Assert.That(words.Count(w => w == "--set"), Is.EqualTo(2));
    }

    [Test]
    public void Run_SetDurationBeforeTheFaults_SaysTheSetShortenedTheRun()
    {
        var file = TestScenario.WriteTemp("""
            { "duration": "10m", "workload": { "arrivalRate": 5, "clients": 10 },
              "faults": [ { "at": "5m", "kind": "container-crash" } ] }
            """);
        var (code, _, err) = CliRunner.Run("run", file, "--set", "duration=1m", "--out", Path.Combine(TempDir(), "o"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("faults[0].at: 5m is not before the end of the run (1m): the run was shortened by --set duration=1m")
            .And.Contain("--set faults=[]"));
        (code, _, err) = CliRunner.Run("run", file, "--set", "duration=1m", "--set", "faults=[]", "--out", Path.Combine(TempDir(), "o"));
        Assert.That(code, Is.EqualTo(0), err);
    }

    [Test]
    public void Seed_TooLarge_SaysTheRange()
    {
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(Tiny), "--seed", "99999999999999999999999");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--seed is out of range: at most 9223372036854775807"));
        AssertNoInternalError(err);
    }

    [Test]
    public void Seeds_TooLargeForItsType_SaysTheOptionsOwnRange()
    {
        var file = TestScenario.WriteTemp(Tiny);
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,2", "--seeds", "99999999999", "--out", Path.Combine(TempDir(), "s"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--seeds is out of range: from 1 to 10000 (got \"99999999999\")"));
        AssertNoInternalError(err);
    }

    [Test]
    public void Sweep_MisspelledParam_NamesTheParamAndSuggestsThePath()
    {
        var file = TestScenario.WriteTemp(Tiny);
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "servce.replicas=1,2", "--out", Path.Combine(TempDir(), "s"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith("--param servce.replicas=1,2: "));
        Assert.That(err, Does.Contain("\"service.replicas\""));
        Assert.That(err, Does.Not.Contain(".json:1"));
    }

    [Test]
    public void Sweep_BadParamValue_CallsItselfParam()
    {
        var file = TestScenario.WriteTemp(Tiny);
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,two", "--out", Path.Combine(TempDir(), "s"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--param service.replicas=1,two: service.replicas: must be a whole number"));
        Assert.That(err, Does.Not.Contain("--set"));
    }

    [Test]
    public void Validate_TheLibraryGlob_SkipsTheSchemaFile()
    {
        var folder = Path.Combine(TestScenario.RepoRoot(), "scenarios");
        var (code, output, err) = CliRunner.Run(["validate", .. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)]);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("scenario.schema.json: skipped"));
    }

    [Test]
    public void Validate_StandbyWithoutKind_IsRefusedAtItsLine()
    {
        var file = TestScenario.WriteTemp("{\n  \"storage\": { \"standby\": true }\n}\n");
        var (code, _, err) = CliRunner.Run("validate", file);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain(".json:2: storage.standby: ").And.Contain("\"kind\": \"shared\""));
    }

    [Test]
    public void Explain_Out_WritesTheNarrationToTheFile()
    {
        var file = TestScenario.WriteTemp(Tiny);
        var target = Path.Combine(TempDir(), "explain.txt");
        var (code, output, _) = CliRunner.Run("explain", file, "--out", target);
        var (_, printed, _) = CliRunner.Run("explain", file);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.Trim(), Is.EqualTo($"wrote {target}"));
        Assert.That(File.ReadAllText(target), Is.EqualTo(printed));
    }

    [Test]
    public void Explain_OutIsAFolder_IsRefusedBeforeRunning()
    {
        var (code, _, err) = CliRunner.Run("explain", TestScenario.WriteTemp(Tiny), "--out", TempDir());
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("is a folder"));
    }

    [TestCase("{\n  \"service\": {\"replicas\": 2, \"replicas\": 3}\n}\n", ".json:2:")]
    [TestCase("{\n  \"name\": \"\\ud800\"\n}\n", ".json:2:")]
    public void Run_UnreadableText_IsLocatedNotAnInternalError(string json, string location)
    {
        var (code, _, err) = CliRunner.Run("run", TestScenario.WriteTemp(json), "--out", Path.Combine(TempDir(), "o"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain(location));
        AssertNoInternalError(err);
    }

    [Test]
    public void Run_BeyondTheWorkLimits_IsRefusedBeforeRunningAndSaysHowToGoPast()
    {
        var file = TestScenario.WriteTemp("""{ "duration": "30d", "workload": { "arrivalRate": 10000000 } }""");
        var outDir = Path.Combine(TempDir(), "o");
        var (code, _, err) = CliRunner.Run("run", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("25,920,000,000,000 expected requests").And.Contain("--allow-large"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void Explain_ANegativeClient_IsBadUsage_BeforeTheFileIsRead()
    {
        var (code, _, err) = CliRunner.Run("explain", Path.Combine(TempDir(), "no-such-file.json"), "--client", "-1");
        Assert.That(code, Is.EqualTo(2), err);
        Assert.That(err, Does.Contain("--client cannot be negative"));
    }

    [TestCase("validate", "--bogus")]
    [TestCase("compare", "--bogus")]
    [TestCase("compare", "--variant")]
    [TestCase("merge", "--bogus")]
    public void AnUnknownOption_OnACommandOfSeveralFiles_IsBadUsage_NotAMissingFile(string command, string option)
    {
        var file = TestScenario.WriteTemp(Tiny);
        var (code, _, err) = CliRunner.Run(command, file, option, "--out", Path.Combine(TempDir(), "o"));
        Assert.That(code, Is.EqualTo(2), err);
        Assert.That(err, Does.Contain($"unrecognized option '{option}' for '{command}'"));
        AssertNoInternalError(err);
    }

    [TestCase("run")]
    [TestCase("compare")]
    public void AllowLarge_GoesPastTheLimits_AndTheReproducingCommandKeepsIt(string command)
    {
        // A file over the 1 MiB limit (padding) whose run is tiny: refused without --allow-large, run with it.
        var file = TestScenario.WriteTemp(Tiny[..^1] + new string(' ', 1_100_000) + "}");
        var outDir = Path.Combine(TempDir(), "o");
        var (refused, _, err) = CliRunner.Run(command, file, "--out", outDir);
        Assert.That(refused, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("--allow-large"));
        var (code, _, err2) = CliRunner.Run(command, file, "--out", outDir, "--allow-large");
        Assert.That(code, Is.EqualTo(0), err2);
        Assert.That(File.ReadAllText(Path.Combine(outDir, "report.md")), Does.Contain("--allow-large`"), "report.md's command to reproduce the run");
    }

    [Test]
    public void Sweep_TooMuchWorkInTotal_IsRefusedBeforeRunning()
    {
        // 4 values x 100 seeds x 8.64 million requests each (each run alone is within the limits).
        var file = TestScenario.WriteTemp("""{ "duration": "1d", "workload": { "arrivalRate": 100 } }""");
        var outDir = Path.Combine(TempDir(), "s");
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=2,3,4,5", "--seeds", "100", "--out", outDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("400 runs add up to 3,456,000,000 expected requests").And.Contain("--allow-large"));
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void List_ABrokenFile_StillListsTheRest()
    {
        var dir = Path.GetDirectoryName(TestScenario.WriteTemp("{\"description\": \"Good.\"}", "a"))!;
        File.WriteAllText(Path.Combine(dir, "b.json"), "{\"name\": \"x\",\n \"name\": \"y\"}");
        File.WriteAllText(Path.Combine(dir, "c.json"), "{\"description\": \"Also good.\"}");
        var (code, output, err) = CliRunner.Run("list", "--dir", dir);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("a.json").And.Contain("b.json").And.Contain("c.json"));
        AssertNoInternalError(err);
    }
}
