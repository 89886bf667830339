using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>Runs one scenario with the metrics collector and any extra observers (history, narration).</summary>
public static class Runner
{
    public static RunSummary Run(Scenario scenario, params IRunObserver[] extra)
    {
        var collector = new RunCollector(scenario);
        IRunObserver observer = extra.Length == 0 ? collector : new CompositeObserver([collector, .. extra]);
        var system = new ReplicaSystem(scenario, observer);
        collector.Attach(system);
        foreach (var o in extra)
        {
            if (o is ISystemAware aware)
            {
                aware.Attach(system);
            }
        }
        system.Run();
        return collector.Finish();
    }
}

/// <summary>An observer that needs the system itself (names of containers and zones).</summary>
public interface ISystemAware
{
    void Attach(ReplicaSystem system);
}
