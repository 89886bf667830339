using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>
/// Observes a run and measures it: outcome counts, latency, timeline, downtime and lost writes.
/// Memory is bounded by the timeline and the requests in flight, never by the number of requests.
/// </summary>
public sealed class RunCollector : IRunObserver
{
    private readonly long[] _outcomes = new long[4];
    private readonly long[][] _byOp = [new long[4], new long[4], new long[4], new long[4]];
    private readonly long[] _errors = new long[Names.ErrorReasons.Count];
    private readonly LatencyHistogram _latency = new();
    private readonly List<Incident> _incidents = [];
    private readonly Anomaly?[] _first = new Anomaly?[4];
    private readonly OutageTracker _outages;
    private ReplicaSystem? _system;
    private long _acknowledged;
    private LostWrite? _firstLost;
    private readonly List<(string Cause, Instant At, long Writes)> _lostByCause = [];
    private readonly List<int> _lostFault = [];
    private int[] _keyFault = new int[1024];
    private long _violationsHeldElsewhere;
    private long _violationsLostData;
    private readonly List<(Instant At, string What)> _databaseEvents = [];
    private readonly PeriodCounter _periods;
    private readonly Instant _warmUpEnd;
    private long _warmUpRequests;
    private readonly Duration _inFlightSlack;

    /// <summary>
    /// How long the load balancer may keep sending requests to a target that died: its failed health checks in a row
    /// (interval x unhealthy threshold, plus the last check's timeout). A fault that stops containers is behind the
    /// "container down" errors of that long after it struck, even when its replacement was up sooner.
    /// </summary>
    private readonly Duration _deadTargetDetection;

    public RunCollector(Scenario scenario)
    {
        Timeline = new Timeline(scenario.Duration, scenario.TimelineBucket);
        // Errors closer together than this belong to one episode: at least 5 s, and at least ten mean gaps between arrivals.
        var gap = Duration.FromSeconds(Math.Max(5.0, 10.0 / scenario.Workload.ArrivalRatePerSecond));
        QuietGap = gap;
        _inFlightSlack = scenario.Service.RequestTimeout.Microseconds > 0 ? scenario.Service.RequestTimeout : Duration.FromSeconds(60);
        var check = scenario.LoadBalancer.HealthCheck;
        _deadTargetDetection = new Duration((check.Interval.Microseconds * check.UnhealthyThreshold) + check.Timeout.Microseconds);
        _outages = new OutageTracker(gap, CauseAt, CauseFor)
        {
            ReadsGoOnWhenFull = scenario.Workload.Mix.ReadOwn + scenario.Workload.Mix.ReadAny > 0,
        };
        _periods = new PeriodCounter(scenario);
        _warmUpEnd = Instant.Start + scenario.WarmUp;
    }

    public Timeline Timeline { get; }

    /// <summary>Keep each record's last acknowledgement time, to measure the recovery point of every loss (set before the run).</summary>
    public bool TrackRecoveryPoints { get; init; }

    // Per record, the completion time of its last acknowledged write (microseconds + 1; 0: none), in chunks of 2^16;
    // and per entry of _lostByCause, the oldest acknowledgement among the writes it destroyed.
    private long[][] _ackUs = [];
    private readonly List<long> _lostOldestAckUs = [];

    private void NoteAcknowledged(int key, Instant at)
    {
        var chunk = key >> 16;
        if (chunk >= _ackUs.Length)
        {
            var grown = new long[Math.Max(chunk + 1, _ackUs.Length * 2)][];
            Array.Copy(_ackUs, grown, _ackUs.Length);
            _ackUs = grown;
        }
        (_ackUs[chunk] ??= new long[1 << 16])[key & 0xFFFF] = at.Microseconds + 1;
    }

    private long AcknowledgedUs(int key)
    {
        var chunk = key >> 16;
        return chunk < _ackUs.Length && _ackUs[chunk] is { } c ? c[key & 0xFFFF] - 1 : -1;
    }

    public Duration QuietGap { get; }

    /// <summary>Must be called before the run starts.</summary>
    public void Attach(ReplicaSystem system) => _system = system;

    // Answers by completion time: the last successful response, and the errors answered since (by reason, and the
    // first one's), whose commonest reason names the fault behind a stretch without answers as a downtime window's does.
    private long _lastAnsweredUs;
    private long _errorsSinceAnswer;
    private readonly long[] _reasonsSinceAnswer = new long[Names.ErrorReasons.Count];
    private ErrorReason _firstReasonSinceAnswer;
    private readonly List<TimeWindow> _unanswered = [];

    /// <summary>
    /// Downtime as the clients at the load balancer saw it: a stretch longer than <see cref="QuietGap"/> in which no
    /// successful response left it though requests were there (at least two answered with errors, or the one that
    /// ends it waited longer than the gap). By completion time, so a request that arrived during an outage and was
    /// answered well after it does not hide the outage, as it does in the windows by arrival.
    /// </summary>
    private void NoteAnswer(in RequestRecord r)
    {
        if (r.Outcome == Outcome.Error)
        {
            if (_errorsSinceAnswer == 0)
            {
                _firstReasonSinceAnswer = r.Reason;
            }
            _errorsSinceAnswer++;
            _reasonsSinceAnswer[(int)r.Reason]++;
            return;
        }
        var completeUs = r.Complete.Microseconds;
        if (completeUs - _lastAnsweredUs > QuietGap.Microseconds
            && (_errorsSinceAnswer >= OutageTracker.MinimumErrors || completeUs - r.Invoke.Microseconds > QuietGap.Microseconds))
        {
            var start = new Instant(_lastAnsweredUs);
            _unanswered.Add(new TimeWindow(start, r.Complete, UnansweredCause(start), _errorsSinceAnswer));
        }
        _lastAnsweredUs = Math.Max(_lastAnsweredUs, completeUs);
        if (_errorsSinceAnswer > 0)
        {
            _errorsSinceAnswer = 0;
            Array.Clear(_reasonsSinceAnswer);
        }
    }

    /// <summary>
    /// The fault behind a stretch without answers from <paramref name="start"/>, by the rule of the downtime windows:
    /// the fault behind most of its errors (<see cref="CauseFor"/>), so that one outage names one fault in every list;
    /// <see cref="CauseAt"/> when no request failed in it (they waited).
    /// </summary>
    private string UnansweredCause(Instant start) => _errorsSinceAnswer > 0
        ? CauseFor(start, OutageTracker.Commonest(_reasonsSinceAnswer, _firstReasonSinceAnswer))
        : CauseAt(start);

    public void OnRequestCompleted(in RequestRecord r)
    {
        NoteAnswer(r);
        if (r.Invoke < _warmUpEnd)
        {
            WarmUp(r);
            return;
        }
        _outcomes[(int)r.Outcome]++;
        _byOp[(int)r.Op][(int)r.Outcome]++;
        _periods.Add(r.Invoke, r.Op, r.Outcome);
        var latency = r.Latency.Microseconds;
        var log = latency < 1 ? 0 : Math.Log(latency);
        _latency.Add(latency, log);
        Timeline.AddOutcome(r.Invoke, r.Outcome, latency, log);
        if (r.Outcome == Outcome.Error)
        {
            _errors[(int)r.Reason]++;
        }
        else if (r.Outcome == Outcome.Ok && r.IsWrite)
        {
            _acknowledged++;
            Timeline.Acknowledged[Timeline.BucketOf(r.Complete)]++;
            if (TrackRecoveryPoints)
            {
                NoteAcknowledged(r.Key, r.Complete);
            }
        }
        else if (r.Outcome is Outcome.Missing or Outcome.Stale)
        {
            // A wrong answer about a record some store still holds came from a store that never had it
            // (another container's file); one about a record no store holds came from lost data.
            if (r.Key > 0 && _system!.IsHeld(r.Key, Math.Max(r.ExpectedVersion, 1)))
            {
                _violationsHeldElsewhere++;
            }
            else
            {
                _violationsLostData++;
            }
        }
        if (r.Outcome != Outcome.Ok && ArrivedFirst(r, _first[(int)r.Outcome]))
        {
            var c = r.ContainerId > 0 ? _system!.ContainerById(r.ContainerId).Name : "no container";
            var z = r.Zone >= 0 ? _system!.ZoneName(r.Zone) : "";
            _first[(int)r.Outcome] = new Anomaly(Names.Of(r.Outcome), r, c, z, Holder(r.Key));
        }
        _outages.Add(r.Id, r.Invoke.Microseconds, r.Outcome == Outcome.Error, r.Reason);
    }

    /// <summary>
    /// Whether <paramref name="r"/> arrived before the first anomaly of its kind so far (or there is none): the first
    /// anomaly is the first by arrival, as it is printed, though requests finish out of order (ties: the lower id).
    /// </summary>
    private static bool ArrivedFirst(in RequestRecord r, Anomaly? current) =>
        current is null || r.Invoke < current.Request.Invoke || (r.Invoke == current.Request.Invoke && r.Id < current.Request.Id);

    /// <summary>A request of the warm-up: on the timeline, in the outage windows and the writes, not in the request statistics.</summary>
    private void WarmUp(in RequestRecord r)
    {
        _warmUpRequests++;
        var latency = r.Latency.Microseconds;
        Timeline.AddOutcome(r.Invoke, r.Outcome, latency, latency < 1 ? 0 : Math.Log(latency));
        if (r.Outcome == Outcome.Ok && r.IsWrite)
        {
            _acknowledged++;
            Timeline.Acknowledged[Timeline.BucketOf(r.Complete)]++;
            if (TrackRecoveryPoints)
            {
                NoteAcknowledged(r.Key, r.Complete);
            }
        }
        _outages.Add(r.Id, r.Invoke.Microseconds, r.Outcome == Outcome.Error, r.Reason);
    }

    public void OnWriteLost(Instant at, int key, int version, string cause)
    {
        Timeline.Lost[Timeline.BucketOf(at)]++;
        _firstLost ??= new LostWrite(at, key, version, cause);
        int fault;
        var acked = TrackRecoveryPoints ? AcknowledgedUs(key) : -1;
        if (acked < 0)
        {
            acked = long.MaxValue;
        }
        if (_lostByCause.Count > 0 && _lostByCause[^1].Cause == cause)
        {
            _lostByCause[^1] = (cause, _lostByCause[^1].At, _lostByCause[^1].Writes + 1);
            fault = _lostFault[^1];
            _lostOldestAckUs[^1] = Math.Min(_lostOldestAckUs[^1], acked);
        }
        else
        {
            fault = FaultBehindLoss(at, cause);
            _lostByCause.Add((cause, at, 1));
            _lostFault.Add(fault);
            _lostOldestAckUs.Add(acked);
        }
        if (key >= _keyFault.Length)
        {
            Array.Resize(ref _keyFault, Math.Max(key + 1, _keyFault.Length * 2));
        }
        _keyFault[key] = fault + 1;
    }

    /// <summary>
    /// The fault that destroyed a write: a storage loss for a restore, else the latest fault that stops
    /// containers; a write acknowledged after its store was gone belongs to the loss before it.
    /// </summary>
    private int FaultBehindLoss(Instant at, string cause)
    {
        if (cause.StartsWith("acknowledged after", StringComparison.Ordinal))
        {
            return _lostFault.Count > 0 ? _lostFault[^1] : -1;
        }
        var storage = cause.StartsWith("storage-loss", StringComparison.Ordinal) || cause.StartsWith("volume-failure", StringComparison.Ordinal);
        var promoted = cause.Contains("was promoted", StringComparison.Ordinal);
        for (var i = _incidents.Count - 1; i >= 0; i--)
        {
            var k = _incidents[i].Kind;
            var fits = storage ? k is FaultKind.StorageLoss or FaultKind.VolumeFailure
                : promoted ? k is FaultKind.DatabaseFailure or FaultKind.ZoneOutage or FaultKind.VolumeFailure or FaultKind.StorageLoss
                : StopsContainers(k);
            if (_incidents[i].Start <= at && fits)
            {
                return _incidents[i].Index;
            }
        }
        return -1;
    }

    /// <summary>Fault kinds that stop containers (and with them any SQLite file inside).</summary>
    public static bool StopsContainers(FaultKind k) =>
        k is FaultKind.ContainerCrash or FaultKind.ContainerRestart or FaultKind.Deploy or FaultKind.Scale or FaultKind.ZoneOutage;

    public void OnDatabaseEvent(Instant at, string what) => _databaseEvents.Add((at, what));

    /// <summary>Where a record lives, in words: "container-1's app.db (gone)", "the shared database".</summary>
    private string Holder(int key)
    {
        var system = _system!;
        if (key <= 0 || key > system.Records.Count)
        {
            return "";
        }
        if (!system.IsHeld(key, Math.Max(system.Records.AckVersion(key), 1)))
        {
            return "no store any more: it had been lost" + (_lostByCause.Count > 0 ? $" ({_lostByCause[^1].Cause})" : "");
        }
        if (system.Scenario.Storage.Kind != StorageKind.SqlitePerContainer)
        {
            return system.Scenario.Storage.Design.IsServer ? "the shared database" : "the shared SQLite file";
        }
        var home = system.ContainerById(system.Records.Home(key));
        return home.State == ContainerState.Stopped ? $"{home.Name}'s app.db, which was deleted when {home.Name} stopped" : $"{home.Name}'s app.db";
    }

    public void OnLostWriteSuperseded(Instant at, int key) => Timeline.Lost[Timeline.BucketOf(at)]--;

    public void OnIncidentStarted(Incident incident) => _incidents.Add(incident);




    public void OnTick(Instant at)
    {
        if (_system is not null && at.Microseconds > 0)
        {
            Timeline.Sample(Timeline.BucketOf(at - new Duration(1)), _system);
        }
    }

    /// <summary>
    /// The fault behind a window starting at <paramref name="t"/>: the latest incident begun by then and not
    /// long over. Windows are timed by the arrival of their first failed request, which may have been in
    /// flight when the fault struck, so an incident starting up to the request timeout later counts too.
    /// </summary>
    private string CauseAt(Instant t) => CauseIncident(t) is { } i ? $"{i.Label} at {i.Start}" : "";

    /// <summary>
    /// The fault behind a window most of whose errors were <paramref name="reason"/>: an error only one fault kind causes
    /// (a security group dropping connections, a full volume, an expired token) names the latest fault of that kind
    /// begun by then (or while the request was in flight), whatever struck since; an error of the containers or of the
    /// database names a fault that can cause it, as <see cref="CauseAt"/> would among those (a container that crashed
    /// just before the database failed does not take the blame for the database's errors); any other, <see cref="CauseAt"/>.
    /// </summary>
    private string CauseFor(Instant t, ErrorReason reason) =>
        (ReasonIncident(t, reason) ?? CauseIncident(t, CanCause(reason))) is { } i ? $"{i.Label} at {i.Start}" : CauseAt(t);

    /// <summary>The fault kinds that can fail a request with <paramref name="reason"/>; null when any can (timeouts, a lock, a full pool).</summary>
    private static Func<FaultKind, bool>? CanCause(ErrorReason reason) => reason switch
    {
        ErrorReason.NoTarget or ErrorReason.ContainerDown or ErrorReason.ContainerDied => StopsContainers,
        ErrorReason.DatabaseDown or ErrorReason.ConnectTimeout => k => k is FaultKind.DatabaseFailure or FaultKind.ZoneOutage or FaultKind.StorageLoss
            or FaultKind.VolumeFailure or FaultKind.Maintenance or FaultKind.ScaleDatabase or FaultKind.ReplicaFailure or FaultKind.CacheFailure,
        _ => null,
    };

    private Incident? ReasonIncident(Instant t, ErrorReason reason)
    {
        FaultKind kind;
        switch (reason)
        {
            case ErrorReason.SecurityGroupBlocked:
                kind = FaultKind.SecurityGroupChange;
                break;
            case ErrorReason.StorageFull:
                kind = FaultKind.DiskFull;
                break;
            case ErrorReason.TokenExpired:
                kind = FaultKind.IamTokenExpiry;
                break;
            default:
                return null;
        }
        var ahead = t + _inFlightSlack;
        for (var i = _incidents.Count - 1; i >= 0; i--)
        {
            if (_incidents[i].Kind == kind && _incidents[i].Start <= ahead)
            {
                return _incidents[i];
            }
        }
        return null;
    }

    /// <summary>When an ended incident's effect on requests is over: its end, or for one that stops containers, no earlier than the load balancer's detection of the dead target.</summary>
    private Instant EffectEnd(Incident incident, Instant end) =>
        StopsContainers(incident.Kind) && incident.Start + _deadTargetDetection > end ? incident.Start + _deadTargetDetection : end;

    /// <summary>
    /// <see cref="CauseAt"/>'s incident, among those of a kind <paramref name="fits"/> when given (null when none of
    /// them fits).
    /// </summary>
    private Incident? CauseIncident(Instant t, Func<FaultKind, bool>? fits = null)
    {
        // A fault begun by then and still in effect (or not long over) ...
        for (var i = _incidents.Count - 1; i >= 0; i--)
        {
            var incident = _incidents[i];
            if (fits is not null && !fits(incident.Kind))
            {
                continue;
            }
            if (incident.Start <= t)
            {
                if (incident.End is not { } end || EffectEnd(incident, end) + QuietGap >= t)
                {
                    return incident;
                }
                break;
            }
        }
        // ... else the first fault that struck while the window's first failed request was in flight.
        var ahead = t + _inFlightSlack;
        foreach (var incident in _incidents)
        {
            if (incident.Start > t && incident.Start <= ahead && (fits is null || fits(incident.Kind)))
            {
                return incident;
            }
        }
        return null;
    }

    /// <summary>The incident a window's cause names ("label at time: ..."), or null.</summary>
    private Incident? IncidentNamed(string cause, List<string> names) => PlaceNamed(cause, names) is var i and >= 0 ? _incidents[i] : null;

    /// <summary>The place in the list of incidents of the one a window's cause names, or -1.</summary>
    private int PlaceNamed(string cause, List<string> names)
    {
        if (cause.Length == 0)
        {
            return -1;
        }
        for (var i = _incidents.Count - 1; i >= 0; i--)
        {
            if (cause.StartsWith(names[i], StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The downtime and degraded windows by start, each with the place in the list of incidents of the fault it names
    /// (-1 when it names none).
    /// </summary>
    private List<(TimeWindow Window, int Fault)> Blamed(IReadOnlyList<TimeWindow> downtime, IReadOnlyList<TimeWindow> degraded)
    {
        var names = _incidents.Select(i => $"{i.Label} at {i.Start}").ToList();
        return [.. downtime.Concat(degraded).OrderBy(w => w.Start).Select(w => (w, PlaceNamed(w.Cause, names)))];
    }

    /// <summary>
    /// Where the errors of the fault at <paramref name="place"/> ended (its start when it caused none): the end of the
    /// last downtime or degraded window that names it, however long after the fault it began (a failover at the end of
    /// a maintenance window, a full volume refusing writes for half an hour in stretches), so that a fault's errors and
    /// its recovery take in every window blamed on it and none blamed on another fault: one outage, one cause.
    /// A window that names no fault counts for every fault it was under way at, or began within a quiet gap of.
    /// </summary>
    private Instant ErrorEnd(int place, List<(TimeWindow Window, int Fault)> blamed)
    {
        var start = _incidents[place].Start;
        var end = start;
        foreach (var (w, fault) in blamed)
        {
            if ((fault >= 0 ? fault == place : w.Start <= start + QuietGap) && w.End > end)
            {
                end = w.End;
            }
        }
        return end;
    }

    /// <summary>
    /// From when the answers after the fault at <paramref name="place"/> are its own to judge: the end of its errors, or
    /// later, the end of the windows blamed on faults that had struck by then and that were under way or began within a
    /// recovery window, before the next fault (a deploy during a security group's outage is not blamed for that outage,
    /// and a fault that strikes during the errors does not cut them short).
    /// </summary>
    private Instant ScanFrom(int place, Instant errorEnd, List<(TimeWindow Window, int Fault)> blamed)
    {
        var start = _incidents[place].Start;
        var from = errorEnd;
        var next = place + 1;
        foreach (var (w, fault) in blamed)
        {
            while (next < _incidents.Count && (_incidents[next].Start <= from || _incidents[next].Start <= start))
            {
                next++;
            }
            if (w.Start > from + RecoveryWindow || (next < _incidents.Count && w.Start >= _incidents[next].Start))
            {
                break;
            }
            if (fault >= 0 && fault != place && w.End > from)
            {
                from = w.End;
            }
        }
        return from;
    }

    /// <summary>
    /// Windows are timed by the arrival of their first failed request, which may have been in flight when the
    /// fault struck: such a window starts at the fault, so that a fault always comes before its effects.
    /// </summary>
    private List<TimeWindow> FromTheirFault(IReadOnlyList<TimeWindow> windows)
    {
        var names = _incidents.Select(i => $"{i.Label} at {i.Start}").ToList();
        var list = new List<TimeWindow>(windows.Count);
        foreach (var w in windows)
        {
            var start = (IncidentNamed(w.Cause, names) ?? CauseIncident(w.Start)) is { } i && i.Start > w.Start ? i.Start : w.Start;
            if (w.End > start)
            {
                list.Add(w with { Start = start });
            }
        }
        return list;
    }

    public RunSummary Finish()
    {
        var system = _system ?? throw new InvalidOperationException("Attach the collector to the system before the run.");
        _outages.Finish(system.End);
        // A stretch without a successful answer still open at the end, while requests failed or waited.
        if (system.End.Microseconds - _lastAnsweredUs > QuietGap.Microseconds && (_errorsSinceAnswer >= OutageTracker.MinimumErrors || system.InFlightAtEnd > 0))
        {
            var start = new Instant(_lastAnsweredUs);
            _unanswered.Add(new TimeWindow(start, system.End, UnansweredCause(start), _errorsSinceAnswer));
        }
        var records = system.Records;
        var lost = 0;
        var held = 0;
        var lostByFault = new long[_incidents.Count + 1];
        for (var key = 1; key <= records.Count; key++)
        {
            var ack = records.AckVersion(key);
            if (system.IsHeld(key, Math.Max(ack, 1)))
            {
                held++;
            }
            if (ack > 0 && !system.IsHeld(key, ack))
            {
                lost++;
                lostByFault[key < _keyFault.Length ? _keyFault[key] : 0]++;
            }
        }
        var downtime = FromTheirFault(_outages.Downtime);
        var degraded = FromTheirFault(_outages.Degraded);
        var blamed = Blamed(downtime, degraded);
        var incidents = new List<IncidentSummary>(_incidents.Count);
        long[]? baseline = null;
        var baselineOf = "";
        var settled = 0;
        for (var i = 0; i < _incidents.Count; i++)
        {
            var errorEnd = ErrorEnd(i, blamed);
            incidents.Add(Recovery(_incidents[i], errorEnd, ScanFrom(i, errorEnd, blamed), lostByFault, ref baseline, ref baselineOf, ref settled));
        }
        return new RunSummary
        {
            Scenario = system.Scenario,
            Requests = OutcomeCounts.From(_outcomes),
            ByOperation = [.. Names.Operations.Select(op => (op, OutcomeCounts.From(_byOp[(int)op])))],
            ErrorsByReason = [.. Names.ErrorReasons.Where(r => _errors[(int)r] > 0).Select(r => (r, _errors[(int)r]))],
            WritesAcknowledged = _acknowledged,
            WritesLost = lost,
            Downtime = downtime,
            Degraded = degraded,
            Unanswered = FromTheirFault(_unanswered),
            LatencyMs = new LatencySummary(_latency.MeanMicroseconds / 1000, _latency.Quantile(0.5) / 1000, _latency.Quantile(0.95) / 1000,
                _latency.Quantile(0.99) / 1000, _latency.MaxMicroseconds / 1000.0),
            Events = system.Sim.EventsProcessed,
            InFlightAtEnd = system.InFlightAtEnd,
            Incidents = incidents,
            FirstAnomalies = [.. _first.Where(a => a is not null).Select(a => a!)],
            FirstLostWrite = _firstLost,
            LostByCause = _lostByCause,
            LostEvents = [.. _lostByCause.Select((l, i) => new LostEvent(l.Cause, l.At, l.Writes, _lostFault[i]))],
            WritesLostUnattributed = lostByFault[0],
            ViolationsHeldElsewhere = _violationsHeldElsewhere,
            ViolationsAfterDataLoss = _violationsLostData,
            DatabaseEvents = _databaseEvents,
            Periods = _periods.Finish(),
            WarmUpRequests = _warmUpRequests,
            RecordsCreated = records.Count,
            RecordsHeldAtEnd = held,
            ContainersStarted = system.AllContainers.Count,
            Cost = CostModel.Estimate(system.Scenario, system.Store is { } store
                ? new StoreTraffic(store.DatabaseReads, store.DatabaseWrites, system.Scenario.Duration.TotalSeconds)
                {
                    CpuSeconds = store.Capacity is { ModelsCpu: true } cap ? cap.TotalCpuUs / 1e6 : 0,
                    Instances = store.Capacity?.Instances ?? 0,
                    InstancePriceFactor = InstancePriceFactor(system),
                    StoragePriceFactor = StoragePriceFactor(system),
                }
                : StoreTraffic.None) is var cost && system.Scenario.CountsOperations
                ? cost with { Operations = CostModel.Operations(system.Scenario, _incidents, system.End) }
                : cost,
            Database = DatabaseSummary.From(system, Timeline),
            Timeline = Timeline,
        };
    }

    /// <summary>The time-weighted size of the volume relative to its first size (1 without a filling disk or growth).</summary>
    private static double StoragePriceFactor(ReplicaSystem system)
    {
        if (system.Disk is not { Sizes.Count: > 1 } disk)
        {
            return 1;
        }
        var sizes = disk.Sizes;
        var weighted = 0.0;
        for (var i = 0; i < sizes.Count; i++)
        {
            var until = i + 1 < sizes.Count ? sizes[i + 1].At : system.End;
            weighted += sizes[i].GiB * (until - sizes[i].At).TotalSeconds;
        }
        return weighted / system.Scenario.Duration.TotalSeconds / sizes[0].GiB;
    }

    /// <summary>The time-weighted price of the instance classes the run went through, relative to the first one's.</summary>
    private static double InstancePriceFactor(ReplicaSystem system)
    {
        var classes = system.Database.Classes;
        if (classes.Count < 2 || classes[0].Class.MonthlyUsd <= 0)
        {
            return 1;
        }
        var end = system.End;
        var weighted = 0.0;
        for (var i = 0; i < classes.Count; i++)
        {
            var until = i + 1 < classes.Count ? classes[i + 1].At : end;
            weighted += classes[i].Class.MonthlyUsd * (until - classes[i].At).TotalSeconds;
        }
        return weighted / system.Scenario.Duration.TotalSeconds / classes[0].Class.MonthlyUsd;
    }

    /// <summary>
    /// How long requests took to get answers as before the fault, or better: the first stretch after the fault's
    /// errors (the windows blamed on it, and those blamed on other faults under way by then) whose shares are no worse
    /// than the stretch before the fault (<see cref="NoWorse"/>: no more missing, stale or error, no fewer ok, beyond
    /// sampling noise); when that is the stretch right after them, the end of its own errors. A fault that makes answers
    /// better (a lagging replica gone, reads go to the writer) has recovered once its errors are over. Null when no such
    /// stretch came before the next fault (one that struck after those errors) or the end of the run. Shares are by arrival.
    /// </summary>
    /// <param name="incident">The fault.</param>
    /// <param name="errorEnd">Where the errors it caused ended (<see cref="ErrorEnd"/>).</param>
    /// <param name="scanFrom">From when the answers are its own to judge (<see cref="ScanFrom"/>): the stretches
    /// compared start after it, and only a fault that strikes after it ends the period.</param>
    /// <param name="lostByFault">Writes lost for good per fault index + 1.</param>
    /// <param name="baseline">The outcome counts that "as before" means: those before the first fault, and
    /// after each fault that recovered, the stretch since; a fault that struck before the last one recovered
    /// is compared with the same baseline as that one.</param>
    /// <param name="baselineOf">The fault whose stretch before it <paramref name="baseline"/> was measured in.</param>
    /// <param name="settled">The bucket from which the run was last known to be as before (0 at the start).</param>
    private IncidentSummary Recovery(Incident incident, Instant errorEnd, Instant scanFrom, long[] lostByFault, ref long[]? baseline, ref string baselineOf, ref int settled)
    {
        var t = Timeline;
        var b0 = t.BucketOf(incident.Start);
        var next = t.Count;
        foreach (var other in _incidents)
        {
            var b = t.BucketOf(other.Start);
            if (other.Start > incident.Start && other.Start > scanFrom && b > b0 && b < next)
            {
                next = b;
            }
        }
        var window = (int)Math.Max(1, Math.Ceiling(RecoveryWindow.Microseconds / (double)t.Bucket.Microseconds));
        var before = settled >= 0 ? Counts(Math.Max(settled, b0 - window), b0) : new long[5];
        var reused = before[4] < MinimumSample && baseline is not null;
        if (reused)
        {
            before = baseline!;
        }
        double? recovery = null;
        long[]? after = null;
        // The first bucket from which answers were known to be as before, beyond where the recovery time says.
        var asBefore = t.BucketOf(scanFrom) + 1;
        if (before[4] >= MinimumSample)
        {
            // Recovered from the first stretch on that matches both over one window and over the rest of the
            // period up to the next fault (so that a lucky short stretch does not count). Right after the errors
            // it is recovered when its errors ended, even if other faults' errors came between.
            var first = Math.Max(b0 + 1, asBefore);
            var length = Math.Min(window, next - first);
            for (var c = first; c + length <= next && length > 0; c++)
            {
                var counts = Counts(c, c + length);
                if (counts[4] < MinimumSample)
                {
                    break;
                }
                if (NoWorse(before, counts) && NoWorse(before, Counts(c, next)))
                {
                    recovery = c == first ? (errorEnd - incident.Start).TotalSeconds : t.StartSeconds(c) - incident.Start.Seconds;
                    asBefore = c == first ? first : 0;
                    after = counts;
                    break;
                }
            }
            after ??= Counts(Math.Max(first, next - window), next);
        }
        else
        {
            // Too few requests before the fault to compare shares with: fall back to the end of its errors.
            recovery = (errorEnd - incident.Start).TotalSeconds;
        }
        if (before[4] >= MinimumSample && !reused)
        {
            baseline = before;
            baselineOf = $"{incident.Label} at {incident.Start}";
        }
        settled = recovery is { } r ? Math.Max(asBefore, t.BucketOf(incident.Start + Duration.FromSeconds(r)) + 1) : -1;
        return new IncidentSummary(incident.Index, Names.Of(incident.Kind), incident.Label, incident.Detail, incident.Start, incident.End, recovery ?? double.NaN)
        {
            FaultKind = incident.Kind,
            ErrorSeconds = (errorEnd - incident.Start).TotalSeconds,
            RecoveryPointSeconds = TrackRecoveryPoints ? RecoveryPoint(incident) : double.NaN,
            WritesLost = lostByFault[incident.Index + 1],
            Recovered = recovery is not null,
            SharesBefore = Shares(before),
            BaselineOf = reused ? baselineOf : "",
            SharesAfter = after is null ? null : Shares(after),
            NextFaultCutShort = recovery is null && next < t.Count,
        };
    }

    /// <summary>From the acknowledgement of the oldest write the fault destroyed to the fault; 0 when it destroyed none.</summary>
    private double RecoveryPoint(Incident incident)
    {
        var oldest = long.MaxValue;
        for (var i = 0; i < _lostFault.Count; i++)
        {
            if (_lostFault[i] == incident.Index)
            {
                oldest = Math.Min(oldest, _lostOldestAckUs[i]);
            }
        }
        return oldest == long.MaxValue ? 0 : Math.Max(0, (incident.Start.Microseconds - oldest) / 1e6);
    }

    /// <summary>How far before a fault (and after it) outcome shares are compared.</summary>
    public static readonly Duration RecoveryWindow = Duration.FromSeconds(300);

    private const int MinimumSample = 30;

    /// <summary>Outcome counts over buckets [from, to), by arrival; index 4 holds the total.</summary>
    private long[] Counts(int from, int to)
    {
        var c = new long[5];
        for (var b = Math.Max(0, from); b < to && b < Timeline.Count; b++)
        {
            for (var o = 0; o < 4; o++)
            {
                c[o] += Timeline.Outcomes((Outcome)o)[b];
            }
        }
        c[4] = c[0] + c[1] + c[2] + c[3];
        return c;
    }

    private static double[]? Shares(long[] c) => c[4] == 0 ? null : [c[0] / (double)c[4], c[1] / (double)c[4], c[2] / (double)c[4], c[3] / (double)c[4]];

    /// <summary>
    /// Answers in <paramref name="after"/> are as good as in <paramref name="before"/> or better: no bad outcome's share
    /// (missing, stale, error) higher and the ok share no lower, beyond 3 standard errors of the difference plus one
    /// percentage point (the tolerance of <see cref="Matches"/>).
    /// </summary>
    public static bool NoWorse(long[] before, long[] after)
    {
        for (var o = 0; o < 4; o++)
        {
            var worse = (o == (int)Outcome.Ok ? -1 : 1) * ((after[o] / (double)after[4]) - (before[o] / (double)before[4]));
            if (worse > Tolerance(before, after, o))
            {
                return false;
            }
        }
        return true;
    }

    private static double Tolerance(long[] a, long[] b, int o)
    {
        var p = (a[o] + b[o]) / (double)(a[4] + b[4]);
        return (3 * Math.Sqrt(p * (1 - p) * ((1.0 / a[4]) + (1.0 / b[4])))) + 0.01;
    }

    /// <summary>Every outcome's share equal within 3 standard errors of the difference plus one percentage point.</summary>
    public static bool Matches(long[] a, long[] b)
    {
        for (var o = 0; o < 4; o++)
        {
            if (Math.Abs((a[o] / (double)a[4]) - (b[o] / (double)b[4])) > Tolerance(a, b, o))
            {
                return false;
            }
        }
        return true;
    }
}
