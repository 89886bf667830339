using System.Globalization;
using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The database instance's volume filling up (<c>storage.allocatedGiB</c>): every created record takes
/// <c>workload.recordBytes</c>; when no record fits any more, writes fail with "storage full" while reads go on.
/// </summary>
/// <remarks>
/// RDS storage autoscaling (<c>storage.autoscaling</c>, FACTS.md "RDS storage autoscaling"): once free space has been
/// at most 10 % of the allocation for 5 minutes, and 6 hours have passed since the last storage change, the volume
/// grows by the largest of 10 GiB, 10 % of the allocation, or 7 hours of predicted growth (predicted from the
/// average rate since the start of the run: an assumption), with no downtime. Without it (and on EC2) nobody grows
/// it before it is full; an operator grows it by the same rule <c>storage.alertDelay</c> after it filled. An update
/// rewrites its record in place and takes no new space (an assumption). Nothing here allocates per record.
/// </remarks>
public sealed class DiskSpace : EventTarget
{
    private const int AutoscaleCheck = 0;
    private const int OperatorGrows = 1;

    /// <summary>2^30 bytes.</summary>
    public const double BytesPerGiB = 1024.0 * 1024 * 1024;

    private static readonly Duration LowFor = Duration.FromSeconds(300);
    private static readonly Duration BetweenChanges = Duration.FromSeconds(6 * 3600);
    private static readonly Duration PredictedGrowth = Duration.FromSeconds(7 * 3600);

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly long _recordBytes;
    private readonly bool _autoscaling;
    private readonly Duration _alertDelay;
    private long _capacityBytes;
    private long _usedBytes;
    private long _lastChangeUs = long.MinValue / 2;
    private bool _low;
    private bool _checkPending;
    private Incident? _full;

    internal DiskSpace(ReplicaSystem system)
    {
        _system = system;
        _sim = system.Sim;
        var st = system.Scenario.Storage;
        _recordBytes = system.Scenario.Workload.RecordBytes;
        _autoscaling = st.Autoscaling;
        _alertDelay = st.AlertDelay;
        InitialGiB = st.AllocatedGiBGiven ?? 20;
        _capacityBytes = (long)(InitialGiB * BytesPerGiB);
        _sizes.Add((Instant.Start, InitialGiB));
    }

    public int InitialGiB { get; }

    public double AllocatedGiB => _capacityBytes / BytesPerGiB;

    public double UsedGiB => _usedBytes / BytesPerGiB;

    /// <summary>No record fits any more: writes fail.</summary>
    public bool Full { get; private set; }

    /// <summary>The volume's size over the run, from when each served (GiB).</summary>
    public IReadOnlyList<(Instant At, double GiB)> Sizes => _sizes;

    private readonly List<(Instant At, double GiB)> _sizes = [];

    /// <summary>Times the volume grew (by autoscaling or an operator).</summary>
    public int Growths { get; private set; }

    /// <summary>Each growth: when, from and to what size (GiB), and whether storage autoscaling (not a person) did it.</summary>
    public IReadOnlyList<(Instant At, double FromGiB, double ToGiB, bool Autoscaling)> Grown => _grown;

    private readonly List<(Instant At, double FromGiB, double ToGiB, bool Autoscaling)> _grown = [];

    /// <summary>When the volume first filled; null if it never did.</summary>
    public Instant? FirstFull { get; private set; }

    /// <summary>When free space first fell to 10 % or less; null if it never did.</summary>
    public Instant? FirstLow { get; private set; }

    /// <summary>When the volume first grew; null if it never did.</summary>
    public Instant? FirstGrowth { get; private set; }

    /// <summary>A record was created: it takes its bytes.</summary>
    internal void Created()
    {
        _usedBytes += _recordBytes;
        if (!_low && FreeShareAtMost10Percent())
        {
            _low = true;
            FirstLow ??= _sim.Now;
            if (_autoscaling)
            {
                ScheduleCheck(_sim.Now + LowFor);
            }
        }
        if (!Full && _usedBytes + _recordBytes > _capacityBytes)
        {
            BecomeFull();
        }
    }

    private bool FreeShareAtMost10Percent() => (_capacityBytes - _usedBytes) * 10 <= _capacityBytes;

    private void BecomeFull()
    {
        Full = true;
        FirstFull ??= _sim.Now;
        var incident = _system.StartIncident(FaultKind.DiskFull, "disk-full");
        incident.Pending++;
        _full = incident;
        var size = Gib(AllocatedGiB);
        if (_autoscaling)
        {
            incident.Detail = $"the {size} volume filled faster than storage autoscaling grew it: writes fail with \"storage full\", reads go on";
        }
        else
        {
            incident.Detail = $"the {size} volume is full: writes fail with \"storage full\", reads go on, until someone grows it after {_alertDelay.ToReadable()}";
            _sim.Schedule(_alertDelay, this, OperatorGrows);
        }
        _system.Observer.OnDatabaseEvent(_sim.Now, $"the database's {size} volume is full ({Gib(UsedGiB)} used): writes fail with \"storage full\", reads go on");
    }

    private void ScheduleCheck(Instant at)
    {
        if (_checkPending)
        {
            return;
        }
        _checkPending = true;
        _sim.ScheduleAt(at, this, AutoscaleCheck);
    }

    public override void OnEvent(int kind, long arg)
    {
        if (kind == OperatorGrows)
        {
            Grow($"someone acted on the full volume after {_alertDelay.ToReadable()} and grew it", false);
            return;
        }
        _checkPending = false;
        if (!FreeShareAtMost10Percent())
        {
            _low = false;
            return;
        }
        var allowed = new Instant(_lastChangeUs) + BetweenChanges;
        if (_sim.Now < allowed)
        {
            ScheduleCheck(allowed);
            return;
        }
        Grow("storage autoscaling grew the volume (no downtime)", true);
        if (FreeShareAtMost10Percent())
        {
            ScheduleCheck(new Instant(_lastChangeUs) + BetweenChanges);
        }
        else
        {
            _low = false;
        }
    }

    /// <summary>Grows by the largest of 10 GiB, 10 % of the allocation, or 7 hours of predicted growth.</summary>
    private void Grow(string who, bool autoscaling)
    {
        var before = AllocatedGiB;
        var elapsed = Math.Max(1, _sim.Now.Microseconds);
        var sevenHoursBytes = _usedBytes / (double)elapsed * PredictedGrowth.Microseconds;
        var grow = Math.Max(10 * BytesPerGiB, Math.Max(_capacityBytes * 0.1, sevenHoursBytes));
        _capacityBytes += (long)Math.Ceiling(grow);
        _lastChangeUs = _sim.Now.Microseconds;
        Growths++;
        FirstGrowth ??= _sim.Now;
        _sizes.Add((_sim.Now, AllocatedGiB));
        _grown.Add((_sim.Now, before, AllocatedGiB, autoscaling));
        _system.Observer.OnDatabaseEvent(_sim.Now, $"{who}: from {Gib(before)} to {Gib(AllocatedGiB)}");
        if (Full && _usedBytes + _recordBytes <= _capacityBytes)
        {
            Full = false;
            if (_full is { } incident)
            {
                _full = null;
                incident.Pending--;
                _system.EndIncidentIfDone(incident);
            }
        }
    }

    private static string Gib(double gib) => gib.ToString(gib < 100 ? "0.#" : "0", CultureInfo.InvariantCulture) + " GiB";
}
