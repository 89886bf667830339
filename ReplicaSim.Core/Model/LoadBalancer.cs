using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The load balancer (an ALB target group): routes each request to a registered target by its policy,
/// and health-checks every target.
/// </summary>
/// <remarks>
/// Only healthy targets receive requests. A new target must pass one check; an unhealthy one needs
/// <c>healthyThreshold</c> passes in a row, a healthy one is marked unhealthy after <c>unhealthyThreshold</c>
/// failures in a row. A check of a live container passes at once; one of a dead container fails after the
/// check timeout. Until then a dead container keeps receiving its share. When no target is healthy the
/// balancer fails open and routes to every registered target, as the ALB does.
/// Each target is checked every <c>interval</c> from its registration. A check that passes on a live target
/// that is already healthy changes nothing, so such checks are not simulated one by one: a healthy live target
/// has no check pending, and when it dies (<see cref="OnTargetDied"/>) its next check is scheduled at the next
/// instant of its own schedule. The checks that can change something happen at the same instants as before;
/// a thousand healthy targets no longer keep a thousand events in the queue.
/// </remarks>
public sealed class LoadBalancer : EventTarget
{
    private const int CheckStart = 0;
    private const int CheckFailed = 1;

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly HealthCheckConfig _health;
    private readonly LoadBalancerPolicy _policy;
    private readonly System.Random _random;
    private readonly List<Container> _registered = [];
    private readonly List<Container> _healthy = [];
    private readonly int[] _affinity;
    // Counts the requests routed in turn. Unsigned, so that it wraps to 0 instead of going negative past 2^31
    // requests (a year at 100 requests/s is 3.2 billion, with --allow-large): the same turns as a signed count below that.
    private uint _roundRobin;

    internal LoadBalancer(ReplicaSystem system, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _health = system.Scenario.LoadBalancer.HealthCheck;
        _policy = system.Scenario.LoadBalancer.Policy;
        _random = streams.Stream("load-balancer");
        _affinity = new int[system.Scenario.Workload.Clients];
    }

    public int RegisteredCount => _registered.Count;

    public int HealthyCount => _healthy.Count;

    public IReadOnlyList<Container> Registered => _registered;

    /// <summary>Picks the target for a request from <paramref name="client"/>; null when nothing is registered.</summary>
    public Container? Route(int client)
    {
        var pool = _healthy.Count > 0 ? _healthy : _registered;
        var n = pool.Count;
        if (n == 0)
        {
            return null;
        }
        switch (_policy)
        {
            case LoadBalancerPolicy.Random:
                return pool[_random.Next(n)];
            case LoadBalancerPolicy.LeastOutstanding:
                {
                    var start = (int)(_roundRobin++ % (uint)n);
                    var best = pool[start];
                    for (var i = 1; i < n; i++)
                    {
                        var c = pool[(start + i) % n];
                        if (c.Outstanding < best.Outstanding)
                        {
                            best = c;
                        }
                    }
                    return best;
                }
            case LoadBalancerPolicy.Sticky:
                {
                    var id = _affinity[client];
                    if (id > 0)
                    {
                        var c = _system.ContainerById(id);
                        if (c.Registered && (c.InRoutableSet || _healthy.Count == 0))
                        {
                            return c;
                        }
                    }
                    var chosen = pool[(int)(_roundRobin++ % (uint)n)];
                    _affinity[client] = chosen.Id;
                    return chosen;
                }
            default:
                return pool[(int)(_roundRobin++ % (uint)n)];
        }
    }

    /// <summary>Registers a target and starts checking it at once.</summary>
    internal void Register(Container c)
    {
        if (c.Registered)
        {
            return;
        }
        c.Registered = true;
        c.Health = TargetHealth.Initial;
        c.ConsecutiveOk = 0;
        c.ConsecutiveFail = 0;
        c.CheckPhaseUs = _sim.Now.Microseconds;
        _registered.Add(c);
        c.HealthCheck = _sim.Schedule(Duration.Zero, this, CheckStart, c.Id);
        c.CheckPending = true;
    }

    /// <summary>
    /// A registered target has just died: if no check is pending (it was healthy and alive), its next check is
    /// scheduled at the next instant of its schedule, at or after now.
    /// </summary>
    internal void OnTargetDied(Container c)
    {
        if (!c.Registered || c.CheckPending)
        {
            return;
        }
        var interval = _health.Interval.Microseconds;
        var since = _sim.Now.Microseconds - c.CheckPhaseUs;
        var next = c.CheckPhaseUs + ((since + interval - 1) / interval * interval);
        c.HealthCheck = _sim.ScheduleAt(new Instant(next), this, CheckStart, c.Id);
        c.CheckPending = true;
    }

    /// <summary>Removes a target: it receives no new requests from now on.</summary>
    internal void Deregister(Container c)
    {
        if (!c.Registered)
        {
            return;
        }
        c.Registered = false;
        _sim.Cancel(c.HealthCheck);
        c.CheckPending = false;
        _registered.Remove(c);
        SetRoutable(c, false);
        _system.Observer.OnContainerEvent(_sim.Now, ContainerEvent.Deregistered, c);
    }

    public override void OnEvent(int kind, long arg)
    {
        var c = _system.ContainerById((int)arg);
        if (!c.Registered)
        {
            return;
        }
        if (kind == CheckStart)
        {
            // The next check is needed unless this one leaves a live target healthy (decided before the check's
            // effects, so that the next check is scheduled first, as it always was).
            var alive = c.IsAlive;
            var needed = c.Health == TargetHealth.Initial ? 1 : _health.HealthyThreshold;
            var healthyAfter = alive && (c.Health == TargetHealth.Healthy || c.ConsecutiveOk + 1 >= needed);
            c.CheckPending = !healthyAfter;
            if (!healthyAfter)
            {
                c.HealthCheck = _sim.Schedule(_health.Interval, this, CheckStart, c.Id);
            }
            if (alive)
            {
                Apply(c, passed: true);
            }
            else
            {
                _sim.Schedule(_health.Timeout, this, CheckFailed, c.Id);
            }
        }
        else
        {
            Apply(c, passed: false);
        }
    }

    private void Apply(Container c, bool passed)
    {
        if (passed)
        {
            c.ConsecutiveOk++;
            c.ConsecutiveFail = 0;
            var needed = c.Health == TargetHealth.Initial ? 1 : _health.HealthyThreshold;
            if (c.Health != TargetHealth.Healthy && c.ConsecutiveOk >= needed)
            {
                c.Health = TargetHealth.Healthy;
                SetRoutable(c, true);
                _system.Observer.OnContainerEvent(_sim.Now, ContainerEvent.Healthy, c);
                _system.Orchestrator.OnTargetHealthy(c);
            }
        }
        else
        {
            c.ConsecutiveFail++;
            c.ConsecutiveOk = 0;
            if (c.Health != TargetHealth.Unhealthy && c.ConsecutiveFail >= _health.UnhealthyThreshold)
            {
                c.Health = TargetHealth.Unhealthy;
                SetRoutable(c, false);
                _system.Observer.OnContainerEvent(_sim.Now, ContainerEvent.Unhealthy, c);
                _system.Orchestrator.OnTargetUnhealthy(c);
            }
        }
    }

    private void SetRoutable(Container c, bool routable)
    {
        if (routable == c.InRoutableSet)
        {
            return;
        }
        c.InRoutableSet = routable;
        if (routable)
        {
            // Keep registration order so that round-robin is stable.
            _healthy.Clear();
            foreach (var t in _registered)
            {
                if (t.InRoutableSet)
                {
                    _healthy.Add(t);
                }
            }
        }
        else
        {
            _healthy.Remove(c);
        }
    }
}
