using ReplicaSim.Engine;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    private static IReadOnlyList<ScenarioError> Errors(string json, params string[] sets)
    {
        var file = TestScenario.WriteTemp(json);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(file, new LoadOptions(null, sets)));
        return e!.Errors;
    }

    [Test]
    public void Load_Defaults_ComeFromTheDocumentedFigures()
    {
        var s = TestScenario.Load("{}");
        Assert.Multiple(() =>
        {
            Assert.That(s.LoadBalancer.HealthCheck.Interval, Is.EqualTo(Duration.FromSeconds(30)));
            Assert.That(s.LoadBalancer.HealthCheck.Timeout, Is.EqualTo(Duration.FromSeconds(5)));
            Assert.That(s.LoadBalancer.HealthCheck.HealthyThreshold, Is.EqualTo(5));
            Assert.That(s.LoadBalancer.HealthCheck.UnhealthyThreshold, Is.EqualTo(2));
            Assert.That(s.LoadBalancer.Policy, Is.EqualTo(LoadBalancerPolicy.RoundRobin));
            Assert.That(s.Storage.FailoverTime.QuantileSeconds(0), Is.EqualTo(60));
            Assert.That(s.Storage.FailoverTime.QuantileSeconds(1), Is.EqualTo(120));
            Assert.That(s.Storage.BackupInterval, Is.EqualTo(Duration.FromSeconds(300)));
            Assert.That(s.Service.MaximumPercent, Is.EqualTo(200));
            Assert.That(s.Cost.DatabaseInstancePerMonth + s.Cost.DatabaseStoragePerMonth, Is.EqualTo(14));
            Assert.That(s.Name, Is.EqualTo("test"));
        });
    }

    [Test]
    public void Load_Duration_UpToALeapYear()
    {
        var year = ScenarioLoader.Load(TestScenario.WriteTemp("""{ "duration": "366d", "faults": [ { "at": "365d", "kind": "container-crash" } ] }"""), new LoadOptions { AllowLarge = true });
        Assert.That(year.Duration, Is.EqualTo(Duration.FromSeconds(366L * 86400)));
        var errors = Errors("""{ "duration": "367d" }""");
        Assert.That(errors.Select(e => e.Path + ": " + e.Message), Has.Some.EqualTo("duration: must be from 1s to 366d (got 367d)"));
    }

    [Test]
    public void Load_CommentsAndTrailingCommas_AreAllowed()
    {
        var s = TestScenario.Load("""
            {
              // a comment
              "service": { "replicas": 3, }, /* another */
            }
            """);
        Assert.That(s.Service.Replicas, Is.EqualTo(3));
    }

    [Test]
    public void Load_MalformedJson_NamesTheLine()
    {
        var errors = Errors("{\n  \"service\": {\n    \"replicas\": 3\n    \"workers\": 2\n  }\n}\n");
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Location, Does.EndWith(":4:5"));
        Assert.That(errors[0].Message, Does.StartWith("malformed JSON"));
    }

    [Test]
    public void Load_UnknownField_SuggestsTheRightOneAndNamesTheLine()
    {
        var errors = Errors("{\n  \"service\": {\n    \"replica\": 3\n  }\n}\n");
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Path, Is.EqualTo("service.replica"));
        Assert.That(errors[0].Location, Does.EndWith(".json:3"));
        Assert.That(errors[0].Message, Does.Contain("did you mean \"replicas\""));
    }

    [Test]
    public void Load_ManyProblems_AreAllReportedAtOnce()
    {
        var errors = Errors("""
            {
              "duration": "10 minutes",
              "service": { "replicas": 0, "workers": 2.5 },
              "storage": { "kind": "postgres", "primaryZone": "az-c" },
              "loadBalancer": { "policy": "round-robbin" },
              "workload": { "mix": { "create": 0, "readOwn": 0, "readAny": 0, "update": 0 } },
              "network": { "toDatabase": { "gaussian": { "mean": "1ms" } } },
              "faults": [
                { "at": "2h", "kind": "container-restart" },
                { "at": "1m", "kind": "zone-outage", "zone": "az-q", "duration": "5m" },
                { "at": "1m", "kind": "container-crash", "replica": 9 },
                { "at": "1m", "kind": "explode" },
                { "kind": "deploy" }
              ]
            }
            """);
        var byPath = errors.ToDictionary(e => e.Path, e => e.Message);
        Assert.Multiple(() =>
        {
            Assert.That(byPath["duration"], Does.Contain("unknown unit"));
            Assert.That(byPath["service.replicas"], Does.Contain("from 1 to 1000"));
            Assert.That(byPath["service.workers"], Does.Contain("whole number"));
            Assert.That(byPath["storage.kind"], Does.Contain("one of: sqlite-per-container, shared, sqlite-shared-file"));
            Assert.That(byPath["storage.primaryZone"], Does.Contain("not one of the zones"));
            Assert.That(byPath["loadBalancer.policy"], Does.Contain("did you mean \"round-robin\""));
            Assert.That(byPath["workload.mix"], Does.Contain("every weight is zero"));
            Assert.That(byPath["network.toDatabase.gaussian"], Does.Contain("unknown distribution"));
            Assert.That(byPath.ContainsKey("faults[0].at"), Is.False, "a fault's time is not held against a duration that could not be read");
            Assert.That(byPath["faults[1].zone"], Does.Contain("not one of the zones"));
            Assert.That(byPath["faults[2].replica"], Does.Contain("no replica 9"));
            Assert.That(byPath["faults[3].kind"], Does.Contain("unknown kind \"explode\""));
            Assert.That(byPath["faults[4]"], Does.Contain("needs \"at\""));
            Assert.That(errors.All(e => e.Location.Contains(".json:", StringComparison.Ordinal)), Is.True, "every error has a line");
        });
        var line = errors.Single(e => e.Path == "faults[2].replica").Location;
        Assert.That(line, Does.EndWith(":11"));
    }

    [Test]
    public void Validate_AFieldWrongOnlyUnderAVariant_NamesTheVariant()
    {
        // The file's own storage is fine; the variant "table" turns it into DynamoDB, which has no instance to size.
        var file = TestScenario.WriteTemp("""
            {
              "duration": "10m",
              "servce": { "replicas": 2 },
              "storage": { "kind": "shared", "instanceClass": "db.t3.small" },
              "variants": { "rds": { "storage": { "standby": true } }, "table": { "storage": { "kind": "dynamodb" } } }
            }
            """);
        var errors = ScenarioLoader.Validate(file);
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(2), string.Join("\n", errors));
            var misspelt = errors.Single(e => e.Path == "servce");
            Assert.That(misspelt.Message, Does.Not.Contain("variant"), "the file's own problem is reported once, as the file's");
            var under = errors.Single(e => e.Path == "storage.instanceClass");
            Assert.That(under.Location, Does.EndWith(".json:4"));
            Assert.That(under.Message, Does.Contain("dynamodb has no database instance").And.Contains("with variant \"table\""));
            var load = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadVariants(File.ReadAllBytes(file), file))!;
            Assert.That(load.Errors.Select(e => e.Message), Has.Some.Contains("with variant \"table\"").And.Some.Not.Contains("variant"));
        });
    }

    [Test]
    public void Load_FaultAfterTheEnd_IsReported()
    {
        var errors = Errors("""{ "duration": "10m", "faults": [ { "at": "2h", "kind": "container-restart" } ] }""");
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Path, Is.EqualTo("faults[0].at"));
        Assert.That(errors[0].Message, Does.Contain("not before the end of the run (10m)"));
    }

    [TestCase("\"2hours\"", "unknown unit")]
    [TestCase("7200", "must be a duration string")]
    public void Load_UnreadableDuration_IsTheOnlyProblem(string duration, string message)
    {
        // What is measured against the run's length is not held against the default 10m the student never wrote.
        var errors = Errors($$"""
            { "duration": {{duration}}, "timelineBucket": "1s",
              "workload": { "warmUp": "15m" },
              "faults": [ { "at": "20m", "kind": "container-restart" }, { "at": "80m", "kind": "deploy" } ] }
            """);
        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "duration" }));
        Assert.That(errors[0].Message, Does.Contain(message));
    }

    [Test]
    public void Load_BadDistributionParameters_AreReported()
    {
        var errors = Errors("""
            { "service": { "serviceTime": { "lognormal": { "median": "50ms", "p99": "10ms" } },
                           "startupTime": { "uniform": { "min": "5s" } } } }
            """);
        Assert.That(errors.Select(e => e.Path), Is.SupersetOf(new[] { "service.serviceTime.lognormal.p99", "service.startupTime.uniform" }));
    }

    [Test]
    public void Set_OverridesGoThroughTheSameValidation()
    {
        var json = """{ "service": { "replicas": 2 } }""";
        Assert.That(TestScenario.Load(json, null, "service.replicas=5", "storage.kind=shared", "faults=[{\"at\":\"1m\",\"kind\":\"deploy\"}]").Service.Replicas, Is.EqualTo(5));
        var errors = Errors(json, "service.replicas=0", "service.replica=3", "storage.kind=postgres");
        Assert.Multiple(() =>
        {
            Assert.That(errors.Single(e => e.Path == "service.replicas").Location, Is.EqualTo("--set service.replicas=0"));
            Assert.That(errors.Single(e => e.Path == "service.replica").Message, Does.Contain("did you mean \"replicas\""));
            Assert.That(errors.Single(e => e.Path == "storage.kind").Location, Is.EqualTo("--set storage.kind=postgres"));
        });
    }

    [Test]
    public void Set_Malformed_IsReported()
    {
        var errors = Errors("{}", "no-equals-sign", "faults[3].kind=deploy");
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0].Message, Does.Contain("PATH=VALUE"));
        Assert.That(errors[1].Message, Does.Contain("does not exist"));
    }

    [Test]
    public void Variants_AreMergedAndValidatedWithTheirOwnLines()
    {
        var file = TestScenario.WriteTemp("""
            {
              "storage": { "kind": "sqlite-per-container" },
              "variants": {
                "rds": { "storage": { "kind": "shared", "standby": true } },
                "bad": { "storage": { "kind": "oracle" } }
              }
            }
            """);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadVariants(file));
        Assert.That(e!.Errors.Single().Path, Is.EqualTo("variants.bad.storage.kind"));
        Assert.That(e.Errors.Single().Location, Does.EndWith(":5"));
    }

    [Test]
    public void Variants_ShareEverythingButWhatTheyOverride()
    {
        var file = TestScenario.WriteTemp("""
            { "seed": 9, "service": { "replicas": 3 },
              "variants": { "sqlite": {}, "rds": { "storage": { "kind": "shared", "standby": true } } } }
            """);
        var v = ScenarioLoader.LoadVariants(file, new LoadOptions(Seed: 4));
        Assert.That(v.Select(s => s.Variant), Is.EqualTo(new[] { "sqlite", "rds" }));
        Assert.That(v.All(s => s.Seed == 4 && s.Service.Replicas == 3), Is.True);
        Assert.That(v[1].Storage.Kind, Is.EqualTo(StorageKind.Shared));
        Assert.That(v[1].Storage.Standby, Is.True);
    }

    [Test]
    public void Variant_CannotChangeTheSeed()
    {
        var file = TestScenario.WriteTemp("""{ "variants": { "a": { "seed": 3 } } }""");
        var errors = ScenarioLoader.Validate(file);
        Assert.That(errors.Single().Message, Does.Contain("same traffic"));
    }

    [Test]
    public void Schema_DescribesExactlyTheFieldsTheLoaderKnows()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TestScenario.RepoRoot(), "scenarios", "scenario.schema.json")));
        // The fields live in $defs.scenario, which the file itself and every variant (overrides) refer to.
        var root = doc.RootElement.GetProperty("$defs").GetProperty("scenario").GetProperty("properties");
        Assert.That(doc.RootElement.GetProperty("$ref").GetString(), Is.EqualTo("#/$defs/scenario"));
        Assert.That(doc.RootElement.GetProperty("$defs").GetProperty("overrides").GetProperty("$ref").GetString(), Is.EqualTo("#/$defs/scenario"),
            "a variant's fields are checked as the file's");
        IEnumerable<string> Names(System.Text.Json.JsonElement e) => e.EnumerateObject().Select(p => p.Name);
        System.Text.Json.JsonElement At(string path)
        {
            var e = root;
            foreach (var part in path.Split('.'))
            {
                e = e.GetProperty(part).GetProperty("properties");
            }
            return e;
        }
        foreach (var (path, fields) in ScenarioReader.KnownFields)
        {
            var schemaFields = path switch
            {
                "" => Names(root),
                "faults[]" => Names(doc.RootElement.GetProperty("$defs").GetProperty("fault").GetProperty("properties")),
                _ => Names(At(path)),
            };
            Assert.That(schemaFields, Is.EquivalentTo(fields), $"schema and loader disagree at '{path}'");
        }
    }

    [Test]
    public void ScenarioLibrary_EveryFileIsValid()
    {
        var folder = Path.Combine(TestScenario.RepoRoot(), "scenarios");
        var files = Directory.GetFiles(folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var f in files)
        {
            Assert.That(ScenarioLoader.Validate(f), Is.Empty, f);
            var s = ScenarioLoader.Load(f);
            Assert.That(s.Description, Is.Not.Empty, $"{f} needs a description for students");
            Assert.That(s.Name, Is.EqualTo(Path.GetFileNameWithoutExtension(f)), "name matches the file");
        }
    }
}
