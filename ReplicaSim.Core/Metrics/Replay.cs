using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>A container's lifecycle step, with where it runs.</summary>
public readonly record struct ContainerChange(Instant At, int Id, int Slot, int Zone, ContainerEvent Kind);

/// <summary>Records held by one store at the end of a timeline bucket: a container's app.db (Id &gt; 0) or the shared store (Id 0).</summary>
public readonly record struct StoreChange(Instant At, int Id, int Records);

/// <summary>A zone going dark or coming back.</summary>
public readonly record struct ZoneChange(Instant At, int Zone, bool Up);

/// <summary>The database server's roles and health after a change.</summary>
public readonly record struct DatabaseChange(Instant At, bool Up, int PrimaryZone, int StandbyZone, bool StandbyUp);

/// <summary>A read replica (or reader, or readable standby) starting or stopping to serve.</summary>
public readonly record struct ReaderChange(Instant At, int Reader, int Zone, bool Up);

/// <summary>
/// A compact record of how a run's state changed over time, for the interactive report: container
/// lifecycle steps, zones, the database's roles, record counts per store at each timeline bucket, and a
/// bounded sample of requests. Its size depends on the faults and the timeline, never on the number of requests.
/// </summary>
public sealed class Replay
{
    public required IReadOnlyList<ContainerChange> Containers { get; init; }
    public required IReadOnlyList<StoreChange> Stores { get; init; }
    public required IReadOnlyList<ZoneChange> Zones { get; init; }
    public required IReadOnlyList<DatabaseChange> Database { get; init; }
    public required IReadOnlyList<(Instant At, string What)> DatabaseNotes { get; init; }

    /// <summary>The readable copies' state: every one at the start, then each change.</summary>
    public required IReadOnlyList<ReaderChange> Readers { get; init; }

    /// <summary>The cache tier's zone, or -1 when there is none; and when it went down or came back.</summary>
    public required int CacheZone { get; init; }
    public required IReadOnlyList<(Instant At, bool Up)> Cache { get; init; }

    /// <summary>The sampled requests, in the order they completed.</summary>
    public required IReadOnlyList<RequestRecord> Requests { get; init; }

    /// <summary>Every request whose id is a multiple of this is in the sample (while there is room); every variant of one traffic samples the same ids.</summary>
    public required long SampleStride { get; init; }

    public required long RequestsSeen { get; init; }
}

/// <summary>
/// Observes a run and keeps a <see cref="Replay"/>. Requests are sampled by id (every
/// <see cref="Replay.SampleStride"/>-th, up to <see cref="MaxSampled"/>), plus the first <see cref="Early"/>,
/// those arriving within <see cref="AroundFault"/> of a fault's start, a few of the failed or wrong ones in
/// each bucket (up to <see cref="MaxAnomalies"/>) and always the first of each outcome. All but the last two
/// depend only on the traffic and the fault times, so every variant of one traffic keeps the same requests.
/// </summary>
public sealed class ReplayRecorder : IRunObserver, ISystemAware
{
    public const int MaxSampled = 4000;
    public const int MaxAnomalies = 2000;

    /// <summary>The first requests of the run are all kept: the story starts there, in every variant.</summary>
    public const int Early = 200;

    /// <summary>Requests arriving this soon after a fault starts are kept, so the same ones can be followed in every variant.</summary>
    public static readonly Duration AroundFault = Duration.FromSeconds(5);
    public const int MaxPerFault = 200;
    public const int MaxAroundFaults = 1000;

    /// <summary>The most requests a replay holds.</summary>
    public const int MaxRequests = MaxSampled + MaxAnomalies + Early + MaxAroundFaults + 4;

    private readonly List<ContainerChange> _containers = [];
    private readonly List<StoreChange> _stores = [];
    private readonly List<ZoneChange> _zones = [];
    private readonly List<DatabaseChange> _database = [];
    private readonly List<(Instant, string)> _notes = [];
    private readonly List<RequestRecord> _requests = [];
    private readonly List<ReaderChange> _readers = [];
    private readonly List<(Instant, bool)> _cache = [];
    private bool[] _readerUp = [];
    private bool _cacheUp;
    private readonly List<int> _lastRecords = [];
    private readonly long _bucketUs;
    private readonly int[] _anomaliesInBucket;
    private readonly int _anomaliesPerBucket;
    private readonly bool[] _firstSeen = new bool[4];
    private readonly long _stride;
    private ReplicaSystem? _system;
    private bool[] _zoneUp = [];
    private DatabaseChange _db;
    private int _sharedRecords = -1;
    private int _sampled;
    private int _anomalies;
    private long _seen;
    private Instant _faultStart = new(-1);
    private int _aroundThisFault;
    private int _aroundFaults;

    public ReplayRecorder(Scenario scenario)
    {
        _bucketUs = Math.Max(1, scenario.TimelineBucket.Microseconds);
        var buckets = (int)Math.Max(1, (scenario.Duration.Microseconds + _bucketUs - 1) / _bucketUs);
        _anomaliesInBucket = new int[buckets];
        _anomaliesPerBucket = Math.Max(2, MaxAnomalies / buckets);
        var expected = scenario.Workload.ArrivalRatePerSecond * scenario.Duration.TotalSeconds;
        _stride = Math.Max(1, (long)Math.Ceiling(expected / MaxSampled));
    }

    public void Attach(ReplicaSystem system)
    {
        _system = system;
        _zoneUp = new bool[system.Scenario.Zones.Count];
        for (var z = 0; z < _zoneUp.Length; z++)
        {
            _zoneUp[z] = system.ZoneUp(z);
        }
        var d = system.Database;
        _db = new DatabaseChange(Instant.Start, d.Up, d.PrimaryZone, d.StandbyZone, d.StandbyUp);
        _database.Add(_db);
        _readerUp = new bool[d.ReaderCount];
        for (var i = 0; i < _readerUp.Length; i++)
        {
            _readerUp[i] = d.ReaderUp(i);
            _readers.Add(new ReaderChange(Instant.Start, i, d.ReaderZone(i), _readerUp[i]));
        }
        if (system.Store?.Cache is { } cache)
        {
            _cacheUp = cache.Up;
            _cache.Add((Instant.Start, _cacheUp));
        }
    }

    public void OnRequestCompleted(in RequestRecord r)
    {
        _seen++;
        Poll(r.Complete);
        var first = r.Outcome != Outcome.Ok && !_firstSeen[(int)r.Outcome];
        if (first)
        {
            _firstSeen[(int)r.Outcome] = true;
        }
        if (r.Id < Early)
        {
            _requests.Add(r);
        }
        else if (_faultStart.Microseconds >= 0 && r.Invoke >= _faultStart && r.Invoke <= _faultStart + AroundFault
                 && _aroundThisFault < MaxPerFault && _aroundFaults < MaxAroundFaults)
        {
            _aroundThisFault++;
            _aroundFaults++;
            _requests.Add(r);
        }
        else if (r.Id % _stride == 0 && _sampled < MaxSampled)
        {
            _sampled++;
            _requests.Add(r);
        }
        else if (r.Outcome != Outcome.Ok)
        {
            var b = (int)Math.Clamp(r.Invoke.Microseconds / _bucketUs, 0, _anomaliesInBucket.Length - 1);
            if (first || (_anomalies < MaxAnomalies && _anomaliesInBucket[b] < _anomaliesPerBucket))
            {
                _anomalies++;
                _anomaliesInBucket[b]++;
                _requests.Add(r);
            }
        }
    }

    public void OnIncidentStarted(Incident incident)
    {
        Poll(incident.Start);
        _faultStart = incident.Start;
        _aroundThisFault = 0;
    }

    public void OnIncidentEnded(Incident incident) => Poll(incident.End ?? incident.Start);

    public void OnContainerEvent(Instant at, ContainerEvent kind, Container container)
    {
        Poll(at);
        _containers.Add(new ContainerChange(at, container.Id, container.Slot, container.Zone, kind));
        if (kind == ContainerEvent.Stopped)
        {
            SetRecords(at, container.Id, 0);
        }
    }

    public void OnDatabaseEvent(Instant at, string what)
    {
        Poll(at);
        _notes.Add((at, what));
    }

    public void OnTick(Instant at)
    {
        Poll(at);
        var system = _system!;
        if (system.Scenario.Storage.Kind == StorageKind.SqlitePerContainer)
        {
            foreach (var c in system.AllContainers)
            {
                if (c.State != ContainerState.Stopped)
                {
                    SetRecords(at, c.Id, c.RecordCount);
                }
            }
        }
        else if (system.Records.SharedCount != _sharedRecords)
        {
            _sharedRecords = system.Records.SharedCount;
            _stores.Add(new StoreChange(at, 0, _sharedRecords));
        }
    }

    private void SetRecords(Instant at, int id, int records)
    {
        while (_lastRecords.Count <= id)
        {
            _lastRecords.Add(-1);
        }
        if (_lastRecords[id] != records)
        {
            _lastRecords[id] = records;
            _stores.Add(new StoreChange(at, id, records));
        }
    }

    /// <summary>Notes any change of the zones or the database since the last call (no allocation when nothing changed).</summary>
    private void Poll(Instant at)
    {
        var system = _system!;
        for (var z = 0; z < _zoneUp.Length; z++)
        {
            var up = system.ZoneUp(z);
            if (up != _zoneUp[z])
            {
                _zoneUp[z] = up;
                _zones.Add(new ZoneChange(at, z, up));
            }
        }
        var d = system.Database;
        if (d.Up != _db.Up || d.PrimaryZone != _db.PrimaryZone || d.StandbyZone != _db.StandbyZone || d.StandbyUp != _db.StandbyUp)
        {
            _db = new DatabaseChange(at, d.Up, d.PrimaryZone, d.StandbyZone, d.StandbyUp);
            _database.Add(_db);
        }
        for (var i = 0; i < _readerUp.Length; i++)
        {
            if (d.ReaderUp(i) != _readerUp[i])
            {
                _readerUp[i] = !_readerUp[i];
                _readers.Add(new ReaderChange(at, i, d.ReaderZone(i), _readerUp[i]));
            }
        }
        if (system.Store?.Cache is { } cache && cache.Up != _cacheUp)
        {
            _cacheUp = cache.Up;
            _cache.Add((at, _cacheUp));
        }
    }

    public Replay Finish() => new()
    {
        Containers = _containers,
        Stores = _stores,
        Zones = _zones,
        Database = _database,
        DatabaseNotes = _notes,
        Readers = _readers,
        CacheZone = _system?.Store?.Cache?.Zone ?? -1,
        Cache = _cache,
        Requests = _requests,
        SampleStride = _stride,
        RequestsSeen = _seen,
    };
}
