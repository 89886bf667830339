namespace ReplicaSim.Engine;

/// <summary>Identifies one scheduled event so that it can be cancelled. A stale handle cancels nothing.</summary>
public readonly record struct EventHandle(int Slot, long Sequence)
{
    public static readonly EventHandle None = new(-1, -1);

    public bool IsNone => Slot < 0;
}
