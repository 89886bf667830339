using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

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
/// Memory grows with the records themselves (12 bytes a row, plus 4 for each acknowledged create in the
/// list of all of them and about 5 in its client's), never with the number of requests.
/// </remarks>
public sealed class RecordTable
{
    /// <summary>
    /// One record's state in 12 bytes. A record lives either in its home container's app.db or in the shared
    /// store, never both, so one <c>Version</c> field serves both, and <c>Place</c> holds the home container
    /// (&gt; 0) or, for a shared record, minus the version the last backup holds (&lt;= 0). The version shares
    /// its int with three flags. The newest version issued is the version itself, except after the store went
    /// back to an older one (a restore, a promoted copy that lacked the newest): then <c>Behind</c> is set and
    /// the newest issued is kept aside, until the next write catches the version up.
    /// </summary>
    private struct Row
    {
        public const int MaxIssued = (1 << 29) - 1;
        private const int LostBit = 1 << 29;
        private const int DirtyBit = 1 << 30;
        private const int BehindBit = 1 << 31;

        public int Place;
        private int _version;
        public int AckVersion;

        public int Version
        {
            readonly get => _version & MaxIssued;
            set => _version = (_version & ~MaxIssued) | value;
        }

        public bool Lost
        {
            readonly get => (_version & LostBit) != 0;
            set => _version = value ? _version | LostBit : _version & ~LostBit;
        }

        public bool Dirty
        {
            readonly get => (_version & DirtyBit) != 0;
            set => _version = value ? _version | DirtyBit : _version & ~DirtyBit;
        }

        public bool Behind
        {
            readonly get => (_version & BehindBit) != 0;
            set => _version = value ? _version | BehindBit : _version & ~BehindBit;
        }
    }

    // Rows in chunks of 2^16: no slack beyond the last chunk, and no copy of the whole table as it grows.
    private const int ChunkBits = 16;
    private const int ChunkMask = (1 << ChunkBits) - 1;
    private Row[][] _chunks = [new Row[1 << ChunkBits]];
    private readonly List<int> _dirtyKeys = [];
    private readonly ChunkedInts _acknowledged = new();
    // Per client: its acknowledged records, and a dense array of their counts (one cache miss, not two).
    private readonly int[][] _acknowledgedByClient;
    private readonly int[] _acknowledgedByClientCount;
    // The newest version issued of the records whose store went back to an older one (rows with Behind set).
    private readonly Dictionary<int, int> _issuedAhead = [];
    // Who created each record, kept only when asked (narration names the owner; the run itself never needs it).
    private ChunkedInts? _owners;

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
            long bytes = (long)_chunks.Length * (1 << ChunkBits) * Unsafe.SizeOf<Row>() + _acknowledged.MemoryBytes + 4L * _dirtyKeys.Capacity
                + (_owners?.MemoryBytes ?? 0) + IssuedAheadEntryBytes * _issuedAhead.Count;
            foreach (var list in _acknowledgedByClient)
            {
                bytes += 4L * (list?.Length ?? 0);
            }
            return bytes;
        }
    }

    /// <summary>About what one entry of the aside list of newest versions costs: a dictionary entry of four ints and its bucket.</summary>
    private const int IssuedAheadEntryBytes = 20;

    private ref Row At(int key) => ref _chunks[key >> ChunkBits][key & ChunkMask];

    /// <summary>Keeps who created each record from now on, so that <see cref="Owner"/> can say it; call before the first create.</summary>
    public void KeepOwners()
    {
        if (Count > 0)
        {
            throw new InvalidOperationException("owners must be kept from the first record on");
        }
        _owners ??= new ChunkedInts();
    }

    /// <summary>The client that created a record; needs <see cref="KeepOwners"/> before the run.</summary>
    public int Owner(int key) => _owners is { } owners ? owners[key - 1] : throw new InvalidOperationException("the record table keeps no owners: call KeepOwners before the run");
    public int Home(int key) => Math.Max(At(key).Place, 0);

    public int LocalVersion(int key)
    {
        ref var r = ref At(key);
        return r.Place > 0 ? r.Version : 0;
    }

    public int SharedVersion(int key)
    {
        ref var r = ref At(key);
        return r.Place > 0 ? 0 : r.Version;
    }

    public int BackupVersion(int key) => -Math.Min(At(key).Place, 0);
    public int AckVersion(int key) => At(key).AckVersion;

    public int AcknowledgedCount(int client) => _acknowledgedByClientCount[client];

    public int AcknowledgedOf(int client, int index) => _acknowledgedByClient[client][index];

    public int AcknowledgedAt(int index) => _acknowledged[index];

    /// <summary>
    /// The client's list, by reference. <c>ref array[i]</c> on an array of arrays goes through the runtime's
    /// covariance check (a helper call on every request); the lists array holds only <c>int[]</c>, so none is needed.
    /// </summary>
    private ref int[] ListOf(int client)
    {
        var lists = _acknowledgedByClient;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)client, (uint)lists.Length, nameof(client));
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(lists), client);
    }

    // Cache hints for the arrivals drawn ahead (see Workload): a request's record is three dependent loads
    // away (the client's count and list, the list's entry, the entry's row), each a likely cache miss in a
    // large table; each stage asks for its line one arrival before the next stage reads it. Hints change
    // nothing: a guess made before a list grew is a wasted hint, never a different pick.

    /// <summary>Stage 1: the client's count and list reference.</summary>
    public void PrefetchClient(int client)
    {
        Prefetch(ref _acknowledgedByClientCount[client]);
        Prefetch(ref ListOf(client));
    }

    /// <summary>Stage 2: the list entry a readOwn or update of <paramref name="client"/> (or, for -1, a readAny) would pick now.</summary>
    public void PrefetchPick(int client, double pick)
    {
        if (client < 0)
        {
            var n = _acknowledged.Count;
            if (n > 0)
            {
                Prefetch(ref _acknowledged.At((int)(pick * n)));
            }
            return;
        }
        var count = _acknowledgedByClientCount[client];
        if (count > 0)
        {
            // By address, without touching the list: even its null check would wait for the line of its header,
            // which the next stage reads. A hint may point where the list was before the collector moved it.
            var list = Unsafe.As<int[], nint>(ref ListOf(client));
            PrefetchAddress(list);
            PrefetchAddress(list + ArrayDataOffset + (sizeof(int) * (nint)(int)(pick * count)));
        }
    }

    /// <summary>Stage 3: the row of the record that pick would give now.</summary>
    public void PrefetchPickedRow(int client, double pick)
    {
        int key;
        if (client < 0)
        {
            var n = _acknowledged.Count;
            if (n == 0)
            {
                return;
            }
            key = _acknowledged[(int)(pick * n)];
        }
        else
        {
            var count = _acknowledgedByClientCount[client];
            if (count == 0)
            {
                return;
            }
            key = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_acknowledgedByClient[client]), (int)(pick * count));
        }
        Prefetch(ref _chunks[key >> ChunkBits][key & ChunkMask]);
    }

    /// <summary>A prefetch hint: loads the cache line without waiting for it (where the processor has the instruction).</summary>
    private static unsafe void Prefetch<T>(ref T at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref at));
        }
    }

    /// <summary>A prefetch hint by address: never a fault, even where nothing is mapped any more.</summary>
    private static unsafe void PrefetchAddress(nint address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0((void*)address);
        }
    }

    /// <summary>Where an array's elements start from the address of the array object: its type and its length, each a pointer wide.</summary>
    private static readonly nint ArrayDataOffset = 2 * IntPtr.Size;

    /// <summary>Creates a record at version 1, in a container's app.db (<paramref name="home"/> &gt; 0) or the shared store.</summary>
    public int Create(int owner, int home)
    {
        var key = ++Count;
        if (key >> ChunkBits == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length + 1);
            _chunks[^1] = new Row[1 << ChunkBits];
        }
        _owners?.Add(owner);
        ref var r = ref At(key);
        r.Version = 1;
        if (home > 0)
        {
            r.Place = home;
        }
        else
        {
            SharedCount++;
            MarkDirty(key);
        }
        return key;
    }

    /// <summary>Writes the next version of a record held locally by its home container.</summary>
    public int UpdateLocal(int key)
    {
        ref var r = ref At(key);
        var issued = Issued(key, r);
        CheckRoom(issued);
        SetVersion(key, ref r, issued + 1);
        return r.Version;
    }

    /// <summary>Writes the next version of a record in the shared store.</summary>
    public int UpdateShared(int key)
    {
        ref var r = ref At(key);
        var issued = Issued(key, r);
        CheckRoom(issued);
        SetVersion(key, ref r, issued + 1);
        MarkDirty(key);
        return r.Version;
    }

    /// <summary>The newest version issued of a record: its version, unless its store went back to an older one.</summary>
    private int Issued(int key, in Row r) => r.Behind ? _issuedAhead[key] : r.Version;

    /// <summary>Sets the version a store holds, keeping the newest issued aside while the version is behind it.</summary>
    private void SetVersion(int key, ref Row r, int version)
    {
        var issued = Issued(key, r);
        r.Version = version;
        if (version < issued)
        {
            if (!r.Behind)
            {
                _issuedAhead[key] = issued;
                r.Behind = true;
            }
        }
        else if (r.Behind)
        {
            _issuedAhead.Remove(key);
            r.Behind = false;
        }
    }

    /// <summary>The shared store goes back to <paramref name="version"/> of a record (a promoted copy that lacked the newer ones). Returns true when it changed.</summary>
    public bool RollBackShared(int key, int version)
    {
        ref var r = ref At(key);
        if (r.Version <= version)
        {
            return false;
        }
        if (version == 0)
        {
            SharedCount--;
        }
        SetVersion(key, ref r, version);
        MarkDirty(key);
        return true;
    }

    /// <summary>
    /// Records that a client was told its write succeeded; <paramref name="owner"/> is that client (for a create,
    /// the record's owner). Returns true when a lost write was superseded.
    /// </summary>
    public bool Acknowledge(int key, int version, bool isCreate, int owner)
    {
        ref var r = ref At(key);
        if (version <= r.AckVersion)
        {
            return false;
        }
        if (isCreate)
        {
            _acknowledged.Add(key);
            ref var mine = ref ListOf(owner);
            ref var count = ref _acknowledgedByClientCount[owner];
            if (mine is null || count == mine.Length)
            {
                // Grow by half: the slack of 10,000 clients' lists is a share of the records, not of the clients.
                Array.Resize(ref mine, Math.Max(4, count + count / 2));
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
        ref var r = ref At(key);
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
            ref var r = ref At(key);
            r.Place = -r.Version;
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
            ref var r = ref At(key);
            var backup = -r.Place;
            if (r.AckVersion > backup && MarkLost(key))
            {
                lost(key, r.AckVersion);
            }
            if (r.Version > 0 && backup == 0)
            {
                SharedCount--;
            }
            SetVersion(key, ref r, backup);
            r.Dirty = false;
        }
        _dirtyKeys.Clear();
    }

    /// <summary>A growing list of ints kept in fixed chunks (no doubling, no copy as it grows).</summary>
    private sealed class ChunkedInts
    {
        private int[][] _chunks = [];

        public int Count { get; private set; }

        public long MemoryBytes => 4L * _chunks.Length * (1 << ChunkBits);

        public int this[int index] => _chunks[index >> ChunkBits][index & ChunkMask];

        public ref int At(int index) => ref _chunks[index >> ChunkBits][index & ChunkMask];

        public void Add(int value)
        {
            if (Count >> ChunkBits == _chunks.Length)
            {
                Array.Resize(ref _chunks, _chunks.Length + 1);
                _chunks[^1] = new int[1 << ChunkBits];
            }
            _chunks[Count >> ChunkBits][Count & ChunkMask] = value;
            Count++;
        }
    }

    private static void CheckRoom(int issued)
    {
        if (issued == Row.MaxIssued)
        {
            throw new InvalidOperationException($"a record reached {Row.MaxIssued} versions, the most the record table holds");
        }
    }

    private void MarkDirty(int key)
    {
        ref var r = ref At(key);
        if (!r.Dirty)
        {
            r.Dirty = true;
            _dirtyKeys.Add(key);
        }
    }
}
