using System.Text;
using ReplicaSim.Engine;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Scenarios;

/// <summary>Issue 13: every bad input gets a located message in the tool's words, and the loader agrees with the schema.</summary>
public sealed class ScenarioInputTests
{
    private static IReadOnlyList<ScenarioError> Errors(string file, LoadOptions? options = null)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(file, options));
        return e!.Errors;
    }

    private static IReadOnlyList<ScenarioError> Errors(byte[] bytes)
    {
        var file = TestScenario.WriteTemp("");
        File.WriteAllBytes(file, bytes);
        return Errors(file);
    }

    private static void AssertOnePosition(ScenarioError e)
    {
        Assert.That(e.ToString(), Does.Not.Contain("LineNumber").And.Not.Contain("BytePositionInLine").And.Not.Contain("Parameter 'key'"));
    }

    [TestCase("{\n  \"service\": {\n    \"replicas\": 2,\n    \"replicas\": 3\n  }\n}\n", 4, "service.replicas", TestName = "DuplicateKey_Nested")]
    [TestCase("{\n  \"variants\": {\n    \"a\": {},\n    \"b\": {},\n    \"a\": {}\n  }\n}\n", 5, "variants.a", TestName = "DuplicateKey_Variant")]
    [TestCase("{\n  \"name\": \"x\",\n  \"seed\": 2,\n  \"name\": \"y\"\n}\n", 4, "name", TestName = "DuplicateKey_TopLevel")]
    [TestCase("{\n  \"faults\": [\n    {\"at\": \"1m\", \"kind\": \"deploy\",\n     \"kind\": \"deploy\"}\n  ]\n}\n", 4, "faults[0].kind", TestName = "DuplicateKey_InAFault")]
    public void Load_DuplicateKey_IsReportedAtTheDuplicatesOwnLine(string json, int line, string path)
    {
        var file = TestScenario.WriteTemp(json);
        var e = Errors(file).Single();
        Assert.That(e.Location, Does.StartWith($"{file}:{line}:"));
        Assert.That(e.Path, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain("given twice"));
        AssertOnePosition(e);
        Assert.That(ScenarioLoader.Validate(file).Single(), Is.EqualTo(e));
    }

    [Test]
    public void Load_BytesThatAreNotUtf8_AreLocated()
    {
        var bytes = Encoding.ASCII.GetBytes("{\n  \"name\": \"ab\"\n}\n");
        bytes[12] = 0xFF;
        var e = Errors(bytes).Single();
        Assert.That(e.Location, Does.EndWith(":2:11"));
        Assert.That(e.Message, Does.Contain("not UTF-8"));
    }

    [Test]
    public void Load_LoneSurrogateEscape_IsLocated()
    {
        var e = Errors(Encoding.UTF8.GetBytes("{\n  \"description\": \"x\",\n  \"name\": \"\\ud800\"\n}\n")).Single();
        Assert.That(e.Location, Does.EndWith(":3:11"));
        Assert.That(e.Path, Is.EqualTo("name"));
        Assert.That(e.Message, Does.Contain("surrogate"));
    }

    [Test]
    public void Load_MalformedJson_HasOnePositionInTheToolsWords()
    {
        var e = Errors(Encoding.UTF8.GetBytes("{\n  \"seed\": 1\n  \"name\": \"x\"\n}\n")).Single();
        Assert.That(e.Location, Does.EndWith(":3:3"));
        AssertOnePosition(e);
    }

    [Test]
    public void Set_InsideANullFault_NamesTheSet()
    {
        var file = TestScenario.WriteTemp("{\n  \"faults\": [null]\n}\n");
        var errors = Errors(file, new LoadOptions(null, ["faults[0].at=1m"]));
        var set = errors.Single(x => x.Location.StartsWith("--set", StringComparison.Ordinal));
        Assert.That(set.Location, Is.EqualTo("--set faults[0].at=1m"));
        Assert.That(set.Message, Does.Contain("null"));
        Assert.That(errors.Single(x => x != set).Location, Is.EqualTo(file + ":2"));
    }

    [Test]
    public void Set_MisspelledPath_NamesTheSetAndSuggestsTheWholePath()
    {
        var file = TestScenario.WriteTemp("{\n  \"seed\": 1\n}\n");
        var e = Errors(file, new LoadOptions(null, ["servce.replicas=2"])).Single();
        Assert.That(e.Location, Is.EqualTo("--set servce.replicas=2"));
        Assert.That(e.Message, Does.Contain("did you mean \"service\", as in \"service.replicas\""));
    }

    [Test]
    public void Param_Problems_NameTheParamNotTheSetOrTheFile()
    {
        var file = TestScenario.WriteTemp("{\n  \"seed\": 1\n}\n");
        var bad = Errors(file, new LoadOptions { Param = "service.replicas=two", ParamLabel = "--param service.replicas=1,two" }).Single();
        Assert.That(bad.Location, Is.EqualTo("--param service.replicas=1,two"));
        var typo = Errors(file, new LoadOptions { Param = "servce.replicas=1", ParamLabel = "--param servce.replicas=1,2" }).Single();
        Assert.That(typo.Location, Is.EqualTo("--param servce.replicas=1,2"));
        Assert.That(typo.Message, Does.Contain("\"service.replicas\""));
    }

    [Test]
    public void List_OneBrokenFile_StillListsTheOthers()
    {
        var dir = Path.GetDirectoryName(TestScenario.WriteTemp("{\"description\": \"Fine. More.\"}", "a-good"))!;
        File.WriteAllText(Path.Combine(dir, "b-dup.json"), "{\"name\": \"x\", \"name\": \"y\"}");
        File.WriteAllBytes(Path.Combine(dir, "c-bytes.json"), [(byte)'{', 0xC3, (byte)'}']);
        File.WriteAllText(Path.Combine(dir, "d-good.json"), "{\"description\": \"Also fine.\"}");
        var list = ScenarioLoader.List(dir);
        Assert.That(list.Select(x => (Path.GetFileName(x.File), x.Valid)),
            Is.EqualTo(new[] { ("a-good.json", true), ("b-dup.json", false), ("c-bytes.json", false), ("d-good.json", true) }));
    }

    // Loader and scenario.schema.json agree: each of these is refused by the schema, so the loader refuses it too.
    [TestCase("{\n  \"variants\": [1]\n}\n", "variants", TestName = "Refused_VariantsNotAnObject")]
    [TestCase("{\n  \"duration\": \".5m\"\n}\n", "duration", TestName = "Refused_DurationWithoutLeadingDigit")]
    [TestCase("{\n  \"duration\": \"5.m\"\n}\n", "duration", TestName = "Refused_DurationWithoutFractionDigits")]
    [TestCase("{\n  \"service\": { \"replicas\": null }\n}\n", "service.replicas", TestName = "Refused_NullForAField")]
    [TestCase("{\n  \"service\": null\n}\n", "service", TestName = "Refused_NullForAnObject")]
    [TestCase("{\n  \"storage\": { \"standby\": true }\n}\n", "storage.standby", TestName = "Refused_StandbyWithoutKind")]
    [TestCase("{\n  \"storage\": { \"kind\": \"sqlite-per-container\", \"standby\": true }\n}\n", "storage.standby", TestName = "Refused_StandbyOnSqlite")]
    [TestCase("{\n  \"variants\": { \"x\": { \"seed\": 8 } }\n}\n", "variants.x.seed", TestName = "Refused_ASeedInAVariant")]
    public void Load_WhatTheSchemaRefuses_IsRefusedAtItsLine(string json, string path)
    {
        var file = TestScenario.WriteTemp(json);
        var e = ScenarioLoader.Validate(file).Single();
        Assert.That(e.Path, Is.EqualTo(path));
        Assert.That(e.Location, Is.EqualTo(file + ":2"));
    }

    [Test]
    public void Set_IntoAVariant_IsRefusedNotIgnored()
    {
        var file = TestScenario.WriteTemp("{\n  \"variants\": { \"x\": {} }\n}\n");
        var e = Errors(file, new LoadOptions(null, ["variants.x.seed=5"], "x")).Single();
        Assert.That(e.Location, Is.EqualTo("--set variants.x.seed=5"));
        Assert.That(e.Message, Does.Contain("--variant"));
    }

    [TestCase(".5m")]
    [TestCase("5.m")]
    [TestCase("5.")]
    [TestCase("+5s")]
    [TestCase("1e3s")]
    public void DurationParser_WhatTheSchemaPatternRefuses_IsRefused(string text)
    {
        Assert.That(DurationParser.TryParse(text, out _, out _), Is.False);
    }

    [TestCase("""{ "faults": [{ "every": "1us", "kind": "container-restart" }] }""", "faults[0].every", "600,000,000")]
    [TestCase("""{ "faults": [{ "every": "1ms", "kind": "container-restart" }] }""", "faults[0].every", "600,000")]
    [TestCase("""{ "duration": "30d", "workload": { "arrivalRate": 1e7 } }""", "workload.arrivalRate", "25,920,000,000,000")]
    [TestCase("""{ "duration": "1h", "workload": { "arrivalRate": 10000 } }""", "workload.arrivalRate", "waiting in memory")]
    [TestCase("""{ "duration": "10h", "service": { "replicas": 10 }, "storage": { "kind": "sqlite-shared-file" }, "workload": { "arrivalRate": 500 } }""",
              "workload.arrivalRate", "waiting in memory", TestName = "Load_OneSharedSqliteFile_WritesOneAtATime")]
    public void Load_WorkBeyondTheLimits_IsRefusedWithTheCountAndTheWayPast(string json, string path, string count)
    {
        var file = TestScenario.WriteTemp(json);
        var e = Errors(file).Single();
        Assert.That(e.Path, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain(count).And.Contain("--allow-large"));
        Assert.That(() => ScenarioLoader.Load(file, new LoadOptions { AllowLarge = true }), Throws.Nothing);
    }

    [Test]
    public void Load_FileBeyondTheSizeLimit_IsRefusedUnlessAllowed()
    {
        var faults = string.Join(",\n", Enumerable.Repeat("""{"at":"1m","kind":"deploy"}""", 50_000));
        var file = TestScenario.WriteTemp("{\"faults\": [" + faults + "]}");
        Assert.That(new FileInfo(file).Length, Is.GreaterThan(WorkLimits.MaxFileBytes));
        var e = Errors(file).Single();
        Assert.That(e.Message, Does.Contain("larger than 1 MiB").And.Contain("--allow-large"));
        Assert.That(ScenarioLoader.Load(file, new LoadOptions { AllowLarge = true }).Faults, Has.Count.EqualTo(50_000));
    }

    [Test]
    public void Load_EndlessFile_IsNeverReadWithoutLimit()
    {
        if (!File.Exists("/dev/zero"))
        {
            Assert.Ignore("no /dev/zero on this system");
        }
        var e = Errors("/dev/zero").Single();
        Assert.That(e.Message, Does.Contain("larger than 1 MiB"));
    }

    [Test]
    public void Load_DistributionBeyondTheLongestDraw_IsRefused()
    {
        var file = TestScenario.WriteTemp("""
            {
              "service": { "serviceTime": { "weibull": { "shape": 0.05, "scale": "365d" } } }
            }
            """);
        var e = Errors(file).Single();
        Assert.That(e.Path, Is.EqualTo("service.serviceTime"));
        Assert.That(e.Message, Does.Contain("365d"));
    }
}
