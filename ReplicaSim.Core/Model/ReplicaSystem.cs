using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The replicated application: load balancer, containers, storage and faults, and the journey of every
/// request through them. One instance is one run of one scenario.
/// </summary>
/// <remarks>
/// A request arrives at the load balancer, travels <c>network.toContainer</c> to the chosen container,
/// waits for a worker, takes <c>service.serviceTime</c>, then reads or writes its store (a local app.db,
/// the shared database across <c>network.toDatabase</c> plus <c>network.crossZone</c> when the zones
/// differ, or the shared SQLite file), and its response travels back to the load balancer. A write is
/// acknowledged when its response reaches the load balancer. A read's outcome compares the version the
/// store returned with the newest version acknowledged before the read arrived: none at all is
/// <c>missing</c>, an older one <c>stale</c>.
/// </remarks>
public sealed class ReplicaSystem : EventTarget
{
    private const int AtContainer = 0;
    private const int ServiceDone = 1;
    private const int StorageDone = 2;
    private const int Respond = 3;
    private const int LockTimeout = 4;
    private const int Tick = 5;
    private const int PoolTimeout = 6;
    private const int ConnectFailed = 7;

    private readonly RandomStreams _streams;
    private readonly RequestPool _requests = new();
    private readonly List<Container> _containers = [];
    private readonly List<Incident> _incidents = [];
    private readonly bool[] _zoneUp;
    private readonly CopyPlacement _placement;
    private readonly FileLock _sharedFile = new();
    private readonly System.Random _lbNetwork;
    private readonly System.Random _dbNetwork;
    private readonly System.Random _storageTimes;
    private readonly NetworkConfig _network;
    private readonly StorageConfig _storage;
    private readonly Duration _requestTimeout;
    private readonly int _workers;
    private readonly DatabaseCapacity? _limits;
    private int _rulesRemoved;
    private long _tokensStaleSinceUs = -1;

    // Lanes of the event queue for the fixed delays of the request path (see Simulation.Lane): the network hop
    // between the load balancer and the containers when it is constant, and the fixed timeouts, each made on first use.
    private readonly EventLane? _hop;
    private EventLane? _busyTimeout;
    private EventLane? _poolTimeout;
    private EventLane? _connectTimeout;

    /// <summary>An IAM authentication token is valid for 15 minutes (FACTS.md, "IAM database authentication").</summary>
    public static readonly Duration IamTokenLifetime = Duration.FromSeconds(900);

    public ReplicaSystem(Scenario scenario, IRunObserver observer)
    {
        Scenario = scenario;
        Observer = observer;
        Sim = new Simulation();
        _streams = new RandomStreams(scenario.Seed);
        _placement = scenario.Storage.Design.Placement;
        _network = scenario.Network;
        _storage = scenario.Storage;
        _requestTimeout = scenario.Service.RequestTimeout;
        _workers = scenario.Service.Workers;
        _zoneUp = new bool[scenario.Zones.Count];
        Array.Fill(_zoneUp, true);
        _lbNetwork = _streams.Stream("network/load-balancer");
        _dbNetwork = _streams.Stream("network/database");
        _storageTimes = _streams.Stream("storage");
        _hop = _network.ToContainer is ConstantDistribution hop ? Sim.Lane(hop.Value) : null;
        Records = new RecordTable(scenario.Workload.Clients);
        LoadBalancer = new LoadBalancer(this, _streams);
        Orchestrator = new Orchestrator(this, _streams);
        Database = new DatabaseServer(this, _streams);
        Store = scenario.Storage.Design.IsServer ? new ServerStore(this, _streams, _dbNetwork, _storageTimes) : null;
        _limits = Store?.Capacity;
        if (scenario.Storage.AllocatedGiBGiven is not null && scenario.Storage.Design.Placement == CopyPlacement.InstanceVolume)
        {
            Disk = new DiskSpace(this);
        }
        Workload = new Workload(this, _streams);
        Faults = new FaultInjector(this, _streams);
    }

    public Scenario Scenario { get; }
    public Simulation Sim { get; }
    public IRunObserver Observer { get; }
    public RecordTable Records { get; }
    public LoadBalancer LoadBalancer { get; }
    public Orchestrator Orchestrator { get; }
    public DatabaseServer Database { get; }

    /// <summary>The database the request path reads and writes, for every kind served over the network; null for SQLite.</summary>
    public ServerStore? Store { get; }
    public Workload Workload { get; }
    public FaultInjector Faults { get; }

    /// <summary>The database instance's volume filling up, when <c>storage.allocatedGiB</c> is given; else null.</summary>
    public DiskSpace? Disk { get; }

    /// <summary>security-group-change: whether the rule allowing the containers in is there (false: new connections get no answer).</summary>
    internal void AllowConnections(bool allowed) => _rulesRemoved += allowed ? -1 : 1;

    /// <summary>iam-token-expiry: whether the containers refresh their tokens (false: each expires 15 min after it was issued).</summary>
    internal void RefreshTokens(bool refreshing) => _tokensStaleSinceUs = refreshing ? -1 : Sim.Now.Microseconds;

    /// <summary>The container's token has expired: issued when it stopped being refreshed, or when the container started after that.</summary>
    private bool TokenExpired(Container c) =>
        _tokensStaleSinceUs >= 0 && Sim.Now.Microseconds >= Math.Max(_tokensStaleSinceUs, c.LaunchedUs) + IamTokenLifetime.Microseconds;
    public IReadOnlyList<Container> AllContainers => _containers;
    public IReadOnlyList<Incident> Incidents => _incidents;

    /// <summary>
    /// Requests still in flight when the run ended, not counted in any outcome. A request still queued at the end
    /// that had already waited longer than the request timeout is not among them: the load balancer had given up on
    /// it, so it ends as a timeout, as it would have when a worker reached it.
    /// </summary>
    public int InFlightAtEnd { get; private set; }

    /// <summary>SQLite kinds: reads the app.db files (or the shared file) served, and commits made to them; 0 for a server store.</summary>
    public long FileReads { get; private set; }

    /// <summary>See <see cref="FileReads"/>.</summary>
    public long FileWrites { get; private set; }

    public Instant End => Instant.Start + Scenario.Duration;

    public Container ContainerById(int id) => _containers[id - 1];

    public bool ZoneUp(int zone) => _zoneUp[zone];

    public string ZoneName(int zone) => Scenario.Zones[zone];

    /// <summary>Runs the whole scenario.</summary>
    public void Run()
    {
        Orchestrator.StartInitial();
        Database.Start();
        Workload.Start();
        Faults.Start();
        var bucket = Scenario.TimelineBucket;
        if (bucket.Microseconds > 0)
        {
            Sim.Schedule(bucket, this, Tick);
        }
        Sim.RunUntil(End);
        for (var slot = 0; slot < _requests.HighWater; slot++)
        {
            ref var r = ref _requests[slot];
            if (r.Phase == RequestPhase.Queued && _requestTimeout.Microseconds > 0 && End.Microseconds - r.ArrivalUs > _requestTimeout.Microseconds)
            {
                Finish(slot, Outcome.Error, ErrorReason.Timeout, new Instant(r.ArrivalUs) + _requestTimeout);
            }
            else if (r.Phase != RequestPhase.Free)
            {
                InFlightAtEnd++;
            }
        }
        Observer.OnTick(Sim.Now);
    }

    /// <summary>True when the store still holds version <paramref name="version"/> of a record, or a later one, or a backup does.</summary>
    public bool IsHeld(int key, int version)
    {
        if (_placement == CopyPlacement.Container)
        {
            var home = Records.Home(key);
            return home > 0 && ContainerById(home).State != ContainerState.Stopped && Records.LocalVersion(key) >= version;
        }
        return Math.Max(Records.SharedVersion(key), Records.BackupVersion(key)) >= version;
    }

    internal Container NewContainer(int slot, int zone)
    {
        var id = _containers.Count + 1;
        var c = new Container(id, slot, zone, _streams.Stream("service/container-" + id)) { LaunchedUs = Sim.Now.Microseconds };
        if (_placement == CopyPlacement.Container)
        {
            c.File = new FileLock();
        }
        _containers.Add(c);
        return c;
    }

    internal Incident StartIncident(FaultKind kind, string label)
    {
        var incident = new Incident(_incidents.Count, kind, Sim.Now, label);
        _incidents.Add(incident);
        Observer.OnIncidentStarted(incident);
        return incident;
    }

    internal void EndIncidentIfDone(Incident incident)
    {
        if (incident.Pending == 0 && incident.End is null)
        {
            incident.End = Sim.Now;
            Observer.OnIncidentEnded(incident);
        }
    }

    internal void SetZoneUp(int zone, bool up)
    {
        _zoneUp[zone] = up;
        if (up)
        {
            Orchestrator.ZoneUp();
            Database.ZoneUp(zone);
        }
    }

    /// <summary>Stops a container: its in-flight requests fail and its app.db is gone.</summary>
    internal void Kill(Container c, string cause)
    {
        if (c.State == ContainerState.Stopped)
        {
            return;
        }
        c.State = ContainerState.Stopped;
        LoadBalancer.OnTargetDied(c);
        for (var slot = 0; slot < _requests.HighWater; slot++)
        {
            ref var r = ref _requests[slot];
            if (r.ContainerId == c.Id && r.Phase is RequestPhase.Queued or RequestPhase.Service or RequestPhase.LockWait or RequestPhase.PoolWait or RequestPhase.Storage)
            {
                r.HoldsConnection = false;
                if (r.Phase == RequestPhase.PoolWait)
                {
                    Sim.Cancel(r.LockTimeout);
                }
                if (r.HoldsLock)
                {
                    r.HoldsLock = false;
                    FileOf(c).Holder = -1;
                }
                if (r.Phase == RequestPhase.LockWait)
                {
                    Sim.Cancel(r.LockTimeout);
                }
                Finish(slot, Outcome.Error, ErrorReason.ContainerDied, Sim.Now);
            }
        }
        if (_placement == CopyPlacement.NetworkFile && _sharedFile.IsFree)
        {
            GrantNext(_sharedFile);
        }
        c.Queue.Clear();
        c.Busy = 0;
        if (_limits is { } limits)
        {
            // The container's connections close with it.
            limits.Close(c.PoolOpen);
            c.PoolOpen = 0;
            c.PoolInUse = 0;
            c.PoolConnecting = 0;
            c.PoolWaitSlots.Clear();
            c.PoolWaitGenerations.Clear();
        }
        if (_placement == CopyPlacement.Container)
        {
            c.File!.Clear();
            foreach (var key in c.RecordKeys)
            {
                if (Records.Home(key) == c.Id && Records.MarkLost(key))
                {
                    Observer.OnWriteLost(Sim.Now, key, Records.AckVersion(key), cause);
                }
            }
            c.RecordKeys.Clear();
            c.RecordKeys.TrimExcess();
            c.RecordCount = 0;
        }
        Observer.OnContainerEvent(Sim.Now, ContainerEvent.Stopped, c);
    }

    /// <summary>A new request at the load balancer.</summary>
    internal void Arrive(long id, int client, Operation requested, Operation op, int key)
    {
        var slot = _requests.Allocate();
        ref var r = ref _requests[slot];
        r.Id = id;
        r.ArrivalUs = Sim.Now.Microseconds;
        r.Client = client;
        r.RequestedOp = requested;
        r.Op = op;
        r.Key = key;
        r.ExpectedVersion = key > 0 ? Records.AckVersion(key) : 0;
        r.Version = 0;
        r.HoldsLock = false;
        r.HoldsConnection = false;
        r.ContainerId = 0;
        r.Source = ReadSource.Primary;
        r.SourceUs = 0;
        var c = LoadBalancer.Route(client);
        if (c is null)
        {
            r.Phase = RequestPhase.ToContainer;
            Finish(slot, Outcome.Error, ErrorReason.NoTarget, Sim.Now);
            return;
        }
        r.ContainerId = c.Id;
        r.Phase = RequestPhase.ToContainer;
        c.Outstanding++;
        ScheduleHop(AtContainer, RequestPool.Token(slot, r.Generation));
    }

    public override void OnEvent(int kind, long arg)
    {
        if (kind == Tick)
        {
            Observer.OnTick(Sim.Now);
            var next = Sim.Now + Scenario.TimelineBucket;
            if (next < End)
            {
                Sim.Schedule(Scenario.TimelineBucket, this, Tick);
            }
            return;
        }
        if (!_requests.TryResolve(arg, out var slot))
        {
            return;
        }
        switch (kind)
        {
            case AtContainer:
                OnAtContainer(slot);
                break;
            case ServiceDone:
                OnServiceDone(slot);
                break;
            case StorageDone:
                OnStorageDone(slot);
                break;
            case Respond:
                ref var r = ref _requests[slot];
                if (_requestTimeout.Microseconds > 0 && Sim.Now.Microseconds - r.ArrivalUs > _requestTimeout.Microseconds)
                {
                    // The load balancer answered 504 at its timeout; what the container did since reaches no client
                    // (a write it committed meanwhile was never acknowledged).
                    Finish(slot, Outcome.Error, ErrorReason.Timeout, new Instant(r.ArrivalUs) + _requestTimeout);
                }
                else
                {
                    Finish(slot, r.Outcome, r.Reason, Sim.Now);
                }
                break;
            case LockTimeout:
                OnLockTimeout(slot);
                break;
            case PoolTimeout:
                OnPoolTimeout(slot);
                break;
            case ConnectFailed:
                OnConnectFailed(slot);
                break;
        }
    }

    private void OnAtContainer(int slot)
    {
        ref var r = ref _requests[slot];
        var c = ContainerById(r.ContainerId);
        if (!c.IsAlive)
        {
            Finish(slot, Outcome.Error, ErrorReason.ContainerDown, Sim.Now);
            return;
        }
        if (c.Busy < _workers)
        {
            c.Busy++;
            BeginService(slot, c);
        }
        else
        {
            r.Phase = RequestPhase.Queued;
            c.Queue.Enqueue(slot);
        }
    }

    /// <summary>Starts the next request on a worker of <paramref name="c"/>; the worker is already counted busy.</summary>
    private void BeginService(int slot, Container c)
    {
        ref var r = ref _requests[slot];
        var waited = Sim.Now.Microseconds - r.ArrivalUs;
        if (_requestTimeout.Microseconds > 0 && waited > _requestTimeout.Microseconds)
        {
            // The load balancer gave up on it; the worker skips it.
            Finish(slot, Outcome.Error, ErrorReason.Timeout, new Instant(r.ArrivalUs) + _requestTimeout);
            NextFromQueue(c);
            return;
        }
        var service = Scenario.Service.ServiceTime.Sample(c.ServiceRandom);
        var token = RequestPool.Token(slot, r.Generation);
        if (r.Op is Operation.ReadOwn or Operation.ReadAny)
        {
            // A read takes no lock, so its application time and its storage time are one event; the read is
            // evaluated at the end, as it would be after two, and a failure of its copy meanwhile fails it there.
            if (Store is { } store)
            {
                // With limits a read first needs a pooled connection, so its storage step is an event of its own.
                if (_limits is null && store.TryPlanRead(ref r, c, out var delay))
                {
                    r.Phase = RequestPhase.Storage;
                    Sim.Schedule(service + delay, this, StorageDone, token);
                    return;
                }
            }
            else if (_placement == CopyPlacement.Container || Database.Up)
            {
                r.Phase = RequestPhase.Storage;
                r.DbEpoch = Database.Epoch;
                Sim.Schedule(service + _storage.ReadTime.Sample(_storageTimes), this, StorageDone, token);
                return;
            }
        }
        else if (Store is { } server && _limits is null && server.Io is null && Disk is null && Database.Up)
        {
            // A write to a database server takes no lock either: its application time and its commit are one event,
            // planned now; a failure of the writer meanwhile fails it at the end (the epoch has changed), as a read's.
            r.Phase = RequestPhase.Storage;
            Sim.Schedule(service + server.PlanWrite(ref r, c), this, StorageDone, token);
            return;
        }
        r.Phase = RequestPhase.Service;
        Sim.Schedule(service, this, ServiceDone, token);
    }

    private void NextFromQueue(Container c)
    {
        if (c.Queue.Count > 0)
        {
            BeginService(c.Queue.Dequeue(), c);
        }
        else
        {
            c.Busy--;
            if (c.State == ContainerState.Draining && c.Busy == 0)
            {
                Orchestrator.OnIdle(c);
            }
            if (_limits is not null && Database.Draining is not null)
            {
                CheckBacklogDrained();
            }
        }
    }

    /// <summary>
    /// After a writer outage, once the writer is back and dnsTtl has passed: the backlog has drained when no
    /// container has a request queued for a worker or a connection attempt hanging.
    /// </summary>
    private void CheckBacklogDrained()
    {
        var outage = Database.Draining!;
        var nowUs = Sim.Now.Microseconds;
        if (!Database.Up || nowUs < outage.UpUs + _storage.DnsTtl.Microseconds)
        {
            return;
        }
        foreach (var c in _containers)
        {
            if (c.IsAlive && (c.Queue.Count > 0 || c.PoolConnecting > 0))
            {
                return;
            }
        }
        outage.DrainedUs = nowUs;
        Database.Draining = null;
    }

    private void OnServiceDone(int slot)
    {
        ref var r = ref _requests[slot];
        var c = ContainerById(r.ContainerId);
        if (_limits is { } limits)
        {
            if (c.PoolEpoch != Database.Epoch && c.PoolInUse < c.PoolOpen)
            {
                // An idle connection to a writer that has failed: it fails on first use, and the pool then
                // throws away every idle connection (SQLAlchemy invalidates the pool on a disconnect error).
                limits.Close(c.PoolOpen - c.PoolInUse);
                c.PoolOpen = c.PoolInUse;
                c.PoolEpoch = Database.Epoch;
                r.Phase = RequestPhase.Storage;
                LeaveContainer(slot, c, Outcome.Error, ErrorReason.DatabaseDown);
                return;
            }
            // Check a connection out of the pool: an idle one, else a new one while the pool may grow (the
            // server may refuse it), else wait for one to be returned, up to the pool timeout.
            if (c.PoolInUse < c.PoolOpen)
            {
                c.PoolInUse++;
                r.ConnEpoch = c.PoolEpoch;
            }
            else if (c.PoolOpen + c.PoolConnecting < limits.Pool.Max)
            {
                if (_rulesRemoved > 0 || ConnectsToAGoneHost(r))
                {
                    // The name still resolves to a writer that is gone, or the security group drops the packets: the
                    // attempt waits for the TCP give-up, holding its worker (and a place in the pool) all that time.
                    c.PoolConnecting++;
                    r.Phase = RequestPhase.PoolWait;
                    r.Reason = _rulesRemoved > 0 ? ErrorReason.SecurityGroupBlocked : ErrorReason.ConnectTimeout;
                    r.LockTimeout = Sim.Schedule(_connectTimeout ??= Sim.Lane(_storage.ConnectTimeout), this, ConnectFailed, RequestPool.Token(slot, r.Generation));
                    return;
                }
                if (_tokensStaleSinceUs >= 0 && TokenExpired(c))
                {
                    limits.TokenRefusals++;
                    r.Phase = RequestPhase.Storage;
                    LeaveContainer(slot, c, Outcome.Error, ErrorReason.TokenExpired);
                    return;
                }
                if (!limits.TryOpen())
                {
                    r.Phase = RequestPhase.Storage;
                    LeaveContainer(slot, c, Outcome.Error, ErrorReason.ConnectionRefused);
                    return;
                }
                c.PoolOpen++;
                c.PoolInUse++;
                r.ConnEpoch = Database.Epoch;
            }
            else
            {
                r.Phase = RequestPhase.PoolWait;
                c.PoolWaitSlots.Enqueue(slot);
                c.PoolWaitGenerations.Enqueue(r.Generation);
                r.LockTimeout = Sim.Schedule(_poolTimeout ??= Sim.Lane(limits.Pool.Timeout), this, PoolTimeout, RequestPool.Token(slot, r.Generation));
                return;
            }
            r.HoldsConnection = true;
        }
        StartStorage(slot, c);
    }

    /// <summary>
    /// A new connection goes to a writer that is gone: while the writer is down, and for <c>dnsTtl</c> after it
    /// is back (the containers still resolve its old address). Reads served by readers are not affected.
    /// </summary>
    private bool ConnectsToAGoneHost(in Request r)
    {
        if (r.Op is Operation.ReadOwn or Operation.ReadAny && _storage.ReadFrom == ReadFrom.Replicas && Database.ReadersUp > 0)
        {
            return false;
        }
        return !Database.Up || Sim.Now.Microseconds < Database.UpSinceUs + _storage.DnsTtl.Microseconds;
    }

    private void OnConnectFailed(int slot)
    {
        ref var r = ref _requests[slot];
        if (r.Phase != RequestPhase.PoolWait)
        {
            return;
        }
        var c = ContainerById(r.ContainerId);
        r.Phase = RequestPhase.Storage;
        _limits!.ConnectTimeouts++;
        if (_requestTimeout.Microseconds > 0 && Sim.Now.Microseconds - r.ArrivalUs > _requestTimeout.Microseconds)
        {
            // The load balancer gave up on the request while its worker hung in the attempt: the client had its
            // failure at the request timeout (connectTimeout 127 s against the ALB's 60 s); the worker is free only now.
            Finish(slot, Outcome.Error, r.Reason, new Instant(r.ArrivalUs) + _requestTimeout);
            NextFromQueue(c);
        }
        else
        {
            LeaveContainer(slot, c, Outcome.Error, r.Reason);
        }
        // The attempt gave up: its place in the pool is free again for the longest-waiting request.
        c.PoolConnecting--;
        WakeWaiter(c);
        if (Database.Draining is not null)
        {
            CheckBacklogDrained();
        }
    }

    private void OnPoolTimeout(int slot)
    {
        ref var r = ref _requests[slot];
        if (r.Phase != RequestPhase.PoolWait)
        {
            return;
        }
        _limits!.PoolTimeouts++;
        r.Phase = RequestPhase.Storage;
        LeaveContainer(slot, ContainerById(r.ContainerId), Outcome.Error, ErrorReason.PoolTimeout);
    }

    /// <summary>A request gives its connection back: to the longest-waiting request, else idle in the pool, else (overflow) closed.</summary>
    private void ReturnConnection(Container c, int connEpoch)
    {
        if (connEpoch != Database.Epoch)
        {
            // A connection to a writer that has failed is discarded; a waiting request may open a new one.
            c.PoolInUse--;
            c.PoolOpen--;
            _limits!.Close(1);
            WakeWaiter(c);
            return;
        }
        while (c.PoolWaitSlots.Count > 0)
        {
            var next = c.PoolWaitSlots.Dequeue();
            var generation = c.PoolWaitGenerations.Dequeue();
            ref var w = ref _requests[next];
            if (w.Generation != generation || w.Phase != RequestPhase.PoolWait)
            {
                continue;
            }
            Sim.Cancel(w.LockTimeout);
            w.HoldsConnection = true;
            w.ConnEpoch = connEpoch;
            StartStorage(next, c);
            return;
        }
        c.PoolInUse--;
        if (c.PoolEpoch != connEpoch)
        {
            // The idle connections still point at a writer that has failed: the pool drops them.
            _limits!.Close(c.PoolOpen - c.PoolInUse - 1);
            c.PoolOpen = c.PoolInUse + 1;
            c.PoolEpoch = connEpoch;
        }
        if (c.PoolOpen > _limits!.Pool.Size)
        {
            c.PoolOpen--;
            _limits.Close(1);
        }
    }

    /// <summary>A place in the pool came free: the longest-waiting request checks out again.</summary>
    private void WakeWaiter(Container c)
    {
        while (c.PoolWaitSlots.Count > 0)
        {
            var next = c.PoolWaitSlots.Dequeue();
            var generation = c.PoolWaitGenerations.Dequeue();
            if (_requests[next].Generation == generation && _requests[next].Phase == RequestPhase.PoolWait)
            {
                Sim.Cancel(_requests[next].LockTimeout);
                OnServiceDone(next);
                return;
            }
        }
    }

    /// <summary>The request, done with the application's work, goes to its store.</summary>
    private void StartStorage(int slot, Container c)
    {
        ref var r = ref _requests[slot];
        var write = r.Op is Operation.Create or Operation.Update;
        var token = RequestPool.Token(slot, r.Generation);
        r.Phase = RequestPhase.Storage;
        if (Store is { } store)
        {
            if (!write)
            {
                if (store.TryPlanRead(ref r, c, out var readDelay))
                {
                    Sim.Schedule(readDelay, this, StorageDone, token);
                }
                else
                {
                    LeaveContainer(slot, c, Outcome.Error, ErrorReason.DatabaseDown);
                }
                return;
            }
            if (!Database.Up)
            {
                LeaveContainer(slot, c, Outcome.Error, ErrorReason.DatabaseDown);
                return;
            }
            if (Disk is { Full: true })
            {
                LeaveContainer(slot, c, Outcome.Error, ErrorReason.StorageFull);
                return;
            }
            Sim.Schedule(store.PlanWrite(ref r, c), this, StorageDone, token);
            return;
        }
        if (_placement == CopyPlacement.NetworkFile)
        {
            if (!Database.Up)
            {
                LeaveContainer(slot, c, Outcome.Error, ErrorReason.DatabaseDown);
                return;
            }
            r.DbEpoch = Database.Epoch;
        }
        if (!write)
        {
            Sim.Schedule(_storage.ReadTime.Sample(_storageTimes), this, StorageDone, token);
            return;
        }
        var file = FileOf(c);
        if (file.IsFree)
        {
            file.Holder = token;
            r.HoldsLock = true;
            Sim.Schedule(_storage.WriteTime.Sample(_storageTimes), this, StorageDone, token);
        }
        else
        {
            r.Phase = RequestPhase.LockWait;
            file.Wait(token);
            r.LockTimeout = Sim.Schedule(_busyTimeout ??= Sim.Lane(_storage.BusyTimeout), this, LockTimeout, token);
        }
    }

    private void OnLockTimeout(int slot)
    {
        ref var r = ref _requests[slot];
        if (r.Phase != RequestPhase.LockWait)
        {
            return;
        }
        LeaveContainer(slot, ContainerById(r.ContainerId), Outcome.Error, ErrorReason.DatabaseLocked);
    }

    private FileLock FileOf(Container c) => _placement == CopyPlacement.Container ? c.File! : _sharedFile;

    private void ReleaseLock(int slot, Container c)
    {
        _requests[slot].HoldsLock = false;
        var file = FileOf(c);
        file.Holder = -1;
        GrantNext(file);
    }

    /// <summary>Hands a free lock to the longest-waiting writer still waiting.</summary>
    private void GrantNext(FileLock file)
    {
        while (file.TryNextWaiter(out var token))
        {
            if (!_requests.TryResolve(token, out var next) || _requests[next].Phase != RequestPhase.LockWait)
            {
                continue;
            }
            ref var w = ref _requests[next];
            Sim.Cancel(w.LockTimeout);
            w.Phase = RequestPhase.Storage;
            w.HoldsLock = true;
            file.Holder = token;
            Sim.Schedule(_storage.WriteTime.Sample(_storageTimes), this, StorageDone, token);
            return;
        }
    }

    private void OnStorageDone(int slot)
    {
        ref var r = ref _requests[slot];
        var c = ContainerById(r.ContainerId);
        if (r.HoldsLock)
        {
            ReleaseLock(slot, c);
        }
        if (Store is { } store ? !store.StillServes(r) : _placement == CopyPlacement.NetworkFile && (!Database.Up || r.DbEpoch != Database.Epoch))
        {
            LeaveContainer(slot, c, Outcome.Error, ErrorReason.DatabaseDown);
            return;
        }
        var outcome = Outcome.Ok;
        switch (r.Op)
        {
            case Operation.Create:
                if (_placement == CopyPlacement.Container)
                {
                    r.Key = Records.Create(r.Client, c.Id);
                    c.RecordKeys.Add(r.Key);
                    c.RecordCount++;
                }
                else
                {
                    r.Key = Records.Create(r.Client, 0);
                    Disk?.Created();
                }
                r.Version = 1;
                if (Store is { } created)
                {
                    created.Committed(r.Key, 1);
                }
                else
                {
                    FileWrites++;
                }
                break;
            case Operation.Update:
                {
                    var current = StoredVersion(r.Key, c);
                    if (current == 0)
                    {
                        outcome = Outcome.Missing;
                    }
                    else
                    {
                        r.Version = _placement == CopyPlacement.Container ? Records.UpdateLocal(r.Key) : Records.UpdateShared(r.Key);
                        if (Store is { } updated)
                        {
                            updated.Committed(r.Key, r.Version);
                        }
                        else
                        {
                            FileWrites++;
                        }
                    }
                    break;
                }
            default:
                {
                    int v;
                    if (Store is { } s)
                    {
                        v = s.Read(ref r);
                    }
                    else
                    {
                        v = StoredVersion(r.Key, c);
                        FileReads++;
                    }
                    r.Version = v;
                    outcome = v == 0 ? Outcome.Missing : v < r.ExpectedVersion ? Outcome.Stale : Outcome.Ok;
                    break;
                }
        }
        LeaveContainer(slot, c, outcome, ErrorReason.None);
    }

    private int StoredVersion(int key, Container c)
    {
        if (_placement == CopyPlacement.Container)
        {
            return Records.Home(key) == c.Id ? Records.LocalVersion(key) : 0;
        }
        return Records.SharedVersion(key);
    }

    /// <summary>The container is done with a request: free the worker and send the response back.</summary>
    private void LeaveContainer(int slot, Container c, Outcome outcome, ErrorReason reason)
    {
        ref var r = ref _requests[slot];
        if (r.HoldsConnection)
        {
            r.HoldsConnection = false;
            ReturnConnection(c, r.ConnEpoch);
        }
        r.Outcome = outcome;
        r.Reason = reason;
        r.Phase = RequestPhase.Responding;
        NextFromQueue(c);
        ScheduleHop(Respond, RequestPool.Token(slot, r.Generation));
    }

    /// <summary>The network hop between the load balancer and a container: through its lane when it is constant.</summary>
    private void ScheduleHop(int kind, long token)
    {
        if (_hop is { } lane)
        {
            Sim.Schedule(lane, this, kind, token);
        }
        else
        {
            Sim.Schedule(_network.ToContainer.Sample(_lbNetwork), this, kind, token);
        }
    }

    private void Finish(int slot, Outcome outcome, ErrorReason reason, Instant complete)
    {
        ref var r = ref _requests[slot];
        if (r.ContainerId > 0)
        {
            ContainerById(r.ContainerId).Outstanding--;
        }
        var zone = r.ContainerId > 0 ? ContainerById(r.ContainerId).Zone : -1;
        if (outcome == Outcome.Ok && r.Op is Operation.Create or Operation.Update)
        {
            if (Records.Acknowledge(r.Key, r.Version, r.Op == Operation.Create, r.Client))
            {
                Observer.OnLostWriteSuperseded(Sim.Now, r.Key);
            }
            if (!IsHeld(r.Key, r.Version) && Records.MarkLost(r.Key))
            {
                Observer.OnWriteLost(Sim.Now, r.Key, r.Version, "acknowledged after its store was gone");
            }
        }
        var read = r.Op is Operation.ReadOwn or Operation.ReadAny && outcome != Outcome.Error && Store is not null;
        var record = new RequestRecord(r.Id, r.Client, r.Op, r.RequestedOp, r.Key, new Instant(r.ArrivalUs), complete,
            r.ContainerId, zone, outcome, reason, r.Version, r.ExpectedVersion,
            read ? r.Source : ReadSource.Primary, read ? Store!.SourceZone(r) : -1, read ? r.SourceUs : 0);
        _requests.Release(slot);
        Observer.OnRequestCompleted(record);
    }
}
