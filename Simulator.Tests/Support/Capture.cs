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

    public void OnWriteLost(Instant at, int key, int version, string cause) => Lost.Add((at, key));




    public void OnContainerEvent(Instant at, ContainerEvent kind, Container container) => ContainerEvents.Add((at, kind, container.Name));


}
