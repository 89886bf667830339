using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>Fans every report out to several observers, in order.</summary>
public sealed class CompositeObserver(params IRunObserver[] observers) : IRunObserver
{
    private readonly IRunObserver[] _observers = observers;

    public void OnRequestCompleted(in RequestRecord request)
    {
        foreach (var o in _observers)
        {
            o.OnRequestCompleted(request);
        }
    }

    public void OnWriteLost(Instant at, int key, int version, string cause)
    {
        foreach (var o in _observers)
        {
            o.OnWriteLost(at, key, version, cause);
        }
    }

    public void OnLostWriteSuperseded(Instant at, int key)
    {
        foreach (var o in _observers)
        {
            o.OnLostWriteSuperseded(at, key);
        }
    }

    public void OnIncidentStarted(Incident incident)
    {
        foreach (var o in _observers)
        {
            o.OnIncidentStarted(incident);
        }
    }

    public void OnIncidentEnded(Incident incident)
    {
        foreach (var o in _observers)
        {
            o.OnIncidentEnded(incident);
        }
    }

    public void OnContainerEvent(Instant at, ContainerEvent kind, Container container)
    {
        foreach (var o in _observers)
        {
            o.OnContainerEvent(at, kind, container);
        }
    }

    public void OnDatabaseEvent(Instant at, string what)
    {
        foreach (var o in _observers)
        {
            o.OnDatabaseEvent(at, what);
        }
    }

    public void OnTick(Instant at)
    {
        foreach (var o in _observers)
        {
            o.OnTick(at);
        }
    }
}
