using ReplicaSim.Engine;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Scenarios;

/// <summary>Issue 15: <c>policy</c> and yearly fault rates are read, and every mistake is located.</summary>
public sealed class PolicyTests
{
    [Test]
    public void Policy_IsRead_WithResilienceHubsNames()
    {
        var s = TestScenario.Load("""
            { "policy": { "name": "gold", "availability": 99.95, "correctness": 99.99, "software": { "rto": "5m", "rpo": "0s" }, "az": { "rto": "1h" } } }
            """);
        Assert.That(s.Policy!.CorrectnessPercent, Is.EqualTo(99.99));
        Assert.That(s.Policy, Is.Not.Null);
        Assert.That(s.Policy!.Name, Is.EqualTo("gold"));
        Assert.That(s.Policy.AvailabilityPercent, Is.EqualTo(99.95));
        Assert.That(s.Policy.Software, Is.EqualTo(new DisruptionTarget(Duration.FromSeconds(300), Duration.Zero)));
        Assert.That(s.Policy.Az, Is.EqualTo(new DisruptionTarget(Duration.FromSeconds(3600), null)));
        Assert.That(s.Policy.Hardware, Is.EqualTo(DisruptionTarget.None));
    }

    [TestCase("{\n  \"policy\": { \"availability\": 100 }\n}\n", "policy.availability", "cannot be measured")]
    [TestCase("{\n  \"policy\": { \"availability\": 0.999 }\n}\n", "policy.availability", "write 99.9")]
    [TestCase("{\n  \"policy\": { \"correctness\": 0.9999 }\n}\n", "policy.correctness", "write 99.99")]
    [TestCase("{\n  \"policy\": { \"correctness\": 101 }\n}\n", "policy.correctness", "")]
    [TestCase("{\n  \"policy\": { \"region\": { \"rto\": \"1h\" }, \"az\": { \"rto\": \"1h\" } }\n}\n", "policy.region", "one region")]
    [TestCase("{\n  \"policy\": { \"sofware\": { \"rto\": \"1h\" } }\n}\n", "policy.sofware", "did you mean \"software\"")]
    [TestCase("{\n  \"policy\": { \"az\": { \"rto\": \"1 hour\" } }\n}\n", "policy.az.rto", "")]
    [TestCase("{\n  \"policy\": { \"name\": \"empty\" }\n}\n", "policy", "sets no target")]
    [TestCase("{\n  \"faults\": [{ \"kind\": \"zone-outage\", \"zone\": \"az-a\", \"duration\": \"1h\", \"rate\": \"ebs-gp3\" }]\n}\n", "faults[0].rate", "a rate of volume-failure")]
    [TestCase("{\n  \"faults\": [{ \"kind\": \"volume-failure\", \"rate\": \"ebs-gp4\" }]\n}\n", "faults[0].rate", "did you mean \"ebs-gp3\"")]
    [TestCase("{\n  \"faults\": [{ \"kind\": \"deploy\", \"perYear\": 52, \"every\": \"7d\" }]\n}\n", "faults[0]", "not \"every\" and \"perYear\"")]
    [TestCase("{\n  \"faults\": [{ \"kind\": \"deploy\", \"perYear\": -1 }]\n}\n", "faults[0].perYear", "must be from")]
    public void Policy_AndRates_Mistakes_AreLocated(string json, string path, string words)
    {
        var file = TestScenario.WriteTemp(json);
        var e = ScenarioLoader.Validate(file).First(x => x.Path == path);
        Assert.That(e.Message, Does.Contain(words));
        Assert.That(e.Location, Is.EqualTo(file + ":2"));
    }

    [Test]
    public void Rate_Preset_GivesItsYearlyRate_AndRareFaultsBeyondTheRunNeverStrike()
    {
        var s = TestScenario.Load("""{ "faults": [{ "kind": "volume-failure", "rate": "ebs-gp3" }, { "kind": "deploy", "perYear": 52 }] }""");
        Assert.That(s.Faults[0].PerYear, Is.EqualTo(0.002));
        Assert.That(s.Faults[0].RatePreset, Is.EqualTo("ebs-gp3"));
        Assert.That(s.Faults[1].PerYear, Is.EqualTo(52));
        foreach (var p in FaultRates.Presets)
        {
            Assert.That(p.Source, Does.StartWith("documented").Or.StartWith("assumption"), p.Name);
        }
    }

    /// <summary>A fault at a yearly rate is a Poisson process: over a year at 300 a year, the count is 300 within 4 standard deviations (sqrt 300).</summary>
    [Test]
    public void PerYear_StrikesAtItsRate()
    {
        var s = TestScenario.Run("""
            { "duration": "365d", "storage": { "kind": "rds" }, "workload": { "arrivalRate": 0.001 },
              "faults": [{ "kind": "container-restart", "perYear": 300 }] }
            """);
        Assert.That(s.Incidents.Count, Is.InRange(300 - (4 * Math.Sqrt(300)), 300 + (4 * Math.Sqrt(300))));
    }
}
