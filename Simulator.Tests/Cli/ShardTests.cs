using ReplicaSim.Cli;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary>--shard K/N, auto and auto/N as the issue states them, and merge's checks of a set of shard files.</summary>
public sealed class ShardTests
{
    private const string Isolation = """
        { "name": "isolation", "duration": "1m", "loadBalancer": { "policy": "random" },
          "storage": { "kind": "sqlite-per-container" }, "workload": { "arrivalRate": 20, "clients": 100 } }
        """;

    private static Shard Resolve(string text, params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value);
        return ShardOption.Resolve(text, name => env.GetValueOrDefault(name));
    }

    private static string Error(string text, params (string Name, string Value)[] variables) =>
        Assert.Throws<UserFacingException>(() => Resolve(text, variables))!.Message;

    [TestCase("1/1", 1, 1)]
    [TestCase("3/8", 3, 8)]
    [TestCase("8/8", 8, 8)]
    public void Explicit_KOfN(string text, int part, int parts) => Assert.That(Resolve(text), Is.EqualTo(new Shard(part, parts)));

    [TestCase("0/8")]
    [TestCase("9/8")]
    [TestCase("3")]
    [TestCase("a/b")]
    [TestCase("-1/4")]
    [TestCase("auto/0")]
    [TestCase("auto/x")]
    public void Malformed_IsRefused(string text) =>
        Assert.That(Assert.Throws<UsageException>(() => Resolve(text))!.Message, Does.StartWith("--shard"), "a value the option rules out is bad usage (exit 2)");

    // Slurm: shard = id - min + 1 of count, whether the array starts at 1 (--array=1-8) or at 0 (--array=0-3).
    [TestCase("1", "1", "8", 1, 8)]
    [TestCase("3", "1", "8", 3, 8)]
    [TestCase("8", "1", "8", 8, 8)]
    [TestCase("0", "0", "4", 1, 4)]
    [TestCase("3", "0", "4", 4, 4)]
    [TestCase("12", "10", "5", 3, 5)]
    public void Slurm_ShardIsIdMinusMinPlusOne(string id, string min, string count, int part, int parts)
    {
        Assert.That(Resolve("auto", ("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_MIN", min), ("SLURM_ARRAY_TASK_COUNT", count)),
            Is.EqualTo(new Shard(part, parts)));
        var max = (int.Parse(min, System.Globalization.CultureInfo.InvariantCulture) + parts - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Resolve($"auto/{parts}", ("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_MIN", min), ("SLURM_ARRAY_TASK_MAX", max),
            ("SLURM_ARRAY_TASK_COUNT", count), ("SLURM_ARRAY_TASK_STEP", "1")), Is.EqualTo(new Shard(part, parts)), "auto/N that agrees");
    }

    [Test]
    public void Slurm_WithAStep_CountsTasksNotIds() =>
        // sbatch --array=0-15:4 runs tasks 0, 4, 8, 12.
        Assert.That(Resolve("auto", ("SLURM_ARRAY_TASK_ID", "8"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_MAX", "12"),
            ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_STEP", "4")), Is.EqualTo(new Shard(3, 4)));

    [Test]
    public void Slurm_AutoN_MustAgreeWithTheArray()
    {
        var message = Error("auto/8", ("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4"));
        Assert.That(message, Does.Contain("auto/8").And.Contain("SLURM_ARRAY_TASK_COUNT=4"));
    }

    [Test]
    public void Slurm_ArrayWithGaps_IsRefused() =>
        // sbatch --array=1,3,5: three tasks spread over 1..5 would leave shards out.
        Assert.That(Error("auto", ("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "3")), Does.Contain("gaps"));

    [Test]
    public void Slurm_WithoutCount_TakesItFromAutoN()
    {
        Assert.That(Resolve("auto/4", ("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "1")), Is.EqualTo(new Shard(2, 4)));
        Assert.That(Error("auto", ("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "1")), Does.Contain("SLURM_ARRAY_TASK_COUNT"));
        Assert.That(Error("auto/4", ("SLURM_ARRAY_TASK_ID", "2")), Does.Contain("SLURM_ARRAY_TASK_MIN is not set"));
    }

    [Test]
    public void Slurm_NotANumber_NamesTheVariable() =>
        Assert.That(Error("auto", ("SLURM_ARRAY_TASK_ID", "x"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4")),
            Does.Contain("SLURM_ARRAY_TASK_ID=\"x\""));

    [TestCase("JOB_COMPLETION_INDEX")]
    [TestCase("AWS_BATCH_JOB_ARRAY_INDEX")]
    public void ZeroBasedIndex_IsShardIndexPlusOne_OfN(string variable)
    {
        Assert.That(Resolve("auto/5", (variable, "0")), Is.EqualTo(new Shard(1, 5)));
        Assert.That(Resolve("auto/5", (variable, "4")), Is.EqualTo(new Shard(5, 5)));
        Assert.That(Error("auto/5", (variable, "5")), Does.Contain($"{variable}=5 is outside 0..4"));
        Assert.That(Error("auto", (variable, "0")), Does.Contain("auto/N"), "the count is not exported, so plain auto cannot know it");
    }

    [Test]
    public void OutsideAScheduler_NamesTheVariablesItLookedFor()
    {
        var message = Error("auto");
        Assert.That(message, Does.Contain("SLURM_ARRAY_TASK_ID").And.Contain("JOB_COMPLETION_INDEX").And.Contain("AWS_BATCH_JOB_ARRAY_INDEX"));
        Assert.That(Error("auto/4", ("SLURM_JOB_ID", "77")), Does.Contain("not a job array"));
    }

    [Test]
    public void TwoSchedulers_AreAmbiguous() =>
        Assert.That(Error("auto/4", ("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_MIN", "1"), ("JOB_COMPLETION_INDEX", "0")),
            Does.Contain("ambiguous"));

    [Test]
    public void Sweep_ShardAuto_OutsideAScheduler_ExitsOneBeforeRunning()
    {
        string[] variables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"];
        Assume.That(variables.All(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))), "the tests run inside a job array");
        var file = TestScenario.WriteTemp(Isolation);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "auto");
        var (code, _, err) = CliRunner.Run("sweep", file, "--param", "service.replicas=1,2", "--seeds", "2", "--out", outDir, "--shard", "auto");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("SLURM_ARRAY_TASK_ID").And.Contain("JOB_COMPLETION_INDEX").And.Contain("AWS_BATCH_JOB_ARRAY_INDEX"));
        Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(outDir), Is.False);
    }

    [Test]
    public void Shards_CoverEveryRunExactlyOnce()
    {
        foreach (var runs in new[] { 1, 7, 12, 100 })
        {
            for (var parts = 1; parts <= 9; parts++)
            {
                var all = Enumerable.Range(1, parts).SelectMany(k => new Shard(k, parts).Select(runs)).Order();
                Assert.That(all, Is.EqualTo(Enumerable.Range(0, runs)), $"{runs} runs in {parts} shards");
            }
        }
    }

    [TestCase(new[] { 3 }, 8, "shard 3 of 8 is missing")]
    [TestCase(new[] { 3, 7 }, 8, "shards 3 and 7 of 8 are missing")]
    [TestCase(new[] { 2, 3, 7 }, 8, "shards 2, 3 and 7 of 8 are missing")]
    public void Missing_IsWordedAsTheIssueStates(int[] missing, int parts, string expected) =>
        Assert.That(ShardSet.Missing(missing, parts), Is.EqualTo(expected));

    private static (string File, string Dir, string[] Sweep) Setup(string name)
    {
        var file = TestScenario.WriteTemp(Isolation);
        var dir = Path.Combine(Path.GetDirectoryName(file)!, name);
        return (file, dir, ["sweep", file, "--param", "service.replicas=1,2", "--seeds", "4", "--out", dir]);
    }

    private static void Shard(string[] sweep, string shard, params string[] extra)
    {
        var (code, _, err) = CliRunner.Run([.. sweep, .. extra, "--shard", shard]);
        Assert.That(code, Is.EqualTo(0), err);
    }

    private static string MergeFails(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["merge", .. args]);
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("nothing was written"));
        foreach (var a in args.Where(Directory.Exists))
        {
            Assert.That(File.Exists(Path.Combine(a, "sweep.csv")) || File.Exists(Path.Combine(a, "sweep.json")), Is.False, "a partial result was written");
        }
        return err;
    }

    [Test]
    public void Merge_NamesEveryMissingShard_AndWritesNothing()
    {
        var (_, dir, sweep) = Setup("missing");
        foreach (var k in new[] { 1, 2, 4, 5, 6, 8 })
        {
            Shard(sweep, $"{k}/8");
        }
        Assert.That(MergeFails(dir), Does.Contain("shards 3 and 7 of 8 are missing").And.Contain("--shard 3/8, --shard 7/8"));
    }

    [Test]
    public void Merge_NamesDuplicates()
    {
        var (_, dir, sweep) = Setup("dup");
        Shard(sweep, "1/2");
        Shard(sweep, "2/2");
        var copy = Path.Combine(dir, "copy");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(dir, "sweep-shard-1-of-2.json"), Path.Combine(copy, "sweep-shard-1-of-2.json"));
        Assert.That(MergeFails(dir, Path.Combine(copy, "sweep-shard-1-of-2.json")), Does.Contain("shard 1 of 2 is given 2 times"));
    }

    [TestCase("seeds", "--seeds", "3")]
    [TestCase("values", "--param", "service.replicas=1,3")]
    [TestCase("--set", "--set", "workload.arrivalRate=25")]
    [TestCase("shard count", null, null)]
    public void Merge_RefusesShardsOfAnotherDefinition(string difference, string? option, string? value)
    {
        var (_, dir, sweep) = Setup("other");
        Shard(sweep, "1/2");
        if (option is null)
        {
            Shard(sweep, "2/3");
        }
        else
        {
            Shard([.. sweep.Where((_, i) => i == 0 || sweep[i - 1] != option && sweep[i] != option), option, value!], "2/2");
        }
        var err = MergeFails(dir);
        Assert.That(err, Does.Contain("different definitions").And.Contain("differs in " + difference));
    }

    [Test]
    public void Merge_RefusesShardsOfAChangedScenarioFile()
    {
        var (file, dir, sweep) = Setup("content");
        Shard(sweep, "1/2");
        File.WriteAllText(file, Isolation.Replace("\"1m\"", "\"2m\"", StringComparison.Ordinal));
        Shard(sweep, "2/2");
        Assert.That(MergeFails(dir), Does.Contain("differs in scenario content"));
    }

    [Test]
    public void Merge_RefusesAShardWhoseFingerprintDoesNotMatchItsContents()
    {
        var (_, dir, sweep) = Setup("edited");
        Shard(sweep, "1/2");
        Shard(sweep, "2/2");
        var path = Path.Combine(dir, "sweep-shard-2-of-2.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"seeds\": 4", "\"seeds\": 5", StringComparison.Ordinal));
        Assert.That(MergeFails(dir), Does.Contain("fingerprint does not match"));
    }

    [Test]
    public void Merge_RefusesAShardWhoseResultsWereEdited()
    {
        var (_, dir, sweep) = Setup("results");
        Shard(sweep, "1/2");
        Shard(sweep, "2/2");
        var path = Path.Combine(dir, "sweep-shard-2-of-2.json");
        using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)))
        {
            // One run's first metric, changed by one.
            var first = doc.RootElement.GetProperty("runs")[0].GetProperty("metrics")[0].GetRawText();
            var edited = File.ReadAllText(path).Replace("\"metrics\": [\n        " + first, "\"metrics\": [\n        " + (double.Parse(first, System.Globalization.CultureInfo.InvariantCulture) + 1)
                .ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.That(edited, Is.Not.EqualTo(File.ReadAllText(path)), "the edit must change the file");
            File.WriteAllText(path, edited);
        }
        Assert.That(MergeFails(dir), Does.Contain("its runs do not match their checksum"));
    }

    [Test]
    public void Merge_TheSameShardTwice_IsRefused()
    {
        var (_, dir, sweep) = Setup("twice");
        Shard(sweep, "1/2");
        Shard(sweep, "2/2");
        var one = Path.Combine(dir, "sweep-shard-1-of-2.json");
        Assert.That(MergeFails(one, Path.Combine(dir, "sweep-shard-2-of-2.json"), one), Does.Contain("given twice"));
    }

    [Test]
    public void Merge_RefusesAShardOfAnotherBuild()
    {
        var (_, dir, sweep) = Setup("build");
        Shard(sweep, "1/2");
        Shard(sweep, "2/2");
        var path = Path.Combine(dir, "sweep-shard-2-of-2.json");
        var shard = ReplicaSim.Reporting.SweepFiles.ReadShard(path);
        var other = shard.Provenance with { ToolVersion = "0.9.0 build 000000000000" };
        File.WriteAllBytes(path, ReplicaSim.Reporting.SweepFiles.Shard(shard.Definition, other, shard.Shard, shard.Shards, shard.Runs));
        Assert.That(MergeFails(dir), Does.Contain("differs in tool version (" + SweepRunner.ToolVersion + " vs 0.9.0 build 000000000000)"));
    }

    [Test]
    public void ShardFile_CarriesTheFingerprintAndToolVersion()
    {
        var (_, dir, sweep) = Setup("fp");
        Shard(sweep, "1/2");
        Shard(sweep, "2/2");
        var one = File.ReadAllText(Path.Combine(dir, "sweep-shard-1-of-2.json"));
        var two = File.ReadAllText(Path.Combine(dir, "sweep-shard-2-of-2.json"));
        string Field(string text, string name) => System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty(name).GetString()!;
        Assert.That(Field(one, "fingerprint"), Does.Match("^sha256:[0-9a-f]{64}$"));
        Assert.That(Field(two, "fingerprint"), Is.EqualTo(Field(one, "fingerprint")));
        Assert.That(Field(one, "toolVersion"), Is.EqualTo(SweepRunner.ToolVersion).And.Match(@"^\S+ build [0-9a-f]{12}$"));
        Assert.That(Field(one, "scenarioSha256"), Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void RerunningOneTask_ReplacesItsShardFileAndNothingElse()
    {
        var (_, dir, sweep) = Setup("rerun");
        for (var k = 1; k <= 3; k++)
        {
            Shard(sweep, $"{k}/3");
        }
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var before = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToDictionary(f => f, File.ReadAllBytes);
        foreach (var f in before.Keys)
        {
            File.SetLastWriteTimeUtc(f, old);
        }
        Shard(sweep, "2/3");
        var after = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList();
        Assert.That(after, Is.EqualTo(before.Keys), "no other file appears or disappears");
        foreach (var f in after)
        {
            Assert.That(File.ReadAllBytes(f), Is.EqualTo(before[f]), f);
            var rewritten = Path.GetFileName(f) == "sweep-shard-2-of-3.json";
            Assert.That(File.GetLastWriteTimeUtc(f) == old, Is.EqualTo(!rewritten), f);
        }
        var (code, _, err) = CliRunner.Run("merge", dir);
        Assert.That(code, Is.EqualTo(0), err);
    }
}
