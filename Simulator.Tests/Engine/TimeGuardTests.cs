using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Tests.Support;

namespace ReplicaSim.Tests.Engine;

/// <summary>Issue 13, item 5: the microsecond clock never runs backwards, whatever the draws.</summary>
public sealed class TimeGuardTests
{
    private sealed class Nothing : EventTarget
    {
        public override void OnEvent(int kind, long arg)
        {
        }
    }

    [Test]
    public void Schedule_DelayThatWouldWrapTheClock_IsRefused()
    {
        var sim = new Simulation();
        sim.Schedule(Duration.FromSeconds(10), new Nothing(), 0);
        sim.RunToCompletion();
        Assert.That(() => sim.Schedule(new Duration(long.MaxValue - 5), new Nothing(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => sim.Schedule(new Duration(-1), new Nothing(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => sim.ScheduleAt(new Instant(5), new Nothing(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Sample_ExtremeDistributions_SaturateAtTheDocumentedMaximum()
    {
        var random = new Random(7);
        DurationDistribution[] extreme =
        [
            new WeibullDistribution(0.05, 365.0 * 86400),
            new LogNormalDistribution(86400, 365.0 * 86400),
            new ExponentialDistribution(1e12),
        ];
        foreach (var d in extreme)
        {
            var max = Duration.Zero;
            for (var i = 0; i < 20_000; i++)
            {
                var x = d.Sample(random);
                Assert.That(x, Is.GreaterThanOrEqualTo(Duration.Zero).And.LessThanOrEqualTo(DurationDistribution.MaxSample), d.ToString());
                max = x > max ? x : max;
            }
            Assert.That(max, Is.EqualTo(DurationDistribution.MaxSample), $"{d} reaches the cap in 20,000 draws");
        }
        Assert.That(DurationDistribution.MaxSample, Is.EqualTo(Duration.FromSeconds(365.0 * 86400)));
    }

    [Test]
    public void Run_ServiceTimesAtTheCap_NeverCompleteBeforeTheyArrive()
    {
        // Loaded legitimately, then given a service time the loader would refuse, to drive the model at the cap.
        var scenario = TestScenario.Load("""{ "duration": "1m", "service": { "requestTimeout": "0s" } }""");
        scenario = scenario with { Service = scenario.Service with { ServiceTime = new WeibullDistribution(0.05, 365.0 * 86400) } };
        var recorder = new Recorder();
        var summary = Runner.Run(scenario, recorder);
        Assert.That(recorder.Count, Is.GreaterThan(0));
        Assert.That(recorder.Backwards, Is.Zero, "a request completed before it arrived");
        Assert.That(summary.LatencyMs.Max, Is.GreaterThanOrEqualTo(0));
    }

    private sealed class Recorder : ReplicaSim.Model.IRunObserver
    {
        public int Count { get; private set; }

        public int Backwards { get; private set; }

        public void OnRequestCompleted(in ReplicaSim.Model.RequestRecord request)
        {
            Count++;
            if (request.Complete < request.Invoke || request.Invoke < Instant.Start)
            {
                Backwards++;
            }
        }
    }
}
