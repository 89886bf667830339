using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Reporting;

/// <summary>Issue 18: every figure and sentence of the report states what the run shows.</summary>
public sealed class TruthTests
{
    private const string CalmSqlite = """
        { "name": "calm", "seed": 3, "duration": "2m", "service": { "replicas": 2 },
          "storage": { "kind": "sqlite-per-container" } }
        """;

    [Test]
    public void Availability_CountsAnswersWithoutError_CorrectnessCountsRightAnswers()
    {
        var s = TestScenario.Run(CalmSqlite);
        Assert.Multiple(() =>
        {
            Assert.That(s.Requests.Error, Is.Zero, "nothing fails in a calm run");
            Assert.That(s.Availability, Is.EqualTo(1.0), "every request was answered: wrong answers are still answers");
            Assert.That(s.Correctness, Is.EqualTo(s.Requests.Ok / (double)s.Requests.Total).Within(1e-12));
            Assert.That(s.Correctness, Is.LessThan(0.9), "SQLite per container answers many reads wrongly");
            var rows = SummaryTable.Rows(s).ToDictionary(r => r.Metric, r => r.Value);
            Assert.That(rows["availability (no error)"], Is.EqualTo(Format.Percent(1.0)));
            Assert.That(rows["correctness (ok/answered)"], Is.EqualTo(Format.Percent(s.Correctness)));
            var sweep = SweepMetrics.Measure(s);
            Assert.That(sweep[SweepMetrics.IndexOf("availabilityPercent")], Is.EqualTo(100.0));
            Assert.That(sweep[SweepMetrics.IndexOf("correctnessPercent")], Is.EqualTo(s.Correctness * 100).Within(1e-9));
        });
    }
}
