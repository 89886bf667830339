using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>What the model reports as it runs. Metrics, history and narration implement it; each hears only what it overrides.</summary>
public interface IRunObserver
{
    void OnRequestCompleted(in RequestRecord request);

    /// <summary>An acknowledged write is gone from every store and backup.</summary>
    void OnWriteLost(Instant at, int key, int version, string cause)
    {
    }

    /// <summary>A write counted as lost was superseded by a later acknowledged version of the record.</summary>
    void OnLostWriteSuperseded(Instant at, int key)
    {
    }

    void OnIncidentStarted(Incident incident)
    {
    }

    void OnIncidentEnded(Incident incident)
    {
    }

    void OnContainerEvent(Instant at, ContainerEvent kind, Container container)
    {
    }

    void OnDatabaseEvent(Instant at, string what)
    {
    }

    /// <summary>Called at the end of every timeline bucket and once at the end of the run.</summary>
    void OnTick(Instant at)
    {
    }
}

/// <summary>Lifecycle steps of a container, for narration and charts.</summary>
public enum ContainerEvent
{
    Launched,
    Running,
    Healthy,
    Unhealthy,
    Deregistered,
    Stopped,
}
