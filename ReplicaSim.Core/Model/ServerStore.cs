using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// A database served over the network (every kind but the SQLite ones), as the request path sees it: it plans
/// each read and write (which copy serves it, and how long it takes), says whether that copy still serves when
/// the operation ends, and returns the version read or records the version committed. What the copies are and
/// how they fail comes from the kind's <see cref="StorageDesign"/> and <see cref="DatabaseServer"/>.
/// </summary>
/// <remarks>
/// A read goes to the cache when it holds a live entry; else to a reader when <c>readFrom</c> is <c>replicas</c>
/// (a random one among those serving; the writer when none is); else, for DynamoDB without
/// <c>consistentReads</c>, to a random one of its three copies, one of which is behind; else to the writer. A read
/// from a lagging copy returns the version that copy holds when the read is served (<see cref="ReplicaLog"/>).
/// A write goes to the writer and waits for what the kind's commit waits for: a synchronous standby, one of two
/// standbys or a quorum across zones (one more round trip across zones). Nothing here allocates.
/// </remarks>
public sealed class ServerStore
{
    private readonly ReplicaSystem _system;
    private readonly DatabaseServer _database;
    private readonly StorageConfig _storage;
    private readonly NetworkConfig _network;
    private readonly System.Random _dbNetwork;
    private readonly System.Random _storageTimes;
    private readonly System.Random _readers;
    private readonly System.Random _lag;
    private readonly System.Random _copies;
    private readonly bool _readFromReplicas;
    private readonly bool _eventual;
    private readonly bool _regional;
    private readonly CommitWait _commitWait;
    private readonly int[] _upReaders;

    internal ServerStore(ReplicaSystem system, RandomStreams streams, System.Random dbNetwork, System.Random storageTimes)
    {
        _system = system;
        _database = system.Database;
        _storage = system.Scenario.Storage;
        _network = system.Scenario.Network;
        _dbNetwork = dbNetwork;
        _storageTimes = storageTimes;
        _readers = streams.Stream("storage/readers");
        _lag = streams.Stream("storage/replica-lag");
        _copies = streams.Stream("storage/copies");
        _readFromReplicas = _storage.ReadFrom == ReadFrom.Replicas && _database.ReaderCount > 0;
        _eventual = _storage.Design.EventualReads && !_storage.ConsistentReads;
        _regional = _storage.Design.Placement == CopyPlacement.RegionalService;
        _commitWait = _storage.Design.CommitWaitsFor;
        _upReaders = new int[_database.ReaderCount];
        if (_storage.LaggingReads || (_storage.Design.PromotionLosesUnreplicated && _database.ReaderCount > 0))
        {
            Log = new ReplicaLog();
            _database.ReplicaLog = Log;
        }
        if (system.Scenario.Cache is { } cache)
        {
            Cache = new CacheTier(system, cache, streams);
        }
        if (_storage.HasLimits)
        {
            Capacity = new DatabaseCapacity(_storage, 1 + _database.ReaderCount, streams, system.Scenario.Duration.Microseconds, system.Scenario.TimelineBucket.Microseconds);
            _cpu = Capacity.ModelsCpu ? Capacity : null;
        }
        if (_storage.Volume is { } volume && _storage.Design.HasInstance)
        {
            Io = new VolumeIo(volume);
        }
    }

    /// <summary>The writer's volume and its IOPS, when the scenario models storage I/O (<c>storage.storageType</c>).</summary>
    public VolumeIo? Io { get; }

    /// <summary>CPU and connection limits, when the scenario models them (<see cref="StorageConfig.HasLimits"/>).</summary>
    public DatabaseCapacity? Capacity { get; }

    private readonly DatabaseCapacity? _cpu;

    /// <summary>The asynchronous copies, when the kind has any.</summary>
    public ReplicaLog? Log { get; }

    public CacheTier? Cache { get; }

    /// <summary>Reads served by the writer, by readers and by eventually consistent copies (not by the cache).</summary>
    public long DatabaseReads { get; private set; }

    public long ReplicaReads { get; private set; }

    public long DatabaseWrites { get; private set; }

    /// <summary>Query time the writer spent on the operations it served (for CPU utilisation).</summary>
    public long WriterBusyMicroseconds { get; private set; }

    /// <summary>Plans a read: which copy serves it and how long it takes. False when nothing can serve it now.</summary>
    internal bool TryPlanRead(ref Request r, Container c, out Duration delay)
    {
        var nowUs = _system.Sim.Now.Microseconds;
        if (Cache is { } cache && cache.TryGet(r.Key, nowUs, out _, out _))
        {
            r.Source = ReadSource.Cache;
            r.DbEpoch = cache.Epoch;
            delay = RoundTrip(c.Zone, cache.Zone) + cache.Config.ReadTime.Sample(_storageTimes);
            return true;
        }
        if (_readFromReplicas && PickReader() is var reader && reader >= 0)
        {
            r.Source = ReadSource.Replica;
            r.Reader = (byte)reader;
            r.DbEpoch = _database.ReaderEpoch(reader);
            var readerTrip = RoundTrip(c.Zone, _database.ReaderZone(reader));
            delay = _storage.ReadTime.Sample(_storageTimes) + readerTrip;
            if (_cpu is not null)
            {
                delay += CpuWait(1 + reader, r.DbEpoch, nowUs, readerTrip);
            }
            return true;
        }
        if (_eventual)
        {
            // One of the three copies did not take part in the write's quorum and lags behind.
            r.Source = _copies.NextDouble() * _storage.Design.Copies < 1 ? ReadSource.EventualCopy : ReadSource.Primary;
            r.DbEpoch = _database.Epoch;
            delay = _storage.ReadTime.Sample(_storageTimes) + RoundTrip(c.Zone, c.Zone);
            return true;
        }
        if (!_database.Up)
        {
            delay = Duration.Zero;
            return false;
        }
        r.Source = ReadSource.Primary;
        r.DbEpoch = _database.Epoch;
        var read = _storage.ReadTime.Sample(_storageTimes);
        WriterBusyMicroseconds += read.Microseconds;
        var trip = RoundTripToWriter(c);
        delay = trip + read;
        if (_cpu is not null)
        {
            delay += CpuWait(0, r.DbEpoch, nowUs, trip);
        }
        return true;
    }

    /// <summary>Plans a write to the writer, which must be up: how long until it is committed.</summary>
    internal Duration PlanWrite(ref Request r, Container c)
    {
        r.Source = ReadSource.Primary;
        r.DbEpoch = _database.Epoch;
        var roundTrip = RoundTripToWriter(c);
        var write = _storage.WriteTime.Sample(_storageTimes);
        WriterBusyMicroseconds += write.Microseconds;
        var d = roundTrip + write;
        if (_cpu is not null)
        {
            d += CpuWait(0, r.DbEpoch, _system.Sim.Now.Microseconds, roundTrip);
        }
        if (Io is { } io)
        {
            // The commit's write I/O reaches the volume once the query has had its CPU; beyond the IOPS it waits.
            var atVolumeUs = _system.Sim.Now.Microseconds + (roundTrip.Microseconds / 2) + (d - roundTrip - write).Microseconds;
            d += new Duration(io.Admit(atVolumeUs, r.DbEpoch));
        }
        var waits = _commitWait switch
        {
            CommitWait.SyncStandby => _database.StandbyUp,
            CommitWait.OneOfTwoStandbys => _database.ReadersUp > 0,
            CommitWait.Quorum => !_regional,
            _ => false,
        };
        if (waits)
        {
            // The commit waits for a copy in another zone: one more round trip, across zones.
            d += (_network.ToDatabase.Sample(_dbNetwork) + _network.CrossZone.Sample(_dbNetwork)) * 2;
        }
        return d;
    }

    /// <summary>Whether the copy that an operation went to still serves it when it ends.</summary>
    internal bool StillServes(in Request r) => r.Source switch
    {
        ReadSource.Replica => _database.ReaderUp(r.Reader) && _database.ReaderEpoch(r.Reader) == r.DbEpoch,
        ReadSource.Cache => Cache!.Up && Cache.Epoch == r.DbEpoch,
        _ => _database.Up && r.DbEpoch == _database.Epoch,
    };

    /// <summary>The version a read returns, from the copy it went to; a read that missed the cache fills it.</summary>
    internal int Read(ref Request r)
    {
        var nowUs = _system.Sim.Now.Microseconds;
        int version;
        switch (r.Source)
        {
            case ReadSource.Cache:
                if (Cache!.TryPeek(r.Key, nowUs, out version, out var filledUs))
                {
                    r.SourceUs = filledUs;
                    return version;
                }
                // The entry expired while the request was served: the application reads the store.
                r.Source = ReadSource.Primary;
                version = _system.Records.SharedVersion(r.Key);
                DatabaseReads++;
                break;
            case ReadSource.Replica:
            case ReadSource.EventualCopy:
                version = Log is { } log ? log.Version(r.Key, nowUs) : _system.Records.SharedVersion(r.Key);
                r.SourceUs = Log?.BehindUs(nowUs) ?? 0;
                DatabaseReads++;
                ReplicaReads++;
                break;
            default:
                version = _system.Records.SharedVersion(r.Key);
                DatabaseReads++;
                break;
        }
        Cache?.Fill(r.Key, version, nowUs);
        return version;
    }

    /// <summary>A write committed <paramref name="version"/> of <paramref name="key"/> at the writer.</summary>
    internal void Committed(int key, int version)
    {
        DatabaseWrites++;
        Log?.Commit(key, version, _system.Sim.Now.Microseconds, _storage.ReplicaLag.Sample(_lag).Microseconds);
        Cache?.Written(key);
    }

    /// <summary>The zone of the copy a read was served from.</summary>
    internal int SourceZone(in Request r) => r.Source switch
    {
        ReadSource.Replica => _database.ReaderZone(r.Reader),
        ReadSource.Cache => Cache!.Zone,
        ReadSource.EventualCopy => -1,
        _ => _regional ? -1 : _database.PrimaryZone,
    };

    /// <summary>The time a query spends at an instance's CPU (waiting and running), arriving half a round trip after it was sent.</summary>
    private Duration CpuWait(int instance, int epoch, long sentUs, Duration roundTrip)
    {
        var arriveUs = sentUs + (roundTrip.Microseconds / 2);
        return new Duration(_cpu!.Serve(instance, epoch, arriveUs) - arriveUs);
    }

    private int PickReader()
    {
        var n = 0;
        for (var i = 0; i < _upReaders.Length; i++)
        {
            if (_database.ReaderUp(i))
            {
                _upReaders[n++] = i;
            }
        }
        return n == 0 ? -1 : _upReaders[(int)(_readers.NextDouble() * n)];
    }

    private Duration RoundTripToWriter(Container c)
    {
        var oneWay = _network.ToDatabase.Sample(_dbNetwork);
        if (!_regional && c.Zone != _database.PrimaryZone)
        {
            oneWay += _network.CrossZone.Sample(_dbNetwork);
        }
        return oneWay * 2;
    }

    private Duration RoundTrip(int from, int to)
    {
        var oneWay = _network.ToDatabase.Sample(_dbNetwork);
        if (from != to)
        {
            oneWay += _network.CrossZone.Sample(_dbNetwork);
        }
        return oneWay * 2;
    }
}
