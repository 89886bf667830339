using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>
/// Finds downtime and degraded windows from the outcomes, taken in arrival order.
/// </summary>
/// <remarks>
/// Requests finish out of order; a reorder buffer releases them in arrival (id) order, so memory is bounded
/// by the requests in flight. A downtime window is a run of consecutive <c>error</c>s with no success between,
/// from the arrival of the first to the arrival of the next request that succeeded, if it holds at least
/// <see cref="MinimumErrors"/> errors and lasts at least <see cref="MinimumDowntime"/> (a lone failure is not an
/// outage). Errors closer together than the quiet gap form one episode; the parts of an episode outside its
/// downtime windows are degraded windows (some but not all requests fail). "Succeeded" means any response
/// other than an error: a <c>missing</c> record is bad data, not downtime. A run whose errors are all "storage full"
/// is not downtime either: a full volume refuses writes while reads go on, so a request could succeed (SPEC: downtime
/// is when none could), and writes that happened to arrive one after another only make its episode degraded.
/// </remarks>
public sealed class OutageTracker
{
    public const int MinimumErrors = 2;
    public static readonly Duration MinimumDowntime = Duration.FromSeconds(1);

    private readonly Duration _quietGap;
    private readonly Func<Instant, string> _causeAt;
    private readonly List<TimeWindow> _downtime = [];
    private readonly List<TimeWindow> _degraded = [];
    private readonly List<TimeWindow> _episodeDowntime = [];
    // A ring indexed by request id; its length is a power of two (1,024, doubled when needed), so an id masks to its place.
    private (long ArrivalUs, bool Failed, ErrorReason Reason)[] _buffer = new (long, bool, ErrorReason)[1024];
    private bool[] _present = new bool[1024];
    private long _nextId;
    private long _maxId = -1;

    // the current run of consecutive errors
    private long _runStartUs = -1;
    private long _runErrors;
    private bool _runOnlyStorageFull;

    // Errors of each reason in the current run and episode, and the first one's: the reason most of them share
    // (the first's, when it is among the commonest) names the window's cause.
    private ErrorReason _runFirst;
    private ErrorReason _episodeFirst;
    private readonly long[] _runReasons = new long[ReasonCount];
    private readonly long[] _episodeReasons = new long[ReasonCount];
    private static readonly int ReasonCount = Enum.GetValues<ErrorReason>().Length;

    // the current episode
    private long _episodeStartUs = -1;
    private long _episodeLastErrorUs;
    private long _firstSuccessAfterErrorUs = -1;

    public OutageTracker(Duration quietGap, Func<Instant, string> causeAt)
        : this(quietGap, causeAt, (t, _) => causeAt(t))
    {
    }

    /// <summary><paramref name="causeFor"/> names the fault behind a window from its start and the reason most of its errors share.</summary>
    public OutageTracker(Duration quietGap, Func<Instant, string> causeAt, Func<Instant, ErrorReason, string> causeFor)
    {
        _quietGap = quietGap;
        _causeAt = causeAt;
        _causeFor = causeFor;
    }

    private readonly Func<Instant, ErrorReason, string> _causeFor;

    /// <summary>
    /// Whether the workload sends reads, which a full volume still answers; false for a mix of writes only, where
    /// a full volume fails every request and its runs of "storage full" are downtime like any other.
    /// </summary>
    public bool ReadsGoOnWhenFull { get; init; } = true;

    public IReadOnlyList<TimeWindow> Downtime => _downtime;

    public IReadOnlyList<TimeWindow> Degraded => _degraded;

    public void Add(long id, long arrivalUs, bool failed, ErrorReason reason)
    {
        var span = id - _nextId;
        while (span >= _buffer.Length)
        {
            Grow();
        }
        var i = (int)(id & (_buffer.Length - 1));
        _maxId = Math.Max(_maxId, id);
        _buffer[i] = (arrivalUs, failed, reason);
        _present[i] = true;
        while (true)
        {
            var j = (int)(_nextId & (_buffer.Length - 1));
            if (!_present[j])
            {
                break;
            }
            _present[j] = false;
            var (t, f, r) = _buffer[j];
            _nextId++;
            Consume(t, f, r);
        }
    }

    /// <summary>
    /// Ends the run: requests that never finished (in flight at the end) are skipped, so that what
    /// finished after them still counts; then the open run and episode are closed.
    /// </summary>
    public void Finish(Instant end)
    {
        while (_nextId <= _maxId)
        {
            var j = (int)(_nextId & (_buffer.Length - 1));
            _nextId++;
            if (_present[j])
            {
                _present[j] = false;
                var (t, f, r) = _buffer[j];
                Consume(t, f, r);
            }
        }
        if (_runStartUs >= 0)
        {
            CloseRun(end.Microseconds);
        }
        CloseEpisode(_firstSuccessAfterErrorUs >= 0 ? _firstSuccessAfterErrorUs : end.Microseconds);
    }

    private void Grow()
    {
        var n = _buffer.Length * 2;
        var buffer = new (long, bool, ErrorReason)[n];
        var present = new bool[n];
        for (var k = 0; k < _buffer.Length; k++)
        {
            var id = _nextId + k;
            var from = (int)(id & (_buffer.Length - 1));
            if (_present[from])
            {
                buffer[id & (n - 1)] = _buffer[from];
                present[id & (n - 1)] = true;
            }
        }
        _buffer = buffer;
        _present = present;
    }

    private void Consume(long t, bool failed, ErrorReason reason)
    {
        if (failed)
        {
            if (_episodeStartUs >= 0 && t - _episodeLastErrorUs > _quietGap.Microseconds)
            {
                CloseEpisode(_firstSuccessAfterErrorUs >= 0 ? _firstSuccessAfterErrorUs : _episodeLastErrorUs);
            }
            if (_episodeStartUs < 0)
            {
                _episodeStartUs = t;
                Array.Clear(_episodeReasons);
                _episodeFirst = reason;
            }
            _episodeLastErrorUs = t;
            _episodeReasons[(int)reason]++;
            _firstSuccessAfterErrorUs = -1;
            if (_runStartUs < 0)
            {
                _runStartUs = t;
                _runErrors = 0;
                Array.Clear(_runReasons);
                _runFirst = reason;
                _runOnlyStorageFull = true;
            }
            _runErrors++;
            _runReasons[(int)reason]++;
            _runOnlyStorageFull &= reason == ErrorReason.StorageFull;
        }
        else
        {
            CloseRun(t);
            if (_episodeStartUs >= 0 && _firstSuccessAfterErrorUs < 0)
            {
                _firstSuccessAfterErrorUs = t;
            }
            if (_episodeStartUs >= 0 && t - _episodeLastErrorUs > _quietGap.Microseconds)
            {
                CloseEpisode(_firstSuccessAfterErrorUs);
            }
        }
    }

    private void CloseRun(long endUs)
    {
        if (_runStartUs < 0)
        {
            return;
        }
        var start = new Instant(_runStartUs);
        var end = new Instant(endUs);
        if (_runErrors >= MinimumErrors && end - start >= MinimumDowntime && !(_runOnlyStorageFull && ReadsGoOnWhenFull))
        {
            var w = new TimeWindow(start, end, Describe(start, Commonest(_runReasons, _runFirst)), _runErrors);
            _downtime.Add(w);
            _episodeDowntime.Add(w);
        }
        _runStartUs = -1;
    }

    private void CloseEpisode(long endUs)
    {
        if (_episodeStartUs < 0)
        {
            return;
        }
        CloseRun(endUs);
        var start = new Instant(_episodeStartUs);
        var end = new Instant(Math.Max(endUs, _episodeStartUs));
        var reason = Commonest(_episodeReasons, _episodeFirst);
        // The episode minus its downtime windows is degraded.
        var cursor = start;
        foreach (var d in _episodeDowntime)
        {
            AddDegraded(cursor, d.Start, reason);
            cursor = d.End;
        }
        AddDegraded(cursor, end, reason);
        _episodeDowntime.Clear();
        _episodeStartUs = -1;
        _firstSuccessAfterErrorUs = -1;
    }

    private void AddDegraded(Instant start, Instant end, ErrorReason reason)
    {
        if (end > start)
        {
            var cause = _causeFor(start, reason);
            // Errors only one fault kind causes say what they were, as a downtime window's cause does.
            if (cause.Length > 0 && reason is ErrorReason.SecurityGroupBlocked or ErrorReason.StorageFull or ErrorReason.TokenExpired)
            {
                cause += ": " + Names.Describe(reason);
            }
            _degraded.Add(new TimeWindow(start, end, cause, 0));
        }
    }

    /// <summary>The reason of most errors counted in <paramref name="counts"/>: <paramref name="first"/> when none is commoner.</summary>
    internal static ErrorReason Commonest(long[] counts, ErrorReason first)
    {
        var best = (int)first;
        for (var r = 0; r < counts.Length; r++)
        {
            if (counts[r] > counts[best])
            {
                best = r;
            }
        }
        return (ErrorReason)best;
    }

    private string Describe(Instant start, ErrorReason reason)
    {
        var fault = _causeFor(start, reason);
        var what = Names.Describe(reason);
        return fault.Length == 0 ? what : fault + ": " + what;
    }
}
