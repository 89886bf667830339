namespace ReplicaSim.Engine;

/// <summary>Something that receives scheduled events. The kind and argument are the target's own codes.</summary>
public interface IEventTarget
{
    void OnEvent(int kind, long arg);
}
