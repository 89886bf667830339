using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The availability of the shared store, driven by its kind's mechanisms (<see cref="StorageDesign"/>): the
/// writer, the optional synchronous standby (Multi-AZ), the readers (read replicas, Aurora/DocumentDB readers,
/// a Multi-AZ DB cluster's standbys, streaming replicas), failover, recovery, backups and restore. For
/// <c>sqlite-shared-file</c> it is the file on the network filesystem, which has no server to fail but can be
/// lost and restored; DynamoDB has no instance to fail.
/// </summary>
/// <remarks>
/// When the writer fails with a live standby in another zone, the standby serves after <c>failoverTime</c> and a
/// new standby is built after <c>recoveryTime</c>. Kinds that promote a reader do so after <c>failoverTime</c>; the
/// old writer comes back as a reader after <c>recoveryTime</c>. A promoted streaming replica (<c>ec2-postgresql</c>)
/// has only the commits that had reached it when the writer failed: the rest are lost. Without a copy to promote,
/// Aurora starts a new writer on its surviving volume after <c>recoveryTime</c>; other kinds bring the writer back
/// after <c>recoveryTime</c> (<c>failoverTime</c> when people do it: <c>failover: manual</c>), or, when its zone
/// went down, when the zone comes back (an instance volume does not leave its zone). Every failure starts a new
/// epoch: a storage operation begun in an older epoch fails. <c>storage-loss</c> restores from the last backup
/// (taken every <c>backupInterval</c>) and loses the writes acknowledged since, unless a copy can be promoted;
/// a volume of several copies across zones only rebuilds the lost copy.
/// </remarks>
public sealed class DatabaseServer : EventTarget
{
    private const int FailoverDone = 0;
    private const int Recovered = 1;
    private const int StandbyRebuilt = 2;
    private const int BackupTick = 3;
    private const int Restored = 4;
    private const int Promoted = 5;
    private const int NewWriter = 6;
    private const int ReaderBack = 7;
    private const int OperationBack = 8;
    private const int StandbyPrepared = 9;
    private const int ReaderPrepared = 10;

    /// <summary>A single-AZ instance's class change keeps it offline this long (not documented: an assumption, 10 min).</summary>
    public static readonly Duration RdsModifyTime = Duration.FromSeconds(600);

    /// <summary>EC2's stop, change the instance type, start, check PostgreSQL (not documented: an assumption, 15 min).</summary>
    public static readonly Duration Ec2ResizeTime = Duration.FromSeconds(900);

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly StorageConfig _config;
    private readonly StorageDesign _design;
    private readonly System.Random _random;
    private readonly int[] _readerZone;
    private readonly bool[] _readerUp;
    private readonly int[] _readerEpoch;
    private readonly bool[] _readerWaitsForZone;
    private readonly Incident?[] _readerIncident;
    private readonly List<WriterOutage> _outages = [];
    private Incident? _openIncident;
    private bool _waitingForZone;
    private readonly List<(Instant At, InstanceClass Class)> _classes = [];
    private Incident? _opIncident;
    private string _opWhat = "";
    private Duration _opPrep;
    private InstanceClass? _classOnBack;
    private Duration? _standbyBackAfter;

    internal DatabaseServer(ReplicaSystem system, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _config = system.Scenario.Storage;
        _design = _config.Design;
        _random = streams.Stream("database");
        PrimaryZone = _config.PrimaryZone;
        var zones = system.Scenario.Zones.Count;
        if (_config.Standby && _design.CommitWaitsFor == CommitWait.SyncStandby)
        {
            StandbyZone = (PrimaryZone + 1) % zones;
            StandbyUp = true;
        }
        else
        {
            StandbyZone = -1;
        }
        var readers = _design.IsServer ? _config.Readers : 0;
        _readerZone = new int[readers];
        _readerUp = new bool[readers];
        _readerEpoch = new int[readers];
        _readerWaitsForZone = new bool[readers];
        _readerIncident = new Incident?[readers];
        for (var i = 0; i < readers; i++)
        {
            _readerZone[i] = (PrimaryZone + 1 + i) % zones;
            _readerUp[i] = true;
        }
        _classes.Add((Instant.Start, _config.InstanceClass));
    }

    /// <summary>The instance class serving now (changed by scale-database).</summary>
    public InstanceClass InstanceClass => _classes[^1].Class;

    /// <summary>The instance classes over the run, from when each served.</summary>
    public IReadOnlyList<(Instant At, InstanceClass Class)> Classes => _classes;

    public bool Up { get; private set; } = true;

    public int PrimaryZone { get; private set; }

    public int StandbyZone { get; private set; }

    public bool StandbyUp { get; private set; }

    /// <summary>When the writer last came back after a failure (failover, recovery, restore); far in the past if it never failed.</summary>
    public long UpSinceUs { get; private set; } = long.MinValue / 2;

    /// <summary>Every stretch without a writer, in order (<see cref="WriterOutage"/>).</summary>
    public IReadOnlyList<WriterOutage> Outages => _outages;

    /// <summary>The last outage while its backlog has not drained since the writer came back; null otherwise.</summary>
    public WriterOutage? Draining { get; internal set; }

    /// <summary>Increases at every failure; operations begun in an older epoch fail.</summary>
    public int Epoch { get; private set; }

    /// <summary>An instance that can fail (not SQLite, not DynamoDB).</summary>
    public bool HasServer => _design.HasInstance;

    /// <summary>When the last backup was taken, if any.</summary>
    public Instant? LastBackup { get; private set; }

    /// <summary>Readable copies (read replicas, readers, readable standbys).</summary>
    public int ReaderCount => _readerZone.Length;

    public int ReaderZone(int reader) => _readerZone[reader];

    public bool ReaderUp(int reader) => _readerUp[reader];

    public int ReaderEpoch(int reader) => _readerEpoch[reader];

    /// <summary>Readers serving now.</summary>
    public int ReadersUp
    {
        get
        {
            var n = 0;
            for (var i = 0; i < _readerUp.Length; i++)
            {
                if (_readerUp[i])
                {
                    n++;
                }
            }
            return n;
        }
    }

    /// <summary>The lagging copies, when the kind has any (null otherwise).</summary>
    public ReplicaLog? ReplicaLog { get; internal set; }

    private DurationDistribution PeopleOrRecovery => _config.Failover == FailoverMode.Manual ? _config.FailoverTime : _config.RecoveryTime;

    internal void Start()
    {
        if (_design.Backup != BackupMode.None && _config.BackupInterval.Microseconds > 0)
        {
            _sim.Schedule(_config.BackupInterval, this, BackupTick);
        }
    }

    /// <summary>The writer instance fails (database-failure, or its zone went down).</summary>
    internal bool Fail(Incident incident, bool zoneOutage)
    {
        if (!HasServer || !Up)
        {
            return false;
        }
        Up = false;
        Epoch++;
        StartOutage(incident);
        _openIncident = incident;
        incident.Pending++;
        var where = _system.ZoneName(PrimaryZone);
        if (StandbyUp && _system.ZoneUp(StandbyZone))
        {
            var d = _config.FailoverTime.Sample(_random);
            _system.Observer.OnDatabaseEvent(_sim.Now, _config.Failover == FailoverMode.Manual
                ? $"the primary in {where} failed; nobody fails over automatically: someone notices and promotes the standby in {_system.ZoneName(StandbyZone)} (takes {d.ToReadable()})"
                : $"the primary in {where} failed; failing over to the standby in {_system.ZoneName(StandbyZone)} (takes {d.ToReadable()})");
            _sim.Schedule(d, this, FailoverDone);
        }
        else if (_design.PromotesReader && Promotable() is var reader && reader >= 0)
        {
            Promote(reader, $"the writer in {where} failed");
        }
        else if (_design.NewWriterWithoutReader && NewWriterZone() is var zone && zone >= 0)
        {
            var d = _config.RecoveryTime.Sample(_random);
            _system.Observer.OnDatabaseEvent(_sim.Now, $"the writer in {where} failed; no reader to promote: a new writer starts in {_system.ZoneName(zone)} on the cluster volume (takes {d.ToReadable()})");
            _sim.Schedule(d, this, NewWriter, zone);
        }
        else if (zoneOutage)
        {
            _waitingForZone = true;
            _system.Observer.OnDatabaseEvent(_sim.Now, $"the primary in {where} is down with its zone; no standby to fail over to");
        }
        else
        {
            var d = PeopleOrRecovery.Sample(_random);
            _system.Observer.OnDatabaseEvent(_sim.Now, _config.Failover == FailoverMode.Manual
                ? $"the primary in {where} failed; nobody fails over automatically: someone notices and restarts it (takes {d.ToReadable()})"
                : $"the primary in {where} failed; no standby, recovery takes {d.ToReadable()}");
            _sim.Schedule(d, this, Recovered);
        }
        return true;
    }

    /// <summary>The reader to promote: the first one serving in a zone that is up, or -1.</summary>
    private int Promotable()
    {
        for (var i = 0; i < _readerZone.Length; i++)
        {
            if (_readerUp[i] && _system.ZoneUp(_readerZone[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private int NewWriterZone()
    {
        var zones = _system.Scenario.Zones.Count;
        for (var k = 0; k < zones; k++)
        {
            var z = (PrimaryZone + k) % zones;
            if (_system.ZoneUp(z))
            {
                return z;
            }
        }
        return -1;
    }

    private void Promote(int reader, string what)
    {
        var d = _config.FailoverTime.Sample(_random);
        var to = _system.ZoneName(_readerZone[reader]);
        _readerUp[reader] = false;
        _readerEpoch[reader]++;
        if (_design.PromotionLosesUnreplicated && ReplicaLog is { } log)
        {
            var lost = 0;
            var cause = $"{what} at {_sim.Now}; the replica in {to} was promoted without the writes that had not reached it";
            log.DropUnreplicated(_sim.Now.Microseconds, (key, version) =>
            {
                if (_system.Records.RollBackShared(key, version) && _system.Records.AckVersion(key) > Math.Max(version, _system.Records.BackupVersion(key))
                    && _system.Records.MarkLost(key))
                {
                    lost++;
                    _system.Observer.OnWriteLost(_sim.Now, key, _system.Records.AckVersion(key), cause);
                }
            });
            _system.Observer.OnDatabaseEvent(_sim.Now, $"{what}; {(_config.Failover == FailoverMode.Manual ? "someone" : "the service")} promotes the replica in {to} " +
                $"(takes {d.ToReadable()}); {lost} acknowledged write{(lost == 1 ? "" : "s")} had not reached it");
        }
        else
        {
            _system.Observer.OnDatabaseEvent(_sim.Now, $"{what}; failing over to the reader in {to} (takes {d.ToReadable()})");
        }
        _sim.Schedule(d, this, Promoted, reader);
    }

    internal void ZoneDown(int zone, Incident incident)
    {
        if (!HasServer)
        {
            return;
        }
        if (zone == StandbyZone && StandbyUp)
        {
            StandbyUp = false;
            _system.Observer.OnDatabaseEvent(_sim.Now, $"the standby in {_system.ZoneName(zone)} is down with its zone; the primary runs without one");
        }
        for (var i = 0; i < _readerZone.Length; i++)
        {
            if (_readerZone[i] == zone && _readerUp[i])
            {
                _readerUp[i] = false;
                _readerEpoch[i]++;
                _readerWaitsForZone[i] = true;
                _system.Observer.OnDatabaseEvent(_sim.Now, $"the reader in {_system.ZoneName(zone)} is down with its zone");
            }
        }
        if (zone == PrimaryZone)
        {
            Fail(incident, zoneOutage: true);
        }
    }

    internal void ZoneUp(int zone)
    {
        if (!HasServer)
        {
            return;
        }
        if (!Up && _waitingForZone && zone == PrimaryZone)
        {
            _waitingForZone = false;
            BackUp($"the primary in {_system.ZoneName(zone)} is back with its zone");
        }
        if (_config.Standby && zone == StandbyZone && !StandbyUp)
        {
            _sim.Schedule(_config.RecoveryTime.Sample(_random), this, StandbyRebuilt);
        }
        for (var i = 0; i < _readerZone.Length; i++)
        {
            if (_readerZone[i] == zone && _readerWaitsForZone[i])
            {
                _readerWaitsForZone[i] = false;
                if (_readerIncident[i] is null)
                {
                    // Back with its zone: it catches up from the writer's log.
                    _readerUp[i] = true;
                    _system.Observer.OnDatabaseEvent(_sim.Now, $"the reader in {_system.ZoneName(zone)} is back with its zone");
                }
                else
                {
                    _sim.Schedule(_config.RecoveryTime.Sample(_random), this, ReaderBack, i);
                }
            }
        }
    }

    /// <summary>One reader fails (replica-failure); it is replaced after <c>recoveryTime</c>.</summary>
    internal string FailReader(Incident incident, System.Random random)
    {
        var u = random.NextDouble();
        var up = ReadersUp;
        if (up == 0)
        {
            return _readerZone.Length == 0 ? "no read replica in this architecture: nothing happens" : "no reader was serving";
        }
        var pick = (int)(u * up);
        for (var i = 0; i < _readerZone.Length; i++)
        {
            if (!_readerUp[i])
            {
                continue;
            }
            if (pick-- > 0)
            {
                continue;
            }
            _readerUp[i] = false;
            _readerEpoch[i]++;
            _readerIncident[i] = incident;
            incident.Pending++;
            var d = _config.RecoveryTime.Sample(_random);
            _sim.Schedule(d, this, ReaderBack, i);
            return $"the reader in {_system.ZoneName(_readerZone[i])} failed; a replacement serves in {d.ToReadable()}";
        }
        return "no reader was serving";
    }

    /// <summary>
    /// A planned operation on the instance (<c>maintenance</c>, <c>scale-database</c>) as the kind lives it: Multi-AZ
    /// prepares the standby, then fails over to it; kinds with readers prepare the readers one after another, then hand
    /// over to one; the rest (single-AZ, EC2, a writer alone) are offline for the operation. Returns what happened.
    /// </summary>
    internal string Operate(Incident incident, FaultKind kind, Duration duration, InstanceClass? newClass)
    {
        if (!HasServer)
        {
            return _design.IsServer ? "a regional service with no instance of yours: AWS does this with no downtime, nothing happens"
                : "no database server in this architecture: nothing happens";
        }
        if (kind == FaultKind.ScaleDatabase && newClass == InstanceClass)
        {
            return $"already {newClass?.Name}: nothing to change";
        }
        if (!Up || _opIncident is not null || _openIncident is not null)
        {
            return "the database was not serving normally (down, or in another operation): nothing done";
        }
        var ec2 = _design.Kind == StorageKind.Ec2PostgreSql;
        var maintenance = kind == FaultKind.Maintenance;
        _opWhat = maintenance ? "maintenance" : $"scale-database to {newClass!.Name}";
        _opPrep = maintenance ? duration : ec2 ? Ec2ResizeTime : RdsModifyTime;
        _classOnBack = maintenance ? null : newClass;
        _opIncident = incident;
        incident.Pending++;
        var done = maintenance ? "patched" : "modified";
        if (!ec2 && StandbyUp && _system.ZoneUp(StandbyZone))
        {
            StandbyUp = false;
            _system.Observer.OnDatabaseEvent(_sim.Now, $"{_opWhat}: the standby in {_system.ZoneName(StandbyZone)} is {done} first " +
                $"(takes {_opPrep.ToReadable()}); commits stop waiting for it");
            _sim.Schedule(_opPrep, this, StandbyPrepared);
            return $"the Multi-AZ standby is {done} first, then the database fails over to it";
        }
        if (!ec2 && _design.PromotesReader && Promotable() >= 0)
        {
            PrepareReader(0);
            return $"the readers are {done} one after another, then the writer hands over to one";
        }
        Up = false;
        Epoch++;
        StartOutage(incident);
        _openIncident = incident;
        _opIncident = null;
        var where = _system.ZoneName(PrimaryZone);
        _system.Observer.OnDatabaseEvent(_sim.Now, ec2
            ? $"{_opWhat}: the team stops PostgreSQL on the instance in {where} to {(maintenance ? "patch and reboot it" : "stop it, change its type and start it")} (down for {_opPrep.ToReadable()})"
            : $"{_opWhat}: the instance in {where} is offline while it is {done} (takes {_opPrep.ToReadable()})");
        _sim.Schedule(_opPrep, this, OperationBack);
        return ec2
            ? $"the team's {(maintenance ? "patch reboot" : "stop-resize-start")}: the database is down for {_opPrep.ToReadable()}"
            : $"no standby: the instance is offline for {_opPrep.ToReadable()}";
    }

    private void PrepareReader(int from)
    {
        for (var i = from; i < _readerZone.Length; i++)
        {
            if (_readerUp[i] && _system.ZoneUp(_readerZone[i]))
            {
                _readerUp[i] = false;
                _readerEpoch[i]++;
                _system.Observer.OnDatabaseEvent(_sim.Now, $"{_opWhat}: the reader in {_system.ZoneName(_readerZone[i])} is taken out (takes {_opPrep.ToReadable()})");
                _sim.Schedule(_opPrep, this, ReaderPrepared, i);
                return;
            }
        }
        // Every reader is done: the writer hands over to one of them.
        var incident = _opIncident!;
        _opIncident = null;
        if (!Up || Promotable() is var reader && reader < 0)
        {
            _classOnBack = null;
            incident.Pending--;
            _system.EndIncidentIfDone(incident);
            return;
        }
        Up = false;
        Epoch++;
        StartOutage(incident);
        _openIncident = incident;
        Promote(reader, $"{_opWhat}: the writer in {_system.ZoneName(PrimaryZone)} hands over after its readers were done");
    }

    private void SetClass(InstanceClass c)
    {
        _classes.Add((_sim.Now, c));
        _system.Store?.Capacity?.SetInstanceClass(c, _config.MaxConnectionsGiven is not null, _config.CpuCredits.InitialCredits);
        _system.Observer.OnDatabaseEvent(_sim.Now, $"the database now runs on {c.Name} ({c.Vcpus} vCPUs, {c.MemoryGiB.ToString(System.Globalization.CultureInfo.InvariantCulture)} GiB)");
    }

    /// <summary>
    /// The writer's EBS volume fails (EBS documents an annual failure rate of 0.1-0.2 % for gp2/gp3): a live
    /// synchronous standby has its own volume and takes over (a failover, nothing lost); a replicated cluster volume
    /// rebuilds the copy; a single instance restores from its backups (<see cref="LoseStorage"/>). Returns what happened.
    /// </summary>
    internal string LoseVolume(Incident incident)
    {
        switch (_design.Placement)
        {
            case CopyPlacement.Container:
                return "no database volume in this architecture (each container's app.db is on its own ephemeral storage): nothing happens";
            case CopyPlacement.NetworkFile:
                return "the shared file is on a network filesystem, not an EBS volume: nothing happens";
            case CopyPlacement.RegionalService:
                return "a regional service with no volume of yours: nothing happens";
        }
        if (!Up)
        {
            return "the database was already down";
        }
        if (StandbyUp && _system.ZoneUp(StandbyZone))
        {
            Fail(incident, zoneOutage: false);
            return "the primary's EBS volume failed; the standby, on its own volume, takes over";
        }
        return LoseStorage(incident, "volume-failure");
    }

    /// <summary>The store's data is lost: rebuild the copy, promote a copy, or restore from the last backup. Returns what happened.</summary>
    internal string LoseStorage(Incident incident, string fault = "storage-loss")
    {
        if (_design.Placement == CopyPlacement.Container)
        {
            return "no shared store in this architecture: nothing happens";
        }
        if (_design.SurvivesZone)
        {
            return $"one of the {_design.Copies} copies of the data was lost; the store rebuilds it from the others: nothing is lost and nothing stops";
        }
        if (HasServer && Up && _design.PromotesReader && Promotable() is var reader && reader >= 0)
        {
            Up = false;
            Epoch++;
            StartOutage(incident);
            _openIncident = incident;
            incident.Pending++;
            Promote(reader, $"the writer's volume in {_system.ZoneName(PrimaryZone)} was lost");
            return "the writer's volume was lost; a copy is promoted";
        }
        Up = false;
        Epoch++;
        StartOutage(incident);
        _openIncident = incident;
        incident.Pending++;
        var cause = LastBackup is { } b
            ? $"{fault} at {_sim.Now}: restored from the backup of {b}"
            : $"{fault} at {_sim.Now}: no backup had been taken yet";
        _system.Records.RestoreFromBackup((key, version) => _system.Observer.OnWriteLost(_sim.Now, key, version, cause));
        ReplicaLog?.ResetTo(_system.Records);
        var d = PeopleOrRecovery.Sample(_random);
        _system.Observer.OnDatabaseEvent(_sim.Now, $"the store's data is lost; restoring from the last backup (takes {d.ToReadable()})");
        _sim.Schedule(d, this, Restored);
        return "the shared store's data was lost; restore from the last backup";
    }

    public override void OnEvent(int kind, long arg)
    {
        switch (kind)
        {
            case FailoverDone:
                (PrimaryZone, StandbyZone) = (StandbyZone, PrimaryZone);
                StandbyUp = false;
                BackUp($"the standby in {_system.ZoneName(PrimaryZone)} is the new primary");
                if (_system.ZoneUp(StandbyZone))
                {
                    _sim.Schedule(_standbyBackAfter ?? _config.RecoveryTime.Sample(_random), this, StandbyRebuilt);
                }
                _standbyBackAfter = null;
                break;
            case StandbyPrepared:
                {
                    var incident = _opIncident!;
                    _opIncident = null;
                    if (!Up || !_system.ZoneUp(StandbyZone))
                    {
                        _classOnBack = null;
                        incident.Pending--;
                        _system.EndIncidentIfDone(incident);
                        break;
                    }
                    // The prepared standby caught up; the planned failover moves the writer to it.
                    StandbyUp = true;
                    Up = false;
                    Epoch++;
                    StartOutage(incident);
                    _openIncident = incident;
                    _standbyBackAfter = _opPrep;
                    var d = _config.FailoverTime.Sample(_random);
                    _system.Observer.OnDatabaseEvent(_sim.Now, $"{_opWhat}: the standby in {_system.ZoneName(StandbyZone)} is ready; failing over to it (takes {d.ToReadable()}), " +
                        $"then the old primary is done the same way");
                    _sim.Schedule(d, this, FailoverDone);
                    break;
                }
            case ReaderPrepared:
                {
                    var i = (int)arg;
                    if (_system.ZoneUp(_readerZone[i]))
                    {
                        _readerUp[i] = true;
                        _system.Observer.OnDatabaseEvent(_sim.Now, $"{_opWhat}: the reader in {_system.ZoneName(_readerZone[i])} serves again");
                    }
                    else
                    {
                        _readerWaitsForZone[i] = true;
                    }
                    if (_opIncident is not null)
                    {
                        PrepareReader(i + 1);
                    }
                    break;
                }
            case OperationBack:
                if (!_system.ZoneUp(PrimaryZone))
                {
                    _waitingForZone = true;
                    break;
                }
                BackUp($"the instance in {_system.ZoneName(PrimaryZone)} serves again after {_opWhat}");
                break;
            case Promoted:
                {
                    var i = (int)arg;
                    (PrimaryZone, _readerZone[i]) = (_readerZone[i], PrimaryZone);
                    ReplicaLog?.CatchUp();
                    BackUp($"the copy in {_system.ZoneName(PrimaryZone)} is the new writer");
                    if (_system.ZoneUp(_readerZone[i]))
                    {
                        _sim.Schedule(_config.RecoveryTime.Sample(_random), this, ReaderBack, i);
                    }
                    else
                    {
                        _readerWaitsForZone[i] = true;
                    }
                    break;
                }
            case NewWriter:
                PrimaryZone = (int)arg;
                BackUp($"a new writer in {_system.ZoneName(PrimaryZone)} serves from the cluster volume");
                break;
            case Recovered:
            case Restored:
                if (HasServer && !_system.ZoneUp(PrimaryZone))
                {
                    // Repaired, but its zone is down meanwhile: it serves when the zone is back.
                    _waitingForZone = true;
                    break;
                }
                BackUp(kind == Recovered ? $"the primary in {_system.ZoneName(PrimaryZone)} has recovered" : "the store is restored from backup and serving");
                break;
            case StandbyRebuilt:
                if (!StandbyUp && _system.ZoneUp(StandbyZone))
                {
                    StandbyUp = true;
                    _system.Observer.OnDatabaseEvent(_sim.Now, $"a new standby in {_system.ZoneName(StandbyZone)} is in sync");
                }
                break;
            case ReaderBack:
                {
                    var i = (int)arg;
                    if (_readerUp[i] || !_system.ZoneUp(_readerZone[i]))
                    {
                        _readerWaitsForZone[i] = !_readerUp[i];
                        break;
                    }
                    _readerUp[i] = true;
                    _system.Observer.OnDatabaseEvent(_sim.Now, $"a reader in {_system.ZoneName(_readerZone[i])} serves again");
                    if (_readerIncident[i] is { } incident)
                    {
                        _readerIncident[i] = null;
                        incident.Pending--;
                        _system.EndIncidentIfDone(incident);
                    }
                    break;
                }
            case BackupTick:
                if (Up)
                {
                    _system.Records.TakeBackup();
                    LastBackup = _sim.Now;
                }
                _sim.Schedule(_config.BackupInterval, this, BackupTick);
                break;
        }
    }

    private void StartOutage(Incident incident)
    {
        if (Draining is { } previous)
        {
            // A new failure cuts the previous outage's backlog short.
            previous.DrainedUs = _sim.Now.Microseconds;
            Draining = null;
        }
        _outages.Add(new WriterOutage(_sim.Now.Microseconds, incident.Label));
    }

    private void BackUp(string what)
    {
        Up = true;
        UpSinceUs = _sim.Now.Microseconds;
        if (_outages.Count > 0 && _outages[^1].UpUs < 0)
        {
            _outages[^1].UpUs = UpSinceUs;
            Draining = _outages[^1];
        }
        _system.Observer.OnDatabaseEvent(_sim.Now, what);
        if (_classOnBack is { } c)
        {
            _classOnBack = null;
            SetClass(c);
        }
        if (_openIncident is { } incident)
        {
            _openIncident = null;
            incident.Pending--;
            _system.EndIncidentIfDone(incident);
        }
    }
}
