using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// SQLite's write lock on one database file: one writer at a time, the others wait in arrival order until
/// their busy timeout, then fail with "database is locked" (SQLITE_BUSY).
/// </summary>
/// <remarks>Waiters that ended meanwhile stay in the queue as stale tokens and are skipped when the lock is granted.</remarks>
public sealed class FileLock
{
    private readonly Queue<long> _waiters = new();

    /// <summary>Request token of the holder, or -1.</summary>
    public long Holder { get; set; } = -1;

    public bool IsFree => Holder < 0;

    public void Wait(long token) => _waiters.Enqueue(token);

    public bool TryNextWaiter(out long token) => _waiters.TryDequeue(out token);

    public void Clear()
    {
        _waiters.Clear();
        Holder = -1;
    }
}
