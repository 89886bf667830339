using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// ElastiCache in front of the store, used cache-aside: a read looks in the cache first; a miss reads the store
/// and puts what it read in the cache for <c>cache.ttl</c>; a committed write deletes the cached copy when
/// <c>cache.invalidateOnWrite</c>.
/// </summary>
/// <remarks>
/// The cache's primary node lives in the database's primary zone. When it fails (<c>cache-failure</c>, or its
/// zone goes down) reads go straight to the store; with a replica node its contents survive and it serves again
/// after <c>cache.failoverTime</c>, without one a new, empty node serves after <c>cache.replaceTime</c>
/// (ElastiCache: "a single node that fails loses its data"). Memory is one entry per record.
/// </remarks>
public sealed class CacheTier : EventTarget
{
    private const int Serving = 0;

    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly CacheConfig _config;
    private readonly System.Random _random;
    private int[] _version = new int[1024];
    private long[] _filledUs = new long[1024];
    private int[] _generation = new int[1024];
    private int _contents = 1;
    private Incident? _openIncident;

    internal CacheTier(ReplicaSystem system, CacheConfig config, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _config = config;
        _random = streams.Stream("cache");
        Zone = system.Scenario.Storage.PrimaryZone;
    }

    public CacheConfig Config => _config;

    public bool Up { get; private set; } = true;

    public int Zone { get; }

    /// <summary>Increases at every failure: a lookup begun before it fails.</summary>
    public int Epoch { get; private set; }

    public long Hits { get; private set; }

    public long Misses { get; private set; }

    /// <summary>The cached version of <paramref name="key"/> if there is a live entry at <paramref name="nowUs"/>.</summary>
    public bool TryGet(int key, long nowUs, out int version, out long filledUs)
    {
        version = 0;
        filledUs = 0;
        if (!Up || key >= _version.Length || _generation[key] != _contents || _version[key] == 0
            || nowUs >= _filledUs[key] + _config.Ttl.Microseconds)
        {
            Misses++;
            return false;
        }
        Hits++;
        version = _version[key];
        filledUs = _filledUs[key];
        return true;
    }

    /// <summary>Like <see cref="TryGet"/>, without counting a hit or a miss.</summary>
    public bool TryPeek(int key, long nowUs, out int version, out long filledUs)
    {
        version = 0;
        filledUs = 0;
        if (!Up || key >= _version.Length || _generation[key] != _contents || _version[key] == 0
            || nowUs >= _filledUs[key] + _config.Ttl.Microseconds)
        {
            return false;
        }
        version = _version[key];
        filledUs = _filledUs[key];
        return true;
    }

    /// <summary>A miss read <paramref name="version"/> from the store: keep it for the TTL.</summary>
    public void Fill(int key, int version, long nowUs)
    {
        if (!Up || version == 0)
        {
            return;
        }
        if (key >= _version.Length)
        {
            var n = Math.Max(_version.Length * 2, key + 1);
            Array.Resize(ref _version, n);
            Array.Resize(ref _filledUs, n);
            Array.Resize(ref _generation, n);
        }
        _version[key] = version;
        _filledUs[key] = nowUs;
        _generation[key] = _contents;
    }

    /// <summary>A committed write: delete the cached copy when the application invalidates.</summary>
    public void Written(int key)
    {
        if (_config.InvalidateOnWrite && key < _version.Length)
        {
            _version[key] = 0;
        }
    }

    internal string Fail(Incident incident)
    {
        if (!Up)
        {
            return "the cache was already down";
        }
        Up = false;
        Epoch++;
        _openIncident = incident;
        incident.Pending++;
        if (_config.Replicas > 0)
        {
            var d = _config.FailoverTime.Sample(_random);
            _sim.Schedule(d, this, Serving);
            return $"the cache's primary node failed; a replica takes over in {d.ToReadable()} with the cached data";
        }
        _contents++;
        var r = _config.ReplaceTime.Sample(_random);
        _sim.Schedule(r, this, Serving);
        return $"the cache's only node failed and its contents are lost; a new empty node serves in {r.ToReadable()}";
    }

    internal void ZoneDown(int zone, Incident incident)
    {
        if (zone == Zone && Up)
        {
            _system.Observer.OnDatabaseEvent(_sim.Now, "cache: " + Fail(incident));
        }
    }

    public override void OnEvent(int kind, long arg)
    {
        Up = true;
        _system.Observer.OnDatabaseEvent(_sim.Now, "the cache serves again");
        if (_openIncident is { } incident)
        {
            _openIncident = null;
            incident.Pending--;
            _system.EndIncidentIfDone(incident);
        }
    }
}
