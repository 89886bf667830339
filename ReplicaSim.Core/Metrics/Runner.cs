using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>Runs one scenario with the metrics collector and any extra observers (history, narration).</summary>
public static class Runner
{
    public static RunSummary Run(Scenario scenario, params IRunObserver[] extra) => Run(scenario, RunOptions.Default, extra);

    public static RunSummary Run(Scenario scenario, RunOptions options, params IRunObserver[] extra)
    {
        var collector = new RunCollector(scenario) { TrackRecoveryPoints = options.TrackRecoveryPoints };
        var replay = new ReplayRecorder(scenario);
        var observer = new CompositeObserver([collector, replay, .. extra]);
        var system = new ReplicaSystem(scenario, observer);
        collector.Attach(system);
        replay.Attach(system);
        foreach (var o in extra)
        {
            if (o is ISystemAware aware)
            {
                aware.Attach(system);
            }
        }
        system.Run();
        return collector.Finish() with { Replay = replay.Finish() };
    }
}

/// <summary>What a run measures beyond the usual figures.</summary>
/// <param name="TrackRecoveryPoints">Keep each record's acknowledgement time (8 bytes a record) so that every fault's
/// recovery point (how far back the writes it destroyed went) is measured: what <c>assess</c> needs.</param>
public sealed record RunOptions(bool TrackRecoveryPoints)
{
    public static readonly RunOptions Default = new(false);
}

/// <summary>An observer that needs the system itself (names of containers and zones).</summary>
public interface ISystemAware
{
    void Attach(ReplicaSystem system);
}
