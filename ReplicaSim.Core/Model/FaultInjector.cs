using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>Fires the scenario's timed and random faults and turns each into an <see cref="Incident"/>.</summary>
/// <remarks>
/// Each random fault has its own stream ("faults/2"), so fault times depend only on the seed and the
/// fault list, and every variant of a comparison sees the same fault times.
/// </remarks>
public sealed class FaultInjector : IEventTarget
{
    private const int Fire = 0;
    private const int ZoneBack = 1;

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly IReadOnlyList<FaultSpec> _faults;
    private readonly System.Random[] _streams;
    private readonly List<(int Zone, Incident Incident)> _outages = [];

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
        }
    }

    public void OnEvent(int kind, long arg)
    {
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
        Apply(f, _streams[index]);
    }

    private void Apply(FaultSpec f, System.Random random)
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
            case FaultKind.CacheFailure:
                incident.Detail = _system.Store?.Cache is { } cache ? cache.Fail(incident) : "no cache in this architecture: nothing happens";
                break;
        }
        _system.EndIncidentIfDone(incident);
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
        _ => Names.Of(f.Kind),
    };
}
