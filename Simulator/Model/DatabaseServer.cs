using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The availability of the shared store: the primary, the optional synchronous standby (Multi-AZ),
/// failover, recovery, backups and restore. For <c>sqlite-shared-file</c> it is the file on the network
/// filesystem, which has no server to fail but can be lost and restored.
/// </summary>
/// <remarks>
/// When the primary fails with a live standby in another zone, the standby serves after
/// <c>storage.failoverTime</c> and a new standby is built after <c>storage.recoveryTime</c>. Without a
/// standby the primary is back after <c>storage.recoveryTime</c>, or, when its zone went down, when the
/// zone comes back. Every failure starts a new epoch: a storage operation begun in an older epoch fails.
/// Synchronous replication means a failover loses no acknowledged write. <c>storage-loss</c> restores from
/// the last backup (taken every <c>storage.backupInterval</c>) and loses the writes acknowledged since.
/// </remarks>
public sealed class DatabaseServer : IEventTarget
{
    private const int FailoverDone = 0;
    private const int Recovered = 1;
    private const int StandbyRebuilt = 2;
    private const int BackupTick = 3;
    private const int Restored = 4;

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly StorageConfig _config;
    private readonly System.Random _random;
    private Incident? _openIncident;
    private bool _waitingForZone;

    internal DatabaseServer(ReplicaSystem system, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _config = system.Scenario.Storage;
        _random = streams.Stream("database");
        PrimaryZone = _config.PrimaryZone;
        if (_config.Standby)
        {
            StandbyZone = (PrimaryZone + 1) % system.Scenario.Zones.Count;
            StandbyUp = true;
        }
        else
        {
            StandbyZone = -1;
        }
    }

    public bool Up { get; private set; } = true;

    public int PrimaryZone { get; private set; }

    public int StandbyZone { get; private set; }

    public bool StandbyUp { get; private set; }

    /// <summary>Increases at every failure; operations begun in an older epoch fail.</summary>
    public int Epoch { get; private set; }

    public bool HasServer => _config.Kind == StorageKind.Shared;

    /// <summary>When the last backup was taken, if any.</summary>
    public Instant? LastBackup { get; private set; }

    internal void Start()
    {
        if (_config.Kind != StorageKind.SqlitePerContainer && _config.BackupInterval.Microseconds > 0)
        {
            _sim.Schedule(_config.BackupInterval, this, BackupTick);
        }
    }

    /// <summary>The primary instance fails (database-failure, or its zone went down).</summary>
    internal bool Fail(Incident incident, bool zoneOutage)
    {
        if (!HasServer || !Up)
        {
            return false;
        }
        Up = false;
        Epoch++;
        _openIncident = incident;
        incident.Pending++;
        if (StandbyUp && _system.ZoneUp(StandbyZone))
        {
            var d = _config.FailoverTime.Sample(_random);
            _system.Observer.OnDatabaseEvent(_sim.Now, $"the primary in {_system.ZoneName(PrimaryZone)} failed; failing over to the standby in {_system.ZoneName(StandbyZone)} (takes {d.ToReadable()})");
            _sim.Schedule(d, this, FailoverDone);
        }
        else if (zoneOutage)
        {
            _waitingForZone = true;
            _system.Observer.OnDatabaseEvent(_sim.Now, $"the primary in {_system.ZoneName(PrimaryZone)} is down with its zone; no standby to fail over to");
        }
        else
        {
            var d = _config.RecoveryTime.Sample(_random);
            _system.Observer.OnDatabaseEvent(_sim.Now, $"the primary in {_system.ZoneName(PrimaryZone)} failed; no standby, recovery takes {d.ToReadable()}");
            _sim.Schedule(d, this, Recovered);
        }
        return true;
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
    }

    /// <summary>The store's data is lost: restore from the last backup.</summary>
    internal bool LoseStorage(Incident incident)
    {
        if (_config.Kind == StorageKind.SqlitePerContainer)
        {
            return false;
        }
        Up = false;
        Epoch++;
        _openIncident = incident;
        incident.Pending++;
        var cause = LastBackup is { } b
            ? $"storage-loss at {_sim.Now}: restored from the backup of {b}"
            : $"storage-loss at {_sim.Now}: no backup had been taken yet";
        _system.Records.RestoreFromBackup((key, version) => _system.Observer.OnWriteLost(_sim.Now, key, version, cause));
        var d = _config.RecoveryTime.Sample(_random);
        _system.Observer.OnDatabaseEvent(_sim.Now, $"the store's data is lost; restoring from the last backup (takes {d.ToReadable()})");
        _sim.Schedule(d, this, Restored);
        return true;
    }

    public void OnEvent(int kind, long arg)
    {
        switch (kind)
        {
            case FailoverDone:
                (PrimaryZone, StandbyZone) = (StandbyZone, PrimaryZone);
                StandbyUp = false;
                BackUp($"the standby in {_system.ZoneName(PrimaryZone)} is the new primary");
                if (_system.ZoneUp(StandbyZone))
                {
                    _sim.Schedule(_config.RecoveryTime.Sample(_random), this, StandbyRebuilt);
                }
                break;
            case Recovered:
                BackUp($"the primary in {_system.ZoneName(PrimaryZone)} has recovered");
                break;
            case Restored:
                BackUp("the store is restored from backup and serving");
                break;
            case StandbyRebuilt:
                if (!StandbyUp && _system.ZoneUp(StandbyZone))
                {
                    StandbyUp = true;
                    _system.Observer.OnDatabaseEvent(_sim.Now, $"a new standby in {_system.ZoneName(StandbyZone)} is in sync");
                }
                break;
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

    private void BackUp(string what)
    {
        Up = true;
        _system.Observer.OnDatabaseEvent(_sim.Now, what);
        if (_openIncident is { } incident)
        {
            _openIncident = null;
            incident.Pending--;
            _system.EndIncidentIfDone(incident);
        }
    }
}
