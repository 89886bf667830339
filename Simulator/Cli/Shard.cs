namespace ReplicaSim.Cli;

/// <summary>Part <see cref="Part"/> of <see cref="Parts"/> (1-based) of a job split over a job array.</summary>
internal readonly record struct Shard(int Part, int Parts)
{
    /// <summary>The runs of <paramref name="count"/> that this shard does: every <see cref="Parts"/>-th, starting at <see cref="Part"/> - 1.</summary>
    public IReadOnlyList<int> Select(int count)
    {
        var indices = new List<int>();
        for (var i = Part - 1; i < count; i += Parts)
        {
            indices.Add(i);
        }
        return indices;
    }
}
