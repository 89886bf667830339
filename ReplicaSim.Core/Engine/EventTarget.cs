namespace ReplicaSim.Engine;

/// <summary>Something that receives scheduled events. The kind and argument are the target's own codes.</summary>
/// <remarks>
/// An abstract class rather than an interface: the run loop dispatches every event through this one call, to
/// targets of several types, and a virtual call is a load from the type's table where an interface call that
/// sees several types goes through the runtime's resolve stub (3-4 % of a large run's time, by the profile).
/// </remarks>
public abstract class EventTarget
{
    public abstract void OnEvent(int kind, long arg);
}
