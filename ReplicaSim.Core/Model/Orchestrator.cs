using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The container orchestrator (an ECS service): keeps the desired number of replicas, replaces containers
/// that stop, rolls deploys and scales.
/// </summary>
/// <remarks>
/// A replacement starts <c>service.replaceDelay</c> after a crash (at once after a restart), boots for
/// <c>service.startupTime</c>, is registered with the load balancer and receives traffic once it passes a
/// health check. Every new container starts with an empty app.db. Replicas are spread over the zones by
/// slot; a replacement whose zone is down goes to the live zone with the fewest containers, or waits for one.
/// A deploy is rolling with minimum healthy 100 %: up to <c>maximumPercent</c> - 100 % extra containers boot
/// at once, and each old container is drained only when its replacement is healthy.
/// </remarks>
public sealed class Orchestrator : EventTarget
{
    private const int BootDone = 0;
    private const int Replace = 1;
    private const int DrainTimeout = 2;

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly ServiceConfig _service;
    private readonly System.Random _random;
    private readonly List<Container?> _slots = [null];
    private readonly List<(int Slot, Container Dead, Incident? Incident)> _replacements = [];
    private readonly List<(int Slot, Incident? Incident, Container? Replaces)> _waitingForZone = [];
    private readonly Queue<(Container Old, Incident Incident)> _deployQueue = new();
    private int _deployInFlight;

    internal Orchestrator(ReplicaSystem system, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _service = system.Scenario.Service;
        _random = streams.Stream("orchestrator");
    }

    /// <summary>The container filling each replica slot now (index 1..), null where none.</summary>
    public IReadOnlyList<Container?> Slots => _slots;

    internal void StartInitial()
    {
        for (var slot = 1; slot <= _service.Replicas; slot++)
        {
            var c = _system.NewContainer(slot, NaturalZone(slot));
            _slots.Add(c);
            c.State = ContainerState.Running;
            _system.Observer.OnContainerEvent(_sim.Now, ContainerEvent.Running, c);
            _system.LoadBalancer.Register(c);
        }
    }

    public override void OnEvent(int kind, long arg)
    {
        switch (kind)
        {
            case BootDone:
                {
                    var c = _system.ContainerById((int)arg);
                    if (c.State == ContainerState.Starting)
                    {
                        c.State = ContainerState.Running;
                        _system.Observer.OnContainerEvent(_sim.Now, ContainerEvent.Running, c);
                        _system.LoadBalancer.Register(c);
                    }
                    break;
                }
            case Replace:
                {
                    var (slot, dead, incident) = _replacements[(int)arg];
                    if (SlotHolder(slot) == dead)
                    {
                        Launch(slot, incident, dead.Replaces);
                    }
                    break;
                }
            case DrainTimeout:
                {
                    var c = _system.ContainerById((int)arg);
                    if (c.State == ContainerState.Draining)
                    {
                        _system.Kill(c, $"{c.Name} was stopped at {_sim.Now} (deploy or scale-in, after the deregistration delay)");
                    }
                    break;
                }
        }
    }

    /// <summary>A container dies without warning; the balancer notices through health checks.</summary>
    internal bool Crash(Container c, Incident? incident, string cause)
    {
        if (c.State == ContainerState.Stopped)
        {
            return false;
        }
        var wasDraining = c.State == ContainerState.Draining;
        _system.Kill(c, cause);
        if (!wasDraining && SlotHolder(c.Slot) == c)
        {
            if (incident is not null)
            {
                incident.Pending++;
            }
            _replacements.Add((c.Slot, c, incident));
            _sim.Schedule(_service.ReplaceDelay.Sample(_random), this, Replace, _replacements.Count - 1);
        }
        return true;
    }

    /// <summary>A container is stopped on purpose and replaced at once.</summary>
    internal bool Restart(Container c, Incident incident)
    {
        if (c.State == ContainerState.Stopped)
        {
            return false;
        }
        _system.LoadBalancer.Deregister(c);
        _system.Kill(c, $"{c.Name} was restarted at {_sim.Now}");
        if (SlotHolder(c.Slot) == c)
        {
            incident.Pending++;
            Launch(c.Slot, incident, c.Replaces);
        }
        return true;
    }

    internal void Deploy(Incident incident)
    {
        var current = new List<Container>();
        for (var s = 1; s < _slots.Count; s++)
        {
            if (_slots[s] is { State: not ContainerState.Stopped } c)
            {
                current.Add(c);
            }
        }
        foreach (var c in current)
        {
            _deployQueue.Enqueue((c, incident));
            incident.Pending++;
        }
        var extra = Math.Max(1, current.Count * (_service.MaximumPercent - 100) / 100);
        while (_deployInFlight < extra && LaunchNextDeploy())
        {
        }
        _system.EndIncidentIfDone(incident);
    }

    internal void Scale(int replicas, Incident incident)
    {
        var live = new List<Container>();
        for (var s = 1; s < _slots.Count; s++)
        {
            if (_slots[s] is { State: not ContainerState.Stopped and not ContainerState.Draining } c)
            {
                live.Add(c);
            }
        }
        if (replicas > live.Count)
        {
            for (var s = 1; s < _slots.Count && live.Count < replicas; s++)
            {
                if (_slots[s] is null || _slots[s]!.State == ContainerState.Stopped)
                {
                    incident.Pending++;
                    Launch(s, incident, null);
                    live.Add(_slots[s]!);
                }
            }
            while (live.Count < replicas)
            {
                _slots.Add(null);
                incident.Pending++;
                Launch(_slots.Count - 1, incident, null);
                live.Add(_slots[^1]!);
            }
        }
        else
        {
            for (var i = live.Count - 1; i >= replicas; i--)
            {
                _slots[live[i].Slot] = null;
                Drain(live[i]);
            }
        }
        _system.EndIncidentIfDone(incident);
    }

    internal void ZoneDown(int zone, Incident incident)
    {
        foreach (var c in _system.AllContainers)
        {
            if (c.Zone == zone && c.State != ContainerState.Stopped)
            {
                Crash(c, null, $"{c.Name} went down with {_system.ZoneName(zone)} at {_sim.Now}");
            }
        }
        _ = incident;
    }

    internal void ZoneUp()
    {
        var waiting = _waitingForZone.ToArray();
        _waitingForZone.Clear();
        foreach (var (slot, incident, replaces) in waiting)
        {
            Launch(slot, incident, replaces);
        }
    }

    internal void OnTargetHealthy(Container c)
    {
        if (c.Replaces is { } old)
        {
            c.Replaces = null;
            Drain(old);
            _deployInFlight--;
            LaunchNextDeploy();
        }
        if (c.StartedBy is { } incident)
        {
            c.StartedBy = null;
            incident.Pending--;
            _system.EndIncidentIfDone(incident);
        }
    }

    internal void OnTargetUnhealthy(Container c)
    {
        if (c.State == ContainerState.Stopped)
        {
            _system.LoadBalancer.Deregister(c);
        }
    }

    /// <summary>A draining container finished its last request.</summary>
    internal void OnIdle(Container c)
    {
        if (c.State == ContainerState.Draining)
        {
            _system.Kill(c, $"{c.Name} was stopped at {_sim.Now} (deploy or scale-in)");
        }
    }

    private bool LaunchNextDeploy()
    {
        while (_deployQueue.TryDequeue(out var next))
        {
            var (old, incident) = next;
            incident.Pending--;
            if (old.State == ContainerState.Stopped || SlotHolder(old.Slot) != old)
            {
                continue;
            }
            incident.Pending++;
            _deployInFlight++;
            Launch(old.Slot, incident, old);
            return true;
        }
        return false;
    }

    private void Drain(Container c)
    {
        if (c.State == ContainerState.Stopped)
        {
            return;
        }
        _system.LoadBalancer.Deregister(c);
        c.State = ContainerState.Draining;
        if (c.Busy == 0 && c.Queue.Count == 0)
        {
            _system.Kill(c, $"{c.Name} was stopped at {_sim.Now} (deploy or scale-in)");
        }
        else
        {
            _sim.Schedule(_system.Scenario.LoadBalancer.DeregistrationDelay, this, DrainTimeout, c.Id);
        }
    }

    private void Launch(int slot, Incident? incident, Container? replaces)
    {
        var zone = PickZone(slot);
        if (zone < 0)
        {
            _waitingForZone.Add((slot, incident, replaces));
            return;
        }
        var c = _system.NewContainer(slot, zone);
        c.State = ContainerState.Starting;
        c.StartedBy = incident;
        c.Replaces = replaces;
        _slots[slot] = c;
        _system.Observer.OnContainerEvent(_sim.Now, ContainerEvent.Launched, c);
        _sim.Schedule(_service.StartupTime.Sample(_random), this, BootDone, c.Id);
    }

    private Container? SlotHolder(int slot) => slot < _slots.Count ? _slots[slot] : null;

    private int NaturalZone(int slot) => (slot - 1) % _system.Scenario.Zones.Count;

    private int PickZone(int slot)
    {
        var natural = NaturalZone(slot);
        if (_system.ZoneUp(natural))
        {
            return natural;
        }
        var best = -1;
        var bestCount = int.MaxValue;
        for (var z = 0; z < _system.Scenario.Zones.Count; z++)
        {
            if (!_system.ZoneUp(z))
            {
                continue;
            }
            var count = 0;
            foreach (var c in _system.AllContainers)
            {
                if (c.Zone == z && c.State != ContainerState.Stopped)
                {
                    count++;
                }
            }
            if (count < bestCount)
            {
                best = z;
                bestCount = count;
            }
        }
        return best;
    }
}
