using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>A container's lifecycle state.</summary>
public enum ContainerState
{
    Starting,
    Running,
    Draining,
    Stopped,
}

/// <summary>Whether the load balancer routes to a target.</summary>
public enum TargetHealth
{
    Initial,
    Healthy,
    Unhealthy,
}

/// <summary>
/// One container replica (an ECS task): its workers and queue, and, for per-container SQLite, its own app.db.
/// Each container ever started gets a new number ("container-3"); <see cref="Slot"/> is the replica position
/// it fills, which a replacement inherits.
/// </summary>
public sealed class Container
{
    internal Container(int id, int slot, int zone, System.Random serviceRandom)
    {
        Id = id;
        Slot = slot;
        Zone = zone;
        ServiceRandom = serviceRandom;
    }

    public int Id { get; }
    public int Slot { get; }
    public int Zone { get; }
    public string Name => "container-" + Id;

    public ContainerState State { get; internal set; }
    public TargetHealth Health { get; internal set; }
    public bool Registered { get; internal set; }

    /// <summary>Records in this container's app.db (per-container SQLite only).</summary>
    public int RecordCount { get; internal set; }

    /// <summary>Requests sent by the load balancer and not yet answered.</summary>
    public int Outstanding { get; internal set; }

    internal int Busy { get; set; }
    internal FifoRing<int> Queue { get; } = new();
    internal System.Random ServiceRandom { get; }
    internal FileLock? File { get; set; }
    internal List<int> RecordKeys { get; } = [];
    internal int ConsecutiveOk { get; set; }
    internal int ConsecutiveFail { get; set; }
    internal EventHandle HealthCheck { get; set; } = EventHandle.None;

    /// <summary>Whether a health check of this target is scheduled (none is while it is healthy and alive).</summary>
    internal bool CheckPending { get; set; }

    /// <summary>When this target was registered: its checks fall on this instant plus whole intervals.</summary>
    internal long CheckPhaseUs { get; set; }
    internal bool InRoutableSet { get; set; }

    /// <summary>The connection pool: connections open and in use, and the requests waiting for one (slot and generation).</summary>
    internal int PoolOpen { get; set; }
    internal int PoolInUse { get; set; }

    /// <summary>Connection attempts under way to a host that is gone (they count towards the pool's maximum).</summary>
    internal int PoolConnecting { get; set; }

    /// <summary>The writer's epoch when the pool's connections were opened: older ones point at a writer that is gone.</summary>
    internal int PoolEpoch { get; set; }
    internal FifoRing<int> PoolWaitSlots { get; } = new();
    internal FifoRing<int> PoolWaitGenerations { get; } = new();

    /// <summary>The container this one replaces in a rolling deploy.</summary>
    internal Container? Replaces { get; set; }

    /// <summary>The incident that caused this container to be started, if any.</summary>
    internal Incident? StartedBy { get; set; }

    /// <summary>When the container was launched (its IAM token is issued then).</summary>
    internal long LaunchedUs { get; init; }

    public bool IsAlive => State is ContainerState.Running or ContainerState.Draining;

    public override string ToString() => Name;
}
