using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>Latency figures in milliseconds.</summary>
public sealed record LatencySummary(double Mean, double P50, double P95, double P99, double Max);

/// <summary>
/// One fault as measured: its window and how long requests took to be answered again as before it
/// (<see cref="RecoverySeconds"/> is NaN when they were not, see <see cref="Recovered"/>).
/// </summary>
public sealed record IncidentSummary(int Index, string Kind, string Label, string Detail, Instant Start, Instant? End, double RecoverySeconds)
{
    public FaultKind FaultKind { get; init; }

    /// <summary>Acknowledged writes this fault destroyed that no store or backup holds at the end.</summary>
    public long WritesLost { get; init; }

    /// <summary>
    /// When the shares "before" are not those of the stretch right before this fault, because answers had not recovered
    /// from an earlier one (or too few requests came between): that earlier fault ("deploy at 00:50:00.000"), before which
    /// they were measured. Empty when they are this fault's own.
    /// </summary>
    public string BaselineOf { get; init; } = "";

    /// <summary>From the fault until requests stopped failing because of it (the end of the stretches of errors it began); 0 when it caused none.</summary>
    public double ErrorSeconds { get; init; }

    /// <summary>
    /// How far back the acknowledged writes it destroyed went, measured when they were destroyed: from the
    /// acknowledgement of the oldest to the fault (0 when it destroyed none); NaN when the run did not track
    /// acknowledgement times (<see cref="RunOptions.TrackRecoveryPoints"/>).
    /// </summary>
    public double RecoveryPointSeconds { get; init; } = double.NaN;

    /// <summary>Whether every outcome's share came back to what it was before the fault.</summary>
    public bool Recovered { get; init; } = true;

    /// <summary>Not recovered when the next fault struck (rather than by the end of the run).</summary>
    public bool NextFaultCutShort { get; init; }

    /// <summary>Shares of ok, missing, stale, error before the fault, and after it (when recovered: the matching stretch; else the last stretch before the next fault or the end).</summary>
    public double[]? SharesBefore { get; init; }

    public double[]? SharesAfter { get; init; }
}

/// <summary>Acknowledged writes lost at one moment, with the fault behind them (its index, or -1 when none is known).</summary>
public sealed record LostEvent(string Cause, Instant At, long Writes, int FaultIndex);

/// <summary>The first request of a kind of anomaly, for the report and narration.</summary>
public sealed record Anomaly(string Kind, RequestRecord Request, string ContainerName, string ZoneName, string Holder);

/// <summary>The first acknowledged write lost.</summary>
public sealed record LostWrite(Instant At, int Key, int Version, string Cause);

/// <summary>Everything one run measured; the source of every output file.</summary>
public sealed record RunSummary
{
    public required Scenario Scenario { get; init; }
    public required OutcomeCounts Requests { get; init; }
    public required IReadOnlyList<(Operation Op, OutcomeCounts Counts)> ByOperation { get; init; }
    public required IReadOnlyList<(ErrorReason Reason, long Count)> ErrorsByReason { get; init; }
    public required long WritesAcknowledged { get; init; }
    public required long WritesLost { get; init; }
    public required IReadOnlyList<TimeWindow> Downtime { get; init; }
    public required IReadOnlyList<TimeWindow> Degraded { get; init; }
    public required LatencySummary LatencyMs { get; init; }
    public required long Events { get; init; }
    public required int InFlightAtEnd { get; init; }
    public required IReadOnlyList<IncidentSummary> Incidents { get; init; }
    public required IReadOnlyList<Anomaly> FirstAnomalies { get; init; }
    public required LostWrite? FirstLostWrite { get; init; }

    /// <summary>Acknowledged writes lost, by what destroyed them, in the order it happened.</summary>
    public required IReadOnlyList<(string Cause, Instant At, long Writes)> LostByCause { get; init; }
    /// <summary>The same losses with the fault behind each.</summary>
    public IReadOnlyList<LostEvent> LostEvents { get; init; } = [];

    /// <summary>Writes lost for good that no fault explains.</summary>
    public long WritesLostUnattributed { get; init; }

    /// <summary>Wrong answers (missing or stale) about a record that some store held: it lived in another store (container).</summary>
    public long ViolationsHeldElsewhere { get; init; }

    /// <summary>Wrong answers about a record that no store held any more: its data had been lost.</summary>
    public long ViolationsAfterDataLoss { get; init; }

    /// <summary>What the database did (failed, failed over, recovered), in order.</summary>
    public IReadOnlyList<(Instant At, string What)> DatabaseEvents { get; init; } = [];

    /// <summary>Requests that arrived during <c>workload.warmUp</c>, left out of the request statistics.</summary>
    public long WarmUpRequests { get; init; }

    /// <summary>Requests by operation and outcome between the timed faults (by arrival).</summary>
    public IReadOnlyList<PeriodSummary> Periods { get; init; } = [];

    public required int RecordsCreated { get; init; }
    public required int RecordsHeldAtEnd { get; init; }
    public required int ContainersStarted { get; init; }
    public required CostEstimate Cost { get; init; }

    /// <summary>The database's kind, size and traffic (<c>summary.json</c> <c>database</c>).</summary>
    public DatabaseSummary? Database { get; init; }
    public required Timeline Timeline { get; init; }

    /// <summary>How the state changed over time, for report.html; null when the run was not recorded.</summary>
    public Replay? Replay { get; init; }

    public double SimulatedSeconds => Scenario.Duration.TotalSeconds;

    public double DowntimeSeconds => Downtime.Sum(w => w.Seconds);

    /// <summary>
    /// Stretches, by completion time, in which no successful response left the load balancer though requests failed or
    /// waited (<see cref="RunCollector"/>): the outage as the clients saw it, also when requests that arrived during it
    /// were answered late, after it (which the windows by arrival, <see cref="Downtime"/>, count as served).
    /// </summary>
    public IReadOnlyList<TimeWindow> Unanswered { get; init; } = [];

    public double UnansweredSeconds => Unanswered.Sum(w => w.Seconds);

    public double DegradedSeconds => Degraded.Sum(w => w.Seconds);

    /// <summary>
    /// Requests still waiting at the end (<see cref="InFlightAtEnd"/>) beyond the few a run always leaves in flight:
    /// more than 1 % of those answered, and more than 100. Arrivals outpaced the containers; the figures leave them out.
    /// </summary>
    public bool Overloaded => InFlightAtEnd > Math.Max(100, Requests.Total / 100);

    /// <summary>Requests answered without error / all requests: what operators call availability.</summary>
    public double Availability => Requests.Total == 0 ? 1.0 : (Requests.Total - Requests.Error) / (double)Requests.Total;

    /// <summary>Right answers among those given: <c>ok</c> / (requests answered without error).</summary>
    public double Correctness => Requests.Total - Requests.Error == 0 ? 1.0 : Requests.Ok / (double)(Requests.Total - Requests.Error);

    /// <summary>Correct answers among all requests: <c>ok</c> / total.</summary>
    public double OkShare => Requests.Total == 0 ? 1.0 : Requests.Ok / (double)Requests.Total;

    public long ConsistencyViolations => Requests.Violations;
}
