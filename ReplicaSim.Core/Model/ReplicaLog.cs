namespace ReplicaSim.Model;

/// <summary>
/// The asynchronous copies behind the writer (read replicas, readers, standbys that apply later, DynamoDB's
/// third copy): which version of each record they hold at a given moment.
/// </summary>
/// <remarks>
/// A commit at time t reaches the copies at t + lag, and copies apply commits in commit order (as streaming
/// and log replication do), so the moment a commit becomes visible is max(the previous one's, t + lag). Commits
/// not yet visible wait in a queue in commit order; a read first applies those that have become visible, so each
/// commit is applied once and memory is bounded by the commits inside the lag window. Every lagging copy
/// applies with the same lag (an assumption: one lag per commit, not one per copy).
/// </remarks>
public sealed class ReplicaLog
{
    private int[] _applied = new int[1024];
    private int[] _keys = new int[256];
    private int[] _versions = new int[256];
    private long[] _commitUs = new long[256];
    private long[] _visibleUs = new long[256];
    private int _head;
    private int _count;
    private long _lastVisibleUs;

    /// <summary>Commits not yet applied by the copies.</summary>
    public int PendingCount => _count;

    /// <summary>A commit of <paramref name="version"/> of <paramref name="key"/> at <paramref name="nowUs"/>, reaching the copies <paramref name="lagUs"/> later.</summary>
    public void Commit(int key, int version, long nowUs, long lagUs)
    {
        Apply(nowUs);
        var visible = Math.Max(_lastVisibleUs, nowUs + lagUs);
        _lastVisibleUs = visible;
        if (_count == _keys.Length)
        {
            Grow();
        }
        var i = (_head + _count) % _keys.Length;
        _keys[i] = key;
        _versions[i] = version;
        _commitUs[i] = nowUs;
        _visibleUs[i] = visible;
        _count++;
    }

    /// <summary>The version of <paramref name="key"/> the copies hold at <paramref name="nowUs"/> (0: not there yet).</summary>
    public int Version(int key, long nowUs)
    {
        Apply(nowUs);
        return key < _applied.Length ? _applied[key] : 0;
    }

    /// <summary>How far behind the writer the copies are at <paramref name="nowUs"/>: the age of the oldest commit not applied yet (0 when caught up).</summary>
    public long BehindUs(long nowUs)
    {
        Apply(nowUs);
        return _count == 0 ? 0 : nowUs - _commitUs[_head];
    }

    /// <summary>Applies every commit at once (a promoted copy that had received everything).</summary>
    public void CatchUp() => Apply(long.MaxValue);

    /// <summary>
    /// Replication stops at <paramref name="nowUs"/>: the commits that had not reached the copies are dropped, each
    /// reported with the version the copies hold instead (a promoted streaming replica).
    /// </summary>
    public void DropUnreplicated(long nowUs, Action<int, int> dropped)
    {
        Apply(nowUs);
        while (_count > 0)
        {
            var key = _keys[_head];
            _head = (_head + 1) % _keys.Length;
            _count--;
            dropped(key, key < _applied.Length ? _applied[key] : 0);
        }
    }

    /// <summary>The copies are rebuilt from the writer: they hold what the writer holds.</summary>
    public void ResetTo(RecordTable records)
    {
        _head = 0;
        _count = 0;
        for (var key = 1; key <= records.Count; key++)
        {
            Set(key, records.SharedVersion(key));
        }
    }

    private void Apply(long nowUs)
    {
        while (_count > 0 && _visibleUs[_head] <= nowUs)
        {
            Set(_keys[_head], _versions[_head]);
            _head = (_head + 1) % _keys.Length;
            _count--;
        }
    }

    private void Set(int key, int version)
    {
        if (key >= _applied.Length)
        {
            Array.Resize(ref _applied, Math.Max(_applied.Length * 2, key + 1));
        }
        _applied[key] = version;
    }

    private void Grow()
    {
        var n = _keys.Length * 2;
        var keys = new int[n];
        var versions = new int[n];
        var commit = new long[n];
        var visible = new long[n];
        for (var j = 0; j < _count; j++)
        {
            var i = (_head + j) % _keys.Length;
            keys[j] = _keys[i];
            versions[j] = _versions[i];
            commit[j] = _commitUs[i];
            visible[j] = _visibleUs[i];
        }
        (_keys, _versions, _commitUs, _visibleUs, _head) = (keys, versions, commit, visible, 0);
    }
}
