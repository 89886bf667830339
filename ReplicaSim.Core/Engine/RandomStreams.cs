using System.Text;

namespace ReplicaSim.Engine;

/// <summary>
/// Independent, reproducible random streams derived from one master seed, one stream per purpose
/// ("arrivals", "service/container-3", "faults/0", ...).
/// </summary>
/// <remarks>
/// A stream's seed depends only on the master seed and the purpose's name, never on the order in which
/// streams are asked for, so adding a container does not change the traffic, and the variants of a
/// comparison that ask for the same purposes see the same numbers (common random numbers).
/// Each stream is a <see cref="RandomStream"/>: xoshiro256**, the numbers of MathNet's <c>Xoshiro256StarStar</c>
/// for the same seed, not thread-safe (one simulation, one thread).
/// </remarks>
public sealed class RandomStreams(long masterSeed)
{
    public long MasterSeed { get; } = masterSeed;

    public RandomStream Stream(string purpose) => new(DeriveSeed(MasterSeed, purpose));

    /// <summary>SplitMix64 over the master seed mixed with the FNV-1a hash of the purpose.</summary>
    public static int DeriveSeed(long masterSeed, string purpose)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(purpose))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        var z = unchecked((ulong)masterSeed + 0x9E3779B97F4A7C15UL * (hash | 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return unchecked((int)(z ^ (z >> 32)));
    }
}
