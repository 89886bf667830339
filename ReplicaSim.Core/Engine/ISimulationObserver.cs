namespace ReplicaSim.Engine;

/// <summary>Sees every event just before it is dispatched (tracing, narration, tests).</summary>
public interface ISimulationObserver
{
    void OnEvent(Instant time, EventTarget target, int kind, long arg);
}
