using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>Where a live request is in its journey.</summary>
public enum RequestPhase : byte
{
    Free,
    ToContainer,
    Queued,
    Service,
    LockWait,

    /// <summary>Waiting for a free connection in the container's pool.</summary>
    PoolWait,
    Storage,
    Responding,
}

/// <summary>The state of one request in flight. Lives in <see cref="RequestPool"/>, addressed by slot.</summary>
public struct Request
{
    public long Id;
    public long ArrivalUs;

    /// <summary>For a read from a lagging copy: how far behind the writer it was; for a cached read: when the entry was filled.</summary>
    public long SourceUs;
    /// <summary>The SQLite busy timeout while in <see cref="RequestPhase.LockWait"/>, the pool timeout while in <see cref="RequestPhase.PoolWait"/>.</summary>
    public EventHandle LockTimeout;
    public int Client;
    public int Key;
    public int ExpectedVersion;
    public int ContainerId;
    public int Generation;
    public int Version;
    public int DbEpoch;

    /// <summary>The writer's epoch when the connection it holds was opened.</summary>
    public int ConnEpoch;
    public Operation Op;
    public Operation RequestedOp;
    public RequestPhase Phase;
    public Outcome Outcome;
    public ErrorReason Reason;
    public bool HoldsLock;

    /// <summary>Holds one of its container's pooled connections (only when the database has limits).</summary>
    public bool HoldsConnection;
    public ReadSource Source;

    /// <summary>The reader index of a <see cref="ReadSource.Replica"/> read.</summary>
    public byte Reader;
}

/// <summary>
/// Slots for requests in flight, reused through a free list so that the hot path allocates nothing.
/// An event about a request carries its slot and generation; a stale event (the request already
/// ended and the slot was reused) is recognised and ignored.
/// </summary>
public sealed class RequestPool
{
    private Request[] _items = new Request[256];
    private int[] _free = new int[256];
    private int _freeCount;
    private int _highWater;

    public int HighWater => _highWater;

    public ref Request this[int slot] => ref _items[slot];

    public int Allocate()
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _free[--_freeCount];
        }
        else
        {
            if (_highWater == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }
            slot = _highWater++;
        }
        return slot;
    }

    public void Release(int slot)
    {
        ref var r = ref _items[slot];
        r.Phase = RequestPhase.Free;
        r.Generation++;
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }
        _free[_freeCount++] = slot;
    }

    public static long Token(int slot, int generation) => ((long)generation << 32) | (uint)slot;

    public bool TryResolve(long token, out int slot)
    {
        slot = (int)(token & 0xFFFFFFFF);
        return slot < _highWater && _items[slot].Generation == (int)(token >> 32) && _items[slot].Phase != RequestPhase.Free;
    }
}
