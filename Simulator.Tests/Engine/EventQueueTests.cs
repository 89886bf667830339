using ReplicaSim.Engine;

namespace ReplicaSim.Tests.Engine;

public sealed class EventQueueTests
{
    private sealed class Recorder(Simulation sim) : EventTarget
    {
        public List<(long Time, int Kind, long Arg)> Seen { get; } = [];

        public override void OnEvent(int kind, long arg) => Seen.Add((sim.Now.Microseconds, kind, arg));
    }

    [Test]
    public void Pop_EventsAtSameInstant_ComeOutInSchedulingOrder()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        for (var i = 0; i < 1000; i++)
        {
            sim.ScheduleAt(new Instant(5), r, 0, i);
        }
        sim.RunToCompletion();
        Assert.That(r.Seen.Select(s => s.Arg), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (long)i)));
    }

    [Test]
    public void Run_RandomSchedule_TimeNeverGoesBackwardsAndTiesAreFifo()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(7, false);
        for (var i = 0; i < 20_000; i++)
        {
            sim.ScheduleAt(new Instant(rng.Next(0, 500)), r, 0, i);
        }
        sim.RunToCompletion();
        Assert.That(r.Seen, Has.Count.EqualTo(20_000));
        for (var i = 1; i < r.Seen.Count; i++)
        {
            Assert.That(r.Seen[i].Time, Is.GreaterThanOrEqualTo(r.Seen[i - 1].Time));
            if (r.Seen[i].Time == r.Seen[i - 1].Time)
            {
                Assert.That(r.Seen[i].Arg, Is.GreaterThan(r.Seen[i - 1].Arg), "equal-time events must keep scheduling order");
            }
        }
    }

    [Test]
    public void Cancel_PendingEvents_NeverRun()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var rng = new MathNet.Numerics.Random.Xoshiro256StarStar(3, false);
        var handles = new List<(EventHandle Handle, long Arg)>();
        for (var i = 0; i < 5000; i++)
        {
            handles.Add((sim.ScheduleAt(new Instant(rng.Next(0, 1000)), r, 0, i), i));
        }
        var cancelled = new HashSet<long>();
        foreach (var (handle, arg) in handles.Where((_, i) => i % 3 == 0))
        {
            Assert.That(sim.Cancel(handle), Is.True);
            cancelled.Add(arg);
        }
        sim.RunToCompletion();
        Assert.That(r.Seen.Select(s => s.Arg).Intersect(cancelled), Is.Empty);
        Assert.That(r.Seen, Has.Count.EqualTo(5000 - cancelled.Count));
        var times = r.Seen.Select(s => s.Time).ToList();
        Assert.That(times, Is.Ordered);
    }

    [Test]
    public void Cancel_AfterTheEventRan_ReturnsFalseAndCancelsNothingElse()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var first = sim.Schedule(new Duration(1), r, 0, 1);
        sim.RunUntil(new Instant(1));
        // The slot of the first event is reused by the next one; the stale handle must not touch it.
        sim.Schedule(new Duration(1), r, 0, 2);
        Assert.That(sim.Cancel(first), Is.False);
        sim.RunToCompletion();
        Assert.That(r.Seen.Select(s => s.Arg), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void Schedule_InThePast_IsRefused()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        sim.RunUntil(new Instant(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(new Instant(99), r, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(new Duration(-1), r, 0, 0));
    }

    [Test]
    public void RunUntil_LeavesLaterEventsPendingAndClockAtEnd()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        sim.ScheduleAt(new Instant(10), r, 0, 0);
        sim.ScheduleAt(new Instant(30), r, 0, 1);
        sim.RunUntil(new Instant(20));
        Assert.Multiple(() =>
        {
            Assert.That(r.Seen, Has.Count.EqualTo(1));
            Assert.That(sim.Now, Is.EqualTo(new Instant(20)));
            Assert.That(sim.PendingEvents, Is.EqualTo(1));
        });
    }

    [Test]
    public void Observer_SeesEveryEventBeforeDispatch()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var observed = new List<long>();
        sim.Observer = new CallbackObserver((t, _, _, arg) => observed.Add(arg));
        for (var i = 0; i < 10; i++)
        {
            sim.ScheduleAt(new Instant(i), r, 0, i);
        }
        sim.RunToCompletion();
        Assert.That(observed, Is.EqualTo(r.Seen.Select(s => s.Arg)));
        Assert.That(sim.EventsProcessed, Is.EqualTo(10));
    }

    /// <summary>
    /// Schedules follow-ups of random and fixed delays and cancels some pending events at random; with lanes, the
    /// fixed delays go through them. Returns what ran, in order.
    /// </summary>
    private static List<(long Time, long Arg)> RunMixed(bool lanes, int seed)
    {
        var sim = new Simulation();
        var target = new Mixed(sim, lanes, seed);
        for (var i = 0; i < 20; i++)
        {
            sim.ScheduleAt(new Instant(i % 3), target, 0, i);
        }
        sim.ScheduleAt(new Instant(1), target, Mixed.Tick, -1);
        sim.RunUntil(new Instant(200_000));
        return target.Ran;
    }

    private sealed class Mixed : EventTarget
    {
        private static readonly long[] FixedDelays = [0, 5, 40, 1_000];
        private readonly Simulation _sim;
        private readonly MathNet.Numerics.Random.Xoshiro256StarStar _rng;
        private readonly EventLane[]? _lanes;
        private readonly EventLane? _ticks;
        private readonly List<EventHandle> _pending = [];
        private long _next = 1_000;

        public Mixed(Simulation sim, bool lanes, int seed)
        {
            _sim = sim;
            _rng = new(seed, false);
            _lanes = lanes ? [.. FixedDelays.Select(d => sim.Lane(new Duration(d)))] : null;
            _ticks = lanes ? sim.OrderedLane() : null;
        }

        /// <summary>A stream with one event pending at a time and random gaps (0 included): an ordered lane's use.</summary>
        public const int Tick = 1;

        public List<(long Time, long Arg)> Ran { get; } = [];

        public override void OnEvent(int kind, long arg)
        {
            Ran.Add((_sim.Now.Microseconds, arg));
            if (Ran.Count > 40_000)
            {
                return;
            }
            if (kind == Tick)
            {
                var gap = new Duration(_rng.Next(30));
                _ = _ticks is { } t ? _sim.ScheduleInOrder(t, gap, this, Tick, -1) : _sim.Schedule(gap, this, Tick, -1);
                return;
            }
            for (var n = 1 + _rng.Next(2); n > 0; n--)
            {
                EventHandle h;
                if (_rng.Next(3) == 0)
                {
                    h = _sim.Schedule(new Duration(_rng.Next(200)), this, 0, _next++);
                }
                else
                {
                    var which = _rng.Next(FixedDelays.Length);
                    h = _lanes is { } l ? _sim.Schedule(l[which], this, 0, _next++) : _sim.Schedule(new Duration(FixedDelays[which]), this, 0, _next++);
                }
                _pending.Add(h);
            }
            if (_pending.Count > 0 && _rng.Next(4) == 0)
            {
                var i = _rng.Next(_pending.Count);
                _sim.Cancel(_pending[i]);
                _pending.RemoveAt(i);
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Lanes_RunEventsInTheOrderOfOneHeap(int seed)
    {
        // Lanes are a shortcut for events of a fixed delay: the same schedule, with cancellations, runs the same.
        var plain = RunMixed(lanes: false, seed);
        var laned = RunMixed(lanes: true, seed);
        Assert.That(plain, Has.Count.GreaterThan(30_000));
        Assert.That(laned, Is.EqualTo(plain));
    }

    [Test]
    public void Lanes_CountPendingAndPeekTheEarliest()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var slow = sim.Lane(new Duration(50));
        var fast = sim.Lane(new Duration(10));
        Assert.That(sim.Lane(new Duration(50)), Is.EqualTo(slow), "one lane per delay");
        var a = sim.Schedule(slow, r, 0, 1);
        sim.Schedule(fast, r, 0, 2);
        sim.ScheduleAt(new Instant(30), r, 0, 3);
        Assert.That(sim.PendingEvents, Is.EqualTo(3));
        Assert.That(sim.Cancel(a), Is.True);
        Assert.That(sim.Cancel(a), Is.False);
        Assert.That(sim.PendingEvents, Is.EqualTo(2));
        sim.RunToCompletion();
        Assert.That(r.Seen, Is.EqualTo(new[] { (10L, 0, 2L), (30L, 0, 3L) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Lane(new Duration(-1)));
    }

    [Test]
    public void OrderedLane_TakesEventsOfAnyDelay_InTheOrderTheyFallDue_AndRefusesOneThatWouldOvertake()
    {
        var sim = new Simulation();
        var r = new Recorder(sim);
        var lane = sim.OrderedLane();
        sim.ScheduleInOrder(lane, new Duration(20), r, 0, 1);
        sim.ScheduleInOrder(lane, new Duration(20), r, 0, 2);
        sim.ScheduleAt(new Instant(20), r, 0, 3);
        sim.ScheduleInOrder(lane, new Duration(35), r, 0, 4);
        Assert.That(sim.PendingEvents, Is.EqualTo(4));
        Assert.Throws<InvalidOperationException>(() => sim.ScheduleInOrder(lane, new Duration(30), r, 0, 5), "due before the lane's last event");
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleInOrder(lane, new Duration(-1), r, 0, 6));
        Assert.That(sim.PendingEvents, Is.EqualTo(4), "a refused event is not pending");
        sim.RunToCompletion();
        Assert.That(r.Seen, Is.EqualTo(new[] { (20L, 0, 1L), (20L, 0, 2L), (20L, 0, 3L), (35L, 0, 4L) }), "ties run in the order they were scheduled, lane or heap");
    }

    private sealed class CallbackObserver(Action<Instant, EventTarget, int, long> callback) : ISimulationObserver
    {
        public void OnEvent(Instant time, EventTarget target, int kind, long arg) => callback(time, target, kind, arg);
    }
}
