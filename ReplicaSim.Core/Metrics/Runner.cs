using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>Runs one scenario with the metrics collector and any extra observers (history, narration).</summary>
public static class Runner
{
    public static RunSummary Run(Scenario scenario, params IRunObserver[] extra)
    {
        var collector = new RunCollector(scenario);
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

/// <summary>An observer that needs the system itself (names of containers and zones).</summary>
public interface ISystemAware
{
    void Attach(ReplicaSystem system);
}
