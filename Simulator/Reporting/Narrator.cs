using System.Text;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// Narrates a run in plain English with simulated timestamps: the journey of the first requests, the
/// system's own events (containers, health checks, the database, faults), and the first anomaly of each
/// kind with the reason behind it. It stops after the last of those first anomalies.
/// </summary>
public sealed class Narrator(int journeys = 6, int? client = null, int maxEventLines = 60) : IRunObserver, ISystemAware
{
    private enum Kind
    {
        Event,
        Journey,
        Anomaly,

        /// <summary>A fault's start: an event always told, whatever --events allows (the story is about it).</summary>
        Fault,
    }

    private readonly List<(Instant At, long Order, Kind Kind, Func<RunSummary, string> Text, Instant Stamp)> _lines = [];
    private readonly Dictionary<int, (Instant Arrived, Instant At, string Where)> _created = [];
    private readonly List<Instant> _faultStarts = [];
    private bool _toldLost;

    // The first anomaly of each outcome so far, by arrival (requests finish out of order): its line, to replace.
    private readonly Dictionary<Outcome, (Instant Invoke, long Id, Instant Complete, int Line)> _firstOf = [];
    private readonly long[] _outcomes = new long[4];
    private ReplicaSystem? _system;
    private long _order;
    private int _journeys;
    private Instant _lastAnomaly = Instant.Start;

    public void Attach(ReplicaSystem system)
    {
        _system = system;
        // Narration names the client that owns a record; the record table keeps owners only when asked.
        system.Records.KeepOwners();
    }

    public void OnRequestCompleted(in RequestRecord r)
    {
        _outcomes[(int)r.Outcome]++;
        if (r.Op == Operation.Create && r.Outcome == Outcome.Ok)
        {
            _created[r.Key] = (r.Invoke, r.Complete, Store(r.ContainerId));
        }
        // Following a client, its own anomalies are the ones told.
        var followed = client is not { } c || r.Client == c;
        var first = followed && r.Outcome != Outcome.Ok && ArrivedFirst(r);
        if (first)
        {
            if (_firstOf.TryGetValue(r.Outcome, out var earlier))
            {
                // It finished first but arrived later: the request told as the first is this one.
                _lines[earlier.Line] = default;
            }
            _firstOf[r.Outcome] = (r.Invoke, r.Id, r.Complete, _lines.Count);
            AddRequest(r, Kind.Anomaly, $"FIRST {Names.Of(r.Outcome).ToUpperInvariant()}{(client is null ? "" : " FOR THIS CLIENT")}: {Journey(r)}" + Why(r));
        }
        else if (followed && _journeys < (client is null ? journeys : Math.Max(journeys, 15)))
        {
            _journeys++;
            if (client is not null)
            {
                _lastAnomaly = Max(_lastAnomaly, r.Complete);
            }
            AddRequest(r, Kind.Journey, Journey(r));
        }
    }

    /// <summary>Whether <paramref name="r"/> arrived before the first anomaly of its outcome so far (ties: the lower id), or there is none.</summary>
    private bool ArrivedFirst(in RequestRecord r) =>
        !_firstOf.TryGetValue(r.Outcome, out var f) || r.Invoke < f.Invoke || (r.Invoke == f.Invoke && r.Id < f.Id);

    public void OnWriteLost(Instant at, int key, int version, string cause)
    {
        var owner = _system!.Records.Owner(key);
        // Following a client, the first of its own writes lost is told.
        if ((client is null || client == owner) && !_toldLost)
        {
            _toldLost = true;
            _lastAnomaly = Max(_lastAnomaly, at);
            var whose = client is null ? "" : " FOR THIS CLIENT";
            Add(at, Kind.Anomaly, summary =>
            {
                var with = summary.LostByCause.FirstOrDefault(l => l.Cause == cause && l.At == at).Writes;
                return $"FIRST LOST WRITE{whose}: row {key} (version {version}), acknowledged to client {owner}, is gone for good: {cause}." +
                       (with > 1 ? $"\nWith it, {Format.Integer(with)} acknowledged writes are lost at once: no other store and no backup holds them." : "\nNo other store and no backup holds it.");
            });
        }
    }


    public void OnIncidentStarted(Incident incident)
    {
        _faultStarts.Add(incident.Start);
        Add(incident.Start, Kind.Fault, _ => $"FAULT: {incident.Label}: {incident.Detail}.");
    }

    /// <summary>
    /// A request's line, stamped with its arrival. One that failed or went wrong after a fault struck while it
    /// was in flight is told right after that fault, so that a fault always comes before its effects.
    /// </summary>
    private void AddRequest(in RequestRecord r, Kind kind, string text)
    {
        var at = r.Invoke;
        if (r.Outcome != Outcome.Ok)
        {
            for (var i = _faultStarts.Count - 1; i >= 0; i--)
            {
                if (_faultStarts[i] > r.Invoke && _faultStarts[i] <= r.Complete)
                {
                    at = _faultStarts[i];
                    text += $"\n(It arrived before the fault at {_faultStarts[i]} and was answered after it.)";
                    break;
                }
            }
        }
        _lines.Add((at, _order++, kind, _ => text, r.Invoke));
    }

    public void OnIncidentEnded(Incident incident)
    {
        if (incident.End > incident.Start)
        {
            Add(incident.End!.Value, Kind.Event, $"the {incident.Label} at {incident.Start} is over.");
        }
    }

    public void OnContainerEvent(Instant at, ContainerEvent kind, Container c)
    {
        var sqlite = _system!.Scenario.Storage.Kind == StorageKind.SqlitePerContainer;
        var zone = _system.ZoneName(c.Zone);
        var text = kind switch
        {
            ContainerEvent.Launched => $"the orchestrator starts {c.Name} in {zone}" + (sqlite ? " with a new, empty app.db" : ""),
            ContainerEvent.Running when at.Microseconds == 0 => $"{c.Name} is running in {zone}" + (sqlite ? " with its own, empty app.db" : ", connected to the shared store"),
            ContainerEvent.Running => $"{c.Name} has booted and is registered with the load balancer",
            ContainerEvent.Healthy when at.Microseconds == 0 => null,
            ContainerEvent.Healthy => $"{c.Name} passes its health check and starts receiving requests",
            ContainerEvent.Unhealthy => $"the load balancer marks {c.Name} unhealthy after {_system.Scenario.LoadBalancer.HealthCheck.UnhealthyThreshold} failed health checks; it gets no more requests",
            ContainerEvent.Deregistered => $"{c.Name} is deregistered from the load balancer: no new requests",
            ContainerEvent.Stopped => $"{c.Name} stops" + (sqlite ? $"; its app.db is deleted with it" : ""),
            _ => null,
        };
        if (text is not null)
        {
            Add(at, Kind.Event, text);
        }
    }

    public void OnDatabaseEvent(Instant at, string what) => Add(at, Kind.Event, "database: " + what);


    /// <summary>When the last of the first anomalies by outcome was answered (the start when there is none).</summary>
    private Instant FirstsAnswered()
    {
        var last = Instant.Start;
        foreach (var f in _firstOf.Values)
        {
            last = Max(last, f.Complete);
        }
        return last;
    }

    /// <summary>The narration, cut after the last first-anomaly, and a closing paragraph.</summary>
    public string Render(RunSummary summary)
    {
        var s = summary.Scenario;
        var sb = new StringBuilder();
        sb.Append($"{s.Name}{(s.Variant.Length > 0 ? " / " + s.Variant : "")} (seed {s.Seed}): {SummaryTable.Architecture(s)}, {s.Service.Replicas} replicas, " +
                  $"{Names.Of(s.LoadBalancer.Policy)} load balancing, {Format.Number(s.Workload.ArrivalRatePerSecond, 1)} requests/s from {s.Workload.Clients} clients\n");
        if (client is { } c)
        {
            sb.Append($"following client {c}\n");
        }
        sb.Append('\n');
        var cut = _toldLost || _firstOf.Count > 0 || client is not null ? Max(_lastAnomaly, FirstsAnswered()) : Instant.Start + s.Duration;
        var eventsShown = 0;
        var skippedEvents = 0;
        sb.Append("Times: each request at its arrival at the load balancer, and \"answered at\" when its response left.\n\n");
        foreach (var (at, _, kind, render, stamp) in _lines.Where(l => l.Text is not null).OrderBy(l => l.At).ThenBy(l => l.Order))
        {
            if (at > cut)
            {
                break;
            }
            if (kind == Kind.Event)
            {
                // --events counts the system events alone: the requests narrated (--requests) and the faults do not use it up.
                if (eventsShown >= maxEventLines)
                {
                    skippedEvents++;
                    continue;
                }
                eventsShown++;
            }
            var marker = kind == Kind.Anomaly ? ">> " : "   ";
            var lines = render(summary).Split('\n');
            sb.Append(stamp.ToString()).Append(' ').Append(marker).Append(lines[0]).Append('\n');
            foreach (var more in lines.Skip(1))
            {
                sb.Append(new string(' ', 16)).Append(more).Append('\n');
            }
        }
        if (skippedEvents > 0)
        {
            sb.Append($"   ({skippedEvents} more events not shown)\n");
        }
        sb.Append('\n');
        if (!_toldLost && _firstOf.Count == 0)
        {
            sb.Append("No anomaly in the whole run: every request got a correct answer and no acknowledged write was lost.\n");
        }
        else
        {
            sb.Append($"That was the first of each kind of anomaly{(client is null ? "" : " this client met")}, by {cut}. Over the whole run ({Format.Span(summary.SimulatedSeconds)}): " +
                      $"{Format.Integer(summary.Requests.Total)} requests, {Format.Integer(summary.Requests.Missing)} missing, {Format.Integer(summary.Requests.Stale)} stale, " +
                      $"{Format.Integer(summary.Requests.Error)} errors; {Format.Integer(summary.WritesLost)} of {Format.Integer(summary.WritesAcknowledged)} acknowledged writes lost.\n");
        }
        if (summary.Scenario.CountsOperations)
        {
            Outages(sb, summary);
        }
        return sb.ToString();
    }

    /// <summary>Every outage of the run grouped by its cause, for runs of operations (many short windows make one line).</summary>
    private static void Outages(System.Text.StringBuilder sb, RunSummary summary)
    {
        if (summary.Downtime.Count + summary.Degraded.Count == 0)
        {
            sb.Append("No outage in the whole run.\n");
            return;
        }
        sb.Append("Outages over the whole run, by cause:\n");
        var groups = summary.Downtime.Select(w => (Down: true, w)).Concat(summary.Degraded.Select(w => (Down: false, w)))
            .GroupBy(x => (x.Down, Cause: x.w.Cause.Length == 0 ? "no fault in effect" : x.w.Cause))
            .OrderBy(g => g.Min(x => x.w.Start)).ThenBy(g => g.Key.Down ? 0 : 1);
        foreach (var g in groups)
        {
            var n = g.Count();
            sb.Append($"- from {g.Min(x => x.w.Start)}: {(g.Key.Down ? "down" : "degraded")} {Format.Span(g.Sum(x => x.w.Seconds))} in {n} window{(n == 1 ? "" : "s")}: {g.Key.Cause}\n");
        }
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private void Add(Instant at, Kind kind, string text) => Add(at, kind, _ => text);

    private void Add(Instant at, Kind kind, Func<RunSummary, string> text) => _lines.Add((at, _order++, kind, text, at));

    private string Store(int containerId)
    {
        var kind = _system!.Scenario.Storage.Kind;
        if (kind == StorageKind.Shared)
        {
            return $"the shared database ({_system.ZoneName(_system.Database.PrimaryZone)})";
        }
        if (_system.Store is not null)
        {
            return $"the {DatabaseText.Architecture(_system.Scenario)} database";
        }
        if (kind == StorageKind.SqliteSharedFile)
        {
            return "the shared app.db on the network filesystem";
        }
        return containerId > 0 ? $"{_system.ContainerById(containerId).Name}'s app.db" : "no app.db";
    }

    private string Journey(in RequestRecord r) => JourneyText(r) + $"; answered at {r.Complete}";

    private string JourneyText(in RequestRecord r)
    {
        var who = $"client {r.Client}";
        var what = r.Op switch
        {
            Operation.Create => $"{who} signs up",
            Operation.ReadOwn => $"{who} opens their profile (row {r.Key})",
            Operation.ReadAny => $"{who} looks at row {r.Key} (client {_system!.Records.Owner(r.Key)}'s profile)",
            _ => $"{who} edits their profile (row {r.Key})",
        };
        if (r.ContainerId == 0)
        {
            return $"{what} -> load balancer: no container to send it to -> 503 Service Unavailable, an error";
        }
        var c = _system!.ContainerById(r.ContainerId);
        var path = $"{what} -> load balancer -> {c.Name} ({_system.ZoneName(r.Zone)})";
        var store = r.Source == ReadSource.Primary ? Store(r.ContainerId) : DatabaseText.Source(_system, r);
        return r.Outcome switch
        {
            Outcome.Ok => r.Op switch
            {
                Operation.Create => $"{path} -> row {r.Key} written to {store} -> 201 Created",
                Operation.Update => $"{path} -> row {r.Key} version {r.Version} written to {store} -> 200 OK",
                _ => $"{path} -> {store} has row {r.Key} (version {r.Version}) -> 200 OK",
            },
            Outcome.Missing => r.Op == Operation.Update
                ? $"{path} -> {store} has no row {r.Key} to update -> 404 Not Found, a missing record"
                : $"{path} -> {store} has no row {r.Key} -> 404 Not Found, a missing record",
            Outcome.Stale => $"{path} -> {store} returns version {r.Version} of row {r.Key}, but version {r.ExpectedVersion} was acknowledged -> 200 OK with stale data",
            _ => r.Reason switch
            {
                ErrorReason.ContainerDown => $"{what} -> load balancer -> {c.Name}, which is down -> 502 Bad Gateway, an error",
                ErrorReason.ContainerDied => $"{path} -> {c.Name} dies while serving it -> 502 Bad Gateway, an error",
                ErrorReason.DatabaseDown => $"{path} -> the database is unavailable -> 500 Internal Server Error, an error",
                ErrorReason.PoolTimeout => $"{path} -> waits for a free connection in {c.Name}'s pool past the pool timeout: \"QueuePool limit reached\" -> 500 Internal Server Error, an error",
                ErrorReason.ConnectTimeout => $"{path} -> connects to the old database address, a host that is gone, and waits for the connect timeout -> 500 Internal Server Error, an error",
                ErrorReason.ConnectionRefused => $"{path} -> opens a new connection, but the database is at max_connections and refuses it -> 500 Internal Server Error, an error",
                ErrorReason.SecurityGroupBlocked => $"{path} -> opens a new connection, but the security group has no rule allowing port 5432 from the containers: no answer until the connect timeout -> 500 Internal Server Error, an error",
                ErrorReason.StorageFull => $"{path} -> the database's volume is full: \"could not extend file: No space left on device\" -> 500 Internal Server Error, an error",
                ErrorReason.TokenExpired => $"{path} -> opens a new connection with an IAM token more than 15 minutes old: \"PAM authentication failed\" -> 500 Internal Server Error, an error",
                ErrorReason.DatabaseLocked => $"{path} -> waits for the SQLite write lock past the busy timeout: \"database is locked\" -> 500 Internal Server Error, an error",
                _ => $"{path} -> no answer from {c.Name} within the load balancer's timeout (queued or served too slowly) -> 504 Gateway Timeout, an error",
            },
        };
    }

    private string Why(in RequestRecord r)
    {
        if (r.Outcome is Outcome.Stale or Outcome.Missing && DatabaseText.LagCause(_system!, r) is { } lag)
        {
            return "\nWhy: the read was served by " + lag;
        }
        if (r.Outcome == Outcome.Missing && _created.TryGetValue(r.Key, out var created))
        {
            var kind = _system!.Scenario.Storage.Kind;
            return kind == StorageKind.SqlitePerContainer
                ? $"\nWhy: row {r.Key} was written to {created.Where} by a request that arrived at {created.Arrived} (answered at {created.At}). Each container has its own app.db, " +
                  $"so {_system.ContainerById(r.ContainerId).Name}'s file never had it{(Store(r.ContainerId) == created.Where ? ", and that file has since been replaced by an empty one" : "")}."
                : $"\nWhy: row {r.Key} was written by a request that arrived at {created.Arrived} (answered at {created.At}), but the store was restored from an older backup since.";
        }
        if (r.Outcome == Outcome.Stale)
        {
            return "\nWhy: the store was restored from a backup taken before that version was written.";
        }
        return "";
    }
}
