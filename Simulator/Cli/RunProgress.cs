using System.Diagnostics;
using System.Globalization;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Cli;

/// <summary>
/// A progress line on standard error for a long run: simulated time done, the share of the run, requests so
/// far and the time left. It listens on the timeline ticks (at most about 600 a run) and writes at most one
/// line every <see cref="Interval"/> of wall time, so the run's outputs and its event loop are untouched.
/// </summary>
internal sealed class RunProgress(TextWriter error, Func<double> wallSeconds, double interval) : IRunObserver, ISystemAware
{
    /// <summary>Runs expected to simulate at least this many requests get a progress line.</summary>
    public const double LongRunRequests = 20_000_000;

    private ReplicaSystem? _system;
    private long _requests;
    private double _lastWritten;
    private bool _finished;

    /// <summary>A progress line on <paramref name="error"/>, at most one every 5 s of wall time.</summary>
    public RunProgress(TextWriter error)
        : this(error, Clock(), 5)
    {
    }

    /// <summary>Seconds of wall time between two lines.</summary>
    public double Interval => interval;

    /// <summary>True when a scenario is long enough to deserve a progress line (about 20 M requests, tens of seconds).</summary>
    public static bool IsLong(Scenario scenario) =>
        scenario.Workload.ArrivalRatePerSecond * scenario.Duration.TotalSeconds >= LongRunRequests;

    public void Attach(ReplicaSystem system) => _system = system;

    public void OnRequestCompleted(in RequestRecord request) => _requests++;

    public void OnTick(Instant at)
    {
        if (_system is null || _finished)
        {
            return;
        }
        var now = wallSeconds();
        var total = _system.Scenario.Duration;
        var done = at - Instant.Start;
        var finished = done >= total;
        if (!finished && now - _lastWritten < interval)
        {
            return;
        }
        _lastWritten = now;
        _finished = finished;
        var share = total.Microseconds == 0 ? 1.0 : (double)done.Microseconds / total.Microseconds;
        var left = share <= 0 ? 0 : now / share - now;
        error.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "progress{6}: {0} of {1} simulated ({2:F0} %), {3:N0} requests, {4:F0} s elapsed, ~{5:F0} s left",
            done.ToReadable(), total.ToReadable(), share * 100, _requests, now, finished ? 0 : left, Label(_system.Scenario)));
    }

    private static string Label(Scenario s) => s.Variant.Length > 0 ? $" ({s.Name}, {s.Variant})" : "";

    private static Func<double> Clock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed.TotalSeconds;
    }
}
