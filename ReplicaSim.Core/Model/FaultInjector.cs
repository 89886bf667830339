using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>Fires the scenario's timed and random faults and turns each into an <see cref="Incident"/>.</summary>
/// <remarks>
/// Each random fault has its own stream ("faults/2"), so fault times depend only on the seed and the
/// fault list, and every variant of a comparison sees the same fault times.
/// </remarks>
public sealed class FaultInjector : EventTarget
{
    private const int Fire = 0;
    private const int ZoneBack = 1;
    private const int RuleBack = 2;
    private const int TokenFixed = 3;

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly IReadOnlyList<FaultSpec> _faults;
    private readonly System.Random[] _streams;
    private readonly List<(int Zone, Incident Incident)> _outages = [];
    private readonly List<Incident> _access = [];

    internal FaultInjector(ReplicaSystem system, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _faults = system.Scenario.Faults;
        _streams = new System.Random[_faults.Count];
        for (var i = 0; i < _faults.Count; i++)
        {
            _streams[i] = streams.Stream("faults/" + i);
        }
    }

    internal void Start()
    {
        for (var i = 0; i < _faults.Count; i++)
        {
            var f = _faults[i];
            if (f.At is { } at)
            {
                _sim.ScheduleAt(Instant.Start + at, this, Fire, i);
            }
            else if (f.Every is { } every)
            {
                _sim.Schedule(every.Sample(_streams[i]), this, Fire, i);
            }
            else if (f.Preset is not null)
            {
                SchedulePreset(i);
            }
            else if (f.PerYear is not null)
            {
                ScheduleAtRate(i);
            }
        }
    }

    /// <summary>The next occurrence of an operation by preset, as the kind lives it (none for kinds with nothing to patch).</summary>
    private void SchedulePreset(int index)
    {
        if (OperationPresets.Next(_system.Scenario.Storage.Kind, _sim.Now, _streams[index]) is { } next && next < _system.End)
        {
            _sim.ScheduleAt(next, this, Fire, index);
        }
    }

    /// <summary>
    /// A fault at a yearly rate: the next one an exponential gap away (a Poisson process). Gaps of a rare fault
    /// are far longer than any run, so they are drawn in seconds and only scheduled when they end within the run.
    /// </summary>
    private void ScheduleAtRate(int index)
    {
        var u = _streams[index].NextDouble();
        var gapSeconds = -Math.Log(1 - u) * FaultRates.YearSeconds / _faults[index].PerYear!.Value;
        var end = _system.Scenario.Duration.TotalSeconds;
        if (_sim.Now.Seconds + gapSeconds < end)
        {
            _sim.Schedule(Duration.FromSeconds(gapSeconds), this, Fire, index);
        }
    }

    public override void OnEvent(int kind, long arg)
    {
        if (kind is RuleBack or TokenFixed)
        {
            var access = _access[(int)arg];
            if (kind == RuleBack)
            {
                _system.AllowConnections(true);
                _system.Observer.OnDatabaseEvent(_sim.Now, "the security group rule allowing port 5432 from the containers is back: new connections succeed again");
            }
            else
            {
                _system.RefreshTokens(true);
                _system.Observer.OnDatabaseEvent(_sim.Now, "the containers refresh their IAM authentication tokens again: new connections are accepted");
            }
            access.Pending--;
            _system.EndIncidentIfDone(access);
            return;
        }
        if (kind == ZoneBack)
        {
            var (zone, incident) = _outages[(int)arg];
            _system.SetZoneUp(zone, true);
            incident.Pending--;
            _system.EndIncidentIfDone(incident);
            return;
        }
        var index = (int)arg;
        var f = _faults[index];
        if (f.Every is { } every)
        {
            _sim.Schedule(every.Sample(_streams[index]), this, Fire, index);
        }
        else if (f.PerYear is not null)
        {
            ScheduleAtRate(index);
        }
        if (f.Preset is not null)
        {
            var patch = OperationPresets.PatchTime(_system.Scenario.Storage.Kind, _streams[index]);
            SchedulePreset(index);
            Apply(f, _streams[index], patch);
            return;
        }
        Apply(f, _streams[index], f.OutageDuration ?? Duration.Zero);
    }

    private void Apply(FaultSpec f, System.Random random, Duration duration)
    {
        var now = _sim.Now;
        var incident = _system.StartIncident(f.Kind, Label(f));
        switch (f.Kind)
        {
            case FaultKind.ContainerCrash:
            case FaultKind.ContainerRestart:
                {
                    var c = PickContainer(f, random);
                    if (c is null)
                    {
                        incident.Detail = "no running container to hit";
                        break;
                    }
                    incident.Detail = $"{(f.Kind == FaultKind.ContainerCrash ? "crashed" : "restarted")} {c.Name} in {_system.ZoneName(c.Zone)}";
                    if (f.Kind == FaultKind.ContainerCrash)
                    {
                        _system.Orchestrator.Crash(c, incident, $"{c.Name} crashed at {now}");
                    }
                    else
                    {
                        _system.Orchestrator.Restart(c, incident);
                    }
                    break;
                }
            case FaultKind.Deploy:
                incident.Detail = "rolling deploy: every replica replaced by a new container";
                _system.Orchestrator.Deploy(incident);
                break;
            case FaultKind.Scale:
                incident.Detail = $"scaled to {f.Replicas} replicas";
                _system.Orchestrator.Scale(f.Replicas ?? 0, incident);
                break;
            case FaultKind.ZoneOutage:
                {
                    var zone = f.Zone ?? 0;
                    incident.Detail = $"{_system.ZoneName(zone)} down for {f.OutageDuration?.ToReadable()}";
                    incident.Pending++;
                    _system.SetZoneUp(zone, false);
                    _system.Orchestrator.ZoneDown(zone, incident);
                    _system.Database.ZoneDown(zone, incident);
                    _system.Store?.Cache?.ZoneDown(zone, incident);
                    _outages.Add((zone, incident));
                    _sim.Schedule(f.OutageDuration ?? Duration.Zero, this, ZoneBack, _outages.Count - 1);
                    break;
                }
            case FaultKind.DatabaseFailure:
                incident.Detail = _system.Database.Fail(incident, zoneOutage: false)
                    ? "the primary database instance failed"
                    : _system.Database.HasServer ? "the database was already down"
                    : _system.Store is not null ? "a regional service with no instance of yours: nothing to fail, nothing happens"
                    : "no database server in this architecture: nothing happens";
                break;
            case FaultKind.StorageLoss:
                incident.Detail = _system.Database.LoseStorage(incident);
                break;
            case FaultKind.ReplicaFailure:
                incident.Detail = _system.Database.FailReader(incident, random);
                break;
            case FaultKind.VolumeFailure:
                incident.Detail = _system.Database.LoseVolume(incident);
                break;
            case FaultKind.CacheFailure:
                incident.Detail = _system.Store?.Cache is { } cache ? cache.Fail(incident) : "no cache in this architecture: nothing happens";
                break;
            case FaultKind.Maintenance:
            case FaultKind.ScaleDatabase:
                incident.Detail = _system.Database.Operate(incident, f.Kind, duration, f.InstanceClass);
                break;
            case FaultKind.SecurityGroupChange:
                if (!_system.Database.HasServer)
                {
                    incident.Detail = "no database instance behind a security group in this architecture: nothing happens";
                    break;
                }
                incident.Detail = $"the rule allowing port 5432 from the containers was removed for {duration.ToReadable()}: new connections hang until their " +
                                  $"connect timeout ({_system.Scenario.Storage.ConnectTimeout.ToReadable()}), pooled ones keep working until recycled";
                _system.Observer.OnDatabaseEvent(now, "the security group rule allowing port 5432 from the containers is removed: new connections get no answer");
                _system.AllowConnections(false);
                StartAccessIncident(incident, duration, RuleBack);
                break;
            case FaultKind.IamTokenExpiry:
                if (!_system.Scenario.Storage.IamAuth)
                {
                    incident.Detail = "the containers sign in with a password (storage.iamAuth is off): no token to expire, nothing happens";
                    break;
                }
                incident.Detail = $"the containers stopped refreshing their IAM authentication tokens{(duration.Microseconds > 0 ? " for " + duration.ToReadable() : "")}: " +
                                  $"each token expires {ReplicaSystem.IamTokenLifetime.ToReadable()} after it was issued, then new connections are refused; open sessions go on";
                _system.Observer.OnDatabaseEvent(now, $"the containers stop refreshing their IAM authentication tokens: each one expires {ReplicaSystem.IamTokenLifetime.ToReadable()} after it was issued");
                _system.RefreshTokens(false);
                if (duration.Microseconds > 0)
                {
                    StartAccessIncident(incident, duration, TokenFixed);
                }
                else
                {
                    incident.Pending++;
                }
                break;
        }
        _system.EndIncidentIfDone(incident);
    }

    private void StartAccessIncident(Incident incident, Duration duration, int kind)
    {
        incident.Pending++;
        _access.Add(incident);
        _sim.Schedule(duration, this, kind, _access.Count - 1);
    }

    private Container? PickContainer(FaultSpec f, System.Random random)
    {
        // Always draw, so that the stream stays aligned across variants.
        var u = random.NextDouble();
        if (f.Replica is { } slot)
        {
            var slots = _system.Orchestrator.Slots;
            return slot < slots.Count && slots[slot] is { State: not ContainerState.Stopped } c ? c : null;
        }
        var alive = new List<Container>();
        foreach (var c in _system.AllContainers)
        {
            if (c.State == ContainerState.Running)
            {
                alive.Add(c);
            }
        }
        return alive.Count == 0 ? null : alive[(int)(u * alive.Count)];
    }

    private string Label(FaultSpec f) => f.Kind switch
    {
        FaultKind.ContainerCrash or FaultKind.ContainerRestart => Names.Of(f.Kind) + (f.Replica is { } r ? " (replica " + r + ")" : ""),
        FaultKind.Scale => "scale to " + f.Replicas,
        FaultKind.ZoneOutage => "zone-outage " + _system.ZoneName(f.Zone ?? 0),
        FaultKind.ScaleDatabase => "scale-database to " + f.InstanceClass?.Name,
        _ => Names.Of(f.Kind),
    };
}
