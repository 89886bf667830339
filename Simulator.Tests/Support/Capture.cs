using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Tests.Support;

/// <summary>Keeps every finished request and every lost write, for tests that check them one by one.</summary>
internal sealed class Capture : IRunObserver
{
    public List<RequestRecord> Requests { get; } = [];
    public List<(Instant At, int Key)> Lost { get; } = [];
    public List<(Instant At, ContainerEvent Kind, string Container)> ContainerEvents { get; } = [];

    public void OnRequestCompleted(in RequestRecord request) => Requests.Add(request);

    /// <summary>Each lost write's cause, in the order lost (parallel to <see cref="Lost"/>).</summary>
    public List<string> LostCauses { get; } = [];

    /// <summary>Writes lost at some point and not superseded since (key: the last cause).</summary>
    public Dictionary<int, string> LostNow { get; } = [];

    public List<Incident> Incidents { get; } = [];

    public List<(Instant At, string What)> DatabaseEvents { get; } = [];

    public void OnWriteLost(Instant at, int key, int version, string cause)
    {
        Lost.Add((at, key));
        LostCauses.Add(cause);
        LostNow[key] = cause;
    }

    public void OnLostWriteSuperseded(Instant at, int key) => LostNow.Remove(key);

    public void OnIncidentStarted(Incident incident) => Incidents.Add(incident);

    public void OnDatabaseEvent(Instant at, string what) => DatabaseEvents.Add((at, what));




    public void OnContainerEvent(Instant at, ContainerEvent kind, Container container) => ContainerEvents.Add((at, kind, container.Name));


}
