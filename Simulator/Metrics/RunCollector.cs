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
    private readonly Duration _inFlightSlack;

    public RunCollector(Scenario scenario)
    {
        Timeline = new Timeline(scenario.Duration, scenario.TimelineBucket);
        // Errors closer together than this belong to one episode: at least 5 s, and at least ten mean gaps between arrivals.
        var gap = Duration.FromSeconds(Math.Max(5.0, 10.0 / scenario.Workload.ArrivalRatePerSecond));
        QuietGap = gap;
        _inFlightSlack = scenario.Service.RequestTimeout.Microseconds > 0 ? scenario.Service.RequestTimeout : Duration.FromSeconds(60);
        _outages = new OutageTracker(gap, CauseAt);
    }

    public Timeline Timeline { get; }

    public Duration QuietGap { get; }

    /// <summary>Must be called before the run starts.</summary>
    public void Attach(ReplicaSystem system) => _system = system;

    public void OnRequestCompleted(in RequestRecord r)
    {
        _outcomes[(int)r.Outcome]++;
        _byOp[(int)r.Op][(int)r.Outcome]++;
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
        if (r.Outcome != Outcome.Ok && _first[(int)r.Outcome] is null)
        {
            var c = r.ContainerId > 0 ? _system!.ContainerById(r.ContainerId).Name : "no container";
            var z = r.Zone >= 0 ? _system!.ZoneName(r.Zone) : "";
            _first[(int)r.Outcome] = new Anomaly(Names.Of(r.Outcome), r, c, z, Holder(r.Key));
        }
        _outages.Add(r.Id, r.Invoke.Microseconds, r.Outcome == Outcome.Error, r.Reason);
    }

    public void OnWriteLost(Instant at, int key, int version, string cause)
    {
        Timeline.Lost[Timeline.BucketOf(at)]++;
        _firstLost ??= new LostWrite(at, key, version, cause);
        int fault;
        if (_lostByCause.Count > 0 && _lostByCause[^1].Cause == cause)
        {
            _lostByCause[^1] = (cause, _lostByCause[^1].At, _lostByCause[^1].Writes + 1);
            fault = _lostFault[^1];
        }
        else
        {
            fault = FaultBehindLoss(at, cause);
            _lostByCause.Add((cause, at, 1));
            _lostFault.Add(fault);
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
        var storage = cause.StartsWith("storage-loss", StringComparison.Ordinal);
        var promoted = cause.Contains("was promoted", StringComparison.Ordinal);
        for (var i = _incidents.Count - 1; i >= 0; i--)
        {
            var k = _incidents[i].Kind;
            var fits = storage ? k == FaultKind.StorageLoss
                : promoted ? k is FaultKind.DatabaseFailure or FaultKind.ZoneOutage
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
    private string CauseAt(Instant t)
    {
        var ahead = t + _inFlightSlack;
        for (var i = _incidents.Count - 1; i >= 0; i--)
        {
            var incident = _incidents[i];
            if (incident.Start > ahead)
            {
                continue;
            }
            if (incident.End is { } end && end + QuietGap < t)
            {
                return "";
            }
            return $"{incident.Label} at {incident.Start}";
        }
        return "";
    }

    public RunSummary Finish()
    {
        var system = _system ?? throw new InvalidOperationException("Attach the collector to the system before the run.");
        _outages.Finish(system.End);
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
        var incidents = _incidents.Select(i => new IncidentSummary(i.Index, Names.Of(i.Kind), i.Label, i.Detail, i.Start, i.End, Recovery(i))
        {
            FaultKind = i.Kind,
            WritesLost = lostByFault[i.Index + 1],
        }).ToList();
        return new RunSummary
        {
            Scenario = system.Scenario,
            Requests = OutcomeCounts.From(_outcomes),
            ByOperation = [.. Names.Operations.Select(op => (op, OutcomeCounts.From(_byOp[(int)op])))],
            ErrorsByReason = [.. Names.ErrorReasons.Where(r => _errors[(int)r] > 0).Select(r => (r, _errors[(int)r]))],
            WritesAcknowledged = _acknowledged,
            WritesLost = lost,
            Downtime = _outages.Downtime,
            Degraded = _outages.Degraded,
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
            RecordsCreated = records.Count,
            RecordsHeldAtEnd = held,
            ContainersStarted = system.AllContainers.Count,
            Cost = CostModel.Estimate(system.Scenario, system.Store is { } store
                ? new StoreTraffic(store.DatabaseReads, store.DatabaseWrites, system.Scenario.Duration.TotalSeconds)
                : StoreTraffic.None),
            Database = DatabaseSummary.From(system),
            Timeline = Timeline,
        };
    }

    /// <summary>From the fault until the end of the error episode it caused (0 when it caused none).</summary>
    private double Recovery(Incident incident)
    {
        var end = incident.Start;
        foreach (var e in _outages.Episodes)
        {
            if (e.End > incident.Start && e.Start <= incident.Start + QuietGap && e.End > end)
            {
                end = e.End;
            }
        }
        return (end - incident.Start).TotalSeconds;
    }
}
