using System.Numerics;
using System.Runtime.CompilerServices;

namespace ReplicaSim.Engine;

/// <summary>
/// One seeded random stream: the xoshiro256** generator, draw for draw the numbers MathNet's
/// <c>Xoshiro256StarStar</c> (not thread-safe) gives for the same seed, without its layers of calls.
/// </summary>
/// <remarks>
/// MathNet's generator answers <c>NextDouble</c> through <c>System.Random</c>'s compatibility shim, its own
/// <c>Sample</c> and then its virtual <c>DoSample</c>: three calls, two of them virtual, for every draw, and
/// the request path draws about eight numbers per request. Here the draw is one sealed method that the JIT
/// inlines where the stream's type is known. The state is seeded as MathNet seeds it (SplitMix64 over the
/// seed, sign-extended), and every <c>System.Random</c> method MathNet's <c>RandomSource</c> overrides is
/// overridden with the same arithmetic, so a distribution of MathNet sampled from this stream draws the same
/// numbers too; <c>RandomStreamTests</c> holds the two generators against each other.
/// </remarks>
public sealed class RandomStream : System.Random
{
    private const double RealUnit = 1.0 / (1UL << 53);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A stream seeded as MathNet's <c>Xoshiro256StarStar(seed)</c>.</summary>
    /// <remarks>The base class gets a fixed seed: its own generator is never used (every draw is overridden).</remarks>
    public RandomStream(int seed)
        : base(0)
    {
        var x = (ulong)(long)seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        var s0 = _s0;
        var s1 = _s1;
        var s2 = _s2;
        var s3 = _s3;
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        return result;
    }

    /// <summary>A double in [0, 1): the top 53 bits of the next draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override double NextDouble() => (NextULong() >> 11) * RealUnit;

    protected override double Sample() => NextDouble();

    /// <summary>A non-negative int below <see cref="int.MaxValue"/>: the low 31 bits of a draw, drawn again when all are set.</summary>
    public override int Next()
    {
        ulong bits;
        do
        {
            bits = NextULong() & 0x7FFF_FFFF;
        }
        while (bits == int.MaxValue);
        return (int)bits;
    }

    /// <summary>An int in [0, <paramref name="maxValue"/>): the top bits of draws, as many as the bound needs, until one falls below it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override int Next(int maxValue)
    {
        if (maxValue <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, "must be positive");
        }
        return maxValue switch
        {
            1 => 0,
            int.MaxValue => Next(),
            _ => Below(maxValue),
        };
    }

    public override int Next(int minValue, int maxValue)
    {
        if (minValue >= maxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, "must be greater than the minimum");
        }
        if (maxValue == minValue + 1)
        {
            return minValue;
        }
        if (minValue == 0)
        {
            return Next(maxValue);
        }
        return Below(maxValue - minValue) + minValue;
    }

    /// <summary>Bytes from whole draws, eight to a draw, low byte first; the rest from one more draw.</summary>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var i = 0;
        var whole = buffer.Length - (buffer.Length % 8);
        while (i < whole)
        {
            var x = NextULong();
            for (var b = 0; b < 8; b++)
            {
                buffer[i++] = (byte)(x >> (8 * b));
            }
        }
        if (i < buffer.Length)
        {
            var x = NextULong();
            while (i < buffer.Length)
            {
                buffer[i++] = (byte)x;
                x >>= 8;
            }
        }
    }

    /// <summary>An int in [0, <paramref name="bound"/>) for a bound of 2 or more, by rejection of the top bits.</summary>
    private int Below(int bound)
    {
        var bits = BitOperations.Log2((uint)bound);
        if (1 << bits == bound)
        {
            return (int)(NextULong() >> (64 - bits));
        }
        bits++;
        int value;
        do
        {
            value = (int)(NextULong() >> (64 - bits));
        }
        while (value >= bound);
        return value;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
