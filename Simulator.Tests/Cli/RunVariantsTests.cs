using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Cli;

/// <summary><c>run</c> on a file with variants runs each of them and says so; <c>--variant</c> runs one.</summary>
public sealed class RunVariantsTests
{
    private const string TwoVariants = """
        { "name": "pair", "duration": "20s", "workload": { "arrivalRate": 20, "clients": 20 },
          "variants": { "sqlite": { "storage": { "kind": "sqlite-per-container" } }, "rds": { "storage": { "kind": "shared" } } } }
        """;

    [Test]
    public void Run_FileWithVariants_RunsEachAndNamesThem()
    {
        var file = TestScenario.WriteTemp(TwoVariants);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, output, err) = CliRunner.Run("run", file, "--out", outDir);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("pair has 2 variants (sqlite, rds); running each"));
            Assert.That(output, Does.Contain("== variant sqlite: SQLite per container"));
            Assert.That(output, Does.Contain("== variant rds: RDS"));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "sqlite", "report.md")), Does.Contain("--variant sqlite"));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "rds", "report.md")), Does.Contain("--variant rds"));
            Assert.That(File.Exists(Path.Combine(outDir, "summary.json")), Is.False, "the base scenario is not run on its own");
        });
    }

    [Test]
    public void Run_WithVariantOption_RunsOnlyThatOne()
    {
        var file = TestScenario.WriteTemp(TwoVariants);
        var outDir = Path.Combine(Path.GetDirectoryName(file)!, "out");
        var (code, output, err) = CliRunner.Run("run", file, "--variant", "rds", "--out", outDir);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("variant rds: RDS").And.Not.Contain("sqlite"));
        Assert.That(File.Exists(Path.Combine(outDir, "summary.json")));
    }

    [Test]
    public void Explain_FileWithVariants_NarratesTheFirstAndNamesTheOthers()
    {
        var file = TestScenario.WriteTemp(TwoVariants);
        var (code, output, err) = CliRunner.Run("explain", file);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.StartWith("pair has 2 variants; explaining sqlite (SQLite per container)"));
        Assert.That(output, Does.Contain("--variant rds'"));
        var one = CliRunner.Run("explain", file, "--variant", "rds");
        Assert.That(one.Out, Does.Not.Contain("variants;"));
    }

    [Test]
    public void List_ShowsQuestionAndVariants()
    {
        var (code, output, _) = CliRunner.Run("list", "--dir", Path.Combine(TestScenario.RepoRoot(), "scenarios"));
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("shared-network-file.json: "));
        Assert.That(output, Does.Contain("variants: sqlite-on-efs (SQLite on a shared network file), rds (RDS"));
        Assert.That(output, Does.Contain("question: With two replicas and round-robin load balancing"));
    }
}
