using System.Runtime.CompilerServices;

namespace ReplicaSim.Model;

/// <summary>
/// Every record the application ever created, with what each store holds of it and what was acknowledged.
/// </summary>
/// <remarks>
/// Versions are numbered per record from 1 (the create). <c>AckVersion</c> is the newest version acknowledged
/// to a client. A record lives in one place per architecture: in the app.db of the container that created it
/// (<c>Home</c>, <c>LocalVersion</c>), or in the shared store (<c>SharedVersion</c>, with <c>BackupVersion</c>
/// as of the last backup). An acknowledged write is lost when no store and no backup holds its version or
/// a later one; a version overwritten by a later acknowledged version is superseded, not lost.
/// Memory grows with the records themselves, never with the number of requests.
/// </remarks>
public sealed class RecordTable
{
    /// <summary>One record's state, 32 bytes, so that a record lives in one cache line.</summary>
    private struct Row
    {
        public int Owner;
        public int Home;
        public int LocalVersion;
        public int SharedVersion;
        public int BackupVersion;
        public int Issued;
        public int AckVersion;
        public bool Lost;
        public bool Dirty;
    }

    private Row[] _rows = new Row[1024];
    private readonly List<int> _dirtyKeys = [];
    private readonly List<int> _acknowledged = [];
    // Per client: its acknowledged records, and a dense array of their counts (one cache miss, not two).
    private readonly int[][] _acknowledgedByClient;
    private readonly int[] _acknowledgedByClientCount;

    public RecordTable(int clients)
    {
        _acknowledgedByClient = new int[clients][];
        _acknowledgedByClientCount = new int[clients];
    }

    /// <summary>Records created so far (keys are 1..Count).</summary>
    public int Count { get; private set; }

    /// <summary>Records present in the shared store now.</summary>
    public int SharedCount { get; private set; }

    public int AcknowledgedRecordCount => _acknowledged.Count;

    /// <summary>Bytes held for the records now (rows, lists, with their spare capacity): what grows with a run.</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = (long)_rows.Length * Unsafe.SizeOf<Row>() + 4L * _acknowledged.Capacity + 4L * _dirtyKeys.Capacity;
            foreach (var list in _acknowledgedByClient)
            {
                bytes += 4L * (list?.Length ?? 0);
            }
            return bytes;
        }
    }

    public int Owner(int key) => _rows[key].Owner;
    public int Home(int key) => _rows[key].Home;
    public int LocalVersion(int key) => _rows[key].LocalVersion;
    public int SharedVersion(int key) => _rows[key].SharedVersion;
    public int BackupVersion(int key) => _rows[key].BackupVersion;
    public int AckVersion(int key) => _rows[key].AckVersion;

    public int AcknowledgedCount(int client) => _acknowledgedByClientCount[client];

    public int AcknowledgedOf(int client, int index) => _acknowledgedByClient[client][index];

    public int AcknowledgedAt(int index) => _acknowledged[index];

    /// <summary>Creates a record at version 1, in a container's app.db (<paramref name="home"/> &gt; 0) or the shared store.</summary>
    public int Create(int owner, int home)
    {
        var key = ++Count;
        if (key == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }
        ref var r = ref _rows[key];
        r.Owner = owner;
        r.Issued = 1;
        if (home > 0)
        {
            r.Home = home;
            r.LocalVersion = 1;
        }
        else
        {
            r.SharedVersion = 1;
            SharedCount++;
            MarkDirty(key);
        }
        return key;
    }

    /// <summary>Writes the next version of a record held locally by its home container.</summary>
    public int UpdateLocal(int key)
    {
        ref var r = ref _rows[key];
        r.LocalVersion = ++r.Issued;
        return r.LocalVersion;
    }

    /// <summary>Writes the next version of a record in the shared store.</summary>
    public int UpdateShared(int key)
    {
        ref var r = ref _rows[key];
        r.SharedVersion = ++r.Issued;
        MarkDirty(key);
        return r.SharedVersion;
    }

    /// <summary>The shared store goes back to <paramref name="version"/> of a record (a promoted copy that lacked the newer ones). Returns true when it changed.</summary>
    public bool RollBackShared(int key, int version)
    {
        ref var r = ref _rows[key];
        if (r.SharedVersion <= version)
        {
            return false;
        }
        if (version == 0)
        {
            SharedCount--;
        }
        r.SharedVersion = version;
        MarkDirty(key);
        return true;
    }

    /// <summary>Records that a client was told its write succeeded. Returns true when a lost write was superseded.</summary>
    public bool Acknowledge(int key, int version, bool isCreate)
    {
        ref var r = ref _rows[key];
        if (version <= r.AckVersion)
        {
            return false;
        }
        if (isCreate)
        {
            _acknowledged.Add(key);
            ref var mine = ref _acknowledgedByClient[r.Owner];
            ref var count = ref _acknowledgedByClientCount[r.Owner];
            if (mine is null || count == mine.Length)
            {
                Array.Resize(ref mine, Math.Max(4, count * 2));
            }
            mine[count++] = key;
        }
        r.AckVersion = version;
        if (!r.Lost)
        {
            return false;
        }
        r.Lost = false;
        return true;
    }

    /// <summary>Marks the newest acknowledged version of a record as lost. Returns false if it was already.</summary>
    public bool MarkLost(int key)
    {
        ref var r = ref _rows[key];
        if (r.Lost || r.AckVersion == 0)
        {
            return false;
        }
        r.Lost = true;
        return true;
    }

    /// <summary>Takes a backup of the shared store: copies only what changed since the last one.</summary>
    public void TakeBackup()
    {
        foreach (var key in _dirtyKeys)
        {
            ref var r = ref _rows[key];
            r.BackupVersion = r.SharedVersion;
            r.Dirty = false;
        }
        _dirtyKeys.Clear();
    }

    /// <summary>
    /// Restores the shared store from the last backup. Calls <paramref name="lost"/> for every record whose
    /// acknowledged version the backup does not hold.
    /// </summary>
    public void RestoreFromBackup(Action<int, int> lost)
    {
        foreach (var key in _dirtyKeys)
        {
            ref var r = ref _rows[key];
            if (r.AckVersion > r.BackupVersion && MarkLost(key))
            {
                lost(key, r.AckVersion);
            }
            if (r.SharedVersion > 0 && r.BackupVersion == 0)
            {
                SharedCount--;
            }
            r.SharedVersion = r.BackupVersion;
            r.Dirty = false;
        }
        _dirtyKeys.Clear();
    }

    private void MarkDirty(int key)
    {
        ref var r = ref _rows[key];
        if (!r.Dirty)
        {
            r.Dirty = true;
            _dirtyKeys.Add(key);
        }
    }
}
