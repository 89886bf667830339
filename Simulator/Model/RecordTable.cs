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
    private int[] _owner = new int[1024];
    private int[] _home = new int[1024];
    private int[] _localVersion = new int[1024];
    private int[] _sharedVersion = new int[1024];
    private int[] _backupVersion = new int[1024];
    private int[] _issued = new int[1024];
    private int[] _ackVersion = new int[1024];
    private bool[] _lost = new bool[1024];
    private bool[] _dirty = new bool[1024];
    private readonly List<int> _dirtyKeys = [];
    private readonly List<int> _acknowledged = [];
    private readonly List<int>[] _acknowledgedByClient;

    public RecordTable(int clients)
    {
        _acknowledgedByClient = new List<int>[clients];
        for (var i = 0; i < clients; i++)
        {
            _acknowledgedByClient[i] = [];
        }
    }

    /// <summary>Records created so far (keys are 1..Count).</summary>
    public int Count { get; private set; }

    /// <summary>Records present in the shared store now.</summary>
    public int SharedCount { get; private set; }

    public int LostCount { get; private set; }

    public int AcknowledgedRecordCount => _acknowledged.Count;

    public int Owner(int key) => _owner[key];
    public int Home(int key) => _home[key];
    public int LocalVersion(int key) => _localVersion[key];
    public int SharedVersion(int key) => _sharedVersion[key];
    public int BackupVersion(int key) => _backupVersion[key];
    public int AckVersion(int key) => _ackVersion[key];
    public bool IsLost(int key) => _lost[key];

    public int AcknowledgedCount(int client) => _acknowledgedByClient[client].Count;

    public int AcknowledgedOf(int client, int index) => _acknowledgedByClient[client][index];

    public int AcknowledgedAt(int index) => _acknowledged[index];

    /// <summary>Creates a record at version 1, in a container's app.db (<paramref name="home"/> &gt; 0) or the shared store.</summary>
    public int Create(int owner, int home)
    {
        var key = ++Count;
        if (key == _owner.Length)
        {
            var n = _owner.Length * 2;
            Array.Resize(ref _owner, n);
            Array.Resize(ref _home, n);
            Array.Resize(ref _localVersion, n);
            Array.Resize(ref _sharedVersion, n);
            Array.Resize(ref _backupVersion, n);
            Array.Resize(ref _issued, n);
            Array.Resize(ref _ackVersion, n);
            Array.Resize(ref _lost, n);
            Array.Resize(ref _dirty, n);
        }
        _owner[key] = owner;
        _issued[key] = 1;
        if (home > 0)
        {
            _home[key] = home;
            _localVersion[key] = 1;
        }
        else
        {
            _sharedVersion[key] = 1;
            SharedCount++;
            MarkDirty(key);
        }
        return key;
    }

    /// <summary>Writes the next version of a record held locally by its home container.</summary>
    public int UpdateLocal(int key)
    {
        var v = ++_issued[key];
        _localVersion[key] = v;
        return v;
    }

    /// <summary>Writes the next version of a record in the shared store.</summary>
    public int UpdateShared(int key)
    {
        var v = ++_issued[key];
        _sharedVersion[key] = v;
        MarkDirty(key);
        return v;
    }

    /// <summary>Records that a client was told its write succeeded. Returns true when a lost write was superseded.</summary>
    public bool Acknowledge(int key, int version, bool isCreate)
    {
        var superseded = false;
        if (version > _ackVersion[key])
        {
            if (isCreate)
            {
                _acknowledged.Add(key);
                _acknowledgedByClient[_owner[key]].Add(key);
            }
            _ackVersion[key] = version;
            if (_lost[key])
            {
                _lost[key] = false;
                LostCount--;
                superseded = true;
            }
        }
        return superseded;
    }

    /// <summary>Marks the newest acknowledged version of a record as lost. Returns false if it was already.</summary>
    public bool MarkLost(int key)
    {
        if (_lost[key] || _ackVersion[key] == 0)
        {
            return false;
        }
        _lost[key] = true;
        LostCount++;
        return true;
    }

    /// <summary>Takes a backup of the shared store: copies only what changed since the last one.</summary>
    public void TakeBackup()
    {
        foreach (var key in _dirtyKeys)
        {
            _backupVersion[key] = _sharedVersion[key];
            _dirty[key] = false;
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
            if (_ackVersion[key] > _backupVersion[key] && MarkLost(key))
            {
                lost(key, _ackVersion[key]);
            }
            if (_sharedVersion[key] > 0 && _backupVersion[key] == 0)
            {
                SharedCount--;
            }
            _sharedVersion[key] = _backupVersion[key];
            _dirty[key] = false;
        }
        _dirtyKeys.Clear();
    }

    private void MarkDirty(int key)
    {
        if (!_dirty[key])
        {
            _dirty[key] = true;
            _dirtyKeys.Add(key);
        }
    }
}
